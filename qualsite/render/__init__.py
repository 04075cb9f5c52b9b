"""The renderers: `Project + Evidence → {docs path: text or bytes}`. Pure: they return pages, they write nothing.

One module per page kind; `context` indexes the data once, `prose` renders the
researcher's Markdown, `parts` holds shared HTML pieces and `text` the escaping
rules every piece of data text goes through.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..analysis import citations_by_code, tabulate
from ..model import Evidence, Project
from ..problems import Problem
from . import analysis, codebook, downloads, findings, home, pages, participants, releases, source_check, transcripts
from .context import build_context
from .nav import nav_entries, nav_yaml

__all__ = ["render", "nav_entries", "nav_yaml"]


def render(
    project: Project, evidence: Evidence, warnings: Sequence[Problem], *, root: Path | str = ".", base_url: str = ""
) -> dict[str, str | bytes]:
    """Every generated page and download of the site, keyed by path relative to `docs/`, in sorted order.

    `root` is the project root that `project.data_files` are relative to; only `downloads/data.zip` reads it.
    `base_url` is the site's own address (`mkdocs.yml`'s `site_url`), or "" for relative permalinks.
    """
    ctx = build_context(project, evidence, warnings, base_url=base_url)
    tab = tabulate(project)
    result: dict[str, str | bytes] = {}
    for part in (
        home.pages(ctx),
        findings.pages(ctx),
        pages.pages(ctx),
        transcripts.pages(ctx),
        codebook.pages(ctx, tab, citations_by_code(evidence)),
        participants.pages(ctx, tab),
        analysis.pages(ctx, tab),
        source_check.pages(ctx),
        downloads.pages(ctx, Path(root)),
        releases.pages(ctx),
    ):
        for path, content in part.items():
            if path in result:
                raise ValueError(f"two renderers produced {path}")  # urls.RESERVED should make this impossible
            result[path] = content
    return dict(sorted(result.items()))
