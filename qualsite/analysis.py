"""The counts behind the analysis views: codes × participants, and codes × codes (co-occurrence).

Pure: the project in, frozen tables out. One pass over the rows builds both
tables. Co-occurrence looks only at the pairs of codes within each row, so it
costs rows × (codes per row)², at most rows × codes², never rows².

A row is the unit counted. A row coded DIGMED and SHÅLL counts once in the
DIGMED cell, once in the SHÅLL cell, and once in the DIGMED–SHÅLL pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Mapping

from .memo import Memo, remembered
from .model import CheckedCitation, Evidence, Project, Row, Transcript

Pair = tuple[str, str]


@dataclass(frozen=True)
class Tabulation:
    """Which rows carry each code, per participant and per pair of codes."""

    codes: tuple[str, ...]
    """Every code applied to some row or defined in the codebook: codebook order, then unknown codes sorted."""
    participants: tuple[str, ...]
    """Participants with a transcript, in transcript order (each transcript is one participant's interview)."""
    cells: Mapping[tuple[str, str], tuple[Row, ...]]
    """(code, participant) → the participant's rows coded with it, in transcript order; only non-empty cells."""
    pairs: Mapping[Pair, tuple[Row, ...]]
    """(code, other code), in `codes` order → the rows coded with both; only pairs that share a row."""
    code_rows: Mapping[str, int]
    """Code → number of rows coded with it."""
    rank: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)
    """Code → its position in `codes`; filled in by `tabulate`."""

    def __post_init__(self) -> None:
        if not self.rank:
            object.__setattr__(self, "rank", {code: i for i, code in enumerate(self.codes)})

    def key(self, code_a: str, code_b: str) -> Pair:
        """The pair in `codes` order, the way `pairs` is keyed."""
        return (code_a, code_b) if self.rank[code_a] <= self.rank[code_b] else (code_b, code_a)

    def count(self, code: str, participant: str) -> int:
        """Rows of `participant` coded `code`."""
        return len(self.cells.get((code, participant), ()))

    def pair_rows(self, code_a: str, code_b: str) -> tuple[Row, ...]:
        """Rows coded with both codes (symmetric)."""
        if code_a not in self.rank or code_b not in self.rank:
            return ()
        return self.pairs.get(self.key(code_a, code_b), ())

    def pair_count(self, code_a: str, code_b: str) -> int:
        """Rows coded with both codes; for a code with itself, the rows coded with it."""
        if code_a == code_b:
            return self.code_rows.get(code_a, 0)
        return len(self.pair_rows(code_a, code_b))

    def c_coefficient(self, code_a: str, code_b: str) -> float:
        """ATLAS.ti's c-coefficient, n12 / (n1 + n2 − n12): the Jaccard index of the two codes' sets of rows.

        0 when the codes never share a row, 1 when they are always applied together; 0 for two unused codes.
        """
        n12 = self.pair_count(code_a, code_b)
        union = self.code_rows.get(code_a, 0) + self.code_rows.get(code_b, 0) - n12
        return n12 / union if union else 0.0

    def code_total(self, code: str) -> int:
        """Rows coded `code`, all participants together (the row total of the matrix)."""
        return self.code_rows.get(code, 0)

    def participant_total(self, participant: str, codes: tuple[str, ...] | None = None) -> int:
        """Sum of the participant's cells over `codes` (all codes by default): a row with two codes counts twice."""
        return sum(self.count(code, participant) for code in (self.codes if codes is None else codes))

    def partners(self, code: str) -> list[tuple[str, int]]:
        """The codes sharing rows with `code`, most shared rows first (ties in `codes` order), with the counts."""
        found = [(other, self.pair_count(code, other)) for other in self.codes if other != code]
        return sorted((item for item in found if item[1]), key=lambda item: -item[1])


def tabulate(project: Project, memo: Memo | None = None) -> Tabulation:
    """Count, in one pass over the rows, every code per participant and every pair of codes sharing a row. With a
    `memo`, a transcript unchanged since the last build is not counted again: its counts are added as they were."""
    known = [code.id for code in project.codebook.codes]
    used = set().union(*(remembered(memo, ("codes used", t.id), (t,), lambda t=t: _codes_used(t))
                         for t in project.transcripts))
    codes = tuple(known) + tuple(sorted(used - set(known)))
    rank = {code: i for i, code in enumerate(codes)}
    cells: dict[tuple[str, str], list[Row]] = {}
    pairs: dict[Pair, list[Row]] = {}
    code_rows: dict[str, int] = {}
    for transcript in project.transcripts:
        own_cells, own_pairs, own_code_rows = remembered(memo, ("counted", transcript.id), (transcript, codes),
                                                         lambda t=transcript: _count(t, rank))
        for key, rows in own_cells.items():
            cells.setdefault(key, []).extend(rows)
        for pair, rows in own_pairs.items():
            pairs.setdefault(pair, []).extend(rows)
        for code, n in own_code_rows.items():
            code_rows[code] = code_rows.get(code, 0) + n
    participants = tuple(dict.fromkeys(t.participant for t in project.transcripts))
    return Tabulation(
        codes=codes,
        participants=participants,
        cells={key: tuple(rows) for key, rows in cells.items()},
        pairs={key: tuple(rows) for key, rows in pairs.items()},
        code_rows=code_rows,
        rank=rank,
    )


def _codes_used(transcript: Transcript) -> frozenset[str]:
    return frozenset(code for row in transcript.rows for code in row.codes)


def _count(transcript: Transcript, rank: Mapping[str, int]) -> tuple[dict, dict, dict[str, int]]:
    """One transcript's part of `tabulate`: its cells, pairs and rows per code."""
    cells: dict[tuple[str, str], list[Row]] = {}
    pairs: dict[Pair, list[Row]] = {}
    code_rows: dict[str, int] = {}
    for row in transcript.rows:
        for code in row.codes:
            cells.setdefault((code, transcript.participant), []).append(row)
            code_rows[code] = code_rows.get(code, 0) + 1
        for pair in combinations(sorted(set(row.codes), key=rank.__getitem__), 2):
            pairs.setdefault(pair, []).append(row)
    return {k: tuple(v) for k, v in cells.items()}, {k: tuple(v) for k, v in pairs.items()}, code_rows


def citations_by_code(evidence: Evidence) -> dict[str, tuple[CheckedCitation, ...]]:
    """Code → the citations that cite at least one row carrying it, in document then reading order."""
    found: dict[str, list[CheckedCitation]] = {}
    for item in evidence.citations:
        codes = dict.fromkeys(code for row in item.rows if row is not None for code in row.codes)
        for code in codes:
            found.setdefault(code, []).append(item)
    return {code: tuple(items) for code, items in found.items()}
