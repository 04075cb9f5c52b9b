"""How long each stage of build_site.py takes on a study, and what the checks cost.

    python benchmarks/stages.py [--data data [data2 …]] [--repeat 20]

Times load, checks (analyse + reviewed warnings), render, and the output
guard, each the median of --repeat runs in this one process, and prints the
share of the whole build that the checks take. Writing is left out: it
depends on the disk, and a rebuild with no change writes nothing.

The checks include the search for forbidden terms in the data files; that
search is also timed on its own ("of which: terms in data"), so that with the
output guard it gives what the anonymity guard costs. Several --data folders
are measured one after the other in the same process (for instance one corpus
with 200 forbidden terms and the same with none).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qualsite.checks import analyse  # noqa: E402
from qualsite.checks.anonymity import forbidden_terms, guard_output, search_data  # noqa: E402
from qualsite.load import load  # noqa: E402
from qualsite.render import render  # noqa: E402
from qualsite.reviewed import accept_reviewed, read_reviews  # noqa: E402


def median_seconds(function, repeat: int, clock=time.perf_counter) -> tuple[float, object]:
    """The median seconds of `repeat` calls by `clock` (wall time, or `time.process_time`), and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = clock()
        result = function()
        times.append(clock() - start)
    return statistics.median(times), result


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--data", type=Path, nargs="+", default=[Path("data")])
    cli.add_argument("--repeat", type=int, default=20)
    args = cli.parse_args()
    for data in args.data:
        measure_study(data, args.repeat)


def measure_study(data: Path, repeat: int) -> None:
    root = Path.cwd()
    t_load, (project, _) = median_seconds(lambda: load(data, root), repeat)

    def checks():
        evidence, found = analyse(project, root=root)
        reviews, unreadable = read_reviews(data, root)
        return evidence, accept_reviewed([*found, *unreadable], reviews)

    t_checks, (evidence, problems) = median_seconds(checks, repeat)
    warnings = [p for p in problems if p.severity == "warning"]
    t_render, pages = median_seconds(lambda: render(project, evidence, warnings, root=root), repeat)
    terms = forbidden_terms(project, root)
    t_terms, (_, clean) = median_seconds(lambda: search_data(project, terms, root), repeat)
    t_guard, _ = median_seconds(lambda: guard_output(pages, terms, clean), repeat)

    total = t_load + t_checks + t_render + t_guard
    rows = sum(len(t.rows) for t in project.transcripts)
    print(f"study: {data} ({len(project.transcripts)} transcripts, {rows} rows, {len(pages)} pages,"
          f" {len(terms)} forbidden terms)")
    for name, seconds in [("load", t_load), ("checks", t_checks), ("render", t_render), ("output guard", t_guard)]:
        print(f"  {name:<13} {seconds * 1000:8.1f} ms  {seconds / total:6.1%}")
        if name == "checks":
            print(f"    {'of which: terms in data':<24} {t_terms * 1000:8.1f} ms  {t_terms / total:6.1%}")
    print(f"  {'total':<13} {total * 1000:8.1f} ms")
    print(f"checks + output guard: {(t_checks + t_guard) / total:.1%} of the build;"
          f" anonymity guard (terms in data + output guard): {(t_terms + t_guard) * 1000:.1f} ms,"
          f" {(t_terms + t_guard) / total:.1%}")


if __name__ == "__main__":
    main()
