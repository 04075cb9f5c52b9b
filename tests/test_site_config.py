"""The site's identity in mkdocs.yml follows study.yaml through marked lines, whatever the title holds."""

from __future__ import annotations

from dataclasses import replace

import yaml

from qualsite.site_config import marked, site_settings, with_settings
from test_render_study import tiny_project

CONFIG = """site_name: "Old"  # qualsite: site_name
site_description: Old description # qualsite: site_description (from study.yaml)
theme:
  language: sv  # qualsite: language
  palette:
    - toggle:
        name: "Mörkt läge"  # qualsite: dark_mode
plugins:
  - search:
      lang: sv # qualsite: search_language
extra:
  note: keep me  # not ours
"""


def test_an_english_study_rewrites_every_marked_line_and_nothing_else():
    study = replace(tiny_project().study, title='Work: "home" #1 & more', subtitle="", language="en")
    text = with_settings(CONFIG, site_settings(replace(tiny_project(), study=study)))
    config = yaml.safe_load(text)
    assert config["site_name"] == 'Work: "home" #1 & more'
    assert config["site_description"] == "Interviews, codebook and findings, cross-linked."
    assert config["theme"]["language"] == "en" and config["plugins"][0]["search"]["lang"] == "en"
    assert config["theme"]["palette"][0]["toggle"]["name"] == "Dark mode"
    assert config["extra"]["note"] == "keep me"
    assert "# qualsite: site_description (from study.yaml)" in text  # the marker and its note stay
    assert with_settings(text, site_settings(replace(tiny_project(), study=study))) == text


def test_a_line_without_its_marker_is_the_researchers():
    text = CONFIG.replace('site_name: "Old"  # qualsite: site_name', "site_name: Mine")
    assert "site_name: Mine\n" in with_settings(text, site_settings(tiny_project()))
    assert "site_name" not in marked(text)


def test_the_swedish_description_starts_from_the_subtitle():
    study = replace(tiny_project().study, subtitle="En studie", language="sv")
    assert site_settings(replace(tiny_project(), study=study))["site_description"] == (
        "En studie – intervjuer, kodbok och resultat, korslänkade.")


def test_the_sites_base_url_is_mkdocs_site_url_when_it_is_an_http_address():
    from qualsite.site_config import base_url

    assert base_url('site_name: x\nsite_url: "https://example.org/study/"  # where it is served\n') == \
        "https://example.org/study/"
    assert base_url("site_url: http://example.org\n") == "http://example.org"
    assert base_url("site_name: x\n") == base_url("site_url:\n") == base_url("site_url: ''\n") == ""
    assert base_url("extra:\n  site_url: https://example.org/\n") == ""  # not MkDocs' own key
    assert base_url("site_url: javascript:alert(1)\n") == base_url("site_url: [a, b\n") == ""
