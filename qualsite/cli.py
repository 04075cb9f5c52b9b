"""The command line: parse arguments, run the pipeline, print problems, set the exit code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from .build import Report, build, gather
from .problems import DataError, Problem

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
    cli.add_argument("--quiet", action="store_true", help="print only problems")
    return cli


def main(argv: Sequence[str]) -> int:
    args = parser().parse_args(argv)
    root = Path.cwd()
    if args.serve:
        from .serve import serve

        return serve(args.data, args.docs, args.config, root=root, strict=args.strict, addr=args.addr)
    try:
        if args.check:
            _, _, problems = gather(args.data, root=root, strict=args.strict)
            report = Report(tuple(problems), None)
        else:
            report = build(args.data, args.docs, args.config, root=root, strict=args.strict)
    except DataError as error:
        print_problems(error.problems)
        print(f"Build failed: {summary(error.problems)}. {args.docs}/ was left unchanged.", file=sys.stderr)
        return EXIT_PROBLEMS
    print_problems(report.problems)
    if not args.quiet:
        print(describe(report, args.docs))
    return EXIT_OK


def print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


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
        f"{', navigation updated' if c.config_updated else ''} ({summary(report.problems)})."
    )
