"""Releases: `build_site.py release` records every row, the loader reads releases back, and the checks hold the
version, the moves and the citations of changed rows to them. The bad inputs are the golden cases
`tests/cases/load-bad-release/` and `tests/cases/checks-bad-moves/`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualsite.checks import analyse
from qualsite.cli import main
from qualsite.history import history_of
from qualsite.load import load
from qualsite.load.releases import (
    HEADER, MOVE_FIELDS, RELEASE_FIELDS, RENUMBERED_FIELDS, digest, escape, read_moves, read_rows, release_files,
    unescape, version_key,
)
from qualsite.load.report import Report
from qualsite.load.yamlsource import parse, plain
from qualsite.write import write_release

import release_case

CASES = Path(__file__).parent / "cases"
SCHEMAS = release_case.ROOT / "format" / "schema"
README = release_case.ROOT / "format" / "README.md"


def _loaded(work: Path):  # type: ignore[no-untyped-def]
    project, problems = load(work / "data", work)
    assert project is not None, [str(p) for p in problems]
    return project, problems


def _release(work: Path, monkeypatch, capsys) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(work)
    code = main(["release"])
    out, err = capsys.readouterr()
    return code, out, err


# --- Recording --------------------------------------------------------------------------------------


def test_a_release_records_what_every_row_says_and_loads_back_unchanged(tmp_path, monkeypatch, capsys):
    data = release_case.copy_thesis(tmp_path)
    release_case.set_version(data, "1.0", "2026-12-01")
    code, out, err = _release(tmp_path, monkeypatch, capsys)
    assert (code, err) == (0, "")
    assert out == ("Recorded release 1.0 (2026-12-01) in data/releases/1.0/: 273 rows of 5 transcripts. Commit it"
                   " with the data (git add data/releases/1.0); the site now keeps showing 1.0 under v1.0/.\n")
    folder = data / "releases" / "1.0"
    assert sorted(p.name for p in folder.iterdir()) == ["R1.tsv", "R2.tsv", "R3.tsv", "R4.tsv", "R5.tsv",
                                                         "release.yaml"]
    r5 = (folder / "R5.tsv").read_text(encoding="utf-8").split("\n")
    assert r5[0] == HEADER == "n\tspeaker\ttext"
    assert r5[4].startswith("4\tR5\tFör mig betyder det verksamhetsutveckling, vanlig hederlig")
    meta = (folder / "release.yaml").read_text(encoding="utf-8")
    assert "\nreleased: 2026-12-01\n" in meta
    assert f"  R5: '{digest((folder / 'R5.tsv').read_text(encoding='utf-8'))}'\n" in meta
    project, problems = _loaded(tmp_path)
    assert problems == []
    (release,) = project.releases
    assert (release.version, release.released) == ("1.0", "2026-12-01")
    for transcript in project.transcripts:
        frozen = release.rows_of(transcript.id)
        assert [(r.n, r.occurrence, r.speaker, r.text) for r in frozen] == [
            (r.n, r.occurrence, r.speaker, r.text) for r in transcript.rows]
    assert (release.rows_of("R4")[52].n, release.rows_of("R4")[52].occurrence) == (52, 2)
    assert str(release.rows_of("R5")[3].source) == "data/releases/1.0/R5.tsv:5"
    assert "data/releases/1.0/R5.tsv" in project.data_files  # so the downloads and the anonymity check read it


def test_recording_the_same_release_again_changes_nothing_in_git(tmp_path, monkeypatch, capsys):
    """An unchanged transcript is the same file in every release (it names no version), so git stores it once."""
    data = release_case.copy_thesis(tmp_path)
    release_case.set_version(data, "1.0", "2026-12-01")
    assert _release(tmp_path, monkeypatch, capsys)[0] == 0
    release_case.set_version(data, "1.1", "2026-12-15")
    assert _release(tmp_path, monkeypatch, capsys)[0] == 0
    first, second = data / "releases" / "1.0", data / "releases" / "1.1"
    assert all((first / name).read_bytes() == (second / name).read_bytes() for name in ("R1.tsv", "R5.tsv"))


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: None, "data/study.yaml: study.yaml names no version to record; add version: '1.0' and released:"
     " 2026-12-01 (the day you publish it), then run build_site.py release again"),
    (lambda d: (d / "study.yaml").write_text((d / "study.yaml").read_text(encoding="utf-8") + "version: '1.0'\n",
                                              encoding="utf-8"),
     "data/study.yaml: version 1.0 has no release date; add released: 2026-12-01 (the day you publish it), then"
     " run build_site.py release again"),
])
def test_a_release_needs_a_version_and_a_date(tmp_path, monkeypatch, capsys, edit, message):
    data = release_case.copy_thesis(tmp_path)
    edit(data)
    code, out, err = _release(tmp_path, monkeypatch, capsys)
    assert code == 1 and out == ""
    assert err == f"{message}\nRelease not recorded: 1 error, 0 warnings.\n"
    assert not (data / "releases").exists()


def test_a_recorded_release_is_never_recorded_again(tmp_path, monkeypatch, capsys):
    data = release_case.copy_thesis(tmp_path)
    release_case.set_version(data, "1.0", "2026-12-01")
    assert _release(tmp_path, monkeypatch, capsys)[0] == 0
    before = (data / "releases" / "1.0" / "R1.tsv").read_bytes()
    code, _, err = _release(tmp_path, monkeypatch, capsys)
    assert code == 1
    assert err.splitlines()[0] == (
        "data/study.yaml: release 1.0 is already recorded (data/releases/1.0/), and a recorded release never"
        " changes; set the next version, e.g. version: '1.1' with its released: date, then run build_site.py"
        " release again")
    assert (data / "releases" / "1.0" / "R1.tsv").read_bytes() == before
    with pytest.raises(FileExistsError):
        write_release(data / "releases", "1.0", {"R1.tsv": "n\tspeaker\ttext\n"})


def test_a_release_is_checked_as_strictly_as_a_strict_build(tmp_path, monkeypatch, capsys):
    data = release_case.copy_thesis(tmp_path)
    (data / "reviewed.yaml").unlink()  # the thesis's reviewed warnings fail --strict again
    release_case.set_version(data, "1.0", "2026-12-01")
    code, _, err = _release(tmp_path, monkeypatch, capsys)
    assert code == 1
    assert "data/findings/4.1-strategi.md:" in err and "warning: (R1:10) quote differs from the transcript" in err
    assert err.splitlines()[-1].startswith("Release not recorded: 0 errors, ")
    assert err.splitlines()[-1].endswith("; a release is checked as strictly as `build_site.py --strict` checks.")
    assert not (data / "releases").exists()


def test_release_takes_the_data_folder_before_or_after_the_command(tmp_path, monkeypatch, capsys):
    data = release_case.copy_thesis(tmp_path)
    release_case.set_version(data, "2", "2026-12-01")
    monkeypatch.chdir(tmp_path)
    assert main(["release", "--data", "data"]) == 0
    release_case.set_version(data, "3", "2026-12-02")
    assert main(["--data", "data", "release"]) == 0
    assert sorted(p.name for p in (data / "releases").iterdir()) == ["2", "3"]
    assert "in data/releases/3/" in capsys.readouterr().out


def test_an_interrupted_release_leaves_no_release(tmp_path):
    class Boom(str):
        def encode(self, *args):  # type: ignore[no-untyped-def, override]
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_release(tmp_path, "1.0", {"R1.tsv": "n\tspeaker\ttext\n", "R2.tsv": Boom("x")})
    assert list(tmp_path.iterdir()) == []


# --- The format ---------------------------------------------------------------------------------------


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_any_text_survives_a_release_line(text):
    line = escape(text)
    assert "\t" not in line and "\n" not in line and "\r" not in line
    report = Report("R1.tsv")
    assert unescape(line, 2, report) == text and report.problems == []


def test_rows_with_tabs_line_breaks_and_backslashes_round_trip(tmp_path):
    shutil.copytree(CASES / "load-minimal" / "data", tmp_path / "data")
    project, _ = load(tmp_path / "data", tmp_path)
    assert project is not None
    files = release_files("1.0", "2026-12-01", project.transcripts)
    assert files["R1.tsv"].split("\n")[3] == "2\tR1\tSamma nummer två gånger i källan.\\nOch en andra rad."
    rows, problems = read_rows(files["R1.tsv"], "R1.tsv", "R1")
    assert problems == [] and rows is not None
    assert [(r.n, r.occurrence, r.text) for r in rows] == [
        (r.n, r.occurrence, r.text) for r in project.transcripts[0].rows]


def test_versions_sort_by_their_numbers():
    assert sorted(["1.10", "1.9", "2", "1.0.1", "1"], key=version_key) == ["1", "1.0.1", "1.9", "1.10", "2"]
    assert version_key("1.0") == version_key("1") == version_key("1.0.0")


def _schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def test_release_and_moves_files_match_their_json_schemas(tmp_path):
    jsonschema.Draft202012Validator.check_schema(_schema("release.schema.json"))
    jsonschema.Draft202012Validator.check_schema(_schema("moves.schema.json"))
    data = release_case.copy_thesis(tmp_path)
    project, _ = _loaded(tmp_path)
    meta = release_files("1.0", "2026-12-01", project.transcripts)["release.yaml"]
    assert list(jsonschema.Draft202012Validator(_schema("release.schema.json")).iter_errors(
        plain(parse(meta, Report("release.yaml"))))) == []
    moves = plain(parse(release_case.MOVES, Report("moves.yaml")))
    assert list(jsonschema.Draft202012Validator(_schema("moves.schema.json")).iter_errors(moves)) == []
    bad = plain(parse((CASES / "load-bad-release/data/releases/moves.yaml").read_text(encoding="utf-8"),
                      Report("moves.yaml")))
    assert len(list(jsonschema.Draft202012Validator(_schema("moves.schema.json")).iter_errors(bad))) >= 5
    assert data.is_dir()


def test_the_keys_of_release_and_moves_files_are_documented_and_in_the_schemas():
    readme = README.read_text(encoding="utf-8")
    section = readme.split("\n## Releases\n", 1)[1].split("\n## ", 1)[0]
    for field in (*RELEASE_FIELDS, *MOVE_FIELDS, *RENUMBERED_FIELDS):
        assert f"`{field.name}`" in section, field.name
    release = _schema("release.schema.json")
    assert set(release["properties"]) == {f.name for f in RELEASE_FIELDS}
    assert set(release["required"]) == {f.name for f in RELEASE_FIELDS if f.required}
    version = _schema("moves.schema.json")["$defs"]["version"]
    assert set(version["properties"]) == {f.name for f in MOVE_FIELDS}
    renumbered = _schema("moves.schema.json")["$defs"]["renumbered"]
    assert set(renumbered["properties"]) == {f.name for f in RENUMBERED_FIELDS}
    assert set(renumbered["required"]) == {f.name for f in RENUMBERED_FIELDS}


def test_moves_keep_their_order_and_places():
    moves, problems = read_moves(release_case.MOVES, "data/releases/moves.yaml")
    assert problems == []
    assert [(type(m).__name__, m.release, m.transcript, str(m.source)) for m in moves] == [
        ("RowMove", "1.1", "R4", "data/releases/moves.yaml:4"),
        ("Renumbering", "1.1", "R4", "data/releases/moves.yaml:6"),
    ]
    assert moves[0].old == (52, 2) and moves[0].new == (("R4", 53, 1),)
    assert (moves[1].first, moves[1].last, moves[1].by) == (53, 62, 1)


# --- Anonymity: a release's rows are data, and published --------------------------------------------


def test_a_name_redacted_after_a_release_is_still_found_in_the_release(tmp_path, monkeypatch, capsys):
    """The most likely correction is a redaction: the frozen copy still holds the name, and would publish it on
    the release's page, so the build stops at the release file's line (and the message says how to fix it)."""
    data = release_case.copy_thesis(tmp_path)
    r5 = data / "transcripts" / "R5.yaml"
    r5.write_text(r5.read_text(encoding="utf-8").replace("Det var också hur", "Det var också zqxwe hur", 1),
                  encoding="utf-8")
    release_case.set_version(data, "1.0", "2026-12-01")
    assert _release(tmp_path, monkeypatch, capsys)[0] == 0
    r5.write_text(r5.read_text(encoding="utf-8").replace("zqxwe", "—"), encoding="utf-8")
    (data / "private").mkdir()
    (data / "private" / "forbidden-terms.txt").write_text("Zqxwe\n", encoding="utf-8")
    release_case.set_version(data, "1.1", "2026-12-15")
    project, _ = _loaded(tmp_path)
    _, problems = analyse(project, root=tmp_path)
    assert [str(p) for p in problems if p.kind == "forbidden-term"] == [
        "data/releases/1.0/R5.tsv:3: forbidden term 'Z…' (5 letters, #1 in forbidden-terms.txt) appears here;"
        " replace it with — or a pseudonym"]
    # Redacting the frozen copy too, and recording its new SHA-256 as the message says, clears it.
    frozen = data / "releases" / "1.0" / "R5.tsv"
    frozen.write_text(frozen.read_text(encoding="utf-8").replace("zqxwe", "—"), encoding="utf-8")
    _, problems = load(data, tmp_path)
    (changed,) = [p for p in problems if p.kind == "release-changed"]
    new_line = changed.message.rsplit("record the new SHA-256: ", 1)[1]
    meta = data / "releases" / "1.0" / "release.yaml"
    meta.write_text("\n".join(f"  {new_line}" if line.startswith("  R5:") else line
                              for line in meta.read_text(encoding="utf-8").split("\n")), encoding="utf-8")
    project, problems = _loaded(tmp_path)
    assert problems == []
    assert [p for p in analyse(project, root=tmp_path)[1] if p.kind.startswith("forbidden")] == []


# --- The version and the releases -----------------------------------------------------------------------


def _clean_with_release(tmp_path: Path, version: str = "1.0") -> Path:
    shutil.copytree(CASES / "checks-clean" / "data", tmp_path / "data")
    project, _ = load(tmp_path / "data", tmp_path)
    assert project is not None
    write_release(tmp_path / "data" / "releases", version, release_files(version, "2026-12-01", project.transcripts))
    return tmp_path / "data"


def _study(data: Path, lines: str) -> None:
    (data / "study.yaml").write_text((data / "study.yaml").read_text(encoding="utf-8") + lines, encoding="utf-8")


def _problems(tmp_path: Path) -> list[str]:
    project, problems = _loaded(tmp_path)
    return [str(p) for p in [*problems, *analyse(project, root=tmp_path)[1]]]


@pytest.mark.parametrize(("lines", "edit", "expected"), [
    ("", None, ["data/study.yaml: releases are recorded in data/releases/, but study.yaml names no version, so the"
                " site cannot say which one it shows; add version: '1.0' (or '1.1' once rows change)"]),
    ("version: '0.9'\n", None, ["data/study.yaml: version 0.9 comes before release 1.0, the latest recorded; set"
                                " version: '1.0', or a later one such as '1.1'"]),
    ("version: '1.0'\nreleased: 2026-12-01\n", None, []),
    ("version: '1.0'\nreleased: 2026-12-02\n", None, [
        "data/study.yaml: warning: released 2026-12-02 is not the date release 1.0 was recorded with (2026-12-01);"
        " write released: 2026-12-01, or set the next version for a new release"]),
    ("version: '1.0'\nreleased: 2026-12-01\n", ("Och digitalisering?", "Och digitaliseringen?"), [
        "data/study.yaml: warning: the transcripts changed since release 1.0 was recorded (R1: 1 changed rows),"
        " but study.yaml still says version: '1.0', so the site would show them as 1.0; set the next version, e.g."
        " version: '1.1'"]),
    ("version: '1.1'\n", ("Och digitalisering?", "Och digitaliseringen?"), []),
])
def test_the_version_says_what_the_site_shows(tmp_path, lines, edit, expected):
    data = _clean_with_release(tmp_path)
    _study(data, lines)
    if edit:
        r1 = data / "transcripts" / "R1.yaml"
        r1.write_text(r1.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    assert _problems(tmp_path) == expected


def test_a_page_may_not_take_the_address_of_a_release(tmp_path):
    data = _clean_with_release(tmp_path, "1")
    _study(data, "version: '2'\n")
    (data / "pages").mkdir()
    (data / "pages" / "v1.md").write_text("---\ntitle: Version ett\n---\nText.\n", encoding="utf-8")
    assert _problems(tmp_path) == [
        "data/pages/v1.md: slug 'v1' is also the address of release 1 (v1/); rename the file, or set slug: in the"
        " front matter, e.g. v1-page"]


def test_a_cited_row_changed_since_the_last_release_is_reported_until_a_later_release_is_prepared(tmp_path):
    data = _clean_with_release(tmp_path)
    r1 = data / "transcripts" / "R1.yaml"
    r1.write_text(r1.read_text(encoding="utf-8").replace("vi jobbar med", "vi arbetar med"), encoding="utf-8")
    _study(data, "version: '1.1'\nreleased: 2026-12-15\n")
    warning = ("data/findings/4.1-hallbarhet.md:11: warning: (R1:2) cites R1:2, which changed since release 1.0"
               " (1 word differs); check that the citation still holds, then accept this warning in reviewed.yaml")
    assert _problems(tmp_path) == [warning]
    project, _ = _loaded(tmp_path)
    write_release(data / "releases", "1.1", release_files("1.1", "2026-12-15", project.transcripts))
    assert _problems(tmp_path) == [warning]  # 1.1 recorded: "the last release" before it is still 1.0
    release_case.set_version(data, "1.2", "2026-12-20")
    assert _problems(tmp_path) == []  # preparing 1.2: the row is as 1.1 has it


# --- History on the scenario of issue 12 -----------------------------------------------------------------


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Path:
    """The thesis released as 1.0, then corrected and renumbered and released as 1.1 (see release_case)."""
    work = tmp_path_factory.mktemp("released")
    release_case.released_twice(work)
    return work


def test_the_history_follows_a_renumbered_row_and_a_corrected_one(scenario):
    project, problems = _loaded(scenario)
    assert problems == []
    history = history_of(project)
    assert [v.version for v in history.versions] == ["1.0", "1.1", "1.1"]
    assert [c for c in history.changes[0]] == [
        history.changes[0][0].__class__("R4", changed=0, added=0, removed=0, moved=11),
        history.changes[0][0].__class__("R5", changed=1, added=0, removed=0, moved=0),
    ]
    assert history.changes[1] == ()  # 1.1 as recorded is the data as it is now
    r5_4 = project.transcript("R5").rows_numbered(4)[0]
    (old,) = history.earlier_texts(r5_4)
    assert (old.version, old.key) == ("1.0", ("R5", 4, 1))
    assert "ägandeskapet" in old.text and "ägarskapet" in r5_4.text
    r4_53 = project.transcript("R4").rows_numbered(53)[0]
    assert history.earlier_texts(r4_53) == ()  # renumbered, but it says what R4:52#2 said
    assert history.text_in(0, r4_53).key == ("R4", 52, 2)
    moved = history.same_as_now(0, "R4")
    assert moved is not None and moved[("R4", 52, 2)] == ("R4", 53, 1) and moved[("R4", 62, 1)] == ("R4", 63, 1)
    assert len(moved) == 11
    assert history.same_as_now(0, "R5") is None  # a row differs: 1.0's page keeps its own text
    assert history.same_as_now(0, "R1") == {} and history.same_as_now(1, "R4") == {}
    assert history.vanished == {"R4": {("R4", 52, 2): ("R4", 53, 1)}}
