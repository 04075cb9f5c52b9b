"""A QDPX project → the files of a qualsite data folder, and the log of everything done on the way. Pure."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..urls import is_safe_id
from . import marker, offsets
from .codes import Codebook, code_groups, map_codebook
from .container import Container, open_qdpx
from .log import ImportFailed, Log
from .offsets import Choice
from .output import study_files, unredacted
from .qde import QProject, QSource, parse_tree, read_project
from .schema import PROJECT_XSD, find_schemas, schema_errors
from .speakers import DEFAULT_TURN, Redaction, Turn, asks, is_generic, redaction, split_turns

ROLES = ("interviewer", "respondent", "other")


@dataclass(frozen=True)
class SpeakerChoice:
    """What the researcher said a speaker is: `--speaker "Real Name=I1:interviewer"`."""

    id: str
    role: str


def parse_speaker(spec: str) -> tuple[str, SpeakerChoice]:
    """`Real Name=I1:interviewer` (role optional: interviewer, respondent or other) → (label, choice)."""
    label, sep, rest = spec.rpartition("=")
    ident, _, role = rest.partition(":")
    ident, role, label = ident.strip(), (role.strip() or "interviewer"), label.strip()
    if not sep or not label or not ident:
        raise ImportFailed(f"--speaker {spec!r}: write the name as written in the transcript, =, a pseudonym and"
                           ' optionally :role, e.g. --speaker "Anna Berg=I1:interviewer"')
    if not is_safe_id(ident):
        raise ImportFailed(f"--speaker {spec!r}: the pseudonym '{ident}' cannot be used in web addresses; use only"
                           " letters A-Z a-z, digits, _ and -, e.g. I1")
    if role not in ROLES:
        raise ImportFailed(f"--speaker {spec!r}: the role '{role}' is not one of interviewer, respondent, other;"
                           ' e.g. --speaker "Anna Berg=I1:interviewer"')
    return label, SpeakerChoice(ident, role)


def read_speaker_file(text: str, path: str) -> dict[str, SpeakerChoice]:
    """A mapping file: one `Real Name=I1:role` a line; blank lines and `#` comments skipped."""
    found: dict[str, SpeakerChoice] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if line:
            try:
                label, choice = parse_speaker(line)
            except ImportFailed as error:
                raise ImportFailed(f"{path}:{number}: {error.messages[0].split(': ', 1)[1]}") from None
            found[label] = choice
    return found


@dataclass(frozen=True)
class Options:
    speakers: dict[str, SpeakerChoice] = field(default_factory=dict)
    """Speaker labels as written → the pseudonym and role to publish."""
    turn_pattern: str = DEFAULT_TURN
    """Regular expression for the start of a turn, with a group `speaker` (and optionally `time`)."""
    language: str = ""
    """`sv` or `en` for study.yaml; empty: `en`, unless the project is a qualsite export that says otherwise."""
    include_memos: bool = False
    """Import the project's notes (memos) as a page. They are the researcher's private writing: off by default."""
    schemas: Path | None = None
    """Folder holding Project.xsd and Codebook.xsd; None: the default place (`schema.find_schemas`)."""


@dataclass(frozen=True)
class Row:
    n: int
    speaker: str
    text: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Transcript:
    id: str
    title: str
    speakers: tuple[tuple[str, str], ...]
    """(id, role) in order of first appearance."""
    rows: tuple[Row, ...]
    attributes: tuple[tuple[str, str], ...] = ()
    """From the project's case and variables: (variable name, value)."""
    guid: str = ""
    """The text source's GUID."""
    case_guid: str = ""
    """The GUID of the one case that refers to this source alone, or empty."""


@dataclass(frozen=True)
class Imported:
    files: dict[str, str]
    """Path inside the data folder → text."""
    log: Log
    selections: int
    """Coded selections in the project."""
    mapped: int
    """Selections mapped onto at least one row."""
    codes: int
    """Codes in the project's codebook (areas included)."""


@dataclass
class _Source:
    """A text source on its way to a transcript."""

    source: QSource
    text: str
    turns: tuple[Turn, ...]
    id: str
    title: str
    exported: marker.Exported | None
    raw: str = ""
    """The text as stored, before line ends were normalised: offsets may count its CRLFs as two."""


def import_qdpx(data: bytes, name: str, options: Options) -> Imported:
    """Import the QDPX archive `data` (named `name` in messages). Raises `ImportFailed` for what cannot be imported."""
    log = Log()
    container = open_qdpx(data, name, log)
    qde = f"{name}!{container.qde_name}"
    tree = parse_tree(container.qde, qde)
    folder = find_schemas(options.schemas)
    if folder is None:
        where = options.schemas or "../shared/fixtures/refi-qda/"
        log.warn(f"not validated against the QDA-XML schema: {PROJECT_XSD} was not found in {where}; pass --schemas"
                 " with the folder holding Project.xsd and Codebook.xsd (from the REFI-QDA standard)")
    else:
        errors = schema_errors(tree, folder / PROJECT_XSD, qde)
        if errors:
            raise ImportFailed(errors + [f"{qde}: the project does not follow the QDA-XML 1.0 schema ({PROJECT_XSD});"
                                         " export it again, or report the errors above to the tool's makers"])
        log.note(f"{qde}: valid against {PROJECT_XSD} (QDA-XML 1.0)")
    project = read_project(tree, qde, log)
    log.note(f"project '{project.name}'" + (f" from {project.origin}" if project.origin else ""))
    exported_study = marker.read_study(project.description)
    sources = _text_sources(project, container, qde, log)
    choices = _speakers(sources, options, log)
    names = _names(choices)
    users = _users(project, names, log)
    redact = redaction({**names, **users})
    used = {g for s in sources for sel in s.source.selections for g in sel.codes}
    book = map_codebook(project.codes, used & {c.guid for c in project.codes}, qde, log, redact,
                        leaves_are_codes=exported_study is None, exported=exported_study)
    groups = code_groups(project.sets, book, qde, log, redact)
    transcripts, selections, mapped = _transcripts(sources, book, choices, redact, project.origin, qde, log)
    transcripts = _attributes(transcripts, sources, project, qde, log)
    language = options.language or (exported_study.language if exported_study else "") or "en"
    memos = _memos(project, container, options, log)
    files = study_files(
        project=project, archive=Path(name).name, language=language, date=project.date, book=book,
        groups=groups, transcripts=transcripts, forbidden=sorted({**names, **users}), memos=memos, log=log,
        redact=redact.text, exported=exported_study,
    )
    leaks = unredacted(files, {**names, **users})
    if leaks:
        # a bug: every text written goes through the redaction; say so rather than publish
        log.warn("names remain in " + ", ".join(leaks) + "; the build will refuse them. Replace them by hand and"
                 " report this as a bug in qualsite")
    log.note(f"wrote {len(files) + 1} files; this log is private/import-log.txt (it names real speakers: keep it"
             " private)")
    files["private/import-log.txt"] = log.text()
    return Imported(files, log, selections, mapped, len(book.known))


# --- Sources --------------------------------------------------------------------------


def _text_sources(project: QProject, container: Container, qde: str, log: Log) -> list[_Source]:
    found: list[_Source] = []
    taken: set[str] = set()
    exported = [marker.read_source(s.description) for s in project.sources]
    taken |= {e.id for e in exported if e is not None}
    next_id = 1
    unnamed = 0
    for source, mark in zip(project.sources, exported):
        where = f"{qde}:{source.line}"
        if source.kind != "TextSource":
            article = "an" if source.kind[:1] in "AEIOU" else "a"
            log.warn(f"{where}: {article} {source.kind} is not imported; qualsite publishes text transcripts only")
            continue
        label = source.name or posixpath.splitext(posixpath.basename(source.plain_text_path))[0]
        text = _read_text(source, container, where, log)
        if text is not None:
            text = _usable(text, f"{where}: the text source '{label or source.guid}'", log)
        if text is None:
            if source.selections:
                log.warn(f"{where}: its {len(source.selections)} coded selections are not imported either")
            continue
        if not source.name:
            unnamed += 1
            log.warn(f"{where}: the text source has no name; it is called '{label or source.guid}' in this log")
        normal = _normalise(text, where, log)
        if mark is not None:
            ident, title = mark.id, source.name or mark.id
        else:
            while f"R{next_id}" in taken:
                next_id += 1
            ident, title = f"R{next_id}", f"R{next_id}"
            taken.add(ident)
        found.append(_Source(source, normal, (), ident, title, mark, text))
        log.note(f"source '{label or source.guid}' → transcript {ident}")
    return found


def _read_text(source: QSource, container: Container, where: str, log: Log) -> str | None:
    if source.plain_text is not None and not source.plain_text_path:
        return source.plain_text
    path = source.plain_text_path
    if not path:
        log.warn(f"{where}: the text source has neither plainTextPath nor PlainTextContent; not imported")
        return None
    if path.startswith("internal://"):
        member = "sources/" + path[len("internal://"):]
    elif "://" in path:
        log.warn(f"{where}: the text lives outside the archive ({path}); not imported. Export the project with its"
                 " sources embedded")
        return None
    else:
        log.warn(f"{where}: plainTextPath '{path}' has no internal:// scheme; read as sources/{path}")
        member = path if path.lower().startswith("sources/") else "sources/" + path
    data = container.read(member)
    if data is None:
        log.warn(f"{where}: {member} is not in the archive; the source is not imported")
        return None
    return _decode(data, member, log)


def _usable(text: str, what: str, log: Log) -> str | None:
    """The text, or None (with a warning) when it is empty or not text at all: no 0-row transcripts."""
    if not text.replace("\x00", "").strip():
        kind = "holds only NUL bytes" if "\x00" in text else "is empty"
        log.warn(f"{what} {kind}; not imported (no transcript without rows). If the source has text in your QDA"
                 " tool, export the project again")
        return None
    control = sum(1 for c in text if (ord(c) < 32 and c not in "\t\n\r\f") or c == "\ufffd")
    if control > max(3, len(text) // 100):
        log.warn(f"{what} is not plain text ({control:,} of {len(text):,} characters are control characters or"
                 " undecodable bytes); not imported. Export the project again with the source as text")
        return None
    return text


def _decode(data: bytes, member: str, log: Log) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        log.warn(f"{member}: UTF-16 text; read as such (the standard asks for UTF-8)")
        return data.decode("utf-16", errors="replace")
    if len(data) >= 4 and data.count(0) * 3 >= len(data) and data.replace(b"\x00", b"").strip():
        # every other byte NUL: UTF-16 without a byte-order mark
        order = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        log.warn(f"{member}: UTF-16 text without a byte-order mark; read as {order.upper()} (the standard asks for"
                 " UTF-8)")
        return data.decode(order, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        log.warn(f"{member}: not UTF-8 (byte {error.start}); read as Windows-1252. Check the accented letters")
        return data.decode("cp1252", errors="replace")


def _normalise(text: str, where: str, log: Log) -> str:
    """Line endings → `\\n`, as rows are cut from; how the tool counted offsets is decided later (`offsets`)."""
    if "\r" not in text:
        return text
    log.note(f"{where}: Windows line endings (CRLF) normalised to \\n")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- Speakers -----------------------------------------------------------------------------


def _speakers(sources: list[_Source], options: Options, log: Log) -> dict[tuple[str, str], tuple[str, str]]:
    """(transcript id, label) → (speaker id, role). Explicit choices win; a qualsite export keeps its ids; else the
    speaker with most words is the respondent (the transcript id) and everyone else an interviewer I1, I2, … (the
    same label the same id in every transcript). A label such as `Interviewer` or `Moderator` is never the default
    respondent."""
    chosen: dict[tuple[str, str], tuple[str, str]] = {}
    global_ids: dict[str, str] = {}
    counter = 0
    known = frozenset(options.speakers)
    for item in sources:
        if item.exported is not None:
            split = split_turns(item.text, r"(?P<speaker>[A-Za-z0-9][A-Za-z0-9_-]{0,63}): ?",
                                frozenset(item.exported.speakers), verbatim=True)
        else:
            split = split_turns(item.text, options.turn_pattern, known)
        item.turns = split.turns
        if split.not_interview:
            log.warn(f"transcript {item.id}: does not look like an interview, so the labels that start its lines"
                     f" are not taken for speakers: {split.not_interview}. Its {len(split.turns)} paragraphs became"
                     f" rows, all by {item.id}. If it is an interview, name its speakers with --speaker")
        elif split.by_paragraph:
            log.warn(f"transcript {item.id}: no speaker turns found; its {len(split.turns)} paragraphs became rows,"
                     f" all by {item.id}. If turns are written otherwise, pass --turn-pattern")
        for line, label in split.once:
            log.note(f"transcript {item.id}, line {line}: '{label}:' takes a single turn in this interview; a"
                     " speaker like the others, with a pseudonym")
        for line, label in split.rejected:
            log.note(f"transcript {item.id}, line {line}: '{label}:' starts a line only once; read as text (name the"
                     " speaker with --speaker to make it a turn)")
        times = sum(1 for t in split.turns if t.time)
        if times:
            log.note(f"transcript {item.id}: {times} timestamps before speaker names are not kept in the rows")
        if item.exported is not None:
            for label, role in item.exported.speakers.items():
                chosen[(item.id, label)] = (label, role)
            log.note(f"transcript {item.id}: exported by qualsite; its speakers are pseudonyms already and keep"
                     " their ids")
            continue
        words: dict[str, int] = {}
        for turn in split.turns:
            words[turn.label] = words.get(turn.label, 0) + len(turn.text.split())
        labelled = [label for label in words if label]
        answering = [label for label in labelled if not asks(label)] or labelled
        respondent = max(answering, key=lambda label: words[label]) if answering else ""
        if any(options.speakers.get(label, SpeakerChoice("", "")).role == "respondent" for label in labelled):
            respondent = ""
        for label in words:
            if label in options.speakers:
                choice = options.speakers[label]
                chosen[(item.id, label)] = (choice.id, choice.role)
            elif label == "" and not labelled:
                chosen[(item.id, label)] = (item.id, "respondent")
            elif label == "":
                chosen[(item.id, label)] = ("TEXT", "other")
                log.note(f"transcript {item.id}: text before the first speaker became rows by TEXT (role other)")
            elif label == respondent:
                chosen[(item.id, label)] = (item.id, "respondent")
            else:
                if label not in global_ids:
                    counter += 1
                    global_ids[label] = f"I{counter}"
                chosen[(item.id, label)] = (global_ids[label], "interviewer")
        for label in labelled:
            ident, role = chosen[(item.id, label)]
            how = "as you named it" if label in options.speakers else (
                "the respondent: most words" if label == respondent else "by default")
            log.note(f"transcript {item.id}: speaker '{label}' → {ident} ({role}, {how}; {words[label]} words)")
    return chosen


NO_ONE = frozenset({"user", "default", "default user", "admin", "administrator", "owner", "guest", "unknown",
                    "anonymous", "system"})
"""User names that tools give when nobody set one: no one's name, and common words the text may use."""


def _users(project: QProject, names: dict[str, str], log: Log) -> dict[str, str]:
    """The names of the project's users (who coded) → pseudonyms U1, U2, …: never imported, but redacted and
    forbidden like speakers' names. A user named after the tool (`ATLAS.ti`) names no one."""
    found: dict[str, str] = {}
    tool = project.origin.casefold()
    for user in project.users:
        name = " ".join(user.split())
        if (not name or name in names or name in found or name.casefold() in tool or is_generic(name)
                or name.casefold() in NO_ONE):
            continue
        found[name] = f"U{len(found) + 1}"
    if project.users:
        log.note(f"{len(project.users)} users (who coded): not imported; {len(found)} of their names are listed in"
                 " private/forbidden-terms.txt and replaced where the text mentions them")
    return found


def _names(choices: dict[tuple[str, str], tuple[str, str]]) -> dict[str, str]:
    """Labels that are personal names → the pseudonym that replaces their mentions."""
    names: dict[str, str] = {}
    for (_, label), (ident, _) in choices.items():
        if label and label != ident and not is_generic(label):
            names.setdefault(label, ident)
    return names


# --- Transcripts and codings ----------------------------------------------------------------


def _transcripts(sources: list[_Source], book: Codebook, choices, redact: Redaction,  # type: ignore[no-untyped-def]
                 origin: str, qde: str, log: Log):
    mentions: dict[str, int] = {}
    transcripts: list[Transcript] = []
    total = mapped = partial = several = outside = empty = missing = not_codable = midword = 0
    for item in sources:
        turns = item.turns
        codes: list[list[str]] = [[] for _ in turns]
        selections = item.source.selections
        reading = _offsets(item, origin, log).chosen if selections else None
        for k, selection in enumerate(selections):
            total += 1
            where = f"{qde}:{selection.line}: selection '{selection.name or selection.guid}' in {item.id}"
            assert reading is not None
            span = reading.spans[k]
            if span is None or span[0] >= span[1]:
                if span is None:
                    outside += 1
                    log.warn(f"{where} runs from {selection.start} to {selection.end}, outside its text"
                             f" (0 to {len(item.text)} characters, read as {reading.convention.description});"
                             " skipped. Check the source in your QDA tool")
                else:
                    empty += 1
                    log.warn(f"{where} covers no text; skipped")
                continue
            start, end = span
            if not all(reading.clean[k]):
                midword += 1
                cut = [what for what, ok in zip(("starts", "ends"), reading.clean[k]) if not ok]
                log.warn(f"{where} {' and '.join(cut)} inside a word (at “{_context(item.text, start, end)}”);"
                         f" not mapped, since its rows are uncertain. Add the code to its rows in"
                         f" transcripts/{item.id}.yaml by hand, or correct the selection in your QDA tool and export"
                         " again")
                continue
            while start < end and item.text[start].isspace():
                start += 1
            while end > start and item.text[end - 1].isspace():
                end -= 1
            hit = [k for k, t in enumerate(turns) if start < t.end and end > t.start]
            if not hit:
                empty += 1
                log.warn(f"{where} covers no text; skipped")
                continue
            ids = []
            for guid in selection.codes:
                if guid not in book.known:
                    missing += 1
                    log.warn(f"{where} refers to code {guid}, which is not in the codebook; that coding is skipped")
                    continue
                if guid in book.not_codable:
                    not_codable += 1
                ids.append(book.by_guid[guid])
            if not ids:
                continue
            mapped += 1
            several += len(hit) > 1
            if any(start > max(turns[k].text_start, turns[k].start) or end < _core_end(item.text, turns[k])
                   for k in hit):
                partial += 1
            for k in hit:
                codes[k] += [c for c in ids if c not in codes[k]]
        numbers = item.exported.numbers if item.exported else None
        if numbers is not None and len(numbers) != len(turns):
            log.warn(f"transcript {item.id}: the export lists {len(numbers)} row numbers for {len(turns)} rows;"
                     " rows numbered 1, 2, … instead")
            numbers = None
        rows = []
        for k, turn in enumerate(turns):
            text, found = redact.apply(turn.text)
            for label, count in found.items():
                mentions[label] = mentions.get(label, 0) + count
            speaker, _ = choices[(item.id, turn.label)]
            rows.append(Row(numbers[k] if numbers else k + 1, speaker, text, tuple(codes[k])))
        declared = list(item.exported.speakers.items()) if item.exported else []
        speakers = tuple(dict.fromkeys(declared + [choices[(item.id, t.label)] for t in turns]))
        transcripts.append(Transcript(item.id, item.title, speakers, tuple(rows), guid=item.source.guid))
    log.note(f"codings: {total} coded selections; {mapped} mapped onto rows ({several} span several rows,"
             f" {partial} cover only part of a row: the whole row gets the code)")
    if outside or empty or missing or midword:
        log.warn(f"codings skipped: {outside} selections outside their text, {empty} covering no text,"
                 f" {midword} starting or ending inside a word, {missing} codings of codes not in the codebook")
    if not_codable:
        log.warn(f"{not_codable} codings apply codes marked not codable; they are kept")
    pseudonyms = {**redact.whole, **redact.parts}
    for label, count in sorted(mentions.items()):
        log.note(f"'{label}' is mentioned {count} time{'s' if count != 1 else ''} in the text; replaced by"
                 f" [{pseudonyms.get(label, '?')}]")
    return transcripts, total, mapped


def _offsets(item: _Source, origin: str, log: Log) -> Choice:
    """Decide how this source's offsets count (`offsets.choose`) and log the choice with its score."""
    spans = [(s.start, s.end) for s in item.source.selections]
    choice = offsets.choose(item.raw or item.text, item.text, spans, origin)
    best = choice.chosen
    score = f"{best.score} of {best.positions} selection starts and ends on a word or line boundary"
    if not choice.others:
        log.note(f"transcript {item.id}: offsets read as {best.convention.description}: {score} (the text has no"
                 " CRLF line ends and no characters outside the Basic Multilingual Plane, so the ways tools count"
                 " agree)")
    else:
        compared = "; ".join(f"{r.convention.description}: {r.score}" for r in choice.others)
        log.note(f"transcript {item.id}: offsets read as {best.convention.description}: {score} (compared with"
                 f" {compared})")
    if not best.fits:
        log.warn(f"transcript {item.id}: no way of counting offsets puts its selections on word boundaries (best:"
                 f" {score}); its codings may sit on the wrong rows. Review them against your QDA tool, and report"
                 " the tool and its version to qualsite")
    return choice


def _context(text: str, start: int, end: int) -> str:
    """A few characters around a selection's edges, for the log (which is private)."""
    head = text[max(0, start - 12):start] + "|" + text[start:min(end, start + 12)]
    tail = text[max(start, end - 12):end] + "|" + text[end:end + 12]
    return " ".join(f"{head} … {tail}".split())


def _core_end(text: str, turn: Turn) -> int:
    end = turn.end
    while end > turn.start and text[end - 1].isspace():
        end -= 1
    return end


def _attributes(transcripts: list[Transcript], sources: list[_Source], project: QProject, qde: str,
                log: Log) -> list[Transcript]:
    """Cases → the attributes of the participants whose sources they refer to (variables by name)."""
    variables = {v.guid: v.name for v in project.variables}
    by_source = {s.source.guid: t.id for s, t in zip(sources, transcripts)}
    attributes: dict[str, list[tuple[str, str]]] = {}
    cases_of: dict[str, list[str]] = {}
    for case in project.cases:
        targets = [by_source[g] for g in case.sources if g in by_source]
        if len(targets) == 1:
            cases_of.setdefault(targets[0], []).append(case.guid)
        if not targets:
            log.warn(f"{qde}:{case.line}: a case refers to no imported text source; its variables are not imported")
            continue
        values = [(variables.get(g, g), value) for g, value in case.values if variables.get(g)]
        for target in targets:
            attributes.setdefault(target, []).extend(values)
    if project.cases:
        log.note(f"{len(project.cases)} cases: their variables became participant attributes; case names are not"
                 " published (participants are named by their transcript id)")
    # A participant keeps its case's GUID only when the two are one to one; otherwise an export derives one.
    return [Transcript(t.id, t.title, t.speakers, t.rows, tuple(attributes.get(t.id, ())), t.guid,
                       cases_of[t.id][0] if len(cases_of.get(t.id, ())) == 1 else "") for t in transcripts]


def _memos(project: QProject, container: Container, options: Options, log: Log) -> list[tuple[str, str]]:
    if not project.notes:
        return []
    if not options.include_memos:
        log.note(f"{len(project.notes)} notes (memos) are not imported: they are your private analytic writing;"
                 " pass --include-memos to publish them as a page")
        return []
    memos = []
    for note in project.notes:
        text = note.plain_text
        if text is None and note.plain_text_path:
            data = container.read("sources/" + re.sub(r"^internal://", "", note.plain_text_path))
            text = _decode(data, note.plain_text_path, log) if data is not None else None
        memos.append((note.name or "Memo", (text or "").replace("\r\n", "\n")))
    log.note(f"{len(memos)} notes (memos) imported as pages/memos.md, as you asked")
    return memos
