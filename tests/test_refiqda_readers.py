"""Independent readers judge the thesis's `downloads/study.qdpx` and `codebook.qdc`: pyrefiqda and pyqdpx from PyPI.

The readers live in a venv of their own (`tests/readers/requirements.txt`, every
package pinned), created on first use under pytest's cache directory
(`.pytest_cache/d/refiqda-readers/`) and reused while the pins and the Python
version stay the same, so they never touch the project's `.venv`.
`tests/readers/read_qdpx.py` runs inside it and prints what each reader read as
JSON. The tests are marked `readers` (`pytest -m readers` runs only them); they
skip only when PyPI cannot be reached, and fail when it can but the readers
cannot be installed.

Known reader limits, pinned down here so that an upgrade that changes them is
noticed (see NOTES-refiqda-export.md for the evidence):
- pyqdpx keeps a selection only if its `creatingUser` is a `<User>` of the project
  (the standard makes `creatingUser` optional), and a text source only if it has a
  `name` (optional too);
- pyqdpx keeps the first `<Coding>` of each selection only, so a row coded with
  several codes shows its first code there;
- pyqdpx has no API for cases; the script counts them in the document pyqdpx parsed.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tempfile
import sys
from pathlib import Path

import pytest

from qualsite.load import load
from qualsite.refiqda import Options, codebook_qdc, import_qdpx, study_qdpx, write_folder
from qualsite.refiqda.exporter import USER, area_guid, code_guid, source_guid, user_guid
from qualsite.refiqda.schema import PROJECT_XSD

pytestmark = pytest.mark.readers

ROOT = Path(__file__).resolve().parents[1]
READERS = Path(__file__).resolve().parent / "readers"
REQUIREMENTS = READERS / "requirements.txt"
FIXTURES = ROOT.parent / "shared" / "fixtures" / "refi-qda"
QC_DEMO = FIXTURES / "qc-demo.qdpx"

EXPECTED = {"sources": 5, "areas": 3, "codes": 7, "selections": 106, "cases": 5}
"""What issue 11 asks both readers to find in the thesis export."""


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _pypi_unreachable() -> str:
    """Why the package index pip is configured with cannot be asked for the readers, or "" when it can."""
    asked = subprocess.run([sys.executable, "-m", "pip", "index", "versions", "pyrefiqda", "--disable-pip-version-check"],
                           capture_output=True, text=True, timeout=120)
    return "" if asked.returncode == 0 else (asked.stderr.strip().splitlines() or ["pip index failed"])[-1]


@pytest.fixture(scope="session")
def reader_python(request: pytest.FixtureRequest) -> Path:
    """The Python of the readers' venv, created and filled from PyPI on first use."""
    key = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()[:12]
    cache = request.config.cache.mkdir("refiqda-readers") if getattr(request.config, "cache", None) else Path(tempfile.mkdtemp())
    venv = cache / f"py{sys.version_info[0]}{sys.version_info[1]}-{key}"
    python, done = _venv_python(venv), venv / ".installed"
    if done.is_file() and python.is_file():
        return python
    created = subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], capture_output=True, text=True)
    assert created.returncode == 0, f"python -m venv {venv} failed:\n{created.stderr}"
    installed = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                                "-r", str(REQUIREMENTS)], capture_output=True, text=True)
    if installed.returncode != 0:
        unreachable = _pypi_unreachable()
        if unreachable:
            pytest.skip(f"the REFI-QDA readers cannot be installed, PyPI is not reachable ({unreachable})")
        pytest.fail(f"pip install -r {REQUIREMENTS} failed although PyPI is reachable:\n{installed.stderr}")
    done.write_text(key + "\n", encoding="utf-8")
    return python


@pytest.fixture(scope="module")
def thesis():  # type: ignore[no-untyped-def]
    project, problems = load(ROOT / "tests" / "cases" / "thesis" / "data", ROOT / "tests" / "cases" / "thesis")
    assert project is not None, problems
    return project


def _read(reader_python: Path, project, folder: Path) -> dict:  # type: ignore[no-untyped-def]
    """What each reader read from the project's study.qdpx and codebook.qdc, exactly as the site publishes them."""
    (folder / "study.qdpx").write_bytes(study_qdpx(project))
    (folder / "codebook.qdc").write_bytes(codebook_qdc(project))
    run = subprocess.run([str(reader_python), str(READERS / "read_qdpx.py"), str(folder / "study.qdpx"),
                          str(folder / "codebook.qdc")], capture_output=True, text=True, cwd=folder)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    for name in ("pyrefiqda", "pyqdpx"):
        assert "error" not in found[name], f"{name} could not read the export:\n{found[name]['error']}"
    return found


@pytest.fixture(scope="module")
def read(reader_python: Path, thesis, tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[no-untyped-def]
    return _read(reader_python, thesis, tmp_path_factory.mktemp("readers"))


def _coded_rows(transcript, codebook):  # type: ignore[no-untyped-def]
    """The rows the export makes selections of, in order: rows with codes of the codebook and some text."""
    return [r for r in transcript.rows if r.text and any(codebook.code(c) for c in r.codes)]


def _sources_with_their_rows(got: dict, thesis) -> list[tuple[dict, list]]:  # type: ignore[no-untyped-def]
    """What every reader must agree on: one source per transcript, with its GUID and title, holding one selection
    per coded row with that row's text, 106 in all. Returns each source read with the rows it must hold."""
    pairs = []
    for source, transcript in zip(got["sources"], thesis.transcripts, strict=True):
        assert (source["guid"], source["name"]) == (source_guid(transcript), transcript.title)
        rows = _coded_rows(transcript, thesis.codebook)
        assert [s["text"] for s in source["selections"]] == [r.text for r in rows]
        pairs.append((source, rows))
    assert sum(len(source["selections"]) for source, _ in pairs) == EXPECTED["selections"]
    return pairs


def test_pyrefiqda_reads_every_source_code_selection_and_case(read, thesis) -> None:  # type: ignore[no-untyped-def]
    got = read["pyrefiqda"]
    codebook = thesis.codebook
    assert len(got["sources"]) == EXPECTED["sources"] == len(thesis.transcripts)
    assert [(c["guid"], c["name"], c["codable"]) for c in got["codes"]] == \
        [(area_guid(a), a.name, False) for a in codebook.areas]
    assert len(got["codes"]) == EXPECTED["areas"]
    children = [k for c in got["codes"] for k in c["children"]]
    assert [(k["guid"], k["name"], k["description"], k["codable"]) for k in children] == \
        [(code_guid(c), c.label, c.description, True) for c in codebook.codes]
    assert len(children) == EXPECTED["codes"] and all(not k["children"] for k in children)
    assert got["qdc_codes"] == got["codes"]

    selections = [s for source in got["sources"] for s in source["selections"]]
    for source, rows in _sources_with_their_rows(got, thesis):
        assert [[c["code"] for c in s["codings"]] for s in source["selections"]] == \
            [[code_guid(codebook.code(c)) for c in r.codes] for r in rows]
    assert sum(len(s["codings"]) for s in selections) == sum(len(r.codes) for t in thesis.transcripts
                                                             for r in _coded_rows(t, codebook))

    assert got["users"] == [{"guid": user_guid(), "name": USER}] and got["creating_user"] == user_guid()
    stamped = [s["creating_user"] for s in selections] + [c["creating_user"] for s in selections
                                                           for c in s["codings"]]
    assert set(stamped) == {user_guid()} and {s["creating_user"] for s in got["sources"]} == {user_guid()}
    assert [(c["name"], c["sources"]) for c in got["cases"]] == \
        [(p.id, [source_guid(t) for t in thesis.transcripts if t.participant == p.id]) for p in thesis.participants]
    assert len(got["cases"]) == EXPECTED["cases"]


def test_pyqdpx_reads_every_source_code_selection_and_case(read, thesis) -> None:  # type: ignore[no-untyped-def]
    got = read["pyqdpx"]
    codebook = thesis.codebook
    assert got["printed"] == ""  # pyqdpx prints a warning for everything it skips
    assert len(got["sources"]) == EXPECTED["sources"]
    tops = [c for c in got["codes"] if c["parent"] is None]
    assert [(c["guid"], c["name"], c["codable"]) for c in tops] == [(area_guid(a), a.name, False)
                                                                   for a in codebook.areas]
    codes = [c for c in got["codes"] if c["parent"] is not None]
    assert [(c["guid"], c["name"], c["parent"]) for c in codes] == \
        [(code_guid(c), c.label, area_guid(codebook.area(c.area))) for c in codebook.codes]
    assert (len(tops), len(codes)) == (EXPECTED["areas"], EXPECTED["codes"])

    selections = [s for source in got["sources"] for s in source["selections"]]
    for source, rows in _sources_with_their_rows(got, thesis):
        # pyqdpx keeps the first coding of a selection only
        assert [s["code"] for s in source["selections"]] == [code_guid(codebook.code(r.codes[0])) for r in rows]
    assert {s["user"] for s in selections} == {USER}
    assert got["users"] == [{"guid": user_guid(), "name": USER}]
    assert got["cases"] == [p.id for p in thesis.participants] and len(got["cases"]) == EXPECTED["cases"]


def test_both_readers_read_the_export_of_an_imported_qc_project(reader_python: Path, tmp_path: Path) -> None:
    """qc-demo.qdpx itself is beyond pyqdpx (its sources have no name, its selections no creatingUser); imported
    into qualsite and exported again, both readers read every source and coded row of it."""
    if not QC_DEMO.is_file() or not (FIXTURES / PROJECT_XSD).is_file():
        pytest.skip(f"{QC_DEMO} or the schemas are absent")
    result = import_qdpx(QC_DEMO.read_bytes(), QC_DEMO.name, Options(schemas=FIXTURES))
    write_folder(result.files, tmp_path / "data", overwrite=False)
    project, problems = load(tmp_path / "data", tmp_path)
    assert project is not None, [str(p) for p in problems]
    got = _read(reader_python, project, tmp_path)
    rows = [[r.text for r in _coded_rows(t, project.codebook)] for t in project.transcripts]
    assert sum(map(len, rows)) == sum(1 for t in project.transcripts for r in t.rows if r.codes) > 0
    for name in ("pyrefiqda", "pyqdpx"):
        assert [[s["text"] for s in source["selections"]] for source in got[name]["sources"]] == rows, name
    assert got["pyqdpx"]["printed"] == ""
    assert len(got["pyqdpx"]["codes"]) == len(project.codebook.areas) + len(project.codebook.codes) == 262
