"""Live editing: rebuild docs/ whenever data/ changes, while `mkdocs serve` reloads the browser.

MkDocs watches docs/ itself (`devserver`); we only need to notice edits in data/: by comparing
every file's time and size (`snapshot`), five times a second, or, where the system reports changes
(watchdog, which MkDocs depends on), as soon as one is reported and once a second besides. Each rebuild keeps what the last one
computed (`qualsite.memo`), so an edit redoes only what it changes, and
`mkdocs serve --dirty` rebuilds only the pages written. Problems are printed
and the last good docs/ keeps being served.
"""

from __future__ import annotations

import gc
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Collection

from . import devserver
from .build import build
from .load.files import relative
from .memo import Memo
from .write import Changes, touch_pages
from .problems import DataError

POLL_SECONDS = 0.2
"""How often data/ is looked at when the system cannot report its changes (`devserver.wake_on_changes`)."""
EVENTS_POLL_SECONDS = 1.0
"""How often it is looked at all the same when the system reports changes."""
SETTLE_SECONDS = 0.01
"""How long to wait after a change is reported before looking: an editor's save is often several writes."""


def serve(
    data_dir: Path, docs_dir: Path, config: Path, *, root: Path, strict: bool, addr: str, search: str = "auto"
) -> int:
    from .cli import describe, print_problems

    gc.enable()  # build_site.py leaves it off for the commands that run once; this one runs for hours (`_settle`)
    memo = Memo()

    def rebuild(saved: float | None = None, give_way: bool = False, edited: Collection[str] = ()) -> None:
        after = (lambda: f" {time.time() - saved:.1f} s after the save") if saved is not None else (lambda: "")

        def pages_written(changes: Changes) -> None:
            if changes.config_updated:
                touch_pages(docs_dir)
            menu = ", mkdocs.yml updated" if changes.config_updated else ""
            print(f"Pages rebuilt: {len(changes.written)} written{menu}{after()}; the downloads follow.", flush=True)
            if give_way:
                _give_way()

        try:
            report = build(data_dir, docs_dir, config, root=root, strict=strict, search=search, memo=memo,
                           pages_first=pages_written, edited=edited)
        except DataError as error:
            print_problems(error.problems)
            print("Not rebuilt: fix the problems above; the last good site is still served.", file=sys.stderr)
            return
        print_problems(report.problems)
        print(describe(report, docs_dir) + after(), flush=True)
        _settle()

    rebuild()
    _stop_on_termination()
    server = subprocess.Popen(
        # `mkdocs serve --dirty` (`devserver`: told of changes by the system, not by polling): --dirty rebuilds only
        # what changed, and build_site.py rewrites only what changed, so an edit is quick. MkDocs warns about every
        # dirty build, which strict mode would turn into a stop: while editing, the problems that matter are
        # build_site.py's own, printed above; `make site` stays strict.
        devserver.command(config, addr),
        env=devserver.environment(),
        preexec_fn=_die_with_parent,
    )
    if not THREADS_HAVE_PRIORITIES:
        _give_way()  # the whole process, pages included, from here on
    seen = snapshot(data_dir)
    woken = threading.Event()
    stop_watching = devserver.wake_on_changes(data_dir, woken.set)
    try:
        while server.poll() is None:
            # Told of a change by the system, look at once (after a moment, for the editor to finish writing);
            # else every POLL_SECONDS (EVENTS_POLL_SECONDS with events: only a safety net for events lost, or
            # changes behind links that the system does not report).
            if woken.wait(POLL_SECONDS if stop_watching is None else EVENTS_POLL_SECONDS):
                time.sleep(SETTLE_SECONDS)
            woken.clear()
            current = snapshot(data_dir)
            if current != seen:
                changed = sorted(path for path in current.keys() | seen.keys() if current.get(path) != seen.get(path))
                saved = max((current[path][0] for path in changed if path in current), default=None)
                seen = current
                _in_new_thread(rebuild, saved / 1e9 if saved is not None else None, THREADS_HAVE_PRIORITIES,
                               [relative(Path(path), root) for path in changed])
    except KeyboardInterrupt:
        pass
    finally:
        if stop_watching is not None:
            stop_watching()
        server.terminate()
        server.wait()
    return 0


THREADS_HAVE_PRIORITIES = sys.platform.startswith("linux")
"""Whether each thread has a priority of its own (Linux: a nice value per thread, which a new thread inherits from
the one that starts it, as a forked process does)."""


def _give_way() -> None:
    """Once an edit's pages are written, MkDocs goes first: while it rebuilds them, this process makes the downloads
    (and its guard searches them in a forked child); on two cores the three would otherwise share them equally.
    Where threads have priorities, only the calling thread (the rebuild's own, see `_in_new_thread`) is lowered, so
    that the next edit's pages are made at full priority: at a lower one, on a machine busy with other work, they
    wait behind every other program. Elsewhere the whole process is lowered, once, as before."""
    try:
        if THREADS_HAVE_PRIORITIES:
            thread = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, thread, os.getpriority(os.PRIO_PROCESS, thread) + 5)
        else:
            os.nice(5)
    except (AttributeError, OSError):
        pass  # not on this system, or not allowed: only slower to serve while the downloads are made


def _in_new_thread(work: Callable[..., None], *args: object) -> None:
    """`work(*args)` in a thread of its own, waited for: a priority it lowers (`_give_way`) ends with it. A daemon,
    so that Ctrl-C, raised in the main thread meanwhile, ends the process without waiting for it."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            work(*args)
        except BaseException as error:  # a bug: raised again in the main thread, where it stops the server
            failed.append(error)

    worker = threading.Thread(target=run, name="qualsite-rebuild", daemon=True)
    worker.start()
    worker.join()
    if failed:
        raise failed[0]


def _settle() -> None:
    """Between edits, collect garbage once and set what survives aside from the collector (`gc.freeze`): the memo
    holds millions of objects at 1,000 interviews, and scanning them during every rebuild cost tenths of a second.
    This runs after docs/ is written, while MkDocs rebuilds the pages in its own process."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _stop_on_termination() -> None:
    """SIGTERM and SIGHUP (a closed terminal, `kill`, a process manager) end the watch loop like Ctrl-C does, so the
    `finally` above stops `mkdocs serve` instead of leaving it holding the port."""
    def stop(signum, frame):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)
    _die_with_parent()  # `make serve` killed: make does not pass the signal on, so ask the kernel to


def _die_with_parent() -> None:
    """On Linux, have the kernel send this process SIGTERM when its parent dies, even by SIGKILL."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # best effort: the signal handlers above still cover SIGTERM sent to us


def snapshot(data_dir: Path) -> dict[str, tuple[int, int]]:
    """Modification time and size of every file under data/: any edit changes it."""
    found = {}
    for folder, _, names in os.walk(data_dir):
        for name in names:
            path = os.path.join(folder, name)
            try:
                facts = os.stat(path)
            except OSError:
                continue  # removed meanwhile, or a broken link: the build reports what it finds
            if stat.S_ISREG(facts.st_mode):
                found[path] = (facts.st_mtime_ns, facts.st_size)
    return found
