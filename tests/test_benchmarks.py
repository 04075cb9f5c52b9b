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
