"""A memo for a pure function that keeps only what its latest round used: the downloads of a study as it is now.

Under `--serve`, every edit renders the downloads again; most of what they hold
(a deflated transcript, the XML of a source) is what the previous round
computed. A `Memo` hands it back, and forgets whatever the latest round did not
ask for, so memory stays bounded by the current study however long the server
runs. Keys must be the whole input of what is computed (content, not names or
identities): a value from the memo is always the value a fresh computation would
return.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Generic, Hashable, Iterator, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """Values by key; `round()` marks one use (one archive packed), `get` computes what the memo does not hold."""

    def __init__(self) -> None:
        self._kept: dict[_Hashed, V] = {}
        self._used: dict[_Hashed, V] | None = None

    def __len__(self) -> int:
        """How many values are kept: those the latest round used."""
        return len(self._kept)

    def clear(self) -> None:
        """Forget everything: the next round computes every value afresh."""
        self._kept = {}

    @contextmanager
    def round(self) -> Iterator[Memo[K, V]]:
        """One use of the memo; when it ends, only the values it asked for are kept."""
        used: dict[_Hashed, V] = {}
        self._used = used
        try:
            yield self
        finally:
            self._kept, self._used = used, None

    def get(self, key: K, compute: Callable[[], V]) -> V:
        """The value for `key`: from this round, else from the previous one, else `compute()`d. Only within `round`."""
        used = self._used
        if used is None:
            raise RuntimeError("Memo.get outside Memo.round()")  # a programmer's mistake
        hashed = _Hashed(key)
        value = used.get(hashed, _MISSING)
        if value is _MISSING:
            value = self._kept.get(hashed, _MISSING)
            if value is _MISSING:
                value = compute()
            used[hashed] = value
        return value  # type: ignore[return-value]


_MISSING = object()


class _Hashed:
    """A key hashed once: a key holding a transcript hashes all its rows, and a dataclass does not keep its hash."""

    __slots__ = ("key", "hash")

    def __init__(self, key: Hashable) -> None:
        self.key = key
        self.hash = hash(key)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Hashed) and self.hash == other.hash and self.key == other.key
