"""Search in the browser at scale: time to first results and the tab's memory, Pagefind against Material's lunr.

    python benchmarks/search_browser.py SITE [SITE …] [--query WORDS …] [--repeat 3]

Each SITE is a built site folder (`site/` after `make site`, or `benchmarks/run.py --keep DIR` leaves
`DIR/<n>x<rows>/site`); the script sees which search it has (`pagefind/` → our `find/` page; else Material's
search box). For each, in a fresh headless Chromium (Debian's, `/usr/bin/chromium`, never downloaded), it
opens the search page, waits until the page has loaded, types a query into the search box and measures the
time from the last keystroke until the first result is shown (both interfaces wait for typing to pause
before they search: Pagefind's as we configure it, 100 ms); then it types another query (warm). It reports the tab's memory:
the JS heap of the page (CDP `Performance.getMetrics`, `JSHeapUsedSize`; Material's index lives in a
worker, which this does not count) and the resident memory (RSS) of the tab's renderer process, which
counts everything the tab holds, workers included.

Not part of CI: the sites it needs take minutes to build. Targets: first results < 0.5 s, tab < 300 MB.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import sys
import threading
import time
from pathlib import Path

CHROMIUM = os.environ.get("QUALSITE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-quic", "--disable-sync"]


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("sites", type=Path, nargs="+", help="built site folders")
    cli.add_argument("--query", nargs=2, default=["upphandling", "hemtjänst"], metavar=("FIRST", "SECOND"),
                     help="the cold and the warm query (words the synthetic corpus uses)")
    cli.add_argument("--repeat", type=int, default=3, help="fresh browsers per site; the median is reported")
    args = cli.parse_args(argv)
    from playwright.sync_api import sync_playwright

    print("| site | rows | search | first results (cold) | second query | JS heap | tab RSS |")
    print("|---|---:|---|---:|---:|---:|---:|")
    with sync_playwright() as playwright:
        for site in args.sites:
            runs = [measure(playwright, site, args.query) for _ in range(args.repeat)]
            med = {k: statistics.median(r[k] for r in runs) for k in ("cold", "warm", "heap", "rss")}
            backend = "pagefind" if (site / "pagefind").is_dir() else "lunr (Material)"
            print(f"| {site} | {_rows(site):,} | {backend} | {med['cold']:.2f} s | {med['warm']:.2f} s"
                  f" | {med['heap'] / 1e6:.0f} MB | {med['rss'] / 1e6:.0f} MB |", flush=True)
    return 0


def measure(playwright, site: Path, queries: list[str]) -> dict[str, float]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    before = _renderers()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        pagefind = (site / "pagefind").is_dir()
        if pagefind:
            page.goto(base + "find/", wait_until="load")
            box, result = ".pagefind-ui__search-input", ".pagefind-ui__result"
        else:
            page.goto(base, wait_until="load")
            page.locator("input[data-md-component=search-query]").click()  # the header's search box
            box, result = "input[data-md-component=search-query]", ".md-search-result__item"
        times = []
        for query in queries:
            page.locator(box).fill("")
            page.locator(box).press_sequentially(query)
            start = time.perf_counter()  # from the last keystroke: what a reader waits for
            page.wait_for_function(
                f"document.querySelector({result!r}) && "
                f"document.querySelector({result!r}).textContent.toLowerCase().includes({query[:4]!r})",
                timeout=120_000, polling="raf")
            times.append(time.perf_counter() - start)
        time.sleep(1)  # let the worker settle before reading memory
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        rss = max((_rss(pid) for pid in _renderers() - before), default=0)
        return {"cold": times[0], "warm": times[1], "heap": metrics.get("JSHeapUsedSize", 0), "rss": rss}
    finally:
        browser.close()
        server.shutdown()


def _renderers() -> set[int]:
    """Chromium renderer processes now running (a tab and its workers live in one)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"--type=renderer" in cmdline and b"--extension-process" not in cmdline:
                found.add(int(entry.name))
    return found


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _rows(site: Path) -> int:
    return sum(page.read_text(encoding="utf-8").count('class="qs-row-heading"')
               for page in (site / "transcripts").glob("*/index.html"))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


if __name__ == "__main__":
    sys.exit(main())
