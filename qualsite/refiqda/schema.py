"""Validation against the official QDA-XML 1.0 schemas (`Project.xsd`, `Codebook.xsd`), with lxml.

The schemas are published by the REFI-QDA consortium and are not part of this
repository. `find_schemas` looks for them in a folder the caller names, else in
`../shared/fixtures/refi-qda/` beside the repository (where CI keeps them).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

PROJECT_XSD = "Project.xsd"
CODEBOOK_XSD = "Codebook.xsd"
PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
DEFAULT_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "refi-qda"
"""Where the schemas are looked for when no folder is given: `../shared/fixtures/refi-qda/` from the repository."""

MAX_REPORTED = 10
"""At most this many schema errors are listed; the rest are counted."""


def find_schemas(folder: Path | None = None) -> Path | None:
    """The folder holding `Project.xsd` and `Codebook.xsd`: `folder` if given, else the default; None if absent."""
    candidate = folder if folder is not None else DEFAULT_DIR
    return candidate if (candidate / PROJECT_XSD).is_file() and (candidate / CODEBOOK_XSD).is_file() else None


def parser() -> etree.XMLParser:
    """A parser that reads no DTDs, expands no entities and fetches nothing from the network."""
    from lxml import etree  # here, not above: a site build imports this module for its namespaces alone

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True,
                           remove_blank_text=False)


def _schema(path: Path) -> etree.XMLSchema:
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(path), parser()))


def schema_errors(document: etree._ElementTree | bytes, xsd: Path, name: str) -> list[str]:
    """Every way `document` breaks the schema at `xsd`, as `name:line: message` (at most `MAX_REPORTED`, then a count)."""
    from lxml import etree

    tree = document if isinstance(document, etree._ElementTree) else etree.ElementTree(
        etree.fromstring(document, parser()))
    schema = _schema(xsd)
    if schema.validate(tree):
        return []
    errors = [f"{name}:{e.line}: {e.message}" for e in schema.error_log]
    if len(errors) > MAX_REPORTED:
        errors = errors[:MAX_REPORTED] + [f"{name}: … and {len(errors) - MAX_REPORTED} more schema errors"]
    return errors
