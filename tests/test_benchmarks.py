"""The benchmark runs end to end at a tiny size (the large runs are not part of CI; see BENCHMARKS.md).

No timing is asserted: only that every figure is measured and the table is complete.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_the_memory_of_a_build_counts_the_helpers_it_forks_together(tmp_path):
    """`measure` reports the child's peak from wait4 (the largest of it and the helpers it waited for) and its
    tree's: a child and its helper that each fill 200 MB at the same time hold 400 MB together."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.run import measure

    script = ("import os, time\n"
              "pid = os.fork()\n"
              "held = bytearray(200 * 1024 * 1024)\n"
              "time.sleep(0.6)\n"
              "if pid == 0:\n"
              "    os._exit(0)\n"
              "os.waitpid(pid, 0)\n")
    step = measure([sys.executable, "-c", script], cwd=tmp_path)
    assert 200 < step.peak_mb < 300
    assert step.tree_peak_mb > 390


def test_a_cold_build_follows_no_deletion_the_last_builds_are_set_aside_until_the_end(tmp_path):
    """Files created soon after many were deleted cost ext4 far more (`SetAside`): the benchmark moves the last
    build's docs/ and site/ aside, and deletes them only when every run is measured."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.run import SetAside, _as_before_the_first_build

    project = tmp_path / "10x100"
    for page in ("docs/assets/site.css", "docs/index.md", "docs/transcripts/r1.md", "site/index.html"):
        (project / page).parent.mkdir(parents=True, exist_ok=True)
        (project / page).write_text(page, encoding="utf-8")
    with SetAside(tmp_path) as set_aside:
        _as_before_the_first_build(project, set_aside)
        assert sorted(p.name for p in (project / "docs").iterdir()) == ["assets"]
        assert not (project / "site").exists()
        kept = sorted(p.read_text(encoding="utf-8") for p in (tmp_path / ".set-aside").rglob("*.*"))
        assert kept == ["docs/index.md", "docs/transcripts/r1.md", "site/index.html"]
    assert not (tmp_path / ".set-aside").exists()
    assert (project / "docs" / "assets" / "site.css").is_file()


def test_the_benchmark_builds_two_tiny_corpora_times_both_edits_and_prints_the_table(tmp_path):
    result = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--sizes", "2", "4", "--rows", "20", "--serve", "4", "--repeat", "2=3",
         "--keep", str(tmp_path / "work"), "--json", str(tmp_path / "figures.json")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| interviews × rows | forbidden terms | search | build_site.py | peak | mkdocs build"
                               " | peak | build_site / mkdocs (time, memory) |")
    assert lines[0].endswith("| findings edit | transcript-row edit |")
    assert [line.split("|")[1:3] for line in lines[2:4]] == [[" 2 × 20 ", " 300 "], [" 4 × 20 ", " 300 "]]
    assert lines[3].count("; --serve: docs/ ") == 2 and "--serve" not in lines[2]
    # Three cold builds at 2 interviews, each then built by mkdocs: the medians, with the range.
    assert lines[2].count(" (median of 3, ") == 2 and " s (median of" not in lines[3].split(" | ")[3]
    growth = next(line for line in lines if line.startswith("- 2 → 4 interviews (×2): "))
    for figure in ("build_site.py time ×", "mkdocs build time ×"):
        assert figure in growth
    assert growth.count("per tenfold") == 4  # time and memory of both steps
    assert "- edits at 4 interviews: findings/4.1-tema-1.md (page findings/4-1-tema-1.md); transcripts/R4.csv row" \
        in result.stdout
    figures = json.loads((tmp_path / "figures.json").read_text(encoding="utf-8"))
    for size in figures:
        assert size["backend"] == "lunr" and size["forbidden_terms"] == 300
        assert size["build"]["seconds"] > 0 and size["build"]["peak_mb"] > 0 and size["build"]["tree_peak_mb"] > 0
        assert size["mkdocs"]["seconds"] > 0 and size["mkdocs"]["peak_mb"] > 0 and size["mkdocs"]["tree_peak_mb"] > 0
        assert size["site_bytes"] > size["search_bytes"] > 0
        assert size["largest_page"][1] > 0
        finding, row = size["edits"]
        # Editing one findings file rewrites its page and the pages that list its text, not the corpus; a row
        # rewrites its transcript's page and the downloads that hold it. Both rebuilds stay strict and clean.
        assert 1 <= int(finding["written"]) <= 3
        assert 1 <= int(row["written"]) <= 10
        assert all("(0 errors, 0 warnings)" in edit["rebuild"]["output"] for edit in (finding, row))
    small, large = figures
    for step in (small["build"], small["mkdocs"]):
        assert len(step["runs"]) == 3 and step["seconds"] == sorted(step["runs"])[1]
    assert large["build"]["runs"] == [large["build"]["seconds"]]
    assert small["edits"][1]["what"].startswith("transcripts/R1.yaml row ")  # no CSV transcript among two
    assert large["edits"][1]["page"] == "transcripts/r4.md"
    for edit in small["edits"]:
        assert edit["serve_docs_seconds"] is None
    for edit in large["edits"]:
        assert edit["serve_docs_seconds"] > 0 and edit["serve_site_seconds"] >= edit["serve_docs_seconds"]
    work = tmp_path / "work" / "4x20"
    assert "omformning" in (work / "docs" / "transcripts" / "r4.md").read_text(encoding="utf-8")  # the served edit
    assert "omformning" in (work / "data" / "transcripts" / "R4.csv").read_text(encoding="utf-8")
    assert (work / "site" / "transcripts" / "r4" / "index.html").is_file()


def test_the_benchmark_indexes_with_pagefind_when_asked(tmp_path):
    result = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--sizes", "2", "--rows", "20", "--search", "pagefind",
         "--keep", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "| 2 × 20 | 300 | pagefind |" in result.stdout
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


def corpus_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_corpus_with_forbidden_terms_lists_them_privately_and_still_builds(tmp_path):
    from benchmarks.make_corpus import write_corpus

    write_corpus(tmp_path / "data", interviews=3, rows=20, forbidden_terms=25)
    listed = (tmp_path / "data" / "private" / "forbidden-terms.txt").read_text(encoding="utf-8").splitlines()[1:]
    assert len(listed) == len(set(listed)) == 25 and sum(" " in term for term in listed) == 5
    assert "private_terms: true" in (tmp_path / "data" / "study.yaml").read_text(encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "build_site.py"), "--strict", "--check", "--quiet"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_fictional_names_start_as_real_ones_do_and_none_occurs_in_the_corpus(tmp_path):
    """Names that all start with rare letters let the guard's first-letter test skip nearly every position, and
    the benchmark would flatter it; each name holds a z/q cluster instead, which no generated text may hold."""
    from benchmarks.make_corpus import TERM_CLUSTERS, write_corpus

    write_corpus(tmp_path / "data", interviews=12, rows=60, seed=3, forbidden_terms=1000)
    listed = (tmp_path / "data" / "private" / "forbidden-terms.txt").read_text(encoding="utf-8").splitlines()[1:]
    first_300 = listed[:300]
    assert len({term[0] for term in first_300}) >= 15 and not {term[0] for term in first_300} & {"Q", "Z"}
    assert sum(" " in term for term in first_300) == 60
    words = [word.casefold() for term in listed for word in term.split()]
    assert all(any(cluster in word for cluster in TERM_CLUSTERS) for word in words)
    for path in (tmp_path / "data").rglob("*"):
        if path.is_file() and "private" not in path.parts:
            text = path.read_text(encoding="utf-8").casefold()
            assert not [cluster for cluster in TERM_CLUSTERS if cluster in text], path


@pytest.fixture(scope="module")
def real_path_corpus(tmp_path_factory):
    """Eight interviews of 40 rows with 300 forbidden terms, built with `build_site.py --strict` as a project."""
    from benchmarks.make_corpus import write_corpus

    project = tmp_path_factory.mktemp("real-path")
    write_corpus(project / "data", interviews=8, rows=40, seed=7, forbidden_terms=300)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")
    build = subprocess.run([sys.executable, str(ROOT / "build_site.py"), "--strict"], cwd=project,
                           capture_output=True, text=True, timeout=600)
    return project, build


def test_the_generated_study_takes_the_real_path_and_builds_strictly_without_a_warning(real_path_corpus):
    project, build = real_path_corpus
    assert build.returncode == 0, build.stdout + build.stderr
    assert "(0 errors, 0 warnings)" in build.stdout
    assert [line for line in build.stderr.splitlines() if not re.fullmatch(r"\w+: \d+\.\d s", line)] == []
    listed = (project / "data" / "private" / "forbidden-terms.txt").read_text(encoding="utf-8").splitlines()[1:]
    assert len(set(listed)) == 300


def test_one_transcript_in_four_is_a_csv_file_as_spreadsheets_save_them(real_path_corpus):
    project, _ = real_path_corpus
    transcripts = project / "data" / "transcripts"
    assert sorted(p.name for p in transcripts.iterdir()) == sorted(
        [f"R{i}.yaml" for i in (1, 2, 3, 5, 6, 7)] + ["R4.csv", "R4.speakers.yaml", "R8.csv", "R8.speakers.yaml"])
    comma, excel = (transcripts / "R4.csv").read_bytes(), (transcripts / "R8.csv").read_bytes()
    assert comma.startswith(b"n,speaker,text,codes\n") and b"\r" not in comma
    assert excel.startswith("\ufeffn;speaker;text;codes\r\n".encode("utf-8")) and excel.count(b"\r\n") == 41
    assert b',"' in comma  # answers holding a comma are quoted, as the CSV format asks
    # The loader reads them into the same model as the YAML transcripts: 40 rows, two speakers, codes.
    from qualsite.load import load

    study, problems = load(project / "data", project)
    assert problems == []
    by_id = {t.id: t for t in study.transcripts}
    for tid in ("R1", "R4", "R8"):
        transcript = by_id[tid]
        assert len(transcript.rows) == 40
        assert {s.role for s in transcript.speakers} == {"interviewer", "respondent"}
        assert any(row.codes for row in transcript.rows)


def test_answers_run_from_one_word_to_hundreds(real_path_corpus):
    project, _ = real_path_corpus
    from qualsite.load import load

    study, _ = load(project / "data", project)
    lengths = sorted(len(row.text.split()) for t in study.transcripts for row in t.rows if row.speaker == t.id)
    assert lengths[0] == 1 and 200 <= lengths[-1] <= 900
    assert lengths[len(lengths) // 2] < 60  # skewed: most answers are a few sentences
    every = [max(len(row.text.split()) for row in t.rows) for t in study.transcripts]
    assert min(every) >= 200  # every transcript holds a monologue


def test_quotes_of_several_rows_of_one_interview_verify_exactly(real_path_corpus):
    project, _ = real_path_corpus
    with (project / "docs" / "downloads" / "citations.csv").open(encoding="utf-8", newline="") as f:
        lines = list(csv.DictReader(f))
    assert {line["status"] for line in lines} == {"exact"}
    refs: dict[str, list[str]] = {}
    for line in lines:
        refs.setdefault(line["page"], []).append(line["ref"])
    same_interview = [r for r in refs.values() if len(r) > 1 and len({ref.split(":")[0] for ref in r}) == 1]
    assert len(same_interview) >= 3 and any(len(r) == 3 for r in same_interview)
    findings = "".join(p.read_text(encoding="utf-8") for p in (project / "data" / "findings").glob("*.md"))
    assert re.search(r"\((R\d+):\d+(?:; \1:\d+)+\)", findings)  # as written, e.g. (R6:18; R6:32; R6:34)


def test_the_same_arguments_and_seed_write_byte_identical_corpora(tmp_path):
    from benchmarks.make_corpus import main

    for folder in ("a", "b"):
        assert main([str(tmp_path / folder), "--interviews", "8", "--rows", "30", "--forbidden-terms", "300"]) == 0
    main([str(tmp_path / "c"), "--interviews", "8", "--rows", "30", "--forbidden-terms", "300", "--seed", "8"])
    assert corpus_files(tmp_path / "a") == corpus_files(tmp_path / "b") != corpus_files(tmp_path / "c")


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


def test_the_incremental_benchmark_edits_a_theme_and_a_row_and_redoes_little(tmp_path):
    result = _benchmark("incremental.py", "--interviews", "4", "--rows", "12", "--repeat", "2",
                        "--keep", str(tmp_path / "work"))
    builds = [line for line in result.stdout.splitlines() if " computed " in line]
    assert [line.split("  ")[0].strip() for line in builds] == ["first build"] + ["findings edit",
                                                                                  "transcript-row edit"] * 2
    computed = [int(re.search(r"computed +([\d,]+)", line).group(1).replace(",", "")) for line in builds]
    assert all(0 < n < computed[0] / 2 for n in computed[1:])  # an edit recomputes a small part of the first build
    assert "ändrat1" in (tmp_path / "work" / "data" / "transcripts" / "R4.csv").read_text(encoding="utf-8")
    assert "median of 2, findings edit: pages " in result.stdout


def test_the_render_benchmark_compares_two_versions_page_by_page(tmp_path):
    from benchmarks.make_corpus import write_corpus

    write_corpus(tmp_path / "data", interviews=3, rows=20)
    result = subprocess.run([sys.executable, "benchmarks/render.py", "--before", str(ROOT), "--data",
                             str(tmp_path / "data"), "--repeat", "2"], cwd=ROOT, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("pages, 0 differ") == 2, result.stdout
    assert re.search(r"^render, cpu +\d+\.\d\d +\d+\.\d\d +×", result.stdout, re.M), result.stdout


def test_the_floor_benchmark_imports_what_qualsite_imports_from_outside_and_nothing_of_its_own():
    sys.path.insert(0, str(ROOT))
    from benchmarks.floor import imported_from_outside

    outside = imported_from_outside()
    assert {"yaml", "markdown_it", "argparse", "zipfile"} <= set(outside)
    assert not [name for name in outside if name == "qualsite" or name.startswith("qualsite.")]


def test_the_floor_benchmark_measures_each_start_up_step_and_both_bounds_at_a_tiny_size(tmp_path):
    result = _benchmark("floor.py", "--sizes", "2", "--rows", "20", "--repeat", "2", "--keep", str(tmp_path / "work"))
    head, rule, row = result.stdout.splitlines()
    assert head.split(" | ")[-2:] == ["bound 1: starting", "bound 2: starting, then the rest ÷ 2 |"]
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[:2] == ["2 × 20", "2"]
    seconds = [float(re.match(r"[\d.]+", cell).group()) for cell in cells[2:8]]
    mkdocs, build, processor, interpreter, dependencies, starting = seconds
    assert all(value > 0 for value in seconds)
    assert interpreter < starting < build  # importing qualsite starts the interpreter too; a build imports qualsite
    assert float(cells[8].rstrip("%")) == pytest.approx(100 * starting / mkdocs, abs=0.5)  # from rounded figures
    spread, share = re.fullmatch(r"([\d.]+) s \(([\d.]+)%\)", cells[9]).groups()
    assert starting < float(spread) < starting + processor / 2  # the import's own processor time is not halved
    assert float(share) == pytest.approx(100 * float(spread) / mkdocs, abs=0.5)
    assert (tmp_path / "work" / "2x20" / "docs" / "index.md").is_file()


def _benchmark(script: str, *arguments: str) -> subprocess.CompletedProcess:
    """Run `benchmarks/<script>` at a tiny size; it must succeed."""
    result = subprocess.run([sys.executable, f"benchmarks/{script}", *arguments], cwd=ROOT, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return result
