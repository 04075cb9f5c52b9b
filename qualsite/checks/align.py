"""Word-level alignment of a quote with a row: how much of the quote the row holds, and where they differ.

Only quotes that are not found word for word get here, so the cost of
`difflib` is paid for the few that differ, never for every citation.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from ..model import DiffPart
from .words import Words

OMISSION = "…"
"""Shown in a diff between the fragments of a quote that marks omissions."""


@dataclass(frozen=True)
class Alignment:
    """A quote aligned with one row."""

    score: float
    """Share of the quote's words found in the row, in order (0–1)."""
    changed: int
    """How many words differ (a replaced word counts once)."""
    diff: tuple[DiffPart, ...]
    """The word-level diff, quote against the aligned stretch of the row."""
    first_change: tuple[str, str]
    """The first difference: (words in the quote, words in the row); either may be empty."""


def score_against(parts: tuple[Words, ...], row: Words) -> float:
    """Share of the quote's words the row holds in order, fragment by fragment (fast; no diff)."""
    total = sum(len(part) for part in parts)
    return sum(_matched(part, row)[0] for part in parts) / total if total else 0.0


def align(parts: tuple[Words, ...], row: Words) -> Alignment:
    """Align each fragment of a quote with the stretch of the row it best matches, and diff them."""
    total = matched = changed = 0
    diff: list[DiffPart] = []
    first_change = ("", "")
    for index, part in enumerate(parts):
        if index:
            diff.append(DiffPart("same", OMISSION))
        count, start, end = _matched(part, row)
        total += len(part)
        matched += count
        matcher = SequenceMatcher(None, part.norm, row.norm[start:end], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            quote_words = " ".join(part.written[i1:i2])
            row_words = " ".join(row.written[start + j1 : start + j2])
            if op == "equal":
                diff.append(DiffPart("same", quote_words))
                continue
            joined_alike = "".join(part.norm[i1:i2]) == "".join(row.norm[start + j1 : start + j2])
            changed += 1 if joined_alike else max(i2 - i1, j2 - j1)  # `loop-vagnar` vs `loopvagnar`: one word
            if first_change == ("", ""):
                first_change = (quote_words, row_words)
            if quote_words:
                diff.append(DiffPart("quote-only", quote_words))
            if row_words:
                diff.append(DiffPart("row-only", row_words))
    return Alignment(matched / total if total else 0.0, changed, _merge(diff), first_change)


def stretch(part: Words, row: Words) -> tuple[int, int, int]:
    """(words of `part` matched, start, end): the stretch of the row, as word indices, that a fragment of a quote
    is aligned with; the published selectors of a quote that differs (`qualsite.selectors`) select it."""
    return _matched(part, row)


def _matched(part: Words, row: Words) -> tuple[int, int, int]:
    """(words of `part` matched, start, end of the row stretch they match), around the longest common run."""
    if not len(part) or not len(row):
        return 0, 0, 0
    matcher = SequenceMatcher(None, part.norm, row.norm, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return 0, 0, 0
    anchor = max(blocks, key=lambda b: b.size)
    slack = max(3, len(part) // 3)
    low = anchor.b - anchor.a - slack
    high = anchor.b + (len(part) - anchor.a) + slack
    kept = [b for b in blocks if b.b >= low and b.b + b.size <= high]
    count = sum(b.size for b in kept)
    first, last = kept[0], kept[-1]
    start = max(0, first.b - first.a)
    end = min(len(row), last.b + last.size + (len(part) - last.a - last.size))
    return count, start, end


def _merge(parts: list[DiffPart]) -> tuple[DiffPart, ...]:
    merged: list[DiffPart] = []
    for part in parts:
        if not part.text:
            continue
        if merged and merged[-1].op == part.op and part.text != OMISSION and merged[-1].text != OMISSION:
            merged[-1] = DiffPart(part.op, merged[-1].text + " " + part.text)
        else:
            merged.append(part)
    return tuple(merged)
