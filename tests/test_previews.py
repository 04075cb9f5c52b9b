"""Evidence in context (issue 14): what a citation's preview carries, and where a row's marks go, on the thesis copy.

The preview and the marks select the words `selectors.cited_passages` selects; these tests pin what reaches the
page (attributes, offsets) and that data text in them stays text, whatever it holds.
"""

from __future__ import annotations

import html.parser
import json
import re
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from qualsite.build import gather
from qualsite.labels import EN, SV
from qualsite.render import render
from qualsite.render.previews import CONTEXT_CHARS, context_bounds, shown_offsets
from qualsite.render.text import html_text, one_line
from test_escaping import PAYLOADS, TEXT, render as markdown_render

ROOT = Path(__file__).resolve().parents[1]
THESIS = ROOT / "tests" / "cases" / "thesis"


@cache
def thesis_pages() -> dict[str, str]:
    project, evidence, problems = gather(THESIS / "data", root=THESIS)
    pages = render(project, evidence, [p for p in problems if p.severity == "warning"], root=THESIS)
    return {path: text for path, text in pages.items() if isinstance(text, str)}


class Links(html.parser.HTMLParser):
    """Every `<a>` of a page with its attributes (entities decoded, as a browser reads them)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append({k: v or "" for k, v in attrs})


def links(page: str) -> list[dict[str, str]]:
    parser = Links()
    parser.feed(thesis_pages()[page])
    return parser.links


def preview(page: str, ordinal: int, reference: str) -> dict[str, str]:
    """The attributes of the link of citation `ordinal` on `page` to row `reference` (`R1:12`)."""
    transcript, n = reference.split(":")
    anchor = f"#{transcript.lower()}-{n}"
    slug = page.removeprefix("findings/").removesuffix(".md")
    found = [a for a in links(page) if f"?cite={slug}.{ordinal}#" in a.get("href", "")
             and a["href"].split("#", 1)[1].startswith(anchor[1:])]
    assert len(found) == 1, found
    return found[0]


def row_text(transcript: str, n: int) -> str:
    """The shown text of a row on its transcript page, as a browser's `textContent` holds it."""
    page = thesis_pages()[f"transcripts/{transcript}.md"]
    block = page[page.index(f'<h3 id="{transcript}-{n}"'):]
    match = re.search(r'<p class="qs-row-text">(.*?)</p>', block)
    return html.unescape(match.group(1).replace("<br>", ""))


def back_links(transcript: str, n: int) -> dict[str, str]:
    """A row's "cited in" links: citation key → `data-qs-at`."""
    page = thesis_pages()[f"transcripts/{transcript}.md"]
    block = page[page.index(f'<h3 id="{transcript}-{n}"'):]
    block = block[:block.index("</div>")]
    parser = Links()
    parser.feed(block)
    return {a["data-qs-cite"]: a.get("data-qs-at", "") for a in parser.links if "data-qs-cite" in a}


def utf16_slice(text: str, at: str) -> str:
    start, end = (int(x) for x in at.split("-"))
    return text.encode("utf-16-le")[2 * start:2 * end].decode("utf-16-le")


def test_the_preview_of_r1_12_in_theme_3_shows_the_quoted_words_in_their_sentence():
    link = preview("findings/4-3-social-hallbarhet.md", 1, "R1:12")
    assert link["data-qs-who"] == "R1 (Respondent)"
    assert link["data-qs-st"] == "exact"
    assert link["data-qs-q"].startswith("digitalt utanförskap, hur ser vi liksom till att alla, alla är med")
    assert link["data-qs-q"].endswith("inte tar till sig digitaliseringens möjligheter")
    # about a sentence of context each side, not the row's opening ("Det är ju både…")
    assert link["data-qs-b"] == ("…av digitaliseringen. Sen har vi ju också ett problem där vi, eller kanske har ett "
                                 "annat ansvar än vad ett privat företag har, det handlar ju om det här med ")
    assert link["data-qs-a"] == ". Eh, så där har vi ju också ett ansvar som offentlig aktör att försöka driva dom frågorna"
    assert link["href"] == ("../../transcripts/r1/?cite=4-3-social-hallbarhet.1#r1-12:~:text="
                            "digitalt%20utanf%C3%B6rskap%2C%20hur%20ser,till%20sig%20digitaliseringens%20m%C3%B6jligheter")


def test_the_preview_of_a_differing_quote_carries_its_diff_shortened_around_the_change():
    link = preview("findings/4-1-strategi.md", 18, "R1:10")
    assert link["data-qs-st"] == "differs"
    assert "klimatomfattig hållbarhet" in link["data-qs-q"]
    assert json.loads(link["data-qs-diff"]) == [
        ["=", "… hållbarhet ekonomisk hållbarhet och"], ["-", "klimatmässig"], ["+", "klimatomfattig"],
        ["=", "hållbarhet Och vi jobbar …"],
    ]


def test_a_quote_with_an_omission_marks_from_its_first_to_its_last_quoted_word():
    link = preview("findings/4-1-strategi.md", 8, "R4:10")
    assert link["data-qs-q"].startswith("vi behöver förändra arbetssätt och minska")
    assert link["data-qs-q"].endswith("med hjälp av olika tekniker såsom RPA")


def test_a_citation_without_a_quote_previews_the_rows_opening_with_nothing_marked():
    project, evidence, _ = gather(THESIS / "data", root=THESIS)
    item = next(c for c in evidence.citations if c.status == "no-quote" and c.citation.document.startswith("4-"))
    row = item.rows[0]
    link = preview(f"findings/{item.citation.document}.md", item.citation.ordinal, row.label)
    assert "data-qs-q" not in link and "data-qs-a" not in link
    assert one_line(row.text).startswith(link["data-qs-b"].removesuffix("…"))
    assert ":~:" not in link["href"]


def test_each_quote_from_one_row_marks_its_own_words_on_the_transcript():
    marks = back_links("r1", 12)
    assert set(marks) == {"4-1-strategi.7", "4-3-social-hallbarhet.1"}
    text = row_text("r1", 12)
    assert utf16_slice(text, marks["4-3-social-hallbarhet.1"]).startswith("digitalt utanförskap, hur ser vi liksom")
    assert utf16_slice(text, marks["4-1-strategi.7"]).startswith("för att effektivisera och rationalisera")
    two = back_links("r3", 24)
    assert utf16_slice(row_text("r3", 24), two["4-3-social-hallbarhet.7"]).startswith("det gäller att när man")
    assert utf16_slice(row_text("r3", 24), two["4-3-social-hallbarhet.8"]).startswith("biblioteken till exempel")


def test_every_mark_on_every_transcript_holds_the_words_its_preview_marks():
    checked = 0
    for page in thesis_pages():
        if not page.startswith("findings/") or page == "findings/index.md":
            continue
        for link in links(page):
            if "data-qs-q" not in link or "…" in link["data-qs-q"]:
                continue
            transcript, rest = link["href"].removeprefix("../../transcripts/").split("/?cite=")
            key, anchor = rest.split("#")
            n = int(anchor.partition(":~:")[0].split("-")[1])
            assert one_line(utf16_slice(row_text(transcript, n), back_links(transcript, n)[key])) == link["data-qs-q"]
            checked += 1
    assert checked > 50


def test_no_english_label_in_the_swedish_previews_and_rows():
    english = {v for v in vars(EN).values() if v not in vars(SV).values() and len(v) > 3}
    said = []
    for path, page in thesis_pages().items():
        for name, value in re.findall(r'\b(data-(?:qs-who|qs-back|preview|open|close|diff|quote-only|row-only))'
                                      r'="([^"]*)"', page):
            said.append((path, value))
        said += [(path, v) for v in re.findall(r'<span class="qs-(?:speaker[^"]*|label)">([^<]*)</span>', page)]
    assert said and [(p, v) for p, v in said if any(word in v for word in english)] == []


def test_the_preview_script_says_nothing_of_its_own():
    script = (ROOT / "docs/assets/qualsite-previews.js").read_text(encoding="utf-8")
    for table in (SV, EN):
        for word in (table.preview_of, table.preview_open_row, table.preview_close, table.back_to_quote, table.diff,
                     table.only_in_quote, table.only_in_row, table.status_exact, table.status_differs):
            assert word not in script, f"{word!r} belongs in qualsite/labels.py"


# --- Whatever the row holds --------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(TEXT, st.data())
def test_a_rows_marks_land_on_the_words_the_browser_shows(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    shown = "".join(markdown_render(f'<p class="qs-row-text">{html_text(text)}</p>').text).replace("\n", "")
    s, e = shown_offsets(text, start, end)
    words = shown.encode("utf-16-le")[2 * s:2 * e].decode("utf-16-le")
    assert one_line(words) == one_line(html_text_free(text[start:end]))


def html_text_free(text: str) -> str:
    """What `html_text` shows of a piece of a row: its characters, less the control characters it drops."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\r\n]", "", text)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.data())
def test_the_context_stays_near_the_passage_and_around_it(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    first, last = context_bounds(text, start, end)
    assert 0 <= first <= start <= end <= last <= len(text)
    assert start - first <= CONTEXT_CHARS and last - end <= CONTEXT_CHARS


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PAYLOADS), min_size=1, max_size=6).map(" ".join))
def test_preview_attributes_never_become_markup(payload):
    from qualsite.render.previews import _attributes

    attrs = {"href": "#r1-1", "class_": "qs-ref", "data_qs_who": one_line(payload), "data_qs_b": one_line(payload) + " ",
             "data_qs_q": one_line(payload), "data_qs_a": " " + one_line(payload)}
    page = markdown_render(f"<p><a{_attributes(attrs)}>R1:1</a></p>")
    assert [tag for tag, _ in page.tags] == ["p", "a"]
    assert dict(page.tags[1][1]) == {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
