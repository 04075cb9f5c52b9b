"""The default dataset: reproducible from the thesis text, faithful to it, and anonymous.

These tests read data/ with plain PyYAML (not the qualsite loader) and count the facts of the thesis
independently of tools/import_thesis.py, from the seed text with simple regular expressions.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "cases" / "thesis" / "data"
"""The test suite's copy of the thesis; data/ starts as the same study but belongs to the researcher."""
SEED = REPO.parent / "shared" / "seed" / "000_d1f4ae654869965f.txt"
GENERATED_DIRS = ("transcripts", "findings", "pages")

needs_seed = pytest.mark.skipif(not SEED.is_file(), reason=f"thesis seed text not found at {SEED}")

ROW_COUNTS = {"R1": 60, "R2": 61, "R3": 37, "R4": 63, "R5": 52}
"""Rows as printed in Bilagor 4–8; R4 prints row number 52 twice, so its 63 rows are numbered 1–62."""

CODES = ["KOM", "MED", "DIGIN", "DIGMED", "MHÅLL", "SHÅLL", "EHÅLL"]
SUBTHEMES = {
    "4.1": ["4.1.1", "4.1.2"],
    "4.2": [],
    "4.3": [],
    "4.4": [],
    "4.5": ["4.5.1", "4.5.2", "4.5.3"],
    "4.6": ["4.6.1", "4.6.2", "4.6.3", "4.6.4"],
}
REFERENCE = re.compile(r"\bR\d+:\d+\b")


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def front_matter(path: Path) -> tuple[dict, str]:
    """(front matter, body) of a Markdown file with YAML front matter."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


def seed_chapter(start: str, end: str) -> str:
    """The seed text between two chapter headings (skipping the table of contents)."""
    lines = seed_lines()
    first = next(i for i, line in enumerate(lines) if line.strip() == start and i > 200)
    last = next(i for i in range(first + 1, len(lines)) if lines[i].strip() == end)
    return "\n".join(lines[first:last])


# --- (1) Reproducible ---------------------------------------------------------------------------------------------


@needs_seed
def test_fresh_import_equals_committed_data_byte_for_byte(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "import_thesis.py"), "--seed", str(SEED), "--out", str(tmp_path),
         "--corrections", str(DATA / "CORRECTIONS.yaml")],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    generated = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert generated, "the importer wrote nothing"
    for relative in generated:
        assert (DATA / relative).read_bytes() == (tmp_path / relative).read_bytes(), (
            f"data/{relative} differs from a fresh import; run `python tools/import_thesis.py`")
    committed = sorted(p.relative_to(DATA).as_posix() for d in GENERATED_DIRS for p in (DATA / d).iterdir())
    assert committed == [g for g in generated if g.split("/")[0] in GENERATED_DIRS]


# --- (2) The facts of the thesis ----------------------------------------------------------------------------------


def test_transcripts_have_every_printed_row() -> None:
    counts = {}
    for path in sorted((DATA / "transcripts").glob("*.yaml")):
        transcript = load(path)
        assert transcript["participant"] == path.stem
        counts[path.stem] = len(transcript["rows"])
    assert counts == ROW_COUNTS


def test_r4_keeps_both_rows_numbered_52_in_printed_order() -> None:
    rows = load(DATA / "transcripts" / "R4.yaml")["rows"]
    numbers = [row["n"] for row in rows]
    assert numbers == list(range(1, 53)) + [52] + list(range(53, 63))
    assert [row["speaker"] for row in rows if row["n"] == 52] == ["PK", "R4"]


@needs_seed
def test_row_counts_match_the_seed() -> None:
    counts: Counter[str] = Counter()
    current = None
    for line in seed_lines():
        heading = re.match(r"^Bilaga \d+ - Transkribering av intervju: Respondent (\d+)$", line.strip())
        if heading:
            current = f"R{heading.group(1)}"
        elif current and re.match(r"^(?:<p>)?\d+(?:</p>)?\t", line):
            counts[current] += 1
    assert dict(counts) == ROW_COUNTS


def test_codebook_has_the_seven_codes_of_tabell_3_2() -> None:
    codebook = load(DATA / "codebook.yaml")
    assert [area["name"] for area in codebook["areas"]] == ["Kommuner", "Digitalisering", "Hållbarhet"]
    assert [code["code"] for area in codebook["areas"] for code in area["codes"]] == CODES
    colours = [area["colour"] for area in codebook["areas"]]
    assert len(set(colours)) == 3 and all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours)


def test_five_participants() -> None:
    participants = load(DATA / "participants.yaml")["participants"]
    assert [p["id"] for p in participants] == list(ROW_COUNTS)
    assert [p["organisation"] for p in participants] == ["K1", "K2", "K3", "K4", "K5"]
    assert all(p["mode"] == "" for p in participants)


def test_six_themes_with_their_subthemes() -> None:
    themes = {}
    for path in sorted((DATA / "findings").glob("*.md")):
        front, body = front_matter(path)
        themes[front["number"]] = re.findall(r"^## (\d+\.\d+\.\d+) ", body, flags=re.M)
        assert front["slug"] == front["number"].replace(".", "-") + "-" + path.stem.split("-", 1)[1]
        assert front["order"] == int(front["number"].split(".")[1])
    assert themes == SUBTHEMES


@needs_seed
def test_every_reference_of_chapter_4_is_in_the_findings() -> None:
    expected = Counter(REFERENCE.findall(seed_chapter("4. Analys och empiriska fynd", "5. Diskussion")))
    found = Counter(ref for path in (DATA / "findings").glob("*.md") for ref in REFERENCE.findall(front_matter(path)[1]))
    assert sum(expected.values()) == 95
    assert found == expected


def test_pages_have_the_agreed_slugs() -> None:
    slugs = {front_matter(path)[0]["slug"] for path in (DATA / "pages").glob("*.md")}
    assert slugs == {"metod", "diskussion", "slutsats", "intervjuguide"}


# --- (3) Codes --------------------------------------------------------------------------------------------------


def test_every_code_used_is_in_the_codebook_once_per_row() -> None:
    known = {code["code"] for area in load(DATA / "codebook.yaml")["areas"] for code in area["codes"]}
    for path in sorted((DATA / "transcripts").glob("*.yaml")):
        for row in load(path)["rows"]:
            label = f"{path.stem}:{row['n']}"
            assert set(row["codes"]) <= known, f"{label} uses {set(row['codes']) - known}"
            assert len(set(row["codes"])) == len(row["codes"]), f"{label} repeats a code"


def test_corrections_entries_are_complete() -> None:
    for entry in load(DATA / "CORRECTIONS.yaml")["corrections"]:
        for key in ("id", "where", "printed", "means", "why"):
            assert entry.get(key), f"CORRECTIONS.yaml entry {entry.get('id')!r} lacks {key}"


# --- (4) Anonymity ----------------------------------------------------------------------------------------------


def redacted_terms() -> list[str]:
    """Recompute, from the seed, every term the redaction entries remove (the terms are never written down)."""
    lines = seed_lines()
    terms = []
    for entry in load(DATA / "CORRECTIONS.yaml")["corrections"]:
        action = entry.get("apply") or {}
        if action.get("kind") != "redact":
            continue
        start = next(i for i, l in enumerate(lines)
                     if l.strip() == f"Bilaga {int(action['transcript'][1:]) + 3} - Transkribering av intervju: "
                                     f"Respondent {action['transcript'][1:]}")
        row_lines = [l for l in lines[start:] if re.match(rf"^(?:<p>)?{action['n']}(?:</p>)?\t", l)]
        row = row_lines[action.get("occurrence", 1) - 1]
        found = re.findall(action["pattern"], row)
        assert len(found) == action["count"], f"{entry['id']}: pattern no longer matches the seed"
        terms += found
    return sorted(set(terms))


def publishable_files() -> list[Path]:
    """Every file git tracks or would add (tracked and untracked, not ignored)."""
    listing = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                             cwd=REPO, capture_output=True, text=True, check=True).stdout
    return [REPO / name for name in listing.split("\0") if name and (REPO / name).is_file()]


@needs_seed
def test_no_redacted_term_appears_anywhere_in_the_repository() -> None:
    terms = redacted_terms()
    assert terms, "expected the redaction entries to find their terms in the seed"
    # The bare name as well as the genitive form the pattern matches ("…s kommun").
    needles = {t.lower() for t in terms} | {t[:-1].lower() for t in terms if t.endswith("s")}
    leaks = []
    for path in publishable_files():
        text = path.read_bytes().decode("utf-8", errors="ignore").lower()
        leaks += [path.relative_to(REPO).as_posix() for needle in needles if needle in text]
    history = subprocess.run(["git", "log", "--all", "--format=%B"], cwd=REPO, capture_output=True, text=True,
                             check=True).stdout.lower()
    if any(needle in history for needle in needles):
        leaks.append("(a commit message)")
    assert not leaks, f"a redacted term appears in: {', '.join(sorted(set(leaks)))}"


def test_redacted_rows_show_the_redaction_mark() -> None:
    rows = load(DATA / "transcripts" / "R4.yaml")["rows"]
    first_52 = next(row for row in rows if row["n"] == 52)
    row_50 = next(row for row in rows if row["n"] == 50)
    assert row_50["text"].count("— kommun") == 1 and first_52["text"].endswith("för — kommun?")
