"""`qualsite.devserver`: `mkdocs serve` told of changes by the system's file events, or MkDocs' own polling when the
MkDocs or watchdog it finds is not the one it knows. (`tests/test_serve.py` serves real sites through it.)"""

from __future__ import annotations

import queue
import time
from pathlib import Path

import mkdocs.commands.serve as serve_command
import pytest
from watchdog.events import FileSystemEventHandler
from watchdog.observers.polling import PollingObserver

from qualsite import devserver


def test_the_server_watches_with_native_events_and_is_otherwise_mkdocs_own():
    server = devserver.native_server()
    assert server is not None and issubclass(server, serve_command.LiveReloadServer)
    made = server(builder=lambda: None, host="127.0.0.1", port=0, root=".")
    assert not isinstance(made.observer, PollingObserver)
    assert made.build_delay == devserver.BUILD_DELAY < devserver.MKDOCS_BUILD_DELAY  # writes are told at once
    assert serve_command.LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0,
                                          root=".").build_delay == devserver.MKDOCS_BUILD_DELAY  # MkDocs' own, known


@pytest.mark.parametrize("unknown", ["another class", "no event filter"])
def test_an_unknown_mkdocs_or_watchdog_leaves_mkdocs_serve_as_it_is(monkeypatch, unknown):
    if unknown == "another class":  # a later MkDocs that makes its server some other way
        monkeypatch.setattr(serve_command, "LiveReloadServer", type("Other", (), {}))
    else:  # a watchdog whose observers cannot leave out mere reads
        from watchdog.observers import Observer

        monkeypatch.setattr(Observer, "schedule", lambda self, handler, path, recursive=False: None)
    assert devserver.native_server() is None


def test_an_observer_that_cannot_start_leaves_mkdocs_serve_as_it_is(monkeypatch):
    def no_watches_left(self, *args, **kwargs):  # inotify's limit per user reached
        raise OSError(28, "inotify watch limit reached")

    from watchdog.observers import Observer

    monkeypatch.setattr(Observer, "schedule", no_watches_left)
    assert devserver.native_server() is None


def _events(observer, folder: Path, act) -> list[str]:  # type: ignore[no-untyped-def]
    """The kinds of event `observer` reports while `act()` runs (and a moment after, for a change to arrive)."""
    seen: queue.Queue[str] = queue.Queue()
    handler = FileSystemEventHandler()
    handler.on_any_event = lambda event: seen.put(event.event_type)  # type: ignore[method-assign]
    observer.schedule(handler, str(folder), recursive=True)
    observer.start()
    try:
        act()
        kinds = []
        deadline = time.monotonic() + 5  # events arrive in milliseconds; reads must bring none in all that time
        while time.monotonic() < deadline:
            try:
                kinds.append(seen.get(timeout=0.5))
            except queue.Empty:
                if kinds:
                    break
        return kinds
    finally:
        observer.stop()
        observer.join()


def test_reading_docs_is_no_change_but_writing_and_touching_are(tmp_path):
    """MkDocs rebuilds on any event it is told of; were reads events, each build (which reads docs/) would start the
    next. A touch is a change: it is how build_site.py has every page rebuilt when the menu changes."""
    server = devserver.native_server()
    assert server is not None
    page = tmp_path / "index.md"
    page.write_text("# Hem\n", encoding="utf-8")
    observer = server(builder=lambda: None, host="127.0.0.1", port=0, root=".").observer

    def read() -> None:
        for _ in range(3):
            page.read_text(encoding="utf-8")

    assert _events(observer, tmp_path, read) == []
    observer = server(builder=lambda: None, host="127.0.0.1", port=0, root=".").observer
    assert _events(observer, tmp_path, lambda: page.write_text("# Ny\n", encoding="utf-8"))
    observer = server(builder=lambda: None, host="127.0.0.1", port=0, root=".").observer
    assert _events(observer, tmp_path, lambda: page.touch())


def test_builds_reuse_the_themes_compiled_templates(monkeypatch):
    from mkdocs.theme import Theme

    monkeypatch.setattr(Theme, "get_env", Theme.get_env)  # undone after the test
    assert devserver.keep_compiled_templates()
    first, second = Theme(name="mkdocs").get_env(), Theme(name="mkdocs").get_env()
    assert first.bytecode_cache is not None and first.bytecode_cache is second.bytecode_cache
    assert first.list_templates() == second.list_templates() != []
    assert first.get_template("main.html").render  # compiled, kept, and found again by the second environment
    assert second.get_template("main.html").render


def test_without_native_events_the_command_is_plain_mkdocs(monkeypatch, capsys):
    """`python -m qualsite.devserver …` runs MkDocs' own command line either way."""
    import sys

    from mkdocs.theme import Theme

    for name, owner in (("LiveReloadServer", serve_command), ("get_env", Theme), ("argv", sys)):
        monkeypatch.setattr(owner, name, getattr(owner, name))  # what `main` replaces is put back after the test
    original = serve_command.LiveReloadServer
    native_server = devserver.native_server
    for native in (False, True):
        monkeypatch.setattr(devserver, "native_server", native_server if native else lambda: None)
        with pytest.raises(SystemExit) as done:
            devserver.main(["--version"])
        assert done.value.code == 0
        assert "mkdocs, version" in capsys.readouterr().out
        assert (serve_command.LiveReloadServer is not original) == native  # what `mkdocs serve` would make


def test_a_change_in_data_wakes_serve_and_a_read_does_not(tmp_path):
    """`--serve` looks at data/ as soon as the system reports a change there (`wake_on_changes`); its own builds read
    every data file, and those reads must not wake it."""
    import threading

    (tmp_path / "study.yaml").write_text("title: x\n", encoding="utf-8")
    woken = threading.Event()
    stop = devserver.wake_on_changes(tmp_path, woken.set)
    assert stop is not None  # Linux has inotify
    try:
        (tmp_path / "study.yaml").read_text(encoding="utf-8")
        assert not woken.wait(1.0)
        (tmp_path / "study.yaml").write_text("title: y\n", encoding="utf-8")
        assert woken.wait(5.0)
    finally:
        stop()


def test_the_reads_of_a_rebuild_are_not_even_reported_to_serve(tmp_path, monkeypatch):
    """A rebuild reads every data file twice; reported, each opening and closing is an event that watchdog's threads
    handle in Python while the build waits for the interpreter (0.45 s of a findings edit at 1,000 interviews).
    `wake_on_changes` asks the system for changes only, so no read reaches a handler at all."""
    import threading

    seen: list[str] = []
    dispatch = FileSystemEventHandler.dispatch

    def recorded(self, event):  # type: ignore[no-untyped-def]
        seen.append(event.event_type)
        return dispatch(self, event)

    monkeypatch.setattr(FileSystemEventHandler, "dispatch", recorded)
    files = [tmp_path / f"R{n}.csv" for n in range(20)]
    for file in files:
        file.write_text("#,Person,Yttrande,Kod\n", encoding="utf-8")
    woken = threading.Event()
    stop = devserver.wake_on_changes(tmp_path, woken.set)
    assert stop is not None  # Linux has inotify
    try:
        for _ in range(3):
            for file in files:
                file.read_bytes()
        (tmp_path / "study.yaml").write_text("title: y\n", encoding="utf-8")  # reported after every read before it
        assert woken.wait(5.0)
        assert _eventually(lambda: "closed" in seen)  # the write's last event: the system reports in order
    finally:
        stop()
    assert "created" in seen
    assert "opened" not in seen and "closed_no_write" not in seen


def _eventually(condition, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True
