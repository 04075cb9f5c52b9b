"""What the downloads and the analysis pages cost to render, cold and after one findings edit (issue 19).

    python benchmarks/downloads.py                          # 1,000 interviews × 100 rows, generated (make_corpus)
    python benchmarks/downloads.py --data /tmp/g1000/data   # a corpus already written (it is copied, not edited)
    python benchmarks/downloads.py --interviews 3 --rows 10 --repeat 1   # a quick run (the test suite does this)

In one process, on a copy of the corpus: load and check it, then time, each the
median of --repeat runs,

1. every download on its own and `downloads.pages` as a whole, cold (a one-off
   build: no memo);
2. `analysis.pages` (the matrix, co-occurrence and every pair's page), cold;
3. `downloads.pages` again after one findings file is edited and the study
   loaded and checked again with the incremental build's memo (not timed), as
   under `build_site.py --serve`: what the memo saves the downloads; then the
   same after one transcript row's text is edited. Each output is compared with
   a cold call's, byte for byte.

Wall time and this process's CPU time are both printed: on a shared machine the
CPU time is the steadier of the two.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.make_corpus import write_corpus  # noqa: E402
from qualsite.analysis import tabulate  # noqa: E402
from qualsite.checks import analyse  # noqa: E402
from qualsite.load import load  # noqa: E402
from qualsite.memo import Memo  # noqa: E402
from qualsite.model import Project  # noqa: E402
from qualsite.refiqda.exporter import codebook_qdc, study_qdpx  # noqa: E402
from qualsite.render import analysis, downloads  # noqa: E402
from qualsite.render.context import Context, build_context  # noqa: E402


def timed(function: Callable[[], object], repeat: int, before: Callable[[], None] = lambda: None
          ) -> tuple[float, float]:
    """Median wall and CPU seconds of `function`, with `before` run (untimed) ahead of each run."""
    walls, cpus = [], []
    for _ in range(repeat):
        before()
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def context(root: Path, memo: Memo | None = None) -> Context:
    """The study loaded, checked and indexed, as a build does it (with the incremental build's `memo`, if any)."""
    project, problems = load(root / "data", root, memo)
    assert project is not None, problems
    evidence, found = analyse(project, root=root, memo=memo)
    return build_context(project, evidence, [p for p in found if p.severity == "warning"], memo=memo)


def editable_row(root: Path, project: Project) -> tuple[Path, str]:
    """A transcript file, and the text of one of its rows as the file spells it, to edit in place."""
    for transcript in project.transcripts:
        path = root / transcript.source.path
        text = path.read_text(encoding="utf-8")
        for row in transcript.rows:
            if len(row.text) > 20 and text.count(row.text) == 1:
                return path, row.text
    raise SystemExit("no row whose text its file spells as it is")


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--data", type=Path, help="a corpus's data folder (default: generate one)")
    cli.add_argument("--interviews", type=int, default=1000)
    cli.add_argument("--rows", type=int, default=100)
    cli.add_argument("--repeat", type=int, default=3)
    args = cli.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="qualsite-downloads-") as folder:
        root = Path(folder)
        if args.data:
            shutil.copytree(args.data, root / "data")
        else:
            write_corpus(root / "data", interviews=args.interviews, rows=args.rows)
        ctx = context(root)
        project = ctx.project
        rows = sum(len(t.rows) for t in project.transcripts)
        print(f"study: {len(project.transcripts)} transcripts, {rows} rows, {len(project.codebook.codes)} codes,"
              f" {len(ctx.evidence.citations)} citations")
        tab = tabulate(project)
        steps: list[tuple[str, Callable[[], object]]] = [
            ("segments.csv", lambda: downloads.segments_csv(project)),
            ("citations.csv", lambda: downloads.citations_csv(ctx)),
            ("data.zip", lambda: downloads.data_zip(project, root)),
            ("study.qdpx", lambda: study_qdpx(project)),
            ("codebook.qdc", lambda: codebook_qdc(project)),
            ("evidence.jsonld", lambda: downloads.evidence_jsonld(ctx)),
            ("downloads.pages, cold", lambda: downloads.pages(ctx, root)),
            ("analysis.pages, cold", lambda: analysis.pages(ctx, tab)),
        ]
        figures = [(name, *timed(function, args.repeat)) for name, function in steps]

        memo = Memo()
        memo.begin()
        warm = context(root, memo)
        downloads.pages(warm, root)  # the build before the edits
        memo.end()
        findings = sorted((root / "data" / "findings").glob("*.md"))[0]
        transcript, row_text = editable_row(root, project)
        edits = iter(range(1, 1 + 2 * args.repeat))

        def edit(path: Path, old: str) -> Callable[[], None]:
            """Edit `path` again (after `old`, or at the end) and load and check the study again with the memo, as
            the server would: untimed. The memo holds the build before the edit."""
            def edit_and_load() -> None:
                nonlocal warm
                text, mark = path.read_text(encoding="utf-8"), f" Edit {next(edits)}."
                path.write_text(text.replace(old, old + mark, 1) if old else text + mark + "\n", encoding="utf-8")
                memo.begin()
                warm = context(root, memo)
            return edit_and_load

        for name, path, old in [("one findings edit later", findings, ""),
                                ("one transcript row edited later", transcript, row_text)]:
            figures.append((f"downloads.pages, {name}",
                            *timed(lambda: (downloads.pages(warm, root), memo.end()), args.repeat, edit(path, old))))
            memo.begin()
            again = downloads.pages(warm, root)
            memo.end()
            if again != downloads.pages(context(root), root):
                raise SystemExit(f"downloads.pages {name} differs from a cold call: the memo is stale")
    print("| step | wall | CPU |")
    print("|---|---:|---:|")
    for name, wall, cpu in figures:
        print(f"| {name} | {wall:.3f} s | {cpu:.3f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
