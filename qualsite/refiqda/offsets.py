"""Selection offsets, read the way the tool that wrote them counted.

The standard counts characters of the plain text, but real tools differ: NVivo
for Windows counts UTF-16 code units and a CRLF line end as two, others count
Unicode characters with or without the CR. Read the wrong way, every
selection drifts a little further with each line and each emoji, and codes
land on the wrong rows without any error. So each source's offsets are read
under every convention that gives a different answer for its text, and the
one under which the selections start and end on word and line boundaries is
chosen; the score says how well it fits.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

GOOD_FIT = 0.9
"""Below this share of selection starts and ends on a boundary, no convention fits: the researcher must review."""


@dataclass(frozen=True)
class Convention:
    """One way of counting offsets in a text."""

    key: str
    """Short name for tests and the log (`utf16-crlf`)."""
    description: str
    """How the log describes it."""
    utf16: bool
    """Characters outside the Basic Multilingual Plane (emoji) count as two (UTF-16 code units)."""
    crlf_two: bool
    """A CRLF line end counts as two."""


CONVENTIONS = (
    Convention("chars", "Unicode characters, a line end as one", False, False),
    Convention("chars-crlf", "Unicode characters, a CRLF line end as two", False, True),
    Convention("utf16", "UTF-16 code units, a line end as one", True, False),
    Convention("utf16-crlf", "UTF-16 code units, a CRLF line end as two (as NVivo for Windows counts)", True, True),
)
"""In the order ties are broken, unless the project's origin names a tool known to count otherwise."""


@dataclass(frozen=True)
class Reading:
    """The selections of one source read under one convention."""

    convention: Convention
    spans: tuple[tuple[int, int] | None, ...]
    """Per selection, its [start, end) in the normalised text, or None when an offset is outside the text or
    inside a character (between CR and LF, or inside a UTF-16 surrogate pair)."""
    clean: tuple[tuple[bool, bool], ...]
    """Per selection, whether its start and its end fall on a word or line boundary (not inside a word)."""

    @property
    def score(self) -> int:
        """Starts and ends on a boundary."""
        return sum(s + e for s, e in self.clean)

    @property
    def positions(self) -> int:
        """Starts and ends in all (two per selection)."""
        return 2 * len(self.clean)

    @property
    def fits(self) -> bool:
        """Whether enough selections fall on boundaries to trust this reading."""
        return not self.positions or self.score >= GOOD_FIT * self.positions


@dataclass(frozen=True)
class Choice:
    """The reading chosen for a source, and the others it was compared with."""

    chosen: Reading
    others: tuple[Reading, ...]
    """Readings that give different offsets for this text, in `CONVENTIONS` order."""


UNSPACED = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x3040, 0x30FF), (0x3400, 0x4DBF),
            (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))
"""Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, kana, CJK ideographs): any place
between two of their characters may be a word boundary."""


def _spaced(c: str) -> bool:
    code = ord(c)
    return not any(low <= code <= high for low, high in UNSPACED)


def mid_word(text: str, at: int) -> bool:
    """Whether offset `at` of `text` falls between two letters or digits of a word (in a script that separates
    words with spaces)."""
    if not 0 < at < len(text):
        return False
    before, after = text[at - 1], text[at]
    return before.isalnum() and after.isalnum() and _spaced(before) and _spaced(after)


def choose(raw: str, normal: str, selections: list[tuple[int, int]], origin: str = "") -> Choice:
    """Read `selections` ((start, end) as written) of a source whose text is `raw` (as stored) and `normal` (line
    ends as `\\n`, which rows are cut from) under every convention that differs for this text; choose the best."""
    distinct = _distinct(raw)
    readings = [_read(c, raw, normal, selections) for c in distinct]
    preferred = _preference(origin)
    best = max(readings, key=lambda r: (r.score, -preferred.index(r.convention.key)))
    return Choice(best, tuple(r for r in readings if r is not best))


def _distinct(raw: str) -> list[Convention]:
    """The conventions that give different offsets for this text: CRLF matters only with CRLF line ends, UTF-16
    only with characters outside the Basic Multilingual Plane."""
    has_crlf = "\r\n" in raw
    has_astral = any(ord(c) > 0xFFFF for c in raw)
    return [c for c in CONVENTIONS if (has_crlf or not c.crlf_two) and (has_astral or not c.utf16)]


def _preference(origin: str) -> list[str]:
    keys = [c.key for c in CONVENTIONS]
    lowered = origin.casefold()
    if "nvivo" in lowered and "mac" not in lowered:
        keys.remove("utf16-crlf")
        keys.insert(0, "utf16-crlf")
    return keys


def _read(convention: Convention, raw: str, normal: str, selections: list[tuple[int, int]]) -> Reading:
    table = _table(convention, raw, normal)
    spans: list[tuple[int, int] | None] = []
    clean: list[tuple[bool, bool]] = []
    for start, end in selections:
        a, b = _index(table, start, len(normal)), _index(table, end, len(normal))
        if a is None or b is None or a > b:
            spans.append(None)
            clean.append((False, False))
            continue
        spans.append((a, b))
        clean.append((not mid_word(normal, a), not mid_word(normal, b)))
    return Reading(convention, tuple(spans), tuple(clean))


def _table(convention: Convention, raw: str, normal: str) -> list[int] | None:
    """The offset, under `convention`, of each character boundary of `normal` (len(normal) + 1 values, strictly
    increasing); None when offsets are plain indices into `normal`."""
    if not convention.utf16 and not convention.crlf_two:
        return None
    table = [0] * (len(normal) + 1)
    at = i = 0
    n = 0
    while i < len(raw):
        c = raw[i]
        width = 2 if convention.utf16 and ord(c) > 0xFFFF else 1
        if c == "\r" and raw.startswith("\n", i + 1):
            width = 2 if convention.crlf_two else 1
            i += 1
        i += 1
        at += width
        n += 1
        table[n] = at
    return table


def _index(table: list[int] | None, offset: int, size: int) -> int | None:
    if offset < 0:
        return None
    if table is None:
        return offset if offset <= size else None
    k = bisect_left(table, offset)
    return k if k < len(table) and table[k] == offset else None
