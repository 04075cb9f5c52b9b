"""What bounds build_site.py's time from below, as shares of `mkdocs build` in the same run.

    python benchmarks/floor.py                          # 10, 100 and 1,000 interviews × 100 rows (about 15 minutes)
    python benchmarks/floor.py --sizes 10 --repeat 9    # the fixed costs alone, where they weigh most

Two bounds that no tuning of the build's own steps moves:

1. **Starting**: the interpreter (`python -c pass`), then importing what qualsite imports from outside itself
   (PyYAML, markdown-it-py, the standard library's modules: found by importing `qualsite.cli` in a child process
   and listing what it added), then importing `qualsite.cli` itself (its modules, the frozen dataclasses of the
   model, the compiled patterns). A build pays all of it before it reads a file.
2. **Processor time over two cores**: the user and system time of a cold `build_site.py --strict --quiet` and of
   the helpers it forks (`os.wait4`). Starting runs on one core (nothing can be forked before the code that forks
   is imported); the rest is halved, since the machines qualsite runs on have two. Even spread perfectly over
   both cores, the build's work cannot take less wall time than starting plus half of the rest.

Each size gets a project as `run.py` makes one (the same corpus, 300 forbidden terms). Every round runs each
command once, in turn (interpreter, imports, qualsite, build, mkdocs build), so a busy spell of the machine slows
all alike; the table shows medians. Before each cold build the last one's docs/ and site/ are set aside
(`run.SetAside`).
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.run import (  # noqa: E402
    FORBIDDEN_TERMS, SetAside, _as_before_the_first_build, each_size, make_project,
)

CORES = 2
"""The machines qualsite is built on (a researcher's laptop, a CI runner) have at least two cores; the build uses
two (`qualsite.parallel`)."""


@dataclass
class Timing:
    """The wall and processor seconds of one command, every round."""

    wall: list[float] = field(default_factory=list)
    processor: list[float] = field(default_factory=list)

    def add(self, wall: float, processor: float) -> None:
        self.wall.append(wall)
        self.processor.append(processor)


@dataclass
class Floor:
    interviews: int
    rows: int
    interpreter: Timing = field(default_factory=Timing)
    dependencies: Timing = field(default_factory=Timing)
    qualsite: Timing = field(default_factory=Timing)
    build: Timing = field(default_factory=Timing)
    mkdocs: Timing = field(default_factory=Timing)


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000], help="numbers of interviews")
    cli.add_argument("--rows", type=int, default=100, help="rows per interview")
    cli.add_argument("--seed", type=int, default=7)
    cli.add_argument("--repeat", type=int, default=3, help="rounds at each size (the table shows medians)")
    cli.add_argument("--keep", type=Path, help="build in this folder (one subfolder per size) and keep it")
    args = cli.parse_args(argv)

    compileall.compile_dir(ROOT / "qualsite", quiet=1)  # as in run.py: a researcher's Python caches the bytecode
    dependencies = imported_from_outside()
    floors = []
    for size, project, set_aside in each_size(args.sizes, args.rows, args.keep, prefix="qualsite-floor-"):
        make_project(project, size, args.rows, seed=args.seed, forbidden_terms=FORBIDDEN_TERMS, set_aside=set_aside)
        floors.append(measure_floor(project, size, args.rows, args.repeat, dependencies, set_aside))
    print(table(floors))
    return 0


def imported_from_outside() -> list[str]:
    """The modules, not qualsite's own, that importing `qualsite.cli` adds to a fresh interpreter."""
    script = ("import sys; before = set(sys.modules); import qualsite.cli; "
              "print('\\n'.join(sorted(set(sys.modules) - before)))")
    added = subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, capture_output=True,
                           text=True).stdout.split()
    return [name for name in added if name != "qualsite" and not name.startswith("qualsite.")]


def measure_floor(project: Path, interviews: int, rows: int, repeat: int, dependencies: list[str],
                  set_aside: SetAside) -> Floor:
    floor = Floor(interviews, rows)
    python = sys.executable
    load_all = ("import importlib\nfor name in " + repr(dependencies) + ":\n    try: importlib.import_module(name)\n"
                "    except ImportError: pass")
    for attempt in range(repeat):
        _as_before_the_first_build(project, set_aside)
        floor.interpreter.add(*run([python, "-c", "pass"], project))
        floor.dependencies.add(*run([python, "-c", load_all], project))
        floor.qualsite.add(*run([python, "-c", "import qualsite.cli"], project, pythonpath=ROOT))
        floor.build.add(*run([python, str(ROOT / "build_site.py"), "--strict", "--quiet"], project))
        floor.mkdocs.add(*run([python, "-m", "mkdocs", "build", "--strict", "--quiet"], project))
    return floor


def run(command: list[str], cwd: Path, pythonpath: Path | None = None) -> tuple[float, float]:
    """Wall seconds and processor seconds (user and system, with the helpers it forked and waited for)."""
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    error = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{error[-4000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def table(floors: list[Floor]) -> str:
    """One line per size: each step's median wall time and its share of mkdocs build's, then the two bounds."""
    head = ("| interviews × rows | rounds | mkdocs build | build_site.py | its processor time | interpreter"
            " | + dependencies | + qualsite (import) | bound 1: starting | bound 2: starting, then the rest ÷ 2 |")
    lines = [head, "|" + "---|" * head.count(" | ") + "---|"]
    for f in floors:
        mkdocs = statistics.median(f.mkdocs.wall)
        build = statistics.median(f.build.wall)
        processor = statistics.median(f.build.processor)
        starting = statistics.median(f.qualsite.wall)
        spread = starting + (processor - statistics.median(f.qualsite.processor)) / CORES
        lines.append(
            f"| {f.interviews:,} × {f.rows} | {len(f.build.wall)} | {mkdocs:.2f} s | {build:.2f} s ({build / mkdocs:.1%})"
            f" | {processor:.2f} s | {statistics.median(f.interpreter.wall):.3f} s"
            f" | {statistics.median(f.dependencies.wall):.3f} s | {starting:.3f} s"
            f" | {starting / mkdocs:.1%} | {spread:.2f} s ({spread / mkdocs:.1%}) |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
