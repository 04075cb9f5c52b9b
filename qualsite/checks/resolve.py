"""Indexes built once per analysis: rows by citation label, and words to the rows that hold them.

Everything the checks look up goes through an `Index`, so no check scans all
rows per citation: resolving a reference is a dictionary lookup, and locating
a passage anywhere in the corpus reads the postings of its rarest words only.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from ..model import Project, Reference, Row, Transcript
from .words import Words, find_in_order, folded_words, fragments, words

RAREST = 6
"""How many of a passage's rarest words pick the candidate rows when locating it."""
CANDIDATES = 8
"""How many candidate rows are compared word for word when locating a passage."""
COMMON = 2000
"""Words held by more rows than this are too common to pick candidates, unless the passage has no rarer word."""


@dataclass(frozen=True)
class Located:
    """Where a passage was found in the corpus."""

    row: Row
    """The row that holds it best."""
    exact: bool
    """Whether every fragment of the passage appears in the row word for word, in order."""
    score: float
    """Share of the passage's words the row matches (1.0 when exact)."""


class Index:
    """Lookups over one project's transcripts; build once, query many times."""

    def __init__(self, project: Project):
        self.transcripts: dict[str, Transcript] = {t.id: t for t in project.transcripts}
        self.rows: list[Row] = [row for t in project.transcripts for row in t.rows]
        self._numbered: dict[tuple[str, int], list[Row]] = {}
        for row in self.rows:
            self._numbered.setdefault((row.transcript, row.n), []).append(row)
        self._words: dict[int, Words] = {}
        self._postings: dict[str, list[int]] | None = None

    def numbered(self, reference: Reference) -> tuple[Row, ...]:
        """Every row printed with the reference's transcript and number (usually one, none if it points nowhere)."""
        return tuple(self._numbered.get((reference.transcript, reference.n), ()))

    def words(self, row: Row) -> Words:
        """The row's text as words, computed once per row."""
        key = id(row)
        cached = self._words.get(key)
        if cached is None:
            cached = self._words[key] = words(row.text)
        return cached

    def locate(self, passage: str, *, exclude: tuple[Row, ...] = ()) -> Located | None:
        """The row, other than `exclude`, that best holds `passage`, or None when no row shares its rare words."""
        from .align import score_against  # alignment is only needed once candidates exist

        parts = fragments(passage)
        if not parts:
            return None
        best: Located | None = None
        for row in self._candidates(parts):
            if any(row is other for other in exclude):
                continue
            row_words = self.words(row)
            if find_in_order(parts, row_words.joined):
                return Located(row, True, 1.0)
            score = score_against(parts, row_words)
            if best is None or score > best.score:
                best = Located(row, False, score)
        return best

    def _candidates(self, parts: tuple[Words, ...]) -> list[Row]:
        postings = self._index()
        vocabulary = {w for part in parts for w in part.norm if w in postings}
        by_rarity = sorted(vocabulary, key=lambda w: (len(postings[w]), w))
        rarest = [w for w in by_rarity if len(postings[w]) <= COMMON][:RAREST] or by_rarity[:1]
        hits: Counter[int] = Counter()
        for word in rarest:
            hits.update(postings[word])
        return [self.rows[i] for i, _ in hits.most_common(CANDIDATES)]

    def _index(self) -> dict[str, list[int]]:
        """Word → positions (in `rows`) of the rows holding it; built on first use."""
        if self._postings is None:
            postings: defaultdict[str, list[int]] = defaultdict(list)
            for i, row in enumerate(self.rows):
                for word in set(folded_words(row.text)):
                    postings[word].append(i)
            self._postings = dict(postings)
        return self._postings
