"""The imported study as the text of each file of a data folder, in the format of `format/README.md`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Iterable

import yaml

from ..checks.anonymity import TermMatcher
from ..load.ids import GUID
from .codes import Codebook, MappedGroup
from .log import Log
from .marker import ExportedStudy
from .qde import QProject

if TYPE_CHECKING:
    from .importer import Row, Transcript

PARTICIPANT_KEYS = {"role": "role", "organisation": "organisation", "organization": "organisation",
                    "interview_length": "interview_length", "appendix": "appendix", "mode": "mode"}
"""Case variables (by name, any case) that fill a participant's own fields; the rest become attributes."""

UNUSED = "code '{}' is never used in any transcript; apply it to a row or remove it from the codebook"
"""The build's warning for an unused code (`checks.integrity`), recorded as reviewed for imported codes."""

SAFE_QUOTE = re.compile(r"[\w ,.?!'’-]{12,240}")
"""Row text that can be quoted in the findings stub as it is, with no Markdown in it."""


def _dump(value: object) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100_000, default_flow_style=False)


def _redacted(value: object, redact: Callable[[str], str]) -> object:
    """Every string in a YAML value, redacted (keys are the format's own words)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: _redacted(v, redact) for k, v in value.items()}
    if isinstance(value, list):
        return [_redacted(v, redact) for v in value]
    return value


def study_yaml(*, title: str, language: str, date: str, abstract: str, redact: Callable[[str], str] = str) -> str:
    study: dict[str, object] = {"title": title, "language": language}
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        study["date"] = date
        study["year"] = int(date[:4])
    study["abstract"] = abstract
    return _dump(_redacted(study, redact))


def codebook_yaml(book: Codebook, groups: list[MappedGroup], kept: KeptGuids,
                  redact: Callable[[str], str] = str) -> str:
    codebook: dict[str, object] = {"areas": [
        {"id": a.id, "name": a.name, "colour": a.colour, "description": a.description,
         **kept.key(a.guid), "codes": [_code(c, kept) for c in a.codes]}
        for a in book.areas]}
    if groups:
        codebook["groups"] = [{"name": g.name, **({"description": g.description} if g.description else {}),
                               "codes": list(g.codes)} for g in groups]
    return _dump(_redacted(codebook, redact))


def reviewed_unused(codes: list[str], because: str, redact: Callable[[str], str] = str) -> str:
    """`reviewed.yaml` accepting the build's 'never used' warning of each of `codes`, for the reason given."""
    return _dump(_redacted({"accepted": [
        {"file": "codebook.yaml", "warning": UNUSED.format(code), "because": because} for code in codes]}, redact))


def study_files(*, project: QProject, archive: str, language: str, date: str, book: Codebook,
                groups: list[MappedGroup], transcripts: list[Transcript], forbidden: list[str],
                memos: list[tuple[str, str]], log: Log, redact: Callable[[str], str] = str,
                exported: ExportedStudy | None = None) -> dict[str, str]:
    """The files of the data folder. Every text in them passes `redact`, the same replacement of names that
    made the rows, so that no file the import writes names anyone the build would refuse (`forbidden`)."""

    def _yaml(value: object) -> str:
        return _dump(_redacted(value, redact))

    files: dict[str, str] = {}
    files["study.yaml"] = _yaml(_study(project, archive, language, date, exported, private_terms=bool(forbidden)))
    kept = KeptGuids(log)
    files["codebook.yaml"] = codebook_yaml(book, groups, kept, redact)
    files["participants.yaml"] = _yaml({"participants": [_participant(t, kept) for t in transcripts]})
    for t in transcripts:
        body: dict[str, object] = {"participant": t.id}
        if t.title != t.id:
            body["title"] = t.title
        body.update(kept.key(t.guid))
        body["speakers"] = [{"id": ident, "role": role} for ident, role in t.speakers]
        body["rows"] = [{"n": r.n, "speaker": r.speaker, "text": r.text, "codes": list(r.codes)} for r in t.rows]
        files[f"transcripts/{t.id}.yaml"] = _yaml(body)
    if any(t.rows for t in transcripts):
        files["findings/1-findings.md"] = redact(_findings_stub(transcripts, archive))
    else:
        log.note("no findings stub written: there are no transcript rows to cite, and a finding without"
                 " citations fails --strict. Write your findings in findings/ (see format/README.md)")
    if memos:
        files["pages/memos.md"] = redact("---\ntitle: Memos\n---\n\n" + "\n\n".join(
            f"## {title}\n\n{text.strip()}" for title, text in memos) + "\n")
    used = {c for t in transcripts for r in t.rows for c in r.codes}
    unused = [c.id for a in book.areas for c in a.codes if c.id not in used]
    if unused:
        files["reviewed.yaml"] = reviewed_unused(unused, f"Imported from {archive}: in the project's codebook, but no"
                                                         " text in the project is coded with it.", redact)
        log.note(f"{len(unused)} codes are applied to no row; they are kept, and their 'never used' warnings are"
                 " recorded as reviewed in reviewed.yaml (delete an entry to see its warning again)")
    if forbidden:
        files["private/forbidden-terms.txt"] = (
            "# Names of speakers and users found by the REFI-QDA import, replaced by pseudonyms. The build refuses to"
            " publish them.\n"
            "# This folder is for you only: keep it out of version control (it is in .gitignore for data/).\n"
            + "".join(f"{name}\n" for name in sorted(forbidden)))
        log.note(f"{len(forbidden)} names are listed in private/forbidden-terms.txt, so the build refuses to"
                 " publish any of them")
    return files


def unredacted(files: dict[str, str], names: Iterable[str]) -> list[str]:
    """`path:line` of every public file line where one of `names` still stands, found as the build finds
    forbidden terms (`checks.anonymity.TermMatcher`)."""
    matcher = TermMatcher(list(names))
    found = []
    for path, text in sorted(files.items()):
        if not path.startswith("private/"):
            found += [f"{path}:{n}" for n, line in enumerate(text.splitlines(), 1) if any(matcher.find(line))]
    return found


def _study(project: QProject, archive: str, language: str, date: str,
           exported: ExportedStudy | None, *, private_terms: bool) -> dict[str, object]:
    """study.yaml: a qualsite export's metadata as it was; else the project's name and date. `private_terms`: the
    import listed names in private/forbidden-terms.txt, so every build of the study must have that list."""
    study: dict[str, object] = {"title": project.name or archive, "language": language}
    anonymity: dict[str, object] = {"private_terms": True} if private_terms else {}
    if exported is not None:
        metadata = {key: list(v) if isinstance(v, tuple) else v for key, v in exported.metadata}
        if metadata.pop("private_terms", False):
            anonymity["private_terms"] = True
        reviewed = metadata.pop("reviewed_terms", None)
        study.update(metadata)
        if reviewed:
            anonymity["reviewed_terms"] = reviewed
        if anonymity:
            study["anonymity"] = anonymity
        return study
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        study["date"] = date
        study["year"] = int(date[:4])
    origin = f" ({project.origin})" if project.origin else ""
    study["abstract"] = f"Imported from {archive}{origin}, a REFI-QDA project.\n"
    if anonymity:
        study["anonymity"] = anonymity
    return study


class KeptGuids:
    """The GUIDs written into the data folder: each once and well formed, so the folder passes its own loader
    (`load.ids.read_guid`, which refuses a repeat) even when a tool wrote a GUID twice."""

    def __init__(self, log: Log) -> None:
        self.seen: set[str] = set()
        self.log = log

    def key(self, guid: str) -> dict[str, str]:
        """`{"guid": guid}`, or nothing for an empty, malformed or repeated GUID."""
        if not guid:
            return {}
        if not GUID.match(guid) or guid in self.seen:
            self.log.note(f"GUID {guid} is {'malformed' if not GUID.match(guid) else 'used twice'} in the project;"
                          " not kept (the export derives one)")
            return {}
        self.seen.add(guid)
        return {"guid": guid}


def _code(code, kept: KeptGuids) -> dict[str, object]:  # type: ignore[no-untyped-def]
    item: dict[str, object] = {"code": code.id, "label": code.label, "description": code.description}
    if code.parent:
        item["parent"] = code.parent
    if not code.codable:
        item["codable"] = False
    if code.colour:
        item["colour"] = code.colour
    item.update(kept.key(code.guid))
    return item


def _participant(t: Transcript, kept: KeptGuids) -> dict[str, object]:
    item: dict[str, object] = {"id": t.id, "role": "respondent", "organisation": "—"}
    attributes: dict[str, str] = {}
    for name, value in t.attributes:
        key = PARTICIPANT_KEYS.get(name.strip().casefold().replace(" ", "_"))
        if key and value:
            item[key] = value
        elif name not in attributes:
            attributes[name] = value
    if attributes:
        item["attributes"] = attributes
    item.update(kept.key(t.case_guid))
    return item


def _findings_stub(transcripts: list[Transcript], archive: str) -> str:
    rows = [r for t in transcripts for r in t.rows]
    quotable: tuple[str, Row] | None = next(
        ((t.id, r) for t in transcripts for r in t.rows if r.codes and SAFE_QUOTE.fullmatch(r.text)), None)
    lines = ["---", "title: Findings", "number: \"1\"", "---", "",
             f"The project {archive} holds no findings: REFI-QDA exchanges sources, codes and codings, not the"
             " report. Write your findings here, one Markdown file per theme in `findings/`.", ""]
    if quotable:
        tid, row = quotable
        lines += ["A quote is a blockquote followed by its citation, the transcript id and the row number in"
                  " parentheses:", "", f"> \"{row.text}\" ({tid}:{row.n})", ""]
    elif rows:
        tid = next(t.id for t in transcripts if t.rows)
        row = next(t for t in transcripts if t.rows).rows[0]
        lines += [f"Cite a row by its transcript id and number in parentheses, like this citation of the first row"
                  f" of {tid} ({tid}:{row.n}).", ""]
    lines += ["Several rows are cited together with semicolons between them."]
    return "\n".join(lines) + "\n"
