"""`downloads/evidence.jsonld`: the study's evidence as W3C Web Annotations, so anyone can verify every quote by
machine.

Each reference of each citation is one annotation: its body is the claim (the citation where the findings print it,
in its section, with the quote as printed there), its target the cited row (the row's permalink, with a
`TextQuoteSelector` and a `TextPositionSelector` of the quoted passage within the row's text, from
`qualsite.selectors`), and it carries the quote check's verdict and the release it belongs to. The annotations form
one `AnnotationCollection`. The context is the W3C's own (`http://www.w3.org/ns/anno.jsonld`) plus a few terms of
qualsite's, in the `urn:qualsite:` namespace (documented in format/README.md). Addresses are absolute under
`mkdocs.yml`'s `site_url`; without one they are relative to this file, as JSON-LD resolves them.
"""

from __future__ import annotations

import json

from .. import urls
from ..labels import say
from ..model import Study
from ..selectors import CitedPassage, cited_passages
from .citation_meta import doi_url, full_title, release_version
from .context import Context
from .parts import document_title

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
QUALSITE = "urn:qualsite:"
QUALSITE_CONTEXT = {
    "qs": QUALSITE,
    "status": "qs:status",
    "detail": "qs:detail",
    "release": "qs:release",
    "reference": "qs:reference",
    "quote": "qs:quote",
    "section": {"@id": "qs:section", "@type": "@id"},
    "doi": {"@id": "qs:doi", "@type": "@id"},
}
"""qualsite's own terms, beside the W3C's: the verdict and its explanation, the release, the reference as written,
the quote as printed in the claim, the section of the findings holding the claim, and the study's DOI."""
FROM_DOWNLOADS = ".."
"""Without a base URL, the site's root as seen from `downloads/`, where the file is served."""


def evidence_jsonld(ctx: Context) -> str:
    """The whole manifest as JSON-LD text, identical for identical input."""
    study = ctx.project.study
    passages = cited_passages(ctx.evidence.citations)
    collection: dict = {
        "@context": [ANNO_CONTEXT, QUALSITE_CONTEXT],
        "id": _address(ctx, urls.EVIDENCE_JSONLD),
        "type": "AnnotationCollection",
        "label": f"Evidence: {full_title(study)}",
    }
    collection |= _release(study)
    if study.doi:
        collection["doi"] = doi_url(study.doi)
    collection["total"] = len(passages)
    collection["first"] = {
        "type": "AnnotationPage",
        "startIndex": 0,
        "items": [annotation(ctx, passage) for passage in passages],
    }
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


def annotation(ctx: Context, passage: CitedPassage) -> dict:
    """One reference as an annotation: claim → quote → row."""
    item, citation = passage.citation, passage.citation.citation
    document = ctx.documents[citation.document]
    page = urls.document_page(document)
    body: dict = {
        "id": _address(ctx, page, urls.citation_anchor(citation.ordinal)),
        "type": "Text",
        "label": citation.section_title or document_title(document),
        "section": _address(ctx, page, citation.section_id),
    }
    if citation.quote:
        body["quote"] = citation.quote
    result: dict = {
        "id": f"#{urls.evidence_id(citation.document, citation.ordinal, passage.number)}",
        "type": "Annotation",
        "motivation": "linking",
        "body": body,
        "target": {
            "type": "SpecificResource",
            "source": _address(ctx, urls.transcript_page(passage.row.transcript), urls.row_anchor(passage.row)),
            "reference": passage.reference.label,
            "selector": [
                {"type": "TextQuoteSelector", "exact": passage.quote.exact, "prefix": passage.quote.prefix,
                 "suffix": passage.quote.suffix},
                {"type": "TextPositionSelector", "start": passage.position.start, "end": passage.position.end},
            ],
        },
        "status": item.status,
    }
    detail = say(item.detail, ctx.language)
    if detail:
        result["detail"] = detail
    return result | _release(ctx.project.study)


def _release(study: Study) -> dict:
    version = release_version(study)
    return {"release": version} if version else {}


def _address(ctx: Context, page: str, anchor: str = "") -> str:
    """The permalink of `page` (and `anchor`): absolute under the site's address, else relative to this file."""
    return urls.permalink(ctx.base_url or FROM_DOWNLOADS, release_version(ctx.project.study), page, anchor)
