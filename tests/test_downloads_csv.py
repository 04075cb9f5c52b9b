"""The CSV downloads open safely in a spreadsheet (OWASP, CSV injection) and list every quotation the source check
lists; `data.zip` keeps the researcher's text byte for byte."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from qualsite import urls
from qualsite.build import gather
from qualsite.render import render
from qualsite.render.downloads import FORMULA_START, _csv, defused

THESIS = Path(__file__).parent / "cases" / "thesis"
TRIGGERS = ["=", "+", "-", "@", "\t", "\r"]


def undone(cell: str) -> str:
    """What format/README.md tells a reader to do to get the original text back."""
    return cell[1:] if cell.startswith("'") and FORMULA_START.match(cell[1:]) else cell


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_every_formula_trigger_is_defused(trigger: str):
    assert defused(f"{trigger}1+1") == f"'{trigger}1+1"
    assert defused(f"''{trigger}x") == f"'''{trigger}x"  # quotes before a trigger, so that undoing is exact
    assert defused(f"a{trigger}1") == f"a{trigger}1"


@pytest.mark.parametrize("text", ["Vi har en strategi.", "'citat'", "— heter jag", "", "1"])
def test_other_cells_are_left_as_they_are(text: str):
    assert defused(text) == text


@given(st.text())
def test_defusing_can_always_be_undone(text: str):
    assert undone(defused(text)) == text
    assert defused(text)[:1] not in TRIGGERS


def hostile_copy(tmp_path: Path) -> Path:
    """The thesis with R1:2 and R1:4 rewritten as formulas (the exact texts of the issue)."""
    root = tmp_path / "study"
    (root / "data").mkdir(parents=True)
    for path in (THESIS / "data").rglob("*"):
        if path.is_file():
            target = root / "data" / path.relative_to(THESIS / "data")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    transcript = root / "data" / "transcripts" / "R1.yaml"
    lines = transcript.read_text(encoding="utf-8").split("\n")
    for n, formula in [(2, '\'=HYPERLINK("http://example.com","x")\''), (4, "'@SUM(1)'")]:
        text_line = lines.index(f"  - n: {n}") + 2
        assert lines[text_line].startswith("    text: ")
        lines[text_line] = f"    text: {formula}"
    transcript.write_text("\n".join(lines), encoding="utf-8")
    return root


def test_formulas_in_rows_come_out_defused_in_both_csvs_and_unchanged_in_data_zip(tmp_path: Path):
    root = hostile_copy(tmp_path)
    project, evidence, problems = gather(root / "data", root=root)
    pages = render(project, evidence, [p for p in problems if p.severity == "warning"], root=root)
    r1 = {row.n: row.text for row in project.transcripts[0].rows}
    formulas = [text for text in r1.values() if text.startswith(("=", "@"))]
    assert formulas == ['=HYPERLINK("http://example.com","x")', "@SUM(1)"]

    segments = list(csv.DictReader(io.StringIO(pages[urls.SEGMENTS_CSV])))
    cells = [line["text"] for line in segments if line["transcript"] == "R1"]
    assert ["'" + f for f in formulas] == [c for c in cells if c.lstrip("'").startswith(("=", "@"))]
    assert all(value[:1] not in TRIGGERS for line in segments for value in line.values())
    assert '"\'=HYPERLINK(""http://example.com"",""x"")"' in pages[urls.SEGMENTS_CSV]  # quoted, as one cell

    citations = list(csv.reader(io.StringIO(pages[urls.CITATIONS_CSV])))
    assert all(cell[:1] not in TRIGGERS for line in citations for cell in line)

    with zipfile.ZipFile(io.BytesIO(pages[urls.DATA_ZIP])) as archive:
        assert archive.read("data/transcripts/R1.yaml") == (root / "data/transcripts/R1.yaml").read_bytes()
    with zipfile.ZipFile(io.BytesIO(pages[urls.STUDY_QDPX])) as archive:
        sources = [archive.read(name).decode("utf-8") for name in archive.namelist() if name.startswith("sources/")]
    assert sum(formula in text for text in sources for formula in formulas) == 2  # the REFI-QDA text, unchanged


def test_the_thesis_citations_csv_lists_the_uncited_quotation_with_its_suggestion():
    project, evidence, problems = gather(THESIS / "data", root=THESIS)
    pages = render(project, evidence, [p for p in problems if p.severity == "warning"], root=THESIS)
    lines = list(csv.DictReader(io.StringIO(pages[urls.CITATIONS_CSV])))
    uncited = [line for line in lines if line["status"] == "uncited"]
    assert len(uncited) == len(evidence.uncited) == 1
    assert uncited[0]["suggestion"] == "R4:39"
    assert uncited[0]["ref"] == ""
    assert uncited[0]["page"].startswith("findings/4-6-")
    assert uncited[0]["quote"] == evidence.uncited[0].quote
    cited = [line for line in lines if line["status"] != "uncited"]
    assert len(cited) == sum(len(item.citation.references) for item in evidence.citations)
    assert {line["suggestion"] for line in cited} == {""}


def _writer_csv(header: list[str] | None, rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    if header is not None:
        writer.writerow(header)
    writer.writerows([defused(cell) for cell in row] for row in rows)
    return buffer.getvalue()


_CELL = st.one_of(st.text(alphabet=st.sampled_from(list('a",\n\r\0\t =+-@\'å\u2028')), max_size=8),
                  st.integers(-5, 5))


@given(st.one_of(st.none(), st.lists(st.text(max_size=4), max_size=3)),
       st.lists(st.lists(_CELL, max_size=6), max_size=4))
def test_the_csvs_are_written_as_the_csv_module_writes_them(header, rows):
    """`_csv` writes its lines itself (it was most of segments.csv's time); they are the csv module's, byte for byte."""
    assert _csv(header, rows) == _writer_csv(header, rows)
