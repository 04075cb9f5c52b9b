"""Escaping: how untrusted text from `data/` reaches a page as the literal text the researcher wrote.

Every page is Markdown that MkDocs (Python-Markdown) turns into HTML. Text from
data goes through exactly one of these doors:

- `html_text` / `html_attr`: inside raw HTML blocks that the renderers build.
  Python-Markdown does not look for Markdown inside a block-level HTML element
  (no `markdown="1"` is ever written), so escaping `&`, `<`, `>` and quotes is
  all it takes: Markdown, attr_list and extension syntax stay text.
- `md_text`: in Markdown context (headings, so that they reach the table of
  contents). Every ASCII punctuation character becomes a numeric character
  reference (`#` → `&#35;`), so no Markdown, attr_list or extension syntax can
  start, and whitespace collapses to single spaces so no block can start either.
"""

from __future__ import annotations

import functools
import html
import json
import re
import string

_PUNCTUATION = frozenset(string.punctuation)
_WHITESPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """`text` with line endings normalised to `\\n` and control characters dropped (they are not valid in HTML)."""
    if text.isprintable():
        return text  # no line ending, no control character: decided in C, without the pattern
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text: str) -> str:
    """`text` with every run of whitespace, newlines included, collapsed to one space."""
    if text.isprintable() and "  " not in text and text.strip(" ") == text:
        return text  # the common case, decided in C: nothing to collapse, drop or strip
    return _WHITESPACE.sub(" ", clean(text)).strip()


def html_text(text: str) -> str:
    """Text for the content of a raw HTML element, on one source line: newlines become `<br>`."""
    text = clean(text).strip("\n").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A tab as a character reference: Python-Markdown expands raw tabs to spaces, which would move every offset
    # the preview script counts in the row's text (`previews.shown_offsets`). Escaping leaves line breaks alone,
    # so the whole text is escaped at once and its breaks become `<br>` after.
    return text.replace("\t", "&#9;").replace("\n", "<br>")


def html_inline(text: str) -> str:
    """Text for the content of a raw HTML element, whitespace collapsed."""
    # `one_line` and `html.escape(quote=False)` written out: this runs about a million times for a large corpus.
    if not (text.isprintable() and "  " not in text and text.strip(" ") == text):
        text = _WHITESPACE.sub(" ", clean(text)).strip()
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_fragment(text: str) -> str:
    """A piece of running text for raw HTML: escaped, whitespace runs collapsed but kept at the ends."""
    return html.escape(_WHITESPACE.sub(" ", clean(text)), quote=False)


def html_attr(text: str) -> str:
    """Text for a double-quoted HTML attribute value."""
    # `one_line` and `html.escape(quote=True)` written out, in html.escape's order (`&` first): it runs about a
    # million times for a large corpus, and the two calls it saves were most of its cost.
    if not (text.isprintable() and "  " not in text and text.strip(" ") == text):
        text = _WHITESPACE.sub(" ", clean(text)).strip()
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("\'", "&#x27;"))


def md_text(text: str) -> str:
    """Text for Markdown context, with every ASCII punctuation character as a numeric reference (`&#35;`)."""
    return one_line(text).translate(_MD_REFERENCES)


_MD_REFERENCES = str.maketrans({ch: f"&#{ord(ch)};" for ch in _PUNCTUATION})


_TEMPLATE_SAFE = str.maketrans({"<": "‹", ">": "›", "&": "＆", '"': "”", "'": "’"})


def template_safe(text: str) -> str:
    """Text for places the theme prints without escaping, sometimes after `striptags` (which un-escapes):
    nav titles. No escaping survives both, so the five HTML-significant characters become look-alikes."""
    return one_line(text).translate(_TEMPLATE_SAFE)


def front_matter_title(text: str) -> str:
    """A YAML front matter block setting the page's `title`, HTML-escaped: the theme prints `page.meta.title`
    unescaped into `<title>` and the header, so escaped entities show as the literal text."""
    return "---\ntitle: " + json.dumps(html.escape(one_line(text), quote=True), ensure_ascii=False) + "\n---\n\n"


def excerpt(text: str, limit: int = 120) -> str:
    """The first `limit` characters of `text` on one line, cut at a word boundary, with `…` when cut."""
    flat = one_line(text)
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:") + "…"


def element(tag: str, content_html: str, **attrs: str) -> str:
    """`<tag attr="…">content</tag>`; attribute values are escaped, content must already be HTML.

    A trailing underscore in an attribute name is dropped (`class_` → `class`).
    Attributes whose value is empty are left out.
    """
    rendered = ""
    for name, value in attrs.items():  # a loop, not a generator: half a million elements for a large corpus
        if value:
            rendered += f' {_attribute_name(name)}="{html_attr(value)}"'
    return f"<{tag}{rendered}>{content_html}</{tag}>"


@functools.cache
def _attribute_name(keyword: str) -> str:
    """`class_` → `class`, `data_qs_at` → `data-qs-at`: a few dozen names, asked for half a million times."""
    return keyword.rstrip("_").replace("_", "-")
