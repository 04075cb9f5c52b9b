"""The weight of a findings page and a transcript page of a synthetic corpus, as served (HTML) and gzipped.

    python benchmarks/page_weight.py --code DIR [--code DIR …] [--sizes 100 1000] [--rows 100] [--work /tmp/weight]

Each `--code` is a checkout of qualsite (its `build_site.py` is run, so its own `qualsite/` is imported): give the
commit before and after a change to see what it adds. Every corpus is `benchmarks/make_corpus.py`'s (seed 7,
100 rows per interview); the site is built with `build_site.py --strict` and `mkdocs build`, using the checkout's
`mkdocs.yml` and `docs/assets`. Prints one Markdown table row per checkout and size: the largest findings page,
the findings pages together, and the transcript pages (mean and largest), in KB of HTML and of gzip.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def weigh(pages: list[Path]) -> tuple[int, int]:
    """(bytes, gzip bytes) of all `pages` together."""
    raw = zipped = 0
    for page in pages:
        data = page.read_bytes()
        raw += len(data)
        zipped += len(gzip.compress(data, 6))
    return raw, zipped


def build(code: Path, size: int, work: Path, rows: int = 100) -> Path:
    """The site of a `size`-interview corpus built by the checkout `code`, in `work`."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(work / "data"), "--interviews", str(size),
                    "--rows", str(rows)],
                   check=True, capture_output=True)
    shutil.copy(code / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(code / "docs" / "assets", work / "docs" / "assets")
    run = dict(cwd=work, check=True, capture_output=True)
    subprocess.run([sys.executable, str(code / "build_site.py"), "--strict", "--quiet"], **run)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], **run,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return work / "site"


def kb(n: int) -> str:
    return f"{n / 1024:,.1f}"


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--code", type=Path, action="append", required=True)
    cli.add_argument("--sizes", type=int, nargs="+", default=[100])
    cli.add_argument("--rows", type=int, default=100, help="rows per interview")
    cli.add_argument("--work", type=Path, default=Path("/tmp/qualsite-weight"))
    args = cli.parse_args()
    print("| code | interviews | largest findings page | all findings pages | transcript page, mean | largest transcript page |")
    print("|---|---|---|---|---|---|")
    for size in args.sizes:
        for code in args.code:
            site = build(code.resolve(), size, args.work / f"{code.name}-{size}", args.rows)
            findings = [p for p in site.glob("findings/*/index.html")]
            transcripts = [p for p in site.glob("transcripts/*/index.html")]
            largest = max(findings, key=lambda p: p.stat().st_size)
            biggest = max(transcripts, key=lambda p: p.stat().st_size)
            f_raw, f_zip = weigh(findings)
            t_raw, t_zip = weigh(transcripts)
            l_raw, l_zip = weigh([largest])
            b_raw, b_zip = weigh([biggest])
            n = len(transcripts)
            print(f"| {code.name} | {size:,} | {kb(l_raw)} KB ({kb(l_zip)} KB gzip) | {kb(f_raw)} KB ({kb(f_zip)} KB) "
                  f"| {kb(t_raw // n)} KB ({kb(t_zip // n)} KB) | {kb(b_raw)} KB ({kb(b_zip)} KB) |", flush=True)


if __name__ == "__main__":
    main()
