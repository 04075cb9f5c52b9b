"""A tiny study built from model objects, shared by the renderer tests (no loader, no checks involved)."""

from __future__ import annotations

from pathlib import Path

from qualsite.citations import parse_document
from qualsite.model import (
    Area, CheckedCitation, Code, Codebook, DiffPart, Document, Evidence, Participant, Project, Row, Source, Speaker,
    Study, Transcript, UncitedQuote,
)
from qualsite.labels import message
from qualsite.problems import Problem

CASE = Path(__file__).parent / "cases" / "render-tiny"
S = Source("data/x.yaml", 1)


def rows(transcript: str, *items: tuple) -> tuple[Row, ...]:
    seen: dict[int, int] = {}
    result = []
    for n, speaker, text, codes in items:
        seen[n] = seen.get(n, 0) + 1
        result.append(Row(transcript, n, seen[n], speaker, text, tuple(codes), Source(f"data/transcripts/{transcript}.yaml", n)))
    return tuple(result)


FINDING = """\
Inledande text med *betoning* och en [länk](https://example.org).

## 4.1.1 Strategi

Respondenterna beskrev strategin:

> “Vi har en strategi för allt.” (R1:2)

I löpande text sade R2 att “det går bra” (R2:2; R1:4) och hänvisade till (R1:99).

## 4.1.2 Verktyg

> “Verktyg är viktiga men dyra.” (R2:4)

## 4.1.3 En rubrik med hänvisning (R2:2)

Text med <b>html</b> som visas som text.
"""

PAGE = """\
## 3.1 Urval

Vi intervjuade två personer (R1:4).
"""


def tiny_project(*, row_text_r1_2: str = "Vi har en strategi för allt. \"Citat\" <b> & mer") -> Project:
    codebook = Codebook(
        (
            Area("digitalisering", "Digitalisering", "#1565c0",
                 (Code("DIGMED", "Digitalisering mot medborgare", "När kommunen digitaliserar för invånare.",
                       "digitalisering", S),
                  Code("KOM", "Kommunikation", "", "digitalisering", S)), S),
            Area("hallbarhet", "Hållbarhet", "#2e7d32",
                 (Code("MHÅLL", "Miljömässig hållbarhet", "", "hallbarhet", S),), S, "Tre dimensioner."),
        ),
        S,
    )
    participants = (
        Participant("R1", "Digitaliseringschef", "K1", S, "26:54", "4", "Teams"),
        Participant("R2", "IT-strateg", "K2", S, "31:10", "5", "", (("Erfarenhet", "10 år"),)),
    )
    speakers = lambda r: (Speaker("PK", "interviewer", S, "Intervjuare"), Speaker(r, "respondent", S))  # noqa: E731
    t1 = Transcript("R1", "R1", "Intervju med Respondent 1", speakers("R1"), rows(
        "R1",
        (1, "PK", "Vad är din roll?", ()),
        (2, "R1", row_text_r1_2, ("DIGMED", "KOM")),
        (3, "PK", "Och miljön?", ()),
        (4, "R1", "Miljön är viktig.\nDet går bra.", ("MHÅLL",)),
        (4, "R1", "Andra raden fyra, dubbelt numrerad.", ("MHÅLL",)),
    ), Source("data/transcripts/R1.yaml"))
    t2 = Transcript("R2", "R2", "Intervju med Respondent 2", speakers("R2"), rows(
        "R2",
        (1, "PK", "Berätta.", ()),
        (2, "R2", "Det går bra, tycker jag.", ("DIGMED",)),
        (3, "PK", "Verktyg?", ()),
        (4, "R2", "Verktyg är viktiga och dyra.", ("KOM", "MHÅLL")),
    ), Source("data/transcripts/R2.yaml"))
    study = Study(
        title="En liten studie", language="sv", source=S, subtitle="Om kommuner", authors=("A. Författare",),
        institution="Universitetet", year=2023, date="2023-05-25", abstract="En *kort* sammanfattning.",
        keywords=("test",), research_questions=("Hur fungerar det?",), licence="CC BY 4.0",
        citation="Författare (2023). En liten studie.",
    )
    finding = Document("finding", "4-1-strategi", "Tema 1: Strategi", "4.1", 1, FINDING, 6,
                       Source("data/findings/4.1-strategi.md"))
    page = Document("page", "metod", "Metod", "3", 1, PAGE, 5, Source("data/pages/metod.md"))
    return Project(
        study, codebook, participants, (t1, t2), (finding,), (page,),
        data_files=("data/private/forbidden-terms.txt", "data/study.yaml", "data/transcripts/R1.yaml"),
    )


STATUS = {("4-1-strategi", 1): "exact", ("4-1-strategi", 2): "exact", ("4-1-strategi", 3): "unresolved",
          ("4-1-strategi", 4): "differs", ("metod", 1): "no-quote"}


def tiny_evidence(project: Project) -> Evidence:
    """Citations resolved by hand: the first row printed with the cited number."""
    checked = []
    for document in project.documents:
        for citation in parse_document(document).citations:
            found = []
            for ref in citation.references:
                transcript = project.transcript(ref.transcript)
                matches = transcript.rows_numbered(ref.n) if transcript else ()
                found.append(matches[0] if matches else None)
            status = STATUS.get((document.slug, citation.ordinal), "exact")
            diff = ()
            detail = None
            if status == "differs":
                detail = message("word-differs", first=message("first-changed", quoted="men", printed="och", row="R2:4"))
                diff = (DiffPart("same", "Verktyg är viktiga"), DiffPart("quote-only", "men"),
                        DiffPart("row-only", "och"), DiffPart("same", "dyra."))
            if status == "unresolved":
                detail = message("points-nowhere", cited="(R1:99)")
            checked.append(CheckedCitation(citation, tuple(found), status, detail, diff))
    uncited = (UncitedQuote("4-1-strategi", "det går bra", Source("data/findings/4.1-strategi.md", 12),
                            project.transcript("R2").rows[1]),)
    return Evidence(tuple(checked), uncited)


WARNINGS = (Problem(Source("data/codebook.yaml", 3), "code KOM has only 2 rows", "warning", "rare-code"),)
