"""Rendering before and after a change, in one process, kind by kind (issue 19).

    git archive b8967a4 qualsite format | tar -x -C /tmp/before    # the code to compare with (and its format/)
    python benchmarks/render.py --before /tmp/before --data /tmp/corpora/c100/data /tmp/corpora/c1000/data

Each data folder is loaded and checked once by each of the two versions of `qualsite` (the one in --before is
imported as `qualsite_before`), then rendered `--repeat` times, the two versions in turn, as a build renders
it (`render.render_parts`, no memo). For each kind of page it prints the median processor seconds, and for the
whole render the median wall and processor seconds; processor time counts every thread, so rendering that works
on two threads shows as less wall time, not less processor time. Every run checks that both versions made the
same pages, byte for byte. On a shared machine, read the processor time: it is the steadier of the two.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import importlib.util
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KINDS = ("downloads", "transcripts", "analysis", "codebook", "participants", "findings", "source check", "home",
         "pages", "releases")
"""What `render_parts` yields, in its order."""


def import_before(folder: Path) -> str:
    """Import the `qualsite` package in `folder` as `qualsite_before`; its imports within itself are relative."""
    spec = importlib.util.spec_from_file_location("qualsite_before", folder / "qualsite" / "__init__.py",
                                                  submodule_search_locations=[str(folder / "qualsite")])
    if spec is None or spec.loader is None:
        raise SystemExit(f"{folder}: no qualsite package there")
    module = importlib.util.module_from_spec(spec)
    sys.modules["qualsite_before"] = module
    spec.loader.exec_module(module)
    return "qualsite_before"


def prepared(package: str, data: Path) -> tuple:
    """`package`'s render module and what it renders: the project loaded and checked by the same version."""
    load = importlib.import_module(f"{package}.load").load
    analyse = importlib.import_module(f"{package}.checks").analyse
    render = importlib.import_module(f"{package}.render")
    project, _ = load(data, data.parent)
    evidence, found = analyse(project, root=data.parent)
    return render, project, evidence, [p for p in found if p.severity == "warning"]


def rendered(render, project, evidence, warnings, root: Path) -> tuple[dict, dict[str, float], float, float]:
    """Every page, the processor seconds of each kind, and the wall and processor seconds of the whole."""
    gc.collect()
    pages: dict = {}
    kinds: dict[str, float] = {}
    wall, cpu = time.perf_counter(), time.process_time()
    parts = render.render_parts(project, evidence, warnings, root=root)
    for kind in KINDS:
        start = time.process_time()
        pages.update(next(parts))
        kinds[kind] = time.process_time() - start
    return pages, kinds, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", type=Path, required=True, help="a folder holding the qualsite to compare with")
    parser.add_argument("--data", type=Path, nargs="+", required=True, help="data folders to render")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    versions = {"before": import_before(args.before), "after": "qualsite"}
    for data in args.data:
        ready = {name: prepared(package, data) for name, package in versions.items()}
        kinds = {name: {kind: [] for kind in KINDS} for name in versions}
        walls: dict[str, list[float]] = {name: [] for name in versions}
        cpus: dict[str, list[float]] = {name: [] for name in versions}
        for run in range(1, args.repeat + 1):
            pages = {}
            for name in versions:
                pages[name], seconds, wall, cpu = rendered(*ready[name], data.parent)
                for kind in KINDS:
                    kinds[name][kind].append(seconds[kind])
                walls[name].append(wall)
                cpus[name].append(cpu)
            differ = sorted(path for path in pages["before"].keys() | pages["after"].keys()
                            if pages["before"].get(path) != pages["after"].get(path))
            print(f"{data}, run {run}: before {walls['before'][-1]:.2f} s, after {walls['after'][-1]:.2f} s wall; "
                  f"{len(pages['after'])} pages, {len(differ)} differ {differ[:3]}", flush=True)
            if differ:
                raise SystemExit("the two versions rendered different pages")
        print(f"\n{data}: median of {args.repeat} (processor seconds; wall for the whole)")
        print(f"{'':16}{'before':>9}{'after':>9}")
        for kind in KINDS:
            before, after = (statistics.median(kinds[name][kind]) for name in versions)
            print(f"{kind:16}{before:9.2f}{after:9.2f}")
        for label, series in (("render, cpu", cpus), ("render, wall", walls)):
            before, after = (statistics.median(series[name]) for name in versions)
            print(f"{label:16}{before:9.2f}{after:9.2f}   ×{before / after:.2f}")
        print()


if __name__ == "__main__":
    main()
