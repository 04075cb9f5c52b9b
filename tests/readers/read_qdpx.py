"""What pyrefiqda and pyqdpx read from a QDPX project (and pyrefiqda from a QDC codebook), printed as JSON.

Run by tests/test_refiqda_readers.py with the readers' own venv, never the project's:

    python read_qdpx.py STUDY.qdpx CODEBOOK.qdc

Each reader is used through its documented API; only pyqdpx's cases are read from
the document it parsed (`QDE._bs4_obj`), since pyqdpx has no API for cases.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import io
import json
import sys
import tempfile
import traceback
from pathlib import Path


def pyrefiqda_reads(qdpx: Path, qdc: Path) -> dict:
    from pyrefiqda.reficodebook import RefiCodebook
    from pyrefiqda.refiproject import RefiProject

    def code(c) -> dict:  # type: ignore[no-untyped-def]
        return {"guid": c.guid, "name": c.name, "codable": c.is_codable, "description": c.description or "",
                "children": [code(k) for k in c.code]}

    with tempfile.TemporaryDirectory() as folder:
        project = RefiProject.load(qdpx, extract_dir=folder)
        sources = []
        for source in project.sources.text_source:
            path = RefiProject.resolve_source_path(source.plain_text_path, folder)
            text = path.read_text(encoding="utf-8")
            sources.append({
                "guid": source.guid, "name": source.name, "creating_user": source.creating_user,
                "selections": [{
                    "text": text[s.start_position:s.end_position], "creating_user": s.creating_user,
                    "codings": [{"code": c.code_ref.target_guid, "creating_user": c.creating_user}
                                for c in s.coding]}
                    for s in source.plain_text_selection]})
    codebook = RefiCodebook.load(qdc)
    return {
        "version": importlib.metadata.version("pyrefiqda"),
        "name": project.name,
        "creating_user": project.creating_user_guid,
        "users": [{"guid": u.guid, "name": u.name} for u in (project.users.user if project.users else [])],
        "codes": [code(c) for c in project.code_book.codes.code],
        "qdc_codes": [code(c) for c in codebook.codes.code],
        "sources": sources,
        "cases": [{"name": c.name, "sources": [r.target_guid for r in c.source_ref]}
                  for c in (project.cases.case if project.cases else [])],
    }


def pyqdpx_reads(qdpx: Path) -> dict:
    import pyqdpx

    printed = io.StringIO()  # pyqdpx reports what it skips by printing
    with contextlib.redirect_stdout(printed):
        project = pyqdpx.QDPX(str(qdpx)).get_project()
        codes = [{"guid": c.guid, "name": c.name, "codable": c.is_codable, "description": c.description or "",
                  "parent": c.parent.guid if c.parent else None} for c in project.codes.values()]
        sources = [{
            "guid": s.guid, "name": s.name,
            "selections": [{"text": sel.text, "code": sel.code.guid, "user": sel.user.name}
                           for sel in s.coded_selections.values()]}
            for s in project.sources.values()]
        cases = [c.get("name") for c in project._bs4_obj.find_all("Case")]
    return {
        "version": importlib.metadata.version("pyqdpx"),
        "users": [{"guid": u.guid, "name": u.name} for u in project.users.values()],
        "codes": codes, "sources": sources, "cases": cases, "printed": printed.getvalue(),
    }


def main() -> None:
    qdpx, qdc = Path(sys.argv[1]), Path(sys.argv[2])
    found: dict[str, object] = {}
    for name, read in (("pyrefiqda", lambda: pyrefiqda_reads(qdpx, qdc)), ("pyqdpx", lambda: pyqdpx_reads(qdpx))):
        try:
            found[name] = read()
        except Exception:  # a reader that fails is a finding, reported with its traceback
            found[name] = {"error": traceback.format_exc()}
    json.dump(found, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
