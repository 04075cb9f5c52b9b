"""The renderers: `Project + Evidence → {docs path: text or bytes}`. Pure: they return pages, they write nothing.

One module per page kind; `context` indexes the data once, `prose` renders the
researcher's Markdown, `parts` holds shared HTML pieces and `text` the escaping
rules every piece of data text goes through.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Collection, Iterator, Mapping, Sequence

from .. import urls
from ..analysis import citations_by_code, tabulate
from ..memo import Memo, remembered
from ..model import Evidence, Project
from ..problems import Problem
from . import analysis, codebook, downloads as downloads_, findings, home, pages, participants, releases, source_check
from . import transcripts
from .context import Context, build_context
from .nav import nav_entries, nav_yaml

__all__ = ["render", "render_parts", "render_first", "add_pages", "nav_entries", "nav_yaml", "DOWNLOADS"]

DOWNLOADS = frozenset(downloads_.PATHS)
"""Every file the downloads kind makes (`downloads.pages`)."""


def render(
    project: Project, evidence: Evidence, warnings: Sequence[Problem], *, root: Path | str = ".", base_url: str = "",
    memo: Memo | None = None,
) -> dict[str, str | bytes]:
    """Every generated page and download of the site, keyed by path relative to `docs/`, in sorted order.

    `root` is the project root that `project.data_files` are relative to; only `downloads/data.zip` reads it.
    `base_url` is the site's own address (`mkdocs.yml`'s `site_url`), or "" for relative permalinks.
    """
    result: dict[str, str | bytes] = {}
    for part in render_parts(project, evidence, warnings, root=root, base_url=base_url, memo=memo):
        add_pages(result, part)
    return dict(sorted(result.items()))


def add_pages(pages: dict[str, str | bytes], part: Mapping[str, str | bytes]) -> None:
    """Add one renderer's `part` to `pages`, which must not hold any of its paths yet."""
    for path, content in part.items():
        if path in pages:
            raise ValueError(f"two renderers produced {path}")  # urls.RESERVED should make this impossible
        pages[path] = content


def render_parts(
    project: Project, evidence: Evidence, warnings: Sequence[Problem], *, root: Path | str = ".", base_url: str = "",
    memo: Memo | None = None, downloads: str = "with", utf8: bool = False,
) -> Iterator[dict[str, str | bytes]]:
    """The pages of `render`, one kind after another, so that a caller can work on each kind (the output guard
    searches it) while the next is rendered. The largest kinds come first, so that what is left to search when the
    last is rendered is small. With a `memo`, a page whose inputs did not change is the one the last build made.
    `downloads`: `with` them (every page), `without` them, or `only` them (`DOWNLOADS`). With `utf8`, the kinds with
    many large pages give them as UTF-8 bytes (`Context.whole`)."""
    with _study_set_aside():
        ctx = build_context(project, evidence, warnings, base_url=base_url, memo=memo, utf8=utf8)
        tab = remembered(memo, "tabulation", (project.transcripts, project.codebook), lambda: tabulate(project, memo))
        if downloads != "without":
            yield from downloads_.parts(ctx, Path(root))
        if downloads == "only":
            return
        yield transcripts.pages(ctx)
        yield analysis.pages(ctx, tab)
        yield codebook.pages(ctx, tab, citations_by_code(evidence))
        # What the kinds above share (rows' passages, links, chips) is 40 MB at 1,000 interviews, and the pages left
        # need little of it: dropped here, the build's peak memory is what it was before fragments were kept.
        ctx.fragments.clear()
        yield participants.pages(ctx, tab)
        yield findings.pages(ctx)
        yield source_check.pages(ctx)
        yield home.pages(ctx)
        yield pages.pages(ctx)
        yield releases.pages(ctx)


def render_first(
    project: Project, evidence: Evidence, warnings: Sequence[Problem], wanted: Collection[str], *, base_url: str = "",
    memo: Memo | None = None,
) -> dict[str, str] | None:
    """Only the pages `wanted` (each a findings page, a chapter or a transcript page), rendered exactly as
    `render_parts` renders them, or None when one of them is not such a page of this project. `--serve` writes the
    page of the file just saved before it renders the rest (`build`); with the same `memo`, `render_parts` then takes
    these pages from it instead of rendering them again."""
    makers: dict[str, Callable[[Context], str]] = {}
    for document in project.findings:
        makers[urls.document_page(document)] = lambda ctx, document=document: findings.theme_page(ctx, document)
    for document in project.pages:
        makers[urls.document_page(document)] = lambda ctx, document=document: pages.chapter_page(ctx, document)
    for transcript in project.transcripts:
        makers[urls.transcript_page(transcript)] = lambda ctx, t=transcript: transcripts.kept_page(ctx, t)
    if not wanted or any(page not in makers for page in wanted):
        return None
    with _study_set_aside():
        ctx = build_context(project, evidence, warnings, base_url=base_url, memo=memo)
        return {page: makers[page](ctx) for page in sorted(wanted)}


@contextmanager
def _study_set_aside() -> Iterator[None]:
    """Rendering allocates millions of short-lived objects, and each of the collector's full collections scanned
    every object alive, most of them the study's (100,000 rows at 1,000 interviews), which rendering never frees:
    about 7% of rendering. So what is alive when rendering starts is set aside from the collector (`gc.freeze`)
    until it ends. A freeze made before (`serve` makes one between edits) is its maker's to undo."""
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if not frozen_before:
            gc.unfreeze()
