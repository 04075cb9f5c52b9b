"""Releases in the browser: the thesis released as 1.0, then corrected and renumbered and released as 1.1
(`tests/release_case.py`), built by `build_site.py --strict` and `mkdocs build --strict` and served on localhost.

An address cited from release 1.0 must still show what 1.0 said, or lead to the row that says it now.
"""

from __future__ import annotations

import functools
import http.server
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import release_case
from qualsite.load import load

from .conftest import Visit, _QuietHandler, screenshot
from .test_site_smoke import _Page
from .test_site_smoke import test_every_internal_link_and_anchor_resolves as _links_resolve


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    """The folder holding the scenario's data/, docs/ and built site/."""
    work = tmp_path_factory.mktemp("released-site")
    release_case.released_twice(work)
    build = release_case.run(work, "--strict")
    assert build.returncode == 0, build.stderr
    mkdocs = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
                             str(work / "mkdocs.yml"), "--site-dir", str(work / "site")], cwd=work,
                            capture_output=True, text=True)
    assert mkdocs.returncode == 0, mkdocs.stderr
    return work


@pytest.fixture(scope="module")
def released_url(released: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_QuietHandler, directory=str(released / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def tab(browser, released_url):
    """A desktop tab on the released site, held to the same rules as `visit`: nothing from other hosts, no errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    visit = Visit(context.new_page(), released_url)
    yield visit
    context.close()
    assert visit.foreign_requests() == []
    assert visit.errors == []


def _frozen_text(released: Path, version: str, transcript: str, index: int) -> str:
    project, _ = load(released / "data", released)
    release = next(r for r in project.releases if r.version == version)
    return release.rows_of(transcript)[index].text


def _row_text(page, anchor: str) -> str:
    return page.locator(f"[id='{anchor}']").locator("xpath=..").locator(".qs-row-text").inner_text()


def _heading(text: str) -> str:
    return text.replace("¶", "").strip()  # without the heading's permalink


def _in_view(page, anchor: str) -> bool:
    return page.evaluate("""(id) => { const box = document.getElementById(id).getBoundingClientRect();
                                      return box.top >= 0 && box.top < window.innerHeight; }""", anchor)


def test_the_old_address_of_a_corrected_row_shows_what_the_release_said(tab, released):
    page = tab.go("v1.0/transcripts/r5/#r5-4")
    assert page.url.endswith("v1.0/transcripts/r5/#r5-4")
    assert "ägandeskapet" in _row_text(page, "r5-4") and "ägarskapet" not in _row_text(page, "r5-4")
    assert _row_text(page, "r5-4") == _frozen_text(released, "1.0", "R5", 3)
    assert _in_view(page, "r5-4")
    assert "Så här löd transkriptet i version 1.0 (2026-12-01)." in page.locator(".qs-release-note").inner_text()
    screenshot(page, "release-1.0-r5-4")
    page.locator("[id='r5-4']").locator("xpath=..").locator(".qs-row-now a").click()
    page.wait_for_url(re.compile(r"/transcripts/r5/#r5-4$"))


def test_the_current_row_says_it_changed_and_shows_the_words_that_did(tab):
    page = tab.go("transcripts/r5/#r5-4")
    row = page.locator("[id='r5-4']").locator("xpath=..")
    assert row.locator(".qs-row-changed").inner_text() == "Ändrad sedan version 1.0: Texten i version 1.0"
    assert row.locator(".qs-row-diff del").all_inner_texts() == ["ägandeskapet"]
    assert row.locator(".qs-row-diff ins").all_inner_texts() == ["ägarskapet"]
    assert "line-through" in row.locator(".qs-row-diff del").evaluate("(el) => getComputedStyle(el).textDecoration")
    assert page.locator(".qs-row-history").count() == 1
    screenshot(page, "release-current-r5-4-changed")
    row.locator(".qs-row-changed a").click()
    page.wait_for_url(re.compile(r"/v1\.0/transcripts/r5/#r5-4$"))
    assert "ägandeskapet" in _row_text(page, "r5-4")


@pytest.mark.parametrize(("old", "new", "index"), [("r4-53", "r4-54", 53), ("r4-52-2", "r4-53", 52),
                                                    ("r4-62", "r4-63", 62), ("r4-12", "r4-12", 11)])
def test_an_old_anchor_of_a_renumbered_row_lands_on_its_new_row(tab, released, old, new, index):
    page = tab.go(f"v1.0/transcripts/r4/#{old}")
    page.wait_for_url(re.compile(rf"/transcripts/r4/#{re.escape(new)}$"))
    assert "/v1.0/" not in page.url
    assert _row_text(page, new) == _frozen_text(released, "1.0", "R4", index)
    assert _in_view(page, new)


def test_an_anchor_that_no_longer_names_a_row_follows_it_on_the_current_page(tab, released):
    page = tab.go("transcripts/r4/#r4-52-2")
    page.wait_for_url(re.compile(r"/transcripts/r4/#r4-53$"))
    assert _row_text(page, "r4-53") == _frozen_text(released, "1.0", "R4", 52)
    assert _in_view(page, "r4-53")
    screenshot(page, "release-current-r4-52-2-followed")


def test_the_current_versions_folder_forwards_every_transcript(tab):
    page = tab.go("v1.1/transcripts/r1/#r1-8")
    page.wait_for_url(re.compile(r"/transcripts/r1/#r1-8$"))
    assert _in_view(page, "r1-8")
    page = tab.go("v1.1/")
    assert _heading(page.locator("h1").inner_text()) == "Version 1.1"


def test_without_scripts_a_forwarding_page_still_leads_to_the_transcript(browser, released_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(released_url + "v1.0/transcripts/r4/#r4-53")
        page.wait_for_url(re.compile(r"/transcripts/r4/$"))
        assert page.locator("[id='r4-54']").count() == 1
    finally:
        context.close()


def test_the_releases_page_is_in_the_menu_and_links_every_release(tab):
    page = tab.go("")
    page.get_by_role("link", name="Versioner").first.click()
    page.wait_for_url(re.compile(r"/releases/$"))
    assert [_heading(h) for h in page.locator("h2").all_inner_texts()[:2]] == [
        "Version 1.1 (2026-12-15, aktuell version)", "Version 1.0 (2026-12-01)"]
    page.get_by_role("link", name="Transkripten i version 1.0").click()
    page.wait_for_url(re.compile(r"/v1\.0/$"))


def test_every_link_and_anchor_of_the_released_site_resolves(released):
    site = released / "site"
    pages = {}
    for path in sorted(site.rglob("*.html")):
        parsed = _Page()
        parsed.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(site).as_posix()] = parsed
    assert "v1.0/transcripts/r4/index.html" in pages and pages["v1.0/transcripts/r4/index.html"].forward
    _links_resolve(site, pages)


@pytest.mark.parametrize("path", ["releases/", "v1.0/", "v1.0/transcripts/r5/", "transcripts/r5/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_release_pages_have_no_serious_accessibility_violations(browser, released_url, path, scheme):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        visit = Visit(context.new_page(), released_url)
        page = visit.go(path)
        results = Axe().run(page)
        serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], "\n".join(f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes:"
                                        f" {[n['target'] for n in v['nodes'][:5]]})" for v in serious)
        assert visit.errors == []
    finally:
        context.close()


def test_old_transcripts_are_kept_out_of_both_searches(released, tmp_path):
    """Material's lunr index and Pagefind's both leave out a release's transcripts, which repeat the current ones."""
    import gzip
    import json

    from qualsite.search_index import EXCLUDE_SELECTORS, ROOT_SELECTOR

    lunr = json.loads((released / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in lunr["docs"]}
    assert "transcripts/r5/" in locations and "releases/" in locations
    assert [loc for loc in locations if loc.startswith(("v1.0/transcripts", "v1.1/transcripts"))] == []
    out = tmp_path / "pagefind"
    run = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(released / "site"), "--output-path",
                          str(out), "--root-selector", ROOT_SELECTOR, "--exclude-selectors", EXCLUDE_SELECTORS,
                          "--quiet"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    urls = set()
    for fragment in out.glob("fragment/*.pf_fragment"):
        text = gzip.decompress(fragment.read_bytes()).decode("utf-8", "replace")
        urls.add(json.loads(text[text.index("{"):])["url"])
    assert "/transcripts/r5/" in urls
    assert [url for url in urls if "/transcripts/" in url and url.startswith("/v1.")] == []
