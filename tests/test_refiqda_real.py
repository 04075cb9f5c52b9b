"""REFI-QDA import of real exports from other tools (`../shared/fixtures/refi-qda/real/`), each built as a site.

Every file there (projects of NVivo for Mac and ATLAS.ti, a codebook, and three
small synthetic projects reproducing what NVivo for Windows does) is imported
with the command line into a fresh project, built by `build_site.py --strict`
and `mkdocs build --strict`, once per module. The tests then check the result
against the fixture itself: codes, sets, colours, the rows the codings land on,
and that no name of a speaker, user, case or source reaches any file of the
site or its downloads. The names are read from the fixtures at test time, so
none is written into this repository.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from qualsite.load import load

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT.parent / "shared" / "fixtures" / "refi-qda"
REAL = FIXTURES / "real"
FILES = sorted([*REAL.glob("*.qdpx"), *REAL.glob("*.qdc"), *REAL.glob("synthetic/*.qdpx")]) if REAL.is_dir() else []
pytestmark = pytest.mark.skipif(not FILES or not (FIXTURES / "Project.xsd").is_file(),
                                reason=f"the real REFI-QDA exports are not in {REAL} (CI has them beside the clone)")
NS = {"q": "urn:QDA-XML:project:1.0", "c": "urn:QDA-XML:codebook:1.0"}
MKDOCS = Path(sys.executable).parent / "mkdocs"


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build_site.py"), *args], cwd=cwd, capture_output=True,
                          text=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """`built(fixture)`: the fixture imported into `data/` of a fresh project, built strictly by build_site.py and
    MkDocs; each fixture once per module, whichever test asks first."""
    done: dict[Path, Path] = {}

    def build(fixture: Path) -> Path:
        if fixture not in done:
            project = tmp_path_factory.mktemp(fixture.stem)
            shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
            shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")
            imported = _run("import", str(fixture), "--into", "data", cwd=project)
            assert imported.returncode == 0, imported.stderr
            (project / "import-stdout.txt").write_text(imported.stdout, encoding="utf-8")
            checked = _run("--strict", "--quiet", cwd=project)
            assert checked.returncode == 0, checked.stderr[-3000:]
            mkdocs = subprocess.run([str(MKDOCS), "build", "--strict"], cwd=project, capture_output=True, text=True)
            assert mkdocs.returncode == 0, mkdocs.stderr[-3000:]
            done[fixture] = project
        return done[fixture]

    return build


def _real(stem: str) -> Path:
    """The fixture whose name starts with `stem`."""
    return next(f for f in FILES if f.name.startswith(stem))


def _xml(fixture: Path) -> etree._Element:
    if fixture.suffix == ".qdc":
        return etree.parse(str(fixture)).getroot()
    with zipfile.ZipFile(fixture) as archive:
        name = next(n for n in archive.namelist() if n.lower().endswith(".qde"))
        return etree.fromstring(archive.read(name))


def _texts(fixture: Path) -> dict[str, str]:
    """The plain texts in the archive, by member name."""
    if fixture.suffix == ".qdc":
        return {}
    with zipfile.ZipFile(fixture) as archive:
        return {n: archive.read(n).decode("utf-8-sig", errors="replace") for n in archive.namelist()
                if n.lower().endswith(".txt")}


GENERIC = re.compile(r"^(?:Interviewer|Interviewee|Respondent|Moderator|Speaker \d+)$")


def names_in(fixture: Path) -> list[str]:
    """Every name of a person or source the fixture holds, read from it: speaker labels that start lines of its
    texts (`Name: …`, except generic labels such as `Interviewer`), users (except the tool itself, which ATLAS.ti
    lists as a user), cases, and sources with and without their file extension (except single lower-case words
    such as `interview`, which are ordinary words, not names)."""
    root = _xml(fixture)
    origin = root.get("origin", "")
    names = set()
    for text in _texts(fixture).values():
        names |= {m.group(1) for m in re.finditer(r"(?m)^([A-Z][\w.' -]{0,38}?):\s", text)
                  if not GENERIC.match(m.group(1))}
    names |= {u.get("name") for u in root.iter("{*}User") if u.get("name") and u.get("name") not in origin}
    names |= {c.get("name") for c in root.iter("{*}Case") if c.get("name")}
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element).localname.endswith("Source") and element.get("name"):
            name = element.get("name")
            for candidate in {name, Path(name).stem}:
                if not re.fullmatch(r"[a-z]+", candidate):
                    names.add(candidate)
    return sorted(n for n in names if n.strip())


def _theme_files() -> set[str]:
    """Hashes of the files MkDocs and Material copy into every site as they are (scripts, fonts, styles), and of
    the repository's docs/assets: not built from the data."""
    import material
    import mkdocs

    hashes = set()
    for folder in (Path(material.__file__).parent, Path(mkdocs.__file__).parent, ROOT / "docs" / "assets"):
        hashes |= {hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}
    return hashes


def _contents(path: Path, data: bytes):  # type: ignore[no-untyped-def]
    """(name, text) of a file, of each member of a zip archive inside it, and of a gzip file's content."""
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                yield from _contents(Path(f"{path}!{member}"), archive.read(member))
        return
    if data[:2] == b"\x1f\x8b":
        yield from _contents(Path(f"{path}!gunzip"), gzip.decompress(data))
        return
    yield str(path), data.decode("utf-8", errors="replace")


# --- Every file ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", FILES, ids=lambda p: p.name)
def test_every_real_file_imports_and_builds_strictly(built, fixture: Path) -> None:  # type: ignore[no-untyped-def]
    site = built(fixture)
    assert (site / "site" / "index.html").is_file()
    assert (site / "site" / "downloads" / "study.qdpx").is_file()
    stdout = (site / "import-stdout.txt").read_text(encoding="utf-8")
    assert f"Imported {'the codebook ' if fixture.suffix == '.qdc' else ''}{fixture.name} into data/" in stdout


@pytest.mark.parametrize("fixture", FILES, ids=lambda p: p.name)
def test_no_name_of_a_person_or_source_is_published(built, fixture: Path) -> None:  # type: ignore[no-untyped-def]
    site = built(fixture)
    names = names_in(fixture)
    theme = _theme_files()
    public = [p for p in (site / "data").rglob("*") if p.is_file() and "private" not in p.parts]
    public += [p for p in (site / "docs").rglob("*") if p.is_file()]
    public += [p for p in (site / "site").rglob("*") if p.is_file()]
    public = [p for p in public if hashlib.sha256(p.read_bytes()).hexdigest() not in theme]
    assert any(p.name == "study.qdpx" for p in public) and any(p.suffix == ".html" for p in public)
    leaks = []
    for path in public:
        for name, text in _contents(path.relative_to(site), path.read_bytes()):
            leaks += [(name, n[:1] + "…") for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text)]
    assert leaks == []
    # the names the import found are forbidden to the build too
    forbidden = site / "data" / "private" / "forbidden-terms.txt"
    listed = set(forbidden.read_text(encoding="utf-8").splitlines()) if forbidden.is_file() else set()
    speakers_and_users = {n for n in names if n in listed}
    users = {u.get("name") for u in _xml(fixture).iter("{*}User")} - {None}
    assert {u for u in users if u not in _xml(fixture).get("origin", "")} <= speakers_and_users


@pytest.mark.parametrize("fixture", FILES, ids=lambda p: p.name)
def test_the_import_log_states_every_source_and_the_offsets_read(built, fixture: Path) -> None:  # type: ignore[no-untyped-def]
    site = built(fixture)
    log = (site / "data" / "private" / "import-log.txt").read_text(encoding="utf-8")
    root = _xml(fixture)
    imported = load(site / "data", site)[0]
    assert imported is not None
    for transcript in imported.transcripts:
        assert re.search(rf"transcript {transcript.id}: offsets read as .*: \d+ of \d+ selection starts", log)
    text_sources = [s for s in root.iter("{*}TextSource")]
    # every text source either became a transcript or was reported as not imported
    assert len(imported.transcripts) + log.count("not imported") >= len(text_sources)
    assert all(t.rows for t in imported.transcripts)


# --- NVivo for Mac 15 --------------------------------------------------------------------------------------


def _codes(root: etree._Element):  # type: ignore[no-untyped-def]
    """(top-level name, name, parent name or None) of every code below the top level, in document order."""
    found = []
    codes = root.find("q:CodeBook/q:Codes", NS)
    if codes is None:
        codes = root.find("c:Codes", NS)
    for top in codes if codes is not None else []:
        def walk(element, parent):  # type: ignore[no-untyped-def]
            for code in element:
                if isinstance(code.tag, str) and etree.QName(code).localname == "Code":
                    found.append((top.get("name"), code.get("name"), parent))
                    walk(code, code.get("name"))
        walk(top, None)
    return found, [t for t in (codes if codes is not None else []) if isinstance(t.tag, str)]


def test_nvivo_mac_keeps_the_whole_hierarchy_and_reports_its_empty_sources(built) -> None:  # type: ignore[no-untyped-def]
    fixture = _real("02_nvivo_mac15")
    site = built(fixture)
    root = _xml(fixture)
    project = load(site / "data", site)[0]
    assert project is not None
    below, tops = _codes(root)
    labels = {c.id: c.label for c in project.codebook.codes}
    areas = {a.id: a.name for a in project.codebook.areas}
    assert [a.name for a in project.codebook.areas] == [t.get("name") for t in tops]
    assert [(areas[c.area], c.label, labels[c.parent] if c.parent else None)
            for c in project.codebook.codes] == below
    assert len(list(root.iter("{*}Code"))) == 262 == len(project.codebook.areas) + len(project.codebook.codes)
    # both text sources are empty: no transcript, each said so, and no findings stub without rows to cite
    log = (site / "data" / "private" / "import-log.txt").read_text(encoding="utf-8")
    assert project.transcripts == () and log.count("is empty; not imported") == 2
    assert not (site / "data" / "findings").exists()
    assert "no findings stub written" in log


# --- ATLAS.ti 23 -------------------------------------------------------------------------------------------


def test_atlas23_blank_project_is_a_study_without_codes(built) -> None:  # type: ignore[no-untyped-def]
    fixture = _real("05_atlas23_blank")
    site = built(fixture)
    project = load(site / "data", site)[0]
    assert project is not None
    assert project.codebook.codes == () and project.transcripts == ()
    assert project.study.title == _xml(fixture).get("name")
    assert project.study.date == _xml(fixture).get("creationDateTime")[:10]


def test_atlas23_target_keeps_codes_under_their_area(built) -> None:  # type: ignore[no-untyped-def]
    fixture = _real("06_atlas23_target")
    site = built(fixture)
    root = _xml(fixture)
    project = load(site / "data", site)[0]
    assert project is not None
    below, tops = _codes(root)
    assert [a.name for a in project.codebook.areas] == [t.get("name") for t in tops]
    assert [(c.label, c.parent) for c in project.codebook.codes] == [(name, None) for _, name, _ in below]
    # code names with spaces became ids the site can use; the name stays the label
    assert all(" " not in c.id for c in project.codebook.codes)


# --- ATLAS.ti 8.4: sets, colours, sources not in the archive ------------------------------------------------


def test_atlas84_keeps_code_sets_as_groups_and_colours(built) -> None:  # type: ignore[no-untyped-def]
    fixture = _real("07_atlas84")
    site = built(fixture)
    root = _xml(fixture)
    project = load(site / "data", site)[0]
    assert project is not None
    names = {c.get("guid").lower(): c.get("name") for c in root.iter("{*}Code")}
    code_sets = [s for s in root.iter("{*}Set") if s.find("q:MemberSource", NS) is None]
    labels = {c.id: c.label for c in project.codebook.codes}
    assert [(g.name, [labels[c] for c in g.codes]) for g in project.codebook.groups] == [
        (s.get("name"), [names[m.get("targetGUID").lower()] for m in s.findall("q:MemberCode", NS)])
        for s in code_sets]
    assert len(project.codebook.groups) == 5
    # a flat codebook: every code is an area of its own colour, holding one code of its name
    tops = [c for c in root.find("q:CodeBook/q:Codes", NS)]
    assert [(a.name, a.colour, [c.label for c in a.codes]) for a in project.codebook.areas] == [
        (c.get("name"), (c.get("color") or a.colour).lower(), [c.get("name")])
        for c, a in zip(tops, project.codebook.areas)]
    # sets of sources are not kept (their names name people); the log says why
    log = (site / "data" / "private" / "import-log.txt").read_text(encoding="utf-8")
    source_sets = len(list(root.iter("{*}Set"))) - len(code_sets)
    assert f"{source_sets} sets of sources are not imported" in log
    text_sources = list(root.iter("{*}TextSource"))
    assert log.count("is not in the archive; the source is not imported") == len(text_sources)
    assert project.transcripts == ()


# --- ATLAS.ti 23.4 codebook ---------------------------------------------------------------------------------


def test_atlas_codebook_becomes_codebook_yaml(built) -> None:  # type: ignore[no-untyped-def]
    fixture = _real("12_atlas234")
    site = built(fixture)
    root = _xml(fixture)
    project = load(site / "data", site)[0]
    assert project is not None
    code = root.find("c:Codes/c:Code", NS)
    assert [(c.label, c.description) for c in project.codebook.codes] == [
        (code.get("name"), code.findtext("c:Description", namespaces=NS))]
    assert project.codebook.areas[0].colour == code.get("color").lower()
    group = root.find("c:Sets/c:Set", NS)
    assert [(g.name, g.description, len(g.codes)) for g in project.codebook.groups] == [
        (group.get("name"), group.findtext("c:Description", namespaces=NS), 1)]


def test_a_codebook_imported_into_a_study_replaces_only_its_codebook(tmp_path: Path) -> None:
    codebook = REAL / "12_atlas234_requal_codebook.qdc"
    assert _run("import", str(REAL / "synthetic" / "repro_hyphen.qdpx"), "--into", "data", cwd=tmp_path).returncode == 0
    before = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file()}
    refused = _run("import", str(codebook), "--into", "data", cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.startswith("data/codebook.yaml: exists; pass --overwrite to replace it by the codebook of"
                                     " 12_atlas234_requal_codebook.qdc (the study's other files are kept)\n")
    done = _run("import", str(codebook), "--into", "data", "--overwrite", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    after = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file()}
    changed = {p for p in after if before.get(p) != after[p]}
    assert changed == {"data/codebook.yaml", "data/private/codebook-import-log.txt"}
    assert "code group 1" in after["data/codebook.yaml"].decode()


# --- The synthetic reproductions of NVivo for Windows ---------------------------------------------------------


def _selected(fixture: Path) -> list[tuple[str, str]]:
    """(code name, selected text) of each selection, cut from the raw text as NVivo for Windows counts: UTF-16
    code units, CRLF as two (the fixture's README says so)."""
    root = _xml(fixture)
    codes = {c.get("guid"): c.get("name") for c in root.iter("{*}Code")}
    found = []
    for source in root.iter("{*}TextSource"):
        member = "sources/" + source.get("plainTextPath").removeprefix("internal://")
        raw = _texts(fixture)[member].encode("utf-16-le")
        for selection in source.iter("{*}PlainTextSelection"):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            text = raw[2 * start:2 * end].decode("utf-16-le")
            for ref in selection.iter("{*}CodeRef"):
                found.append((codes[ref.get("targetGUID")], " ".join(text.split())))
    return found


def test_repro_offsets_maps_every_selection_onto_the_row_holding_its_text(built) -> None:  # type: ignore[no-untyped-def]
    fixture = _real("repro_offsets")
    site = built(fixture)
    project = load(site / "data", site)[0]
    assert project is not None
    selected = _selected(fixture)
    assert selected and all(text for _, text in selected)
    labels = {c.id: c.label for c in project.codebook.codes}
    rows = [r for t in project.transcripts for r in t.rows]
    for code, text in selected:
        holding = [r for r in rows if text in r.text]
        coded = [r for r in rows if code in {labels[c] for c in r.codes}]
        assert holding and coded == holding, (code, [r.n for r in coded], [r.n for r in holding])
    log = (site / "data" / "private" / "import-log.txt").read_text(encoding="utf-8")
    assert ("offsets read as UTF-16 code units, a CRLF line end as two (as NVivo for Windows counts): 2 of 2"
            in log)
    stdout = (site / "import-stdout.txt").read_text(encoding="utf-8")
    assert f"{len(selected)} of {len(selected)} coded selections mapped onto rows" in stdout


def test_repro_hyphen_redacts_the_name_as_the_build_reads_words(built) -> None:  # type: ignore[no-untyped-def]
    fixture = _real("repro_hyphen")
    site = built(fixture)
    project = load(site / "data", site)[0]
    assert project is not None
    text = " ".join(r.text for t in project.transcripts for r in t.rows)
    # the build's check breaks words at a hyphen, so the import replaced the name inside the hyphenated one too
    assert re.search(r"\[[A-Z]+\d*\]-", text)
    assert len(names_in(fixture)) >= 1


def test_repro_one_turn_gives_the_single_turn_a_pseudonym(built) -> None:  # type: ignore[no-untyped-def]
    fixture = _real("repro_one_turn")
    site = built(fixture)
    project = load(site / "data", site)[0]
    assert project is not None
    labels = [m.group(1) for text in _texts(fixture).values() for m in re.finditer(r"(?m)^([A-Z]\w+):", text)]
    once = [label for label in set(labels) if labels.count(label) == 1]
    assert len(once) == 1
    (transcript,) = project.transcripts
    speakers = [r.speaker for r in transcript.rows]
    assert len(transcript.rows) == len(labels) and len(set(speakers)) == len(set(labels))
    single = [s for s in set(speakers) if speakers.count(s) == 1]
    assert len(single) == 1 and single[0] not in once
    forbidden = (site / "data" / "private" / "forbidden-terms.txt").read_text(encoding="utf-8").splitlines()
    assert once[0] in forbidden
    log = (site / "data" / "private" / "import-log.txt").read_text(encoding="utf-8")
    assert "takes a single turn in this interview" in log
    assert yaml.safe_load((site / "data" / "transcripts" / f"{transcript.id}.yaml").read_text())["speakers"]
