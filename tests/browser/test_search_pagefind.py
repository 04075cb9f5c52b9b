"""The Pagefind search backend, in the browser: a small synthetic corpus forced to Pagefind.

Typing a word on our own search page (`find/`) finds the transcript row that holds it, and the result
lands on the row's anchor (`transcripts/r2/#r2-4`). Everything loads from the site itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.make_corpus import write_corpus

from .conftest import ROOT, Visit, build_site_in, screenshot, serving

WORD = "regnbågsforellen"
"""A word no generated row holds; the test puts it into row 4 of R2."""


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("pagefind")
    write_corpus(work / "data", interviews=3, rows=20, seed=11)
    transcript = work / "data" / "transcripts" / "R2.yaml"
    lines = transcript.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("  - {n: 4,"))
    lines[at] = lines[at].replace('text: "', f'text: "{WORD} ', 1)
    transcript.write_text("\n".join(lines), encoding="utf-8")
    build_site_in(work, search="pagefind")
    assert not (work / "site" / "search" / "search_index.json").exists(), "lunr's index is not built"
    assert (work / "site" / "pagefind" / "pagefind-ui.js").is_file()
    return work / "site"


@pytest.fixture(scope="module")
def pagefind_url(pagefind_site: Path):
    with serving(pagefind_site) as url:
        yield url


@pytest.fixture
def tab(browser, pagefind_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    visit = Visit(context.new_page(), pagefind_url)
    yield visit
    context.close()
    assert visit.foreign_requests() == [], "the site must load nothing from third-party hosts"
    assert visit.errors == [], "the browser console must show no errors"


def test_typing_a_word_finds_the_row_and_lands_on_its_anchor(tab):
    page = tab.go("find/")
    assert page.locator("html").get_attribute("lang") == "sv"
    page.locator(".pagefind-ui__search-input").fill(WORD)
    row_result = page.locator('.pagefind-ui__result-link[href*="transcripts/r2/#r2-4"]')
    row_result.first.wait_for(timeout=15_000)
    assert "träff" in page.locator(".pagefind-ui__message").inner_text()  # the interface speaks Swedish
    screenshot(page, "search-pagefind")
    row_result.first.click()
    page.wait_for_url("**/transcripts/r2/#r2-4")
    assert page.evaluate("document.querySelector(':target').id") == "r2-4"
    assert WORD in page.locator("#r2-4").locator("xpath=..").inner_text()


def test_the_menu_leads_to_the_search_page_and_material_search_is_off(tab):
    page = tab.go("")
    assert page.locator("label[for=__search]").count() == 0, "Material's search box is switched off"
    page.locator(".md-nav__link", has_text="Sök").first.click()
    page.wait_for_url("**/find/")
    page.locator(".pagefind-ui__search-input").wait_for()


def test_a_search_can_be_linked_to(tab):
    page = tab.go(f"find/?q={WORD}")
    page.locator('.pagefind-ui__result-link[href*="transcripts/r2/"]').first.wait_for(timeout=15_000)
