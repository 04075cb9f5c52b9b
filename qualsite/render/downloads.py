"""Downloads: the rows and the references as CSV, the study's data files as a deterministic ZIP, the study and
its codebook in the REFI-QDA formats (`qualsite.refiqda.exporter`), the evidence as W3C Web Annotations
(`evidence`), and the metadata citing them all (`citation_meta`).

Identical input gives byte-identical files: rows in transcript order, `\\n` line
endings, ZIP entries sorted with timestamps taken from the study's date and
fixed permissions. Nothing under `data/private/` is ever packed.
"""

from __future__ import annotations

import posixpath
import re
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Iterator

from .. import urls
from ..labels import say
from ..load.files import FORMAT_DOC
from ..memo import Memo, remembered
from ..model import Project
from ..refiqda.exporter import codebook_qdc, study_qdpx_later
from ..zipped import Stamp, pack, pack_later
from .citation_meta import citation_cff, datapackage_json, zenodo_json
from .context import Context
from .evidence import evidence_jsonld
from .parts import link, page_title, raw_block
from .text import html_inline

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""The earliest time a ZIP entry can carry; used when the study has no date."""
DEFLATING_THREADS = 2
"""Threads deflating the archives beside the rest of the downloads (`pages`)."""


PATHS = (urls.DOWNLOADS_INDEX, urls.SEGMENTS_CSV, urls.CITATIONS_CSV, urls.DATA_ZIP, urls.STUDY_QDPX, urls.CODEBOOK_QDC,
         urls.EVIDENCE_JSONLD, urls.CITATION_CFF, urls.ZENODO_JSON, urls.DATAPACKAGE_JSON)
"""Every file `pages` makes."""


def pages(ctx: Context, root: Path) -> dict[str, str | bytes]:
    """`downloads/index.md`, `segments.csv`, `citations.csv`, `data.zip`, `study.qdpx`, `codebook.qdc`,
    `evidence.jsonld`, and the metadata citing them: `CITATION.cff`, `zenodo.json` and `datapackage.json`. With the
    incremental build's memo (`ctx.memo`), what an unchanged transcript or data file gives is not made again."""
    made: dict[str, str | bytes] = {}
    for part in parts(ctx, root):
        made.update(part)
    return made


def parts(ctx: Context, root: Path) -> Iterator[dict[str, str | bytes]]:
    """`pages`, in two parts: the two CSV files, then the rest. The CSV files are most of what the guard searches
    here, and come first so that its process searches them while the archives are made (at 1,000 interviews it
    otherwise had nothing to do for the 3–4 s this kind takes)."""
    segments, citations = segments_csv(ctx.project, ctx.memo), citations_csv(ctx)
    yield {urls.SEGMENTS_CSV: segments, urls.CITATIONS_CSV: citations}
    study = ctx.project.study
    # The two archives are deflated on other threads while the rest is made here: deflating was half of this
    # kind's time at 1,000 interviews. The threads start after the first part is handed over, and are done before
    # the second is, so no thread runs when the guard forks its process for either.
    with ThreadPoolExecutor(DEFLATING_THREADS, thread_name_prefix="qualsite-deflate") as threads:
        data = data_zip_later(ctx.project, root, ctx.memo, threads)
        qdpx = study_qdpx_later(ctx.project, ctx.memo, threads)
        qdc, annotations = codebook_qdc(ctx.project), evidence_jsonld(ctx)
        files: dict[str, str | bytes] = {
            urls.SEGMENTS_CSV: segments,
            urls.CITATIONS_CSV: citations,
            urls.DATA_ZIP: data(),
            urls.STUDY_QDPX: qdpx(),
            urls.CODEBOOK_QDC: qdc,
            urls.EVIDENCE_JSONLD: annotations,
        }
    yield {
        urls.DOWNLOADS_INDEX: index(ctx),
        **{path: content for path, content in files.items() if path not in (urls.SEGMENTS_CSV, urls.CITATIONS_CSV)},
        urls.CITATION_CFF: citation_cff(study, ctx.base_url),
        urls.ZENODO_JSON: zenodo_json(study),
        urls.DATAPACKAGE_JSON: datapackage_json(study, files, ctx.base_url),
    }


def index(ctx: Context) -> str:
    lab, page, study = ctx.labels, urls.DOWNLOADS_INDEX, ctx.project.study
    items = [
        (urls.SEGMENTS_CSV, lab.segments_csv, lab.segments_csv_about),
        (urls.CITATIONS_CSV, lab.citations_csv, lab.citations_csv_about),
        (urls.DATA_ZIP, lab.data_zip, lab.data_zip_about),
        (urls.STUDY_QDPX, lab.study_qdpx, lab.study_qdpx_about),
        (urls.CODEBOOK_QDC, lab.codebook_qdc, lab.codebook_qdc_about),
        (urls.EVIDENCE_JSONLD, lab.evidence_jsonld, lab.evidence_jsonld_about),
        (urls.CITATION_CFF, lab.citation_cff, lab.citation_cff_about),
        (urls.ZENODO_JSON, lab.zenodo_json, lab.zenodo_json_about),
        (urls.DATAPACKAGE_JSON, lab.datapackage_json, lab.datapackage_json_about),
    ]
    lines = [f"<p>{html_inline(lab.downloads_intro)}</p>", '<ul class="qs-downloads">']
    lines += [
        f"<li>{link(page, target, html_inline(title))} ({html_inline(posixpath.basename(target))}): {html_inline(about)}</li>"
        for target, title, about in items
    ]
    lines.append("</ul>")
    if study.licence:
        lines.append(f'<p><span class="qs-label">{html_inline(lab.licence)}:</span> {html_inline(study.licence)}</p>')
    if study.citation:
        lines.append(f'<p><span class="qs-label">{html_inline(lab.how_to_cite)}:</span> {html_inline(study.citation)}</p>')
    return page_title(lab.downloads) + raw_block(*lines)


FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
"""Cells a spreadsheet would run as a formula (OWASP, CSV injection): those starting with `=`, `+`, `-`, `@`, a tab
or a carriage return, and, so that defusing can be undone, those starting with single quotes before one of these."""


def defused(cell: object) -> str:
    """A CSV cell as a spreadsheet may open it safely: one `'` before a cell that could start a formula
    (`=HYPERLINK(…)` → `'=HYPERLINK(…)`), every other cell as it is. Undo it by removing one leading `'` from cells
    that match `FORMULA_START` after it; `data.zip` keeps the text byte for byte."""
    text = str(cell)
    if not text or text[0] not in FORMULA_FIRST:
        return text  # the common case, decided without the pattern
    return "'" + text if FORMULA_START.match(text) else text


FORMULA_FIRST = frozenset("'=+-@\t\r")
"""The characters a cell matching `FORMULA_START` can start with."""


def _csv(header: list[str] | None, rows) -> str:
    # Every cell quoted, as OWASP recommends beside the `'`: a defused cell must reach the spreadsheet as one cell.
    lines = [] if header is None else [_csv_line(header)]
    for row in rows:
        # `defused`, written out: segments.csv has half a million cells at 1,000 interviews.
        cells = [str(cell) for cell in row]
        lines.append(_csv_line(["'" + text if text and text[0] in FORMULA_FIRST and FORMULA_START.match(text)
                                else text for text in cells]))
    return "".join(lines)


def _csv_line(cells: list[str]) -> str:
    """One line as `csv.writer(quoting=csv.QUOTE_ALL, lineterminator="\\n")` writes it (tests/test_downloads_csv.py
    holds it to that): every cell in double quotes, a double quote in a cell doubled. Written here because the
    writer, and the lists it wants, were most of the time spent on segments.csv."""
    return '"' + '","'.join([cell.replace('"', '""') for cell in cells]) + '"\n' if cells else "\n"


def segments_csv(project: Project, memo: Memo | None = None) -> str:
    """`transcript,row,speaker,text,codes`: one line per row, codes joined by `; `. With a `memo`, the lines of a
    transcript unchanged since the last build are the ones it wrote."""
    return _csv(["transcript", "row", "speaker", "text", "codes"], []) + "".join(
        remembered(memo, ("segments", t.id), (t,), lambda t=t: _csv(None, (
            [r.transcript, r.n, r.speaker, r.text, "; ".join(r.codes)] for r in t.rows)))
        for t in project.transcripts)


CITATIONS_COLUMNS = ["page", "ref", "quote", "status", "detail", "suggestion"]


def citations_csv(ctx: Context) -> str:
    """`page,ref,quote,status,detail,suggestion`: one line per reference, then one per quotation without a citation
    (status `uncited`, `ref` and `detail` empty, `suggestion` the row it was found in, or empty if none holds it);
    `page` is where the quote stands on the site."""
    lines = []
    for item in ctx.evidence.citations:
        citation = item.citation
        document = ctx.documents.get(citation.document)
        page = urls.site_url(urls.document_page(document), urls.citation_anchor(citation.ordinal)) if document else citation.document
        rows = list(item.rows) + [None] * (len(citation.references) - len(item.rows))
        for ref, row in zip(citation.references, rows):
            status = "unresolved" if row is None else item.status
            lines.append([page, ref.label, citation.quote, status, say(item.detail, ctx.language), ""])
    for quote in ctx.evidence.uncited:
        document = ctx.documents.get(quote.document)
        page = urls.site_url(urls.document_page(document)) if document else quote.document
        suggestion = quote.suggestion.label if quote.suggestion is not None else ""
        lines.append([page, "", quote.quote, "uncited", "", suggestion])
    return _csv(CITATIONS_COLUMNS, lines)


def zip_timestamp(date: str, year: int | None) -> tuple[int, int, int, int, int, int]:
    """Midnight of the study's date (`2023-05-25`), else 1 January of its year, else 1980-01-01."""
    try:
        y, m, d = (int(part) for part in date.split("-"))
        if y >= 1980:
            return (y, m, d, 0, 0, 0)
    except ValueError:
        pass
    return (year, 1, 1, 0, 0, 0) if year and year >= 1980 else ZIP_EPOCH


def publishable(path: str) -> bool:
    """Whether a data file may go into the archive: relative, inside the project, never under `data/private/`."""
    normal = posixpath.normpath(path.replace("\\", "/"))
    parts = normal.split("/")
    return not (normal.startswith(("/", "../")) or normal == ".." or "private" in parts[:-1] or ":" in parts[0])


FORMAT_README = Path(__file__).resolve().parents[2] / FORMAT_DOC
"""The format's documentation in qualsite's own folder (not the study's), published beside the data it explains."""


RELEASES = "data/releases/"
"""Left out of the archive: each release is a full copy of the transcripts, so the download would grow by the whole
corpus with every release. The archive holds the data as it is now (and builds as it is, with no releases); the
site shows every release's rows, and the repository keeps the files."""


def data_zip(project: Project, root: Path, memo: Memo | None = None) -> bytes:
    """The study's data files, read from `root`, and the format they follow, as a ZIP identical for identical files.
    With a `memo`, a file whose bytes are unchanged since the last build is not deflated again (`zipped.pack`)."""
    members, stamp = _data_members(project, root)
    return pack(members, stamp, memo, "data.zip")


def data_zip_later(project: Project, root: Path, memo: Memo | None, threads: Executor) -> Callable[[], bytes]:
    """`data_zip`, deflated by `threads` (`zipped.pack_later`): call the result for its bytes."""
    members, stamp = _data_members(project, root)
    return pack_later(members, stamp, memo, "data.zip", threads)


def _data_members(project: Project, root: Path) -> tuple[list[tuple[str, bytes]], Stamp]:
    stamp = zip_timestamp(project.study.date, project.study.year)
    # Entries are named as in a project (`data/…`) wherever the data folder was, so the archive unpacks into a
    # folder that builds as it is.
    data_dir = posixpath.dirname(posixpath.normpath(project.study.source.path.replace("\\", "/")))
    files = {posixpath.normpath(p.replace("\\", "/")) for p in project.data_files}
    names = sorted((posixpath.normpath(posixpath.join("data", posixpath.relpath(f, data_dir))), f) for f in files)
    members = [(name, (root / path).read_bytes()) for name, path in names
               # only the data folder's own files, never its private/, nor copies of earlier releases
               if name.startswith("data/") and publishable(name) and not name.startswith(RELEASES)]
    if FORMAT_README.is_file():
        members.append((FORMAT_DOC, FORMAT_README.read_bytes()))
    return members, stamp
