"""`transcripts/<ID>.csv` → raw rows: a header `n,speaker,text,codes`, then one row per utterance.

Columns may come in any order; the file may separate them with `,` or (as
Excel does in Swedish) `;`. Codes within the `codes` cell are separated by `;`
or `,`. Line numbers are the file's: the header is line 1.
"""

from __future__ import annotations

import csv
import io
import re

from .report import Report
from .rows import RawRow, row_number

COLUMNS = ("n", "speaker", "text", "codes")
"""The columns a CSV transcript must have, in their usual order."""

_CODE_SEPARATOR = re.compile(r"[;,]")


def read_rows(text: str, report: Report) -> list[RawRow] | None:
    """The rows of a CSV transcript, or None if its header is wrong (then nothing else can be read)."""
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        header = next(reader, [])
    except csv.Error as error:  # pragma: no cover - csv in non-strict mode rarely raises
        report.error(1, f"the header cannot be read as CSV ({error}); write it as {','.join(COLUMNS)}", "csv-header")
        return None
    columns = [name.strip().lower() for name in header]
    if sorted(columns) != sorted(COLUMNS):
        _header_problem(header, columns, report)
        return None
    index = {name: columns.index(name) for name in COLUMNS}
    rows: list[RawRow] = []
    while True:
        line = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as error:  # pragma: no cover
            report.error(line, f"this row cannot be read as CSV ({error}); check its quotes", "csv-row")
            break
        if not any(field.strip() for field in fields):
            continue  # blank lines and Excel's empty ,,, rows
        if len(fields) != len(columns):
            report.error(line, f"this row has {len(fields)} columns but the header has {len(columns)}; put text that"
                         f' holds {delimiter} or line breaks in double quotes, e.g. 4{delimiter}R1{delimiter}"Ja{delimiter}'
                         f' absolut"{delimiter}DIGMED', "csv-row")
            continue
        n = row_number(fields[index["n"]], line, report, example="4 in the n column")
        speaker = fields[index["speaker"]].strip()
        if not speaker:
            report.error(line, "this row has no speaker; write the speaker's id in the speaker column, e.g. R1",
                         "missing-field")
        codes = tuple(code.strip() for code in _CODE_SEPARATOR.split(fields[index["codes"]]) if code.strip())
        if n is not None and speaker:
            rows.append(RawRow(n, speaker, fields[index["text"]], codes, line))
    return rows


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") == len(COLUMNS) - 1 and "," not in first else ","


def _header_problem(header: list[str], columns: list[str], report: Report) -> None:
    expected = ",".join(COLUMNS)
    found = ",".join(name.strip() for name in header) or "nothing"
    missing = [c for c in COLUMNS if c not in columns]
    unexpected = [h.strip() for h, c in zip(header, columns) if c not in COLUMNS]
    repeated = sorted({c for c in columns if columns.count(c) > 1 and c in COLUMNS})
    details = [f"{label} {_and(names)}" for label, names in
               (("missing", missing), ("unexpected", unexpected), ("repeated", repeated)) if names]
    report.error(1, f"the CSV header is '{found}' but must be '{expected}' ({', '.join(details)}); make the first"
                 f" line exactly {expected}", "csv-header")


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
