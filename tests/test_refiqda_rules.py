"""The REFI-QDA import's rules, on small projects built here: how offsets are read, what counts as mapped, whose
names are replaced where, what counts as a speaker, and what becomes of empty, binary and very long sources."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from qualsite.checks.anonymity import TermMatcher
from qualsite.load.codebook import read_codebook
from qualsite.refiqda import Options, import_qdpx
from qualsite.refiqda.offsets import CONVENTIONS, choose, mid_word
from qualsite.refiqda.speakers import ROW_MAX, redaction, split_turns

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT.parent / "shared" / "fixtures" / "refi-qda"
SCHEMAS = FIXTURES if (FIXTURES / "Project.xsd").is_file() else None
GUID = "f0000000-0000-4000-8000-{:012d}"


def qdpx(text: bytes | str, selections: list[tuple[int, int]] = (), codes: str = "", origin: str = "",
         users: str = "") -> bytes:
    """A project of one text source, its selections (each coded with code 1) and optionally more codes."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    picked = "".join(
        f'<PlainTextSelection guid="{GUID.format(100 + k)}" name="s{k}" startPosition="{a}" endPosition="{b}">'
        f'<Coding guid="{GUID.format(200 + k)}"><CodeRef targetGUID="{GUID.format(1)}"/></Coding>'
        "</PlainTextSelection>" for k, (a, b) in enumerate(selections))
    qde = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="t"'
           f' origin="{origin}">{users}<CodeBook><Codes><Code guid="{GUID.format(1)}" name="Work" isCodable="true"/>'
           f'{codes}</Codes></CodeBook><Sources><TextSource guid="{GUID.format(10)}" name="s"'
           f' plainTextPath="internal://s.txt">{picked}</TextSource></Sources></Project>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr("sources/s.txt", data)
    return buffer.getvalue()


def imported(archive: bytes):  # type: ignore[no-untyped-def]
    return import_qdpx(archive, "t.qdpx", Options(schemas=SCHEMAS))


# --- Offsets --------------------------------------------------------------------------------------------


INTERVIEW = ("Interviewer: Hi 😀 😀 welcome, and thanks for coming.\r\nAnna: Thank you 😀.\r\n"
             "Interviewer: Where did you grow up?\r\nAnna: In the north, by the sea 😀, far away.\r\n"
             "Interviewer: And your work?\r\nAnna: I build boats, mostly wooden ones.\r\n")
PHRASES = ("thanks for coming", "In the north", "far away", "I build boats", "wooden ones")


def _offset(text: str, index: int, key: str) -> int:
    """Offset of character `index` of `text` (CRLF line ends), counted under the convention `key`."""
    head = text[:index]
    if key in ("chars", "utf16"):
        head = head.replace("\r\n", "\n")
    return len(head.encode("utf-16-le")) // 2 if key.startswith("utf16") else len(head)


@pytest.mark.parametrize("convention", CONVENTIONS, ids=lambda c: c.key)
def test_each_convention_is_recognised_from_where_selections_fall(convention) -> None:  # type: ignore[no-untyped-def]
    spans = [(INTERVIEW.index(p), INTERVIEW.index(p) + len(p)) for p in PHRASES]
    written = [(_offset(INTERVIEW, a, convention.key), _offset(INTERVIEW, b, convention.key)) for a, b in spans]
    normal = INTERVIEW.replace("\r\n", "\n")
    choice = choose(INTERVIEW, normal, written)
    assert choice.chosen.convention == convention
    assert [normal[a:b] for a, b in choice.chosen.spans] == list(PHRASES)
    assert choice.chosen.score == 2 * len(PHRASES) and all(r.score < choice.chosen.score for r in choice.others)


def test_text_without_spaces_between_words_has_boundaries_everywhere() -> None:
    text = "Interviewer: 你在哪里长大？\nAnna: 我在北方长大，靠近大海。\n"
    start = text.index("北方")
    assert choose(text, text, [(start, start + 2)]).chosen.score == 2
    assert not mid_word("我在北方", 2) and mid_word("boats", 2)


def test_a_text_without_crlf_or_emoji_has_one_reading() -> None:
    choice = choose("A: one two.\nB: three.\n", "A: one two.\nB: three.\n", [(3, 6)])
    assert [c.convention.key for c in (choice.chosen, *choice.others)] == ["chars"]


def test_nvivo_windows_offsets_land_on_the_rows_that_hold_the_phrases() -> None:
    spans = [(INTERVIEW.index(p), INTERVIEW.index(p) + len(p)) for p in PHRASES]
    written = [(_offset(INTERVIEW, a, "utf16-crlf"), _offset(INTERVIEW, b, "utf16-crlf")) for a, b in spans]
    result = imported(qdpx(INTERVIEW, written, origin="NVivo for Windows 12.6"))
    rows = result.files["transcripts/R1.yaml"].split("- n: ")[1:]
    holding = [any(p in row for p in PHRASES) for row in rows]
    assert [("- Work" in row) for row in rows] == holding and sum(holding) == 3
    assert result.mapped == result.selections == 5


def test_selections_inside_words_are_not_mapped_and_no_fit_is_a_warning() -> None:
    text = "Interviewer: What do you grow?\nFarmer: Mostly potatoes, some leeks.\nInterviewer: Why?\nFarmer: They keep.\n"
    start = text.index("potatoes") + 2
    result = imported(qdpx(text, [(start, start + 10), (text.index("They"), text.index("keep") + 4)]))
    log = result.log.text()
    assert result.selections == 2 and result.mapped == 1
    assert ("selection 's0' in R1 starts and ends inside a word (at “r: Mostly po|tatoes, so … tatoes, so|me leeks."
            " In”); not mapped, since its rows are uncertain. Add the code to its rows in transcripts/R1.yaml by"
            " hand") in log
    assert "warning: transcript R1: no way of counting offsets puts its selections on word boundaries (best: 2 of 4" \
           in log
    assert "codings skipped: 0 selections outside their text, 0 covering no text, 1 starting or ending inside a" \
           " word" in log


# --- Names: one definition of a word, every file ---------------------------------------------------------


def test_redaction_and_the_forbidden_term_check_agree_on_words() -> None:
    redact = redaction({"Anna Berg": "I1", "Kim": "R1"})
    texts = ["Kim-related", "Kims", "KIM said", "anna  berg", "Berg-Nilsson", "Kimberley", "kim_x", "Anna-Berg"]
    matcher = TermMatcher(["Anna Berg", "Kim"])
    for text in texts:
        after = redact.text(text)
        assert list(matcher.find(after)) == [], (text, after)
    assert [redact.text(t) for t in texts[:6]] == ["[R1]-related", "[R1]", "[R1] said", "[I1]", "[I1]-Nilsson",
                                                   "Kimberley"]


def test_names_are_replaced_in_every_file_the_import_writes(tmp_path: Path) -> None:
    text = ("Interviewer: Who helped, Anna?\nAnna: My sister Anna-Karin did.\nInterviewer: And then?\n"
            "Anna: Then nobody.\n")
    codes = (f'<Code guid="{GUID.format(2)}" name="Anna-stories" isCodable="true" color="#112233">'
             f"<Description>What Anna tells</Description>"
             f'<Code guid="{GUID.format(3)}" name="Anna" isCodable="true" color="#445566"/></Code>')
    users = f'<Users><User guid="{GUID.format(50)}" name="Coder Person"/></Users>'
    archive = qdpx(text + "Anna: Coder Person helped too.\n", [(text.index("My"), text.index("did."))],
                   codes=codes, users=users)
    result = imported(archive)
    public = {k: v for k, v in result.files.items() if not k.startswith("private/")}
    matcher = TermMatcher(["Anna", "Coder Person"])
    assert [(path, line) for path, body in public.items() for line in body.splitlines()
            if list(matcher.find(line))] == []
    assert "Anna-stories" not in public["codebook.yaml"] and "colour: '#445566'" in public["codebook.yaml"]
    assert result.files["private/forbidden-terms.txt"].splitlines()[-2:] == ["Anna", "Coder Person"]
    (tmp_path / "data.qdpx").write_bytes(archive)
    run = [sys.executable, str(ROOT / "build_site.py")]
    assert subprocess.run(run + ["import", "data.qdpx", "--into", "data"], cwd=tmp_path).returncode == 0
    checked = subprocess.run(run + ["--check", "--strict"], cwd=tmp_path, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


# --- Speakers ---------------------------------------------------------------------------------------------


def test_recurring_topic_labels_are_not_speakers() -> None:
    notes = ("Covid: the schools closed in March.\nCovid: teachers moved online.\nEconomy: shops closed.\n"
             "Economy: many lost their jobs.\nCovid: vaccines came in the spring.\n")
    split = split_turns(notes)
    assert split.by_paragraph and split.not_interview.startswith("2 of 4 labelled lines repeat the label")
    result = imported(qdpx(notes))
    assert ("warning: transcript R1: does not look like an interview, so the labels that start its lines are not"
            " taken for speakers: 2 of 4 labelled lines repeat") in result.log.text()
    assert "speaker: R1\n  text: 'Covid: the schools" in result.files["transcripts/R1.yaml"]


def test_topic_labels_that_are_common_words_are_not_speakers() -> None:
    notes = ("Schools: closed for a term; schools reopened later.\nHealth: the clinics were full of health"
             " workers.\nSchools: exams were cancelled.\nHealth: vaccines came.\n")
    assert split_turns(notes).not_interview.startswith("2 of its 2 labels are words the text also writes in lower")


def test_a_speaker_seen_once_is_a_speaker_in_an_interview_but_a_note_is_not() -> None:
    text = ("Interviewer: Who helped you?\nAnna: My sister did.\nNote: the phone rang.\nKim: Sorry, I must go.\n"
            "Interviewer: Anything else?\nAnna: No.\nIn March: we moved.\nAnna van Berg: Hello.\n")
    split = split_turns(text)
    assert [t.label for t in split.turns] == ["Interviewer", "Anna", "Kim", "Interviewer", "Anna", "Anna van Berg"]
    assert split.once == ((4, "Kim"), (8, "Anna van Berg")) and split.rejected == ((3, "Note"), (7, "In March"))
    assert split.turns[4].text == "No. In March: we moved."


# --- Sources that are not transcripts ------------------------------------------------------------------------


@pytest.mark.parametrize("data, message", [
    (b"", "is empty; not imported (no transcript without rows)"),
    (b"\n \r\n\t", "is empty; not imported"),
    (b"\x00" * 64, "holds only NUL bytes; not imported"),
    (bytes(range(256)) * 8, "is not plain text ("),
])
def test_empty_or_binary_sources_are_reported_and_skipped(data: bytes, message: str) -> None:
    result = imported(qdpx(data, [(0, 1)]))
    log = result.log.text()
    assert message in log and "its 1 coded selections are not imported either" in log
    assert not [k for k in result.files if k.startswith("transcripts/")]
    assert "findings/1-findings.md" not in result.files


def test_utf16_without_byte_order_mark_is_read() -> None:
    text = "Interviewer: Hello there.\nAnna: Hello.\nInterviewer: Bye.\nAnna: Bye now.\n"
    result = imported(qdpx(text.encode("utf-16-le"), [(text.index("Hello."), text.index("Hello.") + 6)]))
    assert "UTF-16 text without a byte-order mark; read as UTF-16-LE" in result.log.text()
    assert result.mapped == 1 and "text: Hello.\n  codes:\n  - Work" in result.files["transcripts/R1.yaml"]


def test_a_long_text_without_turns_or_blank_lines_becomes_rows_of_sentences() -> None:
    line = "We walked along the river and talked about the town. It rained"
    text = "\n".join(f"{line} {n} times!" for n in range(15_000)) + "\n"
    split = split_turns(text)
    assert split.by_paragraph and len(split.turns) > 1_000
    assert max(len(t.text) for t in split.turns) <= ROW_MAX
    assert all(t.text.endswith("times!") for t in split.turns)
    assert " ".join(t.text for t in split.turns) == " ".join(text.split())


# --- The loader accepts what the import keeps -------------------------------------------------------------


def test_codebook_groups_and_code_colours_load_and_are_checked() -> None:
    good = ('areas:\n- name: A\n  colour: "#112233"\n  codes:\n  - code: x\n    colour: "#445566"\n  - code: y\n'
            "groups:\n- name: G\n  codes: [x, y]\n- name: Empty\n  codes: []\n")
    codebook, problems = read_codebook(good, "data/codebook.yaml")
    assert codebook is not None and problems == []
    assert [(c.id, c.colour) for c in codebook.codes] == [("x", "#445566"), ("y", None)]
    assert [(g.name, g.codes) for g in codebook.groups] == [("G", ("x", "y")), ("Empty", ())]
    bad = good.replace("[x, y]", "[x, z]").replace('"#445566"', "blue")
    codebook, problems = read_codebook(bad, "data/codebook.yaml")
    assert codebook is None
    assert [str(p) for p in problems] == [
        "data/codebook.yaml:6: colour 'blue' is not a colour written as #rrggbb; write # and six hex digits in"
        ' quotes, e.g. colour: "#2e7d32"',
        "data/codebook.yaml:9: group 'G' lists code 'z', which is not a code of this codebook; correct"
        " the id, or remove it from the group",
    ]


# --- Whatever the bytes, a message and never a traceback ---------------------------------------------------


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from qualsite.refiqda import ImportFailed  # noqa: E402


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda t: t.encode("utf-8")),
       st.lists(st.tuples(st.integers(-5, 500), st.integers(-5, 500)), max_size=4))
def test_any_source_bytes_and_offsets_import_or_say_why(data: bytes, selections: list[tuple[int, int]]) -> None:
    try:
        result = import_qdpx(qdpx(data, selections), "t.qdpx", Options(schemas=None))
    except ImportFailed as error:
        assert error.messages
        return
    assert result.mapped <= result.selections <= len(selections)
    assert all(k.startswith(("study", "codebook", "participants", "transcripts/", "findings/", "reviewed",
                             "private/")) for k in result.files)


@pytest.mark.parametrize("data", [b"", b"\x00" * 10, b"<CodeBook", b"<?xml version='1.0'?><Project/>",
                                  b"PK\x03\x04broken", b"<?xml version='1.0'?><CodeBook xmlns='urn:QDA-XML:codebook:1.0'/>"])
def test_broken_archives_and_codebooks_say_what_is_wrong(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "x.qdc").write_bytes(data)
    done = subprocess.run([sys.executable, str(ROOT / "build_site.py"), "import", "x.qdc", "--into", "d"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert "Traceback" not in done.stderr
    if done.returncode:
        assert done.returncode == 1 and done.stderr.startswith("x.qdc") and "Import failed." in done.stderr


def test_an_area_without_codes_comes_back_from_qualsites_own_export_as_an_area_only(tmp_path: Path) -> None:
    from qualsite.load import load
    from qualsite.refiqda import study_qdpx, write_folder

    result = imported(qdpx("Interviewer: Hello there.\nAnna: Hello.\nInterviewer: Bye.\nAnna: Bye now.\n",
                           codes=f'<Code guid="{GUID.format(2)}" name="Empty" isCodable="true"><Code'
                                 f' guid="{GUID.format(3)}" name="Only" isCodable="true"/></Code>'))
    write_folder(result.files, tmp_path / "data", overwrite=False)
    codebook = tmp_path / "data" / "codebook.yaml"
    # a researcher's area that holds no code yet
    codebook.write_text(codebook.read_text() + '- id: later\n  name: Later\n  colour: "#123456"\n  codes: []\n')
    project, problems = load(tmp_path / "data", tmp_path)
    assert project is not None, problems
    back = imported(study_qdpx(project))
    write_folder(back.files, tmp_path / "back", overwrite=False)
    again, problems = load(tmp_path / "back", tmp_path)
    assert again is not None, problems
    shape = lambda p: [(a.id, a.name, [c.id for c in a.codes]) for a in p.codebook.areas]  # noqa: E731
    assert shape(again) == shape(project) and shape(project)[-1] == ("later", "Later", [])
