"""The thesis itself, rendered and built by MkDocs: strict build, no dead link, every citation and row reachable."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from qualsite import urls
from qualsite.build import gather
from qualsite.render import nav_yaml, render
from qualsite.render.nav import nav_entries
from qualsite.site_config import marked, site_settings
from qualsite.write import write_site
from test_render_safety import dead_links, mkdocs_build

ROOT = Path(__file__).parents[1]
THESIS = ROOT / "tests" / "cases" / "thesis"
"""The tests\' own copy of the thesis, laid out as a project; no test reads the researcher\'s data/."""


@pytest.fixture(scope="module")
def thesis():
    project, evidence, problems = gather(THESIS / "data", root=THESIS)
    warnings = [p for p in problems if p.severity == "warning"]
    return project, evidence, warnings


@pytest.fixture(scope="module")
def thesis_site(thesis, tmp_path_factory) -> Path:
    return mkdocs_build(tmp_path_factory.mktemp("thesis"), *thesis, root=THESIS)


def test_the_thesis_nav_is_written_between_the_markers_of_the_committed_config(thesis, tmp_path):
    config = tmp_path / "mkdocs.yml"
    shutil.copy(ROOT / "mkdocs.yml", config)
    write_site(tmp_path / "docs", {}, config=config, nav=nav_entries(thesis[0]), settings=site_settings(thesis[0]))
    text = config.read_text(encoding="utf-8")
    assert nav_yaml(thesis[0]) in text
    assert marked(text)["site_name"] == '"Digitalisering och hållbarhet i symbios"'
    assert marked(text)["language"] == marked(text)["search_language"] == '"sv"'


def test_the_thesis_builds_strictly_without_dead_links(thesis_site: Path):
    assert dead_links(thesis_site) == []


def test_every_citation_has_its_anchor_and_every_cited_row_links_back(thesis):
    project, evidence, warnings = thesis
    pages = render(project, evidence, warnings, root=THESIS)
    documents = {d.slug: d for d in project.documents}
    for item in evidence.citations:
        page = pages[urls.document_page(documents[item.citation.document])]
        assert f'id="{urls.citation_anchor(item.citation.ordinal)}"' in page
        assert page.count(f'id="{urls.quote_anchor(item.citation.ordinal)}"') == 1
        for row in item.rows:
            if row is None:
                continue
            transcript = pages[urls.transcript_page(row.transcript)]
            back = urls.href(urls.transcript_page(row.transcript), urls.document_page(documents[item.citation.document]),
                             urls.quote_anchor(item.citation.ordinal))
            start = transcript.index(f'<h3 id="{urls.row_anchor(row)}"')
            assert f'href="{back}"' in transcript[start: transcript.index("</div>", start)]


def test_the_figures_on_the_home_page_are_computed(thesis):
    project, evidence, warnings = thesis
    home = render(project, evidence, warnings, root=THESIS)["index.md"]
    rows = sum(len(t.rows) for t in project.transcripts)
    assert re.search(rf"<strong>{rows}</strong> <span>Rader</span>", home)
    assert f"<strong>{len(project.transcripts)}</strong> <span>Intervjuer</span>" in home


def test_the_source_check_shows_why_each_reviewed_warning_was_accepted(thesis):
    project, evidence, warnings = thesis
    page = render(project, evidence, warnings, root=THESIS)[urls.SOURCE_CHECK]
    reasons = re.findall(r'<span class="qs-reviewed"><span class="qs-label">Granskad och godtagen:</span> ([^<]+)</span>',
                         page)
    assert len(reasons) == 12
    assert any(r.startswith("The appendix prints row number 52 twice.") for r in reasons)


def test_a_reviewed_reason_is_text_not_markup(thesis):
    from dataclasses import replace

    project, evidence, warnings = thesis
    hostile = [replace(warnings[0], reviewed='<script>alert(1)</script> *emph* [x](javascript:y)')] + list(warnings[1:])
    from test_escaping import render as to_html

    page = render(project, evidence, hostile, root=THESIS)[urls.SOURCE_CHECK]
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    built = to_html(page.split("---\n", 2)[2])  # through Python-Markdown with the site's extensions, as MkDocs does
    assert not [tag for tag, attrs in built.tags if tag in ("script", "em") or any("javascript:" in (v or "")
                                                                                   for _, v in attrs)]
    assert "<script>alert(1)</script> *emph* [x](javascript:y)" in " ".join("".join(built.text).split())


def test_a_build_parses_each_document_once_and_its_page_leaves_the_parse_as_the_checks_read_it(monkeypatch):
    """The checks parse each document (`citations.parse_document`); its page and the findings index render from
    the same tokens (`Context.parsed`), marking the quotes on copies, so the parse stays what the checks read."""
    from markdown_it import MarkdownIt

    parses: list[str] = []
    real = MarkdownIt.parse

    def counted(self, src, env=None):  # every parse of a document passes it in `env`, wherever it is called from
        if env and "document" in env:
            parses.append(env["document"].source.path)
        return real(self, src, env)

    monkeypatch.setattr(MarkdownIt, "parse", counted)
    project, evidence, problems = gather(THESIS / "data", root=THESIS)
    before = [(p.document.source.path, _tokens(p.tokens)) for p in evidence.parsed]
    assert [path for path, _ in before] == [d.source.path for d in project.documents]
    render(project, evidence, [p for p in problems if p.severity == "warning"], root=THESIS)
    assert sorted(parses) == sorted(d.source.path for d in project.documents)  # the pages parsed nothing more
    assert [(p.document.source.path, _tokens(p.tokens)) for p in evidence.parsed] == before
    assert any(t.type == "blockquote_open" for p in evidence.parsed for t in p.tokens)  # quotes were there to mark
    assert not any(c.type == "qs_quote_open" for p in evidence.parsed for t in p.tokens for c in t.children or ())


def _tokens(tokens) -> list[tuple]:
    """Every field of every token and its children, as values (not the tokens, which a change would change too)."""
    return [(t.type, t.content, repr(t.meta), repr(t.attrs), tuple(_tokens(t.children or ()))) for t in tokens]
