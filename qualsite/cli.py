"""The command line: parse arguments, run the pipeline, print problems, set the exit code."""

from __future__ import annotations

import argparse
import gc
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence, TextIO

from .build import Report, build, check
from .problems import DataError, Problem
from .write import FAILED_PAGE, mark_failed
from .search_index import CHOICES as SEARCH_CHOICES
from .site_config import base_url_of

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(
        prog="build_site.py",
        description="Check a qualitative study in data/ and write its cross-linked site pages into docs/.",
    )
    cli.add_argument("--data", type=Path, default=Path("data"), help="the study's data folder (default: data)")
    cli.add_argument("--docs", type=Path, default=Path("docs"), help="where to write the pages (default: docs)")
    cli.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs config whose nav is updated")
    cli.add_argument("--strict", action="store_true", help="fail on warnings too (use this in CI)")
    cli.add_argument("--check", action="store_true", help="only load and check the data; write nothing")
    cli.add_argument("--serve", action="store_true", help="build, serve the site, and rebuild when data/ changes")
    cli.add_argument("--addr", default="127.0.0.1:8000", help="address for --serve (default: 127.0.0.1:8000)")
    cli.add_argument("--search", choices=SEARCH_CHOICES, default="auto",
                     help="search backend: lunr (Material's), pagefind, or auto (Pagefind above 4,000 rows)")
    cli.add_argument("--quiet", action="store_true", help="print only problems")
    cli.add_argument("--verbose", action="store_true", help="also list the reviewed warnings one by one")
    commands = cli.add_subparsers(dest="command", metavar="{new,import,release}",
                                  help="start a new study, import a REFI-QDA project, or record a release (see README)")
    add_new_command(commands)
    add_import_command(commands)
    add_release_command(commands)
    return cli


def add_new_command(commands) -> None:  # type: ignore[no-untyped-def]
    """`build_site.py new DIR [--language en|sv]`: a small complete study to start from (`qualsite.starter`)."""
    cmd = commands.add_parser("new", help="write a small, complete study into a new data folder",
                              description="Write a small study that builds with --strict at once: every file, one"
                              " transcript in CSV and one in YAML, and a findings file that quotes and cites a row.")
    cmd.add_argument("folder", type=Path, metavar="DIR", help="the data folder to write (new or empty)")
    cmd.add_argument("--language", choices=("en", "sv"), default="en", help="the study's language (default en)")


def add_import_command(commands) -> None:  # type: ignore[no-untyped-def]
    """`build_site.py import PROJECT.qdpx --into DIR`: a REFI-QDA project → a data folder (`qualsite.refiqda`)."""
    cmd = commands.add_parser("import", help="import a REFI-QDA project (.qdpx) into a new data folder, or a"
                              " codebook (.qdc) into a new folder or an existing study",
                              description="Write a complete data folder from a REFI-QDA project exported by NVivo,"
                              " ATLAS.ti, MAXQDA, QualCoder or another QDA tool.")
    cmd.add_argument("project", type=Path, metavar="PROJECT.qdpx",
                     help="the exported REFI-QDA project (.qdpx), or a codebook (.qdc)")
    cmd.add_argument("--into", type=Path, required=True, metavar="DIR", help="the data folder to write (new or empty)")
    cmd.add_argument("--overwrite", action="store_true", help="replace the contents of a non-empty --into folder")
    cmd.add_argument("--speaker", action="append", default=[], metavar="NAME=ID[:ROLE]",
                     help='publish a speaker under a pseudonym and role, e.g. "Anna Berg=I1:interviewer"')
    cmd.add_argument("--speakers", type=Path, metavar="FILE", help="a file of NAME=ID[:ROLE] lines, one a speaker")
    cmd.add_argument("--turn-pattern", metavar="REGEX", help="regular expression for the start of a speaker turn,"
                     " with a group named speaker (default: Name: and [00:01:02] Name:)")
    cmd.add_argument("--language", choices=("sv", "en"), help="language of the study (default en)")
    cmd.add_argument("--include-memos", action="store_true", help="also import the project's notes as a page")
    cmd.add_argument("--schemas", type=Path, metavar="DIR", help="folder holding Project.xsd and Codebook.xsd")


def add_release_command(commands) -> None:  # type: ignore[no-untyped-def]
    """`build_site.py release [--data DIR]`: record the current version's rows in `data/releases/<version>/`."""
    cmd = commands.add_parser("release", help="record the current version (study.yaml's version and released) as a"
                              " release, so the site keeps showing it under v<version>/",
                              description="Check the study as a strict build does, then record what every"
                              " transcript row says in data/releases/<version>/ (see format/README.md#releases).")
    cmd.add_argument("--data", type=Path, default=argparse.SUPPRESS,
                     help="the study's data folder (default: data)")


def run_release(data: Path, root: Path) -> int:
    """Record the current version as a release: everything a strict build checks must pass, and the version must
    be new. Writes only `data/releases/<version>/` (through `write.write_release`)."""
    from .checks.releases import recording_problems
    from .load.files import relative
    from .load.releases import FOLDER, release_files
    from .write import write_release

    try:
        site = check(data, root=root, strict=True)
    except DataError as error:
        print_problems(error.problems)
        print_where_it_looked(error.problems, root)
        print(f"Release not recorded: {summary(error.problems)}; a release is checked as strictly as"
              " `build_site.py --strict` checks.", file=sys.stderr)
        return EXIT_PROBLEMS
    project = site.project
    problems = recording_problems(project)
    if problems:
        print_problems(problems)
        print(f"Release not recorded: {summary(problems)}.", file=sys.stderr)
        return EXIT_PROBLEMS
    study = project.study
    files = release_files(study.version, study.released, project.transcripts)
    folder = write_release(data / FOLDER, study.version, files)
    rows = sum(len(t.rows) for t in project.transcripts)
    print(f"Recorded release {study.version} ({study.released}) in {relative(folder, root)}/: {rows:,} rows of"
          f" {len(project.transcripts):,} transcripts. Commit it with the data (git add {relative(folder, root)});"
          f" the site now keeps showing {study.version} under v{study.version}/.")
    return EXIT_OK


def main(argv: Sequence[str]) -> int:
    args = parser().parse_args(argv)
    root = Path.cwd()
    if args.command == "import":
        from .refiqda.command import run_import

        return run_import(args, root)
    if args.command == "new":
        from .starter import run_new

        return run_new(args.folder, args.language)
    if args.command == "release":
        return run_release(args.data, root)
    if args.serve:
        from .serve import serve

        return serve(args.data, args.docs, args.config, root=root, strict=args.strict, addr=args.addr,
                     search=args.search)
    progress = ProgressBar(sys.stderr) if not args.quiet else ProgressBar(None)
    try:
        with _one_shot():
            if args.check:
                site = check(args.data, root=root, strict=args.strict, search=args.search, progress=progress,
                             base_url=base_url_of(args.config))
                report = Report(site.problems, None)
            else:
                report = build(args.data, args.docs, args.config, root=root, strict=args.strict,
                               search=args.search, progress=progress)
    except DataError as error:
        progress.finish()
        print_problems(error.problems, verbose=args.verbose)
        print_where_it_looked(error.problems, root)
        if args.check:
            print(f"Check failed: {summary(error.problems)}.", file=sys.stderr)
            return EXIT_PROBLEMS
        marked = mark_failed(args.docs, summary(error.problems))
        note = f" except for {args.docs}/{FAILED_PAGE}, which stops `mkdocs build --strict`" if marked else ""
        print(f"Build failed: {summary(error.problems)}. {args.docs}/ was left unchanged{note}.", file=sys.stderr)
        return EXIT_PROBLEMS
    progress.finish()
    print_problems(report.problems, verbose=args.verbose)
    if not args.quiet:
        print(describe(report, args.docs))
    return EXIT_OK


@contextmanager
def _one_shot() -> Iterator[None]:
    """A build that runs once, without Python's cycle collector. A build makes millions of objects that live until
    it ends (rows, pages) and almost no reference cycles: at 1,000 interviews the collector's full scans of them cost
    over a second of loading and checking and freed nothing, with the same peak memory without it. `--serve` keeps
    the collector (it runs for hours; `serve._settle`)."""
    enabled = gc.isenabled()
    gc.disable()
    _give_back_large_blocks()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


MMAP_THRESHOLD = 1024 * 1024
"""Blocks this large or larger are mapped, and given back to the system when freed (`_give_back_large_blocks`)."""


def _give_back_large_blocks() -> None:
    """Have glibc's malloc give every freed block of `MMAP_THRESHOLD` or more back to the system at once.

    By default malloc raises that threshold to the largest block freed so far (up to 32 MB), and keeps freed blocks
    below it for reuse. A build frees large blocks all along (each kind's pages once guarded, the texts the checks
    and the guard fold), and what it kept, the processes forked to search in parallel hold too: at 1,000 interviews
    the build and its helpers peaked at 757-766 MB with the threshold moving, 691-695 MB with it fixed. Elsewhere
    than glibc (macOS, musl) there is no `mallopt`, and nothing changes."""
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (ImportError, OSError, AttributeError, TypeError):
        return
    M_MMAP_THRESHOLD = -3  # glibc's malloc.h
    mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)


class ProgressBar:
    """Draws the build's stages on a terminal: `render ███████░░░░░ 58%  12.3 s`, redrawn in place.

    It draws only on a terminal (never into a log or a pipe), and only once the build has run for `DELAY`
    seconds, so a quick build prints nothing extra. When stderr is not a terminal, a build that runs longer
    than `DELAY` prints one line per finished stage instead. `ProgressBar(None)` (for `--quiet`) prints nothing.
    """

    DELAY = 1.0
    WIDTH = 30

    def __init__(self, stream: TextIO | None):
        self.stream = stream
        self.tty = bool(stream is not None and hasattr(stream, "isatty") and stream.isatty())
        self.start = self.stage_start = time.monotonic()
        self.stage = ""
        self.drawn = 0.0
        self.dirty = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if stage != self.stage:
            if self.stage and not self.tty and now - self.start >= self.DELAY:
                print(f"{self.stage}: {now - self.stage_start:.1f} s", file=self.stream, flush=True)
            self.stage, self.stage_start = stage, now
        elif now - self.drawn < 0.1 and done != total:
            return  # redraw at most ten times a second
        if self.tty and now - self.start >= self.DELAY:
            share = done / total if total else 0.0
            bar = "█" * int(share * self.WIDTH) + "░" * (self.WIDTH - int(share * self.WIDTH))
            count = f"{share:4.0%} ({done:,}/{total:,})" if total else ""
            self.stream.write(f"\r\x1b[2K{stage:<6} {bar} {count}  {now - self.start:.1f} s")
            self.stream.flush()
            self.drawn, self.dirty = now, True

    def finish(self) -> None:
        """End the bar's line (or report the last stage), so what follows starts on a line of its own."""
        if self.stream is None:
            return
        now = time.monotonic()
        if self.dirty:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.dirty = False
        elif self.stage and not self.tty and now - self.start >= self.DELAY:
            print(f"{self.stage}: {now - self.stage_start:.1f} s", file=self.stream, flush=True)
        self.stage = ""


def print_problems(problems: Sequence[Problem], *, verbose: bool = False) -> None:
    """Every problem, except that reviewed warnings (accepted in reviewed.yaml) are one line unless `verbose`."""
    reviewed = 0
    for problem in problems:
        if problem.reviewed and not verbose:
            reviewed += 1
        else:
            print(problem, file=sys.stderr)
    if reviewed:
        print(f"{reviewed} reviewed warning{'s' * (reviewed != 1)} (accepted in reviewed.yaml) not listed;"
              " --verbose lists them", file=sys.stderr)


def print_where_it_looked(problems: Sequence[Problem], root: Path) -> None:
    """After a file or folder was not found: the folder relative paths were read from, so a build run from the
    wrong folder says so instead of only asking to create what is elsewhere."""
    if any(p.kind in ("missing-file", "config") for p in problems):
        print(f"(Paths are relative to {root.resolve()}; run build_site.py from your project's folder, or pass"
              " --data, --docs and --config.)", file=sys.stderr)


def summary(problems: Sequence[Problem]) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    reviewed = sum(bool(p.reviewed) for p in problems)
    note = f" ({reviewed} reviewed)" if reviewed else ""
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}{note}"


def describe(report: Report, docs: Path) -> str:
    if report.changes is None:
        return f"Checked: {summary(report.problems)}."
    c = report.changes
    return (
        f"Built {docs}/: {len(c.written)} written, {c.unchanged} unchanged, {len(c.removed)} removed"
        f"{', mkdocs.yml updated' if c.config_updated else ''} ({summary(report.problems)})."
    )
