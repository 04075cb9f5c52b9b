"""The line-by-line reader of transcript rows (`qualsite.load.rowlines`, issue 19) reads every file exactly as
the YAML parser does: the same `Transcript` (every row's text, codes and `path:line`) and the same problems.

`read_yaml_transcript` takes the line-by-line path when it is sure and parses otherwise;
`read_yaml_transcript_parsed` always parses. Every real transcript and thousands of generated ones (documented
shapes, odd quoting, unicode, odd spacing, broken lines) must give equal results by both.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from benchmarks.make_corpus import corpus
from qualsite.load import rowlines
from qualsite.load.files import decode
from qualsite.load.report import Report
from qualsite.load.transcripts import read_yaml_transcript, read_yaml_transcript_parsed

ROOT = Path(__file__).resolve().parent.parent


def _both(text: str, transcript_id: str = "R1", path: str = "data/transcripts/R1.yaml", language: str = "sv"):
    """(line-by-line result, parsed result, whether the line-by-line path was taken)."""
    fast = read_yaml_transcript(text, path, transcript_id, language=language)
    parsed = read_yaml_transcript_parsed(text, path, transcript_id, language=language)
    return fast, parsed, rowlines.read(text, path, language=language) is not None


def _real_transcripts() -> list[Path]:
    found = [*ROOT.glob("data/transcripts/*.yaml"), *ROOT.glob("tests/cases/*/data/transcripts/*.yaml"),
             *ROOT.glob("qualsite/starter_study/*/transcripts/*.yaml")]
    return sorted(p for p in found if p.is_file() and not p.name.endswith(".speakers.yaml"))


@pytest.mark.parametrize("path", _real_transcripts(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_real_transcript_reads_the_same_both_ways(path: Path) -> None:
    text = decode(path.read_bytes(), Report("x"))
    if text is None:
        pytest.skip("not UTF-8: refused before any YAML is read")
    fast, parsed, _ = _both(text, path.stem, str(path.relative_to(ROOT)))
    assert fast == parsed


def test_the_thesis_is_read_line_by_line() -> None:
    folder = "tests/cases/thesis/data"  # not data/, which is the researcher's own
    for path in sorted((ROOT / folder / "transcripts").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        (transcript, problems), parsed, lines = _both(text, path.stem, f"{folder}/transcripts/{path.name}")
        assert lines, path
        assert (transcript, problems) == parsed and transcript is not None and problems == []


def test_a_generated_corpus_is_read_line_by_line_with_the_same_result() -> None:
    count = 0
    for name, text in corpus(interviews=30, rows=40, seed=3):
        if name.startswith("transcripts/") and name.endswith(".yaml") and not name.endswith(".speakers.yaml"):
            ident = name.split("/")[1].removesuffix(".yaml")
            fast, parsed, lines = _both(text, ident, f"data/{name}")
            assert lines and fast == parsed and fast[0] is not None
            count += 1
    assert count >= 20  # the corpus's YAML transcripts (some may be CSV)


def test_rows_keep_their_lines_and_values() -> None:
    text = ("# a comment\nparticipant: R1\nspeakers:\n  - {id: PK, role: interviewer}\n  - id: R1\n    role: respondent\n"
            "rows:\n\n  - {n: 1, speaker: PK, text: \"Vad \\\"är\\\" det?\\n\\u00e5\", codes: []}\n"
            "  # between rows\n  - n: 2\n    speaker: R1\n    text: 'Det är ''så'': ja'\n    codes:\n      - KOM\n"
            "      - MED\n  - {text: Hm, speaker: R1, n: 3}\n  - n: 3\n    text:\n    speaker: PK\n    codes: [A, 'B']\n")
    (transcript, problems), parsed, lines = _both(text)
    assert lines and (transcript, problems) == parsed and problems == [] and transcript is not None
    assert [(r.n, r.occurrence, r.speaker, r.text, r.codes, str(r.source)) for r in transcript.rows] == [
        (1, 1, "PK", 'Vad "är" det?\nå', (), "data/transcripts/R1.yaml:9"),
        (2, 1, "R1", "Det är 'så': ja", ("KOM", "MED"), "data/transcripts/R1.yaml:11"),
        (3, 1, "R1", "Hm", (), "data/transcripts/R1.yaml:17"),
        (3, 2, "PK", "", ("A", "B"), "data/transcripts/R1.yaml:18"),
    ]
    assert [str(s.source) for s in transcript.speakers] == ["data/transcripts/R1.yaml:4", "data/transcripts/R1.yaml:5"]


@pytest.mark.parametrize("row", [
    "  - {n: 1, speaker: PK, text: a, text: b}",  # a key twice
    "  - {n: 1, speaker: PK, txt: a}",  # a misspelt key
    "  - {n: -1, speaker: PK, text: a}",  # not a row number
    "  - {n: '1', speaker: PK, text: a}",  # quoted: the parser's business
    "  - {n: 1, speaker: null, text: a}",  # no speaker
    "  - {n: 1, speaker: PK, text: a: b}",  # ': ' in a plain scalar
    "  - {n: 1, speaker: PK, text: a #b}",  # a comment
    "  - {n: 1, speaker: PK, text: &x a}",  # an anchor
    "  - {n: 1, speaker: PK, text: !!str a}",  # a tag
    "  - {n: 1, speaker: PK, text: \"a\\x41\"}",  # an escape JSON does not have
    "  - {n: 1, speaker: PK, text: \"a\tb\"}",  # a tab
    "  - {n: 1, speaker: PK, text: \"a\"} ",  # a trailing space
    "  - {n: 1, speaker: PK, text: \"a\"} # c",  # a comment after the row
    "  - n: 1\n    speaker: PK\n    text: a: b",  # the parser's error
    "  - n: 1\n    speaker: PK\n    text: a\n      b",  # a plain scalar on two lines
    "  - n: 1\n    speaker: PK\n    text: >\n      a",  # a folded block scalar
    "  - n: 1\n    speaker: PK\n    text: |\n\n      a",  # a block scalar that starts with a blank line
    "  - {n: 1, speaker: PK, text: a}\n  - {n: 2, speaker: PK, text: b}\nguid: x",  # a key after the rows
    "  - {n: 1, speaker: PK, text: a, codes: [A, null]}",  # a null code
    "  - {n: 1, speaker: PK, text: a, codes: A}",  # codes not a list
    "  - {n: 1, speaker: PK, text: a}\n---\nx: 1",  # a second document
    "  - n: 1\n    speaker: PK\n    text: a\n    codes: [A]\n    guid: x",  # a usual row, then a key it has not
    "  - n: 1\n    speaker: PK\n    text: a\n    codes: [A]\n    codes: [B]",  # … or one it has
    "  - n: 1\n    speaker: PK\n    text: a\n      b\n  - n: 2\n    speaker: PK\n    text: c",  # text goes on
    "  - n: 1\n    speaker: PK\n    text: a\n    codes:\n    - A\n      - B",  # items not aligned
    "  - n: 1\n    speaker: PK\n    text: a\n  - n: 2\n     speaker: PK\n    text: b",  # a key not aligned
])
def test_what_the_reader_is_unsure_of_is_left_to_the_parser(row: str) -> None:
    text = f"participant: R1\nrows:\n{row}\n"
    fast, parsed, lines = _both(text)
    assert not lines
    assert fast == parsed


def test_usual_and_other_rows_mixed_keep_their_order_and_lines() -> None:
    text = ("participant: R1\nrows:\n  - {n: 1, speaker: PK, text: \"a\"}\n\n  # c\n  - n: 2\n    speaker: R1\n"
            "    text: b\n    codes:\n      - A\n  - {text: c, n: 3, speaker: PK}\n  - {n: 4, speaker: R1, text: 'd'}\n"
            "  - n: 5\n    text: |\n      e\n      f\n    speaker: R1\n  - n: 6\n    speaker: R1\n    text: g\n")
    (transcript, problems), parsed, lines = _both(text)
    assert lines and (transcript, problems) == parsed and problems == [] and transcript is not None
    assert [(r.n, r.text, r.codes, r.source.line) for r in transcript.rows] == [
        (1, "a", (), 3), (2, "b", ("A",), 6), (3, "c", (), 11), (4, "d", (), 12), (5, "e\nf\n", (), 13),
        (6, "g", (), 18)]


# --- Generated transcripts ------------------------------------------------------------------------------------

_SPECIAL = list(" :#\"'\\-?,[]{}&*!|>%@`~\t\n\r\u2028\u2029\x85\ufeff\x07\x7f\u00a0—åäöÅÄÖé😀")
_TEXT = st.text(st.one_of(st.sampled_from(_SPECIAL), st.characters(codec="utf-8"),
                          st.sampled_from(list("abc XYZ 019"))), max_size=30)
_WORDS = st.text(st.sampled_from(list("abcåäöXYZ019 .,!—-")), min_size=1, max_size=60)
_PRINTABLE = st.text(st.one_of(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"),
                                              exclude_characters="\ufeff\x85\ufffe\uffff"),
                                st.sampled_from(list("\t\n\"'\\ :#"))), max_size=30)
"""Any text JSON's or YAML's quotes can hold on one line of a file the line-by-line reader takes."""
_IDS = st.sampled_from(["PK", "R1", "R2", "MR", "I_2", "x-1", "12", "true", "null", "~", "Null", "a.b", "ÅK"])


def _double(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _single(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@st.composite
def _scalar(draw, text: st.SearchStrategy[str]) -> str:
    """A value as YAML in one of many spellings, some of them wrong on purpose."""
    value = draw(text)
    how = draw(st.sampled_from(["double", "double-ascii", "single", "plain", "near-plain", "odd"]))
    if how == "double":
        return _double(value)
    if how == "double-ascii":
        return json.dumps(value)
    if how == "single":
        return _single(value)
    if how == "plain":
        return value
    if how == "near-plain":  # plain text with the characters that may end it, or start something else
        return draw(st.text(st.sampled_from(list("abå Ö1:#?-&*!|>%@`'\",.[]{}~")), min_size=1, max_size=12))
    return draw(st.sampled_from(["", "~", "null", "4", "4.10", "true", "-x", "*a", "&a b", "!!str x", "[a]", "{a: b}",
                                 "'", '"', "a: b", "a #c", "|", "|-\n      line", "a\n      b", "\"a\\x41\"",
                                 "\"\\ud800\"", "\"a\\/b\\bc\"", "'a''b'", "\"\\u00e5\""]))


@st.composite
def _codes(draw) -> list[str]:
    return draw(st.lists(st.one_of(st.sampled_from(["KOM", "MED", "DIGMED", "MHÅLL", "A1", "x_y"]),
                                   _scalar(st.sampled_from(["KOM", "a b", "1", "null", ""]))), max_size=4))


@st.composite
def _literal(draw, column: int, documented: bool) -> str:
    """A `|` value (its lines indented absolutely) for a key at `column`."""
    if documented:
        head = draw(st.sampled_from(["|", "|-"]))
        indent = column + draw(st.sampled_from([1, 2, 4]))
        said = _PRINTABLE.map(lambda t: t.replace("\n", " ").replace("\t", " ").rstrip(" ")).filter(bool)
        lines = draw(st.lists(st.one_of(said, st.just("")), min_size=1, max_size=5).filter(lambda ls: ls[0] and ls[0][0] != " "))
        deeper = [0] + draw(st.lists(st.sampled_from([0, 0, 2]), min_size=len(lines) - 1, max_size=len(lines) - 1))
        return head + "".join(f"\n{' ' * (indent + d)}{line}" if line else "\n" for line, d in zip(lines, deeper))
    head = draw(st.sampled_from(["|", "|-", "|+", ">", "|2", "| # c", "|- ", "|-1"]))
    lines = draw(st.lists(st.tuples(st.integers(0, 10), st.one_of(
        st.sampled_from(["", "# c", "- x", "a: b", "text: x", "   "]),
        _TEXT.map(lambda t: t.replace("\n", " ")))), max_size=5))
    return head + "".join(f"\n{' ' * spaces}{line}" for spaces, line in lines)


@st.composite
def _row(draw, n: int, documented: bool, column: int) -> tuple[str, ...]:
    """The lines of one row whose `- ` is at `column` (the first line of each entry is indented later)."""
    style = draw(st.sampled_from(["flow", "block", "block-codes"]))
    if documented:
        number = str(n)
        speaker = draw(st.sampled_from(["PK", "R1", "MR", "I_2", "ÅK", "12"]))
        quoted = st.one_of(_WORDS.map(_double), _WORDS.map(_single), _PRINTABLE.map(_double),
                            _PRINTABLE.map(lambda t: _single(t.replace("\n", " ").replace("\t", " "))))
        plain = _WORDS.filter(lambda w: w[0] not in "-!,." and w == w.strip(" "))
        words = st.lists(st.text(st.sampled_from(list("abcåäöXYZ019_")), min_size=1), min_size=1, max_size=5)
        text = draw(st.one_of(quoted, plain if style != "flow" else words.map(" ".join)))
        if style != "flow" and draw(st.integers(0, 3)) == 0:
            text = draw(_literal(column + 2, documented=True))
        codes = draw(st.lists(st.sampled_from(["KOM", "MED", "DIGMED", "MHÅLL", "A1"]), max_size=3))
        codes_text = "[" + ", ".join(codes) + "]" if codes or draw(st.booleans()) else None
    else:
        number = draw(st.one_of(st.just(str(n)), _scalar(st.sampled_from(["1", "-2", "x", "", "1.5"]))))
        speaker = draw(st.one_of(_IDS, _scalar(_IDS)))
        text = draw(_scalar(_TEXT)) if draw(st.integers(0, 4)) else draw(_literal(column + 2, documented=False))
        found = draw(_codes())
        codes_text = draw(st.sampled_from(["[" + ", ".join(found) + "]", "[" + ",".join(found) + "]",
                                           "[ " + " , ".join(found) + " ]", None, "", "[]", "x"]))
    entries = [("n", number), ("speaker", speaker), ("text", text)]
    if codes_text is not None:
        entries.append(("codes", codes_text))
    if not documented:
        entries = draw(st.permutations(entries))
        if draw(st.integers(0, 9)) == 0:
            entries.append(draw(st.sampled_from([("txt", "x"), ("text", "again"), ("n", "2"), ("guid", "x")])))
        if draw(st.integers(0, 9)) == 0:
            entries = entries[1:]
    if style == "flow":
        comma = ", " if documented else draw(st.sampled_from([", ", ",", " , ", ",  "]))
        colon = ": " if documented else draw(st.sampled_from([": ", ":  ", ":"]))
        inner = comma.join(f"{k}{colon}{v}" for k, v in entries)
        space = "" if documented else draw(st.sampled_from(["", " ", "  "]))
        return (f"- {{{space}{inner}{space}}}",)
    lines = [f"{k}: {v}" if v != "" else f"{k}:" for k, v in entries]
    if style == "block-codes":
        lines = [line for line in lines if not line.startswith("codes:")]
        codes_list = draw(st.lists(st.sampled_from(["KOM", "MED", "'Q'", "\"Q\""]), min_size=0, max_size=3))
        step = draw(st.sampled_from(["", "  "]))
        lines += ["codes:"] + [f"{step}- {c}" for c in codes_list]
    return ("- " + lines[0], *("  " + line for line in lines[1:]))


_HEADERS = [
    "participant: R1\n",
    "# yaml-language-server: $schema=../schema/transcript.schema.json\nparticipant: R1\n",
    "participant: R1\ntitle: \"Transkribering av intervju: Respondent 1\"\nspeakers:\n  - id: PK\n"
    "    role: interviewer          # interviewer | respondent | other\n  - id: R1\n    role: respondent\n",
    "participant: R1\ntitle: 'Intervju 1'\nspeakers:\n  - {id: PK, role: interviewer}\n  - {id: R1, role: respondent}\n",
    "participant: R1\nguid: 3f2b8c1e-5d4a-4b6e-9c1f-2a7e8d9b0c31\n",
]
_ODD_HEADERS = _HEADERS + [
    "", "---\nparticipant: R1\n", "participant: R2\n", "participant: R1\nrows: []\n", "participant: R1\ntitle: |\n  a\n",
    "participant: R1\ntitle: \"a\n", "participant: R1\nspeakers: [\n", "participant: R1\ntitle: &t T\n",
    "participant: R1\nspeakers:\n  - {id: PK, role: boss}\n", "participant: R1\nsubject: x\n", "[a]\n",
]
_JUNK = ["", "# comment", "  # indented comment", "   ", "\t", "---", "...", "guid: x", "  x", "rows:", "- a"]


@st.composite
def _transcript(draw, documented: bool) -> str:
    """A transcript; unless `documented`, some of its parts (how many varies) are odd or wrong."""
    odd = 0.0 if documented else draw(st.sampled_from([0.0, 0.05, 0.2, 0.5, 1.0]))

    def is_odd() -> bool:
        return odd > 0 and draw(st.floats(0, 1)) < odd

    header = draw(st.sampled_from(_ODD_HEADERS if is_odd() else _HEADERS))
    indent = draw(st.sampled_from(["", "  ", "    "]))
    count = draw(st.integers(0 if is_odd() else 1, 6))
    lines: list[str] = []
    for n in range(1, count + 1):
        row = draw(_row(n, not is_odd(), len(indent)))
        lines += [indent + line for line in row]
        if draw(st.integers(0, 4)) == 0:
            lines.append(draw(st.sampled_from(_JUNK if is_odd() else ["", "# c", indent + "  # c"])))
    if lines and is_odd():  # a stray line between two others, at any indentation
        stray = draw(st.sampled_from(["guid: x", "more", "codes: [B]", "- A", "- x", "text: again", "n: 9", "# c"]))
        lines.insert(draw(st.integers(0, len(lines))), " " * draw(st.integers(0, 8)) + stray)
    if lines and is_odd():
        at = draw(st.integers(0, len(lines) - 1))
        lines[at] = lines[at] + draw(st.sampled_from([" ", "  # c", "\t", ":", " x"]))
    end = "" if is_odd() else "\n"
    return header + "rows:\n" + "\n".join(lines) + end


@settings(max_examples=1500, deadline=None)
@given(_transcript(documented=False), st.sampled_from(["sv", "en"]))
def test_any_transcript_reads_the_same_both_ways(text: str, language: str) -> None:
    fast, parsed, lines = _both(text, language=language)
    event("line by line" if lines else "parsed")
    assert fast == parsed


@settings(max_examples=500, deadline=None)
@given(_transcript(documented=True))
def test_documented_shapes_are_read_line_by_line(text: str) -> None:
    fast, parsed, lines = _both(text)
    assert fast == parsed
    assert lines, text


def test_the_benchmark_loads_a_tiny_corpus_both_ways_in_both_shapes(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "benchmarks/load_transcripts.py", "--interviews", "3", "--rows", "8",
                             "--repeat", "1", "--keep", str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert [line.split("|")[1].strip() for line in result.stdout.splitlines() if line.startswith("| ")][1:] == [
        "flow", "block"]
    block = (tmp_path / "block" / "data" / "transcripts" / "R1.yaml").read_text(encoding="utf-8")
    assert "\n- n: 1\n  speaker: " in block
    assert rowlines.read(block, "R1.yaml") is not None
