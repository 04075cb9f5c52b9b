"""The shell around the import: read the archive and mapping file, import, print the log, write the folder."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .importer import Options, parse_speaker, read_speaker_file
from .importer import import_qdpx
from .log import ImportFailed
from .qdc import CODEBOOK_ONLY, import_qdc, looks_like_codebook
from .speakers import DEFAULT_TURN
from .writer import write_files, write_folder

EXIT_OK, EXIT_FAILED = 0, 1


def run_import(args: argparse.Namespace, root: Path) -> int:
    try:
        options = _options(args)
        try:
            data = args.project.read_bytes()
        except OSError as error:
            raise ImportFailed(f"{args.project}: cannot be read ({error.strerror}); check the path") from None
        if looks_like_codebook(data):
            return _codebook(data, args, options)
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


def _codebook(data: bytes, args: argparse.Namespace, options: Options) -> int:
    """A codebook: a new folder gets a whole data folder around it; an existing study gets only its codebook."""
    result = import_qdc(data, args.project.name, options.schemas)
    into = args.into
    if (into / "study.yaml").is_file():
        if (into / "codebook.yaml").exists() and not args.overwrite:
            raise ImportFailed(f"{into}/codebook.yaml: exists; pass --overwrite to replace it by the codebook of"
                               f" {args.project.name} (the study's other files are kept)")
        files = {name: result.files[name] for name in CODEBOOK_ONLY}
        files["private/codebook-import-log.txt"] = result.log.text()
        write_files(files, into)
        sys.stdout.write(result.log.text())
        print(f"Imported the codebook {args.project.name} into {into}/codebook.yaml ({result.codes} codes); the"
              f" study's other files are unchanged. Codes no row uses will be reported as never used. Next: python"
              f" build_site.py --data {into} --strict")
        return EXIT_OK
    files = dict(result.files)
    files["private/import-log.txt"] = result.log.text()
    write_folder(files, into, overwrite=args.overwrite)
    sys.stdout.write(result.log.text())
    print(f"Imported the codebook {args.project.name} into {into}/: {len(files)} files, {result.codes} codes"
          f" ({len(result.log.warnings)} warnings). Next: python build_site.py --data {into} --strict")
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
