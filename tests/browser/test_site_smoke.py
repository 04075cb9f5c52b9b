"""A smoke test of a built site that holds for any valid study: links, anchors, language, and a citation that lands.

In `make test` it runs on the thesis site built by `conftest.built_site`. A researcher's workflow runs the same
tests on their own site (`make check-study`, the workflow's *Check the study's site* job):

    python -m pytest tests/browser/test_site_smoke.py --study-site site --study-data data
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
import yaml

from .conftest import ROOT, _QuietHandler

THESIS_DATA = ROOT / "tests" / "cases" / "thesis" / "data"
SKIP_LINK = {"en": "Skip to content", "sv": "Gå till innehållet"}
"""Material's skip link in each language a study may be written in."""


@pytest.fixture(scope="module")
def site(request) -> Path:
    """The site under test: `--study-site DIR` if given, else the thesis (built only then)."""
    given = request.config.getoption("--study-site")
    return Path(given).resolve() if given else request.getfixturevalue("built_site")


@pytest.fixture(scope="module")
def study(request) -> dict:
    """The study's `study.yaml` as plain data (`--study-data DIR`, else the thesis)."""
    data = Path(request.config.getoption("--study-data") or THESIS_DATA)
    return yaml.safe_load((data / "study.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def base_url(site: Path):
    """The site under test served over HTTP on a free localhost port (overrides conftest's thesis server)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class _Page(HTMLParser):
    """The ids, the links and the loaded resources of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.forward = ""
        """For a release's forwarding page (format/README.md#releases): the page it sends readers to."""
        self.moves: dict[str, str] = {}
        """And the anchors it renumbers on the way."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag in ("script", "img", "iframe", "audio", "video", "source") and a.get("src"):
            self.resources.append(a["src"])
        if tag == "meta" and a.get("name") == "qualsite-forward":
            self.forward = a.get("content", "")
        if tag == "meta" and a.get("name") == "qualsite-moves":
            self.moves = json.loads(a.get("content", "{}"))
        if tag == "link" and a.get("href") and set(a.get("rel", "").split()) & {"stylesheet", "preload", "icon",
                                                                                   "modulepreload", "manifest"}:
            self.resources.append(a["href"])


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, _Page]:
    parsed = {}
    for path in sorted(site.rglob("*.html")):
        page = _Page()
        page.feed(path.read_text(encoding="utf-8"))
        parsed[path.relative_to(site).as_posix()] = page
    assert "index.html" in parsed, f"{site} holds no built site; run mkdocs build first"
    return parsed


def _target(site: Path, page: str, href: str) -> tuple[str, str] | None:
    """The page (relative to the site) and fragment an internal link leads to; None for links off the site."""
    url = urlparse(href)
    if url.scheme or url.netloc or href.startswith(("mailto:", "javascript:")):
        return None
    path = unquote(urljoin("/" + page, url.path).lstrip("/")) if url.path else page
    if path == "" or path.endswith("/"):
        path += "index.html"
    elif (site / path).is_dir():
        path += "/index.html"
    return path, unquote(url.fragment).partition(":~:")[0]  # a text directive is no part of the anchor


def test_every_internal_link_and_anchor_resolves(site, pages):
    broken = []
    for page, parsed in pages.items():
        for href in parsed.links:
            target = _target(site, page, href)
            if target is None:
                continue
            path, fragment = target
            if path in pages and pages[path].forward and (site / path).is_file():
                # A release's forwarding page holds no rows: the anchor must name one where it forwards to.
                fragment = pages[path].moves.get(fragment, fragment)
                path = _target(site, path, pages[path].forward)[0]
            if not (site / path).is_file():
                broken.append(f"{page}: {href} (no {path})")
            elif fragment and path in pages and fragment not in pages[path].ids:
                broken.append(f"{page}: {href} (no #{fragment} in {path})")
    assert broken == []


def test_no_page_loads_anything_from_another_host(pages):
    foreign = [f"{page}: {src}" for page, parsed in pages.items() for src in parsed.resources
               if urlparse(src).scheme in ("http", "https") or src.startswith("//")]
    assert foreign == []


def test_the_site_speaks_the_studys_language_under_its_title(visit, study):
    page = visit.go("")
    assert page.get_attribute("html", "lang") == study["language"]
    assert study["title"] in page.title()
    # The theme's own words follow the study too: its skip link is the first thing a keyboard reaches.
    assert page.locator("a.md-skip").text_content().strip() == SKIP_LINK[study["language"]]


def test_the_first_citation_of_the_findings_lands_on_its_row(visit, pages):
    findings = sorted(p for p in pages if p.startswith("findings/") and p != "findings/index.html"
                      and any("transcripts/" in link for link in pages[p].links))
    if not findings:
        pytest.skip("the findings cite no transcript rows yet")
    page = visit.go(findings[0].removesuffix("index.html"))
    citation = page.locator("a.qs-ref").first
    anchor = citation.get_attribute("href").split("#", 1)[1].partition(":~:")[0]
    citation.click()
    page.wait_for_url(re.compile(f"#{re.escape(anchor)}(:~:.*)?$"))
    box = page.locator(f"[id='{anchor}']").bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"], "the cited row must be in view"
