"""What a release costs: build time and site size of a synthetic corpus before and after releases.

    python benchmarks/releases.py --sizes 100 1000 --repeat 3   # about 40 minutes at 1,000 interviews
    python benchmarks/releases.py --sizes 2 --rows 20           # a quick run (the test suite does this)

For each size, three temporary projects (a corpus from `make_corpus.py`, a copy of mkdocs.yml and docs/assets/)
hold three states of one study:

1. **no release**: the corpus as generated;
2. **1.0 released**: the same after `build_site.py release` of version 1.0 (timed; `data/releases/1.0/` measured),
   so the site has `v1.0/` with every transcript a forwarding page;
3. **one row corrected, 1.1 prepared**: one word of one row corrected (an interviewer's question, which no
   findings cite) and version 1.1 set, so `v1.0/` holds that transcript's old text and `v1.1/` forwards; then
   1.1 is released too, and its files compared with 1.0's (git stores identical files once).

Each state is then built from an empty docs/ with `build_site.py --strict` and `mkdocs build --strict`, `--repeat`
times in turn (state 1, 2, 3, 1, 2, 3, …), each step a child process; the table gives the least processor
time (user and system, from wait4) of the repeats, which a shared machine disturbs least, the fastest wall
time, and the size of docs/ and site/. The table is printed to stdout; `--json FILE` also writes the raw figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.make_corpus import write_corpus  # noqa: E402
from benchmarks.run import Step  # noqa: E402


@dataclass
class Timed(Step):
    cpu: float = 0.0
    """The child's own processor time, user and system (from wait4): far steadier than wall time on a machine that
    others share, which a 10% difference drowns in."""


def measure(command: list[str], *, cwd: Path) -> Timed:
    """Run a child process: its wall time, processor time and peak resident memory (all from wait4)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{output[-4000:]}")
    return Timed(seconds, usage.ru_maxrss / 1024, output, cpu=usage.ru_utime + usage.ru_stime)


@dataclass
class Stage:
    """One state of the study: its builds (every repeat) and what they wrote."""

    name: str
    builds: list[Timed]
    mkdocs: list[Timed]
    docs_bytes: int
    docs_files: int
    site_bytes: int
    site_files: int
    zip_bytes: int

    @property
    def build(self) -> float:
        return min(step.cpu for step in self.builds)

    @property
    def site(self) -> float:
        return min(step.cpu for step in self.mkdocs) if self.mkdocs else 0.0

    @property
    def wall(self) -> float:
        return min(step.seconds for step in self.builds) + (min(s.seconds for s in self.mkdocs) if self.mkdocs else 0)


@dataclass
class Result:
    interviews: int
    rows: int
    stages: list[Stage]
    release: Timed
    release_bytes: int
    second_release: Timed
    same_files: int
    release_files: int


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="numbers of interviews")
    cli.add_argument("--rows", type=int, default=100, help="rows per interview")
    cli.add_argument("--repeat", type=int, default=1, help="builds of each state, in turn (the fastest counts)")
    cli.add_argument("--no-mkdocs", action="store_true", help="skip `mkdocs build` (and the site's size)")
    cli.add_argument("--keep", type=Path, help="build in this folder (one subfolder per size) and keep it")
    cli.add_argument("--json", type=Path, help="also write the raw figures to this file")
    args = cli.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="qualsite-releases-"))
    results = []
    try:
        for size in args.sizes:
            results.append(run_size(base / f"{size}x{args.rows}", size, args.rows, mkdocs=not args.no_mkdocs,
                                    repeat=args.repeat))
            print(f"{size} × {args.rows}: done", file=sys.stderr, flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2), encoding="utf-8")
    return 0


STATES = ("no release", "1.0 released", "one row corrected, 1.1 prepared")


def run_size(folder: Path, interviews: int, rows: int, *, mkdocs: bool, repeat: int) -> Result:
    if folder.exists():
        shutil.rmtree(folder)
    plain, released, corrected = (folder / name for name in ("none", "released", "corrected"))
    (plain / "docs").mkdir(parents=True)
    write_corpus(plain / "data", interviews=interviews, rows=rows)
    shutil.copy(ROOT / "mkdocs.yml", plain / "mkdocs.yml")
    shutil.copytree(ROOT / "docs" / "assets", plain / "docs" / "assets")
    shutil.copytree(plain, released, symlinks=True)
    set_version(released / "data", "1.0", "2026-12-01")
    release = measure([sys.executable, str(ROOT / "build_site.py"), "release"], cwd=released)
    release_bytes = _size(released / "data" / "releases" / "1.0")[0]
    shutil.copytree(released, corrected, symlinks=True)
    correct_one_row(corrected / "data")
    set_version(corrected / "data", "1.1", "2026-12-15")
    projects = (plain, released, corrected)
    builds: list[list[Timed]] = [[] for _ in projects]
    sites: list[list[Timed]] = [[] for _ in projects]
    for _ in range(repeat):
        for index, project in enumerate(projects):
            _empty_docs(project)
            builds[index].append(measure([sys.executable, str(ROOT / "build_site.py"), "--strict", "--quiet"],
                                         cwd=project))
            if mkdocs:
                sites[index].append(measure([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
                                            cwd=project))
    stages = []
    for index, project in enumerate(projects):
        docs, site = _size(project / "docs"), _size(project / "site") if mkdocs else (0, 0)
        zip_bytes = (project / "docs" / "downloads" / "data.zip").stat().st_size
        stages.append(Stage(STATES[index], builds[index], sites[index], docs[0], docs[1], site[0], site[1],
                            zip_bytes))
    second = measure([sys.executable, str(ROOT / "build_site.py"), "release"], cwd=corrected)
    first, latest = corrected / "data" / "releases" / "1.0", corrected / "data" / "releases" / "1.1"
    names = sorted(p.name for p in latest.iterdir())
    same = sum((first / name).is_file() and (first / name).read_bytes() == (latest / name).read_bytes()
               for name in names)
    return Result(interviews, rows, stages, release, release_bytes, second, same, len(names))


def _empty_docs(project: Path) -> None:
    """docs/ as in a fresh clone (only the committed assets), so that every build writes every page."""
    for entry in (project / "docs").iterdir():
        if entry.name != "assets":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def _size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")]
    return sum(p.stat().st_size for p in files), len(files)


def set_version(data: Path, version: str, released: str) -> None:
    study = data / "study.yaml"
    lines = [line for line in study.read_text(encoding="utf-8").splitlines()
             if not line.startswith(("version:", "released:"))]
    study.write_text("\n".join(lines) + f"\nversion: '{version}'\nreleased: {released}\n", encoding="utf-8")


def correct_one_row(data: Path) -> None:
    """Correct one word of the first question of the first transcript (no findings cite a question)."""
    path = data / "transcripts" / "R1.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("  - {n: 1,"))
    lines[at] = lines[at].replace('text: "', 'text: "Rättat: ', 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def table(results: list[Result]) -> str:
    lines = ["| interviews × rows | state | build_site.py (CPU) | mkdocs build (CPU) | both (CPU) | vs no release |"
             " both (wall) | docs/ | site/ | site growth | data.zip |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for result in results:
        base = result.stages[0]
        for stage in result.stages:
            first = stage is base
            both, before = stage.build + stage.site, base.build + base.site
            lines.append(
                f"| {result.interviews:,} × {result.rows} | {stage.name} | {stage.build:.2f} s"
                f" ({_ratio(stage.build, base.build, first)}) | {f'{stage.site:.2f} s' if stage.mkdocs else '–'}"
                f" | {both:.2f} s | {_ratio(both, before, first)} | {stage.wall:.1f} s |"
                f" {_mb(stage.docs_bytes)} ({stage.docs_files:,} files) | {_mb(stage.site_bytes)}"
                f" ({stage.site_files:,} files) | {_growth(stage.site_bytes, base.site_bytes, first)} |"
                f" {stage.zip_bytes / 1024:,.0f} KB |")
    lines.append("")
    for result in results:
        lines.append(f"- {result.interviews:,} × {result.rows}: `build_site.py release` {result.release.seconds:.2f} s"
                     f" ({result.release.cpu:.2f} s CPU, {result.release.peak_mb:.0f} MB), writing"
                     f" {_mb(result.release_bytes)}; releasing 1.1 {result.second_release.seconds:.2f} s, "
                     f"{result.same_files:,} of its {result.release_files:,} files byte for byte those of 1.0")
    return "\n".join(lines)


def _ratio(value: float, base: float, same: bool) -> str:
    return "–" if same or not base else f"{(value - base) / base:+.1%}"


def _growth(value: int, base: int, same: bool) -> str:
    return "–" if same else f"{(value - base) / 1024:+,.0f} KB ({(value - base) / base:+.2%})" if base else "–"


def _mb(n: float) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


if __name__ == "__main__":
    sys.exit(main())
