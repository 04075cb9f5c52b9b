"""What an edit costs the incremental build (`qualsite.memo`), in one process, as `build_site.py --serve` runs it.

    python benchmarks/incremental.py --interviews 1000 [--repeat 3] [--keep DIR]

Writes a corpus (`make_corpus.py`, 300 forbidden terms), builds it once with a memo, then alternates a findings
edit (a sentence added to the first theme) and a transcript-row edit (one word of a row of the first CSV
transcript) `--repeat` times, building after each the way `--serve` does: pages first, then the downloads. For
each build it prints the seconds until the pages were written, until everything was, and how many pieces of work
were computed rather than reused. Between builds it collects garbage and freezes what survives, as `--serve` does.
MkDocs is not run: `run.py --serve` measures the whole way from the save to the served page.
"""

from __future__ import annotations

import argparse
import gc
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.make_corpus import write_corpus  # noqa: E402
from qualsite.build import build  # noqa: E402
from qualsite.memo import Memo  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--interviews", type=int, default=1000)
    cli.add_argument("--rows", type=int, default=100)
    cli.add_argument("--repeat", type=int, default=3)
    cli.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = cli.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="qualsite-incremental-") as scratch:
        project = args.keep or Path(scratch)
        if project.exists():
            shutil.rmtree(project)
        (project / "docs").mkdir(parents=True)
        write_corpus(project / "data", interviews=args.interviews, rows=args.rows, forbidden_terms=300)
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        measure(project, args.repeat)
    return 0


ROW_WORD = re.compile(r'(?:text: "|^\d+[,;][^,;\n]*[,;]"?)[^\n]*?\b([a-zåäö]{6,})\b', re.M)
"""A word of a row's text, in a CSV transcript (`4,R4,"…`) or a YAML one (`text: "…`)."""


def measure(project: Path, repeat: int) -> None:
    memo = Memo()

    def timed(label: str) -> tuple[float, float]:
        start = time.perf_counter()
        pages: list[float] = []
        report = build(project / "data", project / "docs", project / "mkdocs.yml", root=project, memo=memo,
                       pages_first=lambda changes: pages.append(time.perf_counter() - start))
        whole = time.perf_counter() - start
        print(f"{label:<20} pages {pages[0]:6.2f} s   all {whole:6.2f} s   computed {memo.computed:>6,}"
              f"   reused {memo.reused:>6,}   files written {len(report.changes.written)}", flush=True)
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        return pages[0], whole

    timed("first build")
    finding = sorted((project / "data" / "findings").glob("*.md"))[0]
    transcript = (sorted((project / "data" / "transcripts").glob("*.csv"))
                  or sorted((project / "data" / "transcripts").glob("*.yaml")))[0]
    results: dict[str, list[tuple[float, float]]] = {"findings edit": [], "transcript-row edit": []}
    for i in range(repeat):
        finding.write_text(finding.read_text(encoding="utf-8").replace(
            "\n## ", f"\nEn mening {i} som forskaren lade till.\n\n## ", 1), encoding="utf-8")
        results["findings edit"].append(timed("findings edit"))
        text = transcript.read_text(encoding="utf-8-sig")
        word = ROW_WORD.search(text)
        assert word is not None, transcript
        transcript.write_text(text[:word.start(1)] + f"ändrat{i}" + text[word.end(1):], encoding="utf-8")
        results["transcript-row edit"].append(timed("transcript-row edit"))
    for label, found in results.items():
        print(f"median of {repeat}, {label}: pages {statistics.median(p for p, _ in found):.2f} s,"
              f" all {statistics.median(w for _, w in found):.2f} s")


if __name__ == "__main__":
    sys.exit(main())
