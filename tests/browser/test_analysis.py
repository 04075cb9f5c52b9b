"""The analysis views of the thesis in headless Chromium: matrix and co-occurrence tables, their click-through to the
rows behind a number, phones in dark mode, and accessibility.
"""

from __future__ import annotations

import re

import pytest

from .conftest import Visit, screenshot, serious_violations

MATRIX = "analysis/"
COOCCURRENCE = "analysis/cooccurrence/"




def test_the_matrix_shows_every_code_and_participant_with_totals(visit):
    page = visit.go(MATRIX)
    table = page.locator("table.qs-matrix")
    headers = table.locator("thead th").all_inner_texts()
    assert headers == ["Kod", "R1", "R2", "R3", "R4", "R5", "Totalt"]
    assert table.locator("tbody th[scope=row] .qs-chip").all_inner_texts() == [  # the id; its label beside it
        "KOM", "MED", "DIGIN", "DIGMED", "MHÅLL", "SHÅLL", "EHÅLL"]
    assert table.locator("tfoot td").last.inner_text() == "244"
    screenshot(page, "analysis-matrix-desktop-light")


def test_a_matrix_cell_lands_on_its_rows_and_a_row_link_on_the_transcript_row(visit):
    page = visit.go(MATRIX)
    cell = page.locator("#code-digmed td.qs-heat a").nth(4)  # DIGMED × R5
    count = int(cell.inner_text())
    cell.click()
    page.wait_for_url(re.compile(r"codebook/digmed/#interview-r5$"))
    rows = page.locator("#interview-r5 + .qs-coded-rows li a.qs-ref")
    assert rows.count() == count
    first = rows.first.inner_text()
    assert first.startswith("R5:")
    screenshot(page, "analysis-matrix-cell-rows")
    rows.first.click()
    anchor = "r5-" + first.split(":")[1]
    page.wait_for_url(re.compile(rf"transcripts/r5/#{anchor}$"))
    assert page.locator(f"#{anchor}").is_visible()


def test_a_cooccurrence_cell_lands_on_the_rows_with_both_codes(visit):
    page = visit.go(COOCCURRENCE)
    cell = page.locator("table.qs-cooccurrence").first.locator("#code-digmed a[href*='pairs/digmed/shall']")
    assert cell.inner_text() == "19"
    assert "c = 0,26" in cell.get_attribute("title")
    screenshot(page, "analysis-cooccurrence-desktop-light")
    cell.click()
    page.wait_for_url(re.compile(r"analysis/pairs/digmed/shall/$"))
    items = page.locator("ul.qs-coded-rows li")
    assert items.count() == 19
    for i in range(items.count()):
        chips = items.nth(i).locator("a.qs-chip").all_inner_texts()
        assert "DIGMED" in chips and "SHÅLL" in chips
    screenshot(page, "analysis-pair-digmed-shall")
    link = items.first.locator("a.qs-ref")
    label = link.inner_text()
    link.click()
    transcript, n = label.split(":")
    page.wait_for_url(re.compile(rf"transcripts/{transcript.lower()}/#{transcript.lower()}-{n}$"))


def test_a_profile_shows_area_shares_and_codes_as_text_and_bars(visit):
    page = visit.go("participants/r5/")
    shares = page.locator("table.qs-shares")
    assert shares.locator("td .qs-share").first.inner_text().endswith("%")
    assert shares.locator(".qs-bar").first.get_attribute("aria-hidden") == "true"
    width = page.evaluate("getComputedStyle(document.querySelector('.qs-shares .qs-bar > span')).width")
    assert float(width.rstrip("px")) > 0
    screenshot(page, "analysis-profile-r5-desktop-light")


@pytest.mark.parametrize("path", [MATRIX, COOCCURRENCE, "analysis/pairs/digmed/shall/", "participants/r5/",
                                  "codebook/digmed/"])
def test_on_a_phone_in_dark_mode_the_analysis_pages_do_not_overflow(phone_dark, path):
    page = phone_dark.go(path)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than the phone screen"
    screenshot(page, "analysis-phone-dark-" + path.strip("/").replace("/", "-"))


def test_on_a_phone_the_matrix_scrolls_inside_its_own_box(phone_dark):
    page = phone_dark.go(COOCCURRENCE)
    wrap = page.locator(".qs-table-wrap").first
    inner, outer = wrap.evaluate("(el) => [el.scrollWidth, el.clientWidth]")
    assert outer <= 390
    if inner > outer:  # the table is wider than the phone: its box scrolls, the page does not
        wrap.evaluate("(el) => el.scrollLeft = el.scrollWidth")
        assert wrap.evaluate("(el) => el.scrollLeft") > 0
    page.locator("table.qs-cooccurrence").first.scroll_into_view_if_needed()
    screenshot(page, "analysis-phone-dark-cooccurrence-table")


@pytest.mark.parametrize("path", [MATRIX, COOCCURRENCE, "analysis/pairs/digmed/shall/", "participants/r5/",
                                  "codebook/digmed/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_analysis_pages_have_no_serious_accessibility_violations(browser, base_url, path, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    tab = Visit(context.new_page(), base_url)
    try:
        page = tab.go(path)
        assert serious_violations(page) == ""
        assert tab.errors == []
    finally:
        context.close()
