"""`downloads/evidence.jsonld`: every reference of the findings as a W3C Web Annotation, valid JSON-LD.

pyld (an independent JSON-LD processor) expands the manifest with the W3C's own context, served from the local
copy in `tests/jsonld/` by a document loader that refuses any other address, so the tests never reach the network.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from pyld import jsonld

from qualsite import urls
from qualsite.render import render
from qualsite.render.evidence import ANNO_CONTEXT
from test_render_study import CASE, WARNINGS, tiny_evidence, tiny_project
from test_render_thesis import thesis  # noqa: F401  (the thesis, gathered once per module)

THESIS = Path(__file__).parent / "cases" / "thesis"
ANNO = Path(__file__).parent / "jsonld" / "anno.jsonld"
OA = "http://www.w3.org/ns/oa#"
QS = "urn:qualsite:"
BASE = "https://example.org/study/downloads/evidence.jsonld"
REFERENCE = re.compile(r"\(([^()]*\b[A-Za-z][A-Za-z0-9_-]*:\d+[^()]*)\)")


def offline_loader(url: str, options: dict | None = None) -> dict:
    """pyld's document loader: the W3C context from the local copy, nothing else."""
    if url.rstrip("/") not in (ANNO_CONTEXT, ANNO_CONTEXT.replace("http://", "https://")):
        raise jsonld.JsonLdError(f"the tests load no remote document, not {url}", "loading document failed")
    return {"contextUrl": None, "documentUrl": url, "document": json.loads(ANNO.read_text(encoding="utf-8"))}


def expand(document: dict) -> list:
    return jsonld.expand(document, {"documentLoader": offline_loader, "base": BASE})


def manifest(thesis, *, base_url: str = "", **study) -> dict:
    project, evidence, warnings = thesis
    if study:
        project = replace(project, study=replace(project.study, **study))
    return json.loads(render(project, evidence, warnings, root=THESIS, base_url=base_url)[urls.EVIDENCE_JSONLD])


def references_in_findings(project) -> int:
    """The references printed in the findings, counted in their Markdown: `(R5:4)` is one, `(R2:5; R2:42)` two."""
    return sum(len(re.findall(r"[A-Za-z][A-Za-z0-9_-]*:\d+", group))
               for document in project.findings for group in REFERENCE.findall(document.body))


# --- The thesis -------------------------------------------------------------------------------------------------


def test_the_manifest_holds_every_reference_of_chapter_4_with_its_status_and_both_selectors(thesis):
    project = thesis[0]
    items = manifest(thesis)["first"]["items"]
    assert len(items) == references_in_findings(project) == 95
    assert manifest(thesis)["total"] == 95
    rows = {(urls.transcript_page(r.transcript), urls.row_anchor(r)): r for t in project.transcripts for r in t.rows}
    for item in items:
        assert item["type"] == "Annotation" and item["status"] in ("exact", "differs", "no-quote")
        quote, position = item["target"]["selector"]
        assert (quote["type"], position["type"]) == ("TextQuoteSelector", "TextPositionSelector")
        page, anchor = item["target"]["source"].removeprefix("../").split("#")
        row = rows[(page.rstrip("/") + ".md", anchor)]
        assert row.label == item["target"]["reference"]
        assert quote["exact"] == row.text[position["start"]:position["end"]]
        assert row.text[:position["start"]].endswith(quote["prefix"])
        assert row.text[position["end"]:].startswith(quote["suffix"])
        assert "release" not in item  # the thesis has no version
    assert len({item["id"] for item in items}) == 95


def test_a_quote_that_differs_carries_the_checks_explanation(thesis):
    items = manifest(thesis)["first"]["items"]
    differs = [item for item in items if item["status"] == "differs"]
    assert len(differs) == 10
    first = next(item for item in differs if item["target"]["reference"] == "R1:10")
    assert first["detail"] == "1 ord skiljer sig: ”klimatmässig” i citatet, ”klimatomfattig” i R1:10"  # as on the site
    assert first["body"]["quote"].startswith("Aa, hållbarhetsfrågorna e ju")
    assert first["body"]["id"] == "../findings/4-1-strategi/#cite-18"
    assert first["body"]["section"] == "../findings/4-1-strategi/#4-1-2-undertema-1-2-hallbarhetsstrategi-for-digitalisering"


def test_the_manifest_is_json_ld_whose_expanded_graph_holds_the_annotations_in_w3c_terms(thesis):
    expanded = expand(manifest(thesis))
    collection = next(node for node in expanded if "http://www.w3.org/ns/activitystreams#first" in node)
    assert collection["@type"] == ["http://www.w3.org/ns/activitystreams#OrderedCollection"]
    assert collection["@id"] == "https://example.org/study/downloads/evidence.jsonld"
    page = collection["http://www.w3.org/ns/activitystreams#first"][0]
    annotations = page["http://www.w3.org/ns/activitystreams#items"][0]["@list"]
    assert len(annotations) == 95
    for annotation in annotations:
        assert annotation["@type"] == [OA + "Annotation"]
        assert annotation["@id"].startswith("https://example.org/study/downloads/evidence.jsonld#4-")
        assert annotation[OA + "motivatedBy"] == [{"@id": OA + "linking"}]
        assert annotation[QS + "status"][0]["@value"] in ("exact", "differs", "no-quote")
        target = annotation[OA + "hasTarget"][0]
        assert target["@type"] == [OA + "SpecificResource"]
        assert re.fullmatch(r"https://example\.org/study/transcripts/r\d/#r\d-\d+(-\d)?",
                            target[OA + "hasSource"][0]["@id"])
        selectors = {s["@type"][0]: s for s in target[OA + "hasSelector"]}
        assert set(selectors) == {OA + "TextQuoteSelector", OA + "TextPositionSelector"}
        quote, position = selectors[OA + "TextQuoteSelector"], selectors[OA + "TextPositionSelector"]
        assert {OA + "exact", OA + "prefix", OA + "suffix"} <= set(quote)
        start, end = position[OA + "start"][0]["@value"], position[OA + "end"][0]["@value"]
        assert 0 <= start < end
        body = annotation[OA + "hasBody"][0]
        assert body["@id"].startswith("https://example.org/study/findings/4-")
        assert body[QS + "section"][0]["@id"].startswith("https://example.org/study/findings/4-")


def test_the_graph_as_rdf_names_every_target_and_selector(thesis):
    nquads = jsonld.to_rdf(manifest(thesis), {"documentLoader": offline_loader, "base": BASE,
                                              "format": "application/n-quads"})
    assert nquads.count(f"<{OA}hasTarget>") == 95
    assert nquads.count(f"<{OA}TextQuoteSelector>") == nquads.count(f"<{OA}TextPositionSelector>") == 95


def test_the_loader_refuses_to_reach_the_network():
    with pytest.raises(jsonld.JsonLdError):
        expand({"@context": "https://example.org/context.jsonld", "@id": "x"})


# --- Addresses, release and DOI ---------------------------------------------------------------------------------


def test_under_a_site_url_and_a_version_every_address_is_the_release_permalink(thesis):
    document = manifest(thesis, base_url="https://example.org/study/", version="1.0", doi="10.5281/zenodo.1234567")
    assert document["id"] == "https://example.org/study/v1.0/downloads/evidence.jsonld"
    assert document["release"] == "1.0" and document["doi"] == "https://doi.org/10.5281/zenodo.1234567"
    first = document["first"]["items"][0]
    assert first["target"]["source"] == "https://example.org/study/v1.0/transcripts/r5/#r5-4"
    assert first["body"]["id"] == "https://example.org/study/v1.0/findings/4-1-strategi/#cite-1"
    assert all(item["release"] == "1.0" for item in document["first"]["items"])
    expanded = expand(document)
    collection = next(node for node in expanded if QS + "doi" in node)
    assert collection[QS + "doi"] == [{"@id": "https://doi.org/10.5281/zenodo.1234567"}]
    assert collection[QS + "release"] == [{"@value": "1.0"}]


# --- A small golden case ----------------------------------------------------------------------------------------


def test_the_tiny_studys_manifest_is_its_golden_file_and_skips_the_reference_to_no_row():
    project = tiny_project()
    text = render(project, tiny_evidence(project), WARNINGS, root=CASE)[urls.EVIDENCE_JSONLD]
    assert text == (CASE / "expected" / urls.EVIDENCE_JSONLD).read_text(encoding="utf-8")
    document = json.loads(text)
    # Five references point at rows: (R1:2), (R2:2; R1:4), (R2:4) and the method's (R1:4); (R1:99) points nowhere.
    assert [item["target"]["reference"] for item in document["first"]["items"]] == ["R1:2", "R2:2", "R1:4", "R2:4",
                                                                                    "R1:4"]
    assert [item["id"] for item in document["first"]["items"]][:3] == [
        "#4-1-strategi-cite-1-1", "#4-1-strategi-cite-2-1", "#4-1-strategi-cite-2-2"]
    method = document["first"]["items"][-1]
    assert method["status"] == "no-quote" and "quote" not in method["body"]
    assert method["target"]["selector"][1] == {"type": "TextPositionSelector", "start": 0, "end": 30}
    assert len(expand(document)) == 1
