"""Integrity checks and `analyse` on small projects built in memory; golden cases through the loader."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from qualsite.checks import analyse
from qualsite.model import (
    Area, Code, Codebook, Document, Participant, Project, Row, Source, Speaker, Study, Transcript,
)
from qualsite.problems import DataError, sort_key

# --- A tiny study, built in memory ----------------------------------------------------------

R1_ROWS = [
    (1, "PK", "Vad är ditt namn och din nuvarande roll?", ()),
    (2, "R1", "— heter jag och jag jobbar som digitaliseringschef i — kommun.", ("DIGMED",)),
    (3, "PK", "Vad betyder hållbarhet för dig?", ()),
    (4, "R1", "Aa, det är social hållbarhet, ekonomisk hållbarhet och klimatomfattig hållbarhet. "
              "Vi jobbar med alla dom begreppen inom kommunen.", ("MHÅLL",)),
    (5, "R1", "Vi automatiserar långtråkiga och enformiga arbetsuppgifter i förvaltningen.", ("DIGMED",)),
]
R2_ROWS = [
    (1, "MR", "Hur använder ni molntjänster?", ()),
    (5, "R2", "Vi vill lämna dokumentarkiv till att göra det digitalt, molnbaserat typ så, "
              "och skapa digitala landskap.", ("DIGMED",)),
    (42, "R2", "Man slipper leta bland papper i traditionell mening när allt finns i molnet.", ("MHÅLL",)),
]


def make_rows(tid: str, spec, path: str) -> tuple[Row, ...]:
    seen: dict[int, int] = {}
    rows = []
    for i, (n, speaker, text, codes) in enumerate(spec):
        seen[n] = seen.get(n, 0) + 1
        rows.append(Row(tid, n, seen[n], speaker, text, tuple(codes), Source(path, 10 + 4 * i)))
    return tuple(rows)


def make_transcript(tid: str, spec, interviewer: str = "PK") -> Transcript:
    path = f"data/transcripts/{tid}.yaml"
    speakers = (Speaker(interviewer, "interviewer", Source(path, 4)), Speaker(tid, "respondent", Source(path, 6)))
    return Transcript(tid, tid, f"Intervju {tid}", speakers, make_rows(tid, spec, path), Source(path))


def make_document(body: str, *, slug: str = "4-1-strategi", kind: str = "finding", title: str = "Tema 1") -> Document:
    return Document(kind, slug, title, "4.1", 1, textwrap.dedent(body), 6, Source(f"data/findings/{slug}.md"))


def make_project(*documents: Document, transcripts=None, participants=None, codes=("DIGMED", "MHÅLL"),
                 forbidden=(), reviewed=()) -> Project:
    codebook_source = Source("data/codebook.yaml")
    area = Area("hallbarhet", "Hållbarhet", "#2e7d32",
                tuple(Code(c, c.title(), "", "hallbarhet", Source("data/codebook.yaml", 5 + 3 * i))
                      for i, c in enumerate(codes)), Source("data/codebook.yaml", 2))
    if transcripts is None:
        transcripts = (make_transcript("R1", R1_ROWS), make_transcript("R2", R2_ROWS, "MR"))
    if participants is None:
        participants = tuple(Participant(t.id, "Chef", f"K{i}", Source("data/participants.yaml", 2 + 5 * i))
                             for i, t in enumerate(transcripts, 1))
    study = Study("Studie", "sv", Source("data/study.yaml"), forbidden_terms=tuple(forbidden),
                  reviewed_terms=tuple(reviewed))
    return Project(study, Codebook((area,), codebook_source), tuple(participants), tuple(transcripts),
                   tuple(documents), ())


def problems_of(project: Project, tmp_path: Path | None = None) -> list[str]:
    _, problems = analyse(project, root=tmp_path or Path("/nonexistent"))
    return [str(p) for p in sorted(problems, key=sort_key)]


def kinds_of(project: Project) -> list[str]:
    _, problems = analyse(project, root=Path("/nonexistent"))
    return sorted(p.kind for p in problems)


# --- Clean project ----------------------------------------------------------------------------


def test_a_clean_project_has_no_problems():
    document = make_document("""\
        ## 4.1.1 Hållbarhet

        > “social hållbarhet, ekonomisk hållbarhet och klimatomfattig hållbarhet” (R1:4)

        Respondenten vill lämna papperen (R2:5; R2:42).
        """)
    evidence, problems = analyse(make_project(document), root=Path("/nonexistent"))
    assert [str(p) for p in problems] == []
    assert [c.status for c in evidence.citations] == ["exact", "no-quote"]
    assert evidence.citations[1].rows[1].label == "R2:42"


# --- Golden cases: tests/cases/checks-*/ ---------------------------------------------------------

CASES = Path(__file__).parent / "cases"
CHECK_CASES = sorted(p for p in CASES.glob("checks-*") if (p / "data").is_dir())


def _load():
    try:
        from qualsite.load import load
    except ImportError:  # pragma: no cover - only while the loader is being written
        pytest.skip("qualsite.load does not exist yet; the golden cases need the loader")
    return load


@pytest.mark.parametrize("case", CHECK_CASES, ids=[p.name for p in CHECK_CASES])
def test_golden_case(case: Path, update_golden: bool):
    """Each case is a tiny study; its expected-problems.txt holds every problem, as `DataError` prints them."""
    project, problems = _load()(case / "data", case)
    if project is not None:
        _, found = analyse(project, root=case)
        problems = [*problems, *found]
    actual = "".join(f"{p}\n" for p in DataError(problems).problems)
    expected_file = case / "expected-problems.txt"
    if update_golden:
        expected_file.write_text(actual, encoding="utf-8")
    assert expected_file.exists(), f"{expected_file} is missing; run pytest --update-golden to create it"
    assert actual == expected_file.read_text(encoding="utf-8")


def test_every_check_kind_has_a_golden_case():
    expected = "".join((case / "expected-problems.txt").read_text(encoding="utf-8") for case in CHECK_CASES
                       if (case / "expected-problems.txt").exists())
    for phrase in ["has no row 99", "there is no transcript", "is not a well-formed citation",
                   "is not in the codebook", "is never used", "more than once", "is not a speaker of",
                   "has no transcript", "has no text", "cites no transcript row", "quote differs",
                   "found in R2:2 instead", "quotation has no citation", "forbidden term", "possible identifier",
                   "a GUID names one thing", "which changed since release", "was not a row of release",
                   "which is not a row of", "is moved twice", "no release before"]:
        assert phrase in expected, phrase
