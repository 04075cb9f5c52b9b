"""Quote verification: quoting conventions, verdicts, diffs, where a passage really is; the thesis's real verdicts."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualsite.checks import analyse
from qualsite.checks.quotes import check_citation
from qualsite.checks.resolve import Index
from qualsite.checks.words import find_in_order, fragments, normalise
from qualsite.labels import say
from qualsite.model import Citation, DiffPart, Reference, Source

from test_checks import R1_ROWS, make_document, make_project, make_transcript

ROOT = Path(__file__).parent.parent
THESIS = ROOT / "tests" / "cases" / "thesis"
"""The tests\' own copy of the thesis, laid out as a project; no test reads the researcher\'s data/."""
HERE = Source("data/findings/4-1-strategi.md", 9)


def cite(quote: str, *labels: str, running_text: str = ""):
    refs = tuple(Reference(label.split(":")[0], int(label.split(":")[1]), HERE) for label in labels)
    citation = Citation("4-1-strategi", 1, refs, "", "Tema", quote, HERE)
    return check_citation(citation, Index(make_project()), running_text=running_text)


# --- The normaliser ---------------------------------------------------------------------------


def test_normalise_ignores_case_punctuation_marks_and_whitespace():
    assert normalise("  ”Det är ju, liksom…  SÅ!”") == normalise('"det är ju liksom så"') == "det är ju liksom så"


def test_every_omission_mark_splits_a_quote():
    for mark in ["...", "…", "/.../", "[...]", "[…]", "(...)", "/…/"]:
        assert [" ".join(f.norm) for f in fragments(f"Vi gör {mark} det bästa")] == ["vi gör", "det bästa"]


words = st.lists(st.text(alphabet="abcdefghåäöABCÅÄÖ", min_size=1, max_size=8), min_size=1, max_size=30)
decorations = st.sampled_from(["", ",", ".", "!", "“", "”", '"', "  ", "\n"])


@given(words, st.lists(decorations, min_size=30, max_size=30), st.booleans())
@settings(max_examples=200)
def test_normalise_is_blind_to_decoration_and_case(ws, decor, upper):
    plain = " ".join(ws)
    decorated = " ".join(w + d for w, d in zip(ws, decor))
    decorated = decorated.upper() if upper else decorated
    assert normalise(decorated) == normalise(plain)
    assert normalise(normalise(plain)) == normalise(plain)


@given(words, st.data())
@settings(max_examples=200)
def test_any_slice_of_a_row_with_omissions_is_found(ws, data):
    row = " ".join(ws)
    i = data.draw(st.integers(0, len(ws) - 1))
    j = data.draw(st.integers(i + 1, len(ws)))
    k = data.draw(st.integers(j, len(ws)))
    quote = " ".join(ws[i:j]) + (" … " + " ".join(ws[k:]) if k < len(ws) else "")
    assert find_in_order(fragments(quote), " " + normalise(row) + " ")


# --- Verdicts ----------------------------------------------------------------------------------


def test_exact_allows_omissions_mid_sentence_starts_and_marks():
    assert cite("...social hållbarhet, /.../ klimatomfattig HÅLLBARHET. Vi jobbar", "R1:4").status == "exact"


def test_exact_across_the_rows_of_a_multi_reference_citation():
    checked = cite("lämna dokumentarkiv till att göra det digitalt … slipper leta bland papper", "R2:5", "R2:42")
    assert checked.status == "exact"
    assert [r.label for r in checked.rows] == ["R2:5", "R2:42"]


def test_differs_gives_a_word_diff_and_a_one_line_detail():
    checked = cite("social hållbarhet, ekonomisk hållbarhet och klimatmässig hållbarhet", "R1:4")
    assert checked.status == "differs"
    assert say(checked.detail, "en") == '1 word differs: "klimatmässig" in the quote, "klimatomfattig" in R1:4'
    assert checked.diff == (
        DiffPart("same", "social hållbarhet ekonomisk hållbarhet och"),
        DiffPart("quote-only", "klimatmässig"),
        DiffPart("row-only", "klimatomfattig"),
        DiffPart("same", "hållbarhet"),
    )


def test_not_found_says_where_the_passage_is():
    checked = cite("lämna dokumentarkiv till att göra det digitalt", "R1:4")
    assert (checked.status, say(checked.detail, "en")) == ("not-found", "not in R1:4; found in R2:5 instead")
    nowhere = cite("en mening som ingen någonsin sade i någon intervju", "R1:4")
    assert say(nowhere.detail, "en") == "not in R1:4, nor anywhere else in the transcripts"


def test_paraphrase_and_unresolved():
    assert cite("", "R1:4").status == "no-quote"
    unresolved = cite("vad som helst", "R1:99", "R7:1")
    assert (unresolved.status, unresolved.rows) == ("unresolved", (None, None))


def test_unmarked_running_text_found_word_for_word_is_a_quote():
    checked = cite("", "R1:5", running_text="automatiserar långtråkiga och enformiga arbetsuppgifter i förvaltningen.")
    assert checked.status == "exact"
    assert checked.citation.quote.startswith("automatiserar")
    assert cite("", "R1:5", running_text="Respondenten automatiserar mycket arbete i kommunen.").status == "no-quote"


def test_a_doubly_printed_row_number_resolves_to_the_row_the_quote_matches():
    rows = R1_ROWS + [(4, "R1", "Ett annat yttrande som också fick nummer fyra.", ())]
    project = make_project(transcripts=(make_transcript("R1", rows),))
    refs = (Reference("R1", 4, HERE),)
    index = Index(project)
    second = check_citation(Citation("d", 1, refs, "", "", "ett annat yttrande", HERE), index)
    assert (second.status, second.rows[0].occurrence) == ("exact", 2)
    plain = check_citation(Citation("d", 2, refs, "", "", "", HERE), index)
    assert plain.rows[0].occurrence == 1


def test_verification_never_changes_the_text():
    document = make_document("> “social hållbarhet, ekonomisk hållbarhet och klimatmässig hållbarhet” (R1:4)\n")
    project = make_project(document)
    before = repr(project)
    evidence, _ = analyse(project, root=Path("/nonexistent"))
    assert repr(project) == before
    assert evidence.citations[0].citation.quote == "social hållbarhet, ekonomisk hållbarhet och klimatmässig hållbarhet"


# --- The thesis ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def thesis():
    try:
        from qualsite.load import load
    except ImportError:  # pragma: no cover
        pytest.skip("qualsite.load does not exist yet")
    project, problems = load(THESIS / "data", THESIS)
    assert project is not None, problems
    return analyse(project, root=THESIS)


def _verdict(evidence, slug_prefix: str, label: str, nth: int = 0):
    matches = [c for c in evidence.citations
               if c.citation.document.startswith(slug_prefix) and [r.label for r in c.citation.references] == [label]]
    return matches[nth]


def test_thesis_quote_verdicts(thesis):
    evidence, problems = thesis
    counts = collections.Counter(c.status for c in evidence.citations)
    assert dict(counts) == {"exact": 64, "differs": 10, "no-quote": 13}
    assert len(evidence.uncited) == 1 and evidence.uncited[0].suggestion.label == "R4:39"

    r1_10 = _verdict(evidence, "4-1", "R1:10")
    assert r1_10.status == "differs"
    assert say(r1_10.detail, "en") == '1 word differs: "klimatmässig" in the quote, "klimatomfattig" in R1:10'
    r1_20 = _verdict(evidence, "4-2", "R1:20")
    assert say(r1_20.detail, "en") == '1 word differs: "generell" in the quote, "generellt" in R1:20'
    # Printed as running text without quotation marks, and word for word in the row.
    assert _verdict(evidence, "4-1", "R1:38").status == "exact"
    # A quote split over a page break in the thesis is still one quote.
    assert _verdict(evidence, "4-1", "R5:6").status == "exact"
    assert _verdict(evidence, "4-1", "R4:39").status == "exact"  # nested “uppfinnarjockar”
    assert {p.kind for p in problems} == {"quote-differs", "uncited-quote", "duplicate-row"}
