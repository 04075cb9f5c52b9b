"""The whole pipeline through its command line, on the thesis: deterministic, atomic, and clear on failure."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
THESIS = ROOT / "tests" / "cases" / "thesis"
"""The tests\' own copy of the thesis, laid out as a project; no test reads the researcher\'s data/."""


def build_site(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build_site.py"), *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the repository's study and configuration, to build and break freely."""
    shutil.copytree(THESIS / "data", tmp_path / "data", ignore=shutil.ignore_patterns("private"))
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs" / "assets", tmp_path / "docs" / "assets")
    return tmp_path


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_thesis_builds_strictly(project):
    result = build_site("--strict", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built docs/: ")
    assert "(0 errors, 12 warnings (12 reviewed))" in result.stdout


def test_two_builds_of_the_same_data_are_byte_identical(project, tmp_path_factory):
    other = tmp_path_factory.mktemp("again")
    shutil.copytree(project, other, dirs_exist_ok=True)
    assert build_site(cwd=project).returncode == 0
    assert build_site(cwd=other).returncode == 0
    assert tree(project / "docs") == tree(other / "docs")
    assert (project / "mkdocs.yml").read_bytes() == (other / "mkdocs.yml").read_bytes()


def test_a_rebuild_with_no_change_writes_nothing(project):
    build_site(cwd=project)
    result = build_site(cwd=project)
    assert result.stdout.startswith("Built docs/: 0 written, ") and ", 0 removed" in result.stdout


def test_a_removed_transcript_takes_its_pages_with_it(project):
    build_site(cwd=project)
    assert (project / "docs/transcripts/r3.md").exists()
    (project / "data/transcripts/R3.yaml").unlink()
    result = build_site(cwd=project)
    # R3 is cited in the findings, so the build must refuse rather than publish broken links…
    assert result.returncode == 1
    assert (project / "docs/transcripts/r3.md").exists(), "a failed build must leave docs/ as it was"


def test_a_failed_build_reports_every_problem_and_leaves_docs_untouched(project):
    assert build_site(cwd=project).returncode == 0
    before = tree(project / "docs")
    codebook = project / "data/codebook.yaml"
    codebook.write_text(codebook.read_text(encoding="utf-8").replace("code: KOM", "code: KOMM"), encoding="utf-8")
    finding = project / "data/findings/4.2-miljomassig-hallbarhet.md"
    finding.write_text(finding.read_text(encoding="utf-8").replace("(R1:20)", "(R1:999)"), encoding="utf-8")
    result = build_site(cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "data/findings/4.2-miljomassig-hallbarhet.md:10: (R1:999) cites row 999, but transcript R1 has no row 999" \
        in result.stderr
    assert "uses code 'KOM', which is not in the codebook (did you mean 'KOMM'?)" in result.stderr
    assert result.stderr.rstrip().endswith(
        "docs/ was left unchanged except for docs/qualsite-build-failed.md, which stops `mkdocs build --strict`.")
    after = tree(project / "docs")
    marker = after.pop("qualsite-build-failed.md").decode("utf-8")
    assert after == before
    assert "found problems (40 errors, " in marker


@pytest.mark.parametrize("first", [True, False])
def test_pages_staged_while_the_guard_searches_are_removed_when_it_refuses_them(project, monkeypatch, first):
    """A build writes its pages under hidden temporary names while the guard's second process ends its search, and
    puts them in place only once the guard finds nothing: refused, they are gone, and so are the folders made for
    them; docs/ and mkdocs.yml are as they were, for a first build as for a rebuild."""
    from qualsite.build import build
    from qualsite.checks import anonymity
    from qualsite.problems import DataError
    from qualsite.render import downloads

    if not first:
        assert build_site(cwd=project).returncode == 0
        finding = project / "data/findings/4.2-miljomassig-hallbarhet.md"  # so that pages change, and are staged
        finding.write_text(finding.read_text(encoding="utf-8").replace("miljö", "natur", 1), encoding="utf-8")
    before, config = tree(project / "docs"), (project / "mkdocs.yml").read_bytes()
    (project / "data" / "private").mkdir()
    (project / "data" / "private" / "forbidden-terms.txt").write_text("Qzxwv\n", encoding="utf-8")
    made = downloads.parts
    monkeypatch.setattr(downloads, "parts", lambda ctx, root: [*made(ctx, root), {"downloads/leak.txt": "Qzxwv"}])
    staged_when_asked = []
    answer = anonymity.OutputGuard.problems

    def problems(guard):
        staged_when_asked.append(sorted(p.name for p in (project / "docs").rglob(".*.tmp")))
        return answer(guard)

    monkeypatch.setattr(anonymity.OutputGuard, "problems", problems)
    with pytest.raises(DataError) as failure:
        build(project / "data", project / "docs", project / "mkdocs.yml", root=project)
    assert [p.kind for p in failure.value.problems] == ["forbidden-term-output"]
    [staged] = staged_when_asked
    assert any(name.startswith(".leak.txt.") for name in staged) and (len(staged) > 50) == first
    assert tree(project / "docs") == before and (project / "mkdocs.yml").read_bytes() == config
    assert sorted(p.relative_to(project / "docs").as_posix() for p in (project / "docs").iterdir()) == sorted(
        {path.split("/")[0] for path in before})


def test_mkdocs_build_after_a_failed_build_site_stops_and_a_good_build_clears_the_mark(project):
    assert build_site(cwd=project).returncode == 0
    finding = project / "data/findings/4.2-miljomassig-hallbarhet.md"
    good = finding.read_text(encoding="utf-8")
    finding.write_text(good.replace("(R1:20)", "(R1:999)"), encoding="utf-8")
    assert build_site(cwd=project).returncode == 1
    mkdocs = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                            capture_output=True, text=True)
    assert mkdocs.returncode != 0
    assert "qualsite-build-failed.md" in mkdocs.stderr + mkdocs.stdout
    finding.write_text(good, encoding="utf-8")
    assert build_site(cwd=project).returncode == 0
    assert not (project / "docs/qualsite-build-failed.md").exists()


def test_a_failed_check_writes_no_mark(project):
    finding = project / "data/findings/4.2-miljomassig-hallbarhet.md"
    finding.write_text(finding.read_text(encoding="utf-8").replace("(R1:20)", "(R1:999)"), encoding="utf-8")
    result = build_site("--check", cwd=project)
    assert result.returncode == 1 and result.stderr.rstrip().endswith("Check failed: 1 error, 12 warnings (11 reviewed).")
    assert not (project / "docs/qualsite-build-failed.md").exists()


def test_check_writes_nothing(project):
    result = build_site("--check", cwd=project)
    assert result.returncode == 0, result.stderr
    assert not (project / "docs" / "index.md").exists()


def test_a_missing_data_folder_is_a_message_not_a_traceback(tmp_path):
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    result = build_site(cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("data: directory not found; pass --data with your study's folder, or start one"
                                    " with `python build_site.py new data`")
    assert f"(Paths are relative to {tmp_path.resolve()}; run build_site.py from your project's folder" in result.stderr


def test_run_from_another_folder_it_says_where_it_looked_for_mkdocs_yml(project, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    result = build_site("--data", str(project / "data"), cwd=elsewhere)
    assert result.returncode == 1
    assert "mkdocs.yml: file not found; pass --config FILE, or run build_site.py from the folder that holds" \
        " mkdocs.yml" in result.stderr
    assert f"(Paths are relative to {elsewhere.resolve()};" in result.stderr


def without_stage_times(stderr: str) -> str:
    """stderr without the `render: 1.2 s` lines a build longer than a second prints when stderr is not a terminal
    (on a busy machine even the thesis takes that long)."""
    return "".join(line for line in stderr.splitlines(keepends=True) if not re.fullmatch(r"\w+: \d+\.\d s\n?", line))


def test_reviewed_warnings_are_one_line_unless_verbose(project):
    quiet = build_site("--check", cwd=project)
    assert without_stage_times(quiet.stderr) == ("12 reviewed warnings (accepted in reviewed.yaml) not listed;"
                                                 " --verbose lists them\n")
    verbose = build_site("--check", "--verbose", cwd=project)
    assert verbose.stderr.count("[reviewed: ") == 12 and "not listed" not in verbose.stderr


def test_an_identifying_term_in_the_data_stops_the_build_without_echoing_it(project):
    private = project / "data/private"
    private.mkdir()
    (private / "forbidden-terms.txt").write_text("# never publish\nATEA\n", encoding="utf-8")
    result = build_site(cwd=project)
    assert result.returncode == 1
    assert "forbidden term 'A…'" in result.stderr
    assert "ATEA" not in result.stderr
    assert not (project / "docs/index.md").exists()


@pytest.mark.parametrize("folder", ["pages", "transcripts", "findings"])
def test_a_link_out_of_the_data_folder_is_refused_unread_and_docs_stay_as_they_were(project, folder):
    assert build_site(cwd=project).returncode == 0
    before = tree(project / "docs")
    secret = project.parent / f"{project.name}-elsewhere"
    secret.mkdir()
    name = {"pages": "om.md", "transcripts": "R9.yaml", "findings": "4.9-om.md"}[folder]
    (secret / name).write_text("---\ntitle: Hemligt\n---\nHemligt innehåll från en annan mapp.\n", encoding="utf-8")
    (project / "data" / folder / name).symlink_to(secret / name)
    result = build_site(cwd=project)
    assert result.returncode == 1
    assert f"data/{folder}/{name}: links outside the data folder; replace the link with the file itself" \
        in result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    assert "Hemligt" not in result.stderr and secret.name not in result.stderr  # neither its text nor where it is
    after = tree(project / "docs")
    after.pop("qualsite-build-failed.md")
    assert after == before


def test_a_link_inside_the_data_folder_is_followed(project):
    shared = project / "data" / "shared"
    shared.mkdir()
    page = next((project / "data" / "pages").glob("*.md"))
    (shared / page.name).write_bytes(page.read_bytes())
    page.unlink()
    page.symlink_to(Path("..") / "shared" / page.name)
    result = build_site("--strict", cwd=project)
    assert result.returncode == 0, result.stderr


def test_a_forbidden_terms_file_linked_from_elsewhere_is_refused(project):
    elsewhere = project.parent / f"{project.name}-terms.txt"
    elsewhere.write_text("Ingenstans\n", encoding="utf-8")
    (project / "data" / "private").mkdir(exist_ok=True)
    (project / "data" / "private" / "forbidden-terms.txt").symlink_to(elsewhere)
    result = build_site(cwd=project)
    assert result.returncode == 1
    assert "data/private/forbidden-terms.txt: links outside the data folder; replace the link with the file itself" \
        in result.stderr.splitlines()
