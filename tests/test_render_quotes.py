"""Back to the quote (issue 16), as rendered: where a quote's anchor stands, what names a quote, what copying copies,
the way between themes, a profile's quotes, and one word for one thing in the labels."""

from __future__ import annotations

import html
import re
from dataclasses import fields

import pytest
from markdown_it.token import Token

from qualsite import urls
from qualsite.citations import markdown_parser
from qualsite.labels import EN, SV
from qualsite.model import Document, Source
from qualsite.render import render
from qualsite.render.quotes import quote_start, wrap_quotes
from test_render import rendered
from test_render_safety import PAYLOAD, hostile_project
from test_render_study import CASE


# --- A quote's first words ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("quote, start", [
    ("Vi har en strategi för allt.", "Vi har en strategi för allt."),
    ("Sedan uppsöker vi invandrarföreningar faktiskt det är vårt nästa mål", "Sedan uppsöker vi invandrarföreningar faktiskt det är…"),
    ("...det är en demokratifråga, så att alla ska ha möjligheten", "…det är en demokratifråga, så att alla…"),
    ("“inramad”", "inramad"),
    ("  två\nrader  ", "två rader"),
    ("Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstalt och mer", "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversi…"),
    ("", ""),
])
def test_a_quote_is_named_by_its_first_words(quote, start):
    assert quote_start(quote) == start


def _cited_in(page: str) -> list[tuple[str, str]]:
    """(href, text as a reader sees it) of every "cited in" link on a rendered page."""
    return [(html.unescape(href), html.unescape(text))
            for line in re.findall(r'<p class="qs-row-cited".*?</p>', page)
            for href, text in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', line)]


def test_a_quotes_first_words_reach_the_row_and_the_profile_escaped():
    project, evidence, warnings = hostile_project()
    pages = render(project, evidence, warnings, root=CASE)
    start = quote_start(PAYLOAD)
    assert start.startswith("<script>alert(1)</script> <img src=x")
    escaped = html.escape(start, quote=False)
    transcript, profile = pages["transcripts/r1.md"], pages["participants/r1.md"]
    assert f"– ”{escaped}” (hänvisning 1)</a>" in transcript
    assert "<script>alert(1)" not in transcript.split("<h3", 1)[1] and "<img src=x" not in transcript
    assert f'class="qs-quote-link">”{escaped}”</a>' in profile
    assert "<script>" not in profile and "<img" not in profile
    links = _cited_in(transcript)
    assert links and all(f"– ”{start}”" in text for _, text in links)
    copied = re.findall(r'data-qs-copy="([^"]*)"', pages["findings/4-1-strategi.md"])
    assert copied and html.unescape(copied[0]) == "”" + " ".join(PAYLOAD.split()) + "” (R1:2)"


def test_cited_in_links_from_one_section_read_differently(thesis_pages):
    links = _cited_in(thesis_pages["transcripts/r5.md"].split('<h3 id="r5-24"', 1)[1].split("</div>", 1)[0])
    assert [text for _, text in links] == [
        "Tema 3: Social hållbarhet – ”Sedan uppsöker vi invandrarföreningar faktiskt det är…”",
        "Tema 3: Social hållbarhet – ”Vi kallar det inte digitalt utanförskap i…”",
        "Tema 3: Social hållbarhet – ”…det får bäringar på den personen att…”",
    ]
    assert [href for href, _ in links] == ["../../findings/4-3-social-hallbarhet/#quote-3",
                                           "../../findings/4-3-social-hallbarhet/#quote-5",
                                           "../../findings/4-3-social-hallbarhet/#quote-13"]


def test_links_that_would_read_alike_are_numbered_and_a_paraphrase_is_named_by_its_number():
    texts = [text for _, text in _cited_in(rendered()["transcripts/r1.md"])]
    assert "3.1 Urval – hänvisning 1" in texts
    project, evidence, warnings = hostile_project()  # every quote and section of this study reads alike
    row = render(project, evidence, warnings, root=CASE)["transcripts/r1.md"].split('<h3 id="r1-2"', 1)[1]
    texts = [text for _, text in _cited_in(row.split("</div>", 1)[0])]
    assert [text.rsplit(" (", 1)[1] for text in texts] == ["hänvisning 1)", "hänvisning 6)", "hänvisning 2)"]
    assert len(set(texts)) == len(texts)


# --- Where a quote starts -----------------------------------------------------------------------------------------


def _inline(markdown: str) -> list[Token]:
    document = Document(kind="finding", number="1", title="T", slug="t", order=1, body=markdown, body_line=1,
                        source=Source("data/findings/t.md", 1))
    tokens = markdown_parser().parse(markdown, {"document": document})
    return next(t for t in tokens if t.type == "inline").children


def _shape(children: list[Token]) -> str:
    """The children as a compact string: text as is, citations as [n], wrappers as { }, elements as < >."""
    out = []
    for child in children:
        if child.type == "text":
            out.append(child.content)
        elif child.type == "citation":
            out.append(f"[{child.meta['ordinal']}]")
        elif child.type == "qs_quote_open":
            out.append("{")
        elif child.type == "qs_quote_close":
            out.append("}")
        elif child.nesting:
            out.append("<" if child.nesting > 0 else ">")
    return "".join(out)


@pytest.mark.parametrize("markdown, quoted, shape", [
    ("R2 sade att “det går bra” (R2:2) och mer.", {1}, "R2 sade att {“det går bra” [1]} och mer."),
    ("Hon sa ”a b” (R1:1) och ”c d” (R1:2).", {1, 2}, "Hon sa {”a b” [1]} och {”c d” [2]}."),
    ("Vi intervjuade två personer (R1:4).", set(), "Vi intervjuade två personer {[1]}."),
    ("Omärkt citat ur raden (R1:4).", {1}, "{Omärkt citat ur raden [1]}."),
    ("Hon sa *“a b* c” (R1:1).", {1}, "Hon sa {<“a b> c” [1]}."),
    ("Hon sa “a b” *(R1:1) ja*.", {1}, "Hon sa {“a b” <[1] ja>}."),
    ("kommunens 'egna' “a b” (R1:1)", {1}, "kommunens 'egna' {“a b” [1]}"),
    ("bara 'enkla' tecken (R1:1)", {1}, "bara {'enkla' tecken [1]}"),
])
def test_a_quote_is_enclosed_from_its_opening_mark_to_its_citation(markdown, quoted, shape):
    assert _shape(wrap_quotes(_inline(markdown), set(), quoted)) == shape


def test_a_citation_whose_blockquote_is_its_wrapper_is_left_alone():
    children = _inline("“a b” (R1:1)")
    assert _shape(wrap_quotes(children, {1}, {1})) == "“a b” [1]"


def test_every_citation_of_the_thesis_has_one_quote_anchor_where_its_quote_begins(thesis_pages):
    page = thesis_pages["findings/4-3-social-hallbarhet.md"]
    quote = page[page.index('id="quote-3"'):]
    assert quote.startswith('id="quote-3" data-qs-copy="”Sedan uppsöker vi invandrarföreningar')
    assert page[:page.index('id="quote-3"')].endswith('<blockquote class="qs-quote" ')
    assert quote.index('id="cite-3"') < quote.index("</blockquote>")
    for n in range(1, 15):
        assert page.count(f'id="{urls.quote_anchor(n)}"') == 1


# --- Themes and profiles ------------------------------------------------------------------------------------------


def test_each_theme_ends_with_the_previous_and_the_next(thesis_pages):
    first, third, last = (thesis_pages[f"findings/{slug}.md"] for slug in
                          ("4-1-strategi", "4-3-social-hallbarhet", "4-6-mojligheter"))
    assert 'rel="prev"' not in first and 'rel="next" href="../4-2-miljomassig-hallbarhet/"' in first
    assert 'rel="prev" href="../4-2-miljomassig-hallbarhet/"' in third and 'rel="next" href="../4-4-ekonomisk-hallbarhet/"' in third
    assert 'rel="prev" href="../4-5-utmaningar-med-digitaliseringen/"' in last and 'rel="next"' not in last
    assert third.rstrip().endswith("</nav>")


def test_a_profile_without_quotes_says_so():
    project, evidence, warnings = hostile_project()
    from dataclasses import replace
    none = replace(evidence, citations=())
    page = render(project, none, warnings, root=CASE)["participants/r1.md"]
    assert f"<p>{SV.no_quotes_from}</p>" in page and "qs-profile-quotes" not in page


# --- One word for one thing ---------------------------------------------------------------------------------------

TERMS = {
    SV: {"quote": "citat", "citation": "hänvisning", "rejected": ("citering", "referens")},
    EN: {"quote": "quote", "citation": "citation", "rejected": ("reference",)},
}
ALLOWED = ("reference manager", "referenshanterare")
"""Software for bibliographies: another thing, with its own name."""


@pytest.mark.parametrize("lab", [SV, EN], ids=["sv", "en"])
def test_the_labels_say_quote_and_citation_with_one_word_each(lab):
    terms = TERMS[lab]
    said = {f.name: getattr(lab, f.name) for f in fields(lab)}
    for name, text in said.items():
        lowered = text.lower()
        for allowed in ALLOWED:
            lowered = lowered.replace(allowed, "")
        for rejected in terms["rejected"]:
            assert rejected not in lowered, f"{name} = {text!r} says {rejected!r}; say {terms['citation']!r}"
    assert said["quote"].lower() == terms["quote"] and said["reference"].lower() == terms["citation"]
    assert said["citations"].lower().startswith(terms["citation"][:9])
    assert terms["quote"] in said["cited_quotes"].lower()
    assert terms["citation"] in said["copy_row"].lower() and terms["quote"] in said["copy_quote"].lower()
    for name in ("explain_no_quote", "explain_unresolved", "uncited_quotes", "no_uncited"):
        assert terms["citation"] in said[name].lower(), name


@pytest.fixture(scope="module")
def thesis_pages():
    from test_render_thesis import THESIS
    from qualsite.build import gather

    project, evidence, problems = gather(THESIS / "data", root=THESIS)
    return render(project, evidence, [p for p in problems if p.severity == "warning"], root=THESIS)
