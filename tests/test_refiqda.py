"""REFI-QDA import and export: golden cases in tests/cases/refiqda-*/, the qc fixture, and the thesis round trip.

Each golden case holds `project/` (the files of a QDPX, zipped by the test) or a
ready `project.qdpx`, and `expected-log.txt`: the import log, or the messages of
a failed import. A successful import also has `expected/`, the data folder it
writes. `pytest tests/test_refiqda.py --update-golden` rewrites them.

The official schemas and the qc-demo project live outside the repository, in
`../shared/fixtures/refi-qda/`; tests that need them skip without them.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from qualsite.load import load
from qualsite.load.codebook import read_codebook
from qualsite.refiqda import ImportFailed, Options, codebook_qdc, import_qdpx, study_qdpx, write_folder
from qualsite.refiqda import marker
from qualsite.refiqda.exporter import area_guid, case_guid, code_guid, codebook_qde, source_guid, user_guid
from qualsite.refiqda.importer import parse_speaker
from qualsite.refiqda.schema import CODEBOOK_XSD, PROJECT_XSD, schema_errors

ROOT = Path(__file__).resolve().parents[1]
THESIS = ROOT / "tests" / "cases" / "thesis"
"""The tests\' own copy of the thesis, laid out as a project; no test reads the researcher\'s data/."""
CASES = Path(__file__).resolve().parent / "cases"
FIXTURES = ROOT.parent / "shared" / "fixtures" / "refi-qda"
QC_DEMO = FIXTURES / "qc-demo.qdpx"
needs_fixtures = pytest.mark.skipif(
    not (FIXTURES / PROJECT_XSD).is_file() or not QC_DEMO.is_file(),
    reason=f"the REFI-QDA schemas and qc-demo.qdpx are not in {FIXTURES} (CI has them; they are not ours to commit)")

GENERIC_LABEL = re.compile(r"^(?:Speaker|Committee) \d+$|^(?:Moderator|Interviewer)$|\d")


def real_names() -> list[str]:
    """The personal names qc-demo.qdpx's transcripts label their turns with, read from the fixture itself, so
    that no real name is written into this repository: every `Name:` that starts a line and is not a generic
    label (`Speaker 12`, `Moderator`), and each word of it with a capital (the surname of a full name)."""
    with zipfile.ZipFile(QC_DEMO) as archive:
        texts = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("sources/")]
    labels = {m.group(1) for text in texts for m in re.finditer(r"(?m)^([A-Z][\w. ]{1,28}?):\s", text)}
    names = {label for label in labels if not GENERIC_LABEL.search(label)}
    parts = {w.strip(".") for name in names for w in name.split() if w.strip(".") not in {"Mr", "Ms", "Mrs", "Dr"}}
    return sorted(names | {p for p in parts if len(p) > 3})


def _archive(case: Path) -> bytes:
    ready = case / "project.qdpx"
    if ready.is_file():
        return ready.read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted((case / "project").rglob("*")):
            if path.is_file():
                archive.writestr(path.relative_to(case / "project").as_posix(), path.read_bytes())
    return buffer.getvalue()


def _cases() -> list[Path]:
    return sorted(p for p in CASES.glob("refiqda-*") if p.is_dir())


@needs_fixtures
@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_golden_case(case: Path, update_golden: bool, tmp_path: Path) -> None:
    try:
        result = import_qdpx(_archive(case), f"{case.name}.qdpx", Options(schemas=FIXTURES))
        log, files = result.log.text(), {k: v for k, v in result.files.items() if k != "private/import-log.txt"}
    except ImportFailed as error:
        log, files = "".join(f"{m}\n" for m in error.messages), None
    expected_log, expected_dir = case / "expected-log.txt", case / "expected"
    if update_golden:
        expected_log.write_text(log, encoding="utf-8")
        shutil.rmtree(expected_dir, ignore_errors=True)
        if files is not None:
            write_folder(files, expected_dir, overwrite=True)
        return
    assert log == expected_log.read_text(encoding="utf-8")
    if files is None:
        assert not expected_dir.exists()
        return
    written = {p.relative_to(expected_dir).as_posix(): p.read_text(encoding="utf-8")
               for p in sorted(expected_dir.rglob("*")) if p.is_file()}
    assert files == written
    project, problems = load(expected_dir, case)
    assert project is not None, [str(p) for p in problems]


@needs_fixtures
def test_malformed_archives_say_what_is_wrong() -> None:
    def failure(name: str) -> str:
        return (CASES / f"refiqda-{name}" / "expected-log.txt").read_text(encoding="utf-8")

    assert failure("not-a-zip").startswith("refiqda-not-a-zip.qdpx: not a zip archive, so not a QDPX project;")
    assert failure("no-qde").startswith("refiqda-no-qde.qdpx: no .qde project file in the archive (it holds"
                                        " sources/a.txt)")
    schema = failure("schema-invalid")
    assert "project.qde:5: Element '{urn:QDA-XML:project:1.0}Code', attribute 'guid'" in schema
    assert "the project does not follow the QDA-XML 1.0 schema" in schema
    past_end = failure("selection-past-end")
    assert ("selection 'too far' in R1 runs from 90 to 400, outside its text (0 to 121 characters, read as Unicode"
            " characters, a line end as one); skipped") in past_end
    assert "codings skipped: 1 selections outside their text, 0 covering no text, 0 starting" in past_end
    missing = failure("missing-code-guid")
    assert "refers to code d0000000-0000-4000-8000-00000000dead, which is not in the codebook" in missing


# --- qc-demo.qdpx: a real export --------------------------------------------------------------


@pytest.fixture(scope="module")
def qc_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """qc-demo.qdpx imported with the command line into a fresh project, built strictly by build_site.py and MkDocs."""
    if not QC_DEMO.is_file():
        pytest.skip(f"{QC_DEMO} is absent")
    project = tmp_path_factory.mktemp("qc")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")
    run = [sys.executable, str(ROOT / "build_site.py")]
    imported = subprocess.run(run + ["import", str(QC_DEMO), "--into", "data"], cwd=project, capture_output=True,
                              text=True)
    assert imported.returncode == 0, imported.stderr
    assert "158 of 158 coded selections mapped onto rows, 262 codes" in imported.stdout
    # The researcher's one review: the text names a public school, which the identifier check flags.
    first = subprocess.run(run + ["--check", "--strict"], cwd=project, capture_output=True, text=True)
    unreviewed = [line for line in first.stderr.splitlines() if "warning:" in line and "[reviewed:" not in line]
    assert len(unreviewed) == 1 and "possible identifier 'A…' (9 letters) before a place" in unreviewed[0]
    study = project / "data" / "study.yaml"
    text = study.read_text(encoding="utf-8")
    assert "anonymity:\n  private_terms: true\n" in text  # the import listed the speakers' names privately
    study.write_text(text.replace("  private_terms: true\n", "  private_terms: true\n  reviewed_terms: [Alto High]\n"),
                     encoding="utf-8")
    built = subprocess.run(run + ["--strict", "--quiet"], cwd=project, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-3000:]
    mkdocs = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"], cwd=project,
                            capture_output=True, text=True)
    assert mkdocs.returncode == 0, mkdocs.stderr[-3000:]
    return project


@needs_fixtures
def test_qc_demo_maps_every_selection_and_keeps_the_hierarchy(qc_site: Path) -> None:
    project, _ = load(qc_site / "data", qc_site)
    assert project is not None
    log = (qc_site / "data" / "private" / "import-log.txt").read_text(encoding="utf-8")
    assert "codings: 158 coded selections; 158 mapped onto rows" in log
    # 262 codes: the three top-level codes are areas, the 259 below them codes whose parents rebuild the tree.
    assert len(project.codebook.areas) + len(project.codebook.codes) == 262
    tree = etree.parse(zipfile.ZipFile(QC_DEMO).open("project.qde"))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    expected = []
    for top in tree.getroot().findall("q:CodeBook/q:Codes/q:Code", ns):
        def walk(element, parent_label):  # type: ignore[no-untyped-def]
            for code in element.findall("q:Code", ns):
                expected.append((top.get("name"), code.get("name"), parent_label))
                walk(code, code.get("name"))
        walk(top, None)
    labels = {c.id: c.label for c in project.codebook.codes}
    areas = {a.id: a.name for a in project.codebook.areas}
    actual = [(areas[c.area], c.label, labels[c.parent] if c.parent else None) for c in project.codebook.codes]
    assert actual == expected
    coded = sum(1 for t in project.transcripts for r in t.rows if r.codes)
    assert coded > 0 and all(r.speaker for t in project.transcripts for r in t.rows)


@needs_fixtures
def test_qc_demo_publishes_no_real_speaker_name(qc_site: Path) -> None:
    names = real_names()
    assert len(names) >= 10, names  # the fixture names over a dozen people
    public = [p for p in (qc_site / "data").rglob("*") if p.is_file() and "private" not in p.parts]
    public += [p for p in (qc_site / "docs").rglob("*") if p.is_file()]
    # In site/, everything built from the data; the theme's own scripts are not (its word lists hold names).
    public += [p for p in (qc_site / "site").rglob("*")
               if p.is_file() and p.suffix in {".html", ".json", ".csv", ".zip", ".qdpx", ".qdc", ".xml", ".txt"}]
    assert len(public) > 100
    leaks = []
    for path in public:
        data = path.read_bytes()
        texts = [data]
        if zipfile.is_zipfile(io.BytesIO(data)):
            archive = zipfile.ZipFile(io.BytesIO(data))
            texts = [archive.read(name) for name in archive.namelist()]
        for text in texts:
            decoded = text.decode("utf-8", errors="replace")
            leaks += [(path.name, name) for name in names if re.search(rf"\b{re.escape(name)}\b", decoded)]
    assert leaks == []
    forbidden = (qc_site / "data" / "private" / "forbidden-terms.txt").read_text(encoding="utf-8").splitlines()
    assert set(n for n in names if " " in n) <= set(forbidden) and "Speaker 12" not in forbidden


# --- Export of the thesis -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def thesis():  # type: ignore[no-untyped-def]
    project, problems = load(THESIS / "data", THESIS)
    assert project is not None, problems
    return project


@needs_fixtures
def test_thesis_export_is_valid_against_both_schemas(thesis) -> None:  # type: ignore[no-untyped-def]
    archive = zipfile.ZipFile(io.BytesIO(study_qdpx(thesis)))
    assert archive.namelist()[0] == "project.qde"
    assert len([n for n in archive.namelist() if n.startswith("sources/")]) == len(thesis.transcripts)
    assert schema_errors(archive.read("project.qde"), FIXTURES / PROJECT_XSD, "project.qde") == []
    assert schema_errors(codebook_qdc(thesis), FIXTURES / CODEBOOK_XSD, "codebook.qdc") == []


def test_thesis_export_is_byte_deterministic(thesis) -> None:  # type: ignore[no-untyped-def]
    again, _ = load(THESIS / "data", THESIS)
    assert study_qdpx(thesis) == study_qdpx(again)
    assert codebook_qdc(thesis) == codebook_qdc(again)
    info = zipfile.ZipFile(io.BytesIO(study_qdpx(thesis))).infolist()
    assert {i.date_time for i in info} == {(2023, 5, 25, 0, 0, 0)}


def _reimport(project, folder: Path):  # type: ignore[no-untyped-def]
    """The project exported as the site publishes it, imported by qualsite into `folder`/data, and loaded."""
    result = import_qdpx(study_qdpx(project), "study.qdpx", Options(schemas=FIXTURES))
    # The export's one user is the tool: never a name to redact, or the re-imported site could not publish its export.
    assert "qualsite" not in result.files.get("private/forbidden-terms.txt", "")
    write_folder(result.files, folder / "data", overwrite=False)
    back, problems = load(folder / "data", folder)
    assert back is not None, [str(p) for p in problems]
    return back


def _fields(item, *skip: str) -> dict:  # type: ignore[no-untyped-def]
    """Every field of a model object but where it was read from (and `skip`)."""
    return {f.name: getattr(item, f.name) for f in dataclasses.fields(item) if f.name not in ("source", *skip)}


def test_thesis_round_trips_exactly(thesis, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    back = _reimport(thesis, tmp_path)

    def rows(project):  # type: ignore[no-untyped-def]
        return [(r.transcript, r.n, r.occurrence, r.speaker, r.text, r.codes) for t in project.transcripts
                for r in t.rows]

    def speakers(project):  # type: ignore[no-untyped-def]
        return [(t.id, [(s.id, s.role) for s in t.speakers]) for t in project.transcripts]

    assert rows(back) == rows(thesis) and len(rows(back)) == 273
    assert speakers(back) == speakers(thesis)
    assert [(p.id, p.role, p.organisation, p.interview_length, p.appendix) for p in back.participants] == \
        [(p.id, p.role, p.organisation, p.interview_length, p.appendix) for p in thesis.participants]


def test_thesis_reimport_equals_data_in_codes_and_study(thesis, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Field by field: ids, labels, descriptions, areas, hierarchy, codability, and every study.yaml field."""
    back = _reimport(thesis, tmp_path)
    assert [_fields(a, "codes", "guid") for a in back.codebook.areas] == \
        [_fields(a, "codes", "guid") for a in thesis.codebook.areas]
    assert [_fields(c, "guid") for c in back.codebook.codes] == [_fields(c, "guid") for c in thesis.codebook.codes]
    assert [c.label for c in back.codebook.codes][:2] == ["Kommunal, verksamhet", "Medborgare"]
    # The thesis keeps no GUIDs; the re-import keeps those the export derived, so a second export is the same.
    assert [(a.guid, [c.guid for c in a.codes]) for a in back.codebook.areas] == \
        [(area_guid(a), [code_guid(c) for c in a.codes]) for a in thesis.codebook.areas]
    assert [t.guid for t in back.transcripts] == [source_guid(t) for t in thesis.transcripts]
    assert [p.guid for p in back.participants] == [case_guid(p) for p in thesis.participants]
    assert _fields(back.study) == _fields(thesis.study)
    assert back.study.authors == thesis.study.authors != () and back.study.abstract == thesis.study.abstract != ""


def test_thesis_reexport_is_the_same_bytes(thesis, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    back = _reimport(thesis, tmp_path)
    assert study_qdpx(back) == study_qdpx(thesis)
    assert codebook_qdc(back) == codebook_qdc(thesis)


def test_thesis_export_names_codes_by_label_and_credits_the_tool(thesis) -> None:  # type: ignore[no-untyped-def]
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(study_qdpx(thesis))).read("project.qde"))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    users = root.findall("q:Users/q:User", ns)
    assert [(u.get("guid"), u.get("name")) for u in users] == [(user_guid(), "qualsite")]
    stamp = "2023-05-25T00:00:00Z"
    assert (root.get("creatingUserGUID"), root.get("creationDateTime")) == (user_guid(), stamp)
    assert (root.get("modifyingUserGUID"), root.get("modifiedDateTime")) == (user_guid(), stamp)
    stamped = root.findall(".//q:TextSource", ns) + root.findall(".//q:PlainTextSelection", ns)
    assert len(stamped) == 5 + 106
    for element in stamped:
        assert [element.get(a) for a in ("creatingUser", "creationDateTime", "modifyingUser", "modifiedDateTime")] \
            == [user_guid(), stamp, user_guid(), stamp]
    codings = root.findall(".//q:Coding", ns)
    assert codings and {(c.get("creatingUser"), c.get("creationDateTime")) for c in codings} == {(user_guid(), stamp)}
    codes = [c for c in root.iter(f"{{{ns['q']}}}Code") if c.get("isCodable") == "true"]
    assert [(c.get("guid"), c.get("name"), c.findtext("q:Description", None, ns)) for c in codes] == \
        [(code_guid(c), c.label, None) for c in thesis.codebook.codes]
    qdc = etree.fromstring(codebook_qdc(thesis))
    assert [c.get("name") for c in qdc.iter("{urn:QDA-XML:codebook:1.0}Code") if c.get("isCodable") == "true"] == \
        [c.label for c in thesis.codebook.codes]


def test_terms_never_to_publish_stay_out_of_the_export(thesis) -> None:  # type: ignore[no-untyped-def]
    secret = "Hemlig Kommunnamn"
    study = dataclasses.replace(thesis.study, forbidden_terms=(secret,))
    project = dataclasses.replace(thesis, study=study)
    archive = zipfile.ZipFile(io.BytesIO(study_qdpx(project)))
    assert all(secret.encode() not in archive.read(name) for name in archive.namelist())
    assert b"reviewed_terms" in archive.read("project.qde")


def test_marker_reads_back_ids_and_labels_and_ignores_edited_lines(thesis) -> None:  # type: ignore[no-untyped-def]
    text = marker.study_description(thesis.study, [("0c1d2e3f-0000-4000-8000-000000000001", "omrade")],
                                    [("0c1d2e3f-0000-4000-8000-000000000002", "KOD", False),
                                     ("0C1D2E3F-0000-4000-8000-000000000003", "MED", True)])
    edited = text.replace("year: 2023", "year: tjugotjugotre") + "\nauthors: not a list\nsome note of the researcher"
    read = marker.read_study(edited)
    assert read is not None and read.language == "sv"
    assert read.areas == {"0c1d2e3f-0000-4000-8000-000000000001": "omrade"}
    assert read.codes == {"0c1d2e3f-0000-4000-8000-000000000002": "KOD", "0c1d2e3f-0000-4000-8000-000000000003": "MED"}
    assert read.unlabelled == {"0c1d2e3f-0000-4000-8000-000000000002"}
    metadata = dict(read.metadata)
    assert "year" not in metadata and metadata["authors"] == thesis.study.authors  # the bad lines are ignored
    assert metadata["abstract"] == thesis.study.abstract and "forbidden_terms" not in metadata
    assert marker.read_study("A project description written in NVivo") is None


# --- GUIDs that came with the data ---------------------------------------------------------------


def _guids(qde: bytes, kind: str) -> list[str]:
    """GUIDs of every `kind` element (`Code`, `TextSource`, `Case`) of a project, as the import normalises them."""
    root = etree.fromstring(qde)
    return [e.get("guid").strip("{}").lower() for e in root.iter() if etree.QName(e).localname == kind]


REAL_PROJECTS = sorted((FIXTURES / "real").glob("*.qdpx")) + [QC_DEMO]


@needs_fixtures
@pytest.mark.parametrize("path", REAL_PROJECTS, ids=lambda p: p.name)
def test_a_real_project_exports_with_the_guids_it_came_with(path: Path, tmp_path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    archive = zipfile.ZipFile(path)
    original = archive.read(next(n for n in archive.namelist() if n.lower().endswith(".qde")))
    result = import_qdpx(path.read_bytes(), path.name, Options(schemas=FIXTURES))
    write_folder(result.files, tmp_path / "data", overwrite=False)
    project, problems = load(tmp_path / "data", tmp_path)
    assert project is not None, [str(p) for p in problems]
    exported = zipfile.ZipFile(io.BytesIO(study_qdpx(project)))
    qde = exported.read("project.qde")
    assert set(_guids(original, "Code")) <= set(_guids(qde, "Code"))
    sources = _guids(qde, "TextSource")
    assert len(sources) == len(project.transcripts) and set(sources) <= set(_guids(original, "TextSource"))
    assert [n for n in exported.namelist() if n.startswith("sources/")] == sorted(f"sources/{g}.txt" for g in sources)
    kept_cases = {p.guid for p in project.participants if p.guid}
    assert kept_cases <= set(_guids(original, "Case")) and kept_cases <= set(_guids(qde, "Case"))
    assert schema_errors(qde, FIXTURES / PROJECT_XSD, "project.qde") == []


def test_a_guid_is_read_in_any_case_or_braces_and_exported_in_lower_case() -> None:
    text = ('areas:\n  - name: Ekonomi\n    colour: "#123456"\n    guid: "{0C1D2E3F-AAAA-4BBB-8CCC-00000000000A}"\n'
            "    codes:\n      - {code: EKO, label: Ekonomi, guid: 0C1D2E3F-AAAA-4BBB-8CCC-00000000000B}\n")
    codebook, problems = read_codebook(text, "data/codebook.yaml")
    assert codebook is not None and problems == []
    assert (codebook.areas[0].guid, codebook.codes[0].guid) == ("0c1d2e3f-aaaa-4bbb-8ccc-00000000000a",
                                                                 "0c1d2e3f-aaaa-4bbb-8ccc-00000000000b")
    qdc = codebook_qde(codebook).decode()
    assert 'guid="0c1d2e3f-aaaa-4bbb-8ccc-00000000000a"' in qdc and 'guid="0c1d2e3f-aaaa-4bbb-8ccc-00000000000b"' in qdc


# --- The command line ------------------------------------------------------------------------------


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build_site.py"), *args], cwd=cwd, capture_output=True,
                          text=True)


def test_import_refuses_a_non_empty_folder_unless_told(tmp_path: Path) -> None:
    (tmp_path / "study.qdpx").write_bytes(_archive(CASES / "refiqda-crlf-uppercase-guids"))
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "study.yaml").write_text("title: Mine\n", encoding="utf-8")
    refused = _cli("import", "study.qdpx", "--into", "data", cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr == ("data: is not empty (study.yaml); import into a new folder, or pass --overwrite to"
                              " replace its contents\nImport failed. data/ was left unchanged.\n")
    assert (tmp_path / "data" / "study.yaml").read_text(encoding="utf-8") == "title: Mine\n"
    done = _cli("import", "study.qdpx", "--into", "data", "--overwrite", "--speaker", "Anna Berg=INT:interviewer",
                "--speaker", "Kim=R7:respondent", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    transcript = (tmp_path / "data" / "transcripts" / "R1.yaml").read_text(encoding="utf-8")
    assert "speaker: INT" in transcript and "speaker: R7" in transcript and "Anna" not in transcript


def test_speaker_options_are_checked() -> None:
    assert parse_speaker("Anna Berg=I1:interviewer")[1].id == "I1"
    assert parse_speaker("Kim=R2")[1].role == "interviewer"
    with pytest.raises(ImportFailed, match="cannot be used in web addresses"):
        parse_speaker("Kim=R 2")
    with pytest.raises(ImportFailed, match="is not one of interviewer, respondent, other"):
        parse_speaker("Kim=R2:boss")


def test_every_import_option_is_documented() -> None:
    from qualsite.cli import parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sub = next(a for a in parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    options = {o for action in sub.choices["import"]._actions for o in action.option_strings if o.startswith("--")}
    options.discard("--help")
    assert sorted(o for o in options if f"`{o}" not in readme) == []
    assert "## Coming from NVivo, ATLAS.ti, MAXQDA or QualCoder" in readme


def test_offsets_counting_crlf_as_two_characters_are_mapped() -> None:
    text = "A:  one\r\n\r\nB:  two three\r\n\r\nA:  four\r\n\r\nB:  five six\r\n"
    start = text.index("five")
    qde = f"""<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="CR"><CodeBook><Codes>
<Code guid="e0000000-0000-4000-8000-000000000001" name="Top" isCodable="false" color="#123456">
<Code guid="e0000000-0000-4000-8000-000000000002" name="k" isCodable="true"/></Code></Codes></CodeBook>
<Sources><TextSource guid="e0000000-0000-4000-8000-000000000010" name="s" plainTextPath="internal://s.txt">
<PlainTextSelection guid="e0000000-0000-4000-8000-000000000011" startPosition="{start}" endPosition="{start + 8}">
<Coding guid="e0000000-0000-4000-8000-000000000012"><CodeRef targetGUID="e0000000-0000-4000-8000-000000000002"/>
</Coding></PlainTextSelection></TextSource></Sources></Project>"""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr("sources/s.txt", text.encode("utf-8"))
    result = import_qdpx(buffer.getvalue(), "cr.qdpx", Options(schemas=FIXTURES))
    assert "offsets read as Unicode characters, a CRLF line end as two: 2 of 2" in result.log.text()
    transcript = result.files["transcripts/R1.yaml"]
    assert "text: five six\n  codes:\n  - k\n" in transcript and transcript.count("- k") == 1


@pytest.mark.parametrize("member", ["../evil.txt", "/tmp/evil.txt", "sources/../../evil.txt", "C:\\evil.txt"])
def test_an_archive_member_named_as_a_path_out_of_it_is_refused_and_nothing_is_written(tmp_path: Path,
                                                                                       member: str) -> None:
    good = _archive(CASES / "refiqda-crlf-uppercase-guids")
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr(zipfile.ZipInfo(member), b"evil")
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "study.qdpx").write_bytes(buffer.getvalue())
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    refused = _cli("import", "study.qdpx", "--into", "data", cwd=tmp_path / "work")
    assert refused.returncode == 1
    assert refused.stderr == (
        f"study.qdpx: 1 member named as a path out of the archive ({member!r}: '..' or an absolute path), which no"
        " QDA tool writes; the archive is damaged or hostile, so nothing was imported; export the project again"
        " from your tool\nImport failed. data/ was left unchanged.\n")
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert not Path("/tmp/evil.txt").exists() or Path("/tmp/evil.txt").read_bytes() != b"evil"


def test_the_import_will_not_write_through_a_link(tmp_path: Path) -> None:
    (tmp_path / "study.qdpx").write_bytes(_archive(CASES / "refiqda-crlf-uppercase-guids"))
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "data").symlink_to(tmp_path / "elsewhere")
    refused = _cli("import", "study.qdpx", "--into", "data", cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.startswith("data: is a symbolic link; import into a real folder")
    assert list((tmp_path / "elsewhere").iterdir()) == []
