"""The loader: golden cases in tests/cases/load-*/, the documented format, and round trips.

Each golden case is a folder with `data/` (possibly broken on purpose) and
`expected-problems.txt`: the exact lines the researcher would read. Run
`pytest tests/test_load.py --update-golden` to rewrite them after a deliberate
change of wording, then review the diff.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import shutil
import re
import tempfile
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from qualsite.load import load
from qualsite.load.codebook import AREA_FIELDS, CODE_FIELDS, CODEBOOK_FIELDS, GROUP_FIELDS
from qualsite.load.csvsource import COLUMNS
from qualsite.load.documents import FRONT_MATTER_FIELDS, read_document
from qualsite.load.fields import Field, names
from qualsite.load.files import read_text
from qualsite.load.nesting import MAX_NESTING, depth_bound
from qualsite.load.participants import PARTICIPANT_FIELDS, PARTICIPANTS_FIELDS
from qualsite.load.study import ANONYMITY_FIELDS, STUDY_FIELDS
from qualsite.load.transcripts import (
    ROW_FIELDS,
    SPEAKER_FIELDS,
    SPEAKERS_FILE_FIELDS,
    TRANSCRIPT_FIELDS,
    read_csv_transcript,
    read_yaml_transcript,
)
from qualsite.load.yamlsource import parse, plain
from qualsite.load.report import Report
from qualsite.problems import sort_key

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
README = ROOT / "format" / "README.md"
SCHEMAS = ROOT / "format" / "schema"


# --- Golden cases -----------------------------------------------------------------


def _cases() -> list[Path]:
    return sorted(p for p in CASES.glob("load-*") if p.is_dir())


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_golden_case(case: Path, update_golden: bool) -> None:
    project, problems = load(case / "data", case)
    actual = "".join(f"{p}\n" for p in sorted(problems, key=sort_key))
    expected = case / "expected-problems.txt"
    if update_golden:
        expected.write_text(actual, encoding="utf-8")
        return
    assert actual == expected.read_text(encoding="utf-8")
    assert (project is None) == any(p.severity == "error" for p in problems)
    assert all(p.kind for p in problems), "every problem has a kind"
    assert all("; " in p.message for p in problems), "every message says what is wrong; how to fix it"


@pytest.mark.parametrize("data", [*(case / "data" for case in _cases()), CASES / "thesis" / "data"],
                         ids=lambda p: p.parent.name)
def test_transcripts_read_in_a_second_process_load_as_in_one(data: Path, monkeypatch) -> None:
    """A large study's last transcripts are read in a second process (`load._shared_transcripts`); wherever the
    share begins, the project and the problems are the same, file for file and line for line."""
    import qualsite.load as loader

    one_process = load(data, data.parent)
    count = len([p for p in (data / "transcripts").glob("*") if p.suffix in (".yaml", ".csv")]) \
        if (data / "transcripts").is_dir() else 0
    for shared in range(count + 1):
        monkeypatch.setattr(loader, "_shared_transcripts", lambda entries, shared=shared: min(shared, len(entries)))
        project, problems = load(data, data.parent)
        assert project == one_process[0], shared
        assert [(str(p), p.kind) for p in problems] == [(str(p), p.kind) for p in one_process[1]], shared


def test_only_a_large_study_reads_transcripts_in_a_second_process(monkeypatch) -> None:
    import qualsite.load as loader
    from qualsite.load import layout

    found, _ = layout.find(CASES / "thesis" / "data", CASES / "thesis")
    assert found is not None and len(found.transcripts) == 5
    assert loader._shared_transcripts(list(found.transcripts)) == 0  # the thesis: 0.2 MB
    monkeypatch.setattr(loader.parallel, "PARALLEL_CHARACTERS", 0)
    shared = loader._shared_transcripts(list(found.transcripts))
    assert 1 <= shared <= 3  # about 40 % of the bytes, the rest read here


def _load_case(name: str):  # type: ignore[no-untyped-def]
    project, problems = load(CASES / name / "data", CASES / name)
    assert project is not None, [str(p) for p in problems]
    return project


def _without_source(rows):  # type: ignore[no-untyped-def]
    return [dataclasses.replace(row, source=None) for row in rows]


@pytest.mark.parametrize("case", ["load-csv-transcript", "load-bom-crlf"])
def test_csv_transcript_gives_the_same_rows_as_yaml(case: str) -> None:
    yaml_transcript = _load_case("load-minimal").transcripts[0]
    csv_transcript = _load_case(case).transcripts[0]
    assert _without_source(csv_transcript.rows) == _without_source(yaml_transcript.rows)
    assert [dataclasses.replace(s, source=None) for s in csv_transcript.speakers] == \
        [dataclasses.replace(s, source=None) for s in yaml_transcript.speakers]
    assert csv_transcript.title == yaml_transcript.title
    assert [r.source.line for r in csv_transcript.rows] == [2, 3, 4, 6]


def test_minimal_project_is_fully_populated() -> None:
    project = _load_case("load-minimal")
    assert project.study.private_terms is True and project.study.forbidden_terms == ()
    assert project.study.reviewed_terms == ("Lund",)
    assert project.study.date == "2024-06-01" and project.study.year == 2024
    participant = project.participants[0]
    assert (participant.interview_length, participant.appendix) == ("26:54", "4")
    assert participant.attributes == (("sektor", "kommun"), ("år_i_rollen", "12"))
    assert [a.id for a in project.codebook.areas] == ["digitalisering", "hallbarhet"]
    rows = project.transcripts[0].rows
    assert [(r.n, r.occurrence) for r in rows] == [(1, 1), (2, 1), (2, 2), (3, 1)]
    assert [r.source.line for r in rows] == [10, 14, 18, 24]
    assert rows[1].codes == ("DIGMED", "DIGIN")
    assert rows[2].text == "Samma nummer två gånger i källan.\nOch en andra rad."
    finding = project.findings[0]
    assert (finding.slug, finding.number, finding.order, finding.body_line) == ("4-1-strategi", "4.1", 1, 6)
    assert finding.body.splitlines()[1].startswith("## 4.1.1")
    assert project.data_files == (
        "data/codebook.yaml", "data/findings/4.1-strategi.md", "data/pages/metod.md",
        "data/participants.yaml", "data/study.yaml", "data/transcripts/R1.yaml",
    )


def test_body_line_points_at_the_body_in_the_file() -> None:
    case = CASES / "load-minimal"
    for document in _load_case("load-minimal").documents:
        lines = (case / document.source.path).read_text(encoding="utf-8").split("\n")
        assert "\n".join(lines[document.body_line - 1:]) == document.body


# --- Units the golden cases do not reach ------------------------------------------


def test_csv_without_speakers_file_derives_roles() -> None:
    text = "n,speaker,text,codes\n1,PK,Fråga?,\n2,R7,Svar.,KOM; MED\n3,MR,Följdfråga?,\n"
    transcript, problems = read_csv_transcript(text, "data/transcripts/R7.csv", "R7")
    assert problems == [] and transcript is not None
    assert [(s.id, s.role, s.source.line) for s in transcript.speakers] == [
        ("PK", "interviewer", 2), ("R7", "respondent", 3), ("MR", "interviewer", 4)]
    assert transcript.rows[1].codes == ("KOM", "MED")
    assert transcript.title == "R7" and transcript.participant == "R7"


def test_csv_may_use_semicolons_between_columns_and_any_column_order() -> None:
    text = 'speaker;n;codes;text\nR7;1;"KOM,MED";Svar; med semikolon?\n'
    transcript, problems = read_csv_transcript(text, "data/transcripts/R7.csv", "R7")
    assert [str(p) for p in problems] == [
        "data/transcripts/R7.csv:2: this row has 5 columns but the header has 4; put text that holds ; or line"
        ' breaks in double quotes, e.g. 4;R1;"Ja; absolut";DIGMED']
    text = 'speaker;n;codes;text\nR7;1;"KOM,MED";"Svar; med semikolon?"\n'
    transcript, problems = read_csv_transcript(text, "data/transcripts/R7.csv", "R7")
    assert problems == [] and transcript is not None
    assert (transcript.rows[0].codes, transcript.rows[0].text) == (("KOM", "MED"), "Svar; med semikolon?")


def test_yaml_transcript_without_speakers_derives_them_like_csv() -> None:
    text = "participant: R7\nrows:\n  - {n: 1, speaker: PK, text: Fråga}\n  - {n: 2, speaker: R7, text: Svar.}\n"
    transcript, problems = read_yaml_transcript(text, "data/transcripts/R7.yaml", "R7")
    assert problems == [] and transcript is not None
    assert [(s.id, s.role) for s in transcript.speakers] == [("PK", "interviewer"), ("R7", "respondent")]


def test_yaml_12_keeps_words_and_numbers_as_written() -> None:
    text = "participant: R7\nrows:\n  - {n: 1, speaker: R7, text: no}\n  - {n: 2, speaker: R7, text: 4.10}\n" \
           "  - {n: 3, speaker: R7, text: 2023-05-25}\n  - {n: 4, speaker: R7, text: yes, codes: [NO, 12]}\n"
    transcript, problems = read_yaml_transcript(text, "data/transcripts/R7.yaml", "R7")
    assert problems == [] and transcript is not None
    assert [r.text for r in transcript.rows] == ["no", "4.10", "2023-05-25", "yes"]
    assert transcript.rows[3].codes == ("NO", "12")


def test_too_large_file_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "data" / "transcripts" / "R1.csv"
    big.parent.mkdir(parents=True)
    with big.open("wb") as f:
        f.truncate(21 * 1024 * 1024)  # sparse: costs no disk space
    text, problems = read_text(big, tmp_path, within=tmp_path)
    assert text is None
    assert [str(p) for p in problems] == [
        "data/transcripts/R1.csv: the file is 21.0 MB, more than the 20 MB a data file may hold, so it was not read;"
        " check that it is the right file, or split it"]
    assert problems[0].kind == "file-too-large"


def test_yaml_syntax_error_in_front_matter_reports_the_file_line() -> None:
    problems = [p for p in load(CASES / "load-malformed-yaml" / "data", CASES / "load-malformed-yaml")[1]
                if p.source.path.endswith("4.1-strategi.md")]
    assert [p.source.line for p in problems] == [3]


def test_natural_order_of_transcripts(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for name in ("study.yaml", "codebook.yaml", "participants.yaml"):
        (data / "transcripts").mkdir(parents=True, exist_ok=True)
        (data / name).write_bytes((CASES / "load-minimal" / "data" / name).read_bytes())
    for ident in ("R10", "R2", "R1"):
        (data / "transcripts" / f"{ident}.yaml").write_text(
            f"participant: {ident}\nrows:\n  - {{n: 1, speaker: {ident}, text: Hej}}\n", encoding="utf-8")
    project, problems = load(data, tmp_path)
    assert problems == [] and project is not None
    assert [t.id for t in project.transcripts] == ["R1", "R2", "R10"]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_round_trips_through_a_yaml_row(text: str) -> None:
    # Double quotes: PyYAML's emitter writes U+0085 raw in single quotes, which no YAML reader gives back.
    document = yaml.safe_dump({"participant": "R1", "rows": [{"n": 1, "speaker": "R1", "text": text}]},
                              allow_unicode=True, sort_keys=False, default_style='"')
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "R1.yaml"
        path.write_text(document, encoding="utf-8")
        read, problems = read_text(path, Path(tmp), within=Path(tmp))
        assert problems == [] and read is not None
        transcript, problems = read_yaml_transcript(read, "R1.yaml", "R1")
    assert problems == [] and transcript is not None
    assert transcript.rows[0].text == text


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_without_crlf_round_trips_through_a_csv_row(text: str) -> None:
    assume("\r\n" not in text)  # CRLF is a line ending, read as LF
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([["n", "speaker", "text", "codes"], ["1", "R1", text, "KOM;MED"]])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "R1.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
        read, problems = read_text(path, Path(tmp), within=Path(tmp))
        assert problems == [] and read is not None
        transcript, problems = read_csv_transcript(read, "R1.csv", "R1")
    assert problems == [] and transcript is not None
    assert transcript.rows[0].text == text


# --- The documented format: README and JSON Schemas match the loader ---------------

# (README section heading, schema file or None, path of property names and "items" to the object, fields)
FORMAT = [
    ("study.yaml", "study.schema.json", [], STUDY_FIELDS),
    ("study.yaml", "study.schema.json", ["anonymity"], ANONYMITY_FIELDS),
    ("codebook.yaml", "codebook.schema.json", [], CODEBOOK_FIELDS),
    ("codebook.yaml", "codebook.schema.json", ["areas", "items"], AREA_FIELDS),
    ("codebook.yaml", "codebook.schema.json", ["areas", "items", "codes", "items"], CODE_FIELDS),
    ("codebook.yaml", "codebook.schema.json", ["groups", "items"], GROUP_FIELDS),
    ("participants.yaml", "participants.schema.json", [], PARTICIPANTS_FIELDS),
    ("participants.yaml", "participants.schema.json", ["participants", "items"], PARTICIPANT_FIELDS),
    ("transcripts/<ID>.yaml", "transcript.schema.json", [], TRANSCRIPT_FIELDS),
    ("transcripts/<ID>.yaml", "transcript.schema.json", ["speakers", "items"], SPEAKER_FIELDS),
    ("transcripts/<ID>.yaml", "transcript.schema.json", ["rows", "items"], ROW_FIELDS),
    ("transcripts/<ID>.csv", "speakers.schema.json", [], SPEAKERS_FILE_FIELDS),
    ("transcripts/<ID>.yaml", "speakers.schema.json", ["speakers", "items"], SPEAKER_FIELDS),
    ("findings/*.md and pages/*.md", None, [], FRONT_MATTER_FIELDS),
]


def _readme_section(heading: str) -> str:
    text = README.read_text(encoding="utf-8").replace("&lt;", "<").replace("&gt;", ">")
    sections = re.split(r"^#{2,3} ", text, flags=re.MULTILINE)
    matching = [s for s in sections if s.split("\n", 1)[0].strip() == heading]
    assert matching, f"format/README.md has no section '{heading}'"
    return matching[0]


def _schema_object(schema: dict, path: list[str]) -> dict:
    def resolve(node: dict) -> dict:
        while "$ref" in node:
            assert node["$ref"].startswith("#/$defs/")
            node = schema["$defs"][node["$ref"][len("#/$defs/"):]]
        return node

    node = resolve(schema)
    for step in path:
        node = resolve(node["items"] if step == "items" else node["properties"][step])
    return node


@pytest.mark.parametrize("heading, schema_file, path, fields", FORMAT,
                         ids=[f"{h}:{'.'.join(p) or 'top'}" for h, _, p, _ in FORMAT])
def test_every_accepted_key_is_documented(heading: str, schema_file: str | None, path: list[str],
                                          fields: tuple[Field, ...]) -> None:
    section = _readme_section(heading)
    undocumented = [name for name in names(fields) if f"`{name}`" not in section]
    assert not undocumented, f"format/README.md section '{heading}' does not document {undocumented}"
    if schema_file is None:
        return
    schema = json.loads((SCHEMAS / schema_file).read_text(encoding="utf-8"))
    obj = _schema_object(schema, path)
    assert set(obj["properties"]) == set(names(fields))
    assert set(obj.get("required", [])) == {f.name for f in fields if f.required}
    assert obj.get("additionalProperties") is False
    assert all(prop.get("description") for prop in obj["properties"].values())


def test_csv_columns_are_documented() -> None:
    assert ",".join(COLUMNS) in _readme_section("transcripts/<ID>.csv")


@pytest.mark.parametrize("schema_file", sorted(p.name for p in SCHEMAS.glob("*.schema.json")))
def test_schemas_are_valid_draft_2020_12(schema_file: str) -> None:
    schema = json.loads((SCHEMAS / schema_file).read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def _yaml_files(data: Path) -> list[tuple[Path, str]]:
    pairs = [(data / "study.yaml", "study.schema.json"), (data / "codebook.yaml", "codebook.schema.json"),
             (data / "participants.yaml", "participants.schema.json")]
    pairs += [(p, "speakers.schema.json") for p in sorted(data.glob("transcripts/*.speakers.yaml"))]
    pairs += [(p, "transcript.schema.json") for p in sorted(data.glob("transcripts/*.yaml"))
              if not p.name.endswith(".speakers.yaml")]
    return [(p, s) for p, s in pairs if p.exists()]


def _validate_against_schemas(data: Path) -> list[str]:
    errors = []
    for path, schema_file in _yaml_files(data):
        schema = json.loads((SCHEMAS / schema_file).read_text(encoding="utf-8"))
        node = parse(read_text(path, data, within=data)[0] or "", Report(path.name))
        for error in jsonschema.Draft202012Validator(schema).iter_errors(plain(node)):
            errors.append(f"{path.name}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
    return errors


@pytest.mark.parametrize("case", ["load-minimal", "load-csv-transcript"])
def test_valid_golden_data_validates_against_the_schemas(case: str) -> None:
    assert _validate_against_schemas(CASES / case / "data") == []


def test_bad_shapes_also_fail_the_schemas() -> None:
    assert len(_validate_against_schemas(CASES / "load-bad-shapes" / "data")) >= 10


def test_committed_thesis_data_is_valid() -> None:
    data = CASES / "thesis" / "data"
    assert _validate_against_schemas(data) == []
    project, problems = load(data, CASES / "thesis")
    assert [str(p) for p in problems] == []
    assert project is not None


def test_a_file_with_an_unknown_top_level_key_still_reports_the_problems_inside_it():
    from qualsite.load.codebook import read_codebook

    text = 'areaz: []\nareas:\n  - name: Hållbarhet\n    colour: "#2e7d3"\n    codes: [{code: MHÅLL}]\n'
    codebook, problems = read_codebook(text, "data/codebook.yaml")
    assert codebook is None
    assert [p.kind for p in problems] == ["unknown-key", "bad-colour"]


def test_hints_give_examples_in_the_studys_language() -> None:
    _, english = read_document("No front matter here.\n", "data/findings/1-x.md", "finding", "1-x.md", language="en")
    _, swedish = read_document("Ingen front matter.\n", "data/findings/1-x.md", "finding", "1-x.md", language="sv")
    assert [str(p) for p in english] == ['data/findings/1-x.md:1: the file has no front matter; start it with ---,'
                                         ' then title: "Theme 1: Strategy" and order: 1 on their own lines, then ---']
    assert 'title: "Tema 1: Strategi"' in str(swedish[0])
    _, missing = read_document("---\norder: 1\n---\n", "data/findings/1-x.md", "finding", "1-x.md", language="en")
    assert "e.g. title: \"Theme 1: Strategy\"" in str(missing[0])


# --- Nesting: refused before any parser recurses -------------------------------------------------------------------


@pytest.mark.parametrize("brackets", [20_000, 40_000, 200_000])
def test_deeply_nested_brackets_are_a_message_not_a_crash(brackets: int) -> None:
    # 20,000 gave a RecursionError, 40,000 and more a segmentation fault inside libyaml.
    report = Report("data/transcripts/R1.yaml")
    assert parse("rows:\n  - codes: " + "[" * brackets + "\n", report) is None
    assert [str(p) for p in report.problems] == [
        f"data/transcripts/R1.yaml:2: lists and mappings nest more than {MAX_NESTING} levels deep here (a transcript"
        " needs 3), which no study needs and the YAML parser cannot read safely; close the brackets you open, or"
        " quote text that starts with [ or {"]


def test_nesting_at_the_limit_is_read_and_one_past_it_refused() -> None:
    at_limit = "[" * MAX_NESTING + "]" * MAX_NESTING
    assert parse(at_limit, Report("x.yaml")) is not None
    past = Report("x.yaml")
    assert parse("[" + at_limit + "]", past) is None and past.problems[0].kind == "too-deep"
    blocks = "".join(" " * i + "- \n" for i in range(MAX_NESTING)) + " " * MAX_NESTING + "- x\n"
    deep_blocks = Report("x.yaml")
    assert parse(blocks, deep_blocks) is None and deep_blocks.problems[0].kind == "too-deep"
    assert parse("- " * (MAX_NESTING - 1) + "x\n", Report("x.yaml")) is not None


@given(st.lists(st.sampled_from(["[", "]", "{", "}", "- ", "? ", ": ", ", ", "'", '"', "#", "\n", " ", "  ", "a",
                                 "b: ", "\\", "''", "&x ", "!t ", "|\n"]), max_size=120))
@settings(max_examples=400, deadline=None)
def test_the_cheap_bound_is_never_below_the_real_depth(pieces: list[str]) -> None:
    text = "".join(pieces)
    depth = 0
    worst = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                worst = max(worst, depth)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass  # the depth reached before the error is what a parser would have recursed into
    assert depth_bound(text) >= worst


def test_a_named_pipe_is_named_as_such_and_never_opened(tmp_path: Path) -> None:
    shutil.copytree(CASES / "load-minimal" / "data", tmp_path / "data")
    os.mkfifo(tmp_path / "data" / "transcripts" / "R2.yaml")  # opening it would block the build for ever
    os.unlink(tmp_path / "data" / "participants.yaml")
    os.mkfifo(tmp_path / "data" / "participants.yaml")
    project, problems = load(tmp_path / "data", tmp_path)
    assert project is None
    assert [str(p) for p in problems if p.kind == "not-a-file"] == [
        "data/participants.yaml: is a named pipe, not a file; replace it with the file, or remove it",
        "data/transcripts/R2.yaml: is a named pipe, not a file; replace it with the file, or remove it"]


def test_an_english_study_gets_english_examples_in_every_file(tmp_path: Path) -> None:
    shutil.copytree(CASES / "load-minimal" / "data", tmp_path / "data")
    study = tmp_path / "data" / "study.yaml"
    study.write_text(study.read_text(encoding="utf-8").replace("language: sv", "language: en"), encoding="utf-8")
    (tmp_path / "data" / "participants.yaml").write_text("participants:\n  - id: R1\n    organisation: K1\n",
                                                         encoding="utf-8")
    _, problems = load(tmp_path / "data", tmp_path)
    assert "data/participants.yaml:2: this participant has no 'role'; add it, e.g. role: Head of digitalisation" in [
        str(p) for p in problems]


@pytest.mark.parametrize(("lines", "expected"), [
    ("version: '1.0'\nreleased: 2026-12-01\ndoi: https://doi.org/10.5281/zenodo.1234567\n",
     ("1.0", "2026-12-01", "10.5281/zenodo.1234567")),
    ("version: 1.10\n", ("1.10", "", "")),  # kept as written: never read as the number 1.1
    ("version: v1\n", "data/study.yaml:3: version 'v1' is not a release number; write numbers joined by dots,"
     " quoted, like version: '1.0'"),
    ("version: '1.0'\nreleased: 2026-13-01\n", "data/study.yaml:4: released '2026-13-01' is not a date written as"
     " YYYY-MM-DD; write it like released: 2026-12-01"),
    ("released: 2026-12-01\n", "data/study.yaml:3: released gives a release date but no version says what was"
     " released; add version: '1.0' (or remove released)"),
    ("doi: zenodo 123\n", "data/study.yaml:3: doi 'zenodo 123' is not a DOI; write the bare DOI, like"
     " doi: 10.5281/zenodo.1234567"),
])
def test_release_fields_of_the_study(lines: str, expected: tuple[str, str, str] | str) -> None:
    from qualsite.load.study import read_study
    study, problems = read_study("title: T\nlanguage: en\n" + lines, "data/study.yaml")
    if isinstance(expected, tuple):
        assert problems == [] and study is not None
        assert (study.version, study.released, study.doi) == expected
    else:
        assert study is None
        assert [str(p) for p in problems] == [expected]


@pytest.mark.parametrize("shape", ["block", "flow", "csv"])
def test_a_row_number_of_thousands_of_digits_is_a_problem_not_a_traceback(shape):
    """Python refuses to read a number of over 4,300 digits (a ValueError); the loader reports it instead."""
    from qualsite.load.transcripts import read_csv_transcript, read_yaml_transcript

    n = "9" * 5000
    head = "participant: R1\nspeakers:\n  - {id: R1, role: respondent}\nrows:\n"
    if shape == "csv":
        transcript, problems = read_csv_transcript(f"n,speaker,text,codes\n{n},R1,Ja.,\n", "data/transcripts/R1.csv",
                                                   "R1", "participant: R1\nspeakers:\n  - {id: R1, role: respondent}\n",
                                                   "data/transcripts/R1.speakers.yaml")
    else:
        row = (f"  - n: {n}\n    speaker: R1\n    text: Ja.\n    codes: []\n" if shape == "block"
               else f"  - {{n: {n}, speaker: R1, text: \"Ja.\", codes: []}}\n")
        transcript, problems = read_yaml_transcript(head + row, "data/transcripts/R1.yaml", "R1")
    assert [p.kind for p in problems] == ["bad-row-number"]
    assert "5,000 digits" in problems[0].message
