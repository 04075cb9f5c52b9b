"""The benchmark runs end to end at a tiny size (the large runs are not part of CI; see BENCHMARKS.md).

No timing is asserted: only that every figure is measured and the table is complete.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_benchmark_builds_two_tiny_corpora_and_prints_the_table(tmp_path):
    result = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--sizes", "2", "4", "--rows", "20", "--keep", str(tmp_path / "work"),
         "--json", str(tmp_path / "figures.json")],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| interviews × rows | search | build_site.py | peak | mkdocs build |")
    assert [line.split("|")[1].strip() for line in lines[2:4]] == ["2 × 20", "4 × 20"]
    assert "- 2 → 4 interviews (×2): build_site.py time ×" in result.stdout
    figures = json.loads((tmp_path / "figures.json").read_text(encoding="utf-8"))
    for size in figures:
        assert size["backend"] == "lunr"
        assert size["build"]["seconds"] > 0 and size["build"]["peak_mb"] > 0
        assert size["mkdocs"]["seconds"] > 0
        assert size["site_bytes"] > size["search_bytes"] > 0
        assert size["largest_page"][1] > 0
        # Editing one findings file rewrites its page and the pages that list its text, not the corpus.
        assert 1 <= int(size["rebuild_written"][0]) <= 3
    assert (tmp_path / "work" / "4x20" / "site" / "transcripts" / "r4" / "index.html").is_file()


def test_the_benchmark_indexes_with_pagefind_when_asked(tmp_path):
    result = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--sizes", "2", "--rows", "20", "--search", "pagefind",
         "--keep", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "| 2 × 20 | pagefind |" in result.stdout
    assert (tmp_path / "2x20" / "site" / "pagefind" / "pagefind-entry.json").is_file()
    assert not (tmp_path / "2x20" / "site" / "search" / "search_index.json").exists()


def test_the_hostile_benchmark_builds_a_golden_case_and_a_generated_input(tmp_path):
    result = subprocess.run(
        [sys.executable, "benchmarks/hostile.py", "--inputs", "checks-clean", "nesting-50", "--cap", "120",
         "--json", str(tmp_path / "figures.json")],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| input | data | build_site.py | first problem | mkdocs build |")
    assert [line.split("|")[1].strip() for line in lines[2:]] == ["checks-clean", "nesting-50"]
    figures = {f["name"]: f for f in json.loads((tmp_path / "figures.json").read_text(encoding="utf-8"))}
    clean, nested = figures["checks-clean"], figures["nesting-50"]
    # The clean case builds and goes on to MkDocs; every step has its figures.
    assert clean["build"]["exit"] == 0 and clean["mkdocs"]["exit"] == 0
    for step in (clean["build"], clean["mkdocs"], nested["build"]):
        assert step["seconds"] > 0 and step["peak_mb"] > 0
    # Fifty nested flow sequences are not text: the build refuses the row with a message naming it.
    assert nested["build"]["exit"] == 1 and nested["mkdocs"] is None
    assert nested["build"]["first_problem"].startswith("data/transcripts/R1.yaml:")
    assert lines[2].count(" MB") >= 3  # the size of its data, the peak of each step


def test_a_corpus_with_forbidden_terms_lists_them_privately_and_still_builds(tmp_path):
    from benchmarks.make_corpus import write_corpus

    write_corpus(tmp_path / "data", interviews=3, rows=20, forbidden_terms=25)
    listed = (tmp_path / "data" / "private" / "forbidden-terms.txt").read_text(encoding="utf-8").splitlines()[1:]
    assert len(listed) == len(set(listed)) == 25 and sum(" " in term for term in listed) == 5
    assert "private_terms: true" in (tmp_path / "data" / "study.yaml").read_text(encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "build_site.py"), "--strict", "--check", "--quiet"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_release_benchmark_builds_a_tiny_corpus_before_and_after_two_releases(tmp_path):
    result = subprocess.run(
        [sys.executable, "benchmarks/releases.py", "--sizes", "2", "--rows", "20", "--keep", str(tmp_path / "work"),
         "--json", str(tmp_path / "figures.json")],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| interviews × rows | state | build_site.py (CPU) | mkdocs build (CPU) | both (CPU) |")
    assert [line.split("|")[2].strip() for line in lines[2:5]] == [
        "no release", "1.0 released", "one row corrected, 1.1 prepared"]
    (size,) = json.loads((tmp_path / "figures.json").read_text(encoding="utf-8"))
    assert [stage["site_files"] > 0 for stage in size["stages"]] == [True, True, True]
    assert all(build["cpu"] > 0 for stage in size["stages"] for build in stage["builds"])
    assert (size["same_files"], size["release_files"]) == (1, 3)  # R2.tsv unchanged; R1.tsv and release.yaml not
    site = tmp_path / "work" / "2x20" / "corrected" / "site"
    assert (site / "v1.0" / "transcripts" / "r1" / "index.html").is_file()  # R1 changed: 1.0's own page
    assert "qualsite-forward" in (site / "v1.0" / "transcripts" / "r2" / "index.html").read_text(encoding="utf-8")


def test_the_page_weight_benchmark_weighs_a_tiny_corpus(tmp_path):
    result = subprocess.run(
        [sys.executable, "benchmarks/page_weight.py", "--code", str(ROOT), "--sizes", "2", "--rows", "20",
         "--work", str(tmp_path / "work")],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| code | interviews | largest findings page | all findings pages |")
    assert len(lines) == 3 and lines[2].split("|")[2].strip() == "2"
    assert (tmp_path / "work" / f"{ROOT.name}-2" / "site" / "transcripts" / "r2" / "index.html").is_file()


def test_the_guard_cost_benchmark_compares_a_tiny_corpus_with_and_without_its_terms(tmp_path):
    from benchmarks.make_corpus import write_corpus

    write_corpus(tmp_path / "data", interviews=3, rows=20, forbidden_terms=25)
    result = subprocess.run([sys.executable, "benchmarks/guard_cost.py", "--data", str(tmp_path / "data"),
                             "--repeat", "2"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith("(25 forbidden terms), median of 2") and len(lines) == 6, result.stdout
    assert lines[-1].startswith("  the guard costs ")
    bare = tmp_path / "data-no-terms"  # the copy without the terms, made once beside the data
    assert not (bare / "private" / "forbidden-terms.txt").exists()
    assert "private_terms: false" in (bare / "study.yaml").read_text(encoding="utf-8")
