"""REFI-QDA (QDA-XML 1.0): import a QDPX project into a data folder, export the study as QDPX and QDC.

    result = import_qdpx(Path("project.qdpx").read_bytes(), "project.qdpx", Options())
    write_folder(result.files, Path("data"), overwrite=False)
    study_qdpx(project), codebook_qdc(project)   # bytes, for the site's downloads

The core is pure: `container` opens the zip and finds the `.qde`, `schema`
validates against the official XSDs, `qde` reads the XML into plain records,
`offsets` decides per source how the tool counted selection offsets,
`speakers` splits text into speaker turns and pseudonymises them, `codes`
maps the codebook and its sets, `importer` turns the records into the files
of a data folder (`output` writes their text), `qdc` does the same for a
standalone codebook, `writer` writes them, and `exporter` turns a loaded
`Project` back into QDA-XML. Everything the import tolerates or changes is
reported in its log (`Log`).
"""

from __future__ import annotations

import importlib

# Each name is imported from its module when first asked for: a site build needs only the exporter (for its
# downloads), and importing the importer's modules and lxml cost every build 30–40 ms it never used.
_FROM = {"codebook_qdc": "exporter", "study_qdpx": "exporter", "Imported": "importer", "Options": "importer",
         "import_qdpx": "importer", "ImportFailed": "log", "Log": "log", "write_folder": "writer"}

__all__ = ["Imported", "ImportFailed", "Log", "Options", "codebook_qdc", "import_qdpx", "study_qdpx", "write_folder"]


def __getattr__(name: str) -> object:  # PEP 562: called for a name the module does not hold yet
    if name not in _FROM:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_FROM[name]}"), name)
    globals()[name] = value
    return value
