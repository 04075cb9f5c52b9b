"""Problems found in the input, and the one exception that carries them.

A `Problem` is a message to the researcher: where (`path:line`), what is
wrong, and how to fix it. Loading and checking collect problems instead of
stopping at the first, so one run reports everything; the build then fails
once (`DataError`). Programmer bugs are not problems: they stay tracebacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal

from .labels import Message, say
from .model import Source

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, as the researcher will read it."""

    source: Source
    """Where the problem is: file and, when known, line."""
    message: str
    """What is wrong; how to fix it. One sentence pair, no trailing period needed."""
    severity: Severity = "error"
    """`error` stops the build; `warning` stops it only with `--strict`."""
    kind: str = ""
    """Stable short name of the check that found it (`unknown-code`), for filtering and tests."""
    reviewed: str = ""
    """For a warning the researcher has reviewed and accepts (`data/reviewed.yaml`): their reason. A reviewed
    warning is still reported and published, but no longer fails a `--strict` build."""
    said: Message | None = None
    """For a warning, `message` as a key and values, so the site shows it in the study's language (`labels.say`);
    `message` is its English, for the terminal and for `reviewed.yaml`."""

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        suffix = f" [reviewed: {self.reviewed}]" if self.reviewed else ""
        return f"{self.source}: {prefix}{self.message}{suffix}"


def warning(source: Source, said: Message, kind: str) -> Problem:
    """A warning the site can show in the study's language; the terminal says it in English."""
    return Problem(source, say(said, "en"), "warning", kind, said=said)


class DataError(Exception):
    """The input cannot be published as it is. Carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(sorted(problems, key=sort_key))
        super().__init__("\n".join(str(p) for p in self.problems))


def sort_key(problem: Problem) -> tuple:
    """Order problems as a reader scans files: by path, then line, then message."""
    return (problem.source.path, problem.source.line or 0, problem.message)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Only the problems that stop a build."""
    return [p for p in problems if p.severity == "error"]


def fatal(problems: Iterable[Problem], *, strict: bool) -> list[Problem]:
    """The problems that stop this build: errors, plus warnings when strict."""
    return [p for p in problems if p.severity == "error" or (strict and not p.reviewed)]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """` (did you mean 'X'?)` for the closest candidate, or an empty string."""
    import difflib

    pool = list(candidates)
    by_case = {c.lower(): c for c in pool}
    matches = difflib.get_close_matches(word.lower(), list(by_case), n=1, cutoff=0.6)
    return f" (did you mean '{by_case[matches[0]]}'?)" if matches else ""
