"""The releases scenario of issue 12 on a copy of the thesis, shared by the release tests and the browser tests.

Release 1.0 is the thesis as it is. Release 1.1 then corrects one row and renumbers another transcript:

- R5:4 is corrected ("ägandeskapet" → "ägarskapet"), and the findings quote that cites it is corrected with it;
  the warning that a cited row changed since 1.0 is reviewed and accepted.
- R4's appendix prints row 52 twice: the second 52 becomes 53 and rows 53–62 become 54–63, declared in
  `releases/moves.yaml`; the one citation of a renumbered row, (R4:56), becomes (R4:57), and the review of the
  duplicate row number is removed (there is no duplicate any more).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THESIS = ROOT / "tests" / "cases" / "thesis" / "data"
OLD_WORD, NEW_WORD = "ägandeskapet", "ägarskapet"
MOVES = """\
# Rows renumbered in 1.1: the appendix printed row 52 of R4 twice.
'1.1':
  moved:
    'R4:52#2': 'R4:53'
  renumbered:
    - {transcript: R4, rows: 53-62, by: 1}
"""
CHANGED_REVIEW = """\
  - file: data/findings/4.1-strategi.md
    warning: "(R5:4) cites R5:4, which changed since release 1.0 (1 word differs; the passage quoted in that release is found again with score 0.95; its verdict now: verbatim); check that the citation still holds, then accept this warning in reviewed.yaml"
    because: "A transcription error corrected in 1.1; the quote is corrected with it."
"""


def copy_thesis(work: Path) -> Path:
    """A fresh copy of the thesis in `work/data`, with the site's configuration and assets beside it."""
    shutil.copytree(THESIS, work / "data")
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(ROOT / "docs" / "assets", work / "docs" / "assets")
    return work / "data"


def set_version(data: Path, version: str, released: str) -> None:
    """Write `version` and `released` into study.yaml (replacing earlier ones)."""
    study = data / "study.yaml"
    lines = [line for line in study.read_text(encoding="utf-8").splitlines()
             if not line.startswith(("version:", "released:"))]
    study.write_text("\n".join(lines) + f"\nversion: '{version}'\nreleased: {released}\n", encoding="utf-8")


def run(work: Path, *args: str) -> subprocess.CompletedProcess:
    """`build_site.py ARGS` in `work`, as a researcher runs it."""
    return subprocess.run([sys.executable, str(ROOT / "build_site.py"), *args], cwd=work, capture_output=True,
                          text=True)


def revise(data: Path) -> None:
    """The changes of 1.1 (see the module's docstring), made to the files as a researcher would."""
    _replace(data / "transcripts" / "R5.yaml", OLD_WORD, NEW_WORD, count=1)
    _replace(data / "findings" / "4.1-strategi.md", OLD_WORD, NEW_WORD, count=1)
    _replace(data / "findings" / "4.6-mojligheter.md", "(R4:56)", "(R4:57)", count=1)
    r4 = data / "transcripts" / "R4.yaml"
    lines, seen_52 = [], 0
    for line in r4.read_text(encoding="utf-8").split("\n"):
        match = re.fullmatch(r"(  - n: )(\d+)", line)
        if match:
            n = int(match[2])
            seen_52 += n == 52
            if n >= 53 or (n == 52 and seen_52 == 2):
                line = f"{match[1]}{n + 1}"
        lines.append(line)
    r4.write_text("\n".join(lines), encoding="utf-8")
    (data / "releases" / "moves.yaml").write_text(MOVES, encoding="utf-8")
    reviewed = data / "reviewed.yaml"
    text = reviewed.read_text(encoding="utf-8")
    text = re.sub(r"  - file: data/transcripts/R4\.yaml\n    warning: \"R4 prints row 52 more than once[^\n]*\n"
                  r"    because: [^\n]*\n", "", text)
    reviewed.write_text(text + CHANGED_REVIEW, encoding="utf-8")


def released_twice(work: Path) -> Path:
    """The thesis copied into `work`, released as 1.0, revised and released as 1.1; returns its data folder."""
    data = copy_thesis(work)
    set_version(data, "1.0", "2026-12-01")
    first = run(work, "release")
    assert first.returncode == 0, first.stderr
    revise(data)
    set_version(data, "1.1", "2026-12-15")
    second = run(work, "release")
    assert second.returncode == 0, second.stderr
    return data


def _replace(path: Path, old: str, new: str, *, count: int) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
