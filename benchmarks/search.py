"""Where should search switch from lunr to Pagefind? Page weight and time to first result on a throttled phone.

    python benchmarks/search.py --sizes 5 100 1000 --keep /tmp/bench-search [--repeat 3] [--json FILE]

For each size (5 is the thesis, `tests/cases/thesis/data`; other sizes are `benchmarks/make_corpus.py` corpora of
that many interviews × `--rows` rows, seed 7) it builds the site twice, with `build_site.py --search lunr` and
`--search pagefind` (then `mkdocs build` and, for Pagefind, `python -m qualsite.search_index`), in
`KEEP/<size>-<backend>/`; a site already built there is reused unless `--rebuild`.

Each site is served from localhost the way GitHub Pages serves it (text files gzip-compressed when the browser
accepts it; Pagefind's index files are compressed by Pagefind itself) and opened in a fresh headless Chromium
(Debian's `/usr/bin/chromium`, never downloaded) as a phone: a 390×844 touch viewport, the network throttled
to DevTools' "Fast 3G" (562.5 ms latency, 180 KB/s down, 84 KB/s up: `Network.emulateNetworkConditions`) and
the CPU slowed 4× (`Emulation.setCPUThrottlingRate`). Two visits per run:

- **weight**: open the home page and wait until the network has been quiet for 3 s; the bytes the server sent
  (bodies as transferred, compressed) are the page's weight, and the search files among them show whether the
  search index is fetched on page load or only when the reader starts a search. Then open a second page
  (`transcripts/`) in the same tab: the server sends `Cache-Control: max-age=600`, as GitHub Pages does, so
  this shows what the browser's cache saves on the next page;
- **first result**: open the home page and, as soon as it has loaded, tap the magnifier in the header and type
  the query, as a reader who came to search does: with lunr, Material's magnifier opens its search box; with
  Pagefind, the header's magnifier (`docs/assets/qualsite-search.js`) opens `find/`, whose field has the focus.
  The time runs from the tap to the first result on screen, and "bytes until then" are all bytes sent from
  the page load to that result.

Not part of CI: the sites take minutes to build and each visit up to minutes on the throttled profile.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.make_corpus import write_corpus  # noqa: E402

CHROMIUM = os.environ.get("QUALSITE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-quic", "--disable-sync"]
FAST_3G = {"offline": False, "latency": 562.5, "downloadThroughput": 180_000, "uploadThroughput": 84_375}
"""DevTools' "Fast 3G" preset (as Puppeteer defines it): 1.6 Mbit/s × 0.9 down, 750 kbit/s × 0.9 up, 150 ms × 3.75."""
CPU_SLOWDOWN = 4
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
COMPRESSED = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt", ".map")
"""What GitHub Pages gzips; Pagefind's .pf_* and .pagefind files are gzip already."""
BACKENDS = ("lunr", "pagefind")


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--sizes", type=int, nargs="+", default=[5, 100, 1000],
                     help="numbers of interviews (5: the thesis itself)")
    cli.add_argument("--rows", type=int, default=100, help="rows per generated interview")
    cli.add_argument("--keep", type=Path, required=True, help="build the sites here and keep them")
    cli.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    cli.add_argument("--rebuild", action="store_true", help="rebuild sites already built in --keep")
    cli.add_argument("--build-only", action="store_true", help="build the sites, measure nothing")
    cli.add_argument("--query", default="upphandling", help="a word both the thesis and the corpora hold")
    cli.add_argument("--repeat", type=int, default=3, help="fresh browsers per site; the median is reported")
    cli.add_argument("--json", type=Path, help="also write the raw figures to this file")
    args = cli.parse_args(argv)

    sites = []
    for size in args.sizes:
        for backend in args.backends:
            site = build(args.keep, size, args.rows, backend, rebuild=args.rebuild)
            sites.append((size, backend, site))
    if args.build_only:
        return 0
    from playwright.sync_api import sync_playwright

    results = []
    print("| interviews | rows | search | page weight (home, quiet network) | search files in it | "
          "next page (cached) | search files in it | first result after the tap | bytes until then |")
    print("|---:|---:|---|---:|---|---:|---|---:|---:|")
    with sync_playwright() as playwright:
        for size, backend, site in sites:
            runs = [measure(playwright, site, backend, args.query) for _ in range(args.repeat)]
            result = {"interviews": size, "rows": _rows(site), "backend": backend, "runs": runs,
                      **{key: statistics.median(run[key] for run in runs)
                         for key in ("weight", "second_page", "first_result", "search_bytes")}}
            result["index_on_load"] = runs[0]["index_on_load"]
            result["index_on_second"] = runs[0]["index_on_second"]
            results.append(result)
            print(f"| {size:,} | {result['rows']:,} | {backend} | {_kb(result['weight'])} | "
                  f"{', '.join(result['index_on_load']) or '–'} | {_kb(result['second_page'])} | "
                  f"{', '.join(result['index_on_second']) or '–'} | {result['first_result']:.1f} s | "
                  f"{_kb(result['search_bytes'])} |", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


def build(keep: Path, size: int, rows: int, backend: str, *, rebuild: bool) -> Path:
    """The site of `size` interviews with `backend`, built in `keep/<size>-<backend>/` unless it is there."""
    project = keep / f"{size}-{backend}"
    site = project / "site"
    if (site / "index.html").is_file() and not rebuild:
        return site
    data = keep / f"{size}-data"
    if not data.is_dir():
        if size == 5:
            shutil.copytree(ROOT / "tests" / "cases" / "thesis" / "data", data)
        else:
            write_corpus(data, interviews=size, rows=rows, seed=7)
    shutil.rmtree(project, ignore_errors=True)
    (project / "docs").mkdir(parents=True)
    shutil.copytree(data, project / "data")  # as `data/`: reviewed.yaml names its files so
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    steps = [[sys.executable, str(ROOT / "build_site.py"), "--strict", "--quiet", "--search", backend],
             [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]]
    if backend == "pagefind":
        steps.append([sys.executable, "-m", "qualsite.search_index", "site", "--quiet"])
    for command in steps:
        start = time.perf_counter()
        done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
        print(f"{project.name}: {Path(command[1]).name} {' '.join(command[2:3])} {time.perf_counter() - start:.1f} s",
              file=sys.stderr, flush=True)
        if done.returncode != 0:
            raise SystemExit(f"{project}: {' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return site


def measure(playwright, site: Path, backend: str, query: str) -> dict:
    server = _Server(site)
    try:
        (weight, on_load), (second, on_second) = _visit(playwright, server, backend, query, search=False)
        search_bytes, first, searched = _visit(playwright, server, backend, query, search=True)
    finally:
        server.close()
    return {"weight": weight, "index_on_load": on_load, "second_page": second, "index_on_second": on_second,
            "first_result": first, "search_bytes": search_bytes, "search_files": searched}


def _visit(playwright, server: "_Server", backend: str, query: str, *, search: bool):
    # A profile of its own on disk, so the browser has a disk cache as a phone's has (a plain new context caches
    # in memory only, and drops a response of a few MB: the next page would download lunr's index again).
    profile = tempfile.TemporaryDirectory(prefix="qualsite-search-bench-")
    context = playwright.chromium.launch_persistent_context(profile.name, executable_path=CHROMIUM, args=ARGS,
                                                            **PHONE)
    try:
        page = context.pages[0] if context.pages else context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", FAST_3G)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        server.reset()
        page.goto(server.url, wait_until="load", timeout=600_000)
        if not search:
            server.wait_quiet(3.0, timeout=600)
            first = server.bytes(), server.search_files()
            server.reset()  # a second page in the same tab: what the browser's cache saves
            asked: list[str] = []  # what the page and its workers ask for, whether the cache or the server answers
            context.on("request", lambda request: asked.append(request.url))
            page.goto(server.url + "transcripts/", wait_until="load", timeout=600_000)
            server.wait_quiet(3.0, timeout=600)
            cached = sorted({_search_file(url) + " (cache)" for url in asked if _search_file(url)}
                            - {name + " (cache)" for name in server.search_files()})
            return first, (server.bytes(), server.search_files() + cached)
        start = time.perf_counter()
        if backend == "lunr":  # Material's magnifier in the header opens its search box
            page.locator("label.md-header__button[for=__search]").tap()
            box, result = "input[data-md-component=search-query]", ".md-search-result__item"
        else:  # our magnifier in the header opens find/, whose field has the focus
            page.locator(".qs-search__button").tap()
            box, result = ".pagefind-ui__search-input", ".pagefind-ui__result"
        page.wait_for_function(f"document.activeElement && document.activeElement.matches({box!r})",
                               timeout=120_000, polling=100)
        page.keyboard.type(query)
        page.locator(result).first.wait_for(state="visible", timeout=600_000)
        first = time.perf_counter() - start
        return server.bytes(), first, server.search_files()
    except Exception:
        page.screenshot(path="/tmp/search-benchmark-failed.png")
        print(f"{server.url}: failed at {page.url}; requests: {[path for path, _ in server.log][-10:]}",
              file=sys.stderr)
        raise
    finally:
        context.close()
        profile.cleanup()


def _search_file(path: str) -> str:
    if "search_index.json" in path:
        return "search_index.json"
    if "/pagefind/" in path:
        return "pagefind/"
    if "/workers/search." in path:
        return "Material's search worker"
    return ""


class _Server:
    """The site over HTTP on localhost, gzip-compressing text as GitHub Pages does, counting the bytes it sends."""

    def __init__(self, site: Path):
        self.log: list[tuple[str, int]] = []
        self.last = time.monotonic()
        self.in_flight = 0  # a response of several MB takes a minute on the throttled network: not quiet
        self._gz: dict[Path, bytes] = {}
        handler = functools.partial(_Handler, self, directory=str(site))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def gzipped(self, path: Path) -> bytes:
        if path not in self._gz:
            self._gz[path] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        return self._gz[path]

    def begin(self) -> None:
        self.in_flight += 1
        self.last = time.monotonic()

    def record(self, path: str, sent: int) -> None:
        self.log.append((path, sent))
        self.in_flight -= 1
        self.last = time.monotonic()

    def reset(self) -> None:
        self.log.clear()
        self.last = time.monotonic()

    def search_files(self) -> list[str]:
        """The search files the server sent, each once, with "×2" if it was sent twice."""
        counts: dict[str, int] = {}
        for path, sent in self.log:
            if _search_file(path) and sent:
                counts[_search_file(path)] = counts.get(_search_file(path), 0) + 1
        return sorted(name + (f" ×{n}" if n > 1 else "") for name, n in counts.items())

    def bytes(self) -> int:
        return sum(sent for _, sent in self.log)

    def wait_quiet(self, seconds: float, *, timeout: float) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end and (self.in_flight or time.monotonic() - self.last < seconds):
            time.sleep(0.1)

    def close(self) -> None:
        self.httpd.shutdown()


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, server_state: _Server, *args, **kwargs):
        self.state = server_state
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def do_GET(self):  # noqa: N802 - the base class's name
        self.state.begin()
        try:
            self._get()
        except Exception:
            self.state.record(self.path, 0)
            raise

    def _get(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                self.state.record(self.path, 0)
                return super().do_GET()
            path = path / "index.html"
        if not path.is_file():
            self.state.record(self.path, 0)
            return super().do_GET()
        compress = path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        body = self.state.gzipped(path) if compress else path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # as GitHub Pages
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.state.record(self.path, len(body))


def _rows(site: Path) -> int:
    return sum(page.read_text(encoding="utf-8").count('class="qs-row-heading"')
               for page in (site / "transcripts").glob("*/index.html"))


def _kb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB" if n >= 1e6 else f"{n / 1e3:,.0f} KB"


if __name__ == "__main__":
    sys.exit(main())
