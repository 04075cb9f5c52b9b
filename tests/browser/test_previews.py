"""Evidence in context (issue 14), as a reader meets it in Chromium on the thesis site.

Hovering (or focusing, or tapping) a citation previews the quoted words inside their row; following it lands on
the row with exactly those words marked and in view, and a link leads back to the quote. The `visit` and
`phone_dark` fixtures fail any test whose pages logged a console error or loaded anything from another host.
"""

from __future__ import annotations

import re

import pytest

from qualsite.labels import EN, SV

from .conftest import screenshot

R1_12 = ("findings/4-3-social-hallbarhet/", "#cite-1", "hur ser vi liksom till att alla", "r1-12")
R1_10 = ("findings/4-1-strategi/", "#cite-18", "klimatomfattig hållbarhet", "r1-10")  # differs from its row
OMISSION = ("findings/4-1-strategi/", "#cite-8", "vad ska man kalla det", "r4-10")  # "...kalla det... Arbetstiden"
QUOTES = pytest.mark.parametrize("finding, cite, words, row", [R1_12, R1_10, OMISSION], ids=["R1:12", "R1:10", "omission"])
ENGLISH = sorted({v for v in vars(EN).values() if v not in vars(SV).values() and len(v) > 3})
"""Labels the English site says and the Swedish one never does."""


def in_view(page, selector: str) -> bool:
    return page.evaluate(
        """(selector) => { const box = document.querySelector(selector).getBoundingClientRect();
                           const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
                           return box.height > 0 && box.top >= header && box.bottom <= window.innerHeight; }""",
        selector,
    )


def axe_serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")]


@QUOTES
def test_hovering_a_citation_previews_the_quoted_words_marked_in_their_row(visit, finding, cite, words, row):
    page = visit.go(finding)
    link = page.locator(f"{cite} a.qs-ref")
    link.hover()
    preview = page.locator("#qs-preview")
    preview.wait_for(state="visible")
    assert preview.get_attribute("role") == "tooltip" and link.get_attribute("aria-describedby") == "qs-preview"
    assert words in preview.locator("mark").inner_text()
    assert preview.inner_text().startswith(link.inner_text() + " · R")  # the row, then its speaker
    if row == "r1-10":
        assert preview.locator("del").inner_text() == "klimatmässig"
        assert preview.locator("ins").inner_text() == "klimatomfattig"
    screenshot(page, f"preview-{row}")
    page.keyboard.press("Escape")
    preview.wait_for(state="hidden")
    assert link.get_attribute("aria-describedby") is None


def test_the_r1_12_preview_shows_the_words_around_the_quote_not_the_rows_opening(visit):
    page = visit.go(R1_12[0])
    page.locator("#cite-1 a.qs-ref").hover()
    preview = page.locator("#qs-preview")
    preview.wait_for(state="visible")
    assert "det handlar ju om det här med digitalt utanförskap, hur ser vi liksom till att alla" in preview.inner_text()
    assert "Det är ju både" not in preview.inner_text()


def test_the_keyboard_opens_and_closes_a_preview(visit):
    page = visit.go(R1_12[0])
    link = page.locator("#cite-1 a.qs-ref")
    link.focus()
    preview = page.locator("#qs-preview")
    preview.wait_for(state="visible")
    assert R1_12[2] in preview.locator("mark").inner_text()
    page.keyboard.press("Escape")
    preview.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.matches('#cite-1 a.qs-ref')"), "Escape must leave focus on the link"


def quote_of(cite: str) -> str:
    """`#quote-7` for `#cite-7`: the way back leads to where the quote begins, not to its citation."""
    return cite.replace("#cite-", "#quote-")


def landed(page, words: str, row: str, finding: str, cite: str) -> None:
    page.wait_for_url(re.compile(rf"\?cite=[a-z0-9-]+\.{cite.removeprefix('#cite-')}#{row}(:~:.*)?$"))
    mark = page.locator(f"#{row} ~ .qs-row-text mark.qs-mark").first
    mark.wait_for(state="visible")
    marked = " ".join(m.inner_text() for m in page.locator(f"#{row} ~ .qs-row-text mark.qs-mark").all())
    assert words in marked
    page.wait_for_function("(s) => { const b = document.querySelector(s).getBoundingClientRect(); "
                           "return b.top >= document.querySelector('.md-header').getBoundingClientRect().bottom "
                           "&& b.bottom <= innerHeight; }", arg=f"#{row} ~ .qs-row-text mark.qs-mark", timeout=5000)
    assert in_view(page, f"#{row} ~ .qs-row-text mark.qs-mark"), "the marked words must be in view"
    back = page.locator(f"#{row} ~ .qs-back a")
    assert back.get_attribute("href").endswith(f"{finding.removeprefix('findings/')}{quote_of(cite)}")
    assert back.inner_text().startswith(SV.back_to_quote)


@QUOTES
def test_following_a_citation_lands_on_its_words_marked_and_in_view(visit, finding, cite, words, row):
    page = visit.go(finding)
    page.locator(f"{cite} a.qs-ref").click()
    landed(page, words, row, finding, cite)
    screenshot(page, f"landed-{row}")
    page.locator(f"#{row} ~ .qs-back a").click()
    page.wait_for_url(re.compile(re.escape(finding + quote_of(cite)) + "$"))
    assert in_view(page, quote_of(cite)), "the back link must return to the quote, from its first word"


@QUOTES
def test_on_a_phone_a_tap_previews_and_the_preview_leads_to_the_words(phone_dark, finding, cite, words, row):
    page = phone_dark.go(finding)
    link = page.locator(f"{cite} a.qs-ref")
    link.scroll_into_view_if_needed()
    link.tap()
    preview = page.locator("#qs-preview")
    preview.wait_for(state="visible")
    assert preview.get_attribute("role") == "dialog" and preview.get_attribute("aria-label") == SV.preview_of
    assert words in preview.locator("mark").inner_text()
    box = preview.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, "the preview must fit the phone's screen"
    screenshot(page, f"phone-preview-{row}")
    preview.get_by_role("link", name=SV.preview_open_row).tap()
    landed(page, words, row, finding, cite)
    screenshot(page, f"phone-landed-{row}")


def test_a_second_tap_on_the_citation_follows_it(phone_dark):
    finding, cite, words, row = R1_12
    page = phone_dark.go(finding)
    link = page.locator(f"{cite} a.qs-ref")
    link.scroll_into_view_if_needed()
    link.tap()
    page.locator("#qs-preview").wait_for(state="visible")
    link.tap()
    landed(page, words, row, finding, cite)


def test_several_quotes_from_one_row_each_mark_their_own_words(visit):
    page = visit.go("findings/4-1-strategi/")
    page.locator("#cite-7 a.qs-ref").click()
    landed(page, "för att effektivisera och rationalisera", "r1-12", "findings/4-1-strategi/", "#cite-7")
    assert R1_12[2] not in page.locator("#r1-12 ~ .qs-row-text mark").all_inner_texts()[0]


def test_no_english_label_in_the_swedish_sites_previews_and_rows(visit, built_site):
    said = []
    for finding in sorted(p for p in built_site.glob("findings/*/index.html")):
        page = visit.go(finding.parent.relative_to(built_site).as_posix() + "/")
        for link in page.locator("a.qs-ref[data-qs-who]").all():
            link.focus()
            said.append(page.locator("#qs-preview").inner_text())
    assert len(said) > 50
    page = visit.go("transcripts/r1/?cite=4-3-social-hallbarhet.1#r1-12")
    page.locator(".qs-back").wait_for(state="visible")
    said += [page.locator(".qs-back").inner_text()] + page.locator(".qs-row-heading, .qs-row-codes .qs-label, "
                                                                   ".qs-row-cited .qs-label").all_inner_texts()
    english = [(text, word) for text in said for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", text)]
    assert english == []


def test_previews_open_and_landed_rows_have_no_serious_accessibility_violations(visit, phone_dark):
    page = visit.go(R1_10[0])
    page.locator(f"{R1_10[1]} a.qs-ref").hover()
    page.locator("#qs-preview").wait_for(state="visible")
    assert axe_serious(page) == []
    page.locator(f"{R1_10[1]} a.qs-ref").click()
    landed(page, R1_10[2], R1_10[3], R1_10[0], R1_10[1])
    assert axe_serious(page) == []
    phone = phone_dark.go(R1_12[0])
    phone.locator("#cite-1 a.qs-ref").tap()
    phone.locator("#qs-preview").wait_for(state="visible")
    assert axe_serious(phone) == []
