"""The incremental path (`qualsite.memo`): after any edits, a build that reuses the last build's work writes exactly
the files a full build writes, and reports exactly its problems.

The property test edits a copy of the thesis the way a researcher does (a word of a row, a row's codes, a speaker's
role, a sentence or a quote in the findings, a citation, a participant's role, a code's label, the study's title, the list of
forbidden terms, undoing an edit), builds incrementally with one memo kept across all edits, and after every edit
compares docs/ and mkdocs.yml file by file with a full build of the same data in a second folder.
"""

from __future__ import annotations

import os
import random
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from qualsite.build import build, pages_of
from qualsite.load.files import relative
from qualsite.memo import Memo
from qualsite.problems import DataError
from qualsite.serve import snapshot

ROOT = Path(__file__).resolve().parents[1]
THESIS = ROOT / "tests" / "cases" / "thesis" / "data"
"""The tests' own copy of the thesis; no test reads the researcher's data/."""
WORDS = ("hållbarhet", "verksamheten", "kanske", "digitalt", "tillsammans", "Ändrat", "budget")


def _project(folder: Path, data: Path) -> Path:
    (folder / "docs").mkdir(parents=True)
    shutil.copytree(data, folder / "data")
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def _build(project: Path, memo: Memo | None, edited: list[str] | None = None) -> tuple[str, list[str]]:
    """`ok` or `failed`, and the problems, as the command line would print them. With a memo, the build goes the
    way `--serve` builds: pages written first (those of the `edited` files first of all), then the downloads."""
    try:
        report = build(project / "data", project / "docs", project / "mkdocs.yml", root=project, memo=memo,
                       pages_first=None if memo is None else (lambda changes: None), edited=edited or ())
    except DataError as error:
        return "failed", [str(p) for p in error.problems]
    return "ok", [str(p) for p in report.problems]


def _files(project: Path) -> dict[str, bytes]:
    found = {p.relative_to(project).as_posix(): p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()}
    found["mkdocs.yml"] = (project / "mkdocs.yml").read_bytes()
    return found


# --- Edits, each a function (data folder, random source) → what it did ------------------------------------------


def _replace_line(path: Path, pattern: str, change, rng: random.Random) -> str:
    lines = path.read_text(encoding="utf-8").split("\n")
    candidates = [i for i, line in enumerate(lines) if re.search(pattern, line)]
    if not candidates:
        return f"nothing to edit in {path.name}"
    at = rng.choice(candidates)
    lines[at] = change(lines[at])
    path.write_text("\n".join(lines), encoding="utf-8")
    return f"{path.name}:{at + 1}"


def _swap_word(line: str, rng: random.Random, after: str = "") -> str:
    head, _, tail = line.partition(after) if after else ("", "", line)
    words = [m for m in re.finditer(r"\b[a-zåäö]{5,}\b", tail)]
    if not words:
        return line
    word = rng.choice(words)
    return head + after + tail[:word.start()] + rng.choice(WORDS) + tail[word.end():]


def row_word(data: Path, rng: random.Random) -> str:
    path = rng.choice(sorted((data / "transcripts").glob("*.yaml")))
    return _replace_line(path, r"^    text: [^'\"|>]", lambda line: _swap_word(line, rng, "text: "), rng)


def row_codes(data: Path, rng: random.Random) -> str:
    codes = re.findall(r"^  - id: (\S+)", (data / "codebook.yaml").read_text(encoding="utf-8"), re.M)
    codes = [c for c in codes if re.fullmatch(r"[A-ZÅÄÖ]+", c)] or ["DIGMED"]
    chosen = rng.sample(codes, k=min(len(codes), rng.choice([0, 1, 2])))
    path = rng.choice(sorted((data / "transcripts").glob("*.yaml")))
    return _replace_line(path, r"^    codes: \[", lambda line: f"    codes: [{', '.join(chosen)}]", rng)


def finding_sentence(data: Path, rng: random.Random) -> str:
    path = rng.choice(sorted((data / "findings").glob("*.md")))
    return _replace_line(path, r"^$", lambda line: "\nEn mening som forskaren lade till.\n", rng)


def quote_word(data: Path, rng: random.Random) -> str:
    path = rng.choice(sorted((data / "findings").glob("*.md")))
    return _replace_line(path, r"^> “", lambda line: _swap_word(line, rng), rng)


def citation_row(data: Path, rng: random.Random) -> str:
    path = rng.choice(sorted((data / "findings").glob("*.md")))
    n = rng.choice([1, 2, 3, 7, 12, 40, 999])  # some rows exist, some do not (the build must then fail the same way)
    return _replace_line(path, r"\(R\d+:\d+\)", lambda line: re.sub(r"\((R\d+):\d+\)", rf"(\1:{n})", line, count=1),
                         rng)


def speaker_role(data: Path, rng: random.Random) -> str:
    """A speaker's role changes and no line moves: the pages showing the speaker must see it all the same."""
    path = rng.choice(sorted((data / "transcripts").glob("*.yaml")))
    swapped = {"interviewer": "respondent", "respondent": "interviewer"}
    return _replace_line(path, r"^    role: (interviewer|respondent)$",
                         lambda line: f"    role: {swapped[line.split(': ')[1]]}", rng)


def participant_role(data: Path, rng: random.Random) -> str:
    return _replace_line(data / "participants.yaml", r"^    role: ", lambda line: f"    role: {rng.choice(WORDS)}", rng)


def code_label(data: Path, rng: random.Random) -> str:
    return _replace_line(data / "codebook.yaml", r"^    label: ", lambda line: f"    label: {rng.choice(WORDS)}", rng)


def study_title(data: Path, rng: random.Random) -> str:
    return _replace_line(data / "study.yaml", r"^title: ", lambda line: f"title: Studien om {rng.choice(WORDS)}", rng)


def finding_title(data: Path, rng: random.Random) -> str:
    path = rng.choice(sorted((data / "findings").glob("*.md")))
    return _replace_line(path, r"^title: ", lambda line: f"title: 'Tema: {rng.choice(WORDS)}'", rng)


def forbidden_terms(data: Path, rng: random.Random) -> str:
    # A word of the data makes the build fail; a word that occurs nowhere changes only what the guard looks for.
    term = rng.choice(["verksamhetsutveckling", "Zqxvby", "Qwzzel Fjorq"])
    (data / "private").mkdir(exist_ok=True)
    (data / "private" / "forbidden-terms.txt").write_text(f"{term}\n", encoding="utf-8")
    return f"forbidden term {term}"


EDITS = (row_word, row_codes, finding_sentence, quote_word, citation_row, speaker_role, participant_role, code_label,
         study_title, finding_title, forbidden_terms)


def undo(data: Path, original: Path, rng: random.Random) -> str:
    """Put one file back as it was: a build then meets inputs it saw two or more builds ago."""
    changed = sorted(p.relative_to(data) for p in data.rglob("*") if p.is_file()
                     and (not (original / p.relative_to(data)).exists()
                          or p.read_bytes() != (original / p.relative_to(data)).read_bytes()))
    if not changed:
        return "nothing to undo"
    path = rng.choice(changed)
    if (original / path).exists():
        shutil.copy(original / path, data / path)
    else:
        (data / path).unlink()
    return f"undid {path}"


@pytest.fixture(scope="module")
def thesis_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The thesis data with no private folder: the edits add one."""
    folder = tmp_path_factory.mktemp("thesis") / "data"
    shutil.copytree(THESIS, folder, ignore=shutil.ignore_patterns("private"))
    return folder


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(EDITS + (undo,)), seed=st.integers(0, 2**32 - 1))
def test_incremental_build_equals_full_build_after_random_edits(tmp_path_factory, thesis_copy, order, seed):
    """Every kind of edit once per example, in a random order, so each meets the others' leftovers."""
    _edit_and_compare(tmp_path_factory.mktemp("incremental"), thesis_copy, order, seed)


def flow_row_word(data: Path, rng: random.Random) -> str:
    path = rng.choice(sorted((data / "transcripts").glob("*.yaml")))
    return _replace_line(path, r"^  - \{n: ", lambda line: _swap_word(line, rng, "text: "), rng)


def csv_row_word(data: Path, rng: random.Random) -> str:
    path = rng.choice(sorted((data / "transcripts").glob("*.csv")))
    return _replace_line(path, r"^\d+[,;]", lambda line: _swap_word(line, rng), rng)


CORPUS_EDITS = (flow_row_word, csv_row_word, finding_sentence, citation_row, participant_role, code_label, study_title,
                forbidden_terms)


@pytest.fixture(scope="module")
def corpus_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated study (benchmarks/make_corpus.py): YAML and CSV transcripts, quotes of several rows, a private
    list of forbidden terms."""
    from benchmarks.make_corpus import write_corpus

    folder = tmp_path_factory.mktemp("corpus") / "data"
    write_corpus(folder, interviews=8, rows=16, seed=3, forbidden_terms=20)
    return folder


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(CORPUS_EDITS + (undo,)), seed=st.integers(0, 2**32 - 1))
def test_incremental_build_equals_full_build_on_a_generated_corpus(tmp_path_factory, corpus_copy, order, seed):
    _edit_and_compare(tmp_path_factory.mktemp("incremental-corpus"), corpus_copy, order, seed)


def _edit_and_compare(work: Path, original: Path, order, seed: int) -> None:
    incremental, full = _project(work / "incremental", original), _project(work / "full", original)
    memo = Memo()
    assert _build(incremental, memo)[0] == "ok"
    rng = random.Random(seed)
    done = []
    seen = snapshot(incremental / "data")
    for edit in order:
        did = edit(incremental / "data", original, rng) if edit is undo else edit(incremental / "data", rng)
        done.append(f"{edit.__name__}: {did}")
        now = snapshot(incremental / "data")  # what `--serve` sees changed, so that its page goes first
        edited = [relative(Path(p), incremental) for p in now.keys() | seen.keys() if now.get(p) != seen.get(p)]
        seen = now
        shutil.rmtree(full / "data")
        shutil.copytree(incremental / "data", full / "data")
        shutil.rmtree(full / "docs")
        (full / "docs").mkdir()
        shutil.copy(ROOT / "mkdocs.yml", full / "mkdocs.yml")
        got, expected = _build(incremental, memo, edited), _build(full, None)
        assert got == expected, done
        if expected[0] == "ok":
            mine, theirs = _files(incremental), _files(full)
            assert sorted(mine) == sorted(theirs), done
            assert [p for p in mine if mine[p] != theirs[p]] == [], done


def test_a_second_build_reuses_everything_and_writes_nothing(tmp_path):
    project = _project(tmp_path / "p", THESIS)
    memo = Memo()
    _build(project, memo)
    first = memo.computed
    status, _ = _build(project, memo)
    assert status == "ok" and memo.computed == 0 and memo.reused >= first


def test_an_edited_row_renders_its_transcript_again_and_not_the_others(tmp_path):
    project = _project(tmp_path / "p", THESIS)
    memo = Memo()
    _build(project, memo)
    path = project / "data" / "transcripts" / "R3.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("text: ", "text: Ja, ", 1), encoding="utf-8")
    report = build(project / "data", project / "docs", project / "mkdocs.yml", root=project, memo=memo)
    assert "transcripts/r3.md" in report.changes.written
    assert not {"transcripts/r1.md", "transcripts/r2.md", "transcripts/r4.md"} & set(report.changes.written)


def test_the_page_of_the_saved_file_goes_first_and_the_pages_quoting_it_follow_with_the_downloads(tmp_path):
    """Under `--serve`, MkDocs serves the saved transcript's page after rebuilding it alone; the code pages that quote
    the row are written with the downloads."""
    project = _project(tmp_path / "p", THESIS)
    memo = Memo()
    _build(project, memo)
    path = project / "data" / "transcripts" / "R3.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    coded = next(i for i, line in enumerate(lines) if line.startswith("    codes: [") and line != "    codes: []")
    lines[coded - 1] = lines[coded - 1].replace("text: ", "text: Ja, ", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    first = []
    report = build(project / "data", project / "docs", project / "mkdocs.yml", root=project, memo=memo,
                   pages_first=first.append, edited=["data/transcripts/R3.yaml"])
    assert first[0].written == ("transcripts/r3.md",)
    assert any(page.startswith("codebook/") for page in report.changes.written)
    assert "transcripts/r3.md" not in report.changes.written  # written once, first


def test_only_files_with_a_page_of_their_own_put_a_page_first():
    from qualsite.load import load

    project, _ = load(THESIS, THESIS.parent)
    assert project is not None
    finding = project.findings[0]
    assert pages_of(project, [finding.source.path, "data/transcripts/R2.yaml"]) == {
        f"findings/{finding.slug}.md", "transcripts/r2.md"}
    assert pages_of(project, ["data/transcripts/R2.yaml", "data/codebook.yaml"]) is None  # every page may change
    assert pages_of(project, []) is None


def test_a_file_changed_behind_the_builds_back_is_written_again(tmp_path):
    """The memo trusts a written file only while its size, time and inode are those it left."""
    project = _project(tmp_path / "p", THESIS)
    memo = Memo()
    _build(project, memo)
    page = project / "docs" / "transcripts" / "r1.md"
    page.write_text("changed by hand", encoding="utf-8")
    report = build(project / "data", project / "docs", project / "mkdocs.yml", root=project, memo=memo)
    assert report.changes.written == ("transcripts/r1.md",)
    assert page.read_text(encoding="utf-8") != "changed by hand"


def test_pages_written_first_are_put_back_when_the_downloads_fail(tmp_path, monkeypatch):
    """`--serve` writes the pages before making the downloads; if those cannot be published, docs/ and mkdocs.yml
    are left exactly as the last good build left them."""
    from qualsite.render import downloads

    project = _project(tmp_path / "p", THESIS)
    memo = Memo()
    _build(project, memo)
    before = _files(project)
    theme = project / "data" / "findings" / "4.1-strategi.md"  # a new title: a page and the menu change
    theme.write_text(theme.read_text(encoding="utf-8").replace("title: 'Tema 1: Strategi'", "title: 'Tema 1: Ny'"),
                     encoding="utf-8")
    (project / "data" / "private").mkdir()
    (project / "data" / "private" / "forbidden-terms.txt").write_text("Qzxwv\n", encoding="utf-8")
    made = downloads.parts
    monkeypatch.setattr(downloads, "parts", lambda ctx, root: [*made(ctx, root), {"downloads/leak.txt": "Qzxwv"}])
    seen = []
    with pytest.raises(DataError) as failure:
        build(project / "data", project / "docs", project / "mkdocs.yml", root=project, memo=memo,
              pages_first=seen.append)
    assert [p.kind for p in failure.value.problems] == ["forbidden-term-output"]
    assert seen and "findings/4-1-strategi.md" in seen[0].written and seen[0].config_updated  # written, then undone
    assert _files(project) == before


def test_work_done_inside_reused_work_is_kept_for_when_it_is_needed_again():
    """A value computed inside another (one transcript's counts inside the whole tabulation) is kept while the outer
    value is reused, so that the next change redoes only the inner piece that changed."""
    memo, calls = Memo(), []

    def outer(parts):
        return [memo.get(("part", i), (part,), lambda part=part: calls.append(part) or part * 2)
                for i, part in enumerate(parts)]

    for parts, expected_calls in (((1, 2, 3), [1, 2, 3]), ((1, 2, 3), []), ((1, 2, 3), []), ((1, 5, 3), [5])):
        memo.begin()
        calls.clear()
        assert memo.get("whole", (parts,), lambda: outer(parts)) == [p * 2 for p in parts]
        memo.end()
        assert calls == expected_calls


def test_the_saved_files_page_is_written_before_any_other_page_is_rendered(tmp_path, monkeypatch):
    """Under `--serve`, the page of the file saved is rendered, guarded and written alone, before the other pages
    (the code pages, the source check…) are rendered at all; the build's result is still the full build's."""
    from qualsite.render import codebook, source_check

    project = _project(tmp_path / "p", THESIS)
    memo = Memo()
    _build(project, memo)
    theme = project / "data" / "findings" / "4.1-strategi.md"
    theme.write_text(theme.read_text(encoding="utf-8").replace("\n## ", "\nEn ny mening.\n\n## ", 1),
                     encoding="utf-8")
    rendered: list[str] = []
    for module in (codebook, source_check):
        made = module.pages
        monkeypatch.setattr(module, "pages", lambda *a, made=made, name=module.__name__: rendered.append(name)
                            or made(*a))
    first: list = []
    report = build(project / "data", project / "docs", project / "mkdocs.yml", root=project, memo=memo,
                   pages_first=lambda changes: first.append((changes, list(rendered))),
                   edited=["data/findings/4.1-strategi.md"])
    assert len(first) == 1
    changes, rendered_before = first[0]
    assert changes.written == ("findings/4-1-strategi.md",) and rendered_before == []
    assert "source-check/index.md" in report.changes.written  # the entries' lines moved: written with the rest
    full = _project(tmp_path / "full", project / "data")
    _build(full, None)
    assert _files(project) == _files(full)


def test_a_saved_page_with_a_problem_of_its_own_is_not_written_first_and_every_problem_is_reported(tmp_path,
                                                                                                   monkeypatch):
    """Should the saved file's own page fail the output guard, nothing is written early: the build goes on as a
    whole and reports the problems of every page, as a full build does."""
    from qualsite.render import findings, home

    project = _project(tmp_path / "p", THESIS)
    memo = Memo()
    _build(project, memo)
    before = _files(project)
    (project / "data" / "private").mkdir()
    (project / "data" / "private" / "forbidden-terms.txt").write_text("Qzxwv\n", encoding="utf-8")
    pager, made = findings.pager, home.pages
    monkeypatch.setattr(findings, "pager", lambda ctx, document: pager(ctx, document) + "Qzxwv\n")
    monkeypatch.setattr(home, "pages", lambda ctx: {path: text + "Qzxwv\n" for path, text in made(ctx).items()})
    first: list = []
    with pytest.raises(DataError) as failure:
        build(project / "data", project / "docs", project / "mkdocs.yml", root=project, memo=memo,
              pages_first=first.append, edited=["data/findings/4.1-strategi.md"])
    assert first == [] and _files(project) == before
    full = _project(tmp_path / "full", project / "data")
    with pytest.raises(DataError) as expected:
        build(full / "data", full / "docs", full / "mkdocs.yml", root=full)
    assert [str(p) for p in failure.value.problems] == [str(p) for p in expected.value.problems]
    assert {p.source.path for p in failure.value.problems} >= {"index.md", "findings/4-1-strategi.md"}


def test_the_saved_files_page_written_first_is_put_back_when_a_later_page_fails(tmp_path, monkeypatch):
    """The page of the saved file is written before the other pages are guarded; should one of them (or a download)
    be refused, docs/ and mkdocs.yml are left exactly as the last good build left them."""
    from qualsite.render import downloads

    project = _project(tmp_path / "p", THESIS)
    memo = Memo()
    _build(project, memo)
    (project / "data" / "private").mkdir()
    (project / "data" / "private" / "forbidden-terms.txt").write_text("Qzxwv\n", encoding="utf-8")
    _build(project, memo)
    before = _files(project)
    theme = project / "data" / "findings" / "4.1-strategi.md"  # a new title: a page and the menu change
    theme.write_text(theme.read_text(encoding="utf-8").replace("title: 'Tema 1: Strategi'", "title: 'Tema 1: Ny'"),
                     encoding="utf-8")
    made = downloads.parts
    monkeypatch.setattr(downloads, "parts", lambda ctx, root: [*made(ctx, root), {"downloads/leak.txt": "Qzxwv"}])
    seen = []
    with pytest.raises(DataError) as failure:
        build(project / "data", project / "docs", project / "mkdocs.yml", root=project, memo=memo,
              pages_first=seen.append, edited=["data/findings/4.1-strategi.md"])
    assert [p.kind for p in failure.value.problems] == ["forbidden-term-output"]
    assert seen and seen[0].written == ("findings/4-1-strategi.md",) and seen[0].config_updated  # then undone
    assert _files(project) == before


def test_a_file_decoded_before_is_not_trusted_by_its_time_only_by_its_bytes(tmp_path):
    """The loader keeps the text of the bytes it decoded (`load`); a file whose bytes change, even to bytes that are
    not text or to nothing at all, and back within the same second, is read as a full build reads it."""
    project = _project(tmp_path / "p", THESIS)
    memo = Memo()
    assert _build(project, memo)[0] == "ok"
    path = project / "data" / "transcripts" / "R2.yaml"
    good = path.read_bytes()
    stat = path.stat()
    for data in (good.replace(b"text: ", b"text: \xe5", 1), b"  \n", good.replace(b"text: ", b"text: Ja, ", 1), good):
        path.write_bytes(data)
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same time as before: it must not matter
        full = _project(tmp_path / f"full{len(data)}", project / "data")
        got, expected = _build(project, memo, ["data/transcripts/R2.yaml"]), _build(full, None)
        assert got == expected
        if expected[0] == "ok":
            assert _files(project) == _files(full)
