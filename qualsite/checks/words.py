"""Quoting conventions: text to comparable words, and quotes to the fragments an ellipsis leaves.

Two texts say the same thing, for a quote check, when their words are the same:
case, punctuation, quotation marks (typographic or straight) and whitespace do
not count. An ellipsis (`...`, `…`, `/.../`, `[...]`) marks an omission, so it
splits a quote into fragments that must each appear, in order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

WORD = re.compile(r"\w+")
"""A word: a run of letters and digits. Everything else (punctuation, quotation marks) separates words."""

ELLIPSIS = re.compile(r"/\s*(?:\.{2,}|…)\s*/|\[\s*(?:\.{2,}|…)\s*\]|\(\s*(?:\.{2,}|…)\s*\)|\.{3,}|…")
"""The ways quotes mark an omission: `...`, `…`, `/.../`, `[...]`, `(...)`."""


@dataclass(frozen=True)
class Words:
    """A text as comparable words, keeping each word as written for messages and diffs."""

    norm: tuple[str, ...]
    """The words folded for comparison (`klimatmässig`)."""
    written: tuple[str, ...]
    """The same words as written (`Klimatmässig`)."""

    def __len__(self) -> int:
        return len(self.norm)

    @property
    def joined(self) -> str:
        """The folded words between single spaces, with a space at each end, for whole-word substring search."""
        return " " + " ".join(self.norm) + " "


def fold(text: str) -> str:
    """The comparable form of a text: Unicode-normalised (NFKC) and case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def words(text: str) -> Words:
    """The words of `text`, folded and as written."""
    text = unicodedata.normalize("NFKC", text)
    written = tuple(WORD.findall(text))
    norm = tuple(WORD.findall(text.casefold()))
    if len(norm) != len(written):  # folding split a word (rare: `İ` folds to `i` + a combining dot)
        norm = tuple(w.casefold() for w in written)
    return Words(norm, written)


def folded_words(text: str) -> list[str]:
    """Only the folded words of `text` (cheaper than `words`, for indexing)."""
    return WORD.findall(fold(text))


def normalise(text: str) -> str:
    """The words of `text`, folded, one space apart: equal for texts that differ only in case, punctuation,
    quotation marks or whitespace."""
    return " ".join(words(text).norm)


def fragments(quote: str) -> tuple[Words, ...]:
    """The parts of a quote between omission marks, each as words; parts without words are dropped."""
    parts = (words(part) for part in ELLIPSIS.split(quote))
    return tuple(part for part in parts if len(part))


def find_in_order(parts: tuple[Words, ...], joined: str) -> bool:
    """Whether every part appears in `joined` (a `Words.joined`) as whole words, each after the previous one."""
    position = 0
    for part in parts:
        found = joined.find(part.joined, position)
        if found < 0:
            return False
        position = found + len(part.joined) - 1
    return True
