"""Build the thesis site once, serve it on localhost, and drive it in headless Chromium.

Debian's Chromium (`/usr/bin/chromium`) is driven through Playwright; we never run
`playwright install`, which would download a browser from outside the package registries.
Set QUALSITE_CHROMIUM=playwright to use a browser Playwright installed itself (GitHub's runners).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("QUALSITE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    # Without these, Chromium tries to reach Google's hosts at start and in the background.
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def build_site_in(work: Path, *, search: str | None = None) -> Path:
    """Build `work/data` with build_site.py and MkDocs as `make site` does, into `work/site`, with this checkout's
    mkdocs.yml and assets; `search="pagefind"` also indexes the built site with Pagefind."""
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(ROOT / "docs" / "assets", work / "docs" / "assets")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    commands = [[sys.executable, str(ROOT / "build_site.py"), "--strict", "--quiet", *(["--search", search] if search else [])],
                [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(work / "site")]]
    if search == "pagefind":
        commands.append([sys.executable, "-m", "qualsite.search_index", "site", "--quiet"])
    for command in commands:
        result = subprocess.run(command, cwd=work, capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stdout + result.stderr
    return work / "site"


class _Server(http.server.ThreadingHTTPServer):
    # Pagefind asks for a dozen chunks at once; with the standard backlog of 5, a busy machine refused some of
    # them now and then, and a facet whose filter chunk was lost never appeared (a flaky test, not a site bug).
    request_queue_size = 128


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """`directory` served over HTTP on a free localhost port, as long as the block lasts: its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def serious_violations(page) -> str:
    """What axe finds serious or critical on `page`, a line each ("" when nothing)."""
    from axe_playwright_python.sync_playwright import Axe

    found = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    return "\n".join(f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in found)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The thesis site (the tests' own copy, never data/), built by the same two steps as `make site`, in a temporary folder."""
    work = tmp_path_factory.mktemp("site")
    shutil.copytree(ROOT / "tests" / "cases" / "thesis" / "data", work / "data")
    return build_site_in(work)


@pytest.fixture(scope="session")
def corpus300_site(tmp_path_factory) -> Path:
    """A generated corpus of 300 interviews × 100 rows (`benchmarks/make_corpus.py`, seed 7), built like `make site`
    once for every test that reads a study at scale; its data is in the `data` folder beside the site."""
    from benchmarks.make_corpus import write_corpus

    work = tmp_path_factory.mktemp("corpus300")
    write_corpus(work / "data", interviews=300, rows=100, seed=7)
    return build_site_in(work)


@pytest.fixture(scope="session")
def corpus300_url(corpus300_site: Path):
    """The 300-interview site served over HTTP on a free localhost port."""
    with serving(corpus300_site) as url:
        yield url


@pytest.fixture(scope="session")
def base_url(built_site: Path):
    """The built site served over HTTP on a free localhost port."""
    with serving(built_site) as url:
        yield url


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM != "playwright" and not Path(CHROMIUM).exists():
        if os.environ.get("QUALSITE_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} not found; install Debian's chromium package (scripts/ensure-chromium)")
        pytest.skip(f"{CHROMIUM} not found; install Debian's chromium package to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        options = {"args": CHROMIUM_ARGS}
        if CHROMIUM != "playwright":
            options["executable_path"] = CHROMIUM
        browser = playwright.chromium.launch(**options)
        yield browser
        browser.close()


class Visit:
    """A browser tab that records every request and every console error it sees."""

    def __init__(self, page, base_url: str):
        self.page, self.base_url = page, base_url
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def go(self, path: str):
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def foreign_requests(self) -> list[str]:
        local = urlparse(self.base_url).netloc
        return [url for url in self.requests if urlparse(url).scheme in ("http", "https")
                and urlparse(url).netloc != local]


@pytest.fixture
def visit(browser, base_url, request):
    """A fresh desktop tab; records requests and console errors, and must end with neither foreign requests nor errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = Visit(context.new_page(), base_url)
    yield tab
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"requests-{re.sub(r'[^A-Za-z0-9_.-]+', '-', request.node.name)}.txt").write_text("\n".join(tab.requests) + "\n", encoding="utf-8")
    context.close()
    assert tab.foreign_requests() == [], "the site must load nothing from third-party hosts"
    assert tab.errors == [], "the browser console must show no errors"


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


@pytest.fixture
def phone_dark(browser, base_url):
    """A phone-sized tab (390×844, touch) in dark mode, held to the same rules as `visit`."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark",
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    tab = Visit(context.new_page(), base_url)
    yield tab
    context.close()
    assert tab.foreign_requests() == [], "the site must load nothing from third-party hosts"
    assert tab.errors == [], "the browser console must show no errors"
