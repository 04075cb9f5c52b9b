"""Bounds that real studies never reach: each holds at its limit and refuses one past it, with a message."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from qualsite import limits
from qualsite.checks import analyse
from qualsite.model import Source

from test_checks import make_document, make_project, make_transcript

ROOT = Path(__file__).resolve().parents[1]


def _kinds(problems) -> list[str]:
    return [p.kind for p in problems]


def test_rows_per_transcript_at_the_limit_and_one_past_it():
    at = make_transcript("R1", [(n, "R1", "ja", ()) for n in range(1, limits.MAX_ROWS + 1)])
    past = make_transcript("R2", [(n, "R2", "ja", ()) for n in range(1, limits.MAX_ROWS + 2)])
    assert limits.loaded_limits(make_project(transcripts=(at,))) == []
    assert [str(p) for p in limits.loaded_limits(make_project(transcripts=(past,)))] == [
        "data/transcripts/R2.yaml: transcript R2 has 20,001 rows, more than the 20,000 a transcript may have; split"
        " it into several transcripts (one per interview or session)"]


def test_characters_per_row_at_the_limit_and_one_past_it():
    at = make_transcript("R1", [(1, "R1", "a" * limits.MAX_ROW_CHARACTERS, ())])
    past = make_transcript("R1", [(1, "R1", "a" * (limits.MAX_ROW_CHARACTERS + 1), ())])
    assert limits.loaded_limits(make_project(transcripts=(at,))) == []
    assert [str(p) for p in limits.loaded_limits(make_project(transcripts=(past,)))] == [
        "data/transcripts/R1.yaml:10: row 1 of R1 holds 100,001 characters, more than the 100,000 a row may hold;"
        " split it into rows at the speaker's turns or paragraphs"]


def test_citations_per_file_at_the_limit_and_one_past_it():
    at = make_document("Text (R1:2).\n" * limits.MAX_CITATIONS_PER_DOCUMENT)
    past = make_document("Text (R1:2).\n" * (limits.MAX_CITATIONS_PER_DOCUMENT + 1))
    assert "too-large" not in _kinds(analyse(make_project(at), root="/nonexistent")[1])
    evidence, problems = analyse(make_project(past), root="/nonexistent")
    assert [str(p) for p in problems] == [
        "data/findings/4-1-strategi.md: this file holds 5,001 citations, more than the 5,000 a file may hold; split"
        " it into several findings files"]
    assert evidence.citations == ()


def test_citations_per_study_at_the_limit_and_one_past_it():
    source = Source("data/findings/a.md")
    assert limits.citation_limits([(source, limits.MAX_CITATIONS_PER_DOCUMENT)] * 10) == []
    assert _kinds(limits.citation_limits([(source, limits.MAX_CITATIONS_PER_DOCUMENT)] * 10 + [(source, 1)])) == [
        "too-large"]


def test_pages_and_page_size_at_the_limit_and_one_past_it():
    assert limits.page_limits({f"p{i}.md": "" for i in range(limits.MAX_PAGES)}) == []
    assert _kinds(limits.page_limits({f"p{i}.md": "" for i in range(limits.MAX_PAGES + 1)})) == ["too-large"]
    assert limits.page_limits({"findings/big.md": "a" * limits.MAX_PAGE_BYTES}) == []
    assert [str(p) for p in limits.page_limits({"findings/big.md": "a" * (limits.MAX_PAGE_BYTES + 1)})] == [
        "docs/findings/big.md: this page would be 8 MB, more than the 8 MB a page may be (MkDocs would take half a"
        " minute or more on it, and browsers struggle with it); split the data it shows: a transcript into sessions,"
        " a findings file into themes"]
    assert limits.page_limits({"downloads/data.zip": b"a" * (limits.MAX_PAGE_BYTES + 1)}) == []


def test_a_findings_file_of_fifty_thousand_citations_fails_fast_and_writes_nothing(tmp_path):
    # It used to build for 11–14 s into a 19 MB page that MkDocs did not finish in 500 s.
    shutil.copytree(ROOT / "tests" / "cases" / "thesis" / "data", tmp_path / "data")
    (tmp_path / "data" / "findings" / "9-many.md").write_text(
        '---\ntitle: "Många"\norder: 9\n---\n\n' + "Det sades (R1:2).\n" * 50_000, encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    result = subprocess.run([sys.executable, str(ROOT / "build_site.py"), "--quiet"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "data/findings/9-many.md: this file holds 50,000 citations, more than the 5,000" in result.stderr
    assert "the findings hold 50,087 citations in all, more than the 50,000" in result.stderr
    assert result.stderr.endswith("Build failed: 2 errors, 0 warnings. docs/ was left unchanged.\n")
    assert not (tmp_path / "docs").exists()


def test_an_archive_of_too_many_members_is_refused_unread(tmp_path):
    import io
    import zipfile

    from qualsite.refiqda.container import MAX_MEMBERS, open_qdpx
    from qualsite.refiqda.log import ImportFailed, Log

    def archive(members: int) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("project.qde", "<Project/>")
            for i in range(members - 1):
                z.writestr(f"sources/{i}.txt", "")
        return buffer.getvalue()

    open_qdpx(archive(MAX_MEMBERS), "at.qdpx", Log())
    try:
        open_qdpx(archive(MAX_MEMBERS + 1), "past.qdpx", Log())
    except ImportFailed as error:
        assert str(error) == ("past.qdpx: the archive holds 50,001 members, more than the 50,000 a QDPX project may"
                              " hold; export the project again without its media files")
    else:
        raise AssertionError("an archive past the limit was opened")


def test_findings_files_and_pages_at_the_limit_and_one_past_it():
    at = [make_document("Text.\n", slug=f"t-{i}") for i in range(limits.MAX_DOCUMENTS)]
    past = at + [make_document("Text.\n", slug="one-more")]
    assert limits.loaded_limits(make_project(*at)) == []
    assert [str(p) for p in limits.loaded_limits(make_project(*past))] == [
        "data/findings/one-more.md: the study has 501 findings files and pages, more than the 500 it may have (each is"
        " in the menu of every page); merge them into fewer, longer files"]
