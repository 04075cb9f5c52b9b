"""The incremental path: what one build computed, kept for the next, so that an edit redoes only what it changes.

    memo = Memo()
    build(…, memo=memo)      # a full build, remembered
    build(…, memo=memo)      # after an edit: only the work whose inputs changed

Each piece of work is kept under a name (`("transcript-page", "R5")`) with the inputs it was computed from. The
next build asks for the same name with its own inputs; if they are equal, the kept value is returned without
computing it again. Inputs are compared, not hashed: the loader hands back the very objects it made for a file
whose text did not change, and tuples compare their items by identity first, so an unchanged study compares in
microseconds however large it is, and a changed file is always seen (equal values, not just equal hashes).

What a piece of work reads must all be among its inputs; that is what makes the result equal to a full build,
and `tests/test_incremental.py` holds it to that by random edits. Only values computed by pure functions of their
inputs are kept, so a kept value is never stale, only unused; what a build does not ask for is dropped, so the
memo holds one build's worth of work.
"""

from __future__ import annotations

from typing import Callable, Hashable, NamedTuple, TypeVar

T = TypeVar("T")


class _Entry(NamedTuple):
    inputs: tuple
    value: object
    within: tuple[Hashable, ...]
    """The names asked for while computing it: reusing the entry keeps them too (they were not asked for)."""


class Memo:
    """One build's work by name, for the next build to reuse (see the module's docstring)."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, _Entry] = {}
        self._used: dict[Hashable, _Entry] = {}
        self._computing: list[list[Hashable]] = []
        self.reused = 0
        """How many pieces the current build took from the last one (for benchmarks and tests)."""
        self.computed = 0
        """How many pieces the current build computed."""

    def get(self, name: Hashable, inputs: tuple, compute: Callable[[], T]) -> T:
        """`compute()`, or the value it gave when `name` was last asked for with equal `inputs`."""
        found, value = self.lookup(name, inputs)
        if found:
            return value  # type: ignore[return-value]
        self.computed += 1
        self._computing.append([])
        try:
            value = compute()
        finally:
            within = tuple(self._computing.pop())
        self._use(name, _Entry(inputs, value, within))
        return value

    def lookup(self, name: Hashable, inputs: tuple) -> tuple[bool, object]:
        """Whether `name` was kept with equal `inputs`, and its value (then kept for the next build too); for work
        that is computed elsewhere (in batches, in another process) and then `keep`-ed piece by piece."""
        for entry in (self._used.get(name), self._kept.get(name)):  # asked for before in this build, or in the last
            if entry is not None and entry.inputs == inputs:
                self.reused += 1
                self._use(name, entry)
                return True, entry.value
        return False, None

    def keep(self, name: Hashable, inputs: tuple, value: object) -> None:
        """Keep `value`, computed from `inputs`, under `name` for the next build."""
        self._use(name, _Entry(inputs, value, ()))

    def _use(self, name: Hashable, entry: _Entry) -> None:
        self._used[name] = entry
        if self._computing:
            self._computing[-1].append(name)
        waiting = list(entry.within)
        while waiting:  # what a reused entry was computed with stays, for when its inputs change
            inner = waiting.pop()
            if inner not in self._used and inner in self._kept:
                self._used[inner] = self._kept[inner]
                waiting += self._kept[inner].within

    def begin(self) -> None:
        """Start a build: what the last one used (and, after a failed one, what the one before kept) is offered."""
        self._kept = {**self._kept, **self._used}
        self._used = {}
        self._computing = []
        self.reused = self.computed = 0

    def end(self) -> None:
        """A build succeeded: keep only what it used, so that the memo never holds more than one build."""
        self._kept, self._used = self._used, {}


def remembered(memo: Memo | None, name: Hashable, inputs: tuple, compute: Callable[[], T]) -> T:
    """`memo.get(name, inputs, compute)`, or simply `compute()` without a memo (a one-off build)."""
    return compute() if memo is None else memo.get(name, inputs, compute)
