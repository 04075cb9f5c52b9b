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
   mapped to the Latin ones they imitate and Unicode's hyphens to `-`, then case folding (`ß` is `ss`);
6. every run of whitespace, line breaks included, counts as one space between the words of a term.

`FoldedText` keeps where each line of the original starts, so a match reports the line a researcher can open.

Removing tags (step 1) also removes what they hold, and attribute values and comments are published too (a
`title` shows as a tooltip, a comment is in the page's source), so the tags themselves are searched as well, in
a second search (`FoldedText.tags`, `markup_text`).
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Iterator

INLINE_TAGS = frozenset(
    "a abbr b bdi bdo cite code data del dfn em font i ins kbd mark q s samp small span strike strong sub sup time"
    " tt u var wbr".split())
"""HTML elements that may stand inside a word without separating it."""

_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>", re.S)
_FORMAT = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                     "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e0fff]")
"""Characters that show nothing (every Cf character of the scripts a study uses, variation selectors, fillers)."""
_TAG_SPLIT = re.compile(r"(<!--.*?-->|</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>)", re.S)
"""`_TAG` for `re.split`: text, tag, its element's name (None for a comment), text, … in what it returns."""
_TAG_AND_WORD = re.compile(rf"(?P<tag>{_TAG.pattern})(?P<rest>\S*)", re.S)
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
    # Unicode's hyphen and non-breaking hyphen (which NFKC maps to the hyphen), as the hyphen-minus of `Anna-Karin`
    "\u2010": "-", "\u2011": "-",
})


_LOOK_ALIKE = re.compile("[" + "".join(sorted(chr(c) for c in _LOOK_ALIKES)) + "]")
_BEYOND_BMP = "\U000e0000-\U000e0fff"
assert _FORMAT.pattern.endswith(_BEYOND_BMP + "]")
_UNUSUAL_IN_BMP = re.compile(_FORMAT.pattern[:-1 - len(_BEYOND_BMP)] + _LOOK_ALIKE.pattern[1:-1] + "]")
"""A format character or a look-alike letter of the Basic Multilingual Plane: every one but the tag characters.
Searched without the tag characters' range, this class took 10–30% less processor time over the published text of
a large site (138 M characters at 1,000 interviews, 5 interleaved rounds), and the search reads every character."""
_UNUSUAL_BEYOND_BMP = re.compile(f"[{_BEYOND_BMP}]")


def _unusual(text: str) -> bool:
    """Whether `text` holds a format character or a look-alike letter."""
    if _UNUSUAL_IN_BMP.search(text) is not None:
        return True
    # Only a text with a character beyond the plane (two UTF-16 units) can hold a tag character; encoding to UTF-16
    # tells it in a fraction of a search.
    return (len(text.encode("utf-16-le", "surrogatepass")) > 2 * len(text)
            and _UNUSUAL_BEYOND_BMP.search(text) is not None)


def fold(text: str) -> str:
    """`text` as the guard compares it (see the module's steps); folding twice changes nothing more."""
    return _SPACE.sub(" ", _fold_keeping_lines(_without_tags(text)[0]))


def tag_lines(text: str) -> Iterator[tuple[int, str]]:
    """(1-based line, tag) for each tag and comment of `text`: the slow way to tell where a tag stands."""
    if "<" in text:
        line, counted = 1, 0
        for match in _TAG.finditer(text):
            # Counted on from the last tag, not from the start: a large page holds tens of thousands of tags, and a
            # count from the start for each made a page whose tags held a forbidden term take minutes to report.
            line += text.count("\n", counted, match.start())
            counted = match.start()
            yield line, match.group()


def markup_text(tags: Iterable[str]) -> str:
    """What tags hold, as text to fold: each without its outer angle brackets, between spaces
    (`<span title="Karl">` → ` span title="Karl" `). A comment keeps what it encloses, tags included, which the
    fold removes again (and the guard searches in turn)."""
    return " ".join(tag[1:-1] for tag in tags)


def _without_tags(text: str, kept_break: str = "") -> tuple[str, set[str]]:
    """Step 1: inline tags removed, other tags and comments a space; `kept_break` for each line break a tag held.
    Also the distinct tags and comments removed, for the search of what they hold."""
    removed: set[str] = set()
    if "<" not in text:
        return text, removed
    if kept_break:
        # The marks go after the rest of the word the tag stood in, so they never split a word (or a letter from
        # its accent) before the steps that follow.
        def replace_with_rest(m: re.Match) -> str:
            tag = m.group("tag")
            removed.add(tag)
            rest, inner = _without_tags(m.group("rest"))
            removed.update(inner)
            return _tag(_TAG.match(tag)) + rest + kept_break * tag.count("\n")
        return _TAG_AND_WORD.sub(replace_with_rest, text), removed

    # Split in C into text, tag, name, text, …; then each distinct element name (a few dozen on a site) is looked at
    # once and every tag replaced by a dictionary lookup mapped in C. A Python call per tag (a substitution with a
    # function) was half the fold of a large site, and a match per distinct tag (ids and links make most tags of a
    # page distinct) still a tenth.
    parts = _TAG_SPLIT.split(text)
    removed.update(parts[1::3])
    names = parts[2::3]
    replacement = {name: "" if name is not None and name.lower() in INLINE_TAGS else " " for name in set(names)}
    parts[1::3] = map(replacement.__getitem__, names)
    del parts[2::3]
    return "".join(parts), removed


def _fold_keeping_lines(text: str) -> str:
    """Steps 2–5 on a whole text at once (one call each, however many lines); line breaks stay where they are.
    Each step that is usually not needed is skipped after a scan in C shows so."""
    text = html.unescape(text) if "&" in text else text
    # Format characters and look-alike letters are rare in real text: one scan for both, and neither step without it.
    unusual = _unusual(text)
    if unusual:
        text = _FORMAT.sub("", text)
    if "*" in text or "_" in text or "`" in text or "~" in text:  # four scans in C cost less than one regex
        text = _MARKS.sub("", text)
    if "\\" in text:
        text = _ESCAPES.sub("", text)
    if not unicodedata.is_normalized("NFKC", text):
        # Mapped as NFKC maps them, by plain replacement: rendered pages are full of these two (an ellipsis closes
        # every shortened excerpt), and normalising a whole page for them was a fifth of the guard.
        text = text.replace("\u2026", "...").replace("\u00a0", " ")
        if not unicodedata.is_normalized("NFKC", text):
            text = _FORMAT.sub("", unicodedata.normalize("NFKC", text))  # compatibility forms may map to format ones
            unusual = True  # and to look-alike letters
    if unusual and _LOOK_ALIKE.search(text):
        text = text.translate(_LOOK_ALIKES)
    text = text.casefold()
    if not unicodedata.is_normalized("NFKC", text):  # case folding may decompose (İ → i + dot)
        text = _FORMAT.sub("", unicodedata.normalize("NFKC", text))
    return text


def _tag(match: re.Match) -> str:
    name = match.group(2)
    return "" if name is not None and name.lower() in INLINE_TAGS else " "


def visible_text(original: str) -> tuple[str, frozenset[str]]:
    """Step 1 of the fold: `original` without its tags, and the distinct tags removed. A tag may span lines
    (`<em\nclass="x">`): it goes, and each break it held is marked, so that the lines after it keep their numbers
    without a break inside the word it stood in."""
    visible, tags = _without_tags(original)
    # Removing tags keeps every other character, so a tag held a line break exactly when breaks went missing: two
    # counts in C instead of a look into each of a large page's thousands of tags.
    if visible.count("\n") != original.count("\n"):
        visible, tags = _without_tags(original, _KEPT_BREAK)
    return visible, frozenset(tags)


def folded_vocabulary(visible_texts: Iterable[str]) -> str:
    """The distinct whitespace-separated pieces of these texts (`visible_text`), folded at once, one a line: each
    stretch without whitespace of a text's fold (`FoldedText.text`) stands in it, between the same characters, or
    whitespace where the text has whitespace.

    So a batch of texts need not be folded whole to tell whether a word may stand in one of them. Every step after
    the first does the same to each piece wherever it stands: no entity, mark, escape or look-alike holds
    whitespace or reads past it; case folding maps each character on its own, whitespace to itself and nothing to
    whitespace; and NFKC normalises between whitespace on its own, since whitespace is never part of a composition
    or a reordering (checked: case folding over every code point, NFKC for every whitespace character before and
    after every combining mark and jamo). Where a step is skipped for a text (no `&`, no format character…), it
    would change none of its pieces. A text where a removed tag held line breaks has its
    marks removed after the fold, which may join what the fold kept apart: it is folded whole."""
    pieces: set[str] = set()
    folded: set[str] = set()
    for visible in visible_texts:
        if _KEPT_BREAK in visible:
            folded.update(FoldedText.of_visible(visible, frozenset()).text.split())
        else:
            pieces.update(visible.split())
    return _fold_keeping_lines("\n".join(pieces)) + "\n" + "\n".join(folded)


@dataclass(frozen=True)
class FoldedText:
    """A whole text folded at once, whitespace kept as it is (terms match across any run of it, line breaks
    included), with what it takes to tell the original line of a match."""

    text: str
    """The folded text; its line breaks are the original's, except those inside removed tags."""
    kept_breaks: tuple[int, ...]
    """Where in `text` a removed tag held line breaks (one entry per break), so later lines keep their numbers."""
    tags: frozenset[str] = frozenset()
    """The distinct tags and comments removed from the original, as written: what they hold is published too."""

    @classmethod
    def of(cls, original: str) -> "FoldedText":
        return cls.of_visible(*visible_text(original))

    @classmethod
    def of_visible(cls, visible: str, tags: frozenset[str]) -> "FoldedText":
        """The rest of the fold, after `visible_text`."""
        text = _fold_keeping_lines(visible)
        if _KEPT_BREAK not in text:
            return cls(text, (), tags)
        breaks, parts, at = [], [], 0
        for part in text.split(_KEPT_BREAK):
            at += len(part)
            parts.append(part)
            breaks.append(at)
        return cls("".join(parts), tuple(breaks[:-1]), tags)

    def line_at(self, offset: int) -> int:
        """The 1-based line of the original on which the folded text at `offset` begins."""
        return self.text.count("\n", 0, offset) + bisect.bisect_right(self.kept_breaks, offset) + 1
