"""A line-oriented reader of a YAML transcript's rows, for the shapes the format documents (issue 19).

Composing a transcript of 100 rows with the YAML parser and converting its nodes costs about 8 ms; reading its
rows line by line, well under 1 ms. Most transcripts are written in one of two shapes, a row per line or a key
per line:

    rows:
      - {n: 1, speaker: PK, text: "Vad är din roll?", codes: []}
      - n: 2
        speaker: R1
        text: Jag driver ju en avdelning …
        codes: [DIGMED]

`read` recognises exactly these lines, with strict indentation, single-line scalars (plain, '…' or "…" with
JSON's escapes) or `|` / `|-` text, and the keys `n`, `speaker`, `text` and `codes` (a `[…]` list or `- ` items),
and turns each row straight into a `RawRow`. Rows in the usual order of keys and spacing are matched one by one in
the text (`_canonical_rows`); from the first row that is not, a loop over lines reads the rest (`_rows`). The part
of the file above `rows:` (participant, title, speakers) is small and is parsed by `yamlsource.parse`.

Correctness over coverage: `read` returns None, and the caller parses the whole file as before, for anything it
does not recognise with certainty: any character the YAML parser treats specially (tabs, `\\r`, a byte-order
mark, line separators, non-printable characters), comments after a value, anchors, aliases, tags, multi-line
scalars other than `|`, unknown or repeated keys, a row the loader would report a problem about (no number, no speaker, a
number that is not digits, codes that are not a list of text). So a file read here gives the same `Transcript`
and the same problems as the YAML parser: tests/test_rowlines.py holds the two paths to that.
"""

from __future__ import annotations

import functools
import re

from .report import Report
from .rows import RawRow
from .yamlsource import Entry, Mapping, Sequence, parse

_UNSURE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
"""Any character outside the plain printable set (`\\n`, U+0020–U+007E, U+00A0–U+2027, U+202A–U+D7FF,
U+E000–U+FEFE, U+FF00–U+FFFD, U+10000 and up): tabs, `\\r`, NEL and the line separators (YAML line breaks), the
byte-order mark, and what YAML refuses to read. A text holding one is left to the parser. Written as the few ranges
outside that set: compiled as its negation, the class took 10 ms of every build's start-up."""

_ROWS_LINE = re.compile(r"^rows:$", re.M)
_MAX_HEADER = 64 * 1024
"""Above `rows:`, a transcript holds its participant, title and speakers: a few hundred characters. A larger
header is left to the parser at once, so that a hostile one is not parsed twice."""

_BLOCK_KEY = re.compile(r"(n|speaker|text|codes):(?: +|$)")
_FLOW_KEY = re.compile(r"(n|speaker|text|codes): +")
_SPACES = re.compile(r" *")
_DIGITS = re.compile(r"[0-9]{1,18}")  # longer: the parser reports it (`rows.MAX_DIGITS`)
_DOUBLE = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"')
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_FLOW_PLAIN = re.compile(r"\w[^,\[\]{}#:?\"']*")
"""A plain scalar inside `{…}` or `[…]`: starts with a letter, digit or `_`, and holds nothing that could end it
or start another token (trailing spaces are not part of it)."""
_CODE = r"\w[^,\[\]{}#:?\"' ]*"
_CANONICAL = re.compile(
    rf"\{{n: ([0-9]{{1,18}}), speaker: (\w[^,\[\]{{}}#:?\"' ]*), text: (?:\"([^\"\\]*(?:\\.[^\"\\]*)*)\"|'((?:[^']|'')*)')"
    rf"(?:, codes: \[((?:{_CODE}(?:, {_CODE})*)?)\])?\}}")
"""The flow row as `make_corpus` and most tools write it, read with one match (others: `_flow_row`)."""
_LINE_ID = r"\w[^,\[\]{}#:?\"' \n]*"
"""A speaker or a code written plainly on a line of its own: `PK`, `MHÅLL`."""
_SKIP = r"(?:[ ]*(?:#[^\n]*)?\n)*"
"""Blank lines and whole-line comments."""
_FIRST_ITEM = re.compile(rf"{_SKIP}( *)- ")
_BLOCK_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_NULLS = frozenset(("~", "null", "Null", "NULL", ""))
_ESCAPE = re.compile(r"\\(?:([\\\"/bfnrt])|u([0-9A-Fa-f]{4})|(.?))")
_ESCAPES = {"\\": "\\", '"': '"', "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


class _Unsure(Exception):
    """The text is not one of the shapes read here: let the YAML parser read it."""


def read(text: str, path: str, *, language: str = "sv") -> tuple[Mapping, list[RawRow]] | None:
    """The transcript's top-level mapping (its `rows` an empty placeholder) and its rows, or None when unsure.

    The mapping is the one `yamlsource.parse` gives for the whole file, except that `rows` holds no items: its
    rows are returned as `RawRow`s instead, exactly as `transcripts` reads them from nodes, none with a problem.
    """
    if _UNSURE.search(text):
        return None
    found = _ROWS_LINE.search(text)
    if found is None or found.start() > _MAX_HEADER:
        return None
    header = _header(text[:found.end()], path, language)
    if header is None:
        return None
    rows_line = text.count("\n", 0, found.start()) + 1
    body = text[found.end() + 1:]
    try:
        done, item, first_line, end, line = _canonical_rows(body, rows_line + 1)
        raw_rows, first_line = _rows(body[end:].split("\n"), line, done, item, first_line)
    except _Unsure:
        return None
    *entries, rows = header.entries
    if rows.key != "rows" or rows.key_line != rows_line:
        return None
    return Mapping((*entries, Entry("rows", rows_line, Sequence((), first_line))), header.line), raw_rows


def _header(head: str, path: str, language: str) -> Mapping | None:
    """Everything above the rows, and `rows: []`, parsed in the same place as the file holds it: the `rows:`
    line at column 0 ends every construct above it that YAML can close, and one it cannot close is an error."""
    report = Report(path, language=language)
    node = parse(head + " []\n", report)
    if report.problems or not isinstance(node, Mapping) or not node.entries:
        return None
    if sum(1 for e in node.entries if e.key == "rows") != 1:
        return None
    return node


def _canonical_rows(body: str, first: int) -> tuple[list[RawRow], int, int, int, int]:
    """The rows at the start of `body` (the text after `rows:`, whose first line is file line `first`) in the
    usual shapes, each read with one match: `{n: 1, speaker: PK, text: "…", codes: [A]}` on one line, or the keys
    `n`, `speaker`, `text` and `codes` in this order on lines of their own. Stops at the first row of another
    shape, which `_rows` reads (or is unsure of): (rows, the column of their `- `, the first row's line, where in
    `body` and on which line of the file the rest starts)."""
    rows: list[RawRow] = []
    start = _FIRST_ITEM.match(body)
    if start is None:
        return rows, -1, 0, 0, first
    item = len(start.group(1))
    pattern = _canonical_pattern(item)
    at, line = 0, first
    while (match := pattern.match(body, at)) is not None:
        begin, end = match.span("row")
        row_line = line if begin == at else line + body.count("\n", at, begin)
        row = _canonical_match(match, row_line)
        if row is None:
            break
        rows.append(row)
        at, line = end, row_line + body.count("\n", begin, end)
    return (rows, item, rows[0].line, at, line) if rows else (rows, -1, 0, 0, first)


def _canonical_match(match: re.Match[str], line: int) -> RawRow | None:
    """The row `_canonical_pattern` matched, or None when `_rows` must read it."""
    text = match["text"]
    if text is None:  # one line: {n: 1, speaker: PK, text: "…", codes: [A]}
        (n, speaker, codes), listed = match.group("n", "speaker", "codes"), None
    else:
        n, speaker, codes, listed = match.group("block_n", "block_speaker", "block_codes", "listed")
    if speaker in _NULLS:
        return None
    if text is None:
        double = match["double"]
        value = _unescape(double) if double is not None else match["single"].replace("''", "'")
    elif not text or text[-1] == " " or text in ("|", "|-"):
        return None
    else:
        try:
            value = _field("text", *_block_scalar_kind(text))
        except _Unsure:
            return None
    if listed is not None:
        found = tuple(item.lstrip(" ")[2:] for item in listed.rstrip("\n").split("\n"))
    else:
        found = tuple(codes.split(", ")) if codes else ()
    if found and not _NULLS.isdisjoint(found):
        return None
    return RawRow(int(n), speaker, value, found, line)


@functools.lru_cache(maxsize=8)
def _canonical_pattern(item: int) -> re.Pattern[str]:
    """One row in a usual shape whose `- ` is at column `item`, after blank and comment lines, when a row (or the
    end) follows it: then nothing after it belongs to it."""
    d, k = " " * item, " " * (item + 2)

    def codes(name: str) -> str:
        return rf"\[(?P<{name}>(?:{_LINE_ID}(?:, {_LINE_ID})*)?)\]"

    return re.compile(
        rf"{_SKIP}(?P<row>{d}- (?:"
        rf"\{{n: (?P<n>[0-9]{1,18}), speaker: (?P<speaker>{_LINE_ID}), text: "
        rf"(?:\"(?P<double>[^\"\\\n]*(?:\\[^\n][^\"\\\n]*)*)\"|'(?P<single>(?:[^'\n]|'')*)')"
        rf"(?:, codes: {codes('codes')})?\}}\n"
        rf"|n: (?P<block_n>[0-9]{1,18})\n{k}speaker: (?P<block_speaker>{_LINE_ID})\n{k}text: (?P<text>[^\n]*)\n"
        rf"(?:{k}codes: {codes('block_codes')}\n"
        rf"|{k}codes:\n(?P<listed>(?:{k}- {_LINE_ID}\n)+|(?:{k}  - {_LINE_ID}\n)+))?))"
        rf"(?={_SKIP}(?:{d}- |[ ]*(?:#[^\n]*)?\Z))")


def _rows(lines: list[str], first: int, rows: list[RawRow], item: int, first_line: int) -> tuple[list[RawRow], int]:
    """The rows from the lines after `rows:` (`first` is the file line of `lines[0]`), and the first row's line,
    after the `rows` read before them (their `- ` at column `item`, the first on `first_line`)."""
    row: dict[str, object] | None = None  # the block-style row being read: key → value
    row_line = 0
    codes: list[str] | None = None  # the block-style `- ` items of `codes:`, while they are read
    code_column = -1
    at = 0
    while at < len(lines):
        line, number = lines[at], first + at
        at += 1
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":
            continue  # blank lines and whole-line comments are nothing to YAML
        if line[-1] == " ":
            raise _Unsure
        column = len(line) - len(stripped)
        if codes is not None:
            if stripped.startswith("- ") and (column == code_column or (code_column < 0 and column >= item + 2)):
                code_column = column
                codes.append(_code(_block_scalar(stripped[2:])))
                continue
            codes = None
        if stripped.startswith("- ") and (column == item or item < 0):
            if row is not None:
                rows.append(_raw(row, row_line))
            row = None
            if item < 0:
                item, first_line = column, number
            rest = stripped[2:]
            if rest.startswith("{"):
                rows.append(_canonical(rest, number) or _raw(_flow_row(rest), number))
                continue
            row, row_line = {}, number
            codes, at = _block_entry(rest, row, lines, at, item + 2)
        elif row is not None and column == item + 2:
            codes, at = _block_entry(stripped, row, lines, at, item + 2)
        else:
            raise _Unsure
        code_column = -1
    if row is not None:
        rows.append(_raw(row, row_line))
    if not rows:
        raise _Unsure
    return rows, first_line


def _block_entry(text: str, row: dict[str, object], lines: list[str], at: int, column: int
                 ) -> tuple[list[str] | None, int]:
    """Read `key: value` (its key at `column`) into `row`, and the lines of a `|` value from `lines[at]` on.

    Returns, for `codes:` without a value, the list its `- ` items will fill; and the index of the next line.
    """
    match = _BLOCK_KEY.match(text)
    if match is None:
        raise _Unsure
    key, value = match.group(1), text[match.end():]
    if key in row:
        raise _Unsure
    if key == "codes":
        if not value:
            row[key] = items = []
            return items, at
        if value[0] != "[":
            raise _Unsure
        found, end = _flow_list(value, 0)
        if end != len(value):
            raise _Unsure
        row[key] = found
        return None, at
    if key == "text" and value in ("|", "|-"):
        row[key], at = _literal(lines, at, column, keep_newline=value == "|")
        return None, at
    row[key] = _field(key, *_block_scalar_kind(value))
    return None, at


def _literal(lines: list[str], at: int, column: int, *, keep_newline: bool) -> tuple[str, int]:
    """The text of `|` (or `|-`, without the final line break) whose lines start at `lines[at]`, below a key at
    `column`; and the index of the line after it. Its indentation is its first line's, which must hold text."""
    if at >= len(lines) - 1:
        raise _Unsure  # no line, or the last without a line break
    stripped = lines[at].lstrip(" ")
    indent = len(lines[at]) - len(stripped)
    if not stripped or indent <= column:
        raise _Unsure
    content: list[str] = []
    blank = 0
    last = len(lines) - 1  # lines[last] is what follows the file's last line break ("" unless it has none)
    while at < last:
        line = lines[at]
        if not line:
            blank += 1
            at += 1
            continue
        if line[-1] == " ":
            raise _Unsure  # spaces only, or at the end of a line
        if len(line) - len(line.lstrip(" ")) < indent:
            break
        content += [""] * blank + [line[indent:]]
        blank = 0
        at += 1
    if at == last and lines[last]:
        raise _Unsure  # the text ends at the end of the file, without a line break
    return "\n".join(content) + ("\n" if keep_newline else ""), at


def _canonical(text: str, line: int) -> RawRow | None:
    """The row `{n: 1, speaker: PK, text: "…", codes: [A, B]}` with these keys, spaces and quotes, or None."""
    match = _CANONICAL.fullmatch(text)
    if match is None:
        return None
    n, speaker, double, single, codes = match.groups()
    found = tuple(codes.split(", ")) if codes else ()
    if speaker in _NULLS or any(code in _NULLS for code in found):
        return None
    text = _unescape(double) if double is not None else single.replace("''", "'")
    return RawRow(int(n), speaker, text, found, line)


def _flow_row(text: str) -> dict[str, object]:
    """`{n: 1, speaker: PK, text: "…", codes: []}`: the whole rest of the line."""
    row: dict[str, object] = {}
    i = _SPACES.match(text, 1).end()
    while True:
        match = _FLOW_KEY.match(text, i)
        if match is None:
            raise _Unsure
        key, i = match.group(1), match.end()
        if key in row:
            raise _Unsure
        if key == "codes":
            if text[i:i + 1] != "[":
                raise _Unsure
            row[key], i = _flow_list(text, i)
        else:
            value, plain, i = _flow_scalar(text, i)
            row[key] = _field(key, value, plain)
        i = _SPACES.match(text, i).end()
        if text[i:i + 1] == ",":
            i = _SPACES.match(text, i + 1).end()
            continue
        if text[i:] == "}":
            return row
        raise _Unsure


def _flow_list(text: str, i: int) -> tuple[list[str], int]:
    """`[A, B]` starting at `text[i]`: its items and the index after `]`."""
    found: list[str] = []
    i = _SPACES.match(text, i + 1).end()
    if text[i:i + 1] == "]":
        return found, i + 1
    while True:
        value, plain, i = _flow_scalar(text, i)
        found.append(_code((value, plain)))
        i = _SPACES.match(text, i).end()
        c = text[i:i + 1]
        if c == "]":
            return found, i + 1
        if c != ",":
            raise _Unsure
        i = _SPACES.match(text, i + 1).end()


def _flow_scalar(text: str, i: int) -> tuple[str, bool, int]:
    """A scalar inside `{…}` or `[…]` at `text[i]`: (its text, whether plain, the index after it)."""
    c = text[i:i + 1]
    if c == '"':
        match = _DOUBLE.match(text, i)
        if match is None:
            raise _Unsure
        return _unescape(match.group(1)), False, match.end()
    if c == "'":
        match = _SINGLE.match(text, i)
        if match is None:
            raise _Unsure
        return match.group(1).replace("''", "'"), False, match.end()
    match = _FLOW_PLAIN.match(text, i)
    if match is None:
        raise _Unsure
    return match.group().rstrip(" "), True, match.end()


def _block_scalar_kind(text: str) -> tuple[str, bool]:
    """The value after `key: ` up to the end of the line (no trailing spaces): (its text, whether plain)."""
    if not text:
        return "", True  # nothing: null
    c = text[0]
    if c == '"':
        match = _DOUBLE.fullmatch(text)
        if match is None:
            raise _Unsure
        return _unescape(match.group(1)), False
    if c == "'":
        match = _SINGLE.fullmatch(text)
        if match is None:
            raise _Unsure
        return match.group(1).replace("''", "'"), False
    if c in _BLOCK_PLAIN_START or ": " in text or " #" in text or text[-1] == ":":
        raise _Unsure
    return text, True


def _block_scalar(text: str) -> tuple[str, bool]:
    if not text:
        raise _Unsure  # `- ` and nothing: a null item
    return _block_scalar_kind(text)


def _field(key: str, value: str, plain: bool) -> object:
    """A row's `n`, `speaker` or `text` as the loader reads it from the scalar, when it is sure to be valid."""
    if key == "n":
        if not plain or not _DIGITS.fullmatch(value):
            raise _Unsure
        return int(value)
    if plain and value in _NULLS:
        value = ""  # null: `as_text` is empty
    if key == "speaker" and not value.strip():
        raise _Unsure  # reported as empty
    return value


def _code(scalar: tuple[str, bool]) -> str:
    value, plain = scalar
    if plain and value in _NULLS:
        raise _Unsure  # a null item is dropped; rare enough to leave to the parser
    return value


def _raw(row: dict[str, object], line: int) -> RawRow:
    if "n" not in row or "speaker" not in row or "text" not in row:
        raise _Unsure  # reported as missing
    return RawRow(row["n"], row["speaker"], row["text"], tuple(row.get("codes", ())), line)  # type: ignore[arg-type]


def _unescape(text: str) -> str:
    """The content of a "…" scalar with JSON's escapes (any other escape: unsure)."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    simple, code = match.group(1), match.group(2)
    if simple:
        return _ESCAPES[simple]
    if code:
        point = int(code, 16)
        if 0xD800 <= point <= 0xDFFF:
            raise _Unsure
        return chr(point)
    raise _Unsure
