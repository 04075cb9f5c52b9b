"""Work done in a second process while this one goes on: the machines qualsite runs on have two cores, and the
anonymity guard's searches need nothing from the rest of a build but the texts they search.

The second process is forked, so it inherits the function's arguments (a site's pages, a compiled pattern)
instead of receiving them pickled; only its result travels back, through a pipe. `os.fork` is called directly:
`multiprocessing` took 20 ms to import, 3% of a 10-interview build. Without `fork` (Windows), the work is done in
this process, when its result is asked for.
"""

from __future__ import annotations

import gc
import mmap
import os
import pickle
import signal
import traceback
from typing import Any, Callable, Iterator, NoReturn


PARALLEL_CHARACTERS = 1024 * 1024
"""Below this much text to read or search, a second process costs more than it saves (fork and start-up take about
20 ms). At 1 M characters a 10-interview study (2.6 M characters of output) already has its guard searching beside
the render: 0.89 → 0.71 s for its whole build, median of 4, against 8 M."""


def can_fork() -> bool:
    return hasattr(os, "fork")


class Shared:
    """A list of `count` pieces of work shared by two processes from its two ends: a forked process takes them from
    the front (`from_front`) while this one does other work, and this one, once it has nothing else to do, takes the
    rest from the back (`from_back`), so both end together instead of one waiting for the other.

    Each side takes a piece only after reading that the other has not taken it, and tells it has before doing it.
    The two counters are in memory both processes share (made before the fork); a value read late is always
    an earlier one, which lets a side go on further, never stop sooner. So no piece is left undone; one piece or a
    few where they meet may be done by both, which the caller must allow for (the guard keeps the search's answer
    for those, `OutputGuard.problems`)."""

    def __init__(self, count: int):
        self._memory = mmap.mmap(-1, 16)  # anonymous and shared: the fork sees what this process writes, and back
        self._ends = memoryview(self._memory).cast("q")
        self._ends[0] = 0  # the pieces before it are the front's
        self._ends[1] = count  # the pieces from it on are the back's

    def from_front(self) -> Iterator[int]:
        """The pieces' indexes from the first on, as long as the back has not taken them."""
        index = 0
        while index < self._ends[1]:
            self._ends[0] = index + 1
            yield index
            index += 1

    def from_back(self) -> Iterator[int]:
        """The pieces' indexes from the last down, as long as the front has not taken them."""
        index = self._ends[1] - 1
        while index >= self._ends[0]:
            self._ends[1] = index
            yield index
            index -= 1


class Forked:
    """`function(*args)`, running in a forked process from the moment this is made; `result()` waits for it.

    Use it as a context manager (or call `stop`): leaving it kills the process if its result was never asked for."""

    def __init__(self, function: Callable[..., Any], *args: Any, fork: bool = True):
        """`fork=False` (for work too small to be worth a process) runs it here instead, when `result()` is asked."""
        self._call = (function, args)
        self._pid: int | None = None
        self._answer: int | None = None
        if fork and can_fork():
            self._answer, answer = os.pipe()
            self._pid = os.fork()
            if self._pid == 0:
                os.close(self._answer)
                _call_and_send(function, args, answer)
            os.close(answer)

    def result(self) -> Any:
        """What the function returned; a RuntimeError holding its traceback if it raised (a bug)."""
        if self._pid is None:
            function, args = self._call
            return function(*args)
        assert self._answer is not None, "result() is asked once"
        with os.fdopen(self._answer, "rb") as stream:  # read to the end before waiting: the answer may fill the pipe
            self._answer = None
            answer = stream.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        if not answer:
            raise RuntimeError(f"a second process ended with code {os.waitstatus_to_exitcode(status)} before it"
                               " answered")
        outcome, value = pickle.loads(answer)
        if outcome == "error":
            raise RuntimeError(f"a second process failed:\n{value}")
        return value

    def running(self) -> bool:
        """Whether the second process is still at work (it has not begun to answer)."""
        if self._pid is None or self._answer is None:
            return False
        import select

        readable, _, _ = select.select([self._answer], [], [], 0)
        return not readable

    def stop(self) -> None:
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self._pid, 0)
            self._pid = None
        if self._answer is not None:
            os.close(self._answer)
            self._answer = None

    def __enter__(self) -> "Forked":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _call_and_send(function: Callable[..., Any], args: tuple, answer: int) -> NoReturn:
    """In the child: call, send the outcome through `answer`, and leave at once, without running the parent's
    exit handlers or flushing its buffers a second time."""
    code = 0
    try:
        # The collector would walk every object inherited from the parent, and so copy the parent's whole memory
        # page by page; the work done here is short and leaves few cycles.
        gc.disable()
        try:
            outcome = pickle.dumps(("ok", function(*args)), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            outcome = pickle.dumps(("error", traceback.format_exc()))
        with os.fdopen(answer, "wb") as stream:
            stream.write(outcome)
    except BaseException:
        code = 1
    finally:
        os._exit(code)
