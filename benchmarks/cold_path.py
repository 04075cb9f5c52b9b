"""Processor time of build_site.py's cold path outside rendering: load, checks, output guard, write.

    python benchmarks/cold_path.py --data /tmp/c1000/data [--repeat 3] [--write-into /dev/shm]

Each stage runs in this one process and is timed with `time.process_time` (the median of --repeat runs), because
on a shared machine processor time moves far less than wall time. The checks are timed twice: all in this process
(`checks, one process`: the data-side search for forbidden terms included) and as a build runs them, with that
search in a second process when the data is large (`checks, as built`: this process's time only). The output guard
searches the rendered pages in one process (`anonymity.PARALLEL_CHARACTERS` raised), so its time is all of its work
whichever process does it in a build. The pages are rendered once, untimed. Writing goes into a new folder under
--write-into (default: the system's temporary folder); on a RAM disk it shows the processor's part alone.

To compare two versions, run the script of each from its own tree, in turn (see BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.stages import median_seconds  # noqa: E402
from qualsite.checks import analyse, anonymity  # noqa: E402
from qualsite.load import load  # noqa: E402
from qualsite.render import render  # noqa: E402
from qualsite.write import write_site  # noqa: E402


def processor_seconds(function, repeat: int) -> tuple[float, object]:
    return median_seconds(function, repeat, clock=time.process_time)


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--data", type=Path, default=Path("data"))
    cli.add_argument("--repeat", type=int, default=3)
    cli.add_argument("--write-into", type=Path, default=None, help="where the written docs/ goes (a new folder)")
    args = cli.parse_args()
    root = Path.cwd()
    times: dict[str, float] = {}
    times["load"], (project, problems) = processor_seconds(lambda: load(args.data, root), args.repeat)
    parallel = anonymity.PARALLEL_CHARACTERS
    anonymity.PARALLEL_CHARACTERS = 10 ** 15
    times["checks, one process"], (evidence, found) = processor_seconds(
        lambda: analyse(project, root=root), args.repeat)
    anonymity.PARALLEL_CHARACTERS = parallel
    times["checks, as built"], _ = processor_seconds(lambda: analyse(project, root=root), args.repeat)
    warnings = [p for p in [*problems, *found] if p.severity == "warning"]
    pages = render(project, evidence, warnings, root=root)
    terms = anonymity.forbidden_terms(project, root)
    anonymity.PARALLEL_CHARACTERS = 10 ** 15
    times["output guard, one process"], _ = processor_seconds(
        lambda: anonymity.guard_output(pages, terms, evidence.clean_data), args.repeat)
    anonymity.PARALLEL_CHARACTERS = parallel

    def write() -> None:
        folder = Path(tempfile.mkdtemp(dir=args.write_into))
        try:
            shutil.copy(args.data.parent / "mkdocs.yml", folder / "mkdocs.yml")
            write_site(folder / "docs", pages, config=folder / "mkdocs.yml", nav=[], lunr=None)
        finally:
            shutil.rmtree(folder)

    times["write"], _ = processor_seconds(write, args.repeat)
    characters = sum(len(content) for content in pages.values())
    print(f"study: {args.data} ({len(project.transcripts)} transcripts, {len(pages)} pages, {characters:,} characters"
          f" published, {len(terms)} forbidden terms); processor seconds, median of {args.repeat}")
    for name, seconds in times.items():
        print(f"  {name:<26} {seconds:7.2f} s")


if __name__ == "__main__":
    main()
