"""The shell around the import: read the archive and mapping file, import, print the log, write the folder."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .importer import Options, parse_speaker, read_speaker_file
from .importer import import_qdpx
from .log import ImportFailed
from .speakers import DEFAULT_TURN
from .writer import write_folder

EXIT_OK, EXIT_FAILED = 0, 1


def run_import(args: argparse.Namespace, root: Path) -> int:
    try:
        options = _options(args)
        try:
            data = args.project.read_bytes()
        except OSError as error:
            raise ImportFailed(f"{args.project}: cannot be read ({error.strerror}); check the path") from None
        result = import_qdpx(data, args.project.name, options)
        write_folder(result.files, args.into, overwrite=args.overwrite)
    except ImportFailed as error:
        for message in error.messages:
            print(message, file=sys.stderr)
        print(f"Import failed. {args.into}/ was left unchanged.", file=sys.stderr)
        return EXIT_FAILED
    sys.stdout.write(result.log.text())
    print(f"Imported {args.project.name} into {args.into}/: {len(result.files)} files, {result.mapped} of"
          f" {result.selections} coded selections mapped onto rows, {result.codes} codes"
          f" ({len(result.log.warnings)} warnings). Next: python build_site.py --data {args.into} --strict")
    return EXIT_OK


def _options(args: argparse.Namespace) -> Options:
    speakers = {}
    if args.speakers:
        try:
            text = args.speakers.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise ImportFailed(f"{args.speakers}: cannot be read ({error}); give a UTF-8 file of NAME=ID:ROLE lines")
        speakers.update(read_speaker_file(text, str(args.speakers)))
    for spec in args.speaker:
        label, choice = parse_speaker(spec)
        speakers[label] = choice
    pattern = args.turn_pattern or DEFAULT_TURN
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        raise ImportFailed(f"--turn-pattern: not a regular expression ({error}); e.g. --turn-pattern"
                           r" '(?P<speaker>[A-Z][a-z]+):\s*'") from None
    if "speaker" not in compiled.groupindex:
        raise ImportFailed("--turn-pattern: the expression needs a group named speaker, e.g."
                           r" '(?P<speaker>[A-Z][a-z]+):\s*'")
    return Options(speakers=speakers, turn_pattern=pattern, language=args.language or "",
                   include_memos=args.include_memos, schemas=args.schemas)
