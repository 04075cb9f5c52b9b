"""The tools of a transcript page (filter, find, cited rows) as rendered: hidden until the script runs, counts
taken from the rows, every row carrying the data attributes the filter compares, and data text escaped."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from html.parser import HTMLParser

from qualsite import urls
from qualsite.render import render
from qualsite.render.transcript_tools import LONG, row_attributes
from test_render_study import CASE, WARNINGS, tiny_evidence, tiny_project


class Elements(HTMLParser):
    """Every start tag of a page as (tag, attributes), and the text of each <option>."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.options: list[tuple[str, str]] = []
        self._option: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "option":
            self._option = dict(attrs).get("value") or ""
            self.options.append((self._option, ""))

    def handle_data(self, data):
        if self._option is not None:
            value, text = self.options[-1]
            self.options[-1] = (value, text + data)

    def handle_endtag(self, tag):
        if tag == "option":
            self._option = None


def parsed(page: str) -> Elements:
    elements = Elements()
    elements.feed(page)
    return elements


def transcript_pages(project=None) -> dict[str, str]:
    project = project or tiny_project()
    pages = render(project, tiny_evidence(project), WARNINGS, root=CASE)
    return {t.id: pages[urls.transcript_page(t)] for t in project.transcripts}


def test_row_attributes_are_escaped_and_leave_out_what_a_row_lacks():
    assert row_attributes((), "PK", False) == ' data-speaker="PK"'
    assert row_attributes(("KOM", "MHÅLL"), "R1", True) == ' data-speaker="R1" data-codes="KOM MHÅLL" data-cited="1"'
    hostile = row_attributes(('A"><script>',), '" onmouseover="x', False)
    assert hostile == ' data-speaker="&quot; onmouseover=&quot;x" data-codes="A&quot;&gt;&lt;script&gt;"'


def test_every_row_carries_its_speaker_codes_and_whether_it_is_cited():
    project = tiny_project()
    evidence = tiny_evidence(project)
    cited = {(row.transcript, row.n, row.occurrence) for c in evidence.citations for row in c.rows if row is not None}
    for transcript in project.transcripts:
        page = transcript_pages(project)[transcript.id]
        rows = [attrs for tag, attrs in parsed(page).tags if tag == "div" and "data-speaker" in attrs]
        assert [a["data-speaker"] for a in rows] == [row.speaker for row in transcript.rows]
        assert [a.get("data-codes", "") for a in rows] == [" ".join(row.codes) for row in transcript.rows]
        marked = [a.get("data-cited") == "1" for a in rows]
        shown = [bool(re.search(r'class="qs-row-cited"', block)) for block in page.split('<div class="qs-row ')[1:]]
        assert marked == shown, "a row is marked cited exactly when it lists where it is cited"
        assert marked == [(transcript.id, row.n, row.occurrence) in cited for row in transcript.rows]
        assert any(marked) and not all(marked)


def test_the_tools_are_hidden_until_the_script_runs_and_count_the_rows():
    project = tiny_project()
    for transcript in project.transcripts:
        page = transcript_pages(project)[transcript.id]
        tags = parsed(page).tags
        tools = next(attrs for tag, attrs in tags if attrs.get("class") == "qs-tx-tools")
        bar = next(attrs for tag, attrs in tags if attrs.get("class") == "qs-tx-bar")
        assert "hidden" in tools and "hidden" in bar
        assert tools["data-rows"] == str(len(transcript.rows)) and "data-long" not in tools
        codes = Counter(code for row in transcript.rows for code in set(row.codes))
        speakers = Counter(row.speaker for row in transcript.rows)
        values = [value for value, _ in parsed(page).options]
        assert values == ["", *[c for c in project_code_order(project) if c in codes], "",
                          *[s.id for s in transcript.speakers if s.id in speakers]]
        for value, text in parsed(page).options:
            if value in codes:
                assert text.endswith(f" ({codes[value]})") and text.startswith(f"{value} – ")
            elif value in speakers:
                assert text.endswith(f" ({speakers[value]})") and text.startswith(value)
        assert [text for value, text in parsed(page).options if not value] == ["Alla koder", "Alla talare"]
        every = {attrs.get("aria-label") for tag, attrs in tags if tag in ("button", "input")}
        assert {"Sök i intervjun", "Föregående träff", "Nästa träff", "Föregående citerade rad",
                "Nästa citerade rad"} <= every, "every control has an accessible name"


def project_code_order(project) -> list[str]:
    return [code.id for area in project.codebook.areas for code in area.codes]


def test_a_long_transcript_is_marked_so_the_browser_may_skip_rows_off_screen():
    project = tiny_project()
    first = project.transcripts[0]
    template = first.rows[0]
    rows = tuple(replace(template, n=n, occurrence=1) for n in range(1, LONG + 2))
    long = replace(project, transcripts=(replace(first, rows=rows), *project.transcripts[1:]))
    page = transcript_pages(long)[first.id]
    tools = next(attrs for tag, attrs in parsed(page).tags if attrs.get("class") == "qs-tx-tools")
    assert "data-long" in tools and tools["data-rows"] == str(LONG + 1)


def test_code_labels_and_speaker_labels_stay_text_in_the_filter():
    project = tiny_project()
    payload = '<script>alert(1)</script> "quoted" & more'
    areas = tuple(replace(a, codes=tuple(replace(c, label=payload) for c in a.codes)) for a in project.codebook.areas)
    transcripts = tuple(replace(t, speakers=tuple(replace(s, label=payload) for s in t.speakers))
                        for t in project.transcripts)
    hostile = replace(project, codebook=replace(project.codebook, areas=areas), transcripts=transcripts)
    page = transcript_pages(hostile)[project.transcripts[0].id]
    elements = parsed(page)
    assert "script" not in [tag for tag, _ in elements.tags]
    texts = [text for value, text in elements.options if value]
    assert texts and all(payload in text for text in texts), texts
