"""The domain model: a qualitative study as frozen dataclasses.

Everything the loader reads becomes one of these objects, and every object
knows where it came from (`Source`), so any problem found later can point the
researcher at the exact file and line. Nothing here is mutable: the pipeline
derives new values, it never edits shared state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from .labels import Message

if TYPE_CHECKING:
    from .citations import ParsedDocument

# Lookups by id are indexed: each class builds its dictionary on first use (`cached_property` stores it in the
# instance's __dict__, which a frozen dataclass allows, and which equality and `repr` ignore), so a renderer that
# asks for one transcript, participant, code or row per row stays linear in the size of the corpus.


@dataclass(frozen=True, order=True)
class Source:
    """A place in the input data, as the researcher sees it in their editor."""

    path: str
    """Path of the file, relative to the project root, with forward slashes (`data/transcripts/R5.yaml`)."""
    line: int | None = None
    """1-based line number in that file, or None when the problem concerns the whole file."""

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


# --- Codebook -----------------------------------------------------------------


@dataclass(frozen=True)
class Code:
    """One qualitative code, such as `DIGMED`."""

    id: str
    """The code as written in transcripts (`DIGMED`); unique across the codebook."""
    label: str
    """The keyword or short label the codebook gives it (`Digitalisering mot medborgare`)."""
    description: str
    """A longer explanation of when the code applies; may be empty."""
    area: str
    """Id of the area (`Area.id`) this code belongs to."""
    source: Source
    """Where the code is defined."""
    parent: str | None = None
    """Id of the parent code when codes nest deeper than area → code (REFI-QDA imports); None for a top-level code."""
    codable: bool = True
    """False for a grouping code that only holds other codes (REFI-QDA `isCodable="false"`)."""
    colour: str | None = None
    """The code's own colour as `#rrggbb`, when it has one besides its area's (a REFI-QDA sub-code's); else None."""
    guid: str = ""
    """The code's REFI-QDA GUID, lower case, when the data keeps one (an imported project's); empty: the export
    derives a stable one from the id."""


@dataclass(frozen=True)
class Area:
    """A group of codes with a colour, such as `Hållbarhet`."""

    id: str
    """Safe slug used in URLs and CSS classes (`hallbarhet`)."""
    name: str
    """Display name (`Hållbarhet`)."""
    colour: str
    """Colour as `#rrggbb`, used for the area's code chips."""
    codes: tuple[Code, ...]
    """The area's codes, in codebook order."""
    source: Source
    """Where the area is defined."""
    description: str = ""
    """Optional explanation of the area."""
    guid: str = ""
    """GUID of the area's top-level code in REFI-QDA, lower case, when the data keeps one; empty: derived from the
    id on export."""


@dataclass(frozen=True)
class CodeGroup:
    """A named group of codes across areas (a REFI-QDA Set of codes, an ATLAS.ti code group)."""

    name: str
    """The group's name (`negative feelings`)."""
    codes: tuple[str, ...]
    """Ids of its codes, in the order listed."""
    source: Source
    """Where the group is defined."""
    description: str = ""
    """Optional explanation of the group."""


@dataclass(frozen=True)
class Codebook:
    """All areas and codes of the study (Tabell 3:2 in the thesis)."""

    areas: tuple[Area, ...]
    """Areas in codebook order."""
    source: Source
    """The codebook file."""
    groups: tuple[CodeGroup, ...] = ()
    """Code groups, which cut across areas; empty unless `codebook.yaml` lists `groups`."""

    @cached_property
    def codes(self) -> tuple[Code, ...]:
        """Every code, in codebook order."""
        return tuple(code for area in self.areas for code in area.codes)

    def code(self, code_id: str) -> Code | None:
        """The code with this id (the first, should two share it), or None."""
        return self._codes_by_id.get(code_id)

    def area(self, area_id: str) -> Area | None:
        """The area with this id (the first, should two share it), or None."""
        return self._areas_by_id.get(area_id)

    @cached_property
    def _codes_by_id(self) -> dict[str, Code]:
        return _first_by(self.codes, lambda c: c.id)

    @cached_property
    def _areas_by_id(self) -> dict[str, Area]:
        return _first_by(self.areas, lambda a: a.id)


# --- Participants and transcripts ----------------------------------------------


@dataclass(frozen=True)
class Participant:
    """A respondent, described only by pseudonymous attributes (Tabell 3:1)."""

    id: str
    """Pseudonym and transcript id (`R1`). Restricted to `[A-Za-z0-9_-]`, since it becomes part of URLs."""
    role: str
    """Their role as the study reports it (`Digitaliseringschef`)."""
    organisation: str
    """Pseudonym of their organisation (`K1`), never its real name."""
    source: Source
    """Where the participant is described."""
    interview_length: str = ""
    """Length of the interview as printed (`26:54`), or empty when unknown."""
    appendix: str = ""
    """The appendix of the report holding the transcript (`4` for Bilaga 4), or empty."""
    mode: str = ""
    """How the interview was held (`Teams`, `på plats`), or empty when unknown."""
    attributes: tuple[tuple[str, str], ...] = ()
    """Further researcher-defined attributes as (name, value) pairs, in file order."""
    guid: str = ""
    """GUID of the participant's REFI-QDA case, lower case, when the data keeps one; empty: derived from the id on
    export."""


SpeakerRole = Literal["interviewer", "respondent", "other"]


@dataclass(frozen=True)
class Speaker:
    """Someone who speaks in a transcript, identified by initials or pseudonym only."""

    id: str
    """As written in the rows' `speaker` column (`PK`, `R1`)."""
    role: SpeakerRole
    """Whether they ask (`interviewer`), answer (`respondent`) or something else; pages style them differently."""
    source: Source
    """Where the speaker is declared."""
    label: str = ""
    """Optional display name, for example `Intervjuare`; never a real name."""


@dataclass(frozen=True)
class Row:
    """One numbered utterance of a transcript: the unit that citations point at."""

    transcript: str
    """Id of the transcript holding the row (`R5`)."""
    n: int
    """The row number as printed (`4` in `(R5:4)`)."""
    occurrence: int
    """1 for the first row printed with this number, 2 for a second row printed with the same number, and so on.
    It keeps anchors unique and stable when the source numbers two rows alike."""
    speaker: str
    """Id of the speaker (`Speaker.id`)."""
    text: str
    """What was said, exactly as transcribed, including redactions (`—`)."""
    codes: tuple[str, ...]
    """Ids of the codes applied to the row, in the order given, without repeats."""
    source: Source
    """Where the row is written."""

    @property
    def label(self) -> str:
        """The citation that points at this row, as a reader writes it (`R5:4`)."""
        return f"{self.transcript}:{self.n}"


@dataclass(frozen=True)
class Transcript:
    """One interview: its speakers and numbered rows (Bilagor 4–8)."""

    id: str
    """Transcript id, the same as its participant's (`R5`); it is the `R5` in `(R5:4)`."""
    participant: str
    """Id of the participant interviewed (`Participant.id`)."""
    title: str
    """Heading for the transcript page (`Transkribering av intervju: Respondent 5`)."""
    speakers: tuple[Speaker, ...]
    """Everyone who speaks, in declaration order."""
    rows: tuple[Row, ...]
    """The rows in the order printed."""
    source: Source
    """The transcript file."""
    guid: str = ""
    """GUID of the transcript's REFI-QDA text source, lower case, when the data keeps one; empty: derived from the
    id on export."""

    def speaker(self, speaker_id: str) -> Speaker | None:
        """The speaker with this id, or None."""
        return next((s for s in self.speakers if s.id == speaker_id), None)

    def rows_numbered(self, n: int) -> tuple[Row, ...]:
        """Every row printed with number `n` (usually one)."""
        return self._rows_by_number.get(n, ())

    @cached_property
    def _rows_by_number(self) -> dict[int, tuple[Row, ...]]:
        by_number: dict[int, list[Row]] = {}
        for row in self.rows:
            by_number.setdefault(row.n, []).append(row)
        return {n: tuple(rows) for n, rows in by_number.items()}


# --- Releases: what the rows said in each recorded version ----------------------------


@dataclass(frozen=True)
class FrozenRow:
    """One row as a recorded release froze it: who said what, under which number (not how it was coded)."""

    transcript: str
    """Id of the transcript holding the row (`R5`)."""
    n: int
    """The row number as printed in that release."""
    occurrence: int
    """1 for the first row printed with this number in that release's transcript, 2 for a second, and so on."""
    speaker: str
    """Id of the speaker, as the release recorded it."""
    text: str
    """What the row said in that release, exactly."""
    source: Source
    """The line of the release file that records it (`data/releases/1.0/R5.tsv:5`)."""

    @property
    def label(self) -> str:
        """The citation that pointed at this row in its release (`R5:4`)."""
        return f"{self.transcript}:{self.n}"


@dataclass(frozen=True)
class Release:
    """A recorded release (`data/releases/<version>/`): what every transcript row said in one version."""

    version: str
    """The version released (`1.0`): the folder's name, and the site folder `v1.0/` that shows it."""
    released: str
    """The release date, `YYYY-MM-DD`."""
    transcripts: tuple[tuple[str, tuple[FrozenRow, ...]], ...]
    """(transcript id, its rows in printed order) for every transcript of the release, in natural order of ids."""
    source: Source
    """The release's `release.yaml`."""

    def rows_of(self, transcript_id: str) -> tuple[FrozenRow, ...] | None:
        """The rows of a transcript in this release, or None if the release has no such transcript."""
        return self._by_id.get(transcript_id)

    @cached_property
    def _by_id(self) -> dict[str, tuple[FrozenRow, ...]]:
        return dict(self.transcripts)


@dataclass(frozen=True)
class RowMove:
    """One old row's new place, declared under `moved:` in `data/releases/moves.yaml`."""

    release: str
    """The version in which the row has its new place; the old row is numbered as in the release before it."""
    transcript: str
    """Transcript of the old row (`R4`)."""
    old: tuple[int, int]
    """The old row's (number, occurrence): `R4:52#2` is (52, 2)."""
    new: tuple[tuple[str, int, int], ...]
    """Where its words are now, as (transcript, number, occurrence); several for a row split in two, and the old
    anchor leads to the first."""
    source: Source
    """Where the move is declared."""


@dataclass(frozen=True)
class Renumbering:
    """A run of rows renumbered by the same amount, declared under `renumbered:` in `data/releases/moves.yaml`."""

    release: str
    """The version in which the rows have their new numbers."""
    transcript: str
    """The transcript whose rows were renumbered (`R4`)."""
    first: int
    """First row number of the run, as numbered in the release before `release`."""
    last: int
    """Last row number of the run (inclusive), as numbered in the release before."""
    by: int
    """What was added to each number (`1`: R4:53 is now R4:54; negative to count down)."""
    source: Source
    """Where the renumbering is declared."""


# --- Written text: findings and other chapters -----------------------------------


DocumentKind = Literal["finding", "page"]


@dataclass(frozen=True)
class Document:
    """A Markdown text the researcher wrote: a findings theme, or a page such as Method or Discussion."""

    kind: DocumentKind
    """`finding` for a theme of the findings chapter, `page` for any other chapter."""
    slug: str
    """Safe, stable name used for the page path (`4-1-strategi`); `[a-z0-9-]` only."""
    title: str
    """Title from the front matter (`Tema 1: Strategi`)."""
    number: str
    """Section number as printed (`4.1`), or empty."""
    order: int
    """Position among documents of the same kind; lower comes first."""
    body: str
    """The Markdown body after the front matter, verbatim."""
    body_line: int
    """1-based line in the file where `body` starts, so positions inside the body map back to file lines."""
    source: Source
    """The Markdown file."""


# --- The study ------------------------------------------------------------------


@dataclass(frozen=True)
class Study:
    """Metadata about the study as a whole, from `study.yaml`."""

    title: str
    """Main title of the report."""
    language: str
    """Language of the study and of the site's labels: `sv` or `en`."""
    source: Source
    """The study file."""
    subtitle: str = ""
    """Subtitle, or empty."""
    title_en: str = ""
    """English title when the study is in another language, or empty."""
    authors: tuple[str, ...] = ()
    """Authors as they wish to be credited."""
    institution: str = ""
    """University or organisation publishing the study."""
    department: str = ""
    """Department or unit, or empty."""
    kind: str = ""
    """Type of report (`Kandidatuppsats 15 hp`), or empty."""
    year: int | None = None
    """Year of publication."""
    date: str = ""
    """Date of publication or defence as ISO `YYYY-MM-DD`, or empty; export timestamps derive from it."""
    abstract: str = ""
    """Abstract in Markdown."""
    keywords: tuple[str, ...] = ()
    """Keywords."""
    research_questions: tuple[str, ...] = ()
    """Research questions, in order."""
    licence: str = ""
    """Licence of the published data and text, for example `CC BY 4.0`."""
    citation: str = ""
    """How to cite the study, as one line of text."""
    url: str = ""
    """Canonical address of the report (for example in a university archive), or empty."""
    version: str = ""
    """Version of the study as published (`1.1`), or empty for a study never released; `build_site.py release`
    records it (format/README.md#releases)."""
    released: str = ""
    """Date the current version was released, as `YYYY-MM-DD`, or empty."""
    doi: str = ""
    """DOI of the study or its dataset, bare (`10.5281/zenodo.1234567`), or empty; shown wherever the study is cited."""
    forbidden_terms: tuple[str, ...] = ()
    """Terms that must never be published, given by a program that builds a study in memory (tests, tools).
    `study.yaml` cannot list them, since it is published: the build reads them from a private file or a secret."""
    private_terms: bool = False
    """Whether the study protects names through a private list of forbidden terms; if so, a build that finds no such
    list (no `data/private/forbidden-terms.txt`, no secret in CI) fails instead of running blind."""
    reviewed_terms: tuple[str, ...] = ()
    """Names the identifier detector flags that the researcher has reviewed and chosen to keep (for example another
    municipality mentioned for comparison); the detector stays quiet about exactly these."""


@dataclass(frozen=True)
class Project:
    """Everything loaded from `data/`: the input to checks and rendering."""

    study: Study
    """Study metadata."""
    codebook: Codebook
    """Areas and codes."""
    participants: tuple[Participant, ...]
    """Participants in file order."""
    transcripts: tuple[Transcript, ...]
    """Transcripts sorted by id in natural order (R2 before R10)."""
    findings: tuple[Document, ...]
    """Findings themes sorted by `order`."""
    pages: tuple[Document, ...]
    """Other chapters (method, discussion, …) sorted by `order`."""
    data_files: tuple[str, ...] = field(default=())
    """Paths (relative to the project root) of every data file read, for the downloadable data archive."""
    releases: tuple[Release, ...] = ()
    """Every recorded release (`data/releases/`), oldest version first."""
    moves: tuple[RowMove | Renumbering, ...] = ()
    """Rows renumbered, split or merged by a release (`data/releases/moves.yaml`), in file order."""

    def transcript(self, transcript_id: str) -> Transcript | None:
        """The transcript with this id (the first, should two share it), or None."""
        return self._transcripts_by_id.get(transcript_id)

    def participant(self, participant_id: str) -> Participant | None:
        """The participant with this id (the first, should two share it), or None."""
        return self._participants_by_id.get(participant_id)

    @cached_property
    def _transcripts_by_id(self) -> dict[str, Transcript]:
        return _first_by(self.transcripts, lambda t: t.id)

    @cached_property
    def _participants_by_id(self) -> dict[str, Participant]:
        return _first_by(self.participants, lambda p: p.id)

    @property
    def documents(self) -> tuple[Document, ...]:
        """Findings first, then other pages: every text that may cite rows."""
        return self.findings + self.pages


# --- Citations ------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """One reference inside a citation: the `R2:42` of `(R2:5; R2:42)`."""

    transcript: str
    """Transcript id as written (`R2`)."""
    n: int
    """Row number as written (`42`)."""
    source: Source
    """Where the reference is written (file and line)."""

    @property
    def label(self) -> str:
        """The reference as a reader writes it (`R2:42`)."""
        return f"{self.transcript}:{self.n}"


@dataclass(frozen=True)
class Citation:
    """A parenthesised citation in a document, such as `(R2:5; R2:42)`, with the quote it backs."""

    document: str
    """Slug of the document holding it (`Document.slug`)."""
    ordinal: int
    """1 for the document's first citation, 2 for the next…; gives each citation a stable anchor."""
    references: tuple[Reference, ...]
    """The references, in the order written."""
    section_id: str
    """Anchor of the nearest heading above the citation (from `urls.heading_anchor`), or empty at the top."""
    section_title: str
    """Text of that heading (`4.1.1 Undertema 1.1: Digitaliseringsstrategi`), or the document title."""
    quote: str
    """The quoted passage the citation backs, without quotation marks, or empty when it cites no quote."""
    source: Source
    """Where the citation is written (file and line)."""


# --- Evidence: citations resolved and quotes verified ------------------------------


QuoteStatus = Literal["exact", "differs", "not-found", "no-quote", "unresolved"]
"""How a quote compares with the row it cites:
`exact` (matches, allowing for the conventions of quoting), `differs` (the words differ),
`not-found` (the passage is not in the cited row), `no-quote` (the citation backs no quoted passage, e.g. a
paraphrase), `unresolved` (the citation points at no row)."""


@dataclass(frozen=True)
class DiffPart:
    """One run of a word-level diff between a quote and its row."""

    op: Literal["same", "quote-only", "row-only"]
    """`same` in both; `quote-only` in the quote but not the row; `row-only` in the row but not the quote."""
    text: str
    """The words of this run, space-separated."""


@dataclass(frozen=True)
class CheckedCitation:
    """A citation with its references resolved to rows and its quote verified."""

    citation: Citation
    """The citation as written."""
    rows: tuple[Row | None, ...]
    """The row each reference points at, in the order of `citation.references`; None where it points nowhere."""
    status: QuoteStatus
    """The verdict on the quote."""
    detail: Message | None
    """One line for readers explaining the verdict, said in the study's language (`labels.say`): for `differs`, a
    summary; for `not-found`, where the passage does appear, if anywhere; None for `exact` and `no-quote`."""
    diff: tuple[DiffPart, ...] = ()
    """Word-level diff between the quote and the best-matching cited row; empty unless `differs`."""


@dataclass(frozen=True)
class UncitedQuote:
    """A quotation in a document with no citation, and where it was found in the transcripts."""

    document: str
    """Slug of the document holding it."""
    quote: str
    """The quoted passage."""
    source: Source
    """Where the quotation is written."""
    suggestion: Row | None
    """The row the passage was found in, to suggest a citation, or None if not found anywhere."""


@dataclass(frozen=True)
class Evidence:
    """Everything the checks learned about how documents cite transcripts; renderers read it."""

    citations: tuple[CheckedCitation, ...]
    """Every citation of every document, in document then reading order."""
    uncited: tuple[UncitedQuote, ...] = ()
    """Quotations without a citation."""
    clean_data: frozenset[bytes] = frozenset()
    """Digests (`checks.anonymity.content_digest`) of the data files searched for forbidden terms and found clean:
    the output guard skips the identical bytes inside `data.zip`."""
    parsed: tuple[ParsedDocument, ...] = field(default=(), compare=False, repr=False)
    """Each document as the checks parsed it (`citations.parse_document`), in the project's order: its page is
    rendered from the same tokens, not parsed again (`parsed_as_checked`). Evidences compare by what the checks
    found, not by tokens."""

    def for_document(self, slug: str) -> tuple[CheckedCitation, ...]:
        """The checked citations of one document, in reading order."""
        return self._by_document.get(slug, ())

    def citing(self, row: Row) -> tuple[CheckedCitation, ...]:
        """The citations that point at `row` (the "cited in" back-links), each once, in order."""
        return self._by_row.get(row, ())

    def parsed_as_checked(self, document: Document) -> ParsedDocument | None:
        """`document` as the checks parsed it, or None if they did not parse this very document."""
        for parsed in self.parsed:
            if parsed.document is document:
                return parsed
        return None

    @cached_property
    def _by_document(self) -> dict[str, tuple[CheckedCitation, ...]]:
        grouped: dict[str, list[CheckedCitation]] = {}
        for c in self.citations:
            grouped.setdefault(c.citation.document, []).append(c)
        return {slug: tuple(items) for slug, items in grouped.items()}

    @cached_property
    def _by_row(self) -> dict[Row, tuple[CheckedCitation, ...]]:
        grouped: dict[Row, list[CheckedCitation]] = {}
        for c in self.citations:
            for row in dict.fromkeys(r for r in c.rows if r is not None):
                grouped.setdefault(row, []).append(c)
        return {row: tuple(items) for row, items in grouped.items()}


def _first_by(items, key) -> dict:
    """`items` by `key`, keeping the first of any that share a key (as a linear search would find it)."""
    index: dict = {}
    for item in items:
        index.setdefault(key(item), item)
    return index
