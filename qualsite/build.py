"""The pipeline: load → check → render → write.

Everything is gathered and checked before anything is written, so a build
that fails leaves the previous `docs/` exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Callable, Collection, Iterable, Iterator

from .checks import analyse
from .checks.anonymity import OutputGuard, forbidden_terms
from .limits import page_limits
from .load import load
from .memo import Memo
from .model import Evidence, Project
from .problems import DataError, Problem, fatal
from .render import DOWNLOADS, add_pages, render_first, render_parts
from .reviewed import accept_reviewed, read_reviews
from .render.nav import nav_entries
from .site_config import base_url_of, site_settings
from . import search_index, urls
from .write import Changes, Staged, restore, stage_site, written_before

Progress = Callable[[str, int, int], None]
"""`progress(stage, done, total)`: the build entered `stage` (`load`, `check`, `render`, `write`) with `done` of
`total` steps finished (0 of 0 when a stage cannot count its steps). The command line draws it; the core only calls it."""


def _silent(stage: str, done: int, total: int) -> None:
    pass


@dataclass(frozen=True)
class Report:
    """What a build did, for the command line to print."""

    problems: tuple[Problem, ...]
    """Every problem found, warnings included (a successful build has no fatal ones)."""
    changes: Changes | None
    """Files written and removed, or None for a check-only run."""


def build(
    data_dir: Path, docs_dir: Path, config: Path, *, root: Path, strict: bool = False, search: str = "auto",
    progress: Progress = _silent, memo: Memo | None = None, pages_first: Callable[[Changes], None] | None = None,
    edited: Collection[str] = (),
) -> Report:
    """Build `docs/` from `data/`; raise DataError, having written nothing, if the data cannot be published.

    `search` picks the search backend (`auto`, `lunr` or `pagefind`; see `search_index`). With a `memo` kept from
    the last build (`qualsite.memo`), only what an edit changed is parsed, checked, rendered, guarded and written
    again; the result is the same as without. With `pages_first` (`--serve`), the pages are written as soon as
    they are checked and guarded, `pages_first(changes)` is called, and then the downloads are made; should they
    fail, the pages are put back as they were. `edited` (with `pages_first`) names the data files saved since the
    last build (relative to `root`, as sources are): when each has a page of its own (a findings file, a chapter, a
    transcript), those pages alone are written first, and the other pages the edit changed (the code pages that
    quote a row, the source check…) are written with the downloads. MkDocs then serves the saved file's page after
    rebuilding it alone, not after every page that quotes it.
    """
    if memo is not None:
        memo.begin()
    undo: dict[str, bytes | None] | None = {} if pages_first is not None else None

    def stage(site: Site, keep: frozenset[str] = frozenset(), later: Collection[str] = ()) -> Staged:
        progress("write", 0, len(site.pages))
        return stage_site(docs_dir, site.pages, config=config, nav=site.nav, settings=site_settings(site.project),
                          lunr=site.backend == "lunr", on_page=lambda done, total: progress("write", done, total),
                          memo=memo, keep=keep, undo=undo, later=later)

    def write(site: Site, keep: frozenset[str] = frozenset(), later: Collection[str] = ()) -> Changes:
        return stage(site, keep, later).commit()

    staged: list[Staged] = []

    def meanwhile(site: Site) -> None:  # while the guard's search ends; committed once it found nothing fatal
        staged.append(stage(site))

    def early(site: Site, keep: frozenset[str] | None) -> None:
        assert pages_first is not None
        if keep is None:  # the saved file's pages alone: every other file stays as the last build left it
            pages_first(write(site, written_before(docs_dir)))
            return
        first = pages_of(site.project, edited)
        pages_first(write(site, keep, later=() if first is None else site.pages.keys() - first))

    try:
        site = check(data_dir, root=root, strict=strict, search=search, progress=progress,
                     base_url=base_url_of(config), memo=memo, pages_first=None if pages_first is None else early,
                     edited=edited, meanwhile=meanwhile if pages_first is None else None)
    except BaseException as error:  # an interrupted build leaves no staged page behind either
        for pages in staged:
            pages.discard()
        if undo and isinstance(error, DataError):
            restore(docs_dir, config, undo)
        raise
    changes = staged[0].commit() if staged else write(site)
    if memo is not None:
        memo.end()
    return Report(site.problems, changes)


def pages_of(project: Project, files: Collection[str]) -> frozenset[str] | None:
    """The pages of the data `files` (paths relative to the project root, as in sources): each findings file's or
    chapter's page and each transcript's page. None when some file has no page of its own (the codebook, the study,
    a file removed), or no file is given: then no page goes first."""
    own = {d.source.path: urls.document_page(d) for d in (*project.findings, *project.pages)}
    for transcript in project.transcripts:
        own[transcript.source.path] = urls.transcript_page(transcript)
    pages = [own.get(file) for file in files]
    return None if not pages or None in pages else frozenset(pages)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Site:
    """Everything a build would write, rendered and guarded, and what was found on the way."""

    project: Project
    """The study as loaded."""
    pages: dict[str, str | bytes]
    """Every page and download, by path relative to `docs/`: as UTF-8 bytes, unless built with a memo (`_utf8`)."""
    nav: list
    """The navigation block of `mkdocs.yml`."""
    backend: str
    """The search backend chosen (`lunr` or `pagefind`)."""
    problems: tuple[Problem, ...]
    """Every problem found (none fatal)."""


def check(
    data_dir: Path, *, root: Path, strict: bool = False, search: str = "auto", progress: Progress = _silent,
    base_url: str = "", memo: Memo | None = None,
    pages_first: Callable[[Site, frozenset[str] | None], None] | None = None, edited: Collection[str] = (),
    meanwhile: Callable[[Site], None] | None = None,
) -> Site:
    """Load, check, render and guard everything a build publishes, writing nothing; raise DataError if it cannot be
    published. `--check` stops here, so a check passes exactly when a build would. `base_url` is the site's address
    (`site_config.base_url`), which permalinks and citation metadata name; "" keeps them relative.

    With `pages_first`, the pages are checked before the downloads are made, and `pages_first(site, downloads)` is
    called with a Site of the pages alone and the paths of the downloads of the last build, to keep meanwhile.
    When the data files `edited` (see `build`) each have pages of their own (`pages_of`), those pages are rendered
    and guarded alone once the whole study is checked, and `pages_first(site, None)` is called with a Site of them
    alone (every other file of the last build is to be kept meanwhile); the rest is then rendered and guarded, and
    returned. Should those pages have a fatal problem of their own, they are not handed over early: the build goes
    on as without `edited`, and reports every problem of every page.

    `meanwhile(site)` (without `pages_first`) is called with every page, rendered and within limits, while the
    guard's second process may still be searching them: `build` stages its writes then (`write.stage_site`)."""
    project, evidence, problems = gather(data_dir, root=root, strict=strict, progress=progress, memo=memo)
    progress("render", 0, 0)
    backend = search_index.choose(project, search)
    warnings = [p for p in problems if p.severity == "warning"]
    terms = forbidden_terms(project, root)
    nav = nav_entries(project)
    nav[1:1] = search_index.nav(project, backend)

    def guarded(parts: Iterable[dict[str, str | bytes]], pages: dict[str, str | bytes],
                meanwhile: Callable[[Site], None] | None = None) -> dict[str, str | bytes]:
        with OutputGuard(terms, evidence.clean_data, memo=memo) as guard:
            for part in parts:
                if memo is None:
                    part = _utf8(part)
                guard.add(part)  # searched in a second process while the next part is rendered
                add_pages(pages, part)
            pages = dict(sorted(pages.items()))
            _stop_if_fatal(page_limits(pages), strict=strict)
            if meanwhile is not None:
                meanwhile(Site(project, pages, nav, backend, tuple(problems)))
            _stop_if_fatal(guard.problems(), strict=strict)
        return pages

    def parts(downloads: str) -> Iterator[dict[str, str | bytes]]:
        yield from render_parts(project, evidence, warnings, root=root, base_url=base_url, memo=memo,
                                downloads=downloads, utf8=memo is None)
        if downloads != "only":
            yield search_index.pages(project, backend)

    first = _first_pages(project, evidence, warnings, terms, edited, strict=strict, base_url=base_url, memo=memo) \
        if pages_first is not None and edited else None
    if pages_first is None:
        pages = guarded(parts("with"), {}, meanwhile)
    elif first is not None:
        pages_first(Site(project, first, nav, backend, tuple(problems)), None)
        pages = guarded(parts("with"), {})
    else:
        pages = guarded(parts("without"), {})
        pages_first(Site(project, pages, nav, backend, tuple(problems)), DOWNLOADS)
        pages = guarded(parts("only"), dict(pages))
    return Site(project, pages, nav, backend, tuple(problems))


def _utf8(part: dict[str, str | bytes]) -> dict[str, str | bytes]:
    """The pages of `part` as they will be written. Most pages hold a character or two beyond Latin-1 (a dash, an
    arrow), so Python holds their text at two bytes a character: at 1,000 interviews 374 MB of pages as text are 208 MB
    as UTF-8, which the write needs anyway. (With a memo, `--serve` keeps the text: its pages are remembered as
    rendered, and compared by identity from one build to the next.)"""
    return {path: content.encode("utf-8") if isinstance(content, str) else content for path, content in part.items()}


def _first_pages(
    project: Project, evidence: Evidence, warnings: list[Problem], terms: tuple, edited: Collection[str], *,
    strict: bool, base_url: str, memo: Memo | None,
) -> dict[str, str | bytes] | None:
    """The pages of the `edited` files alone, rendered as the whole build renders them and guarded as it guards
    them; None when some edited file has no page of its own, or when these pages have a fatal problem (the whole
    build then reports it, with every other page's)."""
    wanted = pages_of(project, edited)
    rendered = None if wanted is None else render_first(project, evidence, warnings, wanted, base_url=base_url,
                                                        memo=memo)
    if rendered is None:
        return None
    pages: dict[str, str | bytes] = dict(rendered)
    with OutputGuard(terms, evidence.clean_data, memo=memo) as guard:
        guard.add(pages)
        found = [*page_limits(pages), *guard.problems()]
    return None if fatal(found, strict=strict) else pages


def gather(
    data_dir: Path, *, root: Path, strict: bool = False, progress: Progress = _silent, memo: Memo | None = None
) -> tuple[Project, Evidence, list[Problem]]:
    """Load and check `data/`, writing nothing: the project, what the checks learned, and every problem."""
    progress("load", 0, 0)
    project, problems = load(data_dir, root, memo)
    _stop_if_fatal(problems, strict=strict)
    assert project is not None  # the loader returns a project whenever it reports no error
    progress("check", 0, 0)
    evidence, found = analyse(project, root=root, memo=memo)
    if any(p.kind == "too-large" for p in found):
        raise DataError([*problems, *found])  # the checks stopped early: reviews would all seem stale
    reviews, unreadable = read_reviews(data_dir, root)
    problems = accept_reviewed([*problems, *found, *unreadable], reviews)
    _stop_if_fatal(problems, strict=strict)
    return project, evidence, problems


def _stop_if_fatal(problems: list[Problem], *, strict: bool) -> None:
    if fatal(problems, strict=strict):
        raise DataError(problems)
