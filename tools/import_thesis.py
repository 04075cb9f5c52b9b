"""Regenerate the default dataset from the text of the thesis it comes from.

The thesis is Kvist & Rismyhr (2023), "Digitalisering och hållbarhet i symbios" (Lunds universitet). Its text,
extracted from the PDF, is the *seed*; `data/CORRECTIONS.yaml` records every judgement taken on top of it.

    python tools/import_thesis.py [--seed PATH] [--out DIR] [--corrections PATH]

The importer is a pipeline in three steps, in the spirit of the rest of qualsite:

1. read the seed into plain values (study, codebook, participants, transcripts, documents),
   removing only the mechanical extraction artefacts listed in CORRECTIONS.yaml;
2. apply the entries of CORRECTIONS.yaml, and stop on any anomaly that no entry covers;
3. write YAML and Markdown deterministically, so a re-import is byte-for-byte identical.

It writes study.yaml, codebook.yaml, participants.yaml, transcripts/, findings/ and pages/ under --out and never
touches anything else there (format/README.md, format/schema/ and CORRECTIONS.yaml belong to people, not to this tool).
Only the standard library and PyYAML are used.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SEED = REPO.parent / "shared" / "seed" / "000_d1f4ae654869965f.txt"
DEFAULT_OUT = REPO / "data"
DEFAULT_CORRECTIONS = REPO / "data" / "CORRECTIONS.yaml"

LICENCE = "All rights reserved by the authors"
"""The thesis states no licence; see the `study-licence` entry of CORRECTIONS.yaml."""

REDACTED = "—"
"""The mark the thesis itself uses where it removed a name."""

INTERVIEWERS = ("PK", "MR")
"""Initials of the two authors, who conducted every interview."""

# Place and organisation names that were reviewed in the anonymity audit (CORRECTIONS.yaml) and kept: none is
# a participant's own municipality or workplace. They are published names, so listing them here is safe.
REVIEWED_TERMS = [
    "Lund", "Lunds kommun", "Malmö", "Malmö stad", "Malmö universitet", "MLR", "Malmö Lund Regionen",
    "Svedala kommun", "Skåne", "Region Skåne", "Skånes kommuner", "Sverige", "Danmark", "Estland", "Lettland",
    "New York", "SKR", "Sveriges Kommuner och Regioner", "Inera", "Skatteverket", "Transportstyrelsen",
    "Kammarkollegiet", "Adda", "CSN", "MSB", "Riksrevisionen", "Fossilfritt Sverige", "Svenska Fotbollsförbundet",
    "KOMBIT", "ATEA", "Kivra", "Parkster", "Klarna", "Zalando", "Hemköp", "IKEA", "Google", "Microsoft", "Apple",
    "Tele2", "Heroma", "Raindance", "Glerups", "Jungle Map", "ChatGPT", "Lunds universitet",
]


class ImportError_(Exception):
    """The seed or CORRECTIONS.yaml does not support an import; the message says where and what to do."""


# --- Small text helpers ---------------------------------------------------------------------------------------

TAG = re.compile(r"</?(?:p|i|u)>")


def clean_cell(cell: str) -> str:
    """A table cell without extraction tags or padding (the mechanical rules of CORRECTIONS.yaml)."""
    cell = cell.replace("</p> <p>", " ")  # one cell split into several paragraphs by the extraction
    return TAG.sub("", cell).strip()


def slugify(text: str) -> str:
    """`Miljömässig hållbarhet` -> `miljomassig-hallbarhet`: ASCII letters, digits and dashes only."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def find_line(lines: list[str], text: str, start: int = 0) -> int:
    """Index of the first line equal to `text` (ignoring trailing white space) at or after `start`."""
    for i in range(start, len(lines)):
        if lines[i].rstrip() == text:
            return i
    raise ImportError_(f"seed: no line {text!r} after line {start + 1}; is this the right seed file?")


def value_after(lines: list[str], label: str) -> str:
    """The text after `LABEL:` on the title page (`SEMINARIEDATUM: 2023-05-25` -> `2023-05-25`)."""
    for line in lines:
        if line.startswith(label + ":"):
            return line[len(label) + 1:].strip()
    raise ImportError_(f"seed: no line starting with {label + ':'!r}")


def next_nonblank(lines: list[str], start: int) -> int:
    """Index of the first non-blank line at or after `start`."""
    i = start
    while not lines[i].strip():
        i += 1
    return i


# --- Transcripts ------------------------------------------------------------------------------------------------


@dataclass
class RawRow:
    """One transcript row as printed, after mechanical clean-up only."""

    n: int
    occurrence: int
    speaker: str
    text: str
    codes_printed: str
    codes: list[str]


@dataclass
class RawTranscript:
    id: str
    title: str
    rows: list[RawRow] = field(default_factory=list)

    def row(self, n: int, occurrence: int = 1) -> RawRow:
        for row in self.rows:
            if row.n == n and row.occurrence == occurrence:
                return row
        raise ImportError_(f"CORRECTIONS.yaml names {self.id}:{n} (occurrence {occurrence}), which the seed lacks")


TRANSCRIPT_HEADING = re.compile(r"^Bilaga \d+ - Transkribering av intervju: Respondent (\d+)$")
TABLE_RULE = re.compile(r"^[-\t ]+$")
COLUMN_HEADER = "#\tPerson\tYttrande\tKod"


def parse_transcripts(lines: list[str]) -> list[RawTranscript]:
    """Bilagor 4–8: one tab-separated table `# | Person | Yttrande | Kod` per respondent."""
    transcripts: list[RawTranscript] = []
    for i, line in enumerate(lines):
        match = TRANSCRIPT_HEADING.match(line.strip())
        if match:
            transcripts.append(RawTranscript(id=f"R{match.group(1)}", title=""))
        elif transcripts:
            parse_transcript_line(transcripts[-1], line, i + 1)
    for transcript in transcripts:
        if not transcript.title or not transcript.rows:
            raise ImportError_(f"seed: transcript {transcript.id} has no title or no rows")
    return transcripts


def parse_transcript_line(transcript: RawTranscript, line: str, line_no: int) -> None:
    """Add one seed line to the transcript: a new row, the continuation of the last row, or layout to skip."""
    if not line.strip() or line.strip() == COLUMN_HEADER or TABLE_RULE.match(line):
        return
    cells = [clean_cell(c) for c in line.split("\t")]
    cells += [""] * (4 - len(cells))
    if len(cells) != 4:
        raise ImportError_(f"seed:{line_no}: expected 4 tab-separated cells, found {len(cells)}")
    number, speaker, text, codes = cells
    if text.startswith("Transkribering av intervju:") and not codes:
        # R1–R4 print the title above the table; R5 prints it in the text column (entry R5-title-line).
        transcript.title = text
    elif number.isdigit():
        n = int(number)
        occurrence = 1 + sum(1 for r in transcript.rows if r.n == n)
        transcript.rows.append(RawRow(n, occurrence, speaker, text, codes, split_codes(codes)))
    elif not number and not speaker and transcript.rows:
        # A cell continued after a page break: same row, joined with one space.
        if codes:
            raise ImportError_(f"seed:{line_no}: a continuation line carries codes {codes!r}; decide in CORRECTIONS.yaml")
        transcript.rows[-1].text += " " + text
    elif number.startswith("Transkribering av intervju:"):
        transcript.title = number
    else:
        raise ImportError_(f"seed:{line_no}: cannot read this transcript line: {line[:60]!r}")


def split_codes(cell: str) -> list[str]:
    """`KOM, MED` -> [KOM, MED], in printed order; repeats and typos are left for the checks to find."""
    return [code.strip() for code in cell.split(",") if code.strip()]


# --- Study, codebook, participants -------------------------------------------------------------------------------


def parse_study(lines: list[str]) -> dict:
    """Title page, abstract, keywords and research questions (1.4), in the order of the format contract."""
    top = find_line(lines, "Institutionen för informatik")
    title_i = next_nonblank(lines, top + 1)
    subtitle_i = next_nonblank(lines, title_i + 1)
    kind_i = next_nonblank(lines, subtitle_i + 1)
    publisher = [part.strip() for part in value_after(lines, "UTGIVARE").split(",")]
    authors = [a.strip() for a in value_after(lines, "FÖRFATTARE").split("&")]
    date = value_after(lines, "SEMINARIEDATUM")
    abstract_i = next_nonblank(lines, find_line(lines, "SAMMANFATTNING:") + 1)
    study = {
        "title": lines[title_i].strip(),
        "subtitle": lines[subtitle_i].strip(),
        "title_en": value_after(lines, "ENGELSK TITEL"),
        "language": "sv",
        "authors": authors,
        "institution": publisher[-1],
        "department": ", ".join(publisher[:-1]),
        "kind": lines[kind_i].strip(),
        "year": int(date[:4]),
        "date": date,
        "abstract": Literal(lines[abstract_i].strip() + "\n"),
        "keywords": [k.strip() for k in value_after(lines, "NYCKELORD").split(",")],
        "research_questions": research_questions(lines),
        "licence": LICENCE,
    }
    study["citation"] = citation(study)
    study["url"] = ""
    study["anonymity"] = {"reviewed_terms": list(REVIEWED_TERMS)}
    return study


def research_questions(lines: list[str]) -> list[str]:
    """The numbered questions of section 1.4 (chapter 6 repeats them with small wording differences)."""
    start, end = find_line(lines, "1.4 Syfte och forskningsfråga"), find_line(lines, "1.5 Avgränsningar")
    questions = [re.sub(r"^\d+\.\s*", "", l.strip()) for l in lines[start:end] if re.match(r"^\d+\.\s", l)]
    if len(questions) != 3:
        raise ImportError_(f"seed: expected 3 research questions in 1.4, found {len(questions)}")
    return questions


def citation(study: dict) -> str:
    """An APA-like reference built from the title page."""
    names = []
    for author in study["authors"]:
        first, last = author.rsplit(" ", 1)
        names.append(f"{last}, {first[0]}.")
    kind = study["kind"].split(" ")[0]
    return (f"{' & '.join(names)} ({study['year']}). {study['title']}: {study['subtitle']} "
            f"[{kind}, {study['department'].split(',')[0]}, {study['institution']}].")


def table_rows(lines: list[str], caption: str) -> list[list[str]]:
    """The tab-separated rows right under a table caption, without the header row."""
    header_i = next_nonblank(lines, find_line(lines, caption, 200) + 1)
    rows = []
    for line in lines[header_i + 1:]:
        if not line.strip():
            break
        rows.append([cell.strip() for cell in line.split("\t")])
    return rows


def parse_codebook(lines: list[str]) -> dict:
    """Tabell 3:2 `Område (färg) | Nyckelord | Kod` -> areas in printed order; colours come from CORRECTIONS."""
    areas: dict[str, dict] = {}
    for area, keyword, code in table_rows(lines, "Tabell 3:2 Kodningsschema till empiri"):
        entry = areas.setdefault(area, {"id": slugify(area), "name": area, "colour": "", "description": "",
                                        "codes": []})
        entry["codes"].append({"code": code, "label": keyword, "description": ""})
    return {"areas": list(areas.values())}


def parse_participants(lines: list[str]) -> dict:
    """Tabell 3:1 `Deltagare | Nuvarande roll | Kommun | Intervjulängd i min | Bilaga`."""
    participants = []
    for pid, role, organisation, length, appendix in table_rows(lines, "Tabell 3:1 Lista över respondenter och intervjuer"):
        participants.append({"id": pid, "role": role, "organisation": organisation, "interview_length": length,
                             "appendix": appendix, "mode": "", "attributes": {}})
    return {"participants": participants}


# --- Chapters as blocks ------------------------------------------------------------------------------------------


@dataclass
class Block:
    """A piece of a chapter: a heading, a paragraph, a list, a table or a blockquote."""

    kind: str  # heading | minor_heading | paragraph | list | table | quote
    text: str = ""
    number: str = ""
    rows: list[list[str]] = field(default_factory=list)


NUMBERED_HEADING = re.compile(r"^(\d+(?:\.\d+)+) (.+)$")
LIST_LINE = re.compile(r"^(?:- |\d+\. )")


def chapter_blocks(lines: list[str], start: str, end: str, minor_headings: bool = False) -> list[Block]:
    """The blocks between the chapter heading `start` and the next chapter heading `end` (both excluded)."""
    first = find_line(lines, start, 200) + 1
    last = find_line(lines, end, first)
    groups, current = [], []
    for line in lines[first:last]:
        if line.strip():
            current.append(line.rstrip("\n"))
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return [classify(group, minor_headings) for group in groups]


def classify(group: list[str], minor_headings: bool) -> Block:
    """Decide what a group of consecutive lines is (the block rules of CORRECTIONS.yaml `mechanical`)."""
    if any("\t" in line for line in group):
        return Block("table", rows=[line.split("\t") for line in group])
    if all(LIST_LINE.match(line) for line in group):
        return Block("list", text="\n".join(line.strip() for line in group))
    if len(group) != 1:
        raise ImportError_(f"seed: unexpected multi-line block starting {group[0][:60]!r}")
    line = group[0].strip()
    match = NUMBERED_HEADING.match(line)
    if match:
        return Block("heading", text=match.group(2), number=match.group(1))
    if minor_headings and len(line.split()) <= 4 and not re.search(r"[.!?:;,”\")]$", line):
        return Block("minor_heading", text=line)
    return Block("paragraph", text=line)


# --- Documents -------------------------------------------------------------------------------------------------


@dataclass
class Doc:
    """A Markdown file to write under findings/ or pages/: front matter and blocks."""

    path: str  # relative to the output directory, e.g. "findings/4.1-strategi.md"
    front: dict
    blocks: list[Block]
    heading_base: int = 1  # how many numbers a level-2 heading has: 1 for pages ("3.1"), 2 for findings ("4.1.1")


def findings_docs(lines: list[str]) -> list[Doc]:
    """Chapter 4, one file per theme `4.N Tema N: …`; the chapter introduction opens the first theme."""
    blocks = chapter_blocks(lines, "4. Analys och empiriska fynd", "5. Diskussion")
    docs: list[Doc] = []
    intro: list[Block] = []
    for block in blocks:
        if block.kind == "heading" and block.number.count(".") == 1:
            order = int(block.number.split(".")[1])
            name = slugify(block.text.split(":", 1)[1])
            front = {"number": block.number, "title": block.text, "order": order,
                     "slug": f"{block.number.replace('.', '-')}-{name}"}
            docs.append(Doc(f"findings/{block.number}-{name}.md", front, intro, heading_base=2))
            intro = []
        elif docs:
            docs[-1].blocks.append(block)
        else:
            intro.append(block)  # entry chapter-4-intro: kept above the first theme's first heading
    for doc in docs:
        for block in doc.blocks:
            if block.kind == "paragraph" and block.text.startswith("“"):
                block.kind = "quote"
    return docs


def page_docs(lines: list[str]) -> list[Doc]:
    """Chapters 3, 5 and 6, and the interview guide (Bilaga 2)."""
    pages = [
        ("metod", "3", "Metodkapitel", ("3. Metodkapitel", "4. Analys och empiriska fynd")),
        ("diskussion", "5", "Diskussion", ("5. Diskussion", "6. Slutsats")),
        ("slutsats", "6", "Slutsats", ("6. Slutsats", "7. Referenser")),
    ]
    docs = []
    for order, (slug, number, title, (start, end)) in enumerate(pages, 1):
        blocks = chapter_blocks(lines, start, end, minor_headings=(slug == "metod"))
        docs.append(Doc(f"pages/{slug}.md", {"title": title, "number": number, "order": order, "slug": slug}, blocks))
    docs.append(interview_guide(lines, order=len(pages) + 1))
    return docs


def interview_guide(lines: list[str], order: int) -> Doc:
    """Bilaga 2: unpunctuated lines are section headings, the others questions (a headed list)."""
    start = find_line(lines, "Bilaga 2 - Intervjuguide", 200) + 1
    end = find_line(lines, "Bilaga 3 - Inbjudan till intervju", start)
    blocks: list[Block] = []
    for line in (l.strip() for l in lines[start:end]):
        if not line or line == "Intervjuguide":
            continue  # a page break, and the guide's own title (the page title)
        if re.search(r"[.?!]$", line):
            if blocks and blocks[-1].kind == "list":
                blocks[-1].text += "\n- " + line
            else:
                blocks.append(Block("list", text="- " + line))
        else:
            blocks.append(Block("minor_heading", text=line))
    front = {"title": "Intervjuguide", "number": "Bilaga 2", "order": order, "slug": "intervjuguide"}
    return Doc("pages/intervjuguide.md", front, blocks)


# --- Corrections -------------------------------------------------------------------------------------------------


def load_corrections(path: Path) -> list[dict]:
    """The entries of CORRECTIONS.yaml, each checked for the fields every entry must have."""
    if not path.is_file():
        raise ImportError_(f"{path}: missing; the importer applies exactly what this file says")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = data.get("corrections") or []
    for entry in entries:
        missing = [k for k in ("id", "where", "printed", "means", "why") if not entry.get(k)]
        if missing:
            raise ImportError_(f"{path}: entry {entry.get('id', '?')!r} lacks {', '.join(missing)}")
    return entries


def apply_corrections(entries: list[dict], transcripts: dict[str, RawTranscript], docs: dict[str, Doc],
                      codebook: dict) -> tuple[set[tuple[str, int, int]], list[str]]:
    """Apply every `apply` block; return the rows the entries cover and the redacted terms found."""
    covered: set[tuple[str, int, int]] = set()
    terms: list[str] = []
    for entry in entries:
        action = entry.get("apply")
        if not action:
            continue
        kind = action["kind"]
        if "transcript" in action:
            row = transcripts[action["transcript"]].row(action["n"], action.get("occurrence", 1))
            covered.add((action["transcript"], row.n, row.occurrence))
        where = f"CORRECTIONS.yaml entry {entry['id']!r}"
        if kind == "codes":
            if row.codes_printed != entry["printed"]:
                raise ImportError_(f"{where}: printed {entry['printed']!r}, but the seed prints {row.codes_printed!r}")
            row.codes = list(action["codes"])
        elif kind == "strip_prefix":
            if not row.text.startswith(action["printed"]):
                raise ImportError_(f"{where}: the row does not start with {action['printed']!r}")
            row.text = row.text[len(action["printed"]):]
        elif kind == "redact":
            terms += redact_row(row, action, where)
        elif kind == "keep":
            haystack = row.text if "transcript" in action else render_doc(docs[action["doc"]])
            if action["find"] not in haystack:
                raise ImportError_(f"{where}: {action['find']!r} is no longer in the source; update the entry")
        elif kind == "join":
            join_paragraphs(docs[action["doc"]], action["before"], action["after"], where)
        elif kind == "blockquote":
            mark_blockquote(docs[action["doc"]], action["find"], where)
        elif kind == "area_colours":
            for area in codebook["areas"]:
                area["colour"] = action["colours"][area["name"]]
        else:
            raise ImportError_(f"{where}: unknown apply kind {kind!r}")
    return covered, terms


def redact_row(row: RawRow, action: dict, where: str) -> list[str]:
    """Replace the pattern's matches in one row by "—"; return the terms, which never leave memory."""
    matches = [m.group(0) for m in re.finditer(action["pattern"], row.text)]
    if len(matches) != action["count"]:
        raise ImportError_(f"{where}: the pattern matches {len(matches)} times in the row, expected {action['count']}")
    row.text = re.sub(action["pattern"], REDACTED, row.text)
    return matches


def join_paragraphs(doc: Doc, before: str, after: str, where: str) -> None:
    """Merge the paragraph ending with `before` and the next one, starting with `after`, split by a page break."""
    for i, (first, second) in enumerate(zip(doc.blocks, doc.blocks[1:])):
        if first.text.endswith(before) and second.text.startswith(after):
            first.text += " " + second.text
            del doc.blocks[i + 1]
            return
    raise ImportError_(f"{where}: no paragraph ending {before!r} followed by one starting {after!r} in {doc.path}")


def mark_blockquote(doc: Doc, find: str, where: str) -> None:
    """Write the paragraph starting with `find` as a blockquote, its text unchanged."""
    for block in doc.blocks:
        if block.kind == "paragraph" and block.text.startswith(find):
            block.kind = "quote"
            return
    raise ImportError_(f"{where}: no paragraph starting {find!r} in {doc.path}")


def redact_everywhere(terms: list[str], transcripts: dict[str, RawTranscript], docs: dict[str, Doc]) -> None:
    """A redacted term goes from every row and every text, including quotes of it in the findings."""
    for term in terms:
        pattern = re.compile(re.escape(term))
        for transcript in transcripts.values():
            for row in transcript.rows:
                row.text = pattern.sub(REDACTED, row.text)
        for doc in docs.values():
            for block in doc.blocks:
                block.text = pattern.sub(REDACTED, block.text)
                block.rows = [[pattern.sub(REDACTED, cell) for cell in r] for r in block.rows]


# --- Checks: anomalies no entry covers stop the import ----------------------------------------------------------


SPEAKER_IN_TEXT = re.compile(r"(?:^|\s)(?:PK|MR|R\d+):\s")


def check_transcripts(transcripts: dict[str, RawTranscript], codebook: dict,
                      covered: set[tuple[str, int, int]]) -> list[str]:
    """Anomalies in rows that CORRECTIONS.yaml does not cover (after corrections)."""
    known = {code["code"] for area in codebook["areas"] for code in area["codes"]}
    problems = []
    for transcript in transcripts.values():
        previous = 0
        for row in transcript.rows:
            key = (transcript.id, row.n, row.occurrence)
            label = f"{transcript.id}:{row.n}" + (f" (occurrence {row.occurrence})" if row.occurrence > 1 else "")
            found = []
            if row.n != previous + 1:
                found.append(f"row number {row.n} follows {previous}")
            if unknown := [c for c in row.codes if c not in known]:
                found.append(f"codes not in the codebook: {', '.join(unknown)}")
            if len(set(row.codes)) != len(row.codes):
                found.append("a code is repeated")
            if SPEAKER_IN_TEXT.search(row.text):
                found.append("speaker initials inside the text")
            if row.speaker in INTERVIEWERS and row.codes:
                found.append("an interviewer's row is coded")
            if row.speaker not in INTERVIEWERS + (transcript.id,):
                found.append(f"unknown speaker {row.speaker!r}")
            if found and key not in covered:
                problems += [f"{label}: {problem}; add an entry to CORRECTIONS.yaml" for problem in found]
            # Codes outside the codebook are never acceptable, even in a covered row.
            if unknown and key in covered:
                problems.append(f"{label}: codes not in the codebook after corrections: {', '.join(unknown)}")
            previous = row.n
    return problems


def check_page_breaks(docs: dict[str, Doc]) -> list[str]:
    """Paragraphs that look split by a page break (no final punctuation, next starts with a letter)."""
    problems = []
    for doc in docs.values():
        for first, second in zip(doc.blocks, doc.blocks[1:]):
            if (first.kind in ("paragraph", "quote") and second.kind == "paragraph"
                    and re.search(r"[\wåäö,]$", first.text) and re.match(r"[^\W\d_]", second.text)):
                problems.append(f"{doc.path}: paragraph ending {first.text[-30:]!r} looks split by a page break "
                                f"from {second.text[:30]!r}; add a join entry to CORRECTIONS.yaml")
    return problems


# --- Rendering ---------------------------------------------------------------------------------------------------


class Literal(str):
    """A string written as a YAML literal block (`|`)."""


class Flow(list):
    """A list written in YAML flow style (`[KOM, MED]`)."""


class Dumper(yaml.SafeDumper):
    """SafeDumper that indents lists under their key, like the examples of the format contract."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


Dumper.add_representer(Literal, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style="|"))
Dumper.add_representer(Flow, lambda d, l: d.represent_sequence("tag:yaml.org,2002:seq", l, flow_style=True))


def dump_yaml(data: dict) -> str:
    """Deterministic YAML: keys in insertion order, Unicode kept, no line wrapping."""
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=1_000_000,
                     default_flow_style=False)


def transcript_yaml(transcript: RawTranscript) -> dict:
    """The transcript in the shape of format/README.md: speakers in order of first appearance, interviewers first."""
    speakers = [s for s in INTERVIEWERS if any(r.speaker == s for r in transcript.rows)] + [transcript.id]
    return {
        "participant": transcript.id,
        "title": transcript.title,
        "speakers": [{"id": s, "role": "respondent" if s == transcript.id else "interviewer"} for s in speakers],
        "rows": [{"n": r.n, "speaker": r.speaker, "text": r.text, "codes": Flow(r.codes)} for r in transcript.rows],
    }


MARKDOWN_LINE_START = re.compile(r"^(?:#|>|[-+*]\s|\d+[.)]\s)")


def render_block(block: Block, heading_base: int, minor_level: int) -> str:
    """Markdown for one block; running text that would look like Markdown structure is escaped."""
    if block.kind == "heading":
        level = 1 + block.number.count(".") - (heading_base - 1)
        return f"{'#' * level} {block.number} {block.text}"
    if block.kind == "minor_heading":
        return f"{'#' * minor_level} {block.text}"
    if block.kind == "list":
        return block.text
    if block.kind == "table":
        return render_table(block.rows)
    text = "\\" + block.text if MARKDOWN_LINE_START.match(block.text) else block.text
    return "> " + text if block.kind == "quote" else text


def render_table(rows: list[list[str]]) -> str:
    """A Markdown table; the first printed row is the header and short rows are padded."""
    width = max(len(r) for r in rows)
    cells = [[c.strip().replace("|", "\\|") for c in r] + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(r) + " |" for r in cells[1:]]
    return "\n".join(lines)


def render_doc(doc: Doc) -> str:
    """Front matter and body; unnumbered headings sit one level below the numbered heading above them."""
    parts = []
    minor_level = 2
    for block in doc.blocks:
        parts.append(render_block(block, doc.heading_base, minor_level))
        if block.kind == "heading":
            minor_level = 2 + block.number.count(".") - (doc.heading_base - 1)
    return "---\n" + dump_yaml(doc.front) + "---\n\n" + "\n\n".join(parts) + "\n"


# --- The pipeline ------------------------------------------------------------------------------------------------


def build(seed_text: str, corrections: list[dict]) -> dict[str, str]:
    """Seed text and corrections -> {relative path: file content}. Pure; raises ImportError_ on any problem."""
    lines = seed_text.split("\n")
    study = parse_study(lines)
    codebook = parse_codebook(lines)
    participants = parse_participants(lines)
    transcripts = {t.id: t for t in parse_transcripts(lines)}
    docs = {doc.path: doc for doc in findings_docs(lines) + page_docs(lines)}

    covered, terms = apply_corrections(corrections, transcripts, docs, codebook)
    redact_everywhere(terms, transcripts, docs)
    problems = check_transcripts(transcripts, codebook, covered) + check_page_breaks(docs)
    if missing := [a["name"] for a in codebook["areas"] if not a["colour"]]:
        problems.append(f"codebook: no colour for {', '.join(missing)}; add an area_colours entry")
    if problems:
        raise ImportError_("\n".join(problems))

    files = {
        "study.yaml": dump_yaml(study),
        "codebook.yaml": dump_yaml(codebook),
        "participants.yaml": dump_yaml(participants),
    }
    files.update({f"transcripts/{t.id}.yaml": dump_yaml(transcript_yaml(t)) for t in transcripts.values()})
    files.update({path: render_doc(doc) for path, doc in docs.items()})
    leaks = [path for path, text in files.items() for term in terms if term.lower() in text.lower()]
    if leaks:
        raise ImportError_(f"a redacted term would be written to {', '.join(sorted(set(leaks)))}")
    return files


def write(files: dict[str, str], out: Path) -> None:
    """Write the files, and remove earlier generated transcripts, findings and pages that are gone now."""
    for folder in ("transcripts", "findings", "pages"):
        directory = out / folder
        if directory.is_dir():
            for stale in directory.iterdir():
                if stale.is_file() and f"{folder}/{stale.name}" not in files:
                    stale.unlink()
    for path, text in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED, help="text extracted from the thesis PDF")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the data directory to write (default: data/)")
    parser.add_argument("--corrections", type=Path, default=DEFAULT_CORRECTIONS, help="the CORRECTIONS.yaml to apply")
    args = parser.parse_args(argv)
    try:
        if not args.seed.is_file():
            raise ImportError_(f"{args.seed}: seed file not found; pass --seed PATH")
        files = build(args.seed.read_text(encoding="utf-8"), load_corrections(args.corrections))
    except ImportError_ as error:
        print(f"import_thesis: {error}", file=sys.stderr)
        return 1
    write(files, args.out)
    rows = Counter(path.split("/")[0] for path in files)
    print(f"import_thesis: wrote {len(files)} files to {args.out} "
          f"({rows['transcripts']} transcripts, {rows['findings']} findings, {rows['pages']} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
