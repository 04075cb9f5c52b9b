"""Untrusted text renders as the literal text the researcher wrote: checked on HTML built by MkDocs itself.

Every data field of a generated study carries HTML, script, Markdown, attr_list
and extension syntax; `mkdocs build --strict` runs on the rendered pages with the
project's mkdocs.yml (docs_dir, site_dir and nav adapted), and the HTML must hold
no injected element or attribute, while the payloads show as text.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from qualsite.model import DiffPart, Evidence, UncitedQuote
from qualsite.labels import message
from qualsite.problems import Problem, warning
from qualsite.render import nav_yaml, render
from test_render_study import CASE, tiny_evidence, tiny_project

ROOT = Path(__file__).parents[1]
PAYLOAD = (
    '<script>alert(1)</script> <img src=x onerror=alert(2)> </div> # H | a | > q '
    '[x](javascript:alert(3)) *em* {: onclick="alert(4)" } {#evil} --8<-- "secret.txt" '
    '==mark== :smile: <!-- c --> &amp; &#60; ![i](http://evil.example/t.png)'
)
BODY = """\
# <script>alert(5)</script> {#evil2}

<div onclick="alert(6)">raw</div>

[link](javascript:alert(7)) ![img](http://evil.example/track.png) {: onclick="alert(8)" }

!!! note "Adm"
    --8<-- "secret.txt"

> “Vi har en strategi för allt.” (R1:2)

| a | b |
|---|---|
| <script>alert(9)</script> | {#evil3} |

## Undertema {: onclick="alert(10)" } <img src=x onerror=alert(11)>

Text *em* (R1:4) <style>body{display:none}</style>
"""


def hostile_project():
    project = tiny_project(row_text_r1_2="Vi har en strategi för allt. " + PAYLOAD)
    study = replace(project.study, subtitle=PAYLOAD, abstract=BODY, authors=(PAYLOAD,), research_questions=(PAYLOAD,),
                    citation=PAYLOAD, licence=PAYLOAD, keywords=(PAYLOAD,), url="javascript:alert(12)")
    areas = tuple(
        replace(a, name=f"{a.name} {PAYLOAD}", description=PAYLOAD, colour='red;}</style><script>alert(13)</script>',
                codes=tuple(replace(c, label=PAYLOAD, description=PAYLOAD) for c in a.codes))
        for a in project.codebook.areas
    )
    participants = tuple(replace(p, role=PAYLOAD, organisation=PAYLOAD, interview_length=PAYLOAD, appendix=PAYLOAD,
                                 mode=PAYLOAD, attributes=((PAYLOAD, PAYLOAD),)) for p in project.participants)
    transcripts = tuple(
        replace(t, title=f"{t.title} {PAYLOAD}",
                speakers=tuple(replace(s, label=PAYLOAD) for s in t.speakers),
                rows=tuple(replace(r, text=f"{r.text} {PAYLOAD}") for r in t.rows))
        for t in project.transcripts
    )
    findings = tuple(replace(d, title=f"{d.title} {PAYLOAD}", body=d.body + "\n" + BODY) for d in project.findings)
    pages = tuple(replace(d, title=f"{d.title} {PAYLOAD}", body=d.body + "\n" + BODY) for d in project.pages)
    hostile = replace(project, study=study, codebook=replace(project.codebook, areas=areas), participants=participants,
                      transcripts=transcripts, findings=findings, pages=pages)
    evidence = tiny_evidence(hostile)
    citations = tuple(replace(c, detail=message("found-instead", rows=PAYLOAD, row=PAYLOAD), diff=(DiffPart("same", PAYLOAD), DiffPart("row-only", PAYLOAD)),
                              citation=replace(c.citation, quote=PAYLOAD, section_title=PAYLOAD))
                      for c in evidence.citations)
    uncited = tuple(replace(u, quote=PAYLOAD) for u in evidence.uncited) + tuple(
        UncitedQuote("4-1-strategi", PAYLOAD, u.source, None) for u in evidence.uncited)
    warnings = (Problem(evidence.uncited[0].source, PAYLOAD, "warning"),
                warning(evidence.uncited[0].source, message("unused-code", code=PAYLOAD), "unused-code"))
    return hostile, Evidence(citations, tuple(uncited)), warnings


def mkdocs_build(tmp_path: Path, project, evidence, warnings, root: Path = CASE) -> Path:
    """Render, write a docs dir with the committed stylesheet, and build it with the project's mkdocs.yml."""
    docs, site = tmp_path / "docs", tmp_path / "site"
    for path, content in render(project, evidence, warnings, root=root).items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    (docs / "assets").mkdir(exist_ok=True)
    (docs / "assets/qualsite.css").write_bytes((ROOT / "docs/assets/qualsite.css").read_bytes())
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^docs_dir: .*$", f"docs_dir: {docs}", config)
    config = re.sub(r"(?m)^site_dir: .*$", f"site_dir: {site}", config)
    start = config.index("# --- qualsite nav:")
    end = config.index("# --- end qualsite nav ---\n") + len("# --- end qualsite nav ---\n")
    config = config[:start] + nav_yaml(project) + config[end:]
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tmp_path / "mkdocs.yml")],
                            capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


class Elements(HTMLParser):
    """Every start tag with its attributes, the text of scripts, and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag in ("script", "style")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def parse(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    return mkdocs_build(tmp_path_factory.mktemp("hostile"), *hostile_project())


def test_the_hostile_study_builds_strictly_into_every_page(hostile_site: Path):
    assert (hostile_site / "transcripts/r1/index.html").is_file()
    assert len(list(hostile_site.rglob("index.html"))) == 20  # 16 + analysis, co-occurrence and two code pairs


def test_no_payload_becomes_markup_on_any_page(hostile_site: Path):
    pages = [p for p in hostile_site.rglob("*.html")]
    for page in pages:
        parsed = parse(page)
        where = page.relative_to(hostile_site)
        for tag, attrs in parsed.tags:
            assert not [a for a in attrs if a.startswith("on")], (where, tag, attrs)
            assert attrs.get("id") not in ("evil", "evil2", "evil3"), (where, tag, attrs)
            for name in ("href", "src"):
                value = (attrs.get(name) or "").strip().lower()
                assert not value.startswith(("javascript:", "data:text")), (where, tag, attrs)
                assert "evil.example" not in value or tag == "a", (where, tag, attrs)
            if tag == "img":
                assert "evil" not in (attrs.get("src") or ""), (where, attrs)
            assert tag not in ("mark", "iframe", "object", "embed"), (where, tag)
            assert "alert" not in attrs.get("style", ""), (where, attrs)
        assert not any("alert(" in script for script in parsed.scripts), where
        titles = re.findall(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.DOTALL)
        assert len(titles) == 1 and "<" not in titles[0] and ">" not in titles[0], (where, titles)


def test_page_titles_and_menu_show_payloads_as_text(hostile_site: Path):
    page = (hostile_site / "transcripts/r1/index.html").read_text(encoding="utf-8")
    assert "<title>Intervju med Respondent 1 &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Tema 1: Strategi ‹script›alert(1)‹/script› ‹img src=x onerror=alert(2)›" in page  # the menu


def test_payloads_show_as_literal_text(hostile_site: Path):
    text = " ".join(parse(hostile_site / "transcripts/r1/index.html").text)
    assert "<script>alert(1)</script> <img src=x onerror=alert(2)> </div> # H | a | > q" in text
    assert '[x](javascript:alert(3)) *em* {: onclick="alert(4)" } {#evil} --8<-- "secret.txt"' in text
    finding = " ".join(parse(hostile_site / "findings/4-1-strategi/index.html").text)
    assert '<div onclick="alert(6)">raw</div>' in finding
    assert "<script>alert(5)</script>" in finding
    assert '{: onclick="alert(10)" } <img src=x onerror=alert(11)>' in finding


def test_citations_still_link_to_rows_in_the_built_site(hostile_site: Path):
    tags = parse(hostile_site / "findings/4-1-strategi/index.html").tags
    hrefs = [a.get("href", "") for t, a in tags if t == "a"]
    assert any(h.startswith("../../transcripts/r1/?cite=4-1-strategi.1#r1-2:~:text=") for h in hrefs)
    row = hostile_site / "transcripts/r1/index.html"
    assert 'id="r1-2"' in row.read_text(encoding="utf-8")


def test_previews_keep_quotes_angle_brackets_and_ampersands_as_text(hostile_site: Path):
    tags = parse(hostile_site / "findings/4-1-strategi/index.html").tags
    previews = [a for t, a in tags if t == "a" and a.get("href", "").startswith("../../transcripts/r1/?cite=4-1-strategi.1#")]
    assert previews and previews[0]["data-qs-who"] == "R1 – " + " ".join(PAYLOAD.split()) + " (Respondent)"
    shown = previews[0].get("data-qs-b", "") + previews[0].get("data-qs-q", "") + previews[0].get("data-qs-a", "")
    assert shown.startswith("Vi har en strategi för allt. <script>alert(1)</script> <img src=x onerror=alert(2)>")
    assert not [a for t, a in tags if t == "img" and a.get("src") == "x"], "data text must never become an element"
    assert [t for t, a in tags if t == "script" and not a.get("src")] == [
        t for t, a in parse(hostile_site / "index.html").tags if t == "script" and not a.get("src")]


def test_every_link_in_the_built_site_resolves(hostile_site: Path):
    assert dead_links(hostile_site) == []


def dead_links(site: Path) -> list[str]:
    """Internal links in the built HTML whose file or anchor does not exist."""
    ids: dict[Path, set[str]] = {}

    def ids_of(page: Path) -> set[str]:
        if page not in ids:
            ids[page] = {a["id"] for _, a in parse(page).tags if "id" in a}
        return ids[page]

    dead = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":  # links from the root (/), wherever the server shows it
            continue
        for tag, attrs in parse(page).tags:
            href = attrs.get("href") if tag == "a" else None
            if not href or re.match(r"^[a-z]+:", href) or href.startswith("//"):
                continue
            path, _, anchor = href.partition("#")
            path, anchor = path.partition("?")[0], anchor.partition(":~:")[0]  # as a browser reads the link
            target = (page.parent / path).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                dead.append(f"{page.relative_to(site)}: {href}")
            elif anchor and target.suffix == ".html" and anchor not in ids_of(target):
                dead.append(f"{page.relative_to(site)}: {href} (no #{anchor})")
    return dead
