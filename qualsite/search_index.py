"""Search for large corpora: Pagefind instead of Material's lunr index, chosen by the size of the corpus.

Material's browser search loads one lunr index of every section into the tab: about 1 s and 240 MB at
10,000 transcript rows, about 14 s and 2.2 GB at 100,000. Pagefind instead splits its index into small
chunks that the browser fetches as a query needs them, so search stays fast at any size.

How the two fit together, without MkDocs plugins, hooks or template overrides:

- `choose()` picks the backend: `lunr` up to `THRESHOLD_ROWS` (4,000) transcript rows, `pagefind` above, or what
  `build_site.py --search lunr|pagefind` asks for.
- With Pagefind, `build_site.py` writes one page of our own, `find/index.md` (menu entry *Sök*), which loads
  Pagefind's own UI script and stylesheet from the site itself (`/pagefind/`), in the study's language; and it
  switches Material's search plugin off through one marked line in `mkdocs.yml` (`set_lunr`), so
  `mkdocs build` neither builds the huge lunr index nor shows its search box.
- After `mkdocs build`, `python -m qualsite.search_index site` runs Pagefind over the built HTML if, and only
  if, `mkdocs.yml` has Material's search switched off; otherwise it does nothing. `make site` and the
  workflow run it after every build, so the step never needs to know the corpus.

Pagefind indexes each page's `<article>` only (not the menu, header or footer), and makes a sub-result of every
heading with an id: every transcript row is an `<h3 id="r5-4">`, so a result links to `transcripts/r5/#r5-4`.

What the reader gets with Pagefind, besides the page:

- a search field in the header of every page (a magnifier on phones) and the "/" shortcut, both leading to
  `find/?q=…`: `docs/assets/qualsite-search.js`, which finds the page through its menu entry and does nothing
  while Material's search is on;
- Pagefind's interface in the site's colours in light and dark mode (`docs/assets/qualsite-search.css`);
- whole-word matching (`WHOLE_WORDS`): every query is passed to Pagefind in quotes, its exact mode, so a word
  matches that word and its inflections (Pagefind stems Swedish and English), never a word it only begins
  (Pagefind otherwise also matches every longer word, and a word it does not know as its longest known prefix:
  "utanförskap" on a corpus without it finds every "utan"); several words match as a phrase; a query ending in
  `*` keeps Pagefind's prefix matching;
- filters by participant, code and speaker: transcript pages mark their participant, their speakers and the
  first chip of each code with `data-pagefind-filter` (`render/transcripts.py`). Pagefind filters whole pages,
  so a code's filter keeps the transcripts that use the code, not only its coded rows.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Literal, Sequence

from .model import Project

Backend = Literal["lunr", "pagefind"]
CHOICES = ("auto", "lunr", "pagefind")
THRESHOLD_ROWS = 4_000
"""Above this many transcript rows, `auto` picks Pagefind. Measured on a throttled phone (BENCHMARKS.md, "Where
search switches"): lunr's index, which every page fetches whether or not the reader searches, weighs about
90 KB (gzip) per 1,000 rows, and its first result comes later than Pagefind's from about 4,000 rows on
(2,000 rows: lunr 3.4 s, Pagefind 5.4 s; 5,000: 6.6 s and 5.3 s; 10,000: 9.1 s and 5.6 s)."""

FIND_PAGE = "find/index.md"
"""Our own search page, at `find/` (`search/` belongs to MkDocs' search plugin)."""
SWITCH = "# qualsite search: build_site.py rewrites the next line (false: Pagefind serves search; see README)"
"""The comment in mkdocs.yml right above the `enabled:` line of Material's search plugin."""
ENABLED = re.compile(r"^(?P<indent>\s*)enabled:\s*(?P<value>true|false)\s*$")

ROOT_SELECTOR = "article.md-content__inner"
"""What Pagefind indexes on every page: Material's article, without the menu, header and footer."""
EXCLUDE_SELECTORS = ".headerlink"
"""The `¶` permalinks of headings."""

WHOLE_WORDS = (
    "// Whole words: Pagefind matches a query word as the start of longer words, and when no word starts with\n"
    "// it, as its longest indexed prefix (utanförskap → utan). A query in quotes is matched exactly instead:\n"
    "// whole words, after stemming (utanförskapet finds utanförskap), several words as a phrase. So every query\n"
    "// is quoted, unless the reader ends it with * (utanför* finds the words that begin with utanför).\n"
    "function wholeWords(term) {\n"
    "  var t = term.trim();\n"
    "  if (!t || /^\".*\"$/.test(t)) { return t; }\n"
    "  if (/\\*$/.test(t)) { return t.replace(/\\*+$/, ''); }\n"
    "  return '\"' + t.replace(/\"/g, '') + '\"';\n"
    "}\n"
)
"""The find page's `processTerm` for Pagefind's interface: whole-word and phrase matching (see README)."""

TITLES = {"sv": "Sök", "en": "Search"}
PLACEHOLDERS = {"sv": "Sök i intervjuer, resultat och kodbok", "en": "Search the interviews, findings and codebook"}


def choose(project: Project, requested: str = "auto") -> Backend:
    """The search backend: as requested, or for `auto`, Pagefind above `THRESHOLD_ROWS` transcript rows."""
    if requested not in CHOICES:
        raise ValueError(f"unknown search backend {requested!r}; choose one of {', '.join(CHOICES)}")
    if requested != "auto":
        return requested  # type: ignore[return-value]
    rows = sum(len(t.rows) for t in project.transcripts)
    return "pagefind" if rows > THRESHOLD_ROWS else "lunr"


def pages(project: Project, backend: Backend) -> dict[str, str]:
    """`find/index.md` when Pagefind serves search; nothing for lunr."""
    if backend != "pagefind":
        return {}
    language = project.study.language
    title = TITLES.get(language, TITLES["en"])
    placeholder = PLACEHOLDERS.get(language, PLACEHOLDERS["en"])
    # Paths are relative to the page's own URL (find/), so the site also works under a sub-path such as
    # https://user.github.io/study/. The script reads ?q= so a search can be linked to.
    script = (
        "<script>\n"
        + WHOLE_WORDS +
        "window.addEventListener('DOMContentLoaded', function () {\n"
        "  var root = new URL('../', window.location.href);\n"
        "  var ui = new PagefindUI({element: '#qs-find', bundlePath: new URL('pagefind/', root).href,\n"
        "    baseUrl: root.pathname, showSubResults: true, showImages: false, autofocus: true,\n    debounceTimeoutMs: 100,\n"
        f"    translations: {{placeholder: '{placeholder}'}}, processTerm: wholeWords}});\n"
        "  // Pagefind's field is named only by its placeholder and title (axe: label-title-only).\n"
        f"  document.querySelectorAll('#qs-find input[type=text], #qs-find input[type=search]').forEach(function (f) {{ f.setAttribute('aria-label', '{placeholder}'); }});\n"
        "  // Load Pagefind's engine and index entry now, while the reader starts typing, not at the first query.\n"
        "  import(new URL('pagefind/pagefind.js', root).href).then(function (pagefind) { pagefind.init(); });\n"
        "  var query = new URLSearchParams(window.location.search).get('q');\n"
        "  if (query) { ui.triggerSearch(query); }\n"
        "});\n"
        "</script>\n"
    )
    body = (
        f"---\ntitle: {title}\n---\n\n# {title}\n\n"
        '<link rel="stylesheet" href="../pagefind/pagefind-ui.css">\n'
        # Pagefind's engine, its entry file and its WebAssembly for the language, fetched at once, beside its
        # interface, not one after the other as each asks for the next: on a phone's network each round trip
        # costs about half a second (BENCHMARKS.md).
        '<link rel="modulepreload" href="../pagefind/pagefind.js">\n'
        '<link rel="preload" href="../pagefind/pagefind-entry.json" as="fetch" crossorigin>\n'
        + (f'<link rel="preload" href="../pagefind/wasm.{language}.pagefind" as="fetch" crossorigin>\n'
           if language in TITLES else "")
        +
        '<div id="qs-find" class="qs-find" data-pagefind-ignore="all"></div>\n'
        '<script src="../pagefind/pagefind-ui.js"></script>\n'
        + script
    )
    return {FIND_PAGE: body}


def nav(project: Project, backend: Backend) -> list:
    """The menu entry of the search page (after the home page), or nothing for lunr."""
    if backend != "pagefind":
        return []
    return [{TITLES.get(project.study.language, TITLES["en"]): FIND_PAGE}]


def set_lunr(config_text: str, enabled: bool) -> str | None:
    """`mkdocs.yml`'s text with Material's search switched on or off, or None if it has no `SWITCH` line."""
    lines = config_text.split("\n")
    try:
        at = lines.index(SWITCH) + 1
    except ValueError:
        at = next((i + 1 for i, line in enumerate(lines) if line.strip() == SWITCH), -1)
    if at <= 0 or at >= len(lines) or not ENABLED.match(lines[at]):
        return None
    indent = ENABLED.match(lines[at]).group("indent")
    lines[at] = f"{indent}enabled: {'true' if enabled else 'false'}"
    return "\n".join(lines)


def lunr_enabled(config: Path) -> bool:
    """Whether `mkdocs.yml` leaves Material's search on (it is, unless build_site.py switched it off)."""
    text = config.read_text(encoding="utf-8")
    return set_lunr(text, True) in (None, text)


def index_site(site: Path, *, quiet: bool = False) -> int:
    """Run Pagefind over the built site: writes `site/pagefind/`. Returns Pagefind's exit status."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--root-selector", ROOT_SELECTOR,
               "--exclude-selectors", EXCLUDE_SELECTORS]
    if quiet:
        command.append("--quiet")
    import subprocess  # only after `mkdocs build`: a site build never starts Pagefind

    return subprocess.run(command).returncode


def main(argv: Sequence[str] | None = None) -> int:
    cli = argparse.ArgumentParser(
        prog="python -m qualsite.search_index",
        description="After `mkdocs build`: index the built site with Pagefind when build_site.py chose it.",
    )
    cli.add_argument("site", type=Path, nargs="?", default=Path("site"), help="the built site (default: site)")
    cli.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the MkDocs configuration")
    cli.add_argument("--quiet", action="store_true", help="print only problems")
    args = cli.parse_args(argv)
    if lunr_enabled(args.config):
        if not args.quiet:
            print(f"{args.config}: Material's search is on; no Pagefind index needed.")
        return 0
    if not (args.site / "index.html").is_file():
        print(f"{args.site}/index.html not found; run `mkdocs build` first", file=sys.stderr)
        return 1
    return index_site(args.site, quiet=args.quiet)


if __name__ == "__main__":
    sys.exit(main())
