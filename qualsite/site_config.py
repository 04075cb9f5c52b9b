"""The site's identity in `mkdocs.yml`, kept in step with `study.yaml`.

MkDocs takes the site's name, description and interface language from `mkdocs.yml`, so a study in English
built with the thesis's configuration would carry the thesis's title and a Swedish interface. Each such line of
`mkdocs.yml` ends with a marker comment naming the setting, and `build_site.py` rewrites the value before it:

    site_name: "Digitalisering och hållbarhet i symbios"  # qualsite: site_name
    theme:
      language: "sv"  # qualsite: language

Values are written as double-quoted YAML strings (JSON syntax), so no title can break the file or its comment.
A line whose marker a researcher removed is theirs: it is left alone. Everything here is pure text in, text out;
`qualsite.write` writes the file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Mapping

import yaml

from .labels import labels
from .model import Project

MARKED = re.compile(r"^(?P<key>\s*(?:-\s+)?[A-Za-z_][\w-]*:)[ \t]*(?P<value>.*?)[ \t]*(?P<mark>#\s*qualsite:\s*(?P<name>\w+).*)$")
"""A `key: value  # qualsite: NAME …` line; the value is everything between the colon and the marker."""


SITE_URL = re.compile(r"^site_url:[ \t]*(?P<value>.*?)[ \t]*(?:#.*)?$", re.M)
"""MkDocs' top-level `site_url:` line; the address the site is served at."""


def base_url(config_text: str) -> str:
    """The site's own address from `mkdocs.yml`'s `site_url` (`https://example.org/study/`), or "" when it sets
    none, or nothing that is an http(s) address: permalinks are then relative (`urls.permalink`)."""
    match = SITE_URL.search(config_text)
    if not match:
        return ""
    try:
        value = yaml.safe_load(match["value"]) if match["value"] else ""
    except yaml.YAMLError:
        return ""
    return value.strip() if isinstance(value, str) and value.strip().startswith(("https://", "http://")) else ""


def base_url_of(config: Path) -> str:
    """`base_url` of the configuration file at `config`; "" when it cannot be read (the build reports that)."""
    try:
        return base_url(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return ""


def site_settings(project: Project) -> dict[str, str]:
    """The values of the marked settings, from the study: its title, a description and its language."""
    study, lab = project.study, labels(project.study.language)
    description = f"{study.subtitle} – {lab.site_about}" if study.subtitle else lab.site_about[:1].upper() + lab.site_about[1:]
    return {
        "site_name": study.title,
        "site_description": description,
        "language": study.language,
        "search_language": study.language,
        "dark_mode": lab.dark_mode,
        "light_mode": lab.light_mode,
    }


def with_settings(config_text: str, settings: Mapping[str, str]) -> str:
    """`config_text` with the value of every marked line whose name is in `settings` replaced."""
    lines = config_text.split("\n")
    for i, line in enumerate(lines):
        match = MARKED.match(line)
        if match and match["name"] in settings:
            value = json.dumps(settings[match["name"]], ensure_ascii=False)
            lines[i] = f"{match['key']} {value}  {match['mark']}"
    return "\n".join(lines)


def marked(config_text: str) -> dict[str, str]:
    """The marked settings of a configuration as written (for tests and messages): name → raw value."""
    found = (MARKED.match(line) for line in config_text.split("\n"))
    return {m["name"]: m["value"] for m in found if m}
