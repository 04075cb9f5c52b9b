"""Build synthetic corpora of growing size and report what each costs, as a Markdown table.

    python benchmarks/run.py                       # 10, 100 and 1,000 interviews × 100 rows (about 15 minutes)
    python benchmarks/run.py --sizes 2 4 --rows 20 # a quick run (the test suite does this)
    python benchmarks/run.py --serve 100           # also time an edit under `build_site.py --serve` at 100 interviews

Each size gets its own temporary project (a generated data/, a copy of mkdocs.yml and docs/assets/)
and runs the same steps as `make site`, each as a child process:

1. `build_site.py --strict --quiet`: wall time and peak memory (the child's own maximum resident set,
   from `os.wait4`);
2. `mkdocs build --strict`: wall time, peak memory;
3. `python -m qualsite.search_index site` when the corpus uses the Pagefind backend (wall time);

then measures the site: its size, the size of its search index (Material's `search/search_index.json`,
or Pagefind's `pagefind/` bundle), and the largest page. Finally it edits one findings file and runs
`build_site.py` again, reporting the time and how many files it rewrote.

Timings on a shared machine are noisy: compare the ratios within one run, not figures across runs.
The table is printed to stdout; `--json FILE` also writes the raw figures.
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
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.make_corpus import write_corpus  # noqa: E402


@dataclass
class Step:
    seconds: float
    peak_mb: float
    output: str = ""


@dataclass
class Result:
    interviews: int
    rows: int
    backend: str
    build: Step
    mkdocs: Step | None = None
    search_index: Step | None = None
    site_bytes: int = 0
    search_bytes: int = 0
    largest_page: tuple[str, int] = ("", 0)
    pages: int = 0
    rebuild: Step | None = None
    rebuild_written: list[str] = field(default_factory=list)
    serve_seconds: float | None = None
    serve_site_seconds: float | None = None


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000], help="numbers of interviews")
    cli.add_argument("--rows", type=int, default=100, help="rows per interview")
    cli.add_argument("--seed", type=int, default=7)
    cli.add_argument("--no-mkdocs", action="store_true", help="skip `mkdocs build` (and the site measures)")
    cli.add_argument("--search", choices=["auto", "lunr", "pagefind"], default="auto",
                     help="search backend passed to build_site.py --search")
    cli.add_argument("--serve", type=int, nargs="*", default=[], metavar="SIZE",
                     help="sizes at which to time an edit under build_site.py --serve")
    cli.add_argument("--keep", type=Path, help="build in this folder (one subfolder per size) and keep it")
    cli.add_argument("--json", type=Path, help="also write the raw figures to this file")
    args = cli.parse_args(argv)

    results = []
    with tempfile.TemporaryDirectory(prefix="qualsite-bench-") as scratch:
        base = args.keep or Path(scratch)
        for size in args.sizes:
            project = base / f"{size}x{args.rows}"
            result = run_size(project, size, args.rows, seed=args.seed, mkdocs=not args.no_mkdocs,
                              search=args.search, serve=size in args.serve)
            results.append(result)
            print(f"measured {size} interviews", file=sys.stderr, flush=True)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


def run_size(project: Path, interviews: int, rows: int, *, seed: int, mkdocs: bool, search: str,
             serve: bool) -> Result:
    if project.exists():
        shutil.rmtree(project)
    (project / "docs").mkdir(parents=True)
    write_corpus(project / "data", interviews=interviews, rows=rows, seed=seed)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")
    build_cmd = [sys.executable, str(ROOT / "build_site.py"), "--strict", "--search", search]
    build = measure([*build_cmd, "--quiet"], cwd=project)
    backend = _backend(project)
    result = Result(interviews, rows, backend, build)
    if mkdocs:
        result.mkdocs = measure([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=project)
        if backend == "pagefind":
            result.search_index = measure([sys.executable, "-m", "qualsite.search_index", "site"], cwd=project,
                                          pythonpath=ROOT)
        site = project / "site"
        files = [p for p in site.rglob("*") if p.is_file()]
        result.site_bytes = sum(p.stat().st_size for p in files)
        index = site / ("pagefind" if backend == "pagefind" else "search")
        result.search_bytes = sum(p.stat().st_size for p in index.rglob("*") if p.is_file())
        pages = [p for p in files if p.suffix == ".html"]
        result.pages = len(pages)
        biggest = max(pages, key=lambda p: p.stat().st_size)
        result.largest_page = (str(biggest.relative_to(site)), biggest.stat().st_size)
    edit_finding(project / "data")
    result.rebuild = measure(build_cmd, cwd=project)
    result.rebuild_written = written(result.rebuild.output)
    if serve:
        result.serve_seconds, result.serve_site_seconds = time_serve_edit(project, build_cmd)
    return result


def measure(command: list[str], *, cwd: Path, pythonpath: Path | None = None) -> Step:
    """Run a child process; its wall time and its own peak resident memory (from wait4, not the whole tree)."""
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd} (exit {child.returncode}):\n{output[-4000:]}")
    return Step(seconds, usage.ru_maxrss / 1024, output)


def _backend(project: Path) -> str:
    """Which search backend build_site.py chose: Pagefind when it switched Material's search off."""
    from qualsite.search_index import lunr_enabled

    return "lunr" if lunr_enabled(project / "mkdocs.yml") else "pagefind"


def edit_finding(data: Path) -> Path:
    """Change one sentence of the first findings file, as a researcher revising a paragraph would."""
    path = sorted((data / "findings").glob("*.md"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n## ", "\nEn mening som forskaren lade till.\n\n## ", 1), encoding="utf-8")
    return path


def written(output: str) -> list[str]:
    """The count `build_site.py` reports (`Built docs/: 3 written, …`), as a one-item list, or [] if none."""
    for line in output.splitlines():
        if line.startswith("Built ") and " written" in line:
            return [line.split(": ", 1)[1].split(" written", 1)[0]]
    return []


def time_serve_edit(project: Path, build_cmd: list[str]) -> tuple[float, float | None]:
    """Seconds from saving a findings file to (a) its page in docs/ being rewritten, (b) the served page changing."""
    port = _free_port()
    serve_cmd = [c for c in build_cmd if c != "--strict"] + ["--serve", "--addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(serve_cmd, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/findings/4-1-tema-1/"
        _wait_for(lambda: _fetch(url) is not None, timeout=1800)
        time.sleep(2)  # let the first poll of data/ settle
        page = project / "docs" / "findings" / "4-1-tema-1.md"
        before = page.stat().st_mtime_ns
        path = sorted((project / "data" / "findings").glob("*.md"))[0]
        start = time.perf_counter()
        path.write_text(path.read_text(encoding="utf-8").replace("\n## ", "\nÄnnu en mening i serve.\n\n## ", 1),
                        encoding="utf-8")
        _wait_for(lambda: page.stat().st_mtime_ns != before, timeout=600)
        docs_seconds = time.perf_counter() - start
        served = None
        if _wait_for(lambda: "Ännu en mening i serve." in (_fetch(url) or ""), timeout=900):
            served = time.perf_counter() - start
        return docs_seconds, served
    finally:
        os.killpg(server.pid, 15)
        server.wait()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def _wait_for(condition, *, timeout: float, every: float = 0.05) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(every)
    return False


def table(results: list[Result]) -> str:
    """The figures as Markdown: one line per size, then the growth from each size to the next."""
    head = ("| interviews × rows | search | build_site.py | peak | mkdocs build | build_site / mkdocs | search index step"
            " | site | site per interview | search index | largest page | rebuild after one edit |")
    lines = [head, "|" + "---|" * 12]
    for r in results:
        m = r.mkdocs
        ratio = f"{r.build.seconds / m.seconds:.1%}" if m else "–"
        pagefind = f"{r.search_index.seconds:.1f} s" if r.search_index else "–"
        largest = f"{r.largest_page[1] / 1024:,.0f} KB ({r.largest_page[0]})" if m else "–"
        rebuild = f"{r.rebuild.seconds:.2f} s, {r.rebuild_written[0] if r.rebuild_written else '?'} files written"
        if r.serve_seconds is not None:
            served = f"{r.serve_site_seconds:.1f} s" if r.serve_site_seconds is not None else "not seen"
            rebuild += f"; under --serve: docs/ {r.serve_seconds:.1f} s, served page {served}"
        lines.append(
            f"| {r.interviews:,} × {r.rows} | {r.backend} | {r.build.seconds:.2f} s | {r.build.peak_mb:.0f} MB"
            f" | {f'{m.seconds:.1f} s ({m.peak_mb:.0f} MB)' if m else '–'} | {ratio} | {pagefind}"
            f" | {_mb(r.site_bytes) if m else '–'} | {_kb(r.site_bytes / r.interviews) if m else '–'}"
            f" | {_mb(r.search_bytes) if m else '–'} | {largest} | {rebuild} |"
        )
    growth = []
    for a, b in zip(results, results[1:]):
        factor = b.interviews / a.interviews
        parts = [f"build_site.py time ×{b.build.seconds / a.build.seconds:.1f}",
                 f"memory ×{b.build.peak_mb / a.build.peak_mb:.1f}"]
        if a.mkdocs and b.mkdocs:
            parts.append(f"mkdocs build ×{b.mkdocs.seconds / a.mkdocs.seconds:.1f}")
            if a.backend == b.backend:
                parts.append(f"site per interview ×{(b.site_bytes / b.interviews) / (a.site_bytes / a.interviews):.2f}")
        growth.append(f"- {a.interviews:,} → {b.interviews:,} interviews (×{factor:g}): " + ", ".join(parts))
    return "\n".join(lines + ([""] + growth if growth else []))


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def _kb(n: float) -> str:
    return f"{n / 1e3:,.0f} KB"


if __name__ == "__main__":
    sys.exit(main())
