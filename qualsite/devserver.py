"""`mkdocs serve --dirty`, told of each change in docs/ by the system instead of finding it by polling.

MkDocs' dev server looks for changes by listing docs/ every half second (watchdog's `PollingObserver`). At 1,000
interviews a listing stats 3,300 files and takes 0.1–0.6 s of CPU on a busy two-core machine, so a page that
build_site.py has just written waits 0.5–1 s to be noticed, and the listing competes with the rebuild all day.
watchdog, which MkDocs depends on anyway, also has the system's own file events (inotify on Linux, FSEvents on
macOS, ReadDirectoryChangesW on Windows): with them MkDocs starts rebuilding within milliseconds of the write and
costs nothing between edits. Everything else is MkDocs' own `serve` command, options and dirty build, except that
the theme's compiled templates and its list of files are kept from one rebuild to the next
(`keep_compiled_templates`), and that the server waits `BUILD_DELAY` instead of a tenth of a second for the writes
to stop before it rebuilds. `wake_on_changes` gives `--serve` the same events for data/.

No public API lets us choose MkDocs' watcher, so this reaches inside MkDocs 1.x: it replaces the class
`mkdocs.commands.serve` makes its server from with a subclass whose watcher is native, and wraps
`mkdocs.theme.Theme.get_env`. All of that is in this module, and whenever MkDocs or watchdog is not as expected
(another version, a system without native events, no inotify watches left), the server is the plain `mkdocs serve`
(see `main`), which serves the same site, only slower to notice edits.

    python -m qualsite.devserver serve --dirty --config-file mkdocs.yml --dev-addr 127.0.0.1:8000
"""

from __future__ import annotations

import inspect
import os
import runpy
import sys
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
"""The folder that holds the `qualsite` package, for the server's process to import this module from."""


def command(config: Path, addr: str) -> list[str]:
    """The command that serves the site: `mkdocs serve --dirty`, through this module (run it with `environment`)."""
    return [sys.executable, "-m", __name__, "serve", "--dirty", "--no-strict", "--config-file", str(config),
            "--dev-addr", addr]


def environment() -> dict[str, str]:
    """The environment for `command`: build_site.py runs from any folder, and its server must find this module."""
    paths = [str(ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def native_server() -> type | None:
    """MkDocs' server class with native file events instead of polling, or None when this MkDocs or watchdog is
    not the one this module knows (then `mkdocs serve` runs as it is)."""
    try:
        import mkdocs.commands.serve as serve_command
        from mkdocs.livereload import LiveReloadServer
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver
    except ImportError:
        return None
    if getattr(serve_command, "LiveReloadServer", None) is not LiveReloadServer:
        return None  # `serve` no longer makes its server from this name: replacing it would change nothing
    if Observer is PollingObserver or "event_filter" not in inspect.signature(Observer.schedule).parameters:
        return None  # nothing to gain (watchdog polls here too), or no way to leave out mere reads (below)
    # Native events also tell of files opened and closed unwritten, and MkDocs rebuilds on any event: every build,
    # reading docs/, would start the next. Only changes count, as they do when polling; a touch (`touch_pages`) is
    # one, and so are lost events (the system's queue overflowed: anything may have changed).
    changes = _change_events()

    class ChangesObserver(Observer):  # type: ignore[misc, valid-type]
        """The system's own observer, telling only of changes."""

        def schedule(self, event_handler, path, *, recursive=False, event_filter=None, **options):  # type: ignore[no-untyped-def]
            return super().schedule(event_handler, path, recursive=recursive,
                                    event_filter=changes if event_filter is None else event_filter, **options)

    if not _native_events_work(ChangesObserver):
        return None  # the system gives us no events (inotify's instances and watches are limited per user)

    class NativeServer(LiveReloadServer):  # type: ignore[misc, valid-type]
        """MkDocs' server, watching with the system's file events."""

        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            # Replaced before `serve` schedules any watch on it; an observer we do not know stays as it is.
            if type(getattr(self, "observer", None)) is PollingObserver:
                self.observer = ChangesObserver()
                if getattr(self, "build_delay", None) == MKDOCS_BUILD_DELAY:
                    self.build_delay = BUILD_DELAY

    return NativeServer


MKDOCS_BUILD_DELAY = 0.1
"""How long MkDocs 1.6 waits for changes to stop before it rebuilds (`LiveReloadServer.build_delay`)."""

BUILD_DELAY = 0.03
"""How long it waits with native events: build_site.py writes an edit's pages in one burst, a few milliseconds
long, and each write is reported within milliseconds, so MkDocs' tenth of a second (sized for its polling) was spent
on every edit for nothing. Should a burst pause longer (a busy machine), MkDocs rebuilds once more after it: the
same site, a little later."""


CHANGE_EVENTS = ("FileCreatedEvent", "FileModifiedEvent", "FileAttribEvent", "FileMovedEvent", "FileDeletedEvent",
                 "FileClosedEvent", "DirCreatedEvent", "DirDeletedEvent", "DirMovedEvent", "DirModifiedEvent",
                 "EventsLostEvent")
"""The watchdog events that say something in docs/ or data/ changed (by name: older versions lack some)."""


def _change_events() -> list[type]:
    from watchdog import events

    return [getattr(events, name) for name in CHANGE_EVENTS if hasattr(events, name)]


def wake_on_changes(folder: Path, wake: Callable[[], None]) -> Callable[[], None] | None:
    """Call `wake()` from another thread whenever the system reports a change under `folder` (a file written,
    created, moved, removed); a function that stops watching, or None when there are no native events here (no
    watchdog, a system where it polls, no inotify watches left). `--serve` (`serve`) looks at data/ when woken,
    instead of waiting for its next look; what changed is still found by comparing the files (`serve.snapshot`)."""
    try:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver
    except ImportError:
        return None
    if Observer is PollingObserver:
        return None

    class Waker(FileSystemEventHandler):  # type: ignore[misc, valid-type]
        def on_any_event(self, event):  # type: ignore[no-untyped-def]
            if event.event_type not in ("opened", "closed_no_write"):  # a build reading data/ changes nothing
                wake()

    # Each rebuild reads every data file (twice: loading, and searching for forbidden terms), and the system would
    # report each opening and closing: 5,000 events at 1,000 interviews, each handled in Python by watchdog's
    # threads while the build waits for the interpreter. Asked only for changes, the system reports none of them.
    only_changes = ({"event_filter": _change_events()}
                    if "event_filter" in inspect.signature(Observer.schedule).parameters else {})
    observer = Observer()
    try:
        observer.schedule(Waker(), str(folder), recursive=True, **only_changes)
        observer.start()
    except OSError:
        if observer.is_alive():
            observer.stop()
        return None

    def stop() -> None:
        observer.stop()
        observer.join()

    return stop


def _native_events_work(observer_class: Callable) -> bool:
    """Whether a native observer can be started here: one that cannot would stop the server after its first build
    rather than fall back."""
    import tempfile

    from watchdog.events import FileSystemEventHandler

    with tempfile.TemporaryDirectory(prefix="qualsite-watch-") as folder:
        observer = observer_class()
        try:
            observer.schedule(FileSystemEventHandler(), folder, recursive=True)
            observer.start()
        except OSError:
            return False
        finally:
            if observer.is_alive():
                observer.stop()
                observer.join()
    return True


def keep_compiled_templates() -> bool:
    """Have every build of this process reuse the theme's compiled templates; whether it could.

    Each rebuild under `mkdocs serve` loads mkdocs.yml afresh, with a new Jinja environment for the theme, and
    compiled Material's templates again: 30% of a dirty rebuild that changed nothing, at 1,000 interviews (profiled). A
    bytecode cache (Jinja's own mechanism, keyed by each template's name and checksummed by its source, so an edited
    template is compiled again) shared by those environments keeps them; one cache per set of Jinja extensions,
    since they change the compiled code."""
    try:
        from jinja2 import BytecodeCache, FileSystemLoader
        from mkdocs.theme import Theme
    except ImportError:
        return False
    make_env = getattr(Theme, "get_env", None)
    if make_env is None:
        return False

    class Kept(BytecodeCache):
        """Compiled templates, in memory, for the life of the server."""

        def __init__(self) -> None:
            self.compiled: dict[str, bytes] = {}

        def load_bytecode(self, bucket):  # type: ignore[no-untyped-def]
            if bucket.key in self.compiled:
                bucket.bytecode_from_string(self.compiled[bucket.key])  # discarded if the source's checksum differs

        def dump_bytecode(self, bucket):  # type: ignore[no-untyped-def]
            self.compiled[bucket.key] = bucket.bytecode_to_string()

    caches: dict[tuple[str, ...], Kept] = {}
    listings: dict[tuple[str, ...], list[str]] = {}

    def get_env(theme):  # type: ignore[no-untyped-def]
        env = make_env(theme)
        if getattr(env, "bytecode_cache", "absent") is None:  # a Jinja environment with no cache of its own
            env.bytecode_cache = caches.setdefault(tuple(sorted(env.extensions)), Kept())
        loader = env.loader
        if type(loader) is FileSystemLoader:
            # Each build also lists every file of the theme's folders, to copy its assets: 13,000 files with
            # Material's icons. The listing is kept too: `mkdocs serve` without --watch-theme (as build_site.py
            # runs it) does not look for changes in the theme either.
            folders = tuple(map(str, loader.searchpath))
            if folders not in listings:
                listings[folders] = loader.list_templates()
            loader.list_templates = lambda: list(listings[folders])  # type: ignore[method-assign]
        return env

    Theme.get_env = get_env  # type: ignore[method-assign]
    return True


def main(argv: list[str]) -> None:
    """Run `mkdocs` with `argv` (`serve …`) as `python -m mkdocs` does, watching with native events if possible."""
    server = native_server()
    if server is not None:
        import mkdocs.commands.serve as serve_command

        serve_command.LiveReloadServer = server  # type: ignore[misc]
        keep_compiled_templates()
    sys.argv = ["mkdocs", *argv]
    runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
