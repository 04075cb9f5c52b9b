"""benchmarks/downloads.py runs end to end at a tiny size (the 1,000-interview run is in BENCHMARKS.md). No timing
is asserted: only that every step is measured, and that the downloads after an edit equal a cold call's (the script
stops otherwise)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_downloads_benchmark_times_every_step_at_a_tiny_size():
    result = subprocess.run([sys.executable, "benchmarks/downloads.py", "--interviews", "3", "--rows", "10",
                             "--repeat", "1"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    steps = [line.split("|")[1].strip() for line in result.stdout.splitlines() if line.startswith("| ")][1:]
    assert steps == ["segments.csv", "citations.csv", "data.zip", "study.qdpx", "codebook.qdc", "evidence.jsonld",
                     "downloads.pages, cold", "analysis.pages, cold", "downloads.pages, one findings edit later",
                     "downloads.pages, one transcript row edited later"]
