"""What the anonymity guard costs a build: `build_site.py --check` on a study with its forbidden terms, against the
same study without them, interleaved in one process.

    python benchmarks/guard_cost.py --data /tmp/g1000/data [--repeat 3]

The study without terms is a copy of --data without `private/forbidden-terms.txt` and `private_terms: true` (made
beside it once, as `<data>-no-terms`). Each repeat times both in turn (`build.check`: load, checks, render and guard; writing is left
out, as it does not depend on the terms), and the medians are compared: the difference is what the guard costs, in
wall-clock time, and in processor time of this process and the guard's forked processes together.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qualsite.build import check  # noqa: E402
from qualsite.checks.anonymity import PRIVATE_TERMS  # noqa: E402


def processor_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(data: Path, root: Path) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), processor_seconds()
    site = check(data, root=root)
    assert not [p for p in site.problems if p.severity == "error"]
    return time.perf_counter() - wall, processor_seconds() - cpu


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--data", type=Path, required=True)
    cli.add_argument("--repeat", type=int, default=3)
    args = cli.parse_args()
    data = args.data.resolve()
    if not (data / PRIVATE_TERMS).is_file():
        sys.exit(f"{data / PRIVATE_TERMS}: no forbidden terms to measure; make the corpus with --forbidden-terms N")
    bare = data.with_name(data.name + "-no-terms")
    if not bare.exists():
        shutil.copytree(data, bare)
        (bare / PRIVATE_TERMS).unlink()
        study = bare / "study.yaml"  # a study that promises private terms fails closed without them
        study.write_text(study.read_text("utf-8").replace("private_terms: true", "private_terms: false"), "utf-8")
    terms = len([line for line in (data / PRIVATE_TERMS).read_text("utf-8").splitlines()
                 if line.split("#", 1)[0].strip()])
    runs: dict[str, list[tuple[float, float]]] = {"with": [], "without": []}
    for _ in range(args.repeat):
        runs["with"].append(timed(data, data.parent))
        runs["without"].append(timed(bare, bare.parent))
    wall = {name: statistics.median(w for w, _ in times) for name, times in runs.items()}
    cpu = {name: statistics.median(c for _, c in times) for name, times in runs.items()}
    print(f"study: {data} ({terms} forbidden terms), median of {args.repeat}")
    for number, (with_terms, without) in enumerate(zip(runs["with"], runs["without"]), 1):
        print(f"  run {number}: {with_terms[0]:.2f} s against {without[0]:.2f} s wall,"
              f" {with_terms[1]:.2f} s against {without[1]:.2f} s processor")
    print(f"  build_site.py --check with the terms:    {wall['with']:7.2f} s wall, {cpu['with']:7.2f} s processor")
    print(f"  build_site.py --check without the terms: {wall['without']:7.2f} s wall, {cpu['without']:7.2f} s processor")
    extra_wall, extra_cpu = wall["with"] - wall["without"], cpu["with"] - cpu["without"]
    print(f"  the guard costs {extra_wall:.2f} s wall ({extra_wall / wall['with']:.1%} of the build with terms),"
          f" {extra_cpu:.2f} s processor ({extra_cpu / cpu['with']:.1%})")


if __name__ == "__main__":
    main()
