"""The thesis site as a reader uses it, in headless Chromium.

Each test starts from a page a reader would open and does what they would do:
click a citation, follow a back-link, hover, search, tap on a phone. The
`visit` fixture also fails any test whose pages made a request to another host
or logged a console error.
"""

from __future__ import annotations

import re

import pytest

from .conftest import screenshot, serious_violations

FINDING = "findings/4-1-strategi/"
QUOTED_ROW = "transcripts/r5/#r5-4"  # (R5:4), the first quote of 4.1.1
LANDED = re.compile(r"transcripts/r5/\?cite=4-1-strategi\.1#r5-4(:~:text=.*)?$")  # the link names its citation


def in_view(page, selector: str) -> bool:
    return page.evaluate(
        """(selector) => { const box = document.querySelector(selector).getBoundingClientRect();
                           return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0; }""",
        selector,
    )


def row_background(page, anchor: str) -> str:
    return page.evaluate(
        "(id) => getComputedStyle(document.getElementById(id).closest('.qs-row')).backgroundColor", anchor
    )


def test_a_citation_lands_on_its_row_highlighted_and_back_returns_to_the_quote(visit):
    page = visit.go(FINDING)
    citation = page.locator("#cite-1 a.qs-ref")
    assert citation.inner_text() == "R5:4"
    citation.click()
    page.wait_for_url(LANDED)
    assert in_view(page, "#r5-4")
    assert row_background(page, "r5-4") != row_background(page, "r5-6"), "the target row must be highlighted"
    screenshot(page, "transcript-row-highlighted")
    page.go_back()
    page.wait_for_url(re.compile(re.escape(FINDING) + "$"))
    assert in_view(page, "#cite-1"), "going back must return to the quote"


def test_a_rows_cited_in_link_returns_to_the_quote(visit):
    page = visit.go(QUOTED_ROW)
    back_link = page.locator("#r5-4").locator("xpath=..").locator(".qs-row-cited a")
    assert back_link.inner_text() == "4.1.1 Undertema 1.1: Digitaliseringsstrategi – ”För mig betyder det verksamhetsutveckling, vanlig hederlig…”"
    back_link.click()
    page.wait_for_url(re.compile(re.escape(FINDING) + "#quote-1$"))
    assert in_view(page, "#quote-1")


def test_hovering_a_citation_shows_the_rows_speaker_and_text(visit):
    page = visit.go(FINDING)
    page.locator("#cite-1 a.qs-ref").hover()
    preview = page.locator("#qs-preview")
    preview.wait_for(state="visible")
    text = preview.inner_text()
    assert "R5 (Respondent)" in text
    assert "För mig betyder det verksamhetsutveckling" in text
    assert page.locator(".md-tooltip2--active").count() == 0, "one preview at a time: no theme tooltip beside it"


def search(page, query: str):
    field = page.locator("input.md-search__input")
    field.click()
    field.press_sequentially(query)  # Material's search listens for key presses, not pasted text
    results = page.locator(".md-search-result__item a, a.md-search-result__link")
    results.first.wait_for(state="visible", timeout=15_000)
    return results


def settled_hrefs(page, results) -> list[str]:
    """The results' links once the list stops changing: Material redraws it as each typed key's search returns, so
    reading it link by link while it is redrawn can wait on a link that is gone."""
    previous: list[str] | None = None
    for _ in range(20):
        current = results.evaluate_all("links => links.map(link => link.getAttribute('href'))")
        if current == previous:
            return current
        previous = current
        page.wait_for_timeout(250)
    return previous or []


def test_searching_a_word_finds_transcript_rows_and_a_hit_lands_on_its_row(visit):
    page = visit.go("")
    results = search(page, "utanförskap")
    hrefs = settled_hrefs(page, results)
    row_hits = [href for href in hrefs if re.search(r"transcripts/r\d/(\?h=[^#]*)?#r\d-\d+$", href or "")]
    assert row_hits, f"no transcript row among the results: {hrefs}"
    screenshot(page, "search-utanforskap")
    page.locator(f'.md-search-result a[href="{row_hits[0]}"]').first.click()
    anchor = row_hits[0].rsplit("#", 1)[1]
    page.wait_for_url(re.compile(f"#{anchor}$"))
    assert in_view(page, f"#{anchor}")
    assert "utanförskap" in page.locator(f"#{anchor}").locator("xpath=..").inner_text().lower()


def test_searching_a_citation_finds_that_row_first(visit):
    page = visit.go("")
    results = search(page, "R1:12")
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    # Material groups hits by page: the page itself comes first, then its sections, best first.
    first_section = next(href for href in hrefs if "#" in href)
    assert re.search(r"transcripts/r1/(\?h=[^#]*)?#r1-12$", first_section), hrefs[:5]


def test_a_code_chip_opens_the_code_page_which_lists_the_row(visit):
    page = visit.go(QUOTED_ROW)
    page.locator("#r5-4").locator("xpath=..").locator("a.qs-chip", has_text="KOM").click()
    page.wait_for_url(re.compile(r"codebook/kom/$"))
    assert page.locator("a[href$='transcripts/r5/#r5-4']").count() >= 1
    screenshot(page, "code-kom")




@pytest.mark.parametrize("path", ["transcripts/r1/", "transcripts/r2/", FINDING, "codebook/digmed/", ""])
def test_on_a_phone_in_dark_mode_nothing_overflows_sideways(phone_dark, path):
    page = phone_dark.go(path)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than the phone screen"
    screenshot(page, "phone-dark-" + (path.strip("/").replace("/", "-") or "home"))


def test_on_a_phone_citations_are_tappable(phone_dark):
    page = phone_dark.go(FINDING)
    citation = page.locator("#cite-1 a.qs-ref")
    citation.scroll_into_view_if_needed()
    box = citation.bounding_box()
    assert box["height"] >= 20 and box["width"] >= 24, f"citation target too small: {box}"
    citation.tap()  # the first tap previews the row (there is no hover on a phone), the second follows the link
    page.locator("#qs-preview").wait_for(state="visible")
    citation.tap()
    page.wait_for_url(LANDED)


@pytest.mark.parametrize("path", ["", FINDING, "transcripts/r5/", "codebook/digmed/", "source-check/",
                                  "participants/"])
def test_pages_have_no_serious_accessibility_violations(visit, path):
    page = visit.go(path)
    assert serious_violations(page) == ""
    screenshot(page, "desktop-" + (path.strip("/").replace("/", "-") or "home"))
