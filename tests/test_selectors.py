"""Durable citations: the selectors of every cited passage, and re-anchoring an old passage in a revised row."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from qualsite.build import gather
from qualsite.model import CheckedCitation, Citation, Reference, Row, Source
from qualsite.selectors import (
    CONTEXT, MIN_SCORE, Anchored, TextQuoteSelector, cited_passages, passage_span, reanchor, selectors, word_spans,
)

THESIS = Path(__file__).parent / "cases" / "thesis"
S = Source("data/findings/x.md", 3)


@pytest.fixture(scope="module")
def thesis():
    project, evidence, _ = gather(THESIS / "data", root=THESIS)
    return project, evidence


def checked(quote: str, text: str, status: str = "exact") -> tuple[CheckedCitation, Row]:
    row = Row("R1", 1, 1, "R1", text, (), Source("data/transcripts/R1.yaml", 4))
    citation = Citation("x", 1, (Reference("R1", 1, S),), "", "", quote, S)
    return CheckedCitation(citation, (row,), status, ""), row


# --- The thesis ------------------------------------------------------------------------------------------------


def test_every_reference_of_chapter_4_gets_selectors_that_slice_its_row(thesis):
    project, evidence = thesis
    passages = cited_passages(evidence.citations)
    findings = {d.slug for d in project.findings}
    references = sum(len(item.citation.references) for item in evidence.citations if item.citation.document in findings)
    assert len(passages) == references == 95
    for passage in passages:
        text = passage.row.text
        assert passage.quote.exact == text[passage.position.start:passage.position.end]
        assert text[:passage.position.start].endswith(passage.quote.prefix)
        assert text[passage.position.end:].startswith(passage.quote.suffix)
        assert len(passage.quote.prefix) <= CONTEXT + 16 and len(passage.quote.suffix) <= CONTEXT + 16
    assert Counter(p.citation.status for p in passages) == {"exact": 64, "differs": 10, "no-quote": 21}


def test_an_unchanged_thesis_row_re_anchors_every_passage_where_it_was(thesis):
    for passage in cited_passages(thesis[1].citations):
        assert reanchor(passage.quote, passage.row.text) == Anchored(passage.position.start, passage.position.end,
                                                                       1.0, True)


def test_a_citation_without_a_quote_selects_its_whole_row(thesis):
    no_quote = [p for p in cited_passages(thesis[1].citations) if p.citation.status == "no-quote"]
    assert no_quote and all((p.position.start, p.position.end) == (0, len(p.row.text)) for p in no_quote)
    assert all(p.quote.prefix == p.quote.suffix == "" for p in no_quote)


def test_a_quote_that_differs_selects_the_stretch_the_check_aligned(thesis):
    """4.1's (R3:12) quotes the middle of the row; the check says 1 word differs, and the span is that stretch."""
    passage = next(p for p in cited_passages(thesis[1].citations) if p.reference.label == "R3:12")
    assert passage.citation.status == "differs"
    assert passage.quote.exact.startswith("Min bild är att när vi pratar hållbarhet")
    assert passage.quote.prefix == "inte det jag kan säga som såhär. "
    assert passage.quote.suffix == ". Det finns inget som jag vet liksom"


# --- Spans -------------------------------------------------------------------------------------------------------


def test_an_omission_keeps_the_omitted_words_inside_the_span_and_punctuation_outside():
    item, row = checked("kommunen har /.../ en plan", "Ja. Kommunen har ju sedan länge en plan, sa hon.")
    start, end = passage_span(item, row)
    assert row.text[start:end] == "Kommunen har ju sedan länge en plan"


def test_a_quote_found_across_two_rows_selects_in_each_the_part_it_holds():
    first = Row("R1", 1, 1, "R1", "Vi har en plan.", (), S)
    second = Row("R1", 2, 1, "R1", "Den följs varje år.", (), S)
    citation = Citation("x", 1, (Reference("R1", 1, S), Reference("R1", 2, S)), "", "", "en plan. Den följs", S)
    passages = cited_passages((CheckedCitation(citation, (first, second), "exact", ""),))
    assert [p.quote.exact for p in passages] == ["en plan", "Den följs"]
    assert [p.number for p in passages] == [1, 2]


def test_a_quote_not_found_in_its_row_selects_the_whole_row():
    item, row = checked("något helt annat", "Vi har en plan.", status="not-found")
    assert passage_span(item, row) == (0, len(row.text))


def test_context_is_cut_at_a_word_boundary_or_at_the_limit_inside_a_long_word():
    text = "alfa beta gamma delta epsilon zeta eta theta PASSAGE iota kappa lambda my ny xi omikron pi rho"
    quote, position = selectors(text, text.index("PASSAGE"), text.index("PASSAGE") + 7)
    assert quote.prefix == "gamma delta epsilon zeta eta theta "  # 35 characters: "amma…" was cut inside "gamma"
    assert quote.suffix == " iota kappa lambda my ny xi omikron"
    long = "x" * 80 + " PASSAGE " + "y" * 80
    quote, _ = selectors(long, 81, 88)
    assert quote.prefix == "x" * (CONTEXT - 1) + " " and quote.suffix == " " + "y" * (CONTEXT - 1)


def test_a_passage_outside_its_text_is_a_programming_error():
    with pytest.raises(ValueError, match="passage 3:20 outside a text of 5 characters"):
        selectors("kort.", 3, 20)


def test_word_spans_count_code_points_of_the_text_as_written_even_where_normalisation_changes_it():
    decomposed = unicodedata.normalize("NFD", "Två städer, ﬁna")
    spans = word_spans(decomposed)
    assert [decomposed[a:b] for a, b in spans] == [unicodedata.normalize("NFD", "Två"),
                                                   unicodedata.normalize("NFD", "städer"), "ﬁna"]
    item, row = checked("städer fina", decomposed)
    start, end = passage_span(item, row)
    assert row.text[start:end] == unicodedata.normalize("NFD", "städer, ﬁna")


# --- Re-anchoring ----------------------------------------------------------------------------------------------

INSIDE = st.sampled_from("ab cd ef gh ij kl mn op".split())
OUTSIDE = st.sampled_from("qq rr ss tt uu vv ww".split())
NEW = st.sampled_from("zz yy xx".split())


def selector_of(before: list[str], passage: list[str], after: list[str]) -> tuple[str, TextQuoteSelector, int]:
    text = " ".join(before + passage + after)
    start = len(" ".join(before)) + (1 if before else 0)
    return text, selectors(text, start, start + len(" ".join(passage)))[0], start


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from("ab cd ef qq".split()), max_size=30), st.lists(INSIDE, min_size=1, max_size=12),
       st.lists(st.sampled_from("ab cd ef qq".split()), max_size=30))
def test_an_unchanged_text_re_anchors_exactly_with_score_1(before, passage, after):
    text, selector, start = selector_of(before, passage, after)
    found = reanchor(selector, text)
    assert found is not None and found.exact and found.score == 1.0
    assert text[found.start:found.end] == selector.exact


@settings(max_examples=150, deadline=None)
@given(st.lists(OUTSIDE, max_size=20), st.lists(INSIDE, min_size=1, max_size=12), st.lists(OUTSIDE, max_size=20),
       st.lists(NEW, min_size=1, max_size=10), st.booleans())
def test_text_inserted_outside_the_passage_keeps_it_exact_and_shifts_it(before, passage, after, inserted, in_front):
    text, selector, start = selector_of(before, passage, after)
    addition = " ".join(inserted) + " "
    revised = addition + text if in_front else text + " " + addition
    found = reanchor(selector, revised)
    shift = len(addition) if in_front else 0
    assert found == Anchored(start + shift, start + shift + len(selector.exact), 1.0, True)


@settings(max_examples=200, deadline=None)
@given(st.lists(OUTSIDE, max_size=20), st.lists(INSIDE, min_size=2, max_size=8, unique=True),
       st.lists(OUTSIDE, max_size=20), st.data())
def test_a_one_word_edit_inside_the_passage_scores_below_1_and_still_finds_it(before, passage, after, data):
    """The passage's words are distinct here: where a word repeats, which of its copies was edited is ambiguous."""
    text, selector, start = selector_of(before, passage, after)
    at = data.draw(st.integers(0, len(passage) - 1))
    edited = passage[:at] + [data.draw(NEW)] + passage[at + 1:]
    revised, _, new_start = selector_of(before, edited, after)
    found = reanchor(selector, revised)
    assert found is not None and not found.exact and MIN_SCORE <= found.score < 1
    assert (found.start, found.end) == (new_start, new_start + len(" ".join(edited)))


@settings(max_examples=150, deadline=None)
@given(st.lists(OUTSIDE, max_size=20), st.lists(INSIDE, min_size=3, max_size=8, unique=True),
       st.lists(OUTSIDE, max_size=20), st.data())
def test_a_word_inserted_or_deleted_inside_the_passage_scores_below_1_and_still_finds_it(before, passage, after, data):
    text, selector, _ = selector_of(before, passage, after)
    if data.draw(st.booleans()):
        at = data.draw(st.integers(1, len(passage) - 1))
        edited = passage[:at] + [data.draw(NEW)] + passage[at:]
    else:  # an interior word: a passage's first or last word deleted is read as replaced by its neighbour
        at = data.draw(st.integers(1, len(passage) - 2))
        edited = passage[:at] + passage[at + 1:]
    revised, _, new_start = selector_of(before, edited, after)
    found = reanchor(selector, revised)
    assert found is not None and not found.exact and MIN_SCORE <= found.score < 1
    assert found.start == new_start and found.end == new_start + len(" ".join(edited))


@settings(max_examples=150, deadline=None)
@given(st.lists(INSIDE, min_size=1, max_size=12), st.lists(st.sampled_from("qq rr ss tt zz yy".split()), max_size=60))
def test_unrelated_text_does_not_re_anchor(passage, unrelated):
    _, selector, _ = selector_of([], passage, [])
    assert reanchor(selector, " ".join(unrelated)) is None


def test_a_text_sharing_only_a_few_words_scores_below_the_threshold():
    text, selector, _ = selector_of([], "vi har en strategi för hela kommunen och alla".split(), [])
    assert reanchor(selector, "de har ingen plan alls men vi tänker på det") is None
    assert MIN_SCORE == 0.5


def test_a_passage_that_now_occurs_twice_is_told_apart_by_its_context():
    text, selector, start = selector_of("först sa hon".split(), "vi har en plan".split(), "för miljön".split())
    revised = "vi har en plan för ekonomin, och sedan: först sa hon vi har en plan för miljön"
    found = reanchor(selector, revised)
    assert found is not None and found.start == revised.rindex("vi har en plan") and found.exact
    fuzzy = "vi har en ny plan för ekonomin, och sedan: först sa hon vi har en ny plan för miljön"
    found = reanchor(selector, fuzzy)
    assert found is not None and found.start == fuzzy.rindex("vi har en ny plan") and not found.exact


def test_a_correction_of_a_thesis_row_re_anchors_its_quote_with_its_score(thesis):
    passage = next(p for p in cited_passages(thesis[1].citations) if p.reference.label == "R5:4")
    revised = passage.row.text.replace("hederlig", "ärlig")
    found = reanchor(passage.quote, revised)
    assert found is not None and not found.exact and (found.start, found.end) == (0, len(revised) - 1)
    words = len(passage.quote.exact.split())
    assert found.score == round(2 * (words - 1) / (2 * words), 4)


def test_an_empty_passage_or_text_does_not_re_anchor():
    assert reanchor(TextQuoteSelector("", "", ""), "något") is None
    assert reanchor(TextQuoteSelector("något", "", ""), "") is None
    assert reanchor(TextQuoteSelector("...", "", ""), "text utan punkter") is None
