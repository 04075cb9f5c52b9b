"""Write a synthetic, deterministic study into a data/ folder, for benchmarks and scale tests.

    python benchmarks/make_corpus.py OUT_DIR [--interviews 1000] [--rows 100] [--seed 7] [--citations-per-interview 2]
                                             [--forbidden-terms 0]

The corpus follows format/README.md exactly and takes the paths a real study takes: study.yaml, a codebook of
48 codes in 8 areas, participants.yaml, one transcript per interview (an interviewer asks short questions, the
respondent answers in Swedish-like text, some answers coded), findings themes whose sections quote rows verbatim
and cite them, and a method chapter. Every code is used and every findings section cites a row, so
`build_site.py --strict` passes without a warning.

- Transcripts: every fourth interview (R4, R8, …) is a CSV transcript with its `R4.speakers.yaml`, as a
  spreadsheet saves it: R4, R12, … separated by `,`; R8, R16, … by `;` with a byte-order mark and CRLF line ends,
  as Swedish Excel's "CSV UTF-8" writes. The others are YAML.
- Rows: the respondent's answers run from one word ("Ja.") to about 900 words, skewed as interviews are: most a
  few sentences, one in eight a word or three, one in a hundred a monologue of 200–900 words (and at least one such
  monologue in every transcript, so a small corpus has one too).
- Citations: quotes are verbatim (the whole row, a part, or two parts with an omission `...`); one in six quotes
  passages of two or three rows of one transcript, `(R3:4; R3:9)`, the passages joined by `...`; one in ten adds a
  reference to another row, `(R3:4; R7:12)`. The citation grammar has no ranges (`(R3:4-9)` is malformed), so
  none is written. Only answers of at least six words are quoted.

`--forbidden-terms N` also writes N fictional names into `private/forbidden-terms.txt` and sets
`private_terms: true`, to measure the anonymity guard at scale. The names start with ordinary initials but each
holds a cluster of z and q (`Kazqlund`) that no generated text holds, and every fifth is two words: none of them
occurs, so the build still passes.

Same parameters and seed → byte-identical files. OUT_DIR is emptied of the
files this script writes (it refuses a folder holding anything else).
"""

from __future__ import annotations

import argparse
import csv
import io
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
CSV_EVERY = 4
"""Every fourth interview is a CSV transcript (R4, R8, …), so R1–R3, which other benchmarks edit, stay YAML."""
SHORT_REPLIES = ("Ja.", "Nej.", "Precis.", "Absolut.", "Mm.", "Ja, precis.", "Nej, inte direkt.", "Det stämmer.",
                 "Ja, absolut.", "Kanske.")
SHORT_SHARE = 0.12
"""The share of answers that are a word or three."""
MONOLOGUE_SHARE = 0.01
"""The share of answers that are monologues (besides the one every transcript has)."""
MONOLOGUE_WORDS = 900
"""The longest monologue, in words."""
QUOTABLE_WORDS = 6
"""Answers shorter than this are not quoted: a report does not quote "Ja."."""
MULTI_ROW_SHARE = 1 / 6
"""The share of quotes that join passages of two or three rows of one interview."""
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
    quotable: dict[str, list[tuple[str, int, str]]] = {}  # per transcript: (id, row number, text) of answers to quote
    unused = list(codes)
    per_row = -(-len(codes) // max(1, interviews * (rows // 2)))  # enough that a tiny corpus still uses every code
    for number, tid in enumerate(ids, 1):
        interviewer = rng.choice(INTERVIEWERS)
        said = _rows(tid, interviewer, rows, codes, unused, per_row, rng)
        quotable[tid] = [(tid, n, text) for n, speaker, text, _ in said
                         if speaker == tid and len(text.split()) >= QUOTABLE_WORDS]
        yield from _transcript_files(number, tid, interviewer, said)
    answers = [answer for tid in ids for answer in quotable[tid]]
    total = max(len(THEMES) * SECTIONS_PER_THEME, round(interviews * citations_per_interview))
    cited = rng.sample(answers, min(total, len(answers)))
    cited += [rng.choice(answers) for _ in range(total - len(cited))]
    per_theme = [cited[i::len(THEMES)] for i in range(len(THEMES))]
    for number, (title, citations) in enumerate(zip(THEMES, per_theme), 1):
        yield f"findings/4.{number}-tema-{number}.md", _finding(number, title, citations, quotable, answers, rng)
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


TERM_STARTS = ("Al", "Be", "Ca", "Da", "El", "Fr", "Gu", "Ha", "In", "Jo", "Ka", "Li", "Ma", "Ni", "Ol", "Pe", "Ro",
               "Sa", "To", "Vi")
TERM_CLUSTERS = ("zq", "qz", "zzq", "qqz", "xqz")
"""Every name holds one of these, and the corpus' text never does (its only q is in `qualsite`), so no name occurs. The names start as
real ones do (20 initials): the guard's matcher first tests each position against the terms' first letters, and
names that all start with letters few words start with (earlier, Z and Q) let it skip nearly every position."""
TERM_ENDS = ("by", "vik", "ström", "holm", "berg", "seth", "kvist", "lund", "ås", "dal")


def _forbidden_terms(count: int) -> str:
    """`count` distinct fictional names, one a line; every fifth is two words (a first name and a surname)."""
    names = [f"{start}{cluster}{end}" for cluster in TERM_CLUSTERS for start in TERM_STARTS for end in TERM_ENDS]
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


Row = tuple[int, str, str, list[str]]  # (n, speaker, text, codes)


def _rows(tid: str, interviewer: str, rows: int, codes: list[str], unused: list[str], per_row: int,
          rng: random.Random) -> list[Row]:
    """The interview: odd rows are the interviewer's questions, even rows the answers, some of them coded."""
    monologue = rng.randrange(rows // 2)  # the one answer of this interview that is sure to be a monologue
    said: list[Row] = []
    for n in range(1, rows + 1):
        if n % 2 == 1:
            said.append((n, interviewer, _question(rng), []))
            continue
        text = _monologue(rng) if n // 2 - 1 == monologue else _answer(rng)
        row_codes: list[str] = []
        if unused:  # every code is used at least once, in the first answers of the corpus
            row_codes, unused[:per_row] = unused[:per_row], []
        elif rng.random() < 0.6:
            row_codes = rng.sample(codes, rng.choice((1, 1, 2, 3)))
        said.append((n, tid, text, row_codes))
    return said


def _transcript_files(number: int, tid: str, interviewer: str, said: list[Row]):
    """The files of one transcript: YAML, or (every CSV_EVERY-th interview) a CSV and its speakers file."""
    if number % CSV_EVERY:
        yield f"transcripts/{tid}.yaml", _yaml_transcript(tid, interviewer, said)
        return
    yield f"transcripts/{tid}.speakers.yaml", _yaml_lines(*_transcript_head(tid, interviewer))
    # Alternate the two ways spreadsheets save CSV: `,` with LF, and Swedish Excel's `;` with a BOM and CRLF.
    excel = number % (2 * CSV_EVERY) == 0
    yield f"transcripts/{tid}.csv", _csv_transcript(said, excel=excel)


def _transcript_head(tid: str, interviewer: str) -> list[str]:
    return [
        f"participant: {tid}",
        f"title: {_q(f'Transkribering av intervju: {tid}')}",
        "speakers:",
        f"  - {{id: {interviewer}, role: interviewer}}",
        f"  - {{id: {tid}, role: respondent}}",
    ]


def _yaml_transcript(tid: str, interviewer: str, said: list[Row]) -> str:
    lines = _transcript_head(tid, interviewer) + ["rows:"]
    for n, speaker, text, codes in said:
        lines.append(f"  - {{n: {n}, speaker: {speaker}, text: {_q(text)}, codes: [{', '.join(codes)}]}}")
    return _yaml_lines(*lines)


def _csv_transcript(said: list[Row], *, excel: bool) -> str:
    """The rows as CSV; the csv module quotes the cells that hold the separator (the answers' commas)."""
    delimiter, within = (";", ",") if excel else (",", ";")  # codes in a cell: the separator the cell does not use
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n" if excel else "\n")
    writer.writerow(["n", "speaker", "text", "codes"])
    for n, speaker, text, codes in said:
        writer.writerow([n, speaker, text, within.join(codes)])
    return ("\ufeff" if excel else "") + out.getvalue()


def _question(rng: random.Random) -> str:
    return f"{rng.choice(QUESTION_STARTS)} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(PREPOSITIONS)} {rng.choice(NOUNS)}?"


def _answer(rng: random.Random) -> str:
    """An answer as long as real ones are: mostly a few sentences, sometimes a word or three, rarely a monologue."""
    kind = rng.random()
    if kind < SHORT_SHARE:
        return rng.choice(SHORT_REPLIES)
    if kind > 1 - MONOLOGUE_SHARE:
        return _monologue(rng)
    sentences = min(14, max(1, int(rng.lognormvariate(1.1, 0.6))))
    return " ".join(_sentence(rng) for _ in range(sentences))


def _monologue(rng: random.Random) -> str:
    """An answer of 200 to MONOLOGUE_WORDS words, cut at a word and closed with a full stop."""
    target = rng.randint(200, MONOLOGUE_WORDS)
    words: list[str] = []
    while len(words) < target:
        words += _sentence(rng).split()
    return " ".join(words[:target]).rstrip(".?,") + "."


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(SUBJECTS), rng.choice(FILLERS), rng.choice(VERBS), rng.choice(ADJECTIVES), rng.choice(NOUNS)]
    for _ in range(rng.randint(0, 3)):
        if rng.random() < 0.5:  # a comma before the link, as transcribers write: CSV cells then need quotes
            words[-1] += ","
        words += [rng.choice(LINKS), rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(NOUNS),
                  rng.choice(PREPOSITIONS), rng.choice(NOUNS)]
        if rng.random() < 0.4:
            words.insert(len(words) - 2, rng.choice(FILLERS))
    sentence = " ".join(words)
    return sentence[0].upper() + sentence[1:] + rng.choice((".", ".", ".", "...", "?"))


def _finding(number: int, title: str, citations: list, quotable: dict, answers: list, rng: random.Random) -> str:
    lines = ["---", f"number: '4.{number}'", f"title: {_q(f'Tema {number}: {title}')}", f"order: {number}", "---", ""]
    lines += [_prose(rng, 3), ""]
    sections = [citations[i::SECTIONS_PER_THEME] for i in range(SECTIONS_PER_THEME)]
    for s, cited in enumerate(sections, 1):
        lines += [f"## 4.{number}.{s} Undertema {number}.{s}: {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}", ""]
        for k, answer in enumerate(cited):
            if k % 4 == 0:
                lines += [_prose(rng, rng.randint(1, 3)), ""]
            lines += [_quoted(answer, quotable[answer[0]], answers, rng), ""]
    return "\n".join(lines)


def _quoted(answer: tuple[str, int, str], same_interview: list, answers: list, rng: random.Random) -> str:
    """A verbatim quote with its citation: of the row alone, or of passages of several rows of its interview."""
    tid, n, text = answer
    others = [a for a in same_interview if a[1] != n]
    if others and rng.random() < MULTI_ROW_SHARE:
        cited = sorted([answer, *rng.sample(others, min(len(others), rng.choice((1, 1, 2))))], key=lambda a: a[1])
        quote = " ... ".join(_passage(row_text, rng, longest=12) for _, _, row_text in cited)
        citation = "(" + "; ".join(f"{tid}:{row}" for _, row, _ in cited) + ")"
    else:
        quote = _excerpt(text, rng)
        citation = f"({tid}:{n})"
        if rng.random() < 0.1:  # a second reference, to a row elsewhere, as reports write (R2:5; R7:42)
            other = rng.choice(answers)
            citation = f"({tid}:{n}; {other[0]}:{other[1]})"
    if rng.random() < 0.5:
        return f"> ”{quote}” {citation}"
    return f"Som en respondent uttrycker det: ”{quote}” {citation}."


def _excerpt(text: str, rng: random.Random) -> str:
    """The whole row, a passage of it, or two passages with an omission between them."""
    words = text.split()
    kind = rng.random()
    if kind < 0.3 or len(words) < 12:
        return text
    if kind < 0.7:
        return _passage(text, rng, longest=30)
    cut = len(words) // 2
    return " ".join(words[: min(cut, 10)]) + " ... " + " ".join(words[cut: cut + 10])


def _passage(text: str, rng: random.Random, *, longest: int) -> str:
    """A run of at most `longest` consecutive words of the row (the whole row when it is that short)."""
    words = text.split()
    if len(words) <= longest:
        return text
    start = rng.randint(0, len(words) - longest)
    return " ".join(words[start:start + rng.randint(min(8, longest), longest)])


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
