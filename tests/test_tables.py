"""Tables, heat maps and the codebook (issue 16): the colour steps and their legends, the colours' contrast in both
schemes as the stylesheet writes them, the c-coefficient rule, and the codebook's notes, swatches, passages and
citations, rendered from a tiny study; everything from data escaped."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from qualsite import urls
from qualsite.analysis import tabulate
from qualsite.model import Codebook
from qualsite.render import heat, render
from test_render_study import CASE, tiny_evidence, tiny_project

ROOT = Path(__file__).resolve().parents[1]
TABLES_CSS = (ROOT / "docs" / "assets" / "qualsite-tables.css").read_text(encoding="utf-8")


# --- Colour steps ----------------------------------------------------------------------------------------------


@settings(deadline=None)  # no timing asserts: a busy machine must not fail these
@given(st.integers(1, 5000), st.data())
def test_a_larger_count_never_gets_a_lighter_step(most, data):
    a = data.draw(st.integers(0, most))
    b = data.draw(st.integers(a, most))
    assert 0 <= heat.step(a, most) <= heat.step(b, most) <= heat.STEPS
    assert (heat.step(a, most) == 0) == (a == 0)
    assert heat.step(most, most) == heat.STEPS


def test_sixteen_and_ten_of_nineteen_fall_in_different_steps():
    assert heat.step(16, 19) == 5 and heat.step(10, 19) == 3


@settings(deadline=None)  # no timing asserts: a busy machine must not fail these
@given(st.integers(1, 3000))
def test_the_count_legend_says_exactly_which_counts_each_step_holds(most):
    legend = heat.count_legend(most)
    steps = [k for k, _, _ in legend]
    assert steps == sorted(set(steps)) and steps[-1] == heat.STEPS
    covered = []
    for k, lo, hi in legend:
        assert all(heat.step(n, most) == k for n in range(lo, hi + 1))
        covered.extend(range(lo, hi + 1))
    assert covered == list(range(1, most + 1))


@settings(deadline=None)  # no timing asserts: a busy machine must not fail these
@given(st.floats(0, 1), st.floats(0, 1))
def test_c_and_percentage_steps_are_monotone(x, y):
    x, y = min(x, y), max(x, y)
    assert heat.c_step(x) <= heat.c_step(y)
    assert heat.percent_step(round(100 * x)) <= heat.percent_step(round(100 * y))


def test_percentages_round_but_never_turn_a_row_into_zero():
    assert heat.percent(1, 1000) == 1 and heat.percent(0, 10) == 0 and heat.percent(19, 56) == 34


def test_c_is_shown_only_where_both_codes_are_common_and_share_rows():
    assert heat.c_says_something(5, 5, 3)
    assert not heat.c_says_something(4, 50, 3)
    assert not heat.c_says_something(50, 50, 2)


# --- The stylesheet's colours ----------------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i: i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _ramp(block: str) -> list[tuple[str, str]]:
    found = dict(re.findall(r"--qs-heat-(\d(?:-fg)?):\s*(#[0-9a-f]{6})", block))
    return [(found[str(k)], found[f"{k}-fg"]) for k in range(1, heat.STEPS + 1)]


def test_every_step_keeps_its_number_readable_and_the_ramp_is_even_in_both_schemes():
    light = _ramp(TABLES_CSS.split(":root {", 1)[1].split("}", 1)[0])
    dark = _ramp(TABLES_CSS.split('[data-md-color-scheme="slate"] {', 1)[1].split("}", 1)[0])
    for ramp, background, more_is in ((light, "#ffffff", "darker"), (dark, "#1e2029", "lighter")):
        for fill, text in ramp:
            assert _contrast(fill, text) >= 4.5, (fill, text)
        lightness = [_luminance(fill) for fill, _ in ramp]
        ordered = sorted(lightness, reverse=more_is == "darker")
        assert lightness == ordered, f"the {more_is} the cell, the more rows: {ramp}"
        assert _contrast(ramp[-1][0], background) > _contrast(ramp[0][0], background)


# --- Pages of a tiny study -------------------------------------------------------------------------------------


def _pages(project=None):
    project = project or tiny_project()
    return render(project, tiny_evidence(project), [], root=CASE)


def test_the_codebook_says_when_it_has_no_descriptions_and_drops_the_empty_column():
    project = tiny_project()
    bare = replace(project, codebook=Codebook(tuple(
        replace(area, codes=tuple(replace(code, description="") for code in area.codes))
        for area in project.codebook.areas), project.codebook.source))
    pages = _pages(bare)
    index = pages[urls.CODEBOOK_INDEX]
    assert "Kodboken har inga beskrivningar av koderna" in index
    assert "<th>Beskrivning</th>" not in index
    assert "Kodboken har ingen beskrivning av koden." in pages[urls.code_page("DIGMED")]
    described = _pages()
    assert "<th>Beskrivning</th>" in described[urls.CODEBOOK_INDEX]
    assert "När kommunen digitaliserar för invånare." in described[urls.code_page("DIGMED")]
    assert "Kodboken har ingen beskrivning av koden." in described[urls.code_page("KOM")]


def test_an_area_colour_is_a_swatch_named_in_text_not_a_hex_code_on_show():
    index = _pages()[urls.CODEBOOK_INDEX]
    assert "<code>#1565c0</code>" not in index
    assert 'class="qs-swatch qs-swatch--large" style="--qs-area: #1565c0" title="Färg #1565c0"' in index
    assert '<span class="qs-visually-hidden">Färg #1565c0</span>' in index


def test_a_cited_row_is_listed_once_per_section_with_further_citations_numbered():
    project = tiny_project()
    evidence = tiny_evidence(project)
    first = evidence.citations[0]
    twice = replace(evidence, citations=(first, replace(first, citation=replace(first.citation, ordinal=99)),
                                         *evidence.citations[1:]))
    pages = render(project, twice, [], root=CASE)
    section = pages[urls.code_page("DIGMED")].split("{ #cited-sections }", 1)[1].split("\n## ", 1)[0]
    label = first.rows[0].label
    assert section.count(f">{label}</a>") == 1, section
    assert f'aria-label="{label} (2)"' in section and "#quote-99" in section and "qs-row-cites" in section


def test_a_code_page_shows_the_whole_coded_row_and_folds_a_long_one():
    long_text = " ".join(f"ord{i}" for i in range(200)) + " SLUTET"
    pages = _pages(tiny_project(row_text_r1_2=long_text))
    page = pages[urls.code_page("DIGMED")]
    assert "SLUTET" in page  # the coded passage, not only its opening words
    assert '<details class="qs-excerpt qs-passage"><summary>' in page
    assert '<span class="qs-excerpt qs-passage">Det går bra, tycker jag.</span>' in page


HOSTILE = '<img src=x onerror=alert(1)> "q" & {#x}'


def test_labels_descriptions_and_names_from_data_are_escaped_in_every_new_place():
    project = tiny_project()
    codebook = Codebook(tuple(
        replace(area, name=HOSTILE, description=HOSTILE,
                codes=tuple(replace(code, label=HOSTILE, description=HOSTILE) for code in area.codes))
        for area in project.codebook.areas), project.codebook.source)
    participants = tuple(replace(p, role=HOSTILE, organisation=HOSTILE) for p in project.participants)
    pages = _pages(replace(project, codebook=codebook, participants=participants))
    for path in (urls.CODEBOOK_INDEX, urls.code_page("DIGMED"), urls.COOCCURRENCE, urls.ANALYSIS_INDEX,
                 urls.TRANSCRIPTS_INDEX, urls.PARTICIPANTS_INDEX):
        assert "<img" not in pages[path], path
        assert "&lt;img src=x onerror=alert(1)&gt;" in pages[path], path


def test_index_pages_and_heat_maps_hide_the_empty_table_of_contents_and_sort():
    pages = _pages()
    for path in (urls.TRANSCRIPTS_INDEX, urls.PARTICIPANTS_INDEX, urls.COOCCURRENCE, urls.ANALYSIS_INDEX):
        assert pages[path].startswith("---\ntitle: ") and "\nhide:\n  - toc\n---\n" in pages[path], path
    for path in (urls.TRANSCRIPTS_INDEX, urls.PARTICIPANTS_INDEX):
        assert 'data-qs-sort="Sortera efter"' in pages[path] and 'data-qs-filter="Filtrera tabellen"' in pages[path]


def test_every_heat_cell_carries_its_percentage_of_the_right_whole():
    project = tiny_project()
    pages = _pages(project)
    tab = tabulate(project)
    table = pages[urls.COOCCURRENCE].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = [c.id for c in project.codebook.codes]
    lines = re.findall(r"<tr[^>]*>(.*?)</tr>", table)
    assert len(lines) == len(rows)
    for a, line in zip(rows, lines):
        cells = re.findall(r"<td ([^>]*)>(.*?)</td>", line)
        assert len(cells) == len(rows)
        for attrs, content in cells:
            count = int(re.sub(r"<[^>]+>", "", content))
            pct = re.search(r'data-pct="(\d+)\s?%" data-pct-step="(\d)"', attrs)
            if count == 0:  # a zero carries nothing: it reads 0 either way
                assert pct is None and "qs-heat--zero" in attrs
                continue
            assert int(pct.group(1)) == heat.percent(count, tab.code_total(a))
            assert int(pct.group(2)) == heat.percent_step(int(pct.group(1))) or "diagonal" in attrs
