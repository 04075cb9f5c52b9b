"""Tables at every scale in headless Chromium (issue 16): on the thesis and on a generated corpus of 300
interviews (100 rows each, 48 codes), every column of the transcripts index can be reached at 1440 px and 390 px,
sorting and filtering work, the co-occurrence header and first column stay in view while the table scrolls, the heat
map's legend and its counts/percentages switch say the right numbers, and axe finds nothing serious.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from .conftest import Visit, screenshot, serious_violations

INDEX = "transcripts/"
COOCCURRENCE = "analysis/cooccurrence/"
MATRIX = "analysis/"
CODE_PAGE = "codebook/digmed/"
INTERVIEWS = 300


@pytest.fixture(scope="session")
def corpus_site(corpus300_site: Path) -> Path:
    """The 300-interview corpus (conftest's, built once for the whole session)."""
    return corpus300_site


@pytest.fixture(scope="session")
def corpus_url(corpus300_url: str) -> str:
    return corpus300_url


VIEWPORTS = {
    "desktop-light": dict(viewport={"width": 1440, "height": 900}, color_scheme="light"),
    "phone-dark": dict(viewport={"width": 390, "height": 844}, color_scheme="dark", device_scale_factor=2,
                       is_mobile=True, has_touch=True),
}


@pytest.fixture
def open_tab(browser):
    """`open_tab(base_url, "desktop-light")`: a tab held to the site's rules (no foreign requests, no console errors)."""
    opened = []

    def make(base_url: str, kind: str) -> Visit:
        context = browser.new_context(**VIEWPORTS[kind])
        tab = Visit(context.new_page(), base_url)
        opened.append((context, tab))
        return tab

    yield make
    for context, tab in opened:
        context.close()
        assert tab.foreign_requests() == [], "the site must load nothing from third-party hosts"
        assert tab.errors == [], "the browser console must show no errors"


REACHABLE = """(th) => {
    th.scrollIntoView({block: 'nearest', inline: 'nearest'});
    const box = th.closest('.qs-table-wrap').getBoundingClientRect();
    const r = th.getBoundingClientRect();
    const x = Math.min(r.right - 2, Math.max(r.left + 2, (r.left + r.right) / 2));
    const y = (r.top + r.bottom) / 2;
    const hit = document.elementFromPoint(x, y);
    return {inBox: r.left >= box.left - 1 && r.right <= box.right + 1, onScreen: r.left >= 0 && r.right <= innerWidth,
            seen: !!hit && th.contains(hit)};
}"""


def assert_every_column_reachable(page) -> int:
    assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0, "the page itself must not scroll sideways"
    headers = page.locator("table.qs-transcripts thead th")
    assert headers.count() == 8
    for i in range(headers.count()):
        where = headers.nth(i).evaluate(REACHABLE)
        assert where == {"inBox": True, "onScreen": True, "seen": True}, (headers.nth(i).inner_text(), where)
    return headers.count()


@pytest.mark.parametrize("kind", VIEWPORTS)
def test_every_column_of_the_thesis_transcripts_index_can_be_reached(open_tab, base_url, kind):
    page = open_tab(base_url, kind).go(INDEX)
    scroller = page.locator(".qs-scroller").first
    if kind == "desktop-light":  # at 1440 px the empty right sidebar is gone and all 8 columns fit
        wrap = page.locator("table.qs-transcripts").locator("xpath=..")
        assert wrap.evaluate("(el) => el.scrollWidth <= el.clientWidth")
        assert not page.locator(".md-sidebar--secondary").first.is_visible()
        assert not page.locator(".qs-scroll-hint").is_visible()
    else:  # a phone sees a few columns and is told the table scrolls, with a shadow at the edge until its end
        assert page.locator(".qs-scroll-hint").is_visible()
        assert "qs-more-right" in scroller.get_attribute("class")
    screenshot(page, f"tables-thesis-transcripts-{kind}")
    assert_every_column_reachable(page)
    # Scrolled to the last column: no more shadow (the box's scroll event, which updates it, comes a frame later).
    page.wait_for_function("(el) => !el.classList.contains('qs-more-right')", arg=scroller.element_handle(),
                           timeout=5000)


@pytest.mark.parametrize("kind", VIEWPORTS)
def test_every_column_of_the_300_interview_index_can_be_reached(open_tab, corpus_url, kind):
    page = open_tab(corpus_url, kind).go(INDEX)
    assert page.locator("table.qs-transcripts tbody tr").count() == INTERVIEWS
    screenshot(page, f"tables-300-transcripts-{kind}")
    assert_every_column_reachable(page)
    # The header stays on top of the rows when the box scrolls down.
    wrap = page.locator("table.qs-transcripts").locator("xpath=..")
    wrap.evaluate("(el) => { el.scrollIntoView(); el.scrollTop = 2000; }")
    assert page.locator("table.qs-transcripts thead th").first.evaluate(REACHABLE)["seen"]
    screenshot(page, f"tables-300-transcripts-{kind}-scrolled")


def column(page, n: int) -> list[str]:
    return page.locator(f"table.qs-transcripts tbody tr:not([hidden]) td:nth-child({n})").all_inner_texts()


def test_sorting_a_column_sorts_the_rows_both_ways_by_mouse_and_keyboard(open_tab, corpus_url):
    page = open_tab(corpus_url, "desktop-light").go(INDEX)
    coded = page.locator("table.qs-transcripts thead th").nth(5)
    assert coded.get_attribute("aria-sort") is None
    coded.locator("button").click()
    assert coded.get_attribute("aria-sort") == "ascending"
    values = [int(v) for v in column(page, 6)]
    assert len(values) == INTERVIEWS and values == sorted(values) and values[0] < values[-1]
    coded.locator("button").focus()
    page.keyboard.press("Enter")
    assert coded.get_attribute("aria-sort") == "descending"
    assert [int(v) for v in column(page, 6)] == sorted(values, reverse=True)
    # Interview ids sort as numbers, not as text: R2 before R10.
    ids = page.locator("table.qs-transcripts thead th").first
    ids.locator("button").click()
    assert ids.get_attribute("aria-sort") == "ascending"
    assert page.locator("table.qs-transcripts thead th[aria-sort]").count() == 1
    assert column(page, 1)[:11] == [f"R{i}" for i in range(1, 12)]
    screenshot(page, "tables-300-transcripts-sorted")


def test_the_filter_on_the_300_row_index_shows_exactly_the_matching_rows(open_tab, corpus_url, corpus_site):
    source = (corpus_site / "transcripts" / "index.html").read_text(encoding="utf-8")
    body = source.split('<table class="qs-table qs-index qs-transcripts"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    lines = [html.unescape(re.sub(r"<[^>]+>", " ", row)) for row in re.findall(r"<tr>(.*?)</tr>", body)]
    assert len(lines) == INTERVIEWS
    page = open_tab(corpus_url, "desktop-light").go(INDEX)
    field = page.get_by_role("searchbox", name="Filtrera tabellen")
    for term in ("miljöstrateg", "K12", "Miljöstrateg k7"):
        words = term.lower().split()
        want = sorted(line.split()[0] for line in lines if all(w in line.lower() for w in words))
        assert want, term
        field.fill(term)
        assert sorted(column(page, 1)) == want, term
        assert page.locator(".qs-filter-count").inner_text() == f"{len(want)} av {INTERVIEWS} rader visas"
    field.fill("")
    assert len(column(page, 1)) == INTERVIEWS


def test_the_300_participants_index_sorts_and_filters_too(open_tab, corpus_url):
    page = open_tab(corpus_url, "phone-dark").go("participants/")
    rows = page.locator("table.qs-participants tbody tr:not([hidden])")
    assert rows.count() == INTERVIEWS
    page.get_by_role("searchbox", name="Filtrera tabellen").fill("R29")
    assert sorted(rows.locator("td:first-child").all_inner_texts()) == sorted(["R29", *(f"R29{i}" for i in range(10))])
    first = page.locator("table.qs-participants thead th").first
    first.locator("button").click()
    first.locator("button").click()
    assert first.get_attribute("aria-sort") == "descending"
    assert rows.locator("td:first-child").all_inner_texts()[0] == "R299"
    screenshot(page, "tables-300-participants-filtered-phone-dark")


def test_the_cooccurrence_header_and_codes_stay_in_view_while_the_table_scrolls(open_tab, corpus_url):
    page = open_tab(corpus_url, "desktop-light").go(COOCCURRENCE)
    table = page.locator("table.qs-cooccurrence").first
    assert table.locator("thead th").count() == 49  # 48 codes and the corner
    wrap = table.locator("xpath=..")
    wrap.evaluate("(el) => el.scrollIntoView()")
    assert wrap.evaluate("(el) => el.scrollHeight > el.clientHeight && el.scrollWidth > el.clientWidth")
    wrap.evaluate("(el) => { el.scrollTop = el.scrollHeight; el.scrollLeft = el.scrollWidth; }")
    assert wrap.evaluate("(el) => el.scrollTop > 0 && el.scrollLeft > 0")
    last_row = table.locator("tbody tr").last
    box = wrap.bounding_box()
    header = table.locator("thead th").last.bounding_box()
    code = last_row.locator("th").bounding_box()
    assert box["y"] - 1 <= header["y"] <= box["y"] + 2, "the header row sticks to the top of the box"
    assert box["x"] - 1 <= code["x"] <= box["x"] + 2, "the code column sticks to the left of the box"
    assert table.locator("thead th").last.evaluate(REACHABLE)["seen"]
    # The box is no taller than the screen, so header and last row are on screen together.
    assert header["y"] >= 0 and code["y"] + code["height"] <= 900
    screenshot(page, "tables-300-cooccurrence-scrolled-desktop-light")


def cells_by_row(page, table_index: int = 0) -> list[list[dict]]:
    return page.locator("table.qs-cooccurrence").nth(table_index).evaluate("""(t) =>
        [...t.tBodies[0].rows].map(r => [...r.querySelectorAll('td')].map(td => ({
            text: td.textContent.trim(), count: Number(td.textContent.trim()), cls: td.className})))""")


def test_the_legend_and_the_counts_percentages_switch_give_the_right_numbers(open_tab, base_url):
    page = open_tab(base_url, "desktop-light").go(COOCCURRENCE)
    legend = page.locator(".qs-legend[data-qs-mode=count]").first
    assert legend.is_visible()
    assert [t.strip() for t in legend.locator("li").all_inner_texts()] == ["0", "1–3", "4–7", "8–11", "12–15", "16–19"]
    counts = cells_by_row(page)
    assert all(cell["text"] == str(cell["count"]) for row in counts for cell in row)  # whole numbers of rows
    page.get_by_role("radio", name="Procent").check()
    assert not legend.is_visible() and page.locator(".qs-legend[data-qs-mode=pct]").first.is_visible()
    percents = cells_by_row(page)
    for i, row in enumerate(counts):
        whole = row[i]["count"]  # the diagonal: rows carrying the row's code
        for j, cell in enumerate(row):
            n = cell["count"]
            want = 0 if n == 0 else max(1, round(100 * n / whole))
            assert percents[i][j]["text"].replace("\xa0", " ") == f"{want} %", (i, j)
    digmed_shall = page.locator("#code-digmed a[href*='pairs/digmed/shall']").first
    assert digmed_shall.inner_text().replace("\xa0", " ") == "34 %"  # 19 of DIGMED's 56 rows
    screenshot(page, "tables-thesis-cooccurrence-percent-desktop-light")
    page.get_by_role("radio", name="Antal").check()
    assert cells_by_row(page) == counts


def test_the_matrix_switch_gives_each_participants_share_of_their_codings(open_tab, base_url):
    page = open_tab(base_url, "desktop-light").go(MATRIX)
    table = page.locator("table.qs-matrix")
    totals = [int(t) for t in table.locator("tfoot td").all_inner_texts()[:-1]]
    cell = page.locator("#code-digmed td.qs-heat").nth(1)  # DIGMED × R2
    n = int(cell.inner_text())
    page.get_by_role("radio", name="Procent").check()
    assert cell.inner_text().replace("\xa0", " ") == f"{round(100 * n / totals[1])} %"


def test_c_coefficients_are_explained_and_shown_only_where_they_say_something(open_tab, base_url):
    page = open_tab(base_url, "desktop-light").go(COOCCURRENCE)
    assert "c-koefficienten säger hur ofta två koder står tillsammans" in page.locator("article").inner_text()
    c_table = cells_by_row(page, 1)
    counts = cells_by_row(page, 0)
    totals = [counts[i][i]["count"] for i in range(len(counts))]
    for i, row in enumerate(c_table):
        for j, cell in enumerate(row):
            if i == j:
                continue
            quiet = min(totals[i], totals[j]) < 5 or counts[i][j]["count"] < 3
            assert (cell["text"] == "·") == quiet, (i, j, cell)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [COOCCURRENCE, INDEX, CODE_PAGE])
def test_axe_finds_nothing_serious_on_the_tables_in_either_scheme(browser, base_url, scheme, path):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, color_scheme=scheme)
    tab = Visit(context.new_page(), base_url)
    try:
        page = tab.go(path)
        modes = ["Antal", "Procent"] if path == COOCCURRENCE else [None]
        for mode in modes:
            if mode:
                page.get_by_role("radio", name=mode).check()
            assert serious_violations(page) == ""
        assert tab.errors == []
    finally:
        context.close()


@pytest.mark.parametrize("kind", VIEWPORTS)
def test_screenshots_of_the_tables_pages(open_tab, base_url, corpus_url, kind):
    thesis = open_tab(base_url, kind)
    for path, name in ((COOCCURRENCE, "cooccurrence"), (CODE_PAGE, "codebook-digmed"), ("codebook/", "codebook")):
        page = thesis.go(path)
        assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0, path
        screenshot(page, f"tables-thesis-{name}-{kind}")
    corpus = open_tab(corpus_url, kind).go(COOCCURRENCE)
    screenshot(corpus, f"tables-300-cooccurrence-{kind}")
