"""`findings/*.md` and `pages/*.md` → `Document`s: Markdown with YAML front matter."""

from __future__ import annotations

from ..model import Document, DocumentKind
from ..problems import Problem
from ..urls import slugify
from .fields import Field, read_mapping
from .ids import check_slug, shown
from .report import Report
from .yamlsource import Mapping, parse

FRONT_MATTER_FIELDS = (
    Field("title", "text", True, '"Tema 1: Strategi"', example_en='"Theme 1: Strategy"'),
    Field("number", "text", example='"4.1"'),
    Field("order", "int", example="1"),
    Field("slug", "text", example="4-1-strategi", example_en="4-1-strategy"),
)
"""Every key of a document's front matter."""

_FENCE = "---"
_EXAMPLE = {"sv": '---, then title: "Tema 1: Strategi" and order: 1 on their own lines, then ---',
            "en": '---, then title: "Theme 1: Strategy" and order: 1 on their own lines, then ---'}


def read_document(text: str, path: str, kind: DocumentKind, file_name: str, *,
                  language: str = "sv") -> tuple[Document | None, list[Problem]]:
    """Parse a Markdown document (at `path`) whose file is named `file_name` (`4.1-strategi.md`); messages give
    examples in the study's `language`."""
    report = Report(path, language=language)
    example = _EXAMPLE.get(language, _EXAMPLE["en"])
    lines = text.split("\n")
    if lines[0].rstrip() != _FENCE:
        report.error(1, f"the file has no front matter; start it with {example}", "front-matter")
        return None, report.problems
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (_FENCE, "...")), None)
    if end is None:
        report.error(1, "the front matter that starts here is never closed; end it with a line holding only ---",
                     "front-matter")
        return None, report.problems
    node = parse("\n".join(lines[1:end]), report, first_line=2, empty_ok=True)
    if report.failed:
        return None, report.problems
    node = node or Mapping((), 1)
    read = read_mapping(node, FRONT_MATTER_FIELDS, report, what="the front matter", line=1, example=example)
    if read is None:
        return None, report.problems
    if "slug" in read.values:
        slug = str(read.get("slug"))
        check_slug(slug, read.line_of("slug"), report, what=f"slug '{shown(slug)}'", fix="choose another slug")
    else:
        stem = file_name.rsplit(".", 1)[0]
        slug = slugify(stem)
        check_slug(slug, 1, report, what=f"slug '{slug}' (from the file name {file_name})",
                   fix="rename the file, or set slug: in the front matter")
    if report.failed:
        return None, report.problems
    return Document(
        kind=kind,
        slug=slug,
        title=str(read.get("title")),
        number=str(read.get("number", "")),
        order=int(read.get("order", 0)),  # type: ignore[call-overload]
        body="\n".join(lines[end + 1:]),
        body_line=end + 2,
        source=report.at(None),
    ), report.problems
