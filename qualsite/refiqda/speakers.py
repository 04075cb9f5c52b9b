"""Speaker turns in plain text, and pseudonyms for the speakers.

A turn starts on a line such as `Anna Berg:   Okay, thank you.` or
`[00:01:02] Anna Berg: Okay`; the lines that follow until the next turn
(wrapped continuation lines) belong to it. A text without turns falls back to
paragraphs. Speaker names are personal data: `Pseudonyms` maps each to an id
and role, and `redact` replaces mentions of the names in the text of every row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    if verbatim:
        accepted = {label for label in counts if label in known}
    starts = {i: m for i, m in candidates.items() if m.group("speaker").strip() in accepted}
    rejected = tuple((i + 1, m.group("speaker").strip()) for i, m in candidates.items() if i not in starts)
    if len(starts) < 2 and not (verbatim and starts):
        return Split(_paragraphs(lines, offsets, len(text)), True, ())
    return Split(_turns(lines, offsets, len(text), starts, verbatim), False, rejected)


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


def _paragraphs(lines: list[str], offsets: list[int], size: int) -> tuple[Turn, ...]:
    turns: list[Turn] = []
    parts: list[str] = []
    start = line_no = 0
    for i, line in enumerate(lines + [""]):
        if line.strip():
            if not parts:
                start, line_no = offsets[i] + _indent(line), i + 1
            parts.append(line.strip())
        elif parts:
            turns.append(Turn("", " ".join(parts), start, 0, line_no))
            parts = []
    # each paragraph owns the text up to the next one
    return tuple(Turn(t.label, t.text, t.start, turns[k + 1].start if k + 1 < len(turns) else size, t.line,
                      text_start=t.start) for k, t in enumerate(turns))


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
    """The parts of a name worth redacting on their own: capitalised words of two or more letters, no titles."""
    return [w for w in re.findall(r"[^\W\d_][\w'-]*", label)
            if len(w) >= 2 and w[0].isupper() and w.casefold() not in GENERIC_WORDS]


@dataclass(frozen=True)
class Redaction:
    """Mentions of speaker names in row text, replaced by their pseudonyms in brackets (`[I1]`)."""

    names: tuple[tuple[str, str, bool], ...]
    """(name as written, pseudonym, whole label?), longest names first. Whole labels are matched without regard
    to case, as the build's forbidden-term check matches them; single parts of a name only when capitalised, so
    the `max` of `max 5` stays."""

    def apply(self, text: str) -> tuple[str, dict[str, int]]:
        """The text with every mention replaced, and how often each name was mentioned."""
        counts: dict[str, int] = {}
        for name, pseudonym, whole in self.names:
            words = r"\s+".join(map(re.escape, name.split()))
            regex = re.compile(rf"(?<![\w-]){words}(?=s?(?![\w-]))", re.IGNORECASE if whole else 0)
            text, n = regex.subn(f"[{pseudonym}]", text)
            if n:
                counts[name] = counts.get(name, 0) + n
        return text, counts


def redaction(labels: dict[str, str]) -> Redaction:
    """Redact every label (name → pseudonym) that is a name, and each part of it (`Berg` of `Anna Berg`)."""
    pairs: dict[str, tuple[str, bool]] = {}
    for label, pseudonym in labels.items():
        if not is_generic(label):
            pairs[label] = (pseudonym, True)
    for label, pseudonym in labels.items():
        if not is_generic(label):
            for part in name_parts(label):
                pairs.setdefault(part, (pseudonym, False))
    ordered = sorted(pairs.items(), key=lambda kv: (-len(kv[0]), kv[0]))
    return Redaction(tuple((name, pseudonym, whole) for name, (pseudonym, whole) in ordered))
