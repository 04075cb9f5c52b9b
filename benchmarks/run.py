"""Build synthetic corpora of growing size and report what each costs, as a Markdown table.

    python benchmarks/run.py                       # 10, 100 and 1,000 interviews × 100 rows (about 15 minutes)
    python benchmarks/run.py --sizes 2 4 --rows 20 # a quick run (the test suite does this)
    python benchmarks/run.py --serve 100           # also time both edits under `build_site.py --serve` at 100
    python benchmarks/run.py --repeat 10=5 100=3   # 5 and 3 cold builds (and mkdocs builds) there, medians

Each size gets its own temporary project (a generated data/, a copy of mkdocs.yml and docs/assets/). The corpus
takes the path a real study takes (see benchmarks/make_corpus.py): 300 forbidden terms in
`data/private/forbidden-terms.txt` (`--forbidden-terms`), one transcript in four a CSV file, answers from one word
to 900, quotes of several rows. Then the same steps as `make site` run, each as a child process:

1. `build_site.py --strict --quiet`: wall time and peak memory: the largest resident set of the child and the
   helpers it forks (from `os.wait4`), and the peak of their proportional set sizes summed, sampled every 20 ms
   (`tree`: what they hold together; the memory ratio compares these) in one more cold build, not timed, since
   the sampling slows the build it watches;
2. `mkdocs build --strict`: the same;

Before each cold build the last one's docs/ and site/ are moved aside, not deleted (`SetAside`).
3. `python -m qualsite.search_index site` when the corpus uses the Pagefind backend (wall time);

then measures the site: its size, the size of its search index (Material's `search/search_index.json`,
or Pagefind's `pagefind/` bundle), and the largest page. Finally two edits, each followed by `build_site.py
--strict` again (time, files rewritten): one sentence added to a findings file, and one word changed in one row
of one transcript (the first CSV transcript, else R1; an answer no quote cites, so the build stays clean).
With `--serve`, the same two edits are made under `build_site.py --serve`, timing each from the save to its page
in docs/ holding the new text and to the served page showing it.

Timings on a shared machine are noisy: compare the ratios within one run, not figures across runs.
The table is printed to stdout; `--json FILE` also writes the raw figures.
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.make_corpus import NOUNS, write_corpus  # noqa: E402
from qualsite import urls  # noqa: E402
from qualsite.load.documents import read_document  # noqa: E402

FORBIDDEN_TERMS = 300
"""Forbidden terms in the default corpus: a few hundred, as a study protecting its participants' names lists."""


@dataclass
class Step:
    seconds: float
    peak_mb: float
    """The largest peak resident set of the child and of the helpers it forked and waited for (`os.wait4`): the
    largest one, not their sum."""
    output: str = ""
    tree_peak_mb: float = 0.0
    """The peak of the memory the child and the processes it forked hold together: their proportional set sizes
    (pages shared copy-on-write count once, split between the sharers) summed, sampled every 20 ms (in a run of its
    own, not timed: `run_size`). build_site.py forks helpers for large studies, which `peak_mb` does not see."""
    runs: list[float] = field(default_factory=list)
    """With `--repeat`, the time of every run, of which `seconds` is the median."""


@dataclass
class Edit:
    """One edit a researcher makes, and what it costs: a plain rebuild, and (with --serve) under --serve."""

    what: str
    """What was edited, e.g. `findings/4.1-tema-1.md` or `transcripts/R4.csv row 6`."""
    page: str
    """The page (a source in docs/) that must show the edit."""
    rebuild: Step | None = None
    written: str = ""
    """How many files the rebuild wrote, as `build_site.py` reports it."""
    serve_docs_seconds: float | None = None
    """Under --serve: seconds from the save to the page in docs/ holding the new text (median of the timed edits)."""
    serve_site_seconds: float | None = None
    """Under --serve: seconds from the save to the served page showing it (median; None if never seen)."""
    serve_timings: list[tuple[float, float | None]] = field(default_factory=list)
    """Under --serve: (docs/, served) seconds of each timed edit."""


@dataclass
class Result:
    interviews: int
    rows: int
    forbidden_terms: int
    backend: str
    build: Step
    mkdocs: Step | None = None
    search_index: Step | None = None
    site_bytes: int = 0
    search_bytes: int = 0
    largest_page: tuple[str, int] = ("", 0)
    pages: int = 0
    edits: list[Edit] = field(default_factory=list)
    """The findings edit, then the transcript-row edit."""


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000], help="numbers of interviews")
    cli.add_argument("--rows", type=int, default=100, help="rows per interview")
    cli.add_argument("--seed", type=int, default=7)
    cli.add_argument("--forbidden-terms", type=int, default=FORBIDDEN_TERMS, metavar="N",
                     help=f"forbidden terms in each corpus (default {FORBIDDEN_TERMS}; none occurs in the data)")
    cli.add_argument("--no-mkdocs", action="store_true", help="skip `mkdocs build` (and the site measures)")
    cli.add_argument("--search", choices=["auto", "lunr", "pagefind"], default="auto",
                     help="search backend passed to build_site.py --search")
    cli.add_argument("--serve", type=int, nargs="*", default=[], metavar="SIZE",
                     help="sizes at which to time both edits under build_site.py --serve")
    cli.add_argument("--repeat", nargs="*", default=[], metavar="SIZE=N",
                     help="cold builds at a size, each followed by mkdocs build (e.g. 10=5 100=3): the table shows"
                          " the medians, the memory the largest")
    cli.add_argument("--keep", type=Path, help="build in this folder (one subfolder per size) and keep it")
    cli.add_argument("--json", type=Path, help="also write the raw figures to this file")
    args = cli.parse_args(argv)

    # Both tools start as a researcher's would: MkDocs and Material come compiled by pip, and a researcher's Python
    # caches qualsite's bytecode after the first run. Without this, with PYTHONDONTWRITEBYTECODE set (as on CI
    # machines), every build_site.py run would compile qualsite first, 0.1–0.16 s that mkdocs never pays.
    compileall.compile_dir(ROOT / "qualsite", quiet=1)
    repeat = {int(size): int(count) for size, count in (pair.split("=") for pair in args.repeat)}
    results = []
    for size, project, set_aside in each_size(args.sizes, args.rows, args.keep, prefix="qualsite-bench-"):
        results.append(run_size(project, size, args.rows, seed=args.seed, forbidden_terms=args.forbidden_terms,
                                mkdocs=not args.no_mkdocs, search=args.search, serve=size in args.serve,
                                repeat=repeat.get(size, 1), set_aside=set_aside))
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


def each_size(sizes: list[int], rows: int, keep: Path | None, prefix: str) -> Iterator[tuple[int, Path, SetAside]]:
    """Each size, with the folder of its project (under `keep`, else in a temporary folder deleted at the end) and
    the run's `SetAside`; once the caller has measured it, a line on stderr says so."""
    with tempfile.TemporaryDirectory(prefix=prefix) as scratch:
        base = keep or Path(scratch)
        with SetAside(base) as set_aside:
            for size in sizes:
                yield size, base / f"{size}x{rows}", set_aside
                print(f"measured {size} interviews", file=sys.stderr, flush=True)


def run_size(project: Path, interviews: int, rows: int, *, seed: int, forbidden_terms: int, mkdocs: bool,
             search: str, serve: bool, repeat: int = 1, set_aside: SetAside) -> Result:
    make_project(project, interviews, rows, seed=seed, forbidden_terms=forbidden_terms, set_aside=set_aside)
    build_cmd = [sys.executable, str(ROOT / "build_site.py"), "--strict", "--search", search]
    builds, mkdocs_builds = [], []
    mkdocs_cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    for attempt in range(repeat):  # build, mkdocs, build, mkdocs…: a busy spell of the machine slows both alike
        if attempt:
            _as_before_the_first_build(project, set_aside)
        builds.append(measure([*build_cmd, "--quiet"], cwd=project, sample=False))
        if mkdocs:
            mkdocs_builds.append(measure(mkdocs_cmd, cwd=project, sample=False))
    # What the processes of a build hold together is sampled in a cold run of each tool of its own, not in the timed
    # ones: reading the page tables of the whole tree 50 times a second slowed build_site.py's two processes at
    # 1,000 interviews from 16.6-23.3 s to 24.8-28.2 s (4 rounds, interleaved), and one mkdocs process by 0-5%.
    _as_before_the_first_build(project, set_aside)
    build_memory = measure([*build_cmd, "--quiet"], cwd=project)
    mkdocs_memory = measure(mkdocs_cmd, cwd=project) if mkdocs else None
    backend = _backend(project)
    result = Result(interviews, rows, forbidden_terms, backend, typical(builds, build_memory))
    if mkdocs:
        result.mkdocs = typical(mkdocs_builds, mkdocs_memory)
        if backend == "pagefind":
            result.search_index = measure([sys.executable, "-m", "qualsite.search_index", "site"], cwd=project,
                                          pythonpath=ROOT, sample=False)
        measure_site(project / "site", result)
    data = project / "data"
    editors = (FindingEdit(data), RowEdit(data))
    for editor in editors:
        edit = Edit(editor.what, editor.page)
        editor.change("omtolkning")
        edit.rebuild = measure(build_cmd, cwd=project, sample=False)
        edit.written = written(edit.rebuild.output)
        result.edits.append(edit)
    if serve:
        time_serve_edits(project, build_cmd, editors, result.edits)
    return result


def make_project(project: Path, interviews: int, rows: int, *, seed: int, forbidden_terms: int,
                 set_aside: SetAside) -> None:
    """A project at `project` as a researcher's looks before the first build: a generated data/ (see
    make_corpus.py), this repository's mkdocs.yml, and docs/ holding the assets alone."""
    if project.exists():
        set_aside(project)
    (project / "docs").mkdir(parents=True)
    write_corpus(project / "data", interviews=interviews, rows=rows, seed=seed, forbidden_terms=forbidden_terms)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")


def _as_before_the_first_build(project: Path, set_aside: SetAside) -> None:
    """The project's docs/ as the corpus was written (the assets alone), and no site: the next build is cold."""
    for entry in (project / "docs").iterdir():
        if entry.name != "assets":
            set_aside(entry)
    if (project / "site").exists():
        set_aside(project / "site")


class SetAside:
    """Moves what a measured run would otherwise find deleted just before it into a folder of its own, deleted
    once every run is measured.

    On ext4, a file created within about 30 s of the deletion of many others costs far more: the inode allocator
    skips the recently deleted inodes (`recently_deleted`, under `ext4_create`, was a fifth of all samples of a
    cold build right after `rm -rf docs site`). Deleting the last run's docs/ and site/ before each cold build
    gave build_site.py 1.3-1.8 s more system time at 100 interviews (1.8 s against 0.4-0.5 s), a cost of the
    benchmark, not of the build, and one that falls on whichever tool runs first after the deletion."""

    def __init__(self, base: Path):
        self._folder = base / ".set-aside"
        self._count = 0

    def __call__(self, path: Path) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        self._count += 1
        path.rename(self._folder / f"{self._count}-{path.name}")

    def __enter__(self) -> "SetAside":
        return self

    def __exit__(self, *exc_info: object) -> None:
        shutil.rmtree(self._folder, ignore_errors=True)


def typical(steps: list[Step], memory: Step | None = None) -> Step:
    """The run of median time (the lower middle one of an even number), with every run's time (`Step.runs`), and
    the largest peaks of them all and of the `memory` run (sampled, not timed: see `measure`)."""
    middle = sorted(steps, key=lambda step: step.seconds)[(len(steps) - 1) // 2]
    every = [*steps, memory] if memory is not None else steps
    return Step(middle.seconds, max(step.peak_mb for step in every), middle.output,
                max(step.tree_peak_mb for step in every), [step.seconds for step in steps])


def measure_site(site: Path, result: Result) -> None:
    """The built site's size, its search index's size, and its largest page."""
    files = [p for p in site.rglob("*") if p.is_file()]
    result.site_bytes = sum(p.stat().st_size for p in files)
    index = site / ("pagefind" if result.backend == "pagefind" else "search")
    result.search_bytes = sum(p.stat().st_size for p in index.rglob("*") if p.is_file())
    pages = [p for p in files if p.suffix == ".html"]
    result.pages = len(pages)
    biggest = max(pages, key=lambda p: p.stat().st_size)
    result.largest_page = (str(biggest.relative_to(site)), biggest.stat().st_size)


def measure(command: list[str], *, cwd: Path, pythonpath: Path | None = None, sample: bool = True) -> Step:
    """Run a child process; its wall time, its own peak resident memory (from wait4), and, with `sample`, its tree's
    (`TreeMemory`, which slows a child of several processes: time a run without it)."""
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        sampler = TreeMemory(child.pid) if sample else None
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        tree_peak_mb = sampler.stop() if sampler is not None else 0.0
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd} (exit {child.returncode}):\n{output[-4000:]}")
    return Step(seconds, usage.ru_maxrss / 1024, output, tree_peak_mb)


class TreeMemory:
    """Samples, on a thread, the summed proportional set size of a process and its descendants (Linux `/proc`;
    0 elsewhere), until `stop()` returns the peak in MB."""

    def __init__(self, pid: int, every: float = 0.02):
        import threading

        self._pid, self._every, self._peak = pid, every, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> float:
        self._done.set()
        self._thread.join()
        return self._peak / 1024

    def _sample(self) -> None:
        while not self._done.is_set():
            self._peak = max(self._peak, sum(_pss_kb(pid) for pid in _tree(self._pid)))
            self._done.wait(self._every)


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants (from each thread's `children` list in /proc)."""
    found, waiting = [], [pid]
    while waiting:
        current = waiting.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as children:
                    waiting += [int(child) for child in children.read().split()]
            except OSError:
                continue
    return found


def _pss_kb(pid: int) -> int:
    """The proportional set size of `pid` in KB, or 0 if it has ended or /proc cannot tell."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _backend(project: Path) -> str:
    """Which search backend build_site.py chose: Pagefind when it switched Material's search off."""
    from qualsite.search_index import lunr_enabled

    return "lunr" if lunr_enabled(project / "mkdocs.yml") else "pagefind"


class FindingEdit:
    """Add a sentence to the first findings file, as a researcher revising a paragraph would."""

    def __init__(self, data: Path):
        self.path = sorted((data / "findings").glob("*.md"))[0]
        self.what = str(self.path.relative_to(data))
        text = self.path.read_text(encoding="utf-8")
        document, _ = read_document(text, self.what, "finding", self.path.name)
        self.page = urls.document_page(document)  # where the site puts it, as the build decides

    def change(self, word: str) -> str:
        """Add a sentence holding `word`; the text the page then shows."""
        sentence = f"En mening om {word} som forskaren lade till."
        text = self.path.read_text(encoding="utf-8")
        self.path.write_text(text.replace("\n## ", f"\n{sentence}\n\n## ", 1), encoding="utf-8")
        return sentence


class RowEdit:
    """Change one word of one row in one transcript: the first CSV transcript (the path a spreadsheet takes), else
    R1. The row is one that no findings file or page cites, so every quote still verifies and the build stays
    clean: a coded answer when there is one, so the code pages that list it are rebuilt too, else (in a tiny
    corpus whose findings cite every answer) a question."""

    def __init__(self, data: Path):
        transcripts = data / "transcripts"
        spreadsheets = sorted(transcripts.glob("*.csv"), key=lambda p: int(p.stem[1:]))
        self.path = spreadsheets[0] if spreadsheets else transcripts / "R1.yaml"
        self.tid = self.path.stem
        cited = _cited_rows(data, self.tid)
        rows = [(match, line) for line in self._lines() if (match := _ROW_START.match(line))]
        candidates = [(match.group(2) != self.tid or not _has_codes(line), int(match.group(1)))
                      for match, line in rows if int(match.group(1)) not in cited and _noun(line)]
        self.n = min(candidates)[1]
        self.what = f"{self.path.relative_to(data)} row {self.n}"
        self.page = urls.transcript_page(self.tid)  # where the site puts it, as the build decides
        self.current = ""

    def change(self, word: str) -> str:
        """Replace the row's first noun by `word` (a word the corpus never uses), or the word an earlier change
        put there; the text the page then shows."""
        lines = self._lines()
        i = next(i for i, line in enumerate(lines) if self._row(line) == self.n)
        lines[i] = re.sub(rf"(?<= ){self.current or _noun(lines[i])}\b", word, lines[i], count=1)
        self.current = word
        self.path.write_bytes("\n".join(lines).encode("utf-8"))
        return word

    def _lines(self) -> list[str]:
        # Split on LF only, from bytes: a CSV's BOM and CRLF line ends are written back as they were.
        return self.path.read_bytes().decode("utf-8").split("\n")

    def _row(self, line: str) -> int | None:
        """The row number when `line` is a row (make_corpus.py writes one a line: `  - {n: 6, speaker: R1, …}` in
        YAML, `6,R4,…` or `6;R8;…` in CSV), else None."""
        match = _ROW_START.match(line)
        return int(match.group(1)) if match else None


_ROW_START = re.compile(r"(?:  - \{n: )?(\d+)(?:, speaker: |[,;])([A-Za-z0-9_-]+)")
_NOUNS = frozenset(NOUNS)


def _cited_rows(data: Path, tid: str) -> set[int]:
    """Every row of `tid` that a findings file or page cites."""
    texts = [p.read_text(encoding="utf-8") for folder in ("findings", "pages") for p in (data / folder).glob("*.md")]
    return {int(n) for text in texts for n in re.findall(rf"\b{re.escape(tid)}:(\d+)\b", text)}


def _has_codes(line: str) -> bool:
    """Whether the row's codes are not empty (`codes: []}` in YAML, an empty last cell in CSV)."""
    return not line.rstrip("\r").endswith(("codes: []}", ",", ";"))


def _noun(line: str) -> str | None:
    """The first noun of the vocabulary that stands after a space in the line: a word an edit can replace."""
    return next((w for w in re.findall(r"(?<= )\w+", line) if w in _NOUNS), None)


def written(output: str) -> str:
    """The count `build_site.py` reports (`Built docs/: 3 written, …`), or '' if none."""
    for line in output.splitlines():
        if line.startswith("Built ") and " written" in line:
            return line.split(": ", 1)[1].split(" written", 1)[0]
    return ""


SERVE_REPEAT = 3
"""How many times each edit is timed under --serve (the table gives the median)."""


def time_serve_edits(project: Path, build_cmd: list[str], editors, edits: list[Edit]) -> None:
    """Under `build_site.py --serve`, make each edit again and time it from the save to (a) its page in docs/
    holding the new text and (b) the served page showing it.

    Nothing here assumes how often `--serve` looks at data/: before the timed edits, a probe edit is made and
    awaited in docs/ and on the served page, so the watcher is known to be running whatever its interval; each
    timed edit is awaited by its text, not by a file time; and before each edit the server's processes are
    waited on until they use no CPU, so that an edit is not timed while MkDocs still rebuilds the one before.
    """
    port = _free_port()
    serve_cmd = [c for c in build_cmd if c != "--strict"] + ["--serve", "--addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(serve_cmd, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        first = editors[0]
        if not _wait_for(lambda: _fetch(base + urls.site_url(first.page)) is not None, timeout=1800):
            raise SystemExit(f"build_site.py --serve did not serve {urls.site_url(first.page)} in {project}")
        _edit_and_wait(project, base, first, "provning")  # the probe: untimed
        # A word of its own for each edit, so that one edit's text never stands on another's page; the kinds of
        # edit alternate, as a researcher's do, SERVE_REPEAT times each.
        for round_ in range(SERVE_REPEAT):
            for editor, edit, word in zip(editors, edits, ("omvandling", "omformning")):
                _wait_until_quiet(server.pid)
                edit.serve_timings.append(_edit_and_wait(project, base, editor, word + "a" * round_))
        for edit in edits:
            edit.serve_docs_seconds = statistics.median(docs for docs, _ in edit.serve_timings)
            served = [site for _, site in edit.serve_timings]
            edit.serve_site_seconds = None if None in served else statistics.median(served)  # type: ignore[type-var]
    finally:
        os.killpg(server.pid, 15)
        server.wait()


def _edit_and_wait(project: Path, base: str, editor, word: str) -> tuple[float, float | None]:
    """Make the edit; seconds until docs/ holds it, and until the server serves it (None if never)."""
    page = project / "docs" / editor.page
    url = base + urls.site_url(editor.page)
    if word in _read(page):  # a project kept from an earlier run: the edit would seem to arrive at once
        raise SystemExit(f"{page} already holds '{word}'; run the benchmark in a new folder")
    start = time.perf_counter()
    shown = editor.change(word)
    if not _wait_for(lambda: shown in _read(page), timeout=600):
        raise SystemExit(f"build_site.py --serve did not rewrite {page} after editing {editor.what}")
    docs_seconds = time.perf_counter() - start
    served = None
    if _wait_for(lambda: shown in (_fetch(url) or ""), timeout=900):
        served = time.perf_counter() - start
    return docs_seconds, served


def _wait_until_quiet(group: int, *, still: float = 1.0, timeout: float = 600) -> None:
    """Wait until the processes of session `group` (the server and its children) used under 5% of a CPU for
    `still` seconds. Linux only (it reads /proc); elsewhere it waits `still` seconds."""
    end = time.monotonic() + timeout
    before = _cpu_seconds(group)
    while time.monotonic() < end:
        time.sleep(still)
        now = _cpu_seconds(group)
        if now - before < 0.05 * still:
            return
        before = now


def _cpu_seconds(group: int) -> float:
    """User and system CPU seconds of every live process in the process group `group`, from /proc."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[2]) == group:  # after the name: [0] state, [1] ppid, [2] pgrp, …, [11] utime, [12] stime
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


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
    """The figures as Markdown: one line per size, then the growth from each size to the next, then what was
    edited."""
    head = ("| interviews × rows | forbidden terms | search | build_site.py | peak | mkdocs build | peak"
            " | build_site / mkdocs (time, memory) | search index step | site | site per interview | search index"
            " | largest page | findings edit | transcript-row edit |")
    lines = [head, "|" + "---|" * head.count(" | ") + "---|"]
    for r in results:
        m = r.mkdocs
        ratio = f"{r.build.seconds / m.seconds:.0%}, {_tree_ratio(r.build, m)}" if m else "–"
        pagefind = f"{r.search_index.seconds:.1f} s" if r.search_index else "–"
        largest = f"{r.largest_page[1] / 1024:,.0f} KB ({r.largest_page[0]})" if m else "–"
        lines.append(
            f"| {r.interviews:,} × {r.rows} | {r.forbidden_terms} | {r.backend} | {_seconds(r.build, 2)}"
            f" | {_peak(r.build)} | {_seconds(m, 1) if m else '–'} | {_peak(m) if m else '–'}"
            f" | {ratio} | {pagefind} | {_mb(r.site_bytes) if m else '–'}"
            f" | {_kb(r.site_bytes / r.interviews) if m else '–'} | {_mb(r.search_bytes) if m else '–'} | {largest}"
            f" | {' | '.join(_edit_cell(e) for e in r.edits)} |"
        )
    growth = [_growth_line(a, b) for a, b in zip(results, results[1:])]
    edited = [f"- edits at {r.interviews:,} interviews: " + "; ".join(f"{e.what} (page {e.page})" for e in r.edits)
              for r in results]
    return "\n".join(lines + [""] + growth + edited)


def _seconds(step: Step, digits: int) -> str:
    """`0.52 s`, or `0.52 s (median of 5, 0.50–0.77)` with `--repeat`."""
    if len(step.runs) < 2:
        return f"{step.seconds:.{digits}f} s"
    return (f"{step.seconds:.{digits}f} s (median of {len(step.runs)}, {min(step.runs):.{digits}f}–"
            f"{max(step.runs):.{digits}f})")


def _peak(step: Step) -> str:
    """`656 MB (tree 702 MB)`: the process's own peak, and that of it and its forked helpers together."""
    return f"{step.peak_mb:.0f} MB" + (f" (tree {step.tree_peak_mb:.0f} MB)" if step.tree_peak_mb else "")


def _tree_ratio(build: Step, mkdocs: Step) -> str:
    """The memory ratio of the process trees (helpers included) when both were sampled, else of the processes."""
    if build.tree_peak_mb and mkdocs.tree_peak_mb:
        return f"{build.tree_peak_mb / mkdocs.tree_peak_mb:.0%} (tree)"
    return f"{build.peak_mb / mkdocs.peak_mb:.0%}"


def _edit_cell(edit: Edit) -> str:
    """`0.52 s, 3 written; --serve: docs/ 1.1 s, served 2.3 s (median of 3, served 2.1–2.6 s)`."""
    cell = f"{edit.rebuild.seconds:.2f} s, {edit.written or '?'} written"
    if edit.serve_docs_seconds is not None:
        served = f"{edit.serve_site_seconds:.1f} s" if edit.serve_site_seconds is not None else "not seen"
        cell += f"; --serve: docs/ {edit.serve_docs_seconds:.1f} s, served {served}"
        seen = sorted(site for _, site in edit.serve_timings if site is not None)
        if len(edit.serve_timings) > 1 and seen:
            cell += f" (median of {len(edit.serve_timings)}, served {seen[0]:.1f}–{seen[-1]:.1f} s)"
    return cell


def _growth_line(a: Result, b: Result) -> str:
    """How time and memory grew from one size to the next, also per tenfold so that any two sizes compare."""
    factor = b.interviews / a.interviews
    parts = [f"build_site.py time {_growth(a.build.seconds, b.build.seconds, factor)}",
             f"memory {_growth(a.build.peak_mb, b.build.peak_mb, factor)}"]
    if a.mkdocs and b.mkdocs:
        parts += [f"mkdocs build time {_growth(a.mkdocs.seconds, b.mkdocs.seconds, factor)}",
                  f"memory {_growth(a.mkdocs.peak_mb, b.mkdocs.peak_mb, factor)}"]
        if a.backend == b.backend:
            parts.append(f"site per interview ×{(b.site_bytes / b.interviews) / (a.site_bytes / a.interviews):.2f}")
    return f"- {a.interviews:,} → {b.interviews:,} interviews (×{factor:g}): " + ", ".join(parts)


def _growth(before: float, after: float, factor: float) -> str:
    """`×9.6`, or `×1.9 (×8.4 per tenfold)` when the sizes are not ten apart (growth as a power of the size)."""
    ratio = after / before
    if factor <= 1 or math.isclose(factor, 10):
        return f"×{ratio:.1f}"
    return f"×{ratio:.1f} (×{ratio ** (1 / math.log10(factor)):.1f} per tenfold)"


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def _kb(n: float) -> str:
    return f"{n / 1e3:,.0f} KB"


if __name__ == "__main__":
    sys.exit(main())
