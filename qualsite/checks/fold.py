"""Text as a reader sees it, folded so that a forbidden term cannot hide in how it is written.

Copy-paste from Word and PDF, macOS file names and hostile edits write the same name in many ways: decomposed
(NFD) or composed (NFC), with a soft hyphen, a zero-width space or joiner inside it, split by emphasis
(`Ka**rl**sson`) or inline HTML (`Ka<b>rl</b>sson`), as entities (`&#75;arl`), in Cyrillic or Greek look-alike
letters, or broken over two lines of a paragraph. `fold` maps every such spelling to one form, and the guard
compares folded texts with folded terms:

1. inline HTML tags are removed (`<b>`, `<span …>`: they sit inside words), other tags and comments become a space;
2. HTML entities are decoded;
3. format characters (Unicode category Cf: soft hyphen, zero-width characters, bidi controls, BOM) are removed;
4. Markdown's emphasis and code marks (`*`, `_`, `` ` ``, `~`) and backslash escapes are removed;
5. NFKC normalisation (composed letters, full-width and compatibility forms), look-alike Cyrillic and Greek letters
   mapped to the Latin ones they imitate, then case folding (`ß` is `ss`);
6. every run of whitespace, line breaks included, counts as one space between the words of a term.

`FoldedText` keeps where each line of the original starts, so a match reports the line a researcher can open.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass

INLINE_TAGS = frozenset(
    "a abbr b bdi bdo cite code data del dfn em font i ins kbd mark q s samp small span strike strong sub sup time"
    " tt u var wbr".split())
"""HTML elements that may stand inside a word without separating it."""

_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>", re.S)
_FORMAT = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                     "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e0fff]")
"""Characters that show nothing (every Cf character of the scripts a study uses, variation selectors, fillers)."""
_TAG_AND_WORD = re.compile(rf"(?P<tag>{_TAG.pattern})(?P<rest>\S*)", re.S)
_INLINE_TAG = re.compile(rf"</?(?:{'|'.join(sorted(INLINE_TAGS))})(?:\s[^<>]*)?/?>", re.I)
_SPANNING_TAG = re.compile(r"<[A-Za-z/!][^<>]*\n")
_MARKS = re.compile(r"[*_`~]+")
_ESCAPES = re.compile(r"\\(?=[^\w\s])")
_SPACE = re.compile(r"\s+")
_KEPT_BREAK = "\ue000"
"""Stands for a line break inside a removed tag (a private-use character: no text holds it)."""

_LOOK_ALIKES = str.maketrans({
    # Cyrillic letters drawn like Latin ones
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ї": "I", "Ј": "J", "Ԛ": "Q", "Ԝ": "W",
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԛ": "q", "ԝ": "w", "ӏ": "l", "һ": "h", "ԁ": "d",
    # Greek letters drawn like Latin ones
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P",
    "Τ": "T", "Υ": "Y", "Χ": "X",
    "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    # Latin letters that differ only by a missing dot or a long form
    "ı": "i", "ȷ": "j",
})


_LOOK_ALIKE = re.compile("[" + "".join(sorted(chr(c) for c in _LOOK_ALIKES)) + "]")


def fold(text: str) -> str:
    """`text` as the guard compares it (see the module's steps); folding twice changes nothing more."""
    return _SPACE.sub(" ", _fold_keeping_lines(_without_tags(text)))


def _without_tags(text: str, kept_break: str = "") -> str:
    """Step 1: inline tags removed, other tags and comments a space; `kept_break` for each line break a tag held."""
    if "<" not in text:
        return text
    if kept_break:
        # The marks go after the rest of the word the tag stood in, so they never split a word (or a letter from
        # its accent) before the steps that follow.
        def replace(m: re.Match) -> str:
            tag = m.group("tag")
            return _tag(_TAG.match(tag)) + _without_tags(m.group("rest")) + kept_break * tag.count("\n")
        return _TAG_AND_WORD.sub(replace, text)
    return _TAG.sub(" ", _INLINE_TAG.sub("", text))  # two plain substitutions: no Python call per tag


def _fold_keeping_lines(text: str) -> str:
    """Steps 2–5 on a whole text at once (one call each, however many lines); line breaks stay where they are.
    Each step that is usually not needed is skipped after a scan in C shows so."""
    text = html.unescape(text) if "&" in text else text
    text = _MARKS.sub("", _FORMAT.sub("", text))
    if "\\" in text:
        text = _ESCAPES.sub("", text)
    if not unicodedata.is_normalized("NFKC", text):
        text = _FORMAT.sub("", unicodedata.normalize("NFKC", text))  # compatibility forms may map to format ones
    if _LOOK_ALIKE.search(text):
        text = text.translate(_LOOK_ALIKES)
    text = text.casefold()
    if not unicodedata.is_normalized("NFKC", text):  # case folding may decompose (İ → i + dot)
        text = _FORMAT.sub("", unicodedata.normalize("NFKC", text))
    return text


def _tag(match: re.Match) -> str:
    name = match.group(2)
    return "" if name is not None and name.lower() in INLINE_TAGS else " "


@dataclass(frozen=True)
class FoldedText:
    """A whole text folded at once, whitespace kept as it is (terms match across any run of it, line breaks
    included), with what it takes to tell the original line of a match."""

    text: str
    """The folded text; its line breaks are the original's, except those inside removed tags."""
    kept_breaks: tuple[int, ...]
    """Where in `text` a removed tag held line breaks (one entry per break), so later lines keep their numbers."""

    @classmethod
    def of(cls, original: str) -> "FoldedText":
        # A tag may span lines (`<em\nclass="x">`): it goes, and each break it held is marked, so that the lines
        # after it keep their numbers without a break inside the word it stood in.
        spanning = "<" in original and _SPANNING_TAG.search(original) is not None
        text = _fold_keeping_lines(_without_tags(original, _KEPT_BREAK if spanning else ""))
        if _KEPT_BREAK not in text:
            return cls(text, ())
        breaks, parts, at = [], [], 0
        for part in text.split(_KEPT_BREAK):
            at += len(part)
            parts.append(part)
            breaks.append(at)
        return cls("".join(parts), tuple(breaks[:-1]))

    def line_at(self, offset: int) -> int:
        """The 1-based line of the original on which the folded text at `offset` begins."""
        return self.text.count("\n", 0, offset) + bisect.bisect_right(self.kept_breaks, offset) + 1
