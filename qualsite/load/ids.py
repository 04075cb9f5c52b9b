"""Values that become parts of URLs, file names or CSS: ids, slugs, code ids and colours."""

from __future__ import annotations

import re

from ..urls import RESERVED, SAFE_ID, SAFE_SLUG, slugify
from .report import Report

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
GUID = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")
"""A REFI-QDA GUID as tools write it: 8-4-4-4-12 hex digits, any case, optionally in braces."""
GUID_EXAMPLE = "3f2b8c1e-5d4a-4b6e-9c1f-2a7e8d9b0c31"
CODE_ID = re.compile(r"^[^\s,;\[\](){}]+$")
"""Code ids are listed in rows separated by `,` or `;`, so they hold no separators, brackets or spaces."""


_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def shown(value: str) -> str:
    """`value` for a one-line message: control and invisible characters written as escapes (`R1\\n`)."""
    return _INVISIBLE.sub(lambda m: "\\n" if m.group() == "\n" else f"\\u{ord(m.group()):04x}", value)


def check_id(value: str, line: int | None, report: Report, *, what: str) -> bool:
    """Whether `value` is a safe id (`R1`, `PK`); reports it if not."""
    if SAFE_ID.fullmatch(value):
        return True
    suggestion = re.sub(r"[^A-Za-z0-9_-]+", "", value) or "R1"
    report.error(line, f"{what} '{shown(value)}' cannot be used in web addresses; use only letters A-Z a-z, digits, _ and -,"
                 f" starting with a letter or digit, at most 64 characters (e.g. {suggestion[:64]})", "unsafe-id")
    return False


def check_slug(value: str, line: int | None, report: Report, *, what: str, fix: str) -> bool:
    """Whether `value` is a safe slug not reserved by the site; reports it if not.

    `what` names the slug in the message (`slug 'index'`); `fix` says where to change it.
    """
    if value in RESERVED:
        report.error(line, f"{what} is taken by the site's own pages ({', '.join(sorted(RESERVED))});"
                     f" {fix}, e.g. {value}-1", "unsafe-slug")
        return False
    if SAFE_SLUG.fullmatch(value):
        return True
    report.error(line, f"{what} may hold only lower-case letters a-z, digits and hyphens, starting with a"
                 f" letter or digit, at most 80 characters; {fix}, e.g. {slugify(value)}", "unsafe-slug")
    return False


def check_code_id(value: str, line: int | None, report: Report) -> bool:
    """Whether `value` can be a code id (`MHÅLL`, `DIG-MED`); reports it if not."""
    if CODE_ID.fullmatch(value):
        return True
    suggestion = re.sub(r"[\s,;\[\](){}]+", "_", value).strip("_") or "KOD"
    report.error(line, f"code '{shown(value)}' holds a space, comma, semicolon or bracket, which rows use to separate codes;"
                 f" write it without them, e.g. code: {suggestion}", "unsafe-id")
    return False


def check_colour(value: str, line: int | None, report: Report) -> bool:
    """Whether `value` is `#rrggbb`; reports it if not."""
    if COLOUR.fullmatch(value):
        return True
    report.error(line, f"colour '{shown(value)}' is not a colour written as #rrggbb; write # and six hex digits in quotes,"
                 ' e.g. colour: "#2e7d32"', "bad-colour")
    return False


def read_guid(value: str, line: int | None, report: Report) -> str:
    """`value` as a GUID in lower case without braces (the form the export writes), or "" after reporting it."""
    match = GUID.fullmatch(value.strip())
    if match and value.strip().count("{") == value.strip().count("}"):
        return match.group(1).lower()
    report.error(line, f"guid '{value}' is not a GUID written as 8-4-4-4-12 hexadecimal digits; write it like"
                 f" guid: {GUID_EXAMPLE}, or remove it (the REFI-QDA export then derives one from the id)", "bad-guid")
    return ""
