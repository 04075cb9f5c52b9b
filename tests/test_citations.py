"""The citation parser: well-formed citations, malformed ones, the quotes they back, uncited quotations."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from qualsite.citations import parse_document
from qualsite.model import Document, Source


def parse(body: str, kind: str = "finding"):
    return parse_document(Document(kind, "4-1-strategi", "Tema 1", "4.1", 1, textwrap.dedent(body), 6,
                                   Source("data/findings/4.1-strategi.md")))


def test_citations_carry_references_quote_section_and_line():
    parsed = parse("""\
        ## 4.1.1 Strategi

        > “För mig betyder det verksamhetsutveckling.” (R5:4)

        Se även (R2:5; R2:42).
        """)
    first, second = parsed.citations
    assert [r.label for r in first.references] == ["R5:4"]
    assert first.quote == "För mig betyder det verksamhetsutveckling."
    assert (first.section_id, first.section_title) == ("4-1-1-strategi", "4.1.1 Strategi")
    assert str(first.source) == "data/findings/4.1-strategi.md:8"
    assert [r.label for r in second.references] == ["R2:5", "R2:42"] and second.quote == ""
    assert parsed.running_text == ("", "Se även")
    assert parsed.heading_lines == (6,)


def test_token_contract_for_the_renderer():
    parsed = parse("Text (R1:2) och (R1 2).\n")
    children = [t for block in parsed.tokens if block.children for t in block.children]
    citation = next(t for t in children if t.type == "citation")
    assert citation.meta["ordinal"] == 1
    assert [r.label for r in citation.meta["references"]] == ["R1:2"]
    assert str(citation.meta["source"]) == "data/findings/4.1-strategi.md:6"
    assert [t.content for t in children if t.type == "malformed_citation"] == ["(R1 2)"]


def test_malformed_attempts_but_not_pseudonyms():
    parsed = parse("(R5 4), (R5:), (R5;4) och (R5:4, x) men inte (R1), (R1, R3) eller (se bilaga 4).\n")
    assert [m.text for m in parsed.malformed] == ["(R5 4)", "(R5:)", "(R5;4)", "(R5:4, x)"]
    assert parsed.citations == ()


def test_nested_quotation_marks_stay_one_quote():
    parsed = parse("> “I Sverige så har vi 290 “uppfinnarjockar” som försöker.” (R4:39)\n")
    assert parsed.citations[0].quote == "I Sverige så har vi 290 “uppfinnarjockar” som försöker."


def test_a_quote_split_by_a_paragraph_break_is_joined():
    parsed = parse("""\
        > “Det betyder två saker men jag svarar så betyder hållbarhet

        att vi har robust satsning och inte show and tell.” (R5:6)
        """)
    assert parsed.citations[0].quote == (
        "Det betyder två saker men jag svarar så betyder hållbarhet att vi har robust satsning och inte show and tell."
    )
    assert parsed.quotations == ()


def test_quotations_without_citation_are_collected_from_six_words_on():
    parsed = parse("""\
        Som “Business Case” kallas. Hon sa “vi gör väldigt mycket jobb kring det” igår.

        > Ett blockcitat utan citering som är långt nog

        > “kort citat” (R1:2) och sedan “ett längre citat efter citeringen utan egen källa”
        """)
    assert [(q.text, q.source.line) for q in parsed.quotations] == [
        ("vi gör väldigt mycket jobb kring det", 6),
        ("Ett blockcitat utan citering som är långt nog", 8),
        ("ett längre citat efter citeringen utan egen källa", 10),
    ]


def test_citation_lines_follow_soft_breaks():
    parsed = parse("Första raden\nandra raden (R1:2)\ntredje (R1:3)\n")
    assert [c.source.line for c in parsed.citations] == [7, 8]


# --- Properties ---------------------------------------------------------------------------

transcript_ids = st.from_regex(r"[A-Z][A-Za-z0-9]{0,4}", fullmatch=True)
references = st.lists(st.tuples(transcript_ids, st.integers(0, 999_999)), min_size=1, max_size=5)
separators = st.sampled_from(["; ", ";", " ; ", ", "])


@given(references, separators, st.sampled_from(["", "Text ", "> “Citat” "]), st.sampled_from(["", ".", " och mer."]))
@settings(max_examples=200)
def test_well_formed_citation_lists_round_trip(refs, separator, before, after):
    text = "(" + separator.join(f"{t}:{n}" for t, n in refs) + ")"
    parsed = parse(before + text + after + "\n")
    assert len(parsed.citations) == 1 and parsed.malformed == ()
    assert [(r.transcript, r.n) for r in parsed.citations[0].references] == refs


@given(st.text(max_size=300))
@settings(max_examples=300)
def test_arbitrary_text_never_crashes(text):
    parsed = parse(text)
    assert len(parsed.running_text) == len(parsed.citations)


@given(st.text(alphabet=st.characters(blacklist_characters="()"), max_size=300))
@settings(max_examples=300)
def test_text_without_parentheses_has_no_citations(text):
    parsed = parse(text)
    assert parsed.citations == () and parsed.malformed == ()
