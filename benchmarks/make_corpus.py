"""Write a synthetic, deterministic study into a data/ folder, for benchmarks and scale tests.

    python benchmarks/make_corpus.py OUT_DIR [--interviews 1000] [--rows 100] [--seed 7] [--citations-per-interview 2]
                                             [--forbidden-terms 0]

The corpus follows format/README.md exactly: study.yaml, a codebook of 48 codes in
8 areas, participants.yaml, one YAML transcript per interview (an interviewer
asks short questions, the respondent answers at length in Swedish-like text,
some answers coded), findings themes whose sections quote rows verbatim (some
with an omission `...`) and cite them, and a method chapter. Every code is used
and every findings section cites a row, so `build_site.py --strict` passes.

`--forbidden-terms N` also writes N fictional names into `private/forbidden-terms.txt` and sets
`private_terms: true`, to measure the anonymity guard at scale. The names are spelt with z and q, which the
vocabulary never uses, and every fifth is two words: none of them occurs, so the build still passes.

Same parameters and seed → byte-identical files. OUT_DIR is emptied of the
files this script writes (it refuses a folder holding anything else).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path

# Lower-case vocabulary only: no capitalised names, and none of the words the identifier detector treats as
# places or roles (`kommun`, `chef`, …), so the synthetic text raises no anonymity warnings.
NOUNS = (
    "verksamhet utveckling process arbetssätt digitalisering system tjänst medborgare invånare förändring "
    "hållbarhet miljö resurs ekonomi budget organisation samverkan projekt strategi mål uppföljning plattform "
    "information data kompetens utbildning personal ledning politik beslut ansvar behov utmaning möjlighet "
    "effekt nytta kostnad investering infrastruktur nätverk avdelning team samhälle framtid erfarenhet "
    "rutin dokumentation ärende handläggning automatisering tillgänglighet inkludering delaktighet trygghet "
    "energi transport avfall klimat vatten byggnad fastighet lokal skolgång omsorg äldreomsorg hemtjänst "
    "bredband uppkoppling säkerhet integritet lagstiftning upphandling leverantör avtal licens verktyg"
).split()
VERBS = (
    "arbetar utvecklar behöver försöker tänker ser märker planerar genomför följer driver stödjer "
    "förbättrar effektiviserar skapar bygger använder prioriterar diskuterar samordnar mäter beskriver "
    "förändrar testar inför minskar ökar hanterar påverkar"
).split()
ADJECTIVES = (
    "digital hållbar social ekonomisk miljömässig gemensam långsiktig tydlig viktig stor liten ny gammal "
    "effektiv svår enkel central lokal nationell intern extern konkret övergripande"
).split()
FILLERS = ("ju", "liksom", "då", "typ", "egentligen", "alltså", "ändå", "väldigt", "också", "kanske", "nog", "eh")
SUBJECTS = ("vi", "man", "jag", "de", "verksamheten", "organisationen", "förvaltningarna", "medarbetarna")
LINKS = ("och", "men", "så", "eftersom", "för att", "när", "samtidigt som", "medan")
PREPOSITIONS = ("med", "för", "kring", "inom", "utan", "genom", "mot", "efter")
QUESTION_STARTS = (
    "Hur ser ni på", "Kan du berätta om", "Vad betyder", "Hur arbetar ni med", "Vilka utmaningar ser du med",
    "Hur påverkar", "Vad tänker du om", "Hur följer ni upp", "Finns det något särskilt kring",
)
ROLES = (
    "Digitaliseringsstrateg", "Verksamhetsutvecklare", "Hållbarhetsstrateg", "Projektledare", "Systemförvaltare",
    "Utvecklingsledare", "Miljöstrateg", "Informationssäkerhetssamordnare", "Enhetsledare",
)
INTERVIEWERS = ("AK", "BL", "CM", "DN")
AREAS = (
    ("Styrning", "#0072b2"), ("Digitalisering", "#b34700"), ("Miljö", "#00785a"), ("Socialt", "#8e3b97"),
    ("Ekonomi", "#5b6770"), ("Kompetens", "#a0522d"), ("Teknik", "#1a5e8a"), ("Samverkan", "#6b6b00"),
)
CODES_PER_AREA = 6
THEMES = (
    "Strategi och styrning", "Miljömässig hållbarhet", "Social hållbarhet", "Ekonomisk hållbarhet",
    "Utmaningar med digitaliseringen", "Möjligheter och framtid",
)
SECTIONS_PER_THEME = 5
OUR_FILES = ("study.yaml", "codebook.yaml", "participants.yaml", "transcripts", "findings", "pages", "private")


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("out", type=Path, help="the data/ folder to write")
    cli.add_argument("--interviews", type=int, default=1000)
    cli.add_argument("--rows", type=int, default=100, help="rows per interview")
    cli.add_argument("--seed", type=int, default=7)
    cli.add_argument("--citations-per-interview", type=float, default=2.0,
                     help="citations in the findings per interview (default 2: 2,000 for 1,000 interviews)")
    cli.add_argument("--forbidden-terms", type=int, default=0, metavar="N",
                     help="write N fictional forbidden terms (none occurs) into private/forbidden-terms.txt")
    args = cli.parse_args(argv)
    if args.interviews < 1 or args.rows < 4:
        cli.error("need at least 1 interview of at least 4 rows")
    write_corpus(args.out, interviews=args.interviews, rows=args.rows, seed=args.seed,
                 citations_per_interview=args.citations_per_interview, forbidden_terms=args.forbidden_terms)
    return 0


def write_corpus(out: Path, *, interviews: int, rows: int, seed: int = 7, citations_per_interview: float = 2.0,
                 forbidden_terms: int = 0) -> None:
    """Write the corpus into `out` (created if missing), replacing what a previous run wrote there."""
    out.mkdir(parents=True, exist_ok=True)
    foreign = sorted(p.name for p in out.iterdir() if p.name not in OUR_FILES)
    if foreign:
        raise SystemExit(f"{out}: refusing to write into a folder holding {', '.join(foreign)}; use an empty folder")
    for name in OUR_FILES:
        target = out / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    for path, text in corpus(interviews=interviews, rows=rows, seed=seed,
                             citations_per_interview=citations_per_interview, forbidden_terms=forbidden_terms):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))


def corpus(*, interviews: int, rows: int, seed: int = 7, citations_per_interview: float = 2.0,
           forbidden_terms: int = 0):
    """Yield (path relative to data/, text) for every file of the corpus, deterministically."""
    rng = random.Random(seed)
    codes = [f"{name[:3].upper()}{i}" for name, _ in AREAS for i in range(1, CODES_PER_AREA + 1)]
    ids = [f"R{i}" for i in range(1, interviews + 1)]
    yield "study.yaml", _study(interviews, rows, private_terms=forbidden_terms > 0)
    if forbidden_terms:
        yield "private/forbidden-terms.txt", _forbidden_terms(forbidden_terms)
    yield "codebook.yaml", _codebook()
    yield "participants.yaml", _participants(ids, rng)
    answers: list[tuple[str, int, str]] = []  # (transcript id, row number, text) of respondent rows
    unused = list(codes)
    per_row = -(-len(codes) // max(1, interviews * (rows // 2)))  # enough that a tiny corpus still uses every code
    for tid in ids:
        text, rows_said = _transcript(tid, rows, codes, unused, per_row, rng)
        answers.extend(rows_said)
        yield f"transcripts/{tid}.yaml", text
    total = max(len(THEMES) * SECTIONS_PER_THEME, round(interviews * citations_per_interview))
    cited = rng.sample(answers, min(total, len(answers)))
    cited += [rng.choice(answers) for _ in range(total - len(cited))]
    per_theme = [cited[i::len(THEMES)] for i in range(len(THEMES))]
    for number, (title, citations) in enumerate(zip(THEMES, per_theme), 1):
        yield f"findings/4.{number}-tema-{number}.md", _finding(number, title, citations, answers, rng)
    yield "pages/metod.md", _method(interviews, rows, total)


def _study(interviews: int, rows: int, *, private_terms: bool = False) -> str:
    return _yaml_lines(
        "# A synthetic study written by benchmarks/make_corpus.py",
        f"title: {_q(f'Syntetisk intervjustudie med {interviews} intervjuer')}",
        f"subtitle: {_q(f'{interviews} intervjuer × {rows} rader, genererade för prestandamätning')}",
        "language: sv",
        "authors: [Forskargruppen]",
        "year: 2026",
        "abstract: " + _q("En genererad studie som prövar hur qualsite skalar. Texten liknar svenska men betyder inget."),
        "keywords: [Syntetiska data, Prestanda]",
        "research_questions:",
        "  - " + _q("Hur skalar bygget med antalet intervjuer?"),
        "licence: CC0",
        *(["anonymity:", "  private_terms: true"] if private_terms else []),
    )


TERM_STARTS = ("Zal", "Qvi", "Zör", "Quen", "Zebr", "Qåd", "Zyl", "Qarn", "Zinn", "Quol")
TERM_ENDS = ("by", "vik", "ström", "holm", "berg", "zeth", "quist", "lund", "ås", "dal")


def _forbidden_terms(count: int) -> str:
    """`count` distinct fictional names, one a line; every fifth is two words (a first name and a surname)."""
    names = [f"{start}{middle}{end}" for middle in ("", "e", "a", "o", "i", "u", "y", "ä", "ö", "å")
             for start in TERM_STARTS for end in TERM_ENDS]
    if count > len(names):
        raise SystemExit(f"--forbidden-terms: at most {len(names)} fictional names")
    terms = [f"{names[k]} {names[-1 - k]}" if k % 5 == 4 else names[k] for k in range(count)]
    return "# Fictional names written by benchmarks/make_corpus.py; none of them occurs in the corpus.\n" + \
        "\n".join(terms) + "\n"


def _codebook() -> str:
    lines = ["areas:"]
    for name, colour in AREAS:
        lines += [f"  - name: {_q(name)}", f"    colour: {_q(colour)}", "    codes:"]
        for i in range(1, CODES_PER_AREA + 1):
            label = f"{name} {i}: {ADJECTIVES[(i * 7 + len(name)) % len(ADJECTIVES)]} {NOUNS[(i * 13 + len(name)) % len(NOUNS)]}"
            lines.append(f"      - {{code: {name[:3].upper()}{i}, label: {_q(label)}}}")
    return _yaml_lines(*lines)


def _participants(ids: list[str], rng: random.Random) -> str:
    lines = ["participants:"]
    for tid in ids:
        minutes, seconds = rng.randint(25, 75), rng.randint(0, 59)
        lines.append(
            f"  - {{id: {tid}, role: {_q(rng.choice(ROLES))}, organisation: K{rng.randint(1, max(3, len(ids) // 4))}, "
            f"interview_length: {_q(f'{minutes}:{seconds:02d}')}, mode: {_q(rng.choice(['Teams', 'på plats']))}}}"
        )
    return _yaml_lines(*lines)


def _transcript(tid: str, rows: int, codes: list[str], unused: list[str], per_row: int, rng: random.Random):
    interviewer = rng.choice(INTERVIEWERS)
    lines = [
        f"participant: {tid}",
        f"title: {_q(f'Transkribering av intervju: {tid}')}",
        "speakers:",
        f"  - {{id: {interviewer}, role: interviewer}}",
        f"  - {{id: {tid}, role: respondent}}",
        "rows:",
    ]
    said = []
    for n in range(1, rows + 1):
        asking = n % 2 == 1
        if asking:
            text, row_codes = _question(rng), []
        else:
            text = _answer(rng)
            row_codes = []
            if unused:  # every code is used at least once, in the first answers of the corpus
                row_codes, unused[:per_row] = unused[:per_row], []
            elif rng.random() < 0.6:
                row_codes = rng.sample(codes, rng.choice((1, 1, 2, 3)))
            said.append((tid, n, text))
        codes_text = "[" + ", ".join(row_codes) + "]"
        lines.append(f"  - {{n: {n}, speaker: {interviewer if asking else tid}, text: {_q(text)}, codes: {codes_text}}}")
    return _yaml_lines(*lines), said


def _question(rng: random.Random) -> str:
    return f"{rng.choice(QUESTION_STARTS)} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(PREPOSITIONS)} {rng.choice(NOUNS)}?"


def _answer(rng: random.Random) -> str:
    # Lengths like real answers: mostly a few sentences, sometimes a long monologue.
    sentences = min(14, max(1, int(rng.lognormvariate(1.1, 0.6))))
    return " ".join(_sentence(rng) for _ in range(sentences))


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(SUBJECTS), rng.choice(FILLERS), rng.choice(VERBS), rng.choice(ADJECTIVES), rng.choice(NOUNS)]
    for _ in range(rng.randint(0, 3)):
        words += [rng.choice(LINKS), rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(NOUNS),
                  rng.choice(PREPOSITIONS), rng.choice(NOUNS)]
        if rng.random() < 0.4:
            words.insert(len(words) - 2, rng.choice(FILLERS))
    sentence = " ".join(words)
    return sentence[0].upper() + sentence[1:] + rng.choice((".", ".", ".", "...", "?"))


def _finding(number: int, title: str, citations: list, answers: list, rng: random.Random) -> str:
    lines = ["---", f"number: '4.{number}'", f"title: {_q(f'Tema {number}: {title}')}", f"order: {number}", "---", ""]
    lines += [_prose(rng, 3), ""]
    sections = [citations[i::SECTIONS_PER_THEME] for i in range(SECTIONS_PER_THEME)]
    for s, cited in enumerate(sections, 1):
        lines += [f"## 4.{number}.{s} Undertema {number}.{s}: {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}", ""]
        for k, (tid, n, text) in enumerate(cited):
            if k % 4 == 0:
                lines += [_prose(rng, rng.randint(1, 3)), ""]
            lines += [_quoted(tid, n, text, answers, rng), ""]
    return "\n".join(lines)


def _quoted(tid: str, n: int, text: str, answers: list, rng: random.Random) -> str:
    """A verbatim quote of the row (whole, a part, or two parts with an omission) with its citation."""
    words = text.split()
    kind = rng.random()
    if kind < 0.3 or len(words) < 12:
        quote = text
    elif kind < 0.7:
        start = rng.randint(0, len(words) - 8)
        quote = " ".join(words[start:start + rng.randint(8, min(30, len(words) - start))])
    else:
        cut = len(words) // 2
        quote = " ".join(words[: min(cut, 10)]) + " ... " + " ".join(words[cut: cut + 10])
    citation = f"({tid}:{n})"
    if rng.random() < 0.1:  # a second reference, as reports write (R2:5; R2:42)
        other = rng.choice(answers)
        citation = f"({tid}:{n}; {other[0]}:{other[1]})"
    if rng.random() < 0.5:
        return f"> ”{quote}” {citation}"
    return f"Som en respondent uttrycker det: ”{quote}” {citation}."


def _prose(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng).replace("...", ".").replace("?", ".") for _ in range(sentences))


def _method(interviews: int, rows: int, citations: int) -> str:
    return "\n".join([
        "---", "title: Metod", "order: 1", "---", "",
        f"Studien bygger på {interviews} genererade intervjuer med {rows} rader vardera. "
        f"Resultatkapitlet citerar {citations} rader ordagrant.", "",
    ])


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML), so any text stays text."""
    return json.dumps(text, ensure_ascii=False)


def _yaml_lines(*lines: str) -> str:
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
