"""A standalone codebook (`.qdc`, QDA-XML codebook 1.0) → `codebook.yaml`, and the few files around it that make
a data folder the build accepts, for a study that has no transcripts in qualsite yet. Pure."""

from __future__ import annotations

from pathlib import Path

from .codes import code_groups, map_codebook
from .log import ImportFailed, Log
from .output import KeptGuids, codebook_yaml, reviewed_unused, study_yaml
from .qde import parse_tree, read_codebook_file
from .schema import CODEBOOK_XSD, find_schemas, schema_errors

CODEBOOK_ONLY = ("codebook.yaml",)
"""What importing a codebook into an existing study replaces: nothing but its codebook."""


def looks_like_codebook(data: bytes) -> bool:
    """Whether `data` is QDA-XML text (a codebook) rather than a zip archive (a project)."""
    head = data[:512].lstrip(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"<") and b"PK\x03\x04" not in data[:4]


def import_qdc(data: bytes, name: str, schemas: Path | None = None):  # type: ignore[no-untyped-def]
    """The data folder of a study that so far has only this codebook; `Imported.files["codebook.yaml"]` is what
    an existing study takes from it."""
    from .importer import Imported  # the result type is the project import's

    log = Log()
    tree = parse_tree(data, name)
    origin, codes, sets = read_codebook_file(tree, name, log)  # first: a project's XML is named as such
    folder = find_schemas(schemas)
    if folder is None:
        log.warn(f"not validated against the QDA-XML schema: {CODEBOOK_XSD} was not found in"
                 f" {schemas or '../shared/fixtures/refi-qda/'}; pass --schemas with the folder holding Project.xsd"
                 " and Codebook.xsd (from the REFI-QDA standard)")
    else:
        errors = schema_errors(tree, folder / CODEBOOK_XSD, name)
        if errors:
            raise ImportFailed(errors + [f"{name}: the codebook does not follow the QDA-XML 1.0 schema"
                                         f" ({CODEBOOK_XSD}); export it again, or report the errors above to the"
                                         " tool's makers"])
        log.note(f"{name}: valid against {CODEBOOK_XSD} (QDA-XML 1.0)")
    log.note(f"codebook {Path(name).name}" + (f" from {origin}" if origin else ""))
    book = map_codebook(codes, set(), name, log)
    groups = code_groups(sets, book, name, log)
    archive = Path(name).name
    files = {
        "study.yaml": study_yaml(title=Path(name).stem, language="en", date="",
                                 abstract=f"The codebook {archive}" + (f" ({origin})" if origin else "")
                                 + ", imported before any transcript.\n"),
        "codebook.yaml": codebook_yaml(book, groups, KeptGuids(log)),
        "participants.yaml": "participants: []\n",
    }
    unused = [c.id for a in book.areas for c in a.codes]
    if unused:
        files["reviewed.yaml"] = reviewed_unused(unused, f"Imported from {archive}, a codebook: no transcript is"
                                                         " coded with it yet.")
    log.note(f"{len(unused)} codes; none is applied to a row yet, so a new folder records their 'never used'"
             " warnings as reviewed in reviewed.yaml. Add transcripts in transcripts/ and code their rows")
    return Imported(files, log, 0, 0, len(book.known))
