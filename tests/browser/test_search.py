"""Search as a reader meets it: the thesis built with Pagefind (as a study above the threshold is), and with lunr.

With Pagefind, Material's search box is off: `docs/assets/qualsite-search.js` puts a search field (a magnifier
on phones) into the header of every page and makes "/" reach it; both lead to `find/`, Pagefind's page, with the
query. Its text is readable in both modes (`docs/assets/qualsite-search.css`), a word matches as a whole word
(`search_index.WHOLE_WORDS`: "utanförskap" finds utanförskap and utanförskapet, never "utan"), and the results
can be narrowed by participant, code and speaker (the `data-pagefind-filter` attributes of transcript pages).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT, Visit, build_site_in, screenshot, serving

RESULT = ".pagefind-ui__result"


@pytest.fixture(scope="module")
def thesis_pagefind(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("thesis-pagefind")
    shutil.copytree(ROOT / "tests" / "cases" / "thesis" / "data", work / "data")
    return build_site_in(work, search="pagefind")


@pytest.fixture(scope="module")
def url(thesis_pagefind: Path):
    with serving(thesis_pagefind) as url:
        yield url


def _tab(browser, url, **options):
    context = browser.new_context(**options)
    return context, Visit(context.new_page(), url)


@pytest.fixture
def desktop(browser, url):
    context, tab = _tab(browser, url, viewport={"width": 1440, "height": 900})
    yield tab
    context.close()
    assert tab.foreign_requests() == [], "the site must load nothing from third-party hosts"
    assert tab.errors == [], "the browser console must show no errors"


@pytest.fixture
def phone(browser, url):
    context, tab = _tab(browser, url, viewport={"width": 390, "height": 844}, color_scheme="dark",
                        device_scale_factor=2, is_mobile=True, has_touch=True)
    yield tab
    context.close()
    assert tab.foreign_requests() == [], "the site must load nothing from third-party hosts"
    assert tab.errors == [], "the browser console must show no errors"


def results(page) -> list[dict]:
    """Every result once the list has settled: its link, and the words Pagefind marked as hits."""
    page.locator(RESULT).first.wait_for(timeout=30_000)
    previous = None
    for _ in range(40):
        current = page.locator(RESULT).evaluate_all(
            """items => items.map(item => ({
                 href: item.querySelector('.pagefind-ui__result-link')?.getAttribute('href') ?? null,
                 text: item.innerText,
                 marks: [...item.querySelectorAll('mark')].map(mark => mark.textContent)}))""")
        if current == previous and all(r["href"] for r in current):  # each result's data has loaded
            return current
        previous = current
        page.wait_for_timeout(250)
    return previous


def facets_shown(tab: Visit, page) -> None:
    """Wait for Pagefind's filter panel; if it never comes, say what the browser reported (a lost chunk, say)."""
    try:
        page.locator(".pagefind-ui__filter-panel").wait_for(timeout=30_000)
    except Exception as error:  # Playwright's TimeoutError
        raise AssertionError(f"Pagefind showed no filter panel; the browser reported {tab.errors!r}") from error


def search(page, query: str) -> list[dict]:
    page.locator(".pagefind-ui__search-input").fill(query)
    return results(page)


def no_results(page, query: str) -> None:
    page.locator(".pagefind-ui__search-input").fill(query)
    page.locator(".pagefind-ui__message").filter(has_text=re.compile(r"inga träffar", re.I)).wait_for(timeout=30_000)
    assert page.locator(RESULT).count() == 0


def serious_contrast(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page, context={"include": [[".md-header"], ["#qs-find"]]}).response
    return [f"{v['id']}: {v['help']} ({[n['target'] for n in v['nodes'][:5]]})" for v in response["violations"]
            if v["impact"] in ("serious", "critical")]


def test_slash_on_a_transcript_leads_to_pagefind_results_that_land_on_the_row(desktop):
    page = desktop.go("transcripts/r5/")
    assert page.locator("label[for=__search]").count() == 0, "Material's search box is off"
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('.md-header .qs-search__input')")
    page.keyboard.type("utanförskap")
    page.keyboard.press("Enter")
    page.wait_for_url("**/find/?q=utanf*")
    found = results(page)
    sub = page.locator('.pagefind-ui__result-link[href$="transcripts/r5/#r5-24"]')  # a row, as a sub-result
    assert sub.count(), [r["href"] for r in found]
    screenshot(page, "search-pagefind-desktop-light")
    sub.first.click()
    page.wait_for_url("**/transcripts/r5/#r5-24")
    assert "utanförskap" in page.locator("#r5-24").locator("xpath=..").inner_text()


def test_on_the_search_page_slash_moves_to_its_field_and_the_header_searches_in_place(desktop):
    page = desktop.go("find/")
    page.locator("h1").click()  # the field has the focus on arrival; take it away
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('#qs-find .pagefind-ui__search-input')")
    page.locator(".md-header .qs-search__input").fill("innanförskap")
    page.locator(".md-header .qs-search__input").press("Enter")
    assert any("innanförskap" in " ".join(r["marks"]).lower() for r in results(page))
    assert page.url.endswith("/find/"), "no reload"


def test_the_header_magnifier_on_a_phone_opens_the_search_page_with_its_field_focused(phone):
    page = phone.go("codebook/")
    page.locator(".md-header .qs-search__button").tap()
    page.wait_for_url("**/find/**")
    page.wait_for_function("document.activeElement && document.activeElement.matches('.pagefind-ui__search-input')")
    page.keyboard.type("utanförskap")
    assert results(page)
    screenshot(page, "search-pagefind-phone-dark")


def test_a_whole_word_is_not_matched_by_its_prefix(desktop):
    """Pagefind alone turns a word it does not know into its longest known prefix; the site's search does not."""
    page = desktop.go("find/")
    found = search(page, "utanförskap")
    marks = [mark.lower().strip(".,;:!?…") for r in found for mark in r["marks"]]
    assert marks and all(re.fullmatch(r"utanförskap(et)?", mark) for mark in marks), sorted(set(marks))
    assert not [r["text"] for r in found if "utanförskap" not in r["text"].lower()], "a hit with only 'utan'"
    # The stemmer keeps inflections together: the definite form finds the same rows.
    assert {r["href"] for r in search(page, "utanförskapet")} == {r["href"] for r in found}
    # A word no page holds finds nothing (Pagefind by itself shows the 9 pages of its prefix, utanförskap).
    no_results(page, "utanförskapsgrej")
    # "utan" finds "utan" itself, not the words that begin with it.
    assert {m.lower().strip(".,;:!?…") for r in search(page, "utan") for m in r["marks"]} == {"utan"}
    # A trailing * asks for the words that begin with it.
    begins = {m.lower().strip(".,;:!?…") for r in search(page, "utanför*") for m in r["marks"]}
    assert "utanför" in begins and "utanförskap" in begins and "utan" not in begins


def test_a_quoted_phrase_finds_the_words_in_that_order(desktop):
    page = desktop.go("find/")
    found = search(page, '"digitalt utanförskap"')
    assert found
    for r in found:
        assert re.search(r"digitalt\s+utanförskap", r["text"].lower()), r["text"]


def test_facets_narrow_the_results_to_a_participant_and_to_a_code(desktop, thesis_pagefind):
    page = desktop.go("find/?q=utanförskap")
    everything = results(page)
    assert len(everything) > 3
    facets_shown(desktop, page)
    page.locator(".pagefind-ui__filter-name", has_text="Deltagare").click()
    page.locator('label[for="Deltagare-R1"]').click()
    page.wait_for_function(f"document.querySelectorAll({RESULT!r}).length < {len(everything)}")
    narrowed = results(page)
    assert [r["href"] for r in narrowed] == ["/transcripts/r1/"]
    assert "utanförskap" in narrowed[0]["text"]
    page.locator('label[for="Deltagare-R1"]').click()  # off again
    page.wait_for_function(f"document.querySelectorAll({RESULT!r}).length == {len(everything)}")
    # DIGIN (digital inclusion) is coded in some transcripts: the code's facet keeps exactly those pages.
    page.locator(".pagefind-ui__filter-name", has_text="Kod").click()
    page.locator('label[for="Kod-DIGIN"]').click()
    page.wait_for_function(f"document.querySelectorAll({RESULT!r}).length < {len(everything)}")
    coded = {path for path in (thesis_pagefind / "transcripts").glob("*/index.html")
             if 'data-pagefind-filter="Kod"><a href="../../codebook/digin/"' in path.read_text(encoding="utf-8")}
    expected = {f"/transcripts/{path.parent.name}/" for path in coded}
    hrefs = {r["href"] for r in results(page)}
    assert hrefs and hrefs <= expected, (hrefs, expected)
    screenshot(page, "search-pagefind-facets")


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_pagefind_text_contrast_is_at_least_4_5_to_1_in_both_modes(browser, url, mode):
    options = ({"viewport": {"width": 1440, "height": 900}} if mode == "light" else
               {"viewport": {"width": 390, "height": 844}, "color_scheme": "dark", "device_scale_factor": 2,
                "is_mobile": True, "has_touch": True})
    context, tab = _tab(browser, url, **options)
    try:
        page = tab.go("find/?q=utanförskap")
        results(page)
        page.locator(".pagefind-ui__filter-name", has_text="Kod").click()  # the facet's values, shown
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == (
            "default" if mode == "light" else "slate")
        assert serious_contrast(page) == []
        no_results(page, "utanförskapsgrej")  # the "no results" message
        assert serious_contrast(page) == []
        assert tab.errors == []
    finally:
        context.close()


def test_with_lunr_a_whole_word_is_not_matched_by_its_prefix(visit):
    """Material's lunr search (the thesis's default) treats the last word as a prefix (utanförskap*), with Swedish
    stemming; it never shortens a word, so "utanförskap" finds no row that only says "utan"."""
    page = visit.go("")
    field = page.locator("input.md-search__input")
    field.click()
    field.press_sequentially("utanförskap")
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    page.wait_for_timeout(1000)
    marks = {m.lower().strip(".,;:!?…") for m in page.locator(".md-search-result mark").all_inner_texts()} - {""}
    assert marks and all(mark.startswith("utanförskap") for mark in marks), marks
    assert page.locator("script[src*='qualsite-search.js']").count() == 1
    assert page.locator(".qs-search").count() == 0, "with lunr, the header keeps Material's own search box"
