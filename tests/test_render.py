"""The renderers: golden pages for a tiny study, links that resolve, CSV and ZIP downloads, determinism."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import posixpath
import re
import subprocess
import sys
import zipfile
from pathlib import Path


from qualsite.site_config import marked, site_settings
from qualsite import urls
from qualsite.render import nav_entries, nav_yaml, render
from qualsite.render.text import excerpt, html_text, md_text
from test_render_study import CASE, WARNINGS, tiny_evidence, tiny_project

EXPECTED = CASE / "expected"


def rendered() -> dict[str, str | bytes]:
    project = tiny_project()
    return render(project, tiny_evidence(project), WARNINGS, root=CASE)


# --- Golden pages ---------------------------------------------------------------------------


def test_every_page_matches_its_golden_file(update_golden: bool):
    pages = {p: c for p, c in rendered().items() if isinstance(c, str)}
    if update_golden:
        for old in EXPECTED.rglob("*"):
            if old.is_file():
                old.unlink()
        for path, text in pages.items():
            (EXPECTED / path).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / path).write_text(text, encoding="utf-8", newline="")
    expected = {p.relative_to(EXPECTED).as_posix() for p in EXPECTED.rglob("*") if p.is_file()}
    assert sorted(pages) == sorted(expected), "pages differ from the golden set; run pytest --update-golden"
    for path, text in pages.items():
        expected_text = (EXPECTED / path).read_text(encoding="utf-8")
        assert comparable(path, text) == comparable(path, expected_text), f"{path} differs; run pytest --update-golden"


def comparable(path: str, text: str) -> str:
    """A golden page as compared: the data package's size and hash of `data.zip` left out, since the archive packs
    format/README.md and would make every edit of the documentation a golden change (test_citation_meta has
    frictionless check them)."""
    if path != urls.DATAPACKAGE_JSON:
        return text
    return re.sub(r'("path": "data\.zip",(?:\n.*?)*?"bytes": )\d+,(\s+"hash": )"sha256:[0-9a-f]+"',
                  r'\1…,\2"…"', text)


def test_the_site_has_every_page_kind():
    assert sorted(p for p in rendered()) == [
        "analysis/cooccurrence.md", "analysis/index.md", "analysis/pairs/digmed/kom.md", "analysis/pairs/kom/mhall.md",
        "codebook/digmed.md", "codebook/index.md", "codebook/kom.md", "codebook/mhall.md",
        "downloads/CITATION.cff", "downloads/citations.csv", "downloads/codebook.qdc", "downloads/data.zip",
        "downloads/datapackage.json", "downloads/evidence.jsonld", "downloads/index.md", "downloads/segments.csv",
        "downloads/study.qdpx", "downloads/zenodo.json",
        "findings/4-1-strategi.md", "findings/index.md", "index.md", "metod.md",
        "participants/index.md", "participants/r1.md", "participants/r2.md",
        "source-check/index.md", "transcripts/index.md", "transcripts/r1.md", "transcripts/r2.md",
    ]


# --- Links -------------------------------------------------------------------------------------

HREF = re.compile(r'href="([^"]*)"')
RAW_ID = re.compile(r'\bid="([^"]+)"')
HEADING_ID = re.compile(r"^#{1,6} .*\{ #([^ }]+) \}$", re.MULTILINE)


def served(page: str) -> str:
    return urls.site_url(page)


def page_for_url(url_path: str, pages) -> str | None:
    """The page source MkDocs serves at a site-relative URL path."""
    for candidate in (url_path, url_path + "index.md", url_path.rstrip("/") + ".md"):
        if candidate in pages:
            return candidate
    return None


def broken_links(pages: dict[str, str | bytes]) -> list[str]:
    anchors = {
        p: set(RAW_ID.findall(c)) | set(HEADING_ID.findall(c)) for p, c in pages.items() if isinstance(c, str)
    }
    broken = []
    for page, content in pages.items():
        if not isinstance(content, str):
            continue
        for target in HREF.findall(content):
            if target.startswith(("https://", "http://")):
                continue
            path, _, anchor = target.partition("#")
            path, anchor = path.partition("?")[0], anchor.partition(":~:")[0]  # as a browser reads the link
            if path:
                base = posixpath.dirname(served(page).rstrip("/")) if served(page) else ""
                base = served(page).rstrip("/") if served(page).endswith("/") else base
                url = posixpath.normpath(posixpath.join(base, path)) + ("/" if path.endswith("/") else "")
                url = "" if url in ("./", "./.", ".") else url.lstrip("./") if url.startswith("./") else url
                to = page_for_url(url, pages)
            else:
                to = page
            if to is None:
                broken.append(f"{page}: {target} (no page)")
            elif anchor and anchor not in anchors.get(to, set()):
                broken.append(f"{page}: {target} (no anchor #{anchor} in {to})")
    return broken


def test_every_link_resolves_to_an_existing_page_and_anchor():
    pages = rendered()
    assert broken_links(pages) == []
    assert sum(len(HREF.findall(c)) for c in pages.values() if isinstance(c, str)) > 80


def test_the_link_checker_finds_a_broken_link():
    pages = dict(rendered())
    pages["index.md"] += '\n<p><a href="transcripts/r1/#r1-77">x</a> <a href="nowhere/">y</a></p>\n'
    assert broken_links(pages) == ["index.md: transcripts/r1/#r1-77 (no anchor #r1-77 in transcripts/r1.md)",
                                   "index.md: nowhere/ (no page)"]


def test_citations_link_each_reference_to_its_row_naming_the_citation_with_its_preview():
    page = rendered()["findings/4-1-strategi.md"]
    assert ('<span class="qs-cite" id="cite-2">(<a href="../../transcripts/r2/?cite=4-1-strategi.2'
            '#r2-2:~:text=Det%20g%C3%A5r%20bra" class="qs-ref" data-qs-who="R2 (Respondent)" data-qs-st="exact" '
            'data-qs-q="Det går bra" data-qs-a=", tycker jag.">R2:2</a>; '
            '<a href="../../transcripts/r1/?cite=4-1-strategi.2#r1-4:~:text=Det%20g%C3%A5r%20bra" class="qs-ref" '
            'data-qs-who="R1 (Respondent)" data-qs-st="exact" data-qs-b="Miljön är viktig. " data-qs-q="Det går bra" '
            'data-qs-a=".">R1:4</a>)</span>') in page
    assert "R1:99<span class=\"qs-ref-missing-mark\"> ⚠ raden finns inte</span>" in page
    assert 'href="../../source-check/#check-4-1-strategi-4" class="qs-status qs-status--differs"' in page
    assert page.count('<div hidden id="qs-preview-labels" data-preview="Förhandsvisning av den citerade raden" ') == 1


def test_previews_escape_quotes_angle_brackets_and_ampersands():
    page = rendered()["findings/4-1-strategi.md"]
    assert 'data-qs-who="Intervjuare' not in page
    assert 'data-qs-q="Vi har en strategi för allt" data-qs-a=". &quot;Citat&quot; &lt;b&gt; &amp; mer">' in page


def test_transcript_rows_are_headings_with_back_links_to_the_exact_citation():
    page = rendered()["transcripts/r1.md"]
    assert '<h3 id="r1-4" class="qs-row-heading">' in page
    assert '<h3 id="r1-4-2" class="qs-row-heading">' in page
    # each back-link leads to the start of its quote, names it by its section and first words (a paraphrase by its
    # number), and carries its citation and where its quoted words are in the row (none for a paraphrase)
    assert ('<p class="qs-row-cited" data-qs-back="Tillbaka till citatet i"><span class="qs-label">Citerad i:</span> '
            '<a href="../../findings/4-1-strategi/#quote-2" data-qs-cite="4-1-strategi.2" data-qs-at="17-28">'
            '4.1.1 Strategi – ”det går bra”</a> · <a href="../../metod/#quote-1" data-qs-cite="metod.1">'
            '3.1 Urval – hänvisning 1</a></p>') in page
    assert '<div class="qs-row qs-row--interviewer" data-speaker="PK">' in page
    assert '<div class="qs-row qs-row--respondent" data-speaker="R1" data-codes="DIGMED KOM" data-cited="1">' in page


def test_the_nav_lists_sections_not_individual_transcripts():
    project = tiny_project()
    assert nav_entries(project) == [
        {"Start": "index.md"},
        {"Resultat": ["findings/index.md", {"4.1 Tema 1: Strategi": "findings/4-1-strategi.md"}]},
        {"Transkript": "transcripts/index.md"},
        {"Kodbok": "codebook/index.md"},
        {"Deltagare": "participants/index.md"},
        {"Analys": ["analysis/index.md", {"Samförekomst av koder": "analysis/cooccurrence.md"}]},
        {"3 Metod": "metod.md"},
        {"Källkontroll": "source-check/index.md"},
        {"Nedladdningar": "downloads/index.md"},
    ]
    assert nav_yaml(project).startswith("# --- qualsite nav: generated by build_site.py from data/;")


def test_the_committed_mkdocs_yml_has_a_place_for_the_nav_and_every_marked_setting():
    # Whatever study the repository holds: the nav goes between its markers, the identity on its marked lines.
    text = (Path(__file__).parents[1] / "mkdocs.yml").read_text(encoding="utf-8")
    start = text.index("# --- qualsite nav: generated")
    end = text.index("# --- end qualsite nav ---")
    assert "not_in_nav" in text and "source-check/index.md" in text[start:end]
    assert set(marked(text)) == set(site_settings(tiny_project()))


# --- Escaping ------------------------------------------------------------------------------------


def test_md_text_leaves_no_markdown_punctuation():
    assert md_text("# x {: onclick=a } [y](javascript:z)\n\n| *") == (
        "&#35; x &#123;&#58; onclick&#61;a &#125; &#91;y&#93;&#40;javascript&#58;z&#41; &#124; &#42;"
    )


def test_html_text_escapes_and_keeps_one_source_line():
    assert html_text("<script>\r\n\n</div> & x") == "&lt;script&gt;<br><br>&lt;/div&gt; &amp; x"


def test_excerpt_cuts_at_a_word():
    assert excerpt("ett två tre fyra fem", 12) == "ett två tre…"


# --- Downloads -----------------------------------------------------------------------------------


def test_segments_csv_has_one_line_per_row():
    text = rendered()["downloads/segments.csv"]
    assert "\r" not in text
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["transcript", "row", "speaker", "text", "codes"]
    assert len(lines) == 1 + 5 + 4
    assert lines[2] == ["R1", "2", "R1", 'Vi har en strategi för allt. "Citat" <b> & mer', "DIGMED; KOM"]
    assert lines[4] == ["R1", "4", "R1", "Miljön är viktig.\nDet går bra.", "MHÅLL"]


def test_citations_csv_has_one_line_per_reference():
    lines = list(csv.reader(io.StringIO(rendered()["downloads/citations.csv"])))
    assert lines[0] == ["page", "ref", "quote", "status", "detail", "suggestion"]
    assert [line[:2] + line[3:4] for line in lines[1:] if line[3] != "uncited"] == [
        ["findings/4-1-strategi/#cite-1", "R1:2", "exact"],
        ["findings/4-1-strategi/#cite-2", "R2:2", "exact"],
        ["findings/4-1-strategi/#cite-2", "R1:4", "exact"],
        ["findings/4-1-strategi/#cite-3", "R1:99", "unresolved"],
        ["findings/4-1-strategi/#cite-4", "R2:4", "differs"],
        ["metod/#cite-1", "R1:4", "no-quote"],
    ]


def test_data_zip_is_sorted_timestamped_from_the_study_and_leaves_out_private_files():
    data = rendered()["downloads/data.zip"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["data/study.yaml", "data/transcripts/R1.yaml", "format/README.md"]
        assert {i.date_time for i in infos} == {(2023, 5, 25, 0, 0, 0)}
        assert {i.external_attr >> 16 for i in infos} == {0o100644}
        assert archive.read("data/study.yaml") == (CASE / "data/study.yaml").read_bytes()
    assert b"Hemligt" not in data and b"private" not in data


# --- Determinism ---------------------------------------------------------------------------------

DIGEST = """
import hashlib, sys
sys.path.insert(0, {tests!r})
from qualsite.render import render
from test_render_study import CASE, WARNINGS, tiny_evidence, tiny_project
p = tiny_project()
pages = render(p, tiny_evidence(p), WARNINGS, root=CASE)
h = hashlib.sha256()
for path, content in pages.items():
    h.update(path.encode()); h.update(content if isinstance(content, bytes) else content.encode())
print(h.hexdigest())
"""


def test_identical_input_gives_byte_identical_output_whatever_the_hash_seed():
    code = DIGEST.format(tests=str(Path(__file__).parent))
    root = Path(__file__).parents[1]
    digests = {
        subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}).stdout
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1
    first = rendered()
    assert hashlib.sha256(first["downloads/data.zip"]).digest() == hashlib.sha256(rendered()["downloads/data.zip"]).digest()


def test_a_transcript_of_many_rows_renders_in_linear_time():
    import time

    from dataclasses import replace

    from qualsite.model import Evidence

    project = tiny_project()
    template = project.transcripts[0].rows[1]
    many = tuple(replace(template, n=n) for n in range(1, 20_001))
    big = replace(project, transcripts=(replace(project.transcripts[0], rows=many), project.transcripts[1]))
    started = time.perf_counter()
    pages = render(big, Evidence(()), (), root=CASE)
    assert time.perf_counter() - started < 20
    assert pages["transcripts/r1.md"].count('class="qs-row-heading"') == 20_000


def test_served_links_match_posixpath_relpath_for_every_pair_of_page_kinds():
    # urls computes relative links itself for speed; posixpath.relpath is the reference it must agree with.
    pages = ["index.md", "metod.md", "findings/index.md", "findings/4-1-strategi.md", "transcripts/index.md",
             "transcripts/r1.md", "transcripts/r10.md", "codebook/index.md", "codebook/kom.md", "analysis/index.md",
             "analysis/pairs/digmed/shall.md", "analysis/pairs/kom/med.md", "downloads/index.md",
             "downloads/segments.csv", "source-check/index.md", "participants/r1.md", "assets/qualsite.css"]

    def reference(from_page: str, to_page: str) -> str:
        here, there = urls.site_url(from_page), urls.site_url(to_page)
        if here == there:
            return ""
        target = posixpath.relpath(there or ".", here or ".")
        return ("./" if target == "." else target + "/") if there == "" or there.endswith("/") else target

    assert [(a, b) for a in pages for b in pages if urls._served_relpath(a, b) != reference(a, b)] == []
