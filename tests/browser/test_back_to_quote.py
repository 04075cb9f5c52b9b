"""Back to the quote and the reader's small tools (issue 16), in Chromium on the thesis site (and, for the way
back, on a 300-interview corpus).

From a transcript row a reader goes back to the quote that cites it: the whole quote, from its first word, in view
and highlighted, at 1440 px in light mode and 390 px in dark mode. A row's "cited in" links tell its quotes apart;
every quote and every row copies its citation with the row's permalink; each theme leads to the previous and the
next; each profile lists the quotes taken from that participant, which the test works out from the thesis's own
files (tests/cases/thesis/data), not from what the site says.
"""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

import pytest
import yaml

from qualsite.labels import SV

from .conftest import ROOT, Visit, screenshot

THESIS = ROOT / "tests" / "cases" / "thesis" / "data"
THEME = "findings/4-3-social-hallbarhet/"
LONG = ("4-3-social-hallbarhet.3", "quote-3", "r5-24")  # (R5:24), a quote of five lines at 1440 px, R5:24 cited thrice
OTHER_QUOTE = "quote-4"  # (R1:32), on the same page, not reached by the link
CITATION = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9_-]*:\d+(?:\s*[;,]\s*[A-Za-z][A-Za-z0-9_-]*:\d+)*)\s*\)")
SCREENS = pytest.mark.parametrize("screen", ["desktop-light", "phone-dark"])


@pytest.fixture
def screen_tab(browser, base_url, request):
    """A tab at 1440 × 900 in light mode or at 390 × 844 (touch) in dark mode; no console errors, nothing foreign."""
    contexts = []

    def open_tab(screen: str, **options) -> Visit:
        if screen == "desktop-light":
            context = browser.new_context(viewport={"width": 1440, "height": 900}, color_scheme="light", **options)
        else:
            context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark",
                                          device_scale_factor=2, is_mobile=True, has_touch=True, **options)
        contexts.append((context, Visit(context.new_page(), base_url)))
        return contexts[-1][1]

    yield open_tab
    for context, tab in contexts:
        context.close()
        assert tab.foreign_requests() == [], "the site must load nothing from third-party hosts"
        assert tab.errors == [], "the browser console must show no errors"


def quote_box(page, anchor: str) -> dict:
    return page.evaluate(
        """(id) => { const q = document.getElementById(id), box = q.getBoundingClientRect();
                     const line = parseFloat(getComputedStyle(q).lineHeight) || 20;
                     return {top: box.top, bottom: box.bottom, height: box.height, lines: box.height / line,
                             header: document.querySelector('.md-header').getBoundingClientRect().bottom,
                             viewport: innerHeight, targeted: q.matches(':target')}; }""",
        anchor,
    )


def look(page, anchor: str) -> tuple[str, str]:
    return page.evaluate(
        "(id) => { const s = getComputedStyle(document.getElementById(id)); return [s.backgroundColor, s.outlineStyle]; }",
        anchor,
    )


def assert_whole_quote_in_view_and_highlighted(page, anchor: str) -> None:
    page.wait_for_url(re.compile(re.escape(THEME) + f"#{anchor}$"))
    box = quote_box(page, anchor)
    assert box["targeted"], f"#{anchor} must be the page's target"
    assert box["lines"] >= 4, f"the test needs a long quote, this one is {box['lines']:.1f} lines"
    assert box["top"] >= box["header"], f"the quote's first line is hidden above the viewport or header: {box}"
    assert box["bottom"] <= box["viewport"], f"the quote's last line is below the viewport: {box}"
    assert look(page, anchor) != look(page, OTHER_QUOTE), "the quote reached must be highlighted"
    assert look(page, anchor)[1] != "none", "the quote reached must be outlined"


@SCREENS
def test_a_rows_cited_in_link_returns_to_the_whole_quote_highlighted(screen_tab, screen):
    tab = screen_tab(screen)
    page = tab.go(f"transcripts/r5/#{LONG[2]}")
    link = page.locator(f'#{LONG[2]} ~ .qs-row-cited a[data-qs-cite="{LONG[0]}"]')
    assert link.get_attribute("href").endswith(f"{THEME.removeprefix('findings/')}#{LONG[1]}")
    link.scroll_into_view_if_needed()
    link.click()
    assert_whole_quote_in_view_and_highlighted(page, LONG[1])
    screenshot(page, f"back-to-quote-{screen}")


@SCREENS
def test_the_back_link_of_a_landed_row_returns_to_the_whole_quote_highlighted(screen_tab, screen):
    tab = screen_tab(screen)
    page = tab.go(THEME)
    page.locator(f"#{LONG[1]} a.qs-ref").click()  # to the row, with the quoted words marked
    back = page.locator(f"#{LONG[2]} ~ .qs-back a")
    back.wait_for(state="visible")
    assert back.inner_text().startswith(SV.back_to_quote)
    back.click()
    assert_whole_quote_in_view_and_highlighted(page, LONG[1])


SCREEN_OPTIONS = {
    "desktop-light": dict(viewport={"width": 1440, "height": 900}, color_scheme="light"),
    "phone-dark": dict(viewport={"width": 390, "height": 844}, color_scheme="dark", device_scale_factor=2,
                       is_mobile=True, has_touch=True),
}


@SCREENS
def test_at_300_interviews_a_rows_cited_in_link_returns_to_the_whole_quote_highlighted(
    browser, corpus300_site: Path, corpus300_url: str, screen: str
):
    slug = sorted(path.parent.name for path in (corpus300_site / "findings").glob("*/index.html"))[0]
    context = browser.new_context(**SCREEN_OPTIONS[screen])
    tab = Visit(context.new_page(), corpus300_url)
    try:
        page = tab.go(f"findings/{slug}/")
        # The longest quote that still fits on the screen, the row it cites, and another quote to compare with.
        quote, other, row = page.evaluate(
            """() => { const quotes = [...document.querySelectorAll('[id^="quote-"]')]
                         .filter(q => q.querySelector('a.qs-ref'))
                         .map(q => ({id: q.id, height: q.getBoundingClientRect().height,
                                     href: q.querySelector('a.qs-ref').href}))
                         .filter(q => q.height < innerHeight * 0.6)
                         .sort((a, b) => b.height - a.height);
                       return [quotes[0].id, quotes[quotes.length - 1].id, quotes[0].href]; }""")
        row_id = row.rsplit("#", 1)[1].split(":~:", 1)[0]  # the row, without the text fragment that marks the words
        page.goto(row)
        link = page.locator(f'#{row_id} ~ .qs-row-cited a[href$="{slug}/#{quote}"]')
        link.scroll_into_view_if_needed()
        link.click()
        page.wait_for_url(re.compile(f"{slug}/#{quote}$"))
        box = quote_box(page, quote)
        assert box["targeted"] and box["top"] >= box["header"] and box["bottom"] <= box["viewport"], box
        assert look(page, quote) != look(page, other) and look(page, quote)[1] != "none"
        screenshot(page, f"back-to-quote-corpus300-{screen}")
    finally:
        context.close()
    assert tab.foreign_requests() == [] and tab.errors == []

def test_without_scripts_the_target_alone_highlights_the_quote(browser, base_url):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}{THEME}#{LONG[1]}")
    box = quote_box(page, LONG[1])
    assert box["top"] >= box["header"] and box["bottom"] <= box["viewport"]
    assert look(page, LONG[1]) != look(page, OTHER_QUOTE)
    context.close()


def test_the_old_citation_anchors_still_lead_to_the_citation(visit):
    page = visit.go(f"{THEME}#cite-3")
    assert page.evaluate("document.getElementById('cite-3').closest('#quote-3') !== null")
    assert page.evaluate("document.querySelector(':target').id") == "cite-3"


def test_the_cited_in_links_of_r5_24_name_their_three_quotes(visit):
    page = visit.go(f"transcripts/r5/#{LONG[2]}")
    links = page.locator(f"#{LONG[2]} ~ .qs-row-cited a")
    texts = links.all_inner_texts()
    social = [t for t in texts if t.startswith("Tema 3: Social hållbarhet")]
    assert len(social) == 3, texts
    assert len(set(social)) == 3, f"three quotes from one section must read differently: {social}"
    assert "”Sedan uppsöker vi invandrarföreningar" in social[0]
    assert "”Vi kallar det inte digitalt utanförskap" in social[1]


def test_no_row_of_the_thesis_has_two_cited_in_links_alike(built_site):
    for path in sorted(built_site.glob("transcripts/r*/index.html")):
        for row, texts in _cited_in_links(path.read_text(encoding="utf-8")).items():
            assert len(texts) == len(set(texts)), f"{path.parent.name} {row}: {texts}"


def grant_clipboard(browser, base_url, **options):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, **options)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    return context, Visit(context.new_page(), base_url)


def test_copying_a_quote_puts_the_quote_and_its_rows_permalink_on_the_clipboard(browser, base_url):
    context, tab = grant_clipboard(browser, base_url)
    page = tab.go(THEME)
    button = page.locator(f"#{LONG[1]}").get_by_role("button", name=SV.copy_quote)
    assert button.count() == 1
    button.click()
    page.locator(f"#{LONG[1]} .qs-copy--done").wait_for()
    assert SV.copied in button.inner_text(), "copying must say so, visibly"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("”Sedan uppsöker vi invandrarföreningar faktiskt")
    assert "bäringar på så många nivåer,” (R5:24). Kvist, P. & Rismyhr, M. (2023). Digitalisering och hållbarhet" in copied
    assert copied.endswith(f" {base_url}transcripts/r5/#r5-24"), copied
    live = page.locator(".qs-copy-live[role=status]")
    page.wait_for_function("() => document.querySelector('.qs-copy-live').textContent !== ''")
    assert live.text_content() == f"{SV.copied}: (R5:24)", "a screen reader hears what was copied"
    screenshot(page, "copied-quote")
    context.close()
    assert tab.errors == [] and tab.foreign_requests() == []


def test_copying_a_row_puts_its_citation_and_permalink_on_the_clipboard(browser, base_url):
    context, tab = grant_clipboard(browser, base_url)
    page = tab.go("transcripts/r5/?cite=4-3-social-hallbarhet.3#r5-24")
    button = page.get_by_role("button", name=f"{SV.copy_row} R5:24")
    assert button.count() == 1
    button.click()
    page.locator("#r5-24 .qs-copy--done").wait_for()
    assert SV.copied in button.inner_text()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("R5:24. Kvist, P. & Rismyhr, M. (2023). Digitalisering och hållbarhet i symbios")
    assert copied.endswith(f" {base_url}transcripts/r5/#r5-24"), "the permalink, without the citation's ?cite="
    assert page.locator(".qs-row-heading .qs-copy").count() == page.locator(".qs-row-heading").count()
    screenshot(page, "copied-row")
    heights = "[...document.querySelectorAll('.qs-row-heading')].map(h => h.getBoundingClientRect().height)"
    with_buttons = page.evaluate(heights)
    page.evaluate("document.querySelectorAll('.qs-row-heading .qs-copy').forEach(b => b.remove())")
    assert page.evaluate(heights) == with_buttons, "the buttons must not move the rows (a landed row stays in view)"
    context.close()
    assert tab.errors == [] and tab.foreign_requests() == []


def test_without_a_clipboard_the_citation_is_shown_selected_to_copy_by_hand(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined});"
                            "document.execCommand = () => false;")
    tab = Visit(context.new_page(), base_url)
    page = tab.go(THEME)
    page.locator(f"#{LONG[1]}").get_by_role("button", name=SV.copy_quote).click()
    field = page.locator(f"#{LONG[1]} .qs-copy-manual input")
    field.wait_for()
    assert field.input_value().endswith(f"{base_url}transcripts/r5/#r5-24")
    assert page.evaluate("document.activeElement.matches('.qs-copy-manual input')")
    assert SV.copy_manual in page.locator(f"#{LONG[1]} .qs-copy-manual").inner_text()
    context.close()
    assert tab.errors == []


def test_each_theme_leads_to_the_previous_and_next_in_the_menus_order(visit, built_site):
    nav = yaml.safe_load((built_site.parent / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    findings = next(entry[SV.findings] for entry in nav if isinstance(entry, dict) and SV.findings in entry)
    order = [Path(next(iter(item.values()))).stem + "/" for item in findings if isinstance(item, dict)]
    assert len(order) == 6
    for i, slug in enumerate(order):
        page = visit.go(f"findings/{slug}")
        pager = page.locator("nav.qs-pager")
        assert pager.get_attribute("aria-label") == SV.themes
        links = {rel: pager.locator(f"a[rel={rel}]") for rel in ("prev", "next")}
        assert links["prev"].count() == (1 if i else 0)
        assert links["next"].count() == (1 if i + 1 < len(order) else 0)
        if i + 1 < len(order):
            assert links["next"].inner_text().startswith(f"→ {SV.next_theme}") or SV.next_theme in links["next"].inner_text()
            links["next"].click()
            page.wait_for_url(re.compile(re.escape(f"findings/{order[i + 1]}") + "$"))
            page.locator("nav.qs-pager a[rel=prev]").click()
            page.wait_for_url(re.compile(re.escape(f"findings/{slug}") + "$"))


def expected_quotes(participant: str) -> list[tuple[str, int, tuple[str, ...]]]:
    """(theme slug, citation number, rows R5:24 of the participant) of every citation in the thesis's findings that
    backs a quotation (a blockquote, or a passage in quotation marks before it) and cites the participant's
    transcript, read straight from the Markdown files."""
    transcripts = set()
    for path in (THESIS / "transcripts").glob("*.yaml"):
        if yaml.safe_load(path.read_text(encoding="utf-8")).get("participant") == participant:
            transcripts.add(path.stem)
    found = []
    for path in sorted((THESIS / "findings").glob("*.md")):
        slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower().replace("å", "a").replace("ä", "a").replace("ö", "o"))
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1] if path.read_text(encoding="utf-8").startswith("---") else path.read_text(encoding="utf-8")
        number = 0
        for paragraph in re.split(r"\n\s*\n", body):
            before = 0
            for match in CITATION.finditer(paragraph):
                number += 1
                running = paragraph[before:match.start()]
                before = match.end()
                quoted = paragraph.lstrip().startswith(">") or any(mark in running for mark in "“”\"«»")
                rows = tuple(ref.strip() for ref in re.split(r"[;,]", match.group(1))
                             if ref.strip().split(":")[0] in transcripts)
                if quoted and rows:
                    found.append((slug, number, rows))
    return found


@pytest.mark.parametrize("participant", ["R1", "R2", "R3", "R4", "R5"])
def test_a_profile_lists_exactly_the_quotes_taken_from_the_participant(visit, participant):
    expected = expected_quotes(participant)
    assert expected, "every respondent of the thesis is quoted"
    page = visit.go(f"participants/{participant.lower()}/")
    items = page.locator("ol.qs-profile-quotes > li")
    listed = []
    for item in items.all():
        href = item.locator("a.qs-quote-link").get_attribute("href")
        match = re.fullmatch(r"\.\./\.\./findings/([a-z0-9-]+)/#quote-(\d+)", href)
        assert match, href
        rows = tuple(item.locator(".qs-quote-where a.qs-ref").all_inner_texts())
        listed.append((match.group(1), int(match.group(2)), rows))
        assert item.locator("a.qs-quote-link").inner_text().startswith("”")
    assert listed == expected
    first = items.first.locator("a.qs-quote-link")
    first.click()
    page.wait_for_url(re.compile(rf"#quote-{expected[0][1]}$"))
    assert page.evaluate(f"document.getElementById('quote-{expected[0][1]}').matches(':target')")
    if participant == "R5":
        page.go_back()
        page.wait_for_url(re.compile(r"participants/r5/$"))
        page.locator("#quotes").scroll_into_view_if_needed()
        screenshot(page, "profile-r5-quotes-desktop")


def test_the_profile_and_the_returned_quote_on_a_phone_in_dark_mode(phone_dark):
    page = phone_dark.go("participants/r5/")
    page.locator("#quotes").scroll_into_view_if_needed()
    screenshot(page, "profile-r5-quotes-phone-dark")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "nothing may overflow the phone's width"


@SCREENS
def test_the_home_pages_figures_never_wrap_four_and_one(screen_tab, screen):
    page = screen_tab(screen).go("")
    tops = page.evaluate("[...document.querySelectorAll('ul.qs-figures > li')].map(li => Math.round(li.getBoundingClientRect().top))")
    per_row = [tops.count(top) for top in sorted(set(tops))]
    assert len(tops) == 5
    assert per_row == ([5] if screen == "desktop-light" else [3, 2]), per_row
    rights = page.evaluate("[...document.querySelectorAll('ul.qs-figures > li')].map(li => li.getBoundingClientRect().right)")
    ends = {top: max(round(right) for t, right in zip(tops, rights) if t == top) for top in set(tops)}
    assert len(set(ends.values())) == 1, f"every row of cards must end at the same edge: {ends}"
    page.locator("#figures").scroll_into_view_if_needed()
    screenshot(page, f"home-figures-{screen}")


class _CitedIn(html.parser.HTMLParser):
    """The texts of each row's "cited in" links, by row anchor."""

    def __init__(self):
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self.row, self.in_cited, self.link = "", False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h3" and "qs-row-heading" in (attrs.get("class") or ""):
            self.row = attrs.get("id", "")
        elif tag == "p" and "qs-row-cited" in (attrs.get("class") or ""):
            self.in_cited = True
        elif tag == "a" and self.in_cited:
            self.link = []

    def handle_endtag(self, tag):
        if tag == "a" and self.link is not None:
            self.rows.setdefault(self.row, []).append("".join(self.link))
            self.link = None
        elif tag == "p":
            self.in_cited = False

    def handle_data(self, data):
        if self.link is not None:
            self.link.append(data)


def _cited_in_links(page_html: str) -> dict[str, list[str]]:
    parser = _CitedIn()
    parser.feed(page_html)
    return parser.rows


@SCREENS
@pytest.mark.parametrize("path", [f"{THEME}#{LONG[1]}", "participants/r5/", "transcripts/r5/#r5-24", ""])
def test_the_tools_have_no_serious_accessibility_violations(screen_tab, screen, path):
    from .test_previews import axe_serious

    page = screen_tab(screen).go(path)
    from axe_playwright_python.sync_playwright import Axe
    found = [(v["id"], [n["target"] for n in v["nodes"]][:5], v["nodes"][0].get("failureSummary", "")[:300])
             for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert found == []
