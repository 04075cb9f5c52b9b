"""Finding one's way in a transcript (issue 16), in Chromium: on the thesis, a 300-interview corpus and a 2,000-row one.

Filter by code and by speaker, find within the transcript, the overview strip and previous/next cited row are
checked against the transcripts' own data files and the findings' citations, read here independently of qualsite.
The `visit`/`phone_dark`-style tabs fail a test whose page logged a console error or loaded anything from another host.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from benchmarks.make_corpus import write_corpus

from .conftest import ARTIFACTS, ROOT, Visit, build_site_in, screenshot, serious_violations, serving

THESIS_DATA = ROOT / "tests" / "cases" / "thesis" / "data"
CITATION_GROUP = re.compile(r"\(([^()]*)\)")
CITED_ROW = re.compile(r"(?:^|;)\s*([A-Za-z][\w-]*):(\d+)")


@dataclass(frozen=True)
class Site:
    name: str
    url: str
    data: Path


@pytest.fixture(scope="session")
def thesis(base_url) -> Site:
    return Site("thesis", base_url, THESIS_DATA)


@pytest.fixture(scope="session")
def corpus300(corpus300_site: Path, corpus300_url: str) -> Site:
    """300 interviews of 100 rows (30,000 rows: search is served by Pagefind, which this test does not need)."""
    return Site("corpus300", corpus300_url, corpus300_site.parent / "data")


@pytest.fixture(scope="session")
def corpus2000(tmp_path_factory) -> Iterator[Site]:
    """Two interviews of 2,000 rows each."""
    work = tmp_path_factory.mktemp("corpus2000")
    write_corpus(work / "data", interviews=2, rows=2000, seed=7)
    with serving(build_site_in(work)) as url:
        yield Site("corpus2000", url, work / "data")


@pytest.fixture(params=["thesis", "corpus300"])
def site(request) -> tuple[Site, str]:
    """Each site with the transcript the tests read: R5 of the thesis, R150 of the corpus."""
    return request.getfixturevalue(request.param), {"thesis": "R5", "corpus300": "R150"}[request.param]


@pytest.fixture
def tab(browser):
    contexts, tabs = [], []

    def open_tab(url: str, **options) -> Visit:
        context = browser.new_context(**({"viewport": {"width": 1440, "height": 900}} | options))
        contexts.append(context)
        visit = Visit(context.new_page(), url)
        tabs.append(visit)
        return visit

    yield open_tab
    for context in contexts:
        context.close()
    for visit in tabs:
        assert visit.foreign_requests() == [], "the site must load nothing from third-party hosts"
        assert visit.errors == [], "the browser console must show no errors"


PHONE_DARK = {"viewport": {"width": 390, "height": 844}, "color_scheme": "dark", "device_scale_factor": 2,
              "is_mobile": True, "has_touch": True}


# --- The data, read independently --------------------------------------------------------------------------


def transcript_rows(data: Path, transcript: str) -> list[dict]:
    """The rows of a YAML transcript, as written: n, speaker, text, codes."""
    return yaml.safe_load((data / "transcripts" / f"{transcript}.yaml").read_text(encoding="utf-8"))["rows"]


def cited_rows(data: Path, transcript: str) -> set[int]:
    """Row numbers of `transcript` cited anywhere in the findings, as `(R5:4; R2:42)`."""
    cited = set()
    for path in (data / "findings").rglob("*.md"):
        for group in CITATION_GROUP.findall(path.read_text(encoding="utf-8")):
            cited.update(int(n) for t, n in CITED_ROW.findall(group) if t == transcript)
    return cited


def anchor(transcript: str, n: int) -> str:
    return f"{transcript.lower()}-{n}"


def page_of(transcript: str) -> str:
    return f"transcripts/{transcript.lower()}/"


# --- What the page shows -----------------------------------------------------------------------------------

SHOWN_ROWS = """() => [...document.querySelectorAll('.qs-row[data-speaker]')]
                       .filter(row => row.offsetParent !== null).map(row => row.querySelector('h3').id)"""
TARGET = "() => { const t = document.querySelector(':target'); return t ? t.id : null; }"
CURRENT_HIT = """() => { const h = CSS.highlights.get('qs-find-current'); if (!h || !h.size) return null;
    const range = [...h][0], box = range.getBoundingClientRect();
    return { row: range.startContainer.parentElement.closest('.qs-row').querySelector('h3').id,
             text: range.toString(), top: box.top, bottom: box.bottom }; }"""


def reading_line(page) -> float:
    return page.evaluate("() => document.querySelector('.qs-tx-bar').getBoundingClientRect().bottom")


def row_in_view(page, row_id: str) -> bool:
    """The row's top stands between the sticky bar and the bottom of the window."""
    return page.evaluate(
        """(id) => { const box = document.getElementById(id).closest('.qs-row').getBoundingClientRect();
                     const bar = document.querySelector('.qs-tx-bar').getBoundingClientRect().bottom;
                     return box.top >= bar - 2 && box.top < window.innerHeight - 40; }""", row_id)


def choose(page, selector: str, value: str) -> None:
    page.locator(selector).select_option(value)


def option_texts(page, selector: str) -> dict[str, str]:
    return page.evaluate("(s) => Object.fromEntries([...document.querySelector(s).options].map(o => [o.value, o.text]))",
                         selector)


# --- Without scripts --------------------------------------------------------------------------------------


def test_without_scripts_every_row_is_shown_and_no_tool(tab, thesis):
    page = tab(thesis.url, java_script_enabled=False).go(page_of("R5"))
    assert not page.locator(".qs-tx-tools").is_visible() and not page.locator(".qs-tx-bar").is_visible()
    assert len(page.locator(".qs-row[data-speaker]:visible").all()) == len(transcript_rows(thesis.data, "R5"))


def test_the_facts_take_a_line_or_few_and_the_rows_begin_on_a_phones_first_screen(tab, thesis):
    page = tab(thesis.url, **PHONE_DARK).go(page_of("R5"))
    facts = page.locator("dl.qs-facts").bounding_box()
    assert facts["height"] < 844 / 5, facts
    first_row = page.locator(".qs-row[data-speaker]").first.bounding_box()
    assert first_row["y"] < 844 * 1.5, "the tools and the cite box push the first row below the second screen"
    bar = page.locator(".qs-tx-bar").bounding_box()
    assert bar["y"] + bar["height"] < 844, "the find field and the strip are on the first screen"


# --- Filters -----------------------------------------------------------------------------------------------


def test_filtering_by_each_code_shows_exactly_the_rows_with_that_code(tab, site):
    where, transcript = site
    rows = transcript_rows(where.data, transcript)
    page = tab(where.url).go(page_of(transcript))
    codes = sorted({code for row in rows for code in row["codes"]})
    options = option_texts(page, ".qs-tx-code")
    assert sorted(options) == sorted([""] + codes)
    for code in codes:
        expected = [anchor(transcript, row["n"]) for row in rows if code in row["codes"]]
        assert options[code].endswith(f"({len(expected)})"), options[code]
        choose(page, ".qs-tx-code", code)
        assert page.evaluate(SHOWN_ROWS) == expected, code
        assert page.locator(".qs-tx-shown").inner_text() == f"Visar {len(expected)} av {len(rows)} rader"
    page.locator(".qs-tx-reset").click()
    assert len(page.evaluate(SHOWN_ROWS)) == len(rows)
    assert page.locator(".qs-tx-reset").is_hidden()


def test_filtering_by_speaker_and_by_code_and_speaker(tab, site):
    where, transcript = site
    rows = transcript_rows(where.data, transcript)
    page = tab(where.url).go(page_of(transcript))
    speakers = {row["speaker"] for row in rows}
    options = option_texts(page, ".qs-tx-speaker")
    assert sorted(options) == sorted([""] + list(speakers))
    for speaker in sorted(speakers):
        expected = [anchor(transcript, row["n"]) for row in rows if row["speaker"] == speaker]
        assert options[speaker].endswith(f"({len(expected)})")
        choose(page, ".qs-tx-speaker", speaker)
        assert page.evaluate(SHOWN_ROWS) == expected, speaker
    respondent = max(speakers, key=lambda s: sum(1 for row in rows if row["speaker"] == s and row["codes"]))
    theirs = [c for row in rows if row["speaker"] == respondent for c in row["codes"]]
    code = max(sorted(set(theirs)), key=theirs.count)
    choose(page, ".qs-tx-speaker", respondent)
    choose(page, ".qs-tx-code", code)
    expected = [anchor(transcript, r["n"]) for r in rows if r["speaker"] == respondent and code in r["codes"]]
    assert page.evaluate(SHOWN_ROWS) == expected


def test_a_link_to_a_row_the_filter_hides_shows_every_row_again(tab, thesis):
    rows = transcript_rows(thesis.data, "R5")
    page = tab(thesis.url).go(page_of("R5"))
    choose(page, ".qs-tx-speaker", "PK")
    hidden = next(row["n"] for row in rows if row["speaker"] == "R5")
    page.evaluate("(id) => { location.hash = id; }", anchor("R5", hidden))
    page.wait_for_function("() => document.querySelectorAll('.qs-row[hidden]').length === 0")
    assert page.locator(".qs-tx-speaker").input_value() == ""
    assert page.evaluate(TARGET) == anchor("R5", hidden)


# --- Find --------------------------------------------------------------------------------------------------


def expected_hits(rows: list[dict], word: str, keep=lambda row: True) -> list[str]:
    """The row anchor of every case-insensitive occurrence of `word`, in reading order."""
    found = []
    for row in rows:
        if keep(row):
            found += [row["n"]] * len(re.findall(re.escape(word), row["text"], re.IGNORECASE))
    return found


def find_word(rows: list[dict]) -> str:
    """A word with a few hits spread over several rows."""
    for word in ("hållbar", "digital", "system", "medborgare"):
        if 3 <= len(expected_hits(rows, word)) and len(set(expected_hits(rows, word))) >= 3:
            return word
    raise AssertionError("no word to look for")


def test_find_steps_through_its_hits_both_ways_and_wraps(tab, site):
    where, transcript = site
    rows = transcript_rows(where.data, transcript)
    word = find_word(rows)
    hits = [anchor(transcript, n) for n in expected_hits(rows, word)]
    page = tab(where.url).go(page_of(transcript))
    page.locator(".qs-tx-query").fill(word.upper())
    count = page.locator(".qs-tx-count")
    count.filter(has_text=f"1 / {len(hits)}").wait_for()
    seen = []
    for k in range(len(hits)):
        current = page.evaluate(CURRENT_HIT)
        assert count.inner_text() == f"{k + 1} / {len(hits)}"
        assert current["text"].lower() == word.lower()
        assert current["top"] >= reading_line(page) - 1 and current["bottom"] <= 900, "the hit is in view"
        seen.append(current["row"])
        page.locator(".qs-tx-find-next").click()
    assert seen == hits
    assert count.inner_text() == f"1 / {len(hits)}", "next after the last hit wraps to the first"
    page.locator(".qs-tx-find-prev").click()
    assert count.inner_text() == f"{len(hits)} / {len(hits)}", "previous before the first wraps to the last"
    assert page.evaluate(CURRENT_HIT)["row"] == hits[-1]
    page.locator(".qs-tx-query").press("Shift+Enter")
    assert count.inner_text() == f"{len(hits) - 1} / {len(hits)}"
    page.locator(".qs-tx-query").press("Enter")
    assert count.inner_text() == f"{len(hits)} / {len(hits)}"
    assert page.locator(".qs-tx-count").get_attribute("aria-label") == f"träff {len(hits)} av {len(hits)}"


def test_find_looks_only_in_the_rows_the_filter_shows(tab, thesis):
    rows = transcript_rows(thesis.data, "R5")
    page = tab(thesis.url).go(page_of("R5"))
    word = find_word(rows)
    choose(page, ".qs-tx-speaker", "R5")
    page.locator(".qs-tx-query").fill(word)
    total = len(expected_hits(rows, word, lambda row: row["speaker"] == "R5"))
    page.locator(".qs-tx-count").filter(has_text=f"1 / {total}").wait_for()
    page.locator(".qs-tx-query").fill("zzxq")
    page.locator(".qs-tx-count").filter(has_text="Inga träffar").wait_for()


# --- Cited rows and the strip ------------------------------------------------------------------------------


def test_next_and_previous_cited_row_visit_exactly_the_cited_rows(tab, site):
    where, transcript = site
    cited = [anchor(transcript, n) for n in sorted(cited_rows(where.data, transcript))]
    assert cited, "the transcript is cited"
    page = tab(where.url).go(page_of(transcript))
    visited = []
    for _ in cited:
        page.locator(".qs-tx-cited-next").click()
        visited.append(page.evaluate(TARGET))
        assert row_in_view(page, visited[-1]), visited[-1]
    assert visited == cited
    page.locator(".qs-tx-cited-next").click()
    assert page.evaluate(TARGET) == cited[0], "next after the last cited row wraps to the first"
    page.locator(".qs-tx-cited-prev").click()
    assert page.evaluate(TARGET) == cited[-1]
    if len(cited) > 1:
        page.locator(".qs-tx-cited-prev").click()
        assert page.evaluate(TARGET) == cited[-2]
        assert row_in_view(page, cited[-2])


def test_the_strip_marks_every_coded_or_cited_row_and_jumps_to_it(tab, site):
    where, transcript = site
    rows = transcript_rows(where.data, transcript)
    cited = cited_rows(where.data, transcript)
    marked = [anchor(transcript, row["n"]) for row in rows if row["codes"] or row["n"] in cited]
    page = tab(where.url).go(page_of(transcript))
    marks = page.locator(".qs-tx-strip a.qs-tx-mark")
    assert [href.lstrip("#") for href in marks.evaluate_all("ms => ms.map(m => m.getAttribute('href'))")] == marked
    assert page.locator(".qs-tx-strip .qs-tx-mark-cited").count() == len(cited)
    target = sorted(cited)[len(cited) // 2]
    mark = page.locator(f'.qs-tx-strip a[href="#{anchor(transcript, target)}"]')
    assert "citerad" in mark.get_attribute("aria-label")
    mark.click()
    assert page.evaluate(TARGET) == anchor(transcript, target)
    assert row_in_view(page, anchor(transcript, target))
    # By keyboard: one tab stop, arrows move along the marks, Enter follows the mark.
    assert page.locator(".qs-tx-strip a[tabindex='0']").count() == 1
    page.locator(".qs-tx-strip a[tabindex='0']").focus()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    assert page.evaluate(TARGET) == marked[1]
    assert row_in_view(page, marked[1])


# --- 2,000 rows -------------------------------------------------------------------------------------------


def test_a_2000_row_transcript_filters_finds_and_steps_through_cited_rows(tab, corpus2000):
    rows = transcript_rows(corpus2000.data, "R1")
    assert len(rows) == 2000
    page = tab(corpus2000.url).go(page_of("R1"))
    code = max({c for row in rows for c in row["codes"]}, key=lambda c: sum(c in row["codes"] for row in rows))
    choose(page, ".qs-tx-code", code)
    assert page.evaluate(SHOWN_ROWS) == [anchor("R1", row["n"]) for row in rows if code in row["codes"]]
    speaker = rows[0]["speaker"]
    choose(page, ".qs-tx-code", "")
    choose(page, ".qs-tx-speaker", speaker)
    assert page.evaluate(SHOWN_ROWS) == [anchor("R1", row["n"]) for row in rows if row["speaker"] == speaker]
    choose(page, ".qs-tx-speaker", "")
    word = find_word(rows)
    page.locator(".qs-tx-query").fill(word)
    page.locator(".qs-tx-count").filter(has_text=f"1 / {len(expected_hits(rows, word))}").wait_for()
    cited = [anchor("R1", n) for n in sorted(cited_rows(corpus2000.data, "R1"))]
    page.locator(".qs-tx-cited-next").click()
    assert page.evaluate(TARGET) == cited[0] and row_in_view(page, cited[0])


# --- Robustness, accessibility, looks ---------------------------------------------------------------------


def test_running_the_script_twice_changes_nothing(tab, thesis):
    page = tab(thesis.url).go(page_of("R5"))
    marks = page.locator(".qs-tx-mark").count()
    page.add_script_tag(url=thesis.url + "assets/qualsite-transcript.js")
    assert page.locator(".qs-tx-mark").count() == marks
    choose(page, ".qs-tx-speaker", "MR")
    rows = transcript_rows(thesis.data, "R5")
    assert page.evaluate(SHOWN_ROWS) == [anchor("R5", r["n"]) for r in rows if r["speaker"] == "MR"]


@pytest.mark.parametrize("scheme", ["desktop-light", "phone-dark"])
def test_the_transcript_page_has_no_serious_accessibility_violations(tab, thesis, scheme):
    options = PHONE_DARK if scheme == "phone-dark" else {"viewport": {"width": 1440, "height": 900}}
    page = tab(thesis.url, **options).go(page_of("R5"))
    screenshot(page, f"transcript-r5-{scheme}")
    choose(page, ".qs-tx-code", "SHÅLL")
    page.locator(".qs-tx-query").fill("hållbar")
    page.locator(".qs-tx-count").filter(has_text="1 /").wait_for()
    assert serious_violations(page) == ""
    screenshot(page, f"transcript-r5-{scheme}-filtered")
    page.locator(".qs-tx-reset").click()
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(200)
    screenshot(page, f"transcript-r5-{scheme}-scrolled")
    assert ARTIFACTS.joinpath(f"transcript-r5-{scheme}.png").is_file()


def test_the_transcript_tools_benchmark_prints_its_table(browser):
    """`benchmarks/transcript_tools.py` on a tiny transcript (the `browser` fixture skips it without Chromium)."""
    run = subprocess.run([sys.executable, "benchmarks/transcript_tools.py", "--rows", "20", "--repeat", "1"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert lines[0] == ("| rows | load (ms) | filter (ms) | show all (ms) | find (ms) | next hit (ms) |"
                        " next cited row (ms) |")
    assert re.fullmatch(r"\| 20 \|( [\d,]+ \|){6}", lines[2]), lines[2]
