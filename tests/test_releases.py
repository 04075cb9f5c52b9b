"""Releases: `build_site.py release` records every row, the loader reads releases back, and the checks hold the
version, the moves and the citations of changed rows to them. The bad inputs are the golden cases
`tests/cases/load-bad-release/` and `tests/cases/checks-bad-moves/`."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
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
    assert "data/releases/1.0/R5.tsv" in project.data_files  # so the anonymity check reads it


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
        "data/study.yaml: warning: the transcripts changed since release 1.0 was recorded (R1),"
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
               " (1 word differs; the passage quoted in that release is still there word for word; its verdict"
               " now: verbatim); check that the citation still holds, then accept this warning in reviewed.yaml")
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


# --- The site: releases under v<version>/, and the history of current rows ---------------------------------


@pytest.fixture(scope="module")
def scenario_pages(scenario) -> dict:
    from qualsite.build import check

    site = check(scenario / "data", root=scenario, strict=True)
    return {"pages": as_text(site.pages), "nav": site.nav, "problems": site.problems}


def as_text(pages: dict) -> dict:
    """A checked site's pages as text (a build keeps them as UTF-8 bytes); archives stay bytes."""
    return {path: content.decode("utf-8") if isinstance(content, bytes) and not zipfile.is_zipfile(io.BytesIO(content))
            else content for path, content in pages.items()}


def test_a_release_shows_the_old_text_of_a_changed_transcript_under_its_old_anchor(scenario_pages):
    pages = scenario_pages["pages"]
    frozen = pages["v1.0/transcripts/r5.md"]
    assert frozen.startswith('---\ntitle: "Transkribering av intervju: Respondent 5 · Version 1.0"\nsearch:\n'
                             "  exclude: true\n---\n")
    assert '<div class="qs-release-page" data-pagefind-ignore="all">' in frozen
    row = frozen.split('<h3 id="r5-4"', 1)[1].split("</div>", 1)[0]
    assert "ägandeskapet" in row and "ägarskapet" not in row
    assert '<span class="qs-label">Nu:</span> <a href="../../../transcripts/r5/#r5-4">R5:4</a>' in row
    assert "Så här löd transkriptet i version 1.0 (2026-12-01)." in frozen
    row_5 = frozen.split('<h3 id="r5-5"', 1)[1].split("</div>", 1)[0]
    assert "qs-row-now" not in row_5  # unchanged rows say nothing more
    assert "v1.0/transcripts/r5/index.html" not in pages  # one page per address


def test_unchanged_transcripts_are_small_forwarding_pages(scenario_pages):
    pages = scenario_pages["pages"]
    forwarders = sorted(p for p in pages if p.endswith("/index.html"))
    assert forwarders == [f"v1.0/transcripts/r{i}/index.html" for i in (1, 2, 3, 4)] + [
        f"v1.1/transcripts/r{i}/index.html" for i in (1, 2, 3, 4, 5)]
    r1 = pages["v1.0/transcripts/r1/index.html"]
    assert len(r1.encode("utf-8")) < 1000
    assert '<meta name="qualsite-forward" content="../../../transcripts/r1/">' in r1
    assert '<script src="../../../assets/qualsite-releases.js"></script>' in r1
    assert '<noscript><meta http-equiv="refresh" content="0; url=../../../transcripts/r1/"></noscript>' in r1
    assert '<a href="../../../transcripts/r1/">Läs den aktuella versionen</a>' in r1
    assert "qualsite-moves" not in r1
    r4 = pages["v1.0/transcripts/r4/index.html"]
    moves = json.loads(html_unescape(r4.split('<meta name="qualsite-moves" content="', 1)[1].split('"', 1)[0]))
    assert moves == {"r4-52-2": "r4-53", **{f"r4-{n}": f"r4-{n + 1}" for n in range(53, 63)}}
    assert "qualsite-moves" not in pages["v1.1/transcripts/r4/index.html"]  # 1.1 numbers the rows as now


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_a_changed_row_shows_what_it_said_before_and_a_word_diff(scenario_pages):
    page = scenario_pages["pages"]["transcripts/r5.md"]
    row = page.split('<h3 id="r5-4"', 1)[1].split('<p class="qs-row-codes">', 1)[0]
    assert ('<div class="qs-row-history"><p class="qs-row-changed"><span class="qs-label">Ändrad sedan version'
            ' 1.0:</span> <a href="../../v1.0/transcripts/r5/#r5-4">Texten i version 1.0</a></p>') in row
    assert "Därmed följer också <del>ägandeskapet</del> <ins>ägarskapet</ins> för processerna" in row
    assert page.count("qs-row-history") == 1
    r4 = scenario_pages["pages"]["transcripts/r4.md"]
    assert "qs-row-history" not in r4  # renumbered, not changed
    assert '<div id="qs-moves" hidden data-moves="{&quot;r4-52-2&quot;: &quot;#r4-53&quot;}"></div>' in r4
    assert "qs-moves" not in scenario_pages["pages"]["transcripts/r5.md"]


def test_the_releases_page_lists_every_release_and_what_changed(scenario_pages):
    page = scenario_pages["pages"]["releases/index.md"]
    assert page.index("## Version 1&#46;1 &#40;2026&#45;12&#45;15&#44; aktuell version&#41; { #v1-1 }") < page.index(
        "## Version 1&#46;0 &#40;2026&#45;12&#45;01&#41; { #v1-0 }")
    assert ('<tr><td><a href="../v1.1/transcripts/r4/">R4</a></td><td>0</td><td>0</td><td>0</td><td>11</td></tr>'
            in page)
    assert ('<tr><td><a href="../v1.1/transcripts/r5/">R5</a></td><td>1</td><td>0</td><td>0</td><td>0</td></tr>'
            in page)
    assert "Den första versionen: 5 intervjuer, 273 rader." in page
    assert {"Versioner": "releases/index.md"} in scenario_pages["nav"]
    home = scenario_pages["pages"]["v1.0/index.md"]
    assert '<tr><td><a href="transcripts/r4/">R4</a></td><td>63</td><td>oförändrat (omnumrerat)</td></tr>' in home
    assert '<tr><td><a href="transcripts/r5/">R5</a></td><td>52</td><td>ändrat</td></tr>' in home


def test_a_version_in_preparation_has_its_folder_and_its_changes_already(tmp_path):
    data = _clean_with_release(tmp_path)
    r1 = data / "transcripts" / "R1.yaml"
    r1.write_text(r1.read_text(encoding="utf-8").replace("Och digitalisering?", "Och digitaliseringen?"),
                  encoding="utf-8")
    release_case.set_version(data, "1.1", "2026-12-15")
    from qualsite.build import check

    pages = as_text(check(data, root=tmp_path).pages)
    assert sorted(p for p in pages if p.startswith("v1.1/")) == [
        "v1.1/index.md", "v1.1/transcripts/r1/index.html", "v1.1/transcripts/r2/index.html"]
    assert sorted(p for p in pages if p.startswith("v1.0/")) == [
        "v1.0/index.md", "v1.0/transcripts/r1.md", "v1.0/transcripts/r2/index.html"]
    releases = pages["releases/index.md"]
    assert "## Version 1&#46;1 &#40;2026&#45;12&#45;15&#44; under arbete&#44; ännu inte publicerad&#41;" in releases
    assert "<td>R1</td>" not in releases and '<a href="../v1.1/transcripts/r1/">R1</a></td><td>1</td>' in releases


def test_a_study_without_releases_or_version_has_no_release_pages(tmp_path):
    shutil.copytree(CASES / "checks-clean" / "data", tmp_path / "data")
    from qualsite.build import check

    site = check(tmp_path / "data", root=tmp_path)
    assert [p for p in site.pages if p.startswith(("v", "releases/"))] == []
    assert all("releases/index.md" not in str(entry) for entry in site.nav)


@given(st.lists(st.sampled_from(["<b>", "&amp;", "x", "\"y\"", "</del>", "<ins>", "å"]), max_size=12),
       st.lists(st.sampled_from(["<b>", "&amp;", "x", "z", "</p>", "<script>", "å"]), max_size=12))
def test_a_word_diff_shows_exactly_both_texts_and_no_markup_of_theirs(old_words, new_words):
    import html.parser

    import markdown

    from qualsite.render.releases import word_diff

    class Parts(html.parser.HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.stack: list[str] = []
            self.tags: list[str] = []
            self.pieces: list[tuple[str, str]] = []

        def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
            self.tags.append(tag)
            self.stack.append(tag)

        def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
            self.stack.pop()

        def handle_data(self, data):  # type: ignore[no-untyped-def]
            self.pieces.append((self.stack[-1] if self.stack and self.stack[-1] in ("del", "ins") else "", data))

    old, new = " ".join(old_words), " ".join(new_words)
    diff = word_diff(old, new)
    if old.split() == new.split():
        assert diff == ""
        return
    parsed = Parts()
    parsed.feed(markdown.markdown(f'<p class="qs-row-diff">{diff}</p>', extensions=["md_in_html", "attr_list"]))
    assert set(parsed.tags) <= {"p", "del", "ins"}
    pieces = parsed.pieces
    assert " ".join("".join(d for w, d in pieces if w != "ins").split()) == " ".join(old.split())
    assert " ".join("".join(d for w, d in pieces if w != "del").split()) == " ".join(new.split())


SPLIT_R1 = """\
participant: R1
title: "Intervju: Respondent 1"
speakers:
  - {id: PK, role: interviewer}
  - {id: R1, role: respondent}
rows:
  - {n: 1, speaker: PK, text: Vad betyder hållbarhet för dig?}
  - {n: 2, speaker: R1, text: "Det är social hållbarhet, ekonomisk hållbarhet och klimatomfattig hållbarhet,", codes: [MHÅLL]}
  - {n: 3, speaker: R1, text: och vi jobbar med alla dom begreppen.}
  - {n: 4, speaker: PK, text: Och digitalisering?}
  - {n: 5, speaker: R1, text: Vi automatiserar långtråkiga och enformiga arbetsuppgifter ute i förvaltningarna., codes: [DIGMED]}
"""
MERGED_R2 = """\
participant: R2
speakers:
  - {id: MR, role: interviewer}
  - {id: R2, role: respondent}
rows:
  - {n: 1, speaker: R2, text: "Hur arbetar ni med molnet? Vi vill lämna dokumentarkiv till att göra det digitalt, molnbaserat typ så, och skapa digitala landskap.", codes: [DIGMED]}
"""
SPLIT_MOVES = """\
'1.1':
  moved:
    'R1:2': ['R1:2', 'R1:3']     # split in two
    'R2:2': 'R2:1'               # merged into the row before it
  renumbered:
    - {transcript: R1, rows: 3-4, by: 1}
"""


def test_a_split_and_a_merge_lead_old_addresses_to_the_rows_that_hold_their_words(tmp_path):
    from qualsite.build import check

    data = _clean_with_release(tmp_path)
    (data / "transcripts" / "R1.yaml").write_text(SPLIT_R1, encoding="utf-8")
    (data / "transcripts" / "R2.yaml").write_text(MERGED_R2, encoding="utf-8")
    (data / "releases" / "moves.yaml").write_text(SPLIT_MOVES, encoding="utf-8")
    finding = data / "findings" / "4.1-hallbarhet.md"
    finding.write_text(finding.read_text(encoding="utf-8").replace("(R1:4; R2:2)", "(R1:5; R2:1)"), encoding="utf-8")
    release_case.set_version(data, "1.1", "2026-12-15")
    project, _ = _loaded(tmp_path)
    history = history_of(project)
    assert history.problems == ()
    assert [(c.transcript, c.changed, c.added, c.removed, c.moved) for c in history.changes[0]] == [
        ("R1", 0, 0, 0, 3),   # the split row's words, joined, are unchanged; 2, 3 and 4 have other numbers
        ("R2", 2, 0, 0, 1),   # both old rows now read as the merged row
    ]
    r1 = project.transcript("R1")
    for n in (2, 3):
        (old,) = history.earlier_texts(r1.rows_numbered(n)[0])
        assert old.key == ("R1", 2, 1) and old.text.endswith("och vi jobbar med alla dom begreppen.")
    (merged,) = history.earlier_texts(project.transcript("R2").rows[0])
    assert (merged.key, merged.speaker) == (("R2", 1, 1), "MR")  # the same words, joined, but another speaker
    assert merged.text == project.transcript("R2").rows[0].text
    assert history.same_as_now(0, "R1") is None and history.same_as_now(0, "R2") is None
    assert history.vanished == {"R2": {("R2", 2, 1): ("R2", 1, 1)}}
    site = check(data, root=tmp_path)
    pages = as_text(site.pages)
    frozen = pages["v1.0/transcripts/r1.md"]
    split = frozen.split('<h3 id="r1-2"', 1)[1].split("</div>", 1)[0]
    assert ('<span class="qs-label">Nu:</span> <a href="../../../transcripts/r1/#r1-2">R1:2</a>,'
            ' <a href="../../../transcripts/r1/#r1-3">R1:3</a>') in split
    r2 = pages["transcripts/r2.md"]
    assert "data-moves=\"{&quot;r2-2&quot;: &quot;#r2-1&quot;}\"" in r2
    assert '<p class="qs-row-diff">Talare i version 1.0: MR</p>' in r2 and "qs-diff" not in r2  # no word changed
    assert [str(p) for p in site.problems] == [
        "data/findings/4.1-hallbarhet.md:11: warning: (R1:2) cites R1:2, which changed since release 1.0 (7 words"
        " differ; the passage quoted in that release is still there word for word; its verdict now:"
        " verbatim); check that the citation still holds, then accept this warning in reviewed.yaml",
        "data/findings/4.1-hallbarhet.md:13: warning: (R1:5; R2:1) cites R2:1, which changed since release 1.0 (its"
        " speaker differs; the passage quoted in that release is still there word for word; its verdict now:"
        " no quote); check that the citation still holds, then accept this warning in reviewed.yaml"]


def _statuses(work: Path) -> dict[tuple[str, int], tuple[str, str]]:
    project, _ = _loaded(work)
    evidence, _ = analyse(project, root=work)
    return {(c.citation.document, c.citation.ordinal): (c.status, " ".join(r.label for r in c.rows if r))
            for c in evidence.citations}


def test_every_citation_still_verifies_or_is_reported_with_its_new_status(scenario, tmp_path):
    before = _statuses(release_case.THESIS.parent)
    after = _statuses(scenario)
    project, _ = _loaded(scenario)
    assert sum(len(c.citation.references) for c in analyse(project, root=scenario)[0].citations) == 95  # chapter 4's
    changed = {key: (before[key], after[key]) for key in before if before[key] != after[key]}
    # Only the renumbered row's citation resolves elsewhere: (R4:56) became (R4:57), and it is still exact.
    assert changed == {("4-6-mojligheter", 15): (("exact", "R4:56"), ("exact", "R4:57"))}
    project, _ = _loaded(scenario)
    _, problems = analyse(project, root=scenario)
    assert [p.message for p in problems if p.kind == "cited-row-changed"] == [
        "(R5:4) cites R5:4, which changed since release 1.0 (1 word differs; the passage quoted in that release is"
        " found again with score 0.95; its verdict now: verbatim); check that the citation still holds,"
        " then accept this warning in reviewed.yaml"]
    # Left as it was, the citation of the renumbered row is reported with its new status, and the fix.
    shutil.copytree(scenario / "data", tmp_path / "data")
    finding = tmp_path / "data" / "findings" / "4.6-mojligheter.md"
    finding.write_text(finding.read_text(encoding="utf-8").replace("(R4:57)", "(R4:56)"), encoding="utf-8")
    assert _statuses(tmp_path)[("4-6-mojligheter", 15)] == ("not-found", "R4:56")
    project, _ = _loaded(tmp_path)
    _, problems = analyse(project, root=tmp_path)
    assert [str(p) for p in problems if p.kind == "quote-not-found"] == [
        "data/findings/4.6-mojligheter.md:56: warning: (R4:56) quote not found: not in R4:56; found in R4:57 instead;"
        " cite (R4:57) or correct the quote"]


def test_the_data_download_holds_the_data_as_it_is_now_not_every_release(scenario_pages):
    import io
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(scenario_pages["pages"]["downloads/data.zip"])).namelist()
    assert "data/transcripts/R5.yaml" in names and "data/study.yaml" in names
    assert [n for n in names if "releases" in n] == []


def test_a_releases_folder_that_links_outside_the_data_is_not_read(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "1.0").mkdir(parents=True)
    (elsewhere / "1.0" / "secret-name.tsv").write_text("n\tspeaker\ttext\n", encoding="utf-8")
    shutil.copytree(CASES / "checks-clean" / "data", tmp_path / "data")
    (tmp_path / "data" / "releases").symlink_to(elsewhere, target_is_directory=True)
    project, problems = load(tmp_path / "data", tmp_path)
    assert project is None
    assert [str(p) for p in problems] == [
        "data/releases: links outside the data folder; replace the link with the file itself"]


@pytest.mark.parametrize(("new_text", "said"), [
    ("Vi har en strategi för allt, sa hon. Och mer.", "the passage quoted in that release is still there word for word"),
    ("Vi har en plan för allt, sa hon.", "the passage quoted in that release is found again with score 0.83"),
    ("Helt andra ord om något annat.", "the passage quoted in that release is gone"),
])
def test_a_changed_row_says_whether_the_quoted_passage_is_still_there(new_text: str, said: str):
    from qualsite.checks.releases import ChangedCitation, _anchoring, reanchored
    from qualsite.labels import say
    from qualsite.model import CheckedCitation, Citation, Reference, Source
    from test_checks import make_transcript

    row = make_transcript("R1", [(2, "R1", new_text, ())]).rows[0]
    reference = Reference("R1", 2, Source("data/findings/x.md", 3))
    citation = Citation("x", 1, (reference,), "x", "X", "Vi har en strategi för allt", Source("data/findings/x.md", 3))
    checked = CheckedCitation(citation, (row,), "exact", None)
    changed = ChangedCitation(checked, reference, row, "R1", "Vi har en strategi för allt, sa hon.", new_text, "1.0")
    assert say(_anchoring(reanchored(changed)), "en") == said
