"""The downloads kept from one build to the next: after an edit, a second call returns exactly what a cold one does.

`data.zip` and `study.qdpx` deflate each member once per content
(`qualsite.zipped`), and `study.qdpx` keeps each source's XML (`qualsite.memo`).
These tests edit the thesis (a findings file, a transcript row), call the
downloads again, then forget every memo and call them cold: the bytes must be
the same, and the archives must hold the edit. They also pin that the QDA-XML,
now written as text, is laid out as ElementTree lays it out, so that the export
is what it was before it was written by hand.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import uuid
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from qualsite.checks import analyse
from qualsite.load import load
from qualsite.refiqda import exporter
from qualsite.refiqda.exporter import NAMESPACE, codebook_qde, guid, study_qde, study_qdpx
from qualsite.render import downloads
from qualsite.render.context import build_context
from test_render_study import tiny_project

THESIS = Path(__file__).resolve().parent / "cases" / "thesis"
FINDING = "data/findings/4.1-strategi.md"


def forget() -> None:
    """Clear every memo of the downloads: the next call is cold."""
    downloads.forget()
    assert not (len(downloads.SEGMENTS) or len(downloads.DATA_ZIP) or len(exporter.QDPX) or len(exporter.SOURCES))


def thesis_downloads(root: Path) -> dict[str, str | bytes]:
    project, problems = load(root / "data", root)
    assert project is not None, problems
    evidence, found = analyse(project, root=root)
    return downloads.pages(build_context(project, evidence, [p for p in found if p.severity == "warning"]), root)


@pytest.fixture
def thesis_copy(tmp_path: Path) -> Path:
    shutil.copytree(THESIS / "data", tmp_path / "data")
    return tmp_path


def test_downloads_after_a_findings_edit_equal_a_cold_build_byte_for_byte(thesis_copy: Path):
    before = thesis_downloads(thesis_copy)
    finding = thesis_copy / FINDING
    finding.write_text(finding.read_text(encoding="utf-8") + "\nEtt stycke till, skrivet under `--serve`.\n",
                       encoding="utf-8")
    again = thesis_downloads(thesis_copy)
    forget()
    cold = thesis_downloads(thesis_copy)
    assert again == cold
    assert again["downloads/data.zip"] != before["downloads/data.zip"]
    assert again["downloads/study.qdpx"] == before["downloads/study.qdpx"]  # the findings are not in the QDPX
    with zipfile.ZipFile(io.BytesIO(again["downloads/data.zip"])) as archive:
        assert archive.testzip() is None
        assert archive.read(FINDING) == finding.read_bytes()
        assert sorted(archive.namelist()) == sorted(zipfile.ZipFile(io.BytesIO(before["downloads/data.zip"])).namelist())


def test_study_qdpx_and_segments_after_a_transcript_edit_equal_a_cold_export():
    project, problems = load(THESIS / "data", THESIS)
    assert project is not None, problems
    first, first_segments = study_qdpx(project), downloads.segments_csv(project)
    transcript = project.transcripts[1]
    row = dataclasses.replace(transcript.rows[3], text=transcript.rows[3].text + " (ändrad)")
    edited = dataclasses.replace(transcript, rows=(*transcript.rows[:3], row, *transcript.rows[4:]))
    changed = dataclasses.replace(project, transcripts=(project.transcripts[0], edited, *project.transcripts[2:]))
    again, segments = study_qdpx(changed), downloads.segments_csv(changed)
    assert len(exporter.SOURCES) == len(downloads.SEGMENTS) == len(project.transcripts)  # the old R2 forgotten
    forget()
    assert again == study_qdpx(changed) != first
    assert segments == downloads.segments_csv(changed) != first_segments
    assert "(ändrad)" in segments
    with zipfile.ZipFile(io.BytesIO(again)) as archive:
        assert archive.testzip() is None
        name = f"sources/{exporter.source_guid(edited)}.txt"
        assert "(ändrad)" in archive.read(name).decode("utf-8")
        assert b"(\xc3\xa4ndrad)" not in archive.read("project.qde")  # a selection names its position, not its text
    forget()
    assert study_qdpx(project) == first and downloads.segments_csv(project) == first_segments


def test_guids_are_uuid5_of_their_names():
    for kind, parts in [("code", ("DIGMED",)), ("row", ("R4", 52, 2)), ("variable", ("ålder",)), ("user", ())]:
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
