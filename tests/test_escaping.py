"""Property tests: whatever text the data holds, a page shows exactly that text and no markup.

The pages go through Python-Markdown with the site's own extensions, as MkDocs renders them, and the HTML that
comes out is parsed back: it must hold only the elements the renderer wrote, with the original text inside.
"""

from __future__ import annotations

import html.parser

import markdown
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pathlib import Path

from qualsite.render.text import html_attr, html_text, md_text, one_line

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))


def extensions() -> tuple[list, dict]:
    names, options = [], {}
    for entry in CONFIG["markdown_extensions"]:
        name, settings_ = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        names.append(name)
        options[name] = settings_ or {}
    return names, options


NAMES, OPTIONS = extensions()

# Payloads a hostile or careless data file might hold, mixed into arbitrary text.
PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</div>", "# heading", "| a | b |",
            "[x](javascript:alert(1))", "{: onclick=alert(1) }", "{#id}", "*em*", "`code`", "&amp;", "> quote",
            "1. list", "---", "==mark==", ":smile:", "<!-- c -->", "\\", "[^1]", "![i](http://example.com/i.png)"]
TEXT = st.lists(st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=40)), max_size=8).map(" ".join)


class Collect(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.text: list[str] = []
        self.in_permalink = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self.in_permalink = ("class", "headerlink") in attrs  # the toc extension's ¶, not the data's text
        if tag == "br":
            self.text.append("\n")

    def handle_endtag(self, tag):
        self.in_permalink = False

    def handle_data(self, data):
        if not self.in_permalink:
            self.text.append(data)


def render(source: str) -> Collect:
    collected = Collect()
    collected.feed(markdown.markdown(source, extensions=NAMES, extension_configs=OPTIONS))
    collected.close()
    return collected


def visible(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_text_in_a_raw_html_block_stays_text(text):
    page = render(f'<p class="qs-row-text">{html_text(text)}</p>')
    assert [tag for tag, _ in page.tags if tag != "br"] == ["p"]
    assert visible("".join(page.text)) == visible(one_line(text))


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_text_in_an_attribute_cannot_leave_it(text):
    page = render(f'<p><a href="#r1-1" title="{html_attr(text)}">R1:1</a></p>')
    assert [tag for tag, _ in page.tags] == ["p", "a"]
    assert page.tags[1][1] == [("href", "#r1-1"), ("title", one_line(text))]


@settings(max_examples=300, deadline=None)
@given(TEXT.filter(lambda t: one_line(t) != ""))
def test_text_in_a_markdown_heading_stays_text(text):
    page = render(f"## {md_text(text)} {{ #safe-id }}")
    assert [tag for tag, _ in page.tags if tag != "a"] == ["h2"]
    assert ("id", "safe-id") in page.tags[0][1]
    assert visible("".join(page.text)) == visible(one_line(text))
