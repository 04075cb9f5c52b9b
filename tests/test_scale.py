"""Scale: the synthetic corpus generator, the search backend switch, and progress output.

No timing is asserted here (BENCHMARKS.md records timings); these tests pin behaviour only.
"""

from __future__ import annotations

import re

import dataclasses
import gc
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from benchmarks.make_corpus import write_corpus
from qualsite import cli, search_index
from qualsite.build import build
from qualsite.cli import ProgressBar
from qualsite.load import load
from qualsite.problems import DataError

ROOT = Path(__file__).resolve().parents[1]


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def project_dir(tmp_path: Path, *, interviews: int = 3, rows: int = 20, seed: int = 7) -> Path:
    """A project folder: a generated data/, a copy of mkdocs.yml and docs/assets/."""
    write_corpus(tmp_path / "data", interviews=interviews, rows=rows, seed=seed)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs" / "assets", tmp_path / "docs" / "assets")
    return tmp_path


def build_site(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build_site.py"), *args], cwd=project,
                          capture_output=True, text=True)


# --- The generator -----------------------------------------------------------------------------------------


def test_the_same_seed_writes_byte_identical_files(tmp_path):
    write_corpus(tmp_path / "a", interviews=3, rows=20, seed=5)
    write_corpus(tmp_path / "b", interviews=3, rows=20, seed=5)
    write_corpus(tmp_path / "c", interviews=3, rows=20, seed=6)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert files(tmp_path / "a") != files(tmp_path / "c")


def test_a_second_run_replaces_the_first(tmp_path):
    write_corpus(tmp_path / "data", interviews=5, rows=20, seed=5)
    write_corpus(tmp_path / "data", interviews=3, rows=20, seed=5)
    write_corpus(tmp_path / "fresh", interviews=3, rows=20, seed=5)
    assert files(tmp_path / "data") == files(tmp_path / "fresh")


def test_the_generator_refuses_a_folder_holding_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SystemExit, match="refusing to write into a folder holding notes.txt"):
        write_corpus(tmp_path, interviews=1, rows=10)


def test_the_corpus_has_the_shape_the_benchmarks_promise(tmp_path):
    write_corpus(tmp_path / "data", interviews=4, rows=30, seed=7)
    project, problems = load(tmp_path / "data", tmp_path)
    assert problems == []
    assert 30 <= len(project.codebook.codes) <= 60
    assert [len(t.rows) for t in project.transcripts] == [30] * 4
    assert {s.role for t in project.transcripts for s in t.speakers} == {"interviewer", "respondent"}
    assert len(project.findings) == 6
    citations = sum(f.body.count(":") - f.body.count("Undertema") - 1 for f in project.findings)
    assert citations >= 30


def test_the_generated_corpus_builds_strictly_without_a_warning(tmp_path):
    project = project_dir(tmp_path)
    result = build_site(project, "--strict")
    assert result.returncode == 0, result.stderr
    assert "(0 errors, 0 warnings)" in result.stdout
    # Nothing but the `load: 1.2 s` lines a build longer than a second prints when stderr is not a terminal.
    assert [line for line in result.stderr.splitlines() if not re.fullmatch(r"\w+: \d+\.\d s", line)] == []


# --- Progress output ----------------------------------------------------------------------------------------


def test_quiet_prints_nothing_at_all(tmp_path):
    project = project_dir(tmp_path)
    result = build_site(project, "--strict", "--quiet")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_a_one_shot_build_runs_without_the_cycle_collector_and_gives_it_back(tmp_path, monkeypatch):
    project = project_dir(tmp_path)
    monkeypatch.chdir(project)
    seen = []
    real_check = cli.check

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real_check(*args, **kwargs)

    monkeypatch.setattr(cli, "check", spy)
    assert gc.isenabled()
    assert cli.main(["--check", "--quiet"]) == 0
    (project / "data" / "study.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    assert cli.main(["--check", "--quiet"]) != 0  # a failed build gives it back too
    assert seen == [False, False]
    assert gc.isenabled()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_draws_stages_on_a_terminal_and_clears_its_line(tmp_path, monkeypatch):
    monkeypatch.setattr(ProgressBar, "DELAY", 0.0)
    terminal = Terminal()
    build(project_dir(tmp_path) / "data", tmp_path / "docs", tmp_path / "mkdocs.yml", root=tmp_path,
          strict=True, progress=(bar := ProgressBar(terminal)))
    bar.finish()
    drawn = terminal.getvalue()
    for stage in ("load", "check", "render", "write"):
        assert f"\r\x1b[2K{stage}" in drawn
    assert "100% (" in drawn and "█" * ProgressBar.WIDTH in drawn
    assert drawn.endswith("\r\x1b[2K"), "the bar's line is cleared before the summary is printed"


def test_without_a_terminal_a_long_build_prints_one_line_per_stage(monkeypatch):
    monkeypatch.setattr(ProgressBar, "DELAY", 0.0)
    log = io.StringIO()
    bar = ProgressBar(log)
    for stage in ("load", "check", "render"):
        bar(stage, 0, 0)
    bar("write", 1, 2)
    bar("write", 2, 2)
    bar.finish()
    assert [line.split(":")[0] for line in log.getvalue().splitlines()] == ["load", "check", "render", "write"]
    assert "\r" not in log.getvalue()


def test_a_quiet_progress_bar_prints_nothing(monkeypatch):
    monkeypatch.setattr(ProgressBar, "DELAY", 0.0)
    bar = ProgressBar(None)
    bar("load", 0, 0)
    bar.finish()  # nothing to assert but that it does not fail: there is no stream


# --- The search backend -------------------------------------------------------------------------------------


def test_auto_picks_pagefind_above_the_threshold_only(tmp_path):
    write_corpus(tmp_path / "data", interviews=2, rows=20)
    project, _ = load(tmp_path / "data", tmp_path)
    assert search_index.choose(project) == "lunr"
    assert search_index.choose(project, "pagefind") == "pagefind"
    big = dataclasses.replace(project, transcripts=project.transcripts * 501)
    assert sum(len(t.rows) for t in big.transcripts) > search_index.THRESHOLD_ROWS
    assert search_index.choose(big) == "pagefind"
    assert search_index.choose(big, "lunr") == "lunr"
    # The sizes measured in BENCHMARKS.md: 2,000 rows stay with lunr, 5,000 go to Pagefind.
    assert search_index.choose(dataclasses.replace(project, transcripts=project.transcripts * 50)) == "lunr"
    assert search_index.choose(dataclasses.replace(project, transcripts=project.transcripts * 125)) == "pagefind"


def test_the_switch_line_turns_materials_search_off_and_on():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert search_index.set_lunr(config, True) == config, "the committed site uses Material's search"
    off = search_index.set_lunr(config, False)
    plugin = yaml.safe_load(off.split("markdown_extensions:")[0].split("plugins:")[1].replace("\t", " "))
    assert plugin[0]["search"]["enabled"] is False
    assert search_index.set_lunr(off, True) == config
    assert search_index.set_lunr("site_name: x\n", False) is None


def test_forcing_pagefind_writes_the_find_page_and_switches_lunr_off(tmp_path):
    project = project_dir(tmp_path)
    result = build_site(project, "--strict", "--search", "pagefind")
    assert result.returncode == 0, result.stderr
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert not search_index.lunr_enabled(project / "mkdocs.yml")
    assert "- Sök: find/index.md" in config
    page = (project / "docs" / "find" / "index.md").read_text(encoding="utf-8")
    assert 'src="../pagefind/pagefind-ui.js"' in page and "http" not in page.replace("window.location.href", "")
    back = build_site(project, "--strict", "--search", "lunr")
    assert back.returncode == 0, back.stderr
    assert search_index.lunr_enabled(project / "mkdocs.yml")
    assert not (project / "docs" / "find" / "index.md").exists()
    assert "find/index.md" not in (project / "mkdocs.yml").read_text(encoding="utf-8")


def test_pagefind_without_the_switch_line_is_refused_with_the_fix(tmp_path):
    project = project_dir(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(search_index.SWITCH, "# plain"), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        build(project / "data", project / "docs", config, root=project, search="pagefind")
    (problem,) = raised.value.problems
    assert str(problem).startswith(
        "mkdocs.yml: this corpus is searched with Pagefind, but Material's search cannot be switched off: "
        "under `plugins: - search:` add the two lines")
    assert not (project / "docs" / "index.md").exists(), "nothing is written"


def test_the_index_step_does_nothing_while_materials_search_is_on(tmp_path, capsys):
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    assert search_index.main(["--config", str(tmp_path / "mkdocs.yml"), str(tmp_path / "site")]) == 0
    assert "Material's search is on; no Pagefind index needed." in capsys.readouterr().out
