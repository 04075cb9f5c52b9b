"""The "Cite this" box in headless Chromium: on the home page and a transcript, with the version, the DOI and the
transcript's permalink, on the thesis site and on a copy of it released as version 1.0 with a DOI."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urljoin

import pytest

from .conftest import ROOT, Visit, _QuietHandler, screenshot

DOI = "10.5281/zenodo.1234567"


@pytest.fixture(scope="module")
def released_url(tmp_path_factory):
    """The thesis (the tests' copy) with `version: '1.0'`, a release date and a DOI, built and served."""
    work = tmp_path_factory.mktemp("released")
    shutil.copytree(ROOT / "tests" / "cases" / "thesis" / "data", work / "data")
    study = work / "data" / "study.yaml"
    study.write_text(study.read_text(encoding="utf-8") + f"version: '1.0'\nreleased: 2026-12-01\ndoi: {DOI}\n",
                     encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(ROOT / "docs" / "assets", work / "docs" / "assets")
    run = functools.partial(subprocess.run, cwd=work, capture_output=True, text=True)
    build = run([sys.executable, str(ROOT / "build_site.py"), "--strict"])
    assert build.returncode == 0, build.stderr
    mkdocs = run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(work / "site")])
    assert mkdocs.returncode == 0, mkdocs.stderr
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_QuietHandler, directory=str(work / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", work / "site"
    server.shutdown()


@pytest.fixture
def released(browser, released_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = Visit(context.new_page(), released_url[0])
    yield tab
    context.close()
    assert tab.foreign_requests() == [], "the site must load nothing from third-party hosts"
    assert tab.errors == [], "the browser console must show no errors"


def facts(page) -> dict[str, str]:
    """The box's facts as the reader sees them: label → text."""
    box = page.locator(".qs-citebox")
    return dict(zip(box.locator("dt").all_inner_texts(), box.locator("dd").all_inner_texts()))


def test_the_home_page_box_shows_the_citation_version_and_doi(released):
    page = released.go("")
    box = page.locator(".qs-citebox")
    box.scroll_into_view_if_needed()
    assert box.is_visible()
    assert page.locator(".qs-citebox-title").inner_text() == "Citera"
    assert page.locator(".qs-citebox-text").inner_text().startswith("Kvist, P. & Rismyhr, M. (2023). Digitalisering")
    assert facts(page)["Version"] == "1.0 (publicerad 2026-12-01)"
    doi = page.locator(".qs-citebox a.qs-citebox-doi")
    assert doi.inner_text() == f"https://doi.org/{DOI}" and doi.get_attribute("href") == f"https://doi.org/{DOI}"
    screenshot(page, "cite-box-home")


def test_a_transcripts_box_shows_the_version_doi_and_its_versioned_permalink(released, released_url):
    page = released.go("transcripts/r5/")
    box = page.locator(".qs-citebox")
    assert box.is_visible(), "the box stands at the top of the transcript, above its rows"
    assert box.bounding_box()["y"] < page.locator("#r5-1").bounding_box()["y"]
    assert box.evaluate("box => box.scrollWidth <= box.clientWidth"), "the citation wraps inside the box"
    assert facts(page)["Version"] == "1.0 (publicerad 2026-12-01)"
    assert facts(page)["DOI"] == f"https://doi.org/{DOI}"
    permalink = page.locator(".qs-citebox a.qs-citebox-permalink")
    assert permalink.inner_text() == "v1.0/transcripts/r5/"
    target = urljoin(page.url, permalink.get_attribute("href"))
    assert target == released_url[0] + "v1.0/transcripts/r5/"
    screenshot(page, "cite-box-transcript")
    if not (released_url[1] / "v1.0" / "transcripts" / "r5" / "index.html").is_file():
        pytest.skip("this build serves no release folders (v1.0/), which `build_site.py release` makes; the "
                    "permalink's address is checked above")
    permalink.click()
    # Until the navigation commits, not until its load event: once, in a full CI run, the load event of the
    # versioned page never came within 30 s (not seen in any run of this module alone); the checks below wait for
    # what they read.
    page.wait_for_url(re.compile(re.escape(target) + "$"), wait_until="commit")
    assert page.locator("h1").inner_text().startswith("Transkribering av intervju")
    assert page.locator("#r5-4").count() == 1


def test_on_an_unversioned_study_the_permalink_is_the_transcripts_own_address(visit):
    page = visit.go("transcripts/r5/")
    assert page.locator(".qs-citebox").is_visible()
    assert "Version" not in facts(page) and "DOI" not in facts(page)
    permalink = page.locator(".qs-citebox a.qs-citebox-permalink")
    assert permalink.inner_text() == "transcripts/r5/"
    permalink.click()
    page.wait_for_url(re.compile(re.escape(visit.base_url + "transcripts/r5/") + "$"))
    assert page.locator("h1").inner_text().startswith("Transkribering av intervju")
