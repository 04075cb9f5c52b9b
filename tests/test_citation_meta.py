"""Citation metadata: CITATION.cff, zenodo.json and datapackage.json from study.yaml, judged by cffconvert and
frictionless, and the DOI wherever the study is cited.

cffconvert needs jsonschema < 4, so it runs in the readers' venv (`tests/readers/requirements.txt`, the same venv
`tests/test_refiqda_readers.py` makes); frictionless runs in .venv.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from frictionless import Package, validate

from qualsite import urls
from qualsite.build import gather
from qualsite.render import render
from qualsite.render.citation_meta import (
    SPDX_IDS, PersonName, citation_cff, citation_text, datapackage_json, split_name, spdx_licence, zenodo_json,
)
from test_refiqda_readers import reader_python  # noqa: F401 - the readers' venv, as a fixture
from test_render_thesis import thesis  # noqa: F401  (the thesis, gathered once per module)

THESIS = Path(__file__).parent / "cases" / "thesis"
DOI = "10.5281/zenodo.1234567"


def pages(thesis, *, base_url: str = "", **study) -> dict:
    project, evidence, warnings = thesis
    if study:
        project = replace(project, study=replace(project.study, **study))
    return render(project, evidence, warnings, root=THESIS, base_url=base_url)


RELEASED = {"version": "1.0", "released": "2026-12-01", "doi": DOI}


# --- Names and licences ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("written, name", [
    ("Philip Kvist", PersonName("Philip", "", "Kvist")),
    ("Anna Maria Svensson", PersonName("Anna Maria", "", "Svensson")),
    ("Ludwig van Beethoven", PersonName("Ludwig", "van", "Beethoven")),
    ("Martin Luther King Jr.", PersonName("Martin Luther", "", "King", "Jr.")),
    ("García Márquez, Gabriel", PersonName("Gabriel", "", "García Márquez")),
    ("van der Berg, Jan", PersonName("Jan", "van der", "Berg")),
    ("Plato", PersonName("", "", "Plato")),
    ("  A.   Författare ", PersonName("A.", "", "Författare")),
])
def test_an_author_written_as_one_string_is_split_into_given_and_family_names(written, name):
    assert split_name(written) == name


def test_names_invert_for_zenodo_and_shorten_for_a_composed_citation():
    assert split_name("Ludwig van Beethoven").inverted == "van Beethoven, Ludwig"
    assert split_name("Plato").inverted == "Plato"
    assert split_name("Anna-Karin Berg").short == "Berg, A.-K."
    study = replace(gather(THESIS / "data", root=THESIS)[0].study, citation="")
    assert citation_text(study) == ("Kvist, P. & Rismyhr, M. (2023). Digitalisering och hållbarhet i symbios: "
                                    "En kvalitativ studie om skånska kommuner.")
    assert citation_text(replace(study, authors=(), year=None)) == (
        "Digitalisering och hållbarhet i symbios: En kvalitativ studie om skånska kommuner.")


@pytest.mark.parametrize("licence, spdx", [
    ("CC BY 4.0", "CC-BY-4.0"), ("cc-by-sa 4.0", "CC-BY-SA-4.0"), ("CC0", "CC0-1.0"), ("CC0 1.0", "CC0-1.0"),
    ("MIT", "MIT"), ("odbl-1.0", "ODbL-1.0"),
    ("All rights reserved by the authors", ""), ("Creative Commons Attribution", ""), ("", ""),
])
def test_only_a_licence_that_names_an_spdx_id_becomes_one(licence, spdx):
    assert spdx_licence(licence) == spdx


# --- CITATION.cff ---------------------------------------------------------------------------------------------------


def test_the_thesis_citation_cff_names_its_authors_and_keeps_its_licence_as_text(thesis):
    cff = yaml.safe_load(pages(thesis)[urls.CITATION_CFF])
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    assert cff["authors"] == [
        {"given-names": "Philip", "family-names": "Kvist", "affiliation": "Lunds universitet"},
        {"given-names": "Martin", "family-names": "Rismyhr", "affiliation": "Lunds universitet"},
    ]
    assert "license" not in cff
    assert cff["message"].endswith("Licence: All rights reserved by the authors")
    assert cff["date-released"] == "2023-05-25" and "version" not in cff and "doi" not in cff


def test_a_released_study_with_a_licence_cites_its_version_doi_licence_and_address(thesis):
    cff = yaml.safe_load(pages(thesis, base_url="https://example.org/study/", licence="CC BY 4.0", **RELEASED)
                         [urls.CITATION_CFF])
    assert (cff["version"], cff["date-released"], cff["doi"]) == ("1.0", "2026-12-01", DOI)
    assert (cff["license"], cff["url"]) == ("CC-BY-4.0", "https://example.org/study/")
    assert cff["message"] == "If you use this dataset, please cite it as below."


def test_a_doi_the_cff_schema_cannot_hold_is_given_as_its_address(thesis):
    cff = yaml.safe_load(citation_cff(replace(thesis[0].study, doi="10.1234/a<b>")))
    assert "doi" not in cff
    assert cff["identifiers"] == [{"type": "url", "value": "https://doi.org/10.1234/a%3Cb%3E", "description": "DOI"}]


@pytest.mark.readers
@pytest.mark.parametrize("study", [{}, {"licence": "CC BY-SA 4.0", **RELEASED},
                                   {"authors": ("Plato", "Ludwig van Beethoven"), "abstract": "", "keywords": ()}])
def test_cffconvert_validates_the_citation_cff(reader_python, thesis, tmp_path, study):  # noqa: F811
    (tmp_path / "CITATION.cff").write_text(pages(thesis, base_url="https://example.org/s/", **study)
                                           [urls.CITATION_CFF], encoding="utf-8")
    run = subprocess.run([str(reader_python.parent / "cffconvert"), "--validate", "-i", "CITATION.cff"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "valid according to schema version 1.2.0" in run.stdout


@pytest.mark.readers
def test_cffconvert_refuses_a_licence_that_is_no_spdx_id(reader_python, thesis, tmp_path):  # noqa: F811
    cff = yaml.safe_load(pages(thesis)[urls.CITATION_CFF]) | {"license": "All rights reserved by the authors"}
    (tmp_path / "CITATION.cff").write_text(yaml.safe_dump(cff, allow_unicode=True), encoding="utf-8")
    run = subprocess.run([str(reader_python.parent / "cffconvert"), "--validate", "-i", "CITATION.cff"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode != 0


@pytest.mark.readers
def test_every_spdx_id_we_recognise_is_one_the_cff_schema_knows(reader_python):  # noqa: F811
    script = ("import json, pathlib, cffconvert; schema = json.loads((pathlib.Path(cffconvert.__file__).parent / "
              "'schemas/1.2.0/schema.json').read_text()); print(json.dumps(schema['definitions']['license-enum']['enum']))")
    run = subprocess.run([str(reader_python), "-c", script], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert sorted(set(SPDX_IDS) - set(json.loads(run.stdout))) == []


# --- zenodo.json ------------------------------------------------------------------------------------------------


def test_the_thesis_zenodo_json_is_a_dataset_without_a_licence_id(thesis):
    zenodo = json.loads(pages(thesis)[urls.ZENODO_JSON])
    assert zenodo["upload_type"] == "dataset"
    assert zenodo["creators"] == [{"name": "Kvist, Philip", "affiliation": "Lunds universitet"},
                                  {"name": "Rismyhr, Martin", "affiliation": "Lunds universitet"}]
    assert zenodo["description"].startswith("<p>Denna kandidatuppsats forskningsfokus")
    assert (zenodo["publication_date"], zenodo["language"]) == ("2023-05-25", "swe")
    assert "license" not in zenodo and "access_right" not in zenodo
    assert zenodo["notes"] == "Licence: All rights reserved by the authors"
    assert zenodo["keywords"][:2] == ["Digitalisering", "Hållbarhet"]


def test_a_released_studys_zenodo_json_has_its_version_licence_and_doi(thesis):
    zenodo = json.loads(zenodo_json(replace(thesis[0].study, licence="CC0", **RELEASED)))
    assert (zenodo["version"], zenodo["publication_date"]) == ("1.0", "2026-12-01")
    assert (zenodo["license"], zenodo["access_right"]) == ("CC0-1.0", "open")
    assert zenodo["related_identifiers"] == [{"identifier": f"https://doi.org/{DOI}", "relation": "isIdenticalTo",
                                              "resource_type": "dataset"}]


def test_an_abstract_reaches_zenodo_as_escaped_html(thesis):
    zenodo = json.loads(zenodo_json(replace(thesis[0].study, abstract="Om <script>x</script> & *mer*")))
    assert zenodo["description"] == "<p>Om &lt;script&gt;x&lt;/script&gt; &amp; <em>mer</em></p>"


# --- datapackage.json -------------------------------------------------------------------------------------------


def write_downloads(site: dict, folder: Path) -> Path:
    for path, content in site.items():
        if path.startswith("downloads/") and not path.endswith(".md"):
            target = folder / path.removeprefix("downloads/")
            target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder / "datapackage.json"


def test_frictionless_validates_the_thesis_package_and_its_csvs_against_their_schemas(thesis, tmp_path):
    descriptor = write_downloads(pages(thesis, **RELEASED), tmp_path)
    report = validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(str(descriptor))
    assert [r.name for r in package.resources] == ["segments", "citations", "data", "study", "codebook", "evidence"]
    assert package.to_descriptor()["id"] == f"https://doi.org/{DOI}" and package.version == "1.0"
    segments = package.get_resource("segments").read_rows()
    assert len(segments) == sum(len(t.rows) for t in thesis[0].transcripts)
    assert [f.name for f in package.get_resource("citations").schema.fields] == ["page", "ref", "quote", "status",
                                                                                  "detail", "suggestion"]
    citations = package.get_resource("citations").read_rows()
    assert len([row for row in citations if row["status"] != "uncited"]) == 95


def test_frictionless_refuses_a_csv_that_breaks_its_schema_or_its_checksum(thesis, tmp_path):
    descriptor = write_downloads(pages(thesis), tmp_path)
    segments = (tmp_path / "segments.csv").read_text(encoding="utf-8")
    assert '\n"R1","1",' in segments
    (tmp_path / "segments.csv").write_text(segments.replace('\n"R1","1",', '\n"R1","one",', 1), encoding="utf-8")
    report = validate(str(descriptor))
    assert not report.valid
    assert {"type-error", "hash-count"} <= {error.type for task in report.tasks for error in task.errors}


def test_the_package_describes_only_downloads_that_exist_and_names_their_sizes():
    from test_render_study import tiny_project

    study = tiny_project().study
    csv = '"transcript","row","speaker","text","codes"\n"R1","1","PK","Så",""\n'
    package = json.loads(datapackage_json(study, {urls.SEGMENTS_CSV: csv}))
    assert [r["name"] for r in package["resources"]] == ["segments"]
    assert package["resources"][0]["bytes"] == len(csv) + 1 == 67  # bytes of UTF-8: `å` takes two
    assert package["licenses"] == [{"name": "CC-BY-4.0", "path": "https://spdx.org/licenses/CC-BY-4.0.html"}]


# --- The DOI wherever the study is cited -------------------------------------------------------------------------


def test_a_doi_appears_wherever_the_study_is_cited(thesis):
    site = pages(thesis, **RELEASED)
    address = f"https://doi.org/{DOI}"
    cited = [urls.HOME, urls.transcript_page("R5"), urls.CITATION_CFF, urls.ZENODO_JSON, urls.DATAPACKAGE_JSON,
             urls.EVIDENCE_JSONLD]
    assert [path for path in cited if DOI not in site[path]] == []
    assert f'<a href="{address}" class="qs-citebox-doi">{address}</a>' in site[urls.HOME]
    assert f'<a href="{address}" class="qs-citebox-doi">{address}</a>' in site[urls.transcript_page("R5")]


# --- Hostile text ----------------------------------------------------------------------------------------------

HOSTILE = '"><script>alert(1)</script> & *x* `y` # z'


def test_the_box_and_the_metadata_keep_hostile_study_text_as_text(thesis):
    from test_escaping import render as markdown_html

    site = pages(thesis, title=HOSTILE, subtitle="", citation=HOSTILE, authors=(HOSTILE,), doi='10.1234/"><b>x</b>',
                 version="1.0", released="2026-12-01")
    start = site[urls.HOME].index('<div class="qs-citebox"')
    box = site[urls.HOME][start:site[urls.HOME].index("</div>", start) + len("</div>")]
    page = markdown_html(box)
    assert {tag for tag, _ in page.tags} == {"div", "p", "dl", "dt", "dd", "span", "a"}
    assert HOSTILE in " ".join(page.text)
    doi = next(dict(attrs)["href"] for tag, attrs in page.tags if tag == "a" and ("class", "qs-citebox-doi") in attrs)
    assert doi == "https://doi.org/10.1234/%22%3E%3Cb%3Ex%3C/b%3E"
    cff = yaml.safe_load(site[urls.CITATION_CFF])
    assert cff["title"] == HOSTILE and cff["authors"][0]["family-names"] == "z"
    assert json.loads(site[urls.ZENODO_JSON])["title"] == HOSTILE
    assert json.loads(site[urls.DATAPACKAGE_JSON])["title"] == HOSTILE


def test_a_build_takes_its_permalinks_base_from_mkdocs_site_url(tmp_path):
    import shutil

    from qualsite.build import build

    shutil.copytree(THESIS / "data", tmp_path / "data")
    config = (Path(__file__).parents[1] / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(config.replace("docs_dir: docs\n", "docs_dir: docs\nsite_url: "
                                                        "https://example.org/study/\n"), encoding="utf-8")
    build(tmp_path / "data", tmp_path / "docs", tmp_path / "mkdocs.yml", root=tmp_path)
    evidence = json.loads((tmp_path / "docs" / urls.EVIDENCE_JSONLD).read_text(encoding="utf-8"))
    assert evidence["first"]["items"][0]["target"]["source"] == "https://example.org/study/transcripts/r5/#r5-4"
    transcript = (tmp_path / "docs" / urls.transcript_page("R5")).read_text(encoding="utf-8")
    assert ('<a href="https://example.org/study/transcripts/r5/" class="qs-citebox-permalink">'
            "https://example.org/study/transcripts/r5/</a>") in transcript
    assert yaml.safe_load((tmp_path / "docs" / urls.CITATION_CFF).read_text(encoding="utf-8"))["url"] == \
        "https://example.org/study/"
