"""The analysis views: every number recomputed independently from the published `downloads/segments.csv`, every
cell link followed to exactly the rows it counts, and a synthetic study of 100 participants split into small pages."""

from __future__ import annotations

import csv
import html
import io
import posixpath
import random
import re
import time
from dataclasses import replace
from itertools import combinations
from pathlib import Path

import pytest

from qualsite import urls
from qualsite.analysis import citations_by_code, tabulate
from qualsite.build import gather
from qualsite.model import Evidence, Row, Source, Speaker, Transcript, Participant
from qualsite.render import render
from test_render import broken_links
from test_render_safety import mkdocs_build
from test_render_study import CASE as TINY_CASE, tiny_project

ROOT = Path(__file__).parents[1]
THESIS = ROOT / "tests" / "cases" / "thesis"
"""The tests\' own copy of the thesis, laid out as a project; no test reads the researcher\'s data/."""
TAG = re.compile(r"<[^>]+>")
HREF = re.compile(r'href="([^"]*)"')


# --- Reading the published pages ------------------------------------------------------------------------------


def text(cell_html: str) -> str:
    return html.unescape(TAG.sub("", cell_html)).strip()


def follow(pages: dict, page: str, href: str) -> tuple[str, str]:
    """The page source and anchor a raw-HTML link on `page` points at (directory URLs, as MkDocs serves them)."""
    path, _, anchor = href.partition("#")
    if not path:
        return page, anchor
    url = posixpath.normpath(posixpath.join(urls.site_url(page), path))
    url = "" if url == "." else url
    for candidate in ((url + "/index.md") if url else "index.md", url + ".md"):
        if candidate in pages:
            return candidate, anchor
    raise AssertionError(f"{page}: {href} leads to no page")


def section(page_text: str, anchor: str) -> str:
    """The part of a page from the heading with this anchor to the next heading of level 2."""
    start = page_text.index(f"{{ #{anchor} }}")
    end = page_text.find("\n## ", start)
    return page_text[start: end if end != -1 else len(page_text)]


def row_anchors(fragment: str) -> list[str]:
    """The transcript-row anchors linked with class `qs-ref` in a piece of a page."""
    return [HREF.search(a).group(1).split("#")[1] for a in re.findall(r'<a href="[^"]*transcripts/[^"]*"[^>]*class="qs-ref"', fragment)]


def table_rows(page_text: str, table_class: str, nth: int = 0) -> tuple[list[str], list[tuple[str, list[tuple[str, str]]]]]:
    """(column headings, [(row heading, [(cell class, cell html)])]) of the nth table with `table_class`."""
    tables = re.findall(rf'<table class="[^"]*\b{table_class}\b[^"]*">(.*?)</table>', page_text, re.S)
    body = tables[nth]
    head = [text(h) for h in re.findall(r"<th scope=\"col\">(.*?)</th>", body.split("</thead>")[0])]
    lines = []
    for line in re.findall(r"<tr[^>]*>(.*?)</tr>", body.split("</thead>")[1].split("<tfoot>")[0]):
        heading = re.search(r'<th scope="row">(.*?)</th>', line)
        if heading:  # the code's id; the label printed beside it is not part of the name
            name = text(re.sub(r'<span class="qs-code-label">.*?</span>', "", heading.group(1)))
            lines.append((name, re.findall(r'<td class="([^"]*)"[^>]*>(.*?)</td>', line)))
    return head, lines


# --- Recomputing from the published CSV -------------------------------------------------------------------------


def csv_rows(segments: str) -> list[tuple[str, str, list[str]]]:
    """(transcript, row anchor, codes) per line of segments.csv; a number printed twice gets `-2`, like the site."""
    seen: dict[tuple[str, str], int] = {}
    result = []
    for line in csv.DictReader(io.StringIO(segments)):
        key = (line["transcript"], line["row"])
        seen[key] = seen.get(key, 0) + 1
        anchor = f"{line['transcript'].lower()}-{line['row']}" + (f"-{seen[key]}" if seen[key] > 1 else "")
        codes = [c.strip() for c in line["codes"].split(";") if c.strip()]
        result.append((line["transcript"], anchor, codes))
    return result


@pytest.fixture(scope="module")
def thesis():
    project, evidence, problems = gather(THESIS / "data", root=THESIS)
    pages = render(project, evidence, [p for p in problems if p.severity == "warning"], root=THESIS)
    return project, evidence, pages


@pytest.fixture(scope="module")
def expected(thesis):
    """Cells and pairs recomputed from downloads/segments.csv alone."""
    _, _, pages = thesis
    cells: dict[tuple[str, str], set[str]] = {}
    pairs: dict[frozenset, set[str]] = {}
    totals: dict[str, int] = {}
    for transcript, anchor, codes in csv_rows(pages[urls.SEGMENTS_CSV]):
        for code in codes:
            cells.setdefault((code, transcript), set()).add(anchor)
            totals[code] = totals.get(code, 0) + 1
        for a in codes:
            for b in codes:
                if a < b:
                    pairs.setdefault(frozenset((a, b)), set()).add(anchor)
    return cells, pairs, totals


def test_the_thesis_figures_quoted_in_the_issue(expected):
    cells, pairs, totals = expected
    assert len(pairs[frozenset(("DIGMED", "SHÅLL"))]) == 19
    assert totals["DIGMED"] == 56 and totals["SHÅLL"] == 35
    assert len(cells[("DIGMED", "R2")]) == 16


def test_every_matrix_cell_and_total_is_exact_and_links_to_exactly_its_rows(thesis, expected):
    project, _, pages = thesis
    cells, _, totals = expected
    page = urls.ANALYSIS_INDEX
    head, lines = table_rows(pages[page], "qs-matrix")
    participants = [t.id for t in project.transcripts]
    assert head == ["Kod", *participants, "Totalt"]
    assert [code for code, _ in lines] == [c.id for c in project.codebook.codes]
    for code, row in lines:
        values = [text(cell) for _, cell in row]
        for participant, (cls, cell) in zip(participants, row):
            rows = cells.get((code, participant), set())
            assert int(text(cell)) == len(rows), (code, participant)
            if not rows:
                assert "href" not in cell
                continue
            target, anchor = follow(pages, page, HREF.search(cell).group(1))
            assert (target, anchor) == (urls.code_page(code), f"interview-{participant.lower()}")
            assert sorted(row_anchors(section(pages[target], anchor))) == sorted(rows), (code, participant)
        assert int(values[-1]) == totals.get(code, 0)
    foot = re.search(r"<tfoot>(.*?)</tfoot>", pages[page], re.S).group(1)
    column_totals = [int(text(c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", foot)]
    assert column_totals == [sum(len(cells.get((c.id, p), ())) for c in project.codebook.codes) for p in participants] + [
        sum(totals.values())]


def test_every_cooccurrence_cell_is_exact_and_links_to_exactly_its_rows(thesis, expected):
    project, _, pages = thesis
    _, pairs, totals = expected
    page = urls.COOCCURRENCE
    codes = [c.id for c in project.codebook.codes]
    head, lines = table_rows(pages[page], "qs-cooccurrence", 0)
    assert head == ["Kod", *codes]
    checked = 0
    for a, row in lines:
        for b, (cls, cell) in zip(codes, row):
            if a == b:
                assert int(text(cell)) == totals[a] and "qs-heat--diagonal" in cls
                continue
            rows = pairs.get(frozenset((a, b)), set())
            assert int(text(cell)) == len(rows), (a, b)
            if rows:
                target, _ = follow(pages, page, HREF.search(cell).group(1))
                assert target == urls.pair_page(a, b)
                assert sorted(row_anchors(pages[target])) == sorted(rows), (a, b)
                checked += 1
    assert checked == 2 * len(pairs)  # both halves of the symmetric table
    _, c_lines = table_rows(pages[page], "qs-cooccurrence", 1)
    for a, row in c_lines:
        for b, (_, cell) in zip(codes, row):
            if a != b:
                n12 = len(pairs.get(frozenset((a, b)), ()))
                if min(totals[a], totals[b]) < 5 or n12 < 3:  # too few rows for c to say anything: a dot
                    assert text(cell) == "·", (a, b)
                    continue
                assert text(cell) == f"{n12 / (totals[a] + totals[b] - n12):.2f}".replace(".", ","), (a, b)


def test_the_page_names_its_normalised_measure(thesis):
    page = thesis[2][urls.COOCCURRENCE]
    assert "c = n12 / (n1 + n2 − n12)" in page and "ATLAS.ti" in page and "Jaccard" in page
    assert 'title="DIGMED och SHÅLL: 19 rader, c = 0,26"' in page


def test_a_code_page_lists_the_codes_it_shares_most_rows_with(thesis, expected):
    project, _, pages = thesis
    _, pairs, _ = expected
    page = pages[urls.code_page("DIGMED")]
    listed = re.findall(r'>([A-ZÅÄÖ]+)</a></td><td>[^<]*</td><td><a href="([^"]+)">(\d+)</a>', section(page, "co-occurrence"))
    counts = sorted(((len(rows), "".join(sorted(pair - {"DIGMED"}))) for pair, rows in pairs.items() if "DIGMED" in pair),
                    reverse=True)
    assert [int(n) for _, _, n in listed] == [n for n, _ in counts[:5]]
    assert listed[0][:2] == ("SHÅLL", "../../analysis/pairs/digmed/shall/")


def test_a_code_page_links_every_citation_of_a_row_carrying_it(thesis):
    project, evidence, pages = thesis
    documents = {d.slug: d for d in project.documents}
    for code in project.codebook.codes:
        page = urls.code_page(code)
        cited = section(pages[page], "cited-sections")
        links = set(HREF.findall(cited))
        want = {urls.href(page, urls.document_page(documents[item.citation.document]),
                          urls.quote_anchor(item.citation.ordinal))
                for item in evidence.citations if any(r is not None and code.id in r.codes for r in item.rows)}
        assert links == want, code.id
        for href in links:  # each link lands on the start of a quote that exists
            target, anchor = follow(pages, page, href)
            assert f'id="{anchor}"' in pages[target]
    assert "../../findings/4-1-strategi/#quote-1" in section(pages["codebook/kom.md"], "cited-sections")


def test_a_profile_shows_each_areas_share_of_the_participants_codings(thesis, expected):
    project, _, pages = thesis
    cells, _, _ = expected
    for participant in project.participants:
        counts = {a.name: sum(len(cells.get((c.id, participant.id), ())) for c in a.codes) for a in project.codebook.areas}
        total = sum(counts.values())
        shares = re.findall(r'<a href="[^"]*#area-[^"]*">([^<]+)</a></td><td>(\d+)</td><td><span class="qs-share">(\d+)\xa0%</span>',
                            pages[urls.participant_page(participant.id)])
        assert [(html.unescape(name), int(n), int(p)) for name, n, p in shares] == [
            (name, n, round(100 * n / total)) for name, n in counts.items()]


def test_the_thesis_analysis_pages_have_no_broken_links(thesis):
    pages = {p: c for p, c in thesis[2].items() if p.startswith(("analysis/", "codebook/", "participants/"))}
    everything = thesis[2]
    assert [b for b in broken_links(everything) if b.split(":")[0] in pages] == []


# --- Many participants ------------------------------------------------------------------------------------------


def synthetic(n_participants: int, rows_each: int, seed: int = 7):
    """The tiny study's codebook with `n_participants` interviews of random coded rows."""
    base = tiny_project()
    codes = [c.id for c in base.codebook.codes]
    rng = random.Random(seed)
    transcripts, participants = [], []
    for i in range(1, n_participants + 1):
        pid = f"P{i}"
        rows = tuple(
            Row(pid, n, 1, pid, f"Rad {n} av {pid}", tuple(rng.sample(codes, rng.randint(0, 3))), Source(f"data/transcripts/{pid}.yaml", n))
            for n in range(1, rows_each + 1)
        )
        transcripts.append(Transcript(pid, pid, f"Intervju {pid}", (Speaker(pid, "respondent", Source("x")),), rows,
                                      Source(f"data/transcripts/{pid}.yaml")))
        participants.append(Participant(pid, "Roll", f"K{i}", Source("data/participants.yaml", i)))
    return replace(base, participants=tuple(participants), transcripts=tuple(transcripts), findings=(), pages=())


def test_a_hundred_participants_split_the_matrix_into_small_linked_pages():
    project = synthetic(100, 20)
    pages = render(project, Evidence(()), [], root=TINY_CASE)
    matrix = sorted(p for p in pages if re.fullmatch(r"analysis/(index|matrix-\d+)\.md", p))
    assert matrix == ["analysis/index.md", "analysis/matrix-2.md", "analysis/matrix-3.md", "analysis/matrix-4.md"]
    seen = []
    for page in matrix:
        head, lines = table_rows(pages[page], "qs-matrix")
        assert len(head) == 1 + 25 + 1 and head[-1] == "Totalt, alla deltagare"
        seen += head[1:-1]
        assert len(pages[page]) < 40_000, f"{page} is {len(pages[page])} characters"
        nav = re.search(r'<nav class="qs-pages".*?</nav>', pages[page], re.S).group(0)
        assert nav.count("<li>") == 4 and 'aria-current="page"' in nav
    assert seen == [f"P{i}" for i in range(1, 101)]
    assert broken_links(pages) == []
    tab = tabulate(project)
    head, lines = table_rows(pages["analysis/matrix-3.md"], "qs-matrix")
    for code, row in lines:
        assert [int(text(c)) for _, c in row[:-1]] == [tab.count(code, p) for p in head[1:-1]]
        assert int(text(row[-1][1])) == tab.code_total(code)


def test_a_hundred_participants_build_strictly_with_mkdocs(tmp_path):
    """The further matrix pages and the pair pages are outside the menu (mkdocs.yml's not_in_nav) and warn nothing."""
    site = mkdocs_build(tmp_path, synthetic(100, 3), Evidence(()), [], root=TINY_CASE)
    assert (site / "analysis/matrix-4/index.html").is_file()
    assert (site / "analysis/pairs/digmed/kom/index.html").is_file()


def test_up_to_thirty_participants_share_one_page():
    pages = render(synthetic(30, 2), Evidence(()), [], root=TINY_CASE)
    assert not any(p.startswith("analysis/matrix-") for p in pages)
    assert "qs-pages" not in pages["analysis/index.md"]


# --- The counting itself ----------------------------------------------------------------------------------------


def test_tabulate_agrees_with_a_naive_count_on_random_studies():
    for seed in range(5):
        project = synthetic(7, 30, seed)
        tab = tabulate(project)
        rows = [r for t in project.transcripts for r in t.rows]
        for a, b in combinations(tab.codes, 2):
            both = [r for r in rows if a in r.codes and b in r.codes]
            assert tab.pair_rows(a, b) == tab.pair_rows(b, a) == tuple(both)
            n1, n2 = sum(a in r.codes for r in rows), sum(b in r.codes for r in rows)
            assert tab.c_coefficient(a, b) == (len(both) / (n1 + n2 - len(both)) if n1 + n2 else 0.0)
        for code in tab.codes:
            for t in project.transcripts:
                assert tab.count(code, t.participant) == sum(code in r.codes for r in t.rows)


def test_cooccurrence_is_linear_in_rows():
    """200 000 rows with up to three codes each: a quadratic count would take hours."""
    project = synthetic(100, 2_000)
    start = time.perf_counter()
    tab = tabulate(project)
    assert time.perf_counter() - start < 10
    assert sum(tab.code_rows.values()) == sum(len(r.codes) for t in project.transcripts for r in t.rows)


def test_citations_by_code_counts_a_citation_once_per_code():
    project = tiny_project()
    from test_render_study import tiny_evidence

    cited = citations_by_code(tiny_evidence(project))
    assert [(c.citation.document, c.citation.ordinal) for c in cited["MHÅLL"]] == [
        ("4-1-strategi", 2), ("4-1-strategi", 4), ("metod", 1)]
