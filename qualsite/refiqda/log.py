"""The import log: every deviation tolerated, every change made, and the counts, in reading order."""

from __future__ import annotations

from dataclasses import dataclass, field


class ImportFailed(Exception):
    """The archive cannot be imported. Carries the messages (`where: what is wrong; how to fix it`)."""

    def __init__(self, messages: list[str] | str):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("\n".join(self.messages))


@dataclass
class Log:
    """Lines for the researcher: `note` for what was done, `warn` for what they must check."""

    lines: list[str] = field(default_factory=list)

    def note(self, message: str) -> None:
        self.lines.append(message)

    def warn(self, message: str) -> None:
        self.lines.append(f"warning: {message}")

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.lines if line.startswith("warning: ")]

    def text(self) -> str:
        return "".join(f"{line}\n" for line in self.lines)
