"""Anonymity: forbidden terms (in the data and in the rendered output) and the likely-identifier detector."""

from __future__ import annotations

import io
import os
import time
import zipfile
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualsite.checks.anonymity import (
    ForbiddenTerm, IdentifierRules, OutputGuard, TermMatcher, check_forbidden, check_identifiers,
    check_private_terms_arrived, forbidden_terms, guard_output,
)

from test_checks import R1_ROWS, make_document, make_project, make_transcript


def project_saying(*texts: str, **kwargs):
    rows = [(10 + i, "R1", text, ()) for i, text in enumerate(texts)]
    return make_project(transcripts=(make_transcript("R1", R1_ROWS + rows),), **kwargs)


# --- Forbidden terms ----------------------------------------------------------------------------


def test_terms_come_from_memory_the_private_file_and_the_secret(tmp_path: Path, monkeypatch):
    private = tmp_path / "data" / "private"
    private.mkdir(parents=True)
    (private / "forbidden-terms.txt").write_text("# names\nTestby\n\nProvstad  # a comment\n", encoding="utf-8")
    monkeypatch.setenv("QUALSITE_FORBIDDEN_TERMS", "# from CI\nHemby\n")
    terms = forbidden_terms(project_saying(forbidden=["Exempelby"]), tmp_path)
    assert [(t.text, t.origin) for t in terms] == [
        ("Exempelby", "#1 in the study's forbidden_terms"),
        ("Testby", "#1 in forbidden-terms.txt"),
        ("Provstad", "#2 in forbidden-terms.txt"),
        ("Hemby", "#1 in the QUALSITE_FORBIDDEN_TERMS secret"),
    ]
    monkeypatch.delenv("QUALSITE_FORBIDDEN_TERMS")
    assert forbidden_terms(project_saying(), tmp_path / "elsewhere") == ()


def test_a_study_with_private_terms_fails_closed_when_none_reach_the_build(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("QUALSITE_FORBIDDEN_TERMS", raising=False)
    project = project_saying()
    project = type(project)(**{**project.__dict__, "study": replace(project.study, private_terms=True)})
    assert [str(p) for p in check_private_terms_arrived(project, forbidden_terms(project, tmp_path))] == [
        "data/study.yaml: the study sets private_terms: true, but no forbidden terms reached this build; put them in"
        " data/private/forbidden-terms.txt (one a line), or in CI set the repository secret QUALSITE_FORBIDDEN_TERMS"
        " to that list — see format/README.md#anonymity"]
    monkeypatch.setenv("QUALSITE_FORBIDDEN_TERMS", "Hemby\n")
    assert check_private_terms_arrived(project, forbidden_terms(project, tmp_path)) == []


def test_forbidden_terms_are_reported_without_echoing_them():
    project = project_saying("Vi i testbyS kommun och Testby.", "Testbygden är ett annat ord.", forbidden=["Testby"])
    problems = check_forbidden(project, forbidden_terms(project, "/nonexistent"), "/nonexistent")
    assert [str(p) for p in problems] == [
        "data/transcripts/R1.yaml:30: forbidden term 'T…' (6 letters, #1 in the study's forbidden_terms) appears here; "
        "replace it with — or a pseudonym",
    ] * 2
    assert all("Testby" not in p.message for p in problems)


def test_multi_word_terms_match_across_any_whitespace():
    problems = check_forbidden(project_saying("i Norra\n  Provstaden och Norra Provstad"),
                               [ForbiddenTerm("Norra Provstad", "#1")], "/nonexistent")
    assert len(problems) == 1


def test_the_data_files_are_scanned_line_by_line(tmp_path: Path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "study.yaml").write_text(
        "title: Om Testby\nanonymity:\n  private_terms: true\n  reviewed_terms: []\n", encoding="utf-8")
    (tmp_path / "data" / "CORRECTIONS.yaml").write_text("a: 1\nwhy: testby nämns\n", encoding="utf-8")
    project = project_saying(forbidden=["Testby"])
    project = type(project)(**{**project.__dict__, "data_files": ("data/study.yaml", "data/CORRECTIONS.yaml")})
    problems = check_forbidden(project, forbidden_terms(project, tmp_path), tmp_path)
    assert [str(p.source) for p in problems] == ["data/study.yaml:1", "data/CORRECTIONS.yaml:2"]


def test_guard_output_reads_pages_bytes_and_zip_members():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data/transcripts/R1.yaml", "rows:\n  - text: hos Testby\n")
        archive.writestr("data/study.yaml", "title: ren\n")
    pages = {
        "transcripts/r1.md": "# R1\n\nDet var i TESTBY.\n",
        "downloads/segments.csv": "n,text\n1,Testbys skola\n".encode("utf-8"),
        "downloads/data.zip": buffer.getvalue(),
        "index.md": "Inget här.",
    }
    problems = guard_output(pages, ["Testby"])
    assert [str(p.source) for p in problems] == [
        "downloads/data.zip!data/transcripts/R1.yaml:2", "downloads/segments.csv:2", "transcripts/r1.md:3",
    ]
    assert problems[0].message == "forbidden term 'T…' (6 letters, #1) would be published; remove it from the data"
    assert guard_output(pages, []) == []


# --- Likely identifiers ----------------------------------------------------------------------------


def identifiers(*texts: str, reviewed=(), rules=None, documents=()):
    project = project_saying(*texts, reviewed=reviewed)
    if documents:
        project = type(project)(**{**project.__dict__, "findings": tuple(documents)})
    return [str(p) for p in check_identifiers(project, rules=rules)]


def test_a_name_before_a_place_word_is_flagged_but_not_a_redaction_or_a_common_word():
    assert identifiers("Jag jobbar i Testviks kommun.", "Jag jobbar i — kommun.", "Varje kommun gör så.",
                       "Alla skolor, Skolan och Kommunen, gör så; kommunen och skolan.") == [
        "data/transcripts/R1.yaml:30: warning: possible identifier 'T…' (8 letters) before a place or organisation; "
        "redact it with —, or if it may be published, add it to anonymity.reviewed_terms in study.yaml",
    ]


def test_names_next_to_introductions_and_roles():
    found = identifiers("Jag heter Sixten och är chef.", "Mitt namn är Rut.", "Berit som är IT-chef vet.",
                        "Kalle heter jag.", "— heter jag ju.")
    assert [line.split("possible identifier ")[1].split(";")[0] for line in found] == [
        "'S…' (6 letters) after an introduction",
        "'R…' (3 letters) after an introduction",
        "'B…' (5 letters) next to a role",
        "'K…' (5 letters) before an introduction",
    ]


def test_reviewed_terms_are_kept_quiet():
    texts = ("Som i Testviks kommun.", "I Provsta stad också.")
    assert len(identifiers(*texts)) == 2
    assert identifiers(*texts, reviewed=("Testvik", "Provsta stad")) == []


def test_the_rules_are_tunable():
    rules = IdentifierRules(places=("hamn",))
    assert len(identifiers("Vi har Testviks kommun och Provsta hamn.", rules=rules)) == 1


def test_documents_are_scanned_too():
    document = make_document("Respondenten i Testviks kommun sa (R1:4).\n")
    assert [line.split(":")[0] + ":" + line.split(":")[1] for line in identifiers(documents=[document])] == [
        "data/findings/4-1-strategi.md:6",
    ]


# --- The guard on folded text: no spelling of a term slips through --------------------------------------------------

INVISIBLE = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202a", "\u202c", "\u200e"]
LETTERS = "abcdefghijklmnoprstuvyåäöéü"


@st.composite
def disguised(draw):
    """A fictional term of one or two words, and the same term as copy-paste, editors or a hostile edit write it."""
    words = draw(st.lists(st.text(LETTERS, min_size=3, max_size=9), min_size=1, max_size=2))
    term = " ".join(w.capitalize() for w in words)
    text = term
    if draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)
    if draw(st.booleans()):
        text = text.upper() if draw(st.booleans()) else text.swapcase()
    chars = list(text)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(1, len(chars) - 1))
        chars.insert(at, draw(st.sampled_from(INVISIBLE)))
    text = "".join(chars)
    if draw(st.booleans()):  # emphasis or inline HTML in the middle of the first word
        at = draw(st.integers(1, len(words[0]) - 1))
        mark = draw(st.sampled_from(["**", "*", "_", "`", "<b>", "</span>", "<em class='x'>"]))
        text = text[:at] + mark + text[at:]
    if " " in text and draw(st.booleans()):
        text = text.replace(" ", draw(st.sampled_from(["\n", "  \n   ", "\u00a0", "\t"])), 1)
    listed = unicodedata.normalize("NFD", term) if draw(st.booleans()) else term
    return listed, text


@given(disguised(), st.sampled_from(["Vi åkte till {} i fjol.", "{}", "> ”Det var i {}.” (R1:2)", "| {} | x |",
                                     '<span title="{}">x</span>', "<!-- {} -->"]))
@settings(max_examples=300, deadline=None)
def test_the_guard_refuses_a_term_however_it_is_written(pair, sentence):
    listed, written = pair
    page = "# Tema\n\n" + sentence.format(written) + "\n"
    problems = guard_output({"findings/x.md": page}, [ForbiddenTerm(listed, "#1")])
    assert problems, f"{written!r} slipped past the guard for {listed!r}"
    assert all(listed not in p.message and written not in p.message for p in problems)


@pytest.mark.parametrize("hyphen", ["-", "\u2010", "\u2011"])
def test_a_double_name_is_found_whatever_hyphen_joins_it(hyphen):
    """Word and PDFs write double names with Unicode's hyphen or its non-breaking form, which NFKC leaves a hyphen
    other than `-`; a list writes them either way too."""
    for listed in ("Anna-Karin", "Anna\u2011Karin"):
        page = f"Vi pratade med Anna{hyphen}Karin i går.\n"
        found = guard_output({"a.md": page}, [ForbiddenTerm(listed, "#1")])
        assert [str(p.source) for p in found] == ["a.md:1"], (listed, hyphen)


def test_the_guard_still_keeps_to_whole_words():
    terms = [ForbiddenTerm("Lund", "#1")]
    assert guard_output({"a.md": "Lundagård och Blund, men inte Lunds eller LUND-bor"}, terms) != []
    assert guard_output({"a.md": "Lundagård, Blund och Kalund"}, terms) == []


def test_the_guard_reads_file_names_and_the_line_a_broken_term_starts_on():
    terms = [ForbiddenTerm("Norra Hamnen", "#1"), ForbiddenTerm("Karlsson", "#2")]
    problems = guard_output({"transcripts/karlsson.md": "a\nb\nvi bor i Norra\nHamnen\n"}, terms)
    assert sorted(str(p.source) for p in problems) == ["transcripts/karlsson.md", "transcripts/karlsson.md:3"]


def test_one_pass_finds_each_of_many_terms():
    terms = [ForbiddenTerm(f"Ortnamn{i:03d}", f"#{i}") for i in range(300)]
    text = " ".join(f"ortnamn{i:03d}" for i in range(0, 300, 7))
    assert [t.origin for t in TermMatcher(terms).find(text)] == [f"#{i}" for i in range(0, 300, 7)]


def test_the_guard_split_over_two_processes_finds_what_one_finds(monkeypatch):
    from qualsite.checks import anonymity

    pages = {f"transcripts/r{i}.md": f"rad {i}\n" * 50 + ("Vi var i Hemby.\n" if i % 7 == 0 else "") for i in range(40)}
    pages["downloads/x.bin"] = "Hemby".encode("utf-8")
    pages["codebook/x.md"] = '<a title="Hemby">x</a>'
    terms = [ForbiddenTerm("Hemby", "#1")]
    monkeypatch.setattr(anonymity, "PARALLEL_CHARACTERS", 10 ** 12)
    alone = guard_output(pages, terms)
    monkeypatch.setattr(anonymity, "PARALLEL_CHARACTERS", 0)
    split = guard_output(pages, terms)
    assert split == alone and len(alone) == 8



def _pages_with_a_few_hits() -> dict[str, str | bytes]:
    pages: dict[str, str | bytes] = {
        f"transcripts/r{i}.md": f"rad {i}\n" * 50 + ("Vi var i Hemby.\n" if i % 7 == 0 else "") for i in range(40)}
    pages["downloads/x.bin"] = "Hemby".encode("utf-8")
    pages["codebook/x.md"] = '<a title="Hemby">x</a>'
    pages["participants/hemby.md"] = "ren"  # in its address only
    return pages


@pytest.mark.parametrize("parallel_characters", [0, 600, 10 ** 12])
def test_the_guard_fed_a_kind_at_a_time_finds_what_one_search_finds(monkeypatch, parallel_characters: int):
    from qualsite.checks import anonymity

    pages, terms = _pages_with_a_few_hits(), [ForbiddenTerm("Hemby", "#1")]
    whole = guard_output(pages, terms)
    monkeypatch.setattr(anonymity, "PARALLEL_CHARACTERS", parallel_characters)  # every part, some, or none forked
    with OutputGuard(terms) as guard:
        for kind in ("transcripts/", "downloads/", "codebook/", "participants/"):
            guard.add({path: content for path, content in pages.items() if path.startswith(kind)})
        assert guard.problems() == whole and len(whole) == 9
    assert sorted({str(p.source) for p in whole})[:2] == ["codebook/x.md:1", "downloads/x.bin:1"]


@pytest.mark.parametrize("parallel_characters", [0, 10 ** 12])
def test_pages_handed_over_as_utf8_are_guarded_as_their_text(monkeypatch, parallel_characters: int):
    """A build keeps its pages as UTF-8 (`build._utf8`); the guard decodes them, and unpacks an archive, in the search
    itself, a page at a time, and finds what it finds in their text, where it finds it."""
    from qualsite.checks import anonymity

    pages, terms = _pages_with_a_few_hits(), [ForbiddenTerm("Hemby", "#1")]
    pages["transcripts/r1.md"] += "Ett streck — och Hémby → Hemby.\n"  # beyond Latin-1: 2 bytes a character
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("data/transcripts/r1.yaml", "rows:\n  - text: Vi var i Hemby.\n")
    pages["downloads/data.zip"] = archive.getvalue()
    whole = guard_output(pages, terms)
    monkeypatch.setattr(anonymity, "PARALLEL_CHARACTERS", parallel_characters)
    with OutputGuard(terms) as guard:
        for kind in ("transcripts/", "downloads/", "codebook/", "participants/"):
            guard.add({path: content.encode("utf-8") if isinstance(content, str) else content
                       for path, content in pages.items() if path.startswith(kind)})
        assert guard.problems() == whole
    assert {"transcripts/r1.md:51", "downloads/data.zip!data/transcripts/r1.yaml:2"} <= {str(p.source) for p in whole}
    assert len(whole) == 11


def test_the_guard_keeps_one_search_beside_the_render_at_a_time(monkeypatch):
    """Each forked search keeps its own copy of the memory the render touches after the fork: the guard never has
    two outstanding, and still finds what one process finds."""
    from qualsite.checks import anonymity

    outstanding, most = [], []

    class Counted(anonymity.Forked):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            outstanding.append(self)
            most.append(len(outstanding))

        def result(self):
            outstanding.remove(self)
            return super().result()

    monkeypatch.setattr(anonymity, "Forked", Counted)
    monkeypatch.setattr(anonymity, "PARALLEL_CHARACTERS", 0)
    pages, terms = _pages_with_a_few_hits(), [ForbiddenTerm("Hemby", "#1")]
    with OutputGuard(terms) as guard:
        for path, content in sorted(pages.items()):
            guard.add({path: content})
            deadline = time.monotonic() + 10
            while outstanding and outstanding[-1].running() and time.monotonic() < deadline:
                time.sleep(0.01)  # until the search ends, so that the next part starts another
        found = guard.problems()
    assert found == guard_output(pages, terms) and len(found) == 9
    assert len(most) >= 2 and max(most) == 1


def test_what_the_second_process_has_not_come_to_is_searched_here_at_the_end(monkeypatch):
    """The build's process, done rendering, takes the pages the guard's process has not come to, from the last down,
    so both end together; the problems are those one search finds, each once."""
    from qualsite.checks import anonymity

    parent, searched_here = os.getpid(), []
    texts = anonymity._texts

    def slow_there(path, content, known_clean, memo=None):
        if os.getpid() != parent:
            time.sleep(0.05)
        else:
            searched_here.append(path)
        return texts(path, content, known_clean, memo)

    pages, terms = _pages_with_a_few_hits(), [ForbiddenTerm("Hemby", "#1")]
    whole = guard_output(pages, terms)
    monkeypatch.setattr(anonymity, "PARALLEL_CHARACTERS", 0)
    monkeypatch.setattr(anonymity, "_texts", slow_there)
    with OutputGuard(terms) as guard:
        guard.add(pages)
        time.sleep(0.3)  # the render of the next kind, meanwhile: the second process takes the first pages
        assert guard.problems() == whole and len(whole) == 9
    assert 0 < len(set(searched_here)) < len(pages)
    assert searched_here[0] == max(pages)  # taken from the last down


def test_leaving_the_guard_stops_its_second_process(monkeypatch):
    from qualsite.checks import anonymity

    monkeypatch.setattr(anonymity, "PARALLEL_CHARACTERS", 0)
    with OutputGuard([ForbiddenTerm("Hemby", "#1")]) as guard:
        guard.add(_pages_with_a_few_hits())
        [search] = guard._searching
        pid = search._process._pid
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # killed and reaped


def test_a_failure_in_the_second_process_is_raised_with_its_traceback(monkeypatch):
    from qualsite.checks import anonymity

    parent = os.getpid()

    def broken(pages, indexes, matcher, known_clean=frozenset()):
        if os.getpid() != parent:
            raise ZeroDivisionError("a bug")
        return []

    monkeypatch.setattr(anonymity, "PARALLEL_CHARACTERS", 0)
    monkeypatch.setattr(anonymity, "_guard_indexed", broken)  # inherited by the forked process
    with OutputGuard([ForbiddenTerm("Hemby", "#1")]) as guard:
        guard.add({"a.md": "Hemby"})
        with pytest.raises(RuntimeError, match="ZeroDivisionError: a bug"):
            guard.problems()

@pytest.mark.parametrize(("page", "line"), [
    ('<p>\n<span title="Karlsson">rad</span></p>', 2),  # a tooltip
    ('<a href="../karlsson/">profil</a>', 1),  # an address
    ('<div data-passage="K&#97;rlsson">', 1),  # preview data, as an entity
    ("text\n\n<!-- Karl\u00adsson -->", 3),  # a comment, with a soft hyphen
    ("vi <Karlsson> och", 1),  # written like a tag in a data file, which is not shown as one
])
def test_the_guard_reads_what_tags_and_comments_hold(page: str, line: int):
    problems = guard_output({"a.md": page}, [ForbiddenTerm("Karlsson", "#1")])
    assert [str(p.source) for p in problems] == [f"a.md:{line}"]
    assert guard_output({"a.md": page.replace("sson", "stad")}, [ForbiddenTerm("Karlsson", "#1")]) == []


def test_terms_in_the_tags_of_a_large_page_are_each_reported_on_their_line():
    """Where a tag stands is counted on from the tag before it: each of these 3,000 tags (some spanning two lines,
    most holding no term) is placed on its own line, in one pass over the page."""
    lines, expected = [], []
    for number in range(3000):
        if number % 3 == 0:
            lines.append(f'<span title="Karlsson {number}">rad</span>')
            expected.append(f"a.md:{len(lines)}")
        elif number % 3 == 1:
            lines += ['<a href="../x/"', 'class="y">rad</a>']  # a tag over two lines, holding no term
        else:
            lines.append("text utan tagg")
    problems = guard_output({"a.md": "\n".join(lines)}, [ForbiddenTerm("Karlsson", "#1")])
    assert [str(p.source) for p in problems] == expected and len(expected) == 1000


def test_the_data_files_found_clean_are_not_searched_again_inside_data_zip(tmp_path: Path):
    from qualsite.checks.anonymity import content_digest, search_data

    clean = "rows:\n  - text: Karlsson\n".encode("utf-8")  # clean only because the search was for other terms
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data/transcripts/R1.yaml", clean)
        archive.writestr("data/transcripts/R2.yaml", clean + b"  - text: igen\n")
    pages = {"downloads/data.zip": buffer.getvalue()}
    terms = [ForbiddenTerm("Karlsson", "#1")]
    skipped = guard_output(pages, terms, frozenset({content_digest(clean)}))
    assert [str(p.source) for p in skipped] == ["downloads/data.zip!data/transcripts/R2.yaml:2"]
    assert len(guard_output(pages, terms)) == 2

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.yaml").write_bytes(b"rad: ren\n")
    (tmp_path / "data" / "b.yaml").write_bytes(b"rad: Karlsson\n")
    project = project_saying("ren")
    project = type(project)(**{**project.__dict__, "data_files": ("data/a.yaml", "data/b.yaml")})
    problems, found_clean = search_data(project, terms, tmp_path)
    assert [str(p.source) for p in problems] == ["data/b.yaml:1"]
    assert found_clean == {content_digest(b"rad: ren\n")}


@pytest.mark.parametrize("parallel_characters", [0, 10 ** 12])
def test_the_data_searched_in_a_second_process_gives_what_one_process_finds(
    tmp_path: Path, monkeypatch, parallel_characters: int
):
    from qualsite import checks
    from qualsite.checks import analyse, anonymity

    second_share = checks._second_share
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.yaml").write_bytes(b"rad: ren\n")
    (tmp_path / "data" / "b.yaml").write_bytes(b"rad: ren\nrad: Karlsson\n")
    project = project_saying("ren", forbidden=("Karlsson",))
    project = type(project)(**{**project.__dict__, "data_files": ("data/a.yaml", "data/b.yaml")})
    monkeypatch.setattr(anonymity, "PARALLEL_CHARACTERS", parallel_characters)
    shares = []
    monkeypatch.setattr(checks, "_second_share", lambda *args: shares.append(second_share(*args)) or shares[-1])
    evidence, problems = analyse(project, root=tmp_path)
    assert (shares[0] is not None) == (parallel_characters == 0)
    assert [str(p.source) for p in problems if p.kind == "forbidden-term"] == ["data/b.yaml:2"]
    assert evidence.clean_data == {anonymity.content_digest(b"rad: ren\n")}


def test_the_identifier_scan_shared_with_a_second_process_finds_what_one_process_finds(monkeypatch):
    """A large study's checks give the identifier scan of its last transcripts to the process that searches the
    data files (`checks._second_share`); wherever the share begins, the warnings are the same, in the same order.
    A name counts as common when another transcript writes it in lower case, so the shares must meet."""
    from qualsite import checks
    from qualsite.checks import analyse, anonymity

    said = [
        ["Jag jobbar i Testviks kommun.", "Berit som är chef vet.", "Vi åkte till ängby i fjol."],
        ["Ängby kommun har en plan.", "Mitt namn är Rut."],
        ["Hon heter Sixten.", "Kalle heter jag."],
        ["Inget namn här.", "Testviks kommun igen."],
        ["Vi flyttade från Norrby skola.", "Rut som är samordnare."],
    ]
    transcripts = tuple(make_transcript(f"R{i}", [(n, f"R{i}", text, ()) for n, text in enumerate(texts, 2)])
                        for i, texts in enumerate(said, 1))
    project = make_project(transcripts=transcripts)
    one_process = [str(p) for p in analyse(project)[1]]
    assert sum("possible identifier" in line for line in one_process) == 8
    assert not any("'Ä…'" in line for line in one_process)  # R1 writes ängby in lower case: a common word
    monkeypatch.setattr(anonymity, "PARALLEL_CHARACTERS", 0)
    assert checks._second_share(project, (), None) is not None
    for start in range(len(transcripts) + 1):
        monkeypatch.setattr(checks, "_second_share", lambda *args, start=start: slice(start, len(transcripts)))
        assert [str(p) for p in analyse(project)[1]] == one_process, start


# --- The gate: a batch of texts is searched for the terms' first words first ------------------------------------

GATE_TERMS = ["Karlsson", "Lund", "Norra Hamnen", "Anna-Karin Berg", "Åsa Öberg", "St. Olof", "Li", "Ørsted"]
FILLER = "vi pratade om hamnen i norra delen, karl och anna sa att lunden var stor. "


def ungated(texts: list[str], matcher: TermMatcher) -> list:
    """What the guard found before it had a gate: every text folded and searched whole, and its tags too."""
    from qualsite.checks import anonymity
    from qualsite.checks.fold import FoldedText

    scans = [(matcher.found_in(FoldedText.of(text)), FoldedText.of(text).tags) for text in texts]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(anonymity, "GATED_CHARACTERS", 10 ** 15)  # `scan` and the tags' search without the gate
        tags = matcher.tags_with_terms(frozenset().union(*(tags for _, tags in scans)))
        return [scans, tags, [list(matcher.locate(text)) for text in texts]]


def gated_every_way(texts: list[str], matcher: TermMatcher) -> list[list]:
    """`scan_many`, `scan`, the tags' search and `locate` with the gate at each text, at batches of a few texts, and
    at one batch of all."""
    from qualsite.checks import anonymity

    results = []
    for gated in (0, 1, 64, 10 ** 9):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(anonymity, "GATED_CHARACTERS", gated)
            scans = list(matcher.scan_many(texts))
            assert [matcher.scan(text) for text in texts] == scans
            tags = matcher.tags_with_terms(frozenset().union(*(tags for _, tags in scans)))
            results.append([scans, tags, [list(matcher.locate(text)) for text in texts]])
    return results


@pytest.mark.parametrize("written", [
    "Karlsson", "KARLSSONS", "Karl<b>sson</b>", "Ka**rl**sson", "Ka<span class='x'>rl</span>sson",
    "<em\nclass='x'>Karl</em>sson", "K&#97;rlsson", "Kar&shy;lsson", "Karl\u200bsson", "Кarlsson",
    unicodedata.normalize("NFD", "Åsa Öberg"), "Åsa\n\n  Öberg", "Åsa</p>\n<p>Öberg", "Åsa&nbsp;Öberg",
    "Norra\nHamnen", "Norra **Hamnen**", "NORRA\u00a0hamnens", "Anna-Karin\tBerg", "Anna&#45;Karin Berg",
    "St. Olof", "st.\nolof", "Lund-based", "(Lunds)", "”Li”", "Ｌｕｎｄ", "ØRSTED", "Ørsted's",
    '<span title="Karlsson">x</span>', "<!-- Lund -->", "<a href='../lund/'>x</a>",
])
def test_the_gate_lets_through_every_text_the_whole_search_finds_something_in(written: str):
    matcher = TermMatcher(GATE_TERMS)
    texts = [FILLER * 50, FILLER * 20 + written + " " + FILLER * 20, written, FILLER]
    expected = ungated(texts, matcher)
    assert expected[2][1] and expected[2][2], f"{written!r} is not found at all"
    for result in gated_every_way(texts, matcher):
        assert result == expected


def test_the_gate_keeps_out_what_only_looks_like_a_term():
    matcher = TermMatcher(GATE_TERMS)
    texts = [FILLER * 50, "Karlssonska Blund Lundagård Norra Hamnar Lie Anna-Karins"]
    assert all(not found for found in ungated(texts, matcher)[2])
    for result in gated_every_way(texts, matcher):
        assert result == ungated(texts, matcher)
    assert not matcher.may_occur(["lie anna-karinsson", "karlssonska blund\nlundagård"])
    assert matcher.may_occur(["norra hamnar"])  # the gate reads a term's first word only


SHAPES = ["{} ", " {}s ", "x{}", "{}x", "({})", "{}-x", "—{}\n", "´{}", "{}\u2028", "&amp\r{}", "İ{}", "ﬁ{}\u2000",
          "\u0301{}", "{}\x85ß", "\\{}\\*", "ｘ{}", "{}&#32;s", "\u3000{}Σ"]
"""Where a planted term stands: whole words or not, next to characters that compatibility forms, case folding,
entities and escapes turn into others, whitespace included."""


@given(planted=st.lists(st.tuples(disguised(), st.sampled_from(SHAPES)), min_size=1, max_size=6))
@settings(max_examples=300, deadline=None)
def test_the_gated_search_finds_what_the_whole_search_finds(planted):
    """Disguised terms planted in texts that repeat a vocabulary, some whole words and some not."""
    terms = [listed for (listed, _), _ in planted]
    texts = [FILLER * 3 + shape.format(written) + FILLER for (_, written), shape in planted]
    texts.append("".join(shape.format("x") for shape in SHAPES) + FILLER)
    texts.append(FILLER * 30)
    matcher = TermMatcher(terms)
    expected = ungated(texts, matcher)
    for result in gated_every_way(texts, matcher):
        assert result == expected
