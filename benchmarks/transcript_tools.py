"""What the transcript tools cost in the browser: a transcript of N rows, filtered, searched and stepped through.

    python benchmarks/transcript_tools.py --rows 100 2000 --repeat 3

For each size, a corpus of two interviews of that many rows (`make_corpus.py`) is built with `build_site.py` and
`mkdocs build` in a temporary folder, served on localhost and opened in headless Chromium (Debian's
/usr/bin/chromium, or QUALSITE_CHROMIUM) at 1440×900. The script times, inside the page (performance.now(), with
a forced layout after each step so the time includes the layout the step caused):

- **load**: navigation start to the load event (the rows, the tools wired, the strip built);
- **filter**: choosing the code with the most rows in the code filter;
- **show all**: choosing "all codes" again (every row laid out again, or marked for it);
- **find**: Enter in the find field with a common word (every hit counted and highlighted);
- **next hit** and **next cited row**: one press each.

The table gives the median of `--repeat` fresh tabs, in milliseconds. No figure here is asserted by a test.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.make_corpus import write_corpus  # noqa: E402

STEPS = {
    "filter": """() => { const s = document.querySelector('.qs-tx-code');
        const best = [...s.options].slice(1).sort((a, b) => parseInt(b.text.match(/\\((\\d+)\\)$/)[1]) -
                                                           parseInt(a.text.match(/\\((\\d+)\\)$/)[1]))[0];
        s.value = best.value; const t = performance.now(); s.dispatchEvent(new Event('change'));
        document.body.offsetHeight; return performance.now() - t; }""",
    "show all": """() => { const s = document.querySelector('.qs-tx-code'); s.value = '';
        const t = performance.now(); s.dispatchEvent(new Event('change')); document.body.offsetHeight;
        return performance.now() - t; }""",
    "find": """() => { const q = document.querySelector('.qs-tx-query'); q.value = 'digital';
        const t = performance.now(); q.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}));
        document.body.offsetHeight; return performance.now() - t; }""",
    "next hit": """() => { const t = performance.now(); document.querySelector('.qs-tx-find-next').click();
        document.body.offsetHeight; return performance.now() - t; }""",
    "next cited row": """() => { const t = performance.now(); document.querySelector('.qs-tx-cited-next').click();
        document.body.offsetHeight; return performance.now() - t; }""",
}
LOAD = "() => performance.getEntriesByType('navigation')[0].loadEventEnd"


def build(work: Path, rows: int) -> Path:
    write_corpus(work / "data", interviews=2, rows=rows, seed=7)
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(ROOT / "docs" / "assets", work / "docs" / "assets")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    for command in ([sys.executable, str(ROOT / "build_site.py"), "--strict", "--quiet"],
                    [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]):
        subprocess.run(command, cwd=work, check=True, capture_output=True, env=env)
    return work / "site"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def measure(site: Path, repeat: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/transcripts/r1/"
    figures: dict[str, list[float]] = {"load": [], **{name: [] for name in STEPS}}
    chromium = os.environ.get("QUALSITE_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        options = {"args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]}
        if chromium != "playwright":
            options["executable_path"] = chromium
        browser = playwright.chromium.launch(**options)
        for _ in range(repeat):
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            page = context.new_page()
            page.goto(url, wait_until="load")
            figures["load"].append(page.evaluate(LOAD))
            for name, script in STEPS.items():
                figures[name].append(page.evaluate(script))
            context.close()
        browser.close()
    server.shutdown()
    return {name: statistics.median(values) for name, values in figures.items()}


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    cli.add_argument("--rows", type=int, nargs="+", default=[100, 2000])
    cli.add_argument("--repeat", type=int, default=3)
    args = cli.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="qualsite-transcript-tools-") as temp:
        for rows in args.rows:
            work = Path(temp) / str(rows)
            work.mkdir()
            results[rows] = measure(build(work, rows), args.repeat)
    names = ["load", *STEPS]
    print("| rows | " + " | ".join(f"{name} (ms)" for name in names) + " |")
    print("|---:|" + "---:|" * len(names))
    for rows, figures in results.items():
        print(f"| {rows:,} | " + " | ".join(f"{figures[name]:,.0f}" for name in names) + " |")


if __name__ == "__main__":
    main()
