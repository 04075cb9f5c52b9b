"""Work done in a second process while this one goes on: the machines qualsite runs on have two cores, and the
anonymity guard's searches need nothing from the rest of a build but the texts they search.

The second process is forked, so it inherits the function's arguments (a site's pages, a compiled pattern)
instead of receiving them pickled; only its result travels back. Without `fork` (Windows), the work is done in
this process, when its result is asked for.
"""

from __future__ import annotations

import gc
import traceback
from typing import Any, Callable


PARALLEL_CHARACTERS = 1024 * 1024
"""Below this much text to read or search, a second process costs more than it saves (fork and start-up take about
20 ms). At 1 M characters a 10-interview study (2.6 M characters of output) already has its guard searching beside
the render: 0.89 → 0.71 s for its whole build, median of 4, against 8 M."""


def can_fork() -> bool:
    import multiprocessing  # only when a second process may be worth it: a small build never needs the module

    return "fork" in multiprocessing.get_all_start_methods()


class Forked:
    """`function(*args)`, running in a forked process from the moment this is made; `result()` waits for it.

    Use it as a context manager (or call `stop`): leaving it kills the process if its result was never asked for."""

    def __init__(self, function: Callable[..., Any], *args: Any, fork: bool = True):
        """`fork=False` (for work too small to be worth a process) runs it here instead, when `result()` is asked."""
        self._call = (function, args)
        self._process = None
        if fork and can_fork():
            import multiprocessing

            context = multiprocessing.get_context("fork")
            self._receive, send = context.Pipe(duplex=False)
            self._process = context.Process(target=_call_and_send, args=(function, args, send), daemon=True)
            self._process.start()
            send.close()

    def result(self) -> Any:
        """What the function returned; a RuntimeError holding its traceback if it raised (a bug)."""
        if self._process is None:
            function, args = self._call
            return function(*args)
        try:
            outcome, value = self._receive.recv()
        except EOFError:
            self._process.join()
            raise RuntimeError(f"a second process ended with code {self._process.exitcode} before it answered")
        self._process.join()
        if outcome == "error":
            raise RuntimeError(f"a second process failed:\n{value}")
        return value

    def stop(self) -> None:
        if self._process is None:
            return
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._receive.close()

    def __enter__(self) -> "Forked":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _call_and_send(function: Callable[..., Any], args: tuple, send) -> None:
    # The collector would walk every object inherited from the parent, and so copy the parent's whole memory page by
    # page; the work done here is short and leaves few cycles.
    gc.disable()
    try:
        send.send(("ok", function(*args)))
    except BaseException:
        send.send(("error", traceback.format_exc()))
    finally:
        send.close()
