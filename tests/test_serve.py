"""`build_site.py --serve`: an edit in data/ reaches the served site without a restart."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from qualsite import serve

ROOT = Path(__file__).resolve().parents[1]
THESIS = ROOT / "tests" / "cases" / "thesis"
"""The tests\' own copy of the thesis, laid out as a project; no test reads the researcher\'s data/."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError("timed out")


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _serve_the_thesis(tmp_path: Path, port: int) -> subprocess.Popen:
    """`build_site.py --serve` on a copy of the thesis, its output kept for the test to read."""
    shutil.copytree(THESIS / "data", tmp_path / "data", ignore=shutil.ignore_patterns("private"))
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs" / "assets", tmp_path / "docs" / "assets")
    return subprocess.Popen([sys.executable, str(ROOT / "build_site.py"), "--serve", "--addr", f"127.0.0.1:{port}"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)


def test_an_edit_in_data_is_rebuilt_and_served(tmp_path):
    port = free_port()
    server = _serve_the_thesis(tmp_path, port)
    try:
        home = f"http://127.0.0.1:{port}/"
        wait_for(lambda: "Digitalisering och hållbarhet i symbios" in fetch(home))
        study = tmp_path / "data" / "study.yaml"
        study.write_text(study.read_text(encoding="utf-8").replace("Denna kandidatuppsats forskningsfokus",
                                                                   "Denna ÄNDRADE kandidatuppsats forskningsfokus", 1),
                         encoding="utf-8")
        wait_for(lambda: "ÄNDRADE" in (tmp_path / "docs" / "index.md").read_text(encoding="utf-8"))
        wait_for(lambda: "ÄNDRADE" in fetch(home))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=20)[0].decode("utf-8", "replace")
    assert "Built docs/: " in output
    assert "Traceback" not in output


def test_a_new_theme_title_reaches_the_menu_of_pages_that_did_not_change(tmp_path):
    """`mkdocs serve --dirty` rebuilds only pages newer than their HTML; the menu is on every page, so when it changes
    every page must be rebuilt, not only the theme's."""
    port = free_port()
    server = _serve_the_thesis(tmp_path, port)
    try:
        unchanged = f"http://127.0.0.1:{port}/transcripts/r2/"
        wait_for(lambda: "Tema 1: Strategi" in fetch(unchanged))
        theme = tmp_path / "data" / "findings" / "4.1-strategi.md"
        theme.write_text(theme.read_text(encoding="utf-8").replace("title: 'Tema 1: Strategi'",
                                                                   "title: 'Tema 1: Strategin'", 1), encoding="utf-8")
        wait_for(lambda: "Tema 1: Strategin" in fetch(unchanged))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=20)[0].decode("utf-8", "replace")
    assert "mkdocs.yml updated" in output and "s after the save" in output


def _serve_the_starter(tmp_path: Path, port: int) -> subprocess.Popen:
    assert subprocess.run([sys.executable, str(ROOT / "build_site.py"), "new", "data"], cwd=tmp_path).returncode == 0
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs" / "assets", tmp_path / "docs" / "assets")
    server = subprocess.Popen([sys.executable, str(ROOT / "build_site.py"), "--serve", "--addr", f"127.0.0.1:{port}"],
                              cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    wait_for(lambda: "Working from home" in fetch(f"http://127.0.0.1:{port}/"))
    return server


def _port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def test_sigterm_to_serve_stops_mkdocs_serve_too(tmp_path):
    port = free_port()
    server = _serve_the_starter(tmp_path, port)
    try:
        server.send_signal(signal.SIGTERM)  # to build_site.py alone, as `kill PID` does: not to its group
        assert server.wait(timeout=20) == 0
        wait_for(lambda: _port_is_free(port), seconds=20)
    finally:
        os.killpg(server.pid, signal.SIGKILL) if server.poll() is None else None


def test_mkdocs_serve_stops_when_serve_is_killed_outright(tmp_path):
    port = free_port()
    server = _serve_the_starter(tmp_path, port)
    try:
        server.kill()  # SIGKILL cannot be handled: the kernel's parent-death signal stops the child
        server.wait(timeout=20)
        wait_for(lambda: _port_is_free(port), seconds=20)
    finally:
        try:
            os.killpg(server.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_a_rebuild_lowers_its_own_priority_and_not_the_next_ones():
    """Once an edit's pages are written, its thread gives way to MkDocs; the next edit's thread starts at the
    priority the server started with (Linux, where each thread has its own)."""
    if not serve.THREADS_HAVE_PRIORITIES:
        pytest.skip("threads share one priority here")

    def priority() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    seen = []

    def rebuild() -> None:
        before = priority()
        serve._give_way()
        seen.append((before, priority()))

    main = priority()
    serve._in_new_thread(rebuild)
    serve._in_new_thread(rebuild)
    assert seen == [(main, min(main + 5, 19))] * 2
    assert priority() == main


def test_a_bug_in_a_rebuild_stops_the_server_as_before():
    def rebuild() -> None:
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        serve._in_new_thread(rebuild)
