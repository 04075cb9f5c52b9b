"""Warnings the researcher has reviewed and accepts, from `data/reviewed.yaml`.

Some warnings describe the research as it is: the thesis quotes "klimatmässig"
where its transcript says "klimatomfattig", and it must be published as
printed. The researcher records such a warning once, with a reason; it is still
reported and shown on the source-check page, but no longer fails `--strict`.

An entry names the file and the exact warning text, without line numbers, so
an edit elsewhere keeps it valid, while any change to the quote or the row
changes the message and asks for a fresh review. An entry that matches no
warning any more is itself reported, so the file cannot silently go stale.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .load.fields import Field, items, read_file, read_mapping
from .load.files import read_text, relative
from .load.report import Report
from .load.yamlsource import Sequence
from .model import Source
from .labels import message
from .problems import Problem, warning

FILE_NAME = "reviewed.yaml"
EXAMPLE = '{file: data/findings/4.1-strategi.md, warning: "(R1:10) quote differs …", because: "Printed so in the thesis."}'
FIELDS = (
    Field("file", "text", required=True, example="data/findings/4.1-strategi.md"),
    Field("warning", "text", required=True, example='"(R1:10) quote differs from the transcript: …"'),
    Field("because", "text", required=True, example='"The thesis prints the quote this way; it is published as printed."'),
)


@dataclass(frozen=True)
class Review:
    """One warning the researcher accepts."""

    file: str
    """The file the warning is about, as the warning names it (`data/findings/4.1-strategi.md`); written relative to
    the project root or to the data folder."""
    warning: str
    """The warning's text exactly as reported, without the `path:line: warning: ` prefix."""
    because: str
    """Why it is accepted; published beside the warning."""
    source: Source
    """Where the entry is written."""


def read_reviews(data_dir: Path, root: Path) -> tuple[tuple[Review, ...], list[Problem]]:
    """The reviews in `data/reviewed.yaml`; none when the file does not exist."""
    path = data_dir / FILE_NAME
    if not path.exists():
        return (), []
    text, problems = read_text(path, root, within=data_dir)
    if text is None:
        return (), problems
    report = Report(relative(path, root))
    top = read_file(text, (Field("accepted", "any", required=True, example="[]"),), report,
                    what=FILE_NAME, example=f"accepted: [{EXAMPLE}]", empty_ok=True)
    reviews: list[Review] = []
    if top is not None:
        accepted = top.get("accepted")
        if accepted is not None and not isinstance(accepted, Sequence):
            report.error(top.line_of("accepted"), f"'accepted' must be a list of entries like {EXAMPLE}", "wrong-type")
        for item in items(accepted):
            entry = read_mapping(item, FIELDS, report, what="this review", example=EXAMPLE)
            if entry and all(f.name in entry.values for f in FIELDS):
                reviews.append(Review(_from_root(str(entry.get("file")), relative(data_dir, root)),
                                      str(entry.get("warning")).strip(),
                                      str(entry.get("because")).strip(), report.at(entry.line)))
    return tuple(reviews), [*problems, *report.problems]


def _from_root(file: str, data_path: str) -> str:
    """A review's file as warnings name it: `data/codebook.yaml` may also be written `codebook.yaml`, relative to
    the data folder, so a data folder can move (an import writes it that way)."""
    return file if file.startswith(f"{data_path}/") else f"{data_path}/{file}"


def accept_reviewed(problems: list[Problem], reviews: tuple[Review, ...]) -> list[Problem]:
    """`problems` with reviewed warnings marked, plus a warning for every review that matches nothing."""
    by_key = {(r.file, r.warning): r for r in reviews}
    used: set[tuple[str, str]] = set()
    marked = []
    for problem in problems:
        review = by_key.get((problem.source.path, problem.message)) if problem.severity == "warning" else None
        if review is None:
            marked.append(problem)
        else:
            used.add((review.file, review.warning))
            marked.append(replace(problem, reviewed=review.because))
    stale = [
        warning(r.source, message("stale-review"), "stale-review")
        for r in reviews if (r.file, r.warning) not in used
    ]
    return [*marked, *stale]
