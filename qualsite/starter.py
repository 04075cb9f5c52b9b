"""`build_site.py new DIR`: a small, complete study to start from, in English or Swedish.

The study lives as ordinary files in `qualsite/starter_study/<language>/`, so what a researcher gets is exactly
what the tests build with `--strict`. It has every file of the format: study, codebook, participants, one
transcript in CSV (with its speakers file) and one in YAML, a findings file that quotes and cites rows, a page,
and an empty `private/forbidden-terms.txt` explaining itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .refiqda.writer import write_folder

STARTERS = Path(__file__).resolve().parent / "starter_study"
LANGUAGES = ("en", "sv")


def starter_files(language: str) -> dict[str, str]:
    """The starter study's files in `language`: relative POSIX path → text."""
    if language not in LANGUAGES:
        raise ValueError(f"no starter study in {language!r}")  # argparse offers only LANGUAGES
    folder = STARTERS / language
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_new(target: Path, language: str) -> int:
    """Write the starter study into `target` (new or empty); 0 on success, 1 with a message otherwise."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(f"{target}: already exists and is not an empty folder; name a new or empty folder, e.g."
              " build_site.py new my-study", file=sys.stderr)
        return 1
    write_folder(starter_files(language), target, overwrite=False)
    print(f"Wrote a small {'English' if language == 'en' else 'Swedish'} study into {target}/. Build it with\n"
          f"  python build_site.py --data {target} --strict && mkdocs build --strict\n"
          f"or copy its files into data/ and run `make site`. Every file and key is explained in format/README.md.")
    return 0
