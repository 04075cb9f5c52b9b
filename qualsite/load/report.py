"""A per-file collector of problems: every loader module reports through one."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..labels import Message
from ..model import Source
from ..problems import Problem, Severity, warning


@dataclass
class Report:
    """Problems found in one file (`path` is relative to the project root, posix style).

    Each file's loader owns its own Report and hands back `problems` when done,
    so nothing is shared between files.
    """

    path: str
    problems: list[Problem] = field(default_factory=list)
    language: str = "sv"
    """The study's language (`sv`, `en`), in which examples in messages are written."""

    def at(self, line: int | None) -> Source:
        """The Source of a line of this file (None: the whole file)."""
        return Source(self.path, line)

    def error(self, line: int | None, message: str, kind: str) -> None:
        """Record a problem that stops the build."""
        self.add(line, message, kind, "error")

    def warning(self, line: int | None, said: Message, kind: str) -> None:
        """Record a problem that stops the build only with `--strict`, in words the site can say in any language."""
        self.problems.append(warning(self.at(line), said, kind))

    def add(self, line: int | None, message: str, kind: str, severity: Severity) -> None:
        self.problems.append(Problem(self.at(line), message, severity, kind))

    @property
    def failed(self) -> bool:
        """Whether any error (not just warnings) was recorded."""
        return any(p.severity == "error" for p in self.problems)
