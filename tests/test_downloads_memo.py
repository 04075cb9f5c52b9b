"""The downloads kept from one build to the next: after an edit, a second build gives exactly what a cold one does.

With the incremental build's memo (`qualsite.memo`), `data.zip` and `study.qdpx`
deflate only the members whose content changed (`qualsite.zipped`), and
`study.qdpx` and `segments.csv` keep what each unchanged transcript gave. These
tests edit the thesis (a findings file, a transcript row), build the downloads
again with the memo, then without one: the bytes must be the same, and the
archives must hold the edit. They also pin that the QDA-XML,
now written as text, is laid out as ElementTree lays it out, so that the export
is what it was before it was written by hand.
"""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
import uuid
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from qualsite.checks import analyse
from qualsite.load import load
from qualsite.memo import Memo
from qualsite.refiqda import exporter
from qualsite.refiqda.exporter import NAMESPACE, codebook_qde, guid, study_qde, study_qdpx
from qualsite.render import downloads
from qualsite.render.context import build_context
from test_render_study import tiny_project

THESIS = Path(__file__).resolve().parent / "cases" / "thesis"
FINDING = "data/findings/4.1-strategi.md"


def thesis_downloads(root: Path, memo: Memo | None) -> dict[str, str | bytes]:
    """The downloads as one build makes them: loaded, checked and rendered with `memo`, or cold without one."""
    if memo is not None:
        memo.begin()
    project, problems = load(root / "data", root, memo)
    assert project is not None, problems
    evidence, found = analyse(project, root=root, memo=memo)
    warnings = [p for p in found if p.severity == "warning"]
    pages = downloads.pages(build_context(project, evidence, warnings, memo=memo), root)
    if memo is not None:
        memo.end()
    return pages


@pytest.fixture
def thesis_copy(tmp_path: Path) -> Path:
    shutil.copytree(THESIS / "data", tmp_path / "data")
    return tmp_path


def test_downloads_after_a_findings_edit_equal_a_cold_build_byte_for_byte(thesis_copy: Path):
    memo = Memo()
    before = thesis_downloads(thesis_copy, memo)
    finding = thesis_copy / FINDING
    text = finding.read_text(encoding="utf-8")
    assert "vanlig hederlig" in text  # one quote edited (its annotation changes), and a paragraph added
    finding.write_text(text.replace("vanlig hederlig", "vanlig ärlig") + "\nEtt stycke till, skrivet under `--serve`.\n",
                       encoding="utf-8")
    again = thesis_downloads(thesis_copy, memo)
    assert memo.reused > 0
    cold = thesis_downloads(thesis_copy, None)
    assert again == cold
    assert again["downloads/data.zip"] != before["downloads/data.zip"]
    assert again["downloads/study.qdpx"] == before["downloads/study.qdpx"]  # the findings are not in the QDPX
    assert again["downloads/evidence.jsonld"] != before["downloads/evidence.jsonld"]
    assert "vanlig ärlig" in again["downloads/evidence.jsonld"]
    evidence = again["downloads/evidence.jsonld"]
    assert evidence == json.dumps(json.loads(evidence), ensure_ascii=False, indent=1) + "\n"  # as json lays it out
    with zipfile.ZipFile(io.BytesIO(again["downloads/data.zip"])) as archive:
        assert archive.testzip() is None
        assert archive.read(FINDING) == finding.read_bytes()
        assert sorted(archive.namelist()) == sorted(zipfile.ZipFile(io.BytesIO(before["downloads/data.zip"])).namelist())


def exported(memo: Memo | None, project) -> tuple[bytes, str]:  # type: ignore[no-untyped-def]
    """`study.qdpx` and `segments.csv` as one build makes them, with `memo` or cold."""
    if memo is None:
        return study_qdpx(project), downloads.segments_csv(project)
    memo.begin()
    made = study_qdpx(project, memo), downloads.segments_csv(project, memo)
    memo.end()
    return made


def test_study_qdpx_and_segments_after_a_transcript_edit_equal_a_cold_export():
    project, problems = load(THESIS / "data", THESIS)
    assert project is not None, problems
    memo = Memo()
    first = exported(memo, project)
    transcript = project.transcripts[1]
    row = dataclasses.replace(transcript.rows[3], text=transcript.rows[3].text + " (ändrad)")
    edited = dataclasses.replace(transcript, rows=(*transcript.rows[:3], row, *transcript.rows[4:]))
    changed = dataclasses.replace(project, transcripts=(project.transcripts[0], edited, *project.transcripts[2:]))
    again = exported(memo, changed)
    assert memo.computed <= 4  # R2's source, its text and segments deflated and written again, and project.qde
    assert again == exported(None, changed)
    assert again[0] != first[0] and again[1] != first[1] and "(ändrad)" in again[1]
    with zipfile.ZipFile(io.BytesIO(again[0])) as archive:
        assert archive.testzip() is None
        name = f"sources/{exporter.source_guid(edited)}.txt"
        assert "(ändrad)" in archive.read(name).decode("utf-8")
        assert b"(\xc3\xa4ndrad)" not in archive.read("project.qde")  # a selection names its position, not its text
    assert exported(memo, project) == first == exported(None, project)


def test_guids_are_uuid5_of_their_names():
    names = [("code", ("DIGMED",)), ("row", ("R4", 52, 2)), ("variable", ("ålder",)), ("user", ())]
    for kind, parts in names + [("coding", ("R1", n, 1, "KOM")) for n in range(400)]:
        assert guid(kind, *parts) == str(uuid.uuid5(NAMESPACE, ":".join([kind, *map(str, parts)])))


def elementtree_layout(xml: bytes) -> bytes:
    """`xml` parsed and written again by ElementTree, indented as the export used to be (`ET.indent`, two spaces).
    The default namespace is renamed while ElementTree reads it, which would otherwise write `ns0:` prefixes."""
    text = xml.decode("utf-8").replace(' xmlns="', ' data-xmlns="', 1)
    root = ET.fromstring(text)
    ET.indent(root, space="  ")
    written = ET.tostring(root, encoding="unicode").replace(' data-xmlns="', ' xmlns="', 1)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + written.encode("utf-8") + b"\n"


@pytest.mark.parametrize("which", ["thesis", "tiny"])
def test_the_xml_is_laid_out_as_elementtree_lays_it_out(which: str):
    if which == "thesis":
        project, problems = load(THESIS / "data", THESIS)
        assert project is not None, problems
    else:  # quotes, angle brackets and ampersands in the rows, the titles and the codebook
        project = tiny_project()
        study = dataclasses.replace(project.study, title='En "titel" <med> & tecken,\n\tradbrytning\r och tabb')
        project = dataclasses.replace(project, study=study)
    qde = study_qde(project)
    assert qde == elementtree_layout(qde)
    qdc = codebook_qde(project.codebook)
    assert qdc == elementtree_layout(qdc)
