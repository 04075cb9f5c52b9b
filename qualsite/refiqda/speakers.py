"""Speaker turns in plain text, and pseudonyms for the speakers.

A turn starts on a line such as `Anna Berg:   Okay, thank you.` or
`[00:01:02] Anna Berg: Okay`; the lines that follow until the next turn
(wrapped continuation lines) belong to it. A text without turns falls back to
paragraphs. Speaker names are personal data: `Pseudonyms` maps each to an id
and role, and `redact` replaces mentions of the names in the text of every row.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..checks.anonymity import term_key, term_regex

DEFAULT_TURN = (r"(?:\[(?P<time>\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)\]\s*)?"
                r"(?P<speaker>[^\s:\[\]][^:\[\]\n]{0,39}?)\s*:(?P<gap>[ \t]+|$)")
"""A speaker label of at most 40 characters before a colon, optionally after a `[hh:mm:ss]` timestamp."""

MAX_LABEL_WORDS = 4
"""A label of more words is a sentence with a colon, not a speaker."""

GENERIC_WORDS = frozenset({
    "speaker", "interviewer", "interviewee", "respondent", "participant", "moderator", "facilitator", "chair",
    "committee", "member", "audience", "unknown", "person", "voice", "male", "female", "question", "answer",
    "mr", "mrs", "ms", "miss", "dr", "prof", "intervjuare", "respondent", "deltagare", "talare", "int", "resp",
})
"""Words of speaker labels that name no one (`Speaker 12`, `Moderator`); titles are not names either."""


@dataclass(frozen=True)
class Turn:
    """One row to be: who speaks (as written), what they say, and where it sits in the source text."""

    label: str
    """The speaker as written in the source (`Anna Berg`), or empty for text without a speaker label."""
    text: str
    """The turn's text, lines joined (wrapped lines with a space)."""
    start: int
    """Offset of the turn's first character in the (normalised) source text."""
    end: int
    """Offset where the next turn starts, or the end of the text: the turn owns [start, end)."""
    line: int
    """1-based line of the source where the turn starts."""
    time: str = ""
    """The timestamp written before the label, if any."""
    text_start: int = -1
    """Offset where the text proper starts, after the label (the start, for a turn without one)."""


@dataclass(frozen=True)
class Split:
    turns: tuple[Turn, ...]
    by_paragraph: bool
    """True when no speaker turns were found and paragraphs became the rows."""
    rejected: tuple[tuple[int, str], ...] = ()
    """(line, label) of lines that looked like a turn once but were read as text."""
    once: tuple[tuple[int, str], ...] = ()
    """(line, label) of speakers who take a single turn, accepted because the text is an interview."""
    not_interview: str = ""
    """Why labels that recur were not taken for speakers (they do not alternate like turns), or empty."""


NOT_SPEAKERS = frozenset({
    "note", "notes", "nb", "ps", "obs", "anm", "example", "comment", "comments", "summary", "update", "edit",
    "translation", "source", "date", "time", "place", "location", "topic", "theme", "subject", "re", "tel",
    "email", "e-mail", "url", "web", "warning", "tip", "link", "transcript", "transcription", "recording",
    "exempel", "kommentar", "sammanfattning", "datum", "tid", "plats", "tema", "ämne", "inspelning",
})
"""Words that start a line with a colon without naming a speaker (`Note: the recording stops`)."""

SENTENCE_WORDS = frozenset({
    "in", "on", "at", "to", "for", "from", "with", "by", "of", "and", "but", "or", "so", "then", "when", "after",
    "before", "because", "if", "yes", "no", "ok", "okay", "well", "also", "first", "second", "third", "finally",
    "today", "yesterday", "now", "here", "there", "the", "a", "an", "this", "that", "these", "those", "my", "our",
    "your", "his", "her", "their", "we", "i", "you", "he", "she", "they", "it", "what", "why", "how", "who",
    "och", "men", "så", "sen", "sedan", "när", "efter", "innan", "för", "om", "ja", "nej", "också", "först",
    "idag", "nu", "här", "där", "den", "det", "de", "en", "ett", "min", "vår", "vi", "jag", "du", "han", "hon",
    "vad", "varför", "hur", "vem", "i", "på", "med", "av", "till", "från",
})
"""Words a sentence starts with but a name does not: `In March:` said once is text, not a speaker."""

PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "af", "al", "bin", "ibn"})
"""Lower-case words inside names (`Ludwig van Beethoven`)."""


def name_like(label: str) -> bool:
    """Whether a label seen once can be a speaker: a generic label (`Speaker 3`), or capitalised words."""
    words = label.split()
    if not words or words[0].casefold() in NOT_SPEAKERS or words[0].casefold() in SENTENCE_WORDS:
        return False
    if is_generic(label):
        return True
    return all((w[:1].isupper() and not any(ch.isdigit() for ch in w)) or w in PARTICLES for w in words)


def _not_interview(sequence: list[str], known: frozenset[str], text: str) -> str:
    """Why the labels starting lines, in order, are not interview turns; empty when they are. Turns alternate
    between a few speakers, whose names the text does not write in lower case; topic labels (`Covid:`,
    `Economy:`) repeat one after the other, are many and each used little, or are common words."""
    if any(label in known for label in sequence):
        return ""
    distinct = set(sequence)
    if len(distinct) < 2:
        return f"only one label starts lines ('{sequence[0]}:', {len(sequence)} times)" if sequence else ""
    repeats = sum(1 for a, b in zip(sequence, sequence[1:]) if a == b)
    if repeats * 5 >= 2 * (len(sequence) - 1):
        return (f"{repeats} of {len(sequence) - 1} labelled lines repeat the label before them, where speakers take"
                " turns")
    lower = {w for w in re.findall(r"[^\W\d_][\w']*", text) if w[0].islower()}
    common = sorted(label for label in distinct if not is_generic(label)
                    and all(w.casefold() in lower for w in label.split()))
    if common and len(common) * 2 >= len(distinct):
        return (f"{len(common)} of its {len(distinct)} labels are words the text also writes in lower case"
                f" ('{common[0]}:'), as topics are and names are not")
    if len(distinct) * 2 > len(sequence) and len(distinct) > 3:
        return f"{len(distinct)} different labels start {len(sequence)} lines, where a few speakers take many turns"
    return ""


def split_turns(text: str, pattern: str = DEFAULT_TURN, known: frozenset[str] = frozenset(),
                verbatim: bool = False) -> Split:
    """Split `text` (line endings already `\\n`) into turns.

    A label counts as a speaker when it starts at least two turns, or once after a timestamp or before a tab or
    several spaces (as transcription tools align them), or when it is in `known`. `verbatim` (a qualsite export)
    keeps continuation lines and blank lines exactly, joined with `\\n`; otherwise lines are stripped and joined
    with a space, and an unlabelled paragraph after a blank line becomes a row of its own, by the same speaker.
    """
    regex = re.compile(pattern)
    lines = text.split("\n")
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    candidates: dict[int, re.Match] = {}
    counts: dict[str, int] = {}
    strong: set[str] = set()
    for i, line in enumerate(lines):
        match = regex.match(line)
        if not match:
            continue
        label = match.group("speaker").strip()
        if not label or len(label.split()) > MAX_LABEL_WORDS:
            continue
        candidates[i] = match
        counts[label] = counts.get(label, 0) + 1
        groups = match.groupdict()
        if groups.get("time") or "\t" in (groups.get("gap") or "") or len(groups.get("gap") or "") >= 2:
            strong.add(label)
    accepted = {label for label, n in counts.items() if n >= 2 or label in strong or label in known}
    once: set[str] = set()
    reason = ""
    if verbatim:
        accepted = {label for label in counts if label in known}
    else:
        sequence = [m.group("speaker").strip() for _, m in sorted(candidates.items())]
        reason = _not_interview([label for label in sequence if label in accepted], known, text)
        if reason:
            accepted = {label for label in accepted if label in known}
        elif len(accepted) >= 2:
            # an interview: a name that starts a line once is a speaker who spoke once, not text
            once = {label for label, n in counts.items() if label not in accepted and name_like(label)}
            accepted |= once
    starts = {i: m for i, m in candidates.items() if m.group("speaker").strip() in accepted}
    rejected = tuple((i + 1, m.group("speaker").strip()) for i, m in candidates.items() if i not in starts)
    single = tuple((i + 1, m.group("speaker").strip()) for i, m in starts.items() if m.group("speaker").strip() in once)
    if len(starts) < 2 and not (verbatim and starts):
        return Split(_paragraphs(lines, offsets, len(text)), True, (), (), reason)
    return Split(_turns(lines, offsets, len(text), starts, verbatim), False, rejected, single)


def _turns(lines: list[str], offsets: list[int], size: int, starts: dict[int, re.Match],
           verbatim: bool) -> tuple[Turn, ...]:
    turns: list[Turn] = []
    current: dict | None = None  # label, parts, start, line, time

    def close(end: int) -> None:
        if current is None:
            return
        joined = "\n".join(current["parts"]) if verbatim else " ".join(p for p in current["parts"] if p)
        turns.append(Turn(current["label"], joined if verbatim else joined.strip(), current["start"], end,
                          current["line"], current["time"], current["text_start"]))

    blank_before = False
    for i, line in enumerate(lines):
        match = starts.get(i)
        if match is not None:
            close(offsets[i])
            current = {"label": match.group("speaker").strip(), "parts": [line[match.end():] if verbatim
                                                                           else line[match.end():].strip()],
                       "start": offsets[i], "line": i + 1, "time": match.groupdict().get("time") or "",
                       "text_start": offsets[i] + match.end() + _indent(line[match.end():])}
            blank_before = False
            continue
        if verbatim:
            if current is not None:
                current["parts"].append(line)
            continue
        if not line.strip():
            blank_before = True
            continue
        if current is None or blank_before:
            close(offsets[i])
            label = current["label"] if current is not None else ""
            current = {"label": label, "parts": [line.strip()], "start": offsets[i], "line": i + 1, "time": "",
                       "text_start": offsets[i] + _indent(line)}
        else:
            current["parts"].append(line.strip())
        blank_before = False
    close(size)
    if verbatim and turns and turns[-1].text.endswith("\n"):
        # the export ends its last line with a newline; it is not part of the row
        last = turns[-1]
        turns[-1] = Turn(last.label, last.text[:-1], last.start, last.end, last.line, last.time, last.text_start)
    return tuple(t for t in turns if t.text.strip() or verbatim)


ROW_TARGET = 800
"""Characters a row of a long paragraph grows to before it is cut at the next sentence end."""
ROW_MAX = 1600
"""Characters a row holds at most: a longer paragraph is cut at sentence ends, else at a space."""
SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+")
"""The end of a sentence (with closing quotes or brackets) and the whitespace after it: a place to cut."""


def _paragraphs(lines: list[str], offsets: list[int], size: int) -> tuple[Turn, ...]:
    """Rows of a text without speaker turns: its paragraphs (runs of non-blank lines), and a paragraph longer
    than `ROW_MAX` cut into groups of sentences, so that a text written without blank lines does not become one
    row of a thousand lines."""
    text = "\n".join(lines)
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for i, line in enumerate(lines + [""]):
        if line.strip():
            if start is None:
                start = offsets[i] + _indent(line)
        elif start is not None:
            end = offsets[i] - 1 if i < len(lines) else len(text)
            spans += _cut(text, start, end)
            start = None
    turns = []
    for k, (a, b) in enumerate(spans):
        owner_end = spans[k + 1][0] if k + 1 < len(spans) else size  # each row owns the text up to the next one
        line = bisect_right(offsets, a)
        turns.append(Turn("", " ".join(text[a:b].split()), a, owner_end, line, text_start=a))
    return tuple(turns)


def _cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) as one span, or cut at sentence ends (else spaces) into spans of at most `ROW_MAX`."""
    spans = []
    while end - start > ROW_MAX:
        found = list(SENTENCE_END.finditer(text, start + 1, start + ROW_MAX + 1))
        # a sentence that ends a line ends a paragraph, in a text written one paragraph a line
        at_line = [m.end() for m in found if "\n" in m.group(0)]
        ends = [m.end() for m in found]
        late = [e for e in at_line if e - start >= ROW_TARGET] or [e for e in ends if e - start >= ROW_TARGET]
        cut = late[0] if late else (ends[-1] if ends else 0)
        if not cut:
            space = text.rfind(" ", start + 1, start + ROW_MAX)
            space = max(space, text.rfind("\n", start + 1, start + ROW_MAX))
            cut = space + 1 if space > start else start + ROW_MAX
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        spans.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))
    return spans


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


ASKING_WORDS = frozenset({"interviewer", "moderator", "facilitator", "intervjuare", "int", "i", "q"})
"""Words of labels of those who ask (`Interviewer 2`, `Q`): never chosen as the respondent by default."""


def asks(label: str) -> bool:
    """Whether the label says its speaker asks the questions."""
    return any(w in ASKING_WORDS for w in re.split(r"[^\w]+", label.casefold()) if w and not w.isdigit())


def is_generic(label: str) -> bool:
    """Whether a speaker label names no one (`Speaker 12`, `Moderator`, `I`, `R2`): every word generic or a number."""
    words = [w for w in re.split(r"[^\w]+", label.casefold()) if w]
    if not words:
        return True
    if re.fullmatch(r"[A-Z]{1,2}\d*", label.strip()):
        return True  # initials and pseudonyms such as PK, I1, R2
    return all(w in GENERIC_WORDS or w.isdigit() or (len(w) == 1) for w in words)


def name_parts(label: str) -> list[str]:
    """The parts of a name worth redacting on their own: capitalised words of two or more letters, no titles. A
    hyphen separates parts (`Anna-Karin` has `Anna` and `Karin`), as it separates words for the build's check."""
    return [w for w in re.findall(r"[^\W\d_][\w']*", label)
            if len(w) >= 2 and w[0].isupper() and w.casefold() not in GENERIC_WORDS]


@dataclass(frozen=True)
class Redaction:
    """Mentions of names in text, replaced by their pseudonyms in brackets (`[I1]`).

    Words are what the build's forbidden-term check takes them to be (`checks.anonymity.term_regex`): the same
    boundaries, hyphens and genitive `s`, so that an imported folder passes its own build. Whole labels are
    matched without regard to case, as that check matches them; single parts of a name only when capitalised, so
    the `max` of `max 5` stays."""

    whole: dict[str, str]
    """Name (a whole speaker label or user name) → pseudonym."""
    parts: dict[str, str]
    """A part of a name as written (`Berg` of `Anna Berg`) → pseudonym."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_whole", term_regex(self.whole))
        object.__setattr__(self, "_parts", term_regex(self.parts, ignore_case=False))
        object.__setattr__(self, "_keys", {term_key(k): k for k in self.whole})

    def apply(self, text: str, brackets: bool = True) -> tuple[str, dict[str, int]]:
        """The text with every mention replaced, and how often each name was mentioned. Without `brackets` the
        pseudonym stands alone (for ids and slugs, which cannot hold brackets)."""
        counts: dict[str, int] = {}

        def replace(table: dict[str, str], name: str) -> str:
            counts[name] = counts.get(name, 0) + 1
            return f"[{table[name]}]" if brackets else table[name]

        whole, parts = getattr(self, "_whole"), getattr(self, "_parts")
        keys = getattr(self, "_keys")
        if whole is not None:
            text = whole.sub(lambda m: replace(self.whole, keys[term_key(m.group(1))]), text)
        if parts is not None:
            text = parts.sub(lambda m: replace(self.parts, " ".join(m.group(1).split())), text)
        return text, counts

    def text(self, text: str) -> str:
        """`apply`, without the counts."""
        return self.apply(text)[0]


def redaction(labels: dict[str, str]) -> Redaction:
    """Redact every label (name → pseudonym) that is a name, and each part of it (`Berg` of `Anna Berg`)."""
    whole = {label: pseudonym for label, pseudonym in labels.items() if not is_generic(label)}
    parts: dict[str, str] = {}
    for label, pseudonym in whole.items():
        for part in name_parts(label):
            if term_key(part) not in {term_key(w) for w in whole}:
                parts.setdefault(part, pseudonym)
    return Redaction(whole, parts)
