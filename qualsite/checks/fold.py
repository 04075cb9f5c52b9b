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
6. every run of whitespace, line breaks included, is one space.

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
_MARKS = re.compile(r"\\(?=[^\w\s])|[*_`~]")
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


def fold(text: str) -> str:
    """`text` as the guard compares it (see the module's steps); folding twice changes nothing more."""
    text = _TAG.sub(_tag, text)
    text = html.unescape(text)
    text = _FORMAT.sub("", text)
    text = _MARKS.sub("", text)
    text = unicodedata.normalize("NFKC", text).translate(_LOOK_ALIKES).casefold()
    text = _FORMAT.sub("", unicodedata.normalize("NFKC", text))  # case folding may decompose (İ → i + dot)
    return _SPACE.sub(" ", text)


def _tag(match: re.Match) -> str:
    name = match.group(2)
    return "" if name is not None and name.lower() in INLINE_TAGS else " "


@dataclass(frozen=True)
class FoldedText:
    """A whole text folded line by line and joined by single spaces, so a term broken over two lines is found."""

    text: str
    """The folded lines, each followed by one space."""
    starts: tuple[int, ...]
    """Where each line (1-based line `i + 1`) starts in `text`."""

    @classmethod
    def of(cls, original: str) -> "FoldedText":
        # Tags may span lines (`<em\nclass="x">`): remove them from the whole text first, keeping each line break
        # they held as a mark, so the lines after them keep their numbers.
        text = _TAG.sub(lambda m: _tag(m) + _KEPT_BREAK * m.group().count("\n"), original) if "<" in original else original
        starts, parts, at = [], [], 0
        for line in text.split("\n"):
            folded = fold(line.replace(_KEPT_BREAK, "")).strip() + " "
            starts.extend([at] * (1 + line.count(_KEPT_BREAK)))
            parts.append(folded)
            at += len(folded)
        return cls("".join(parts), tuple(starts))

    def line_at(self, offset: int) -> int:
        """The 1-based line of the original on which the folded text at `offset` begins."""
        return bisect.bisect_right(self.starts, offset)
