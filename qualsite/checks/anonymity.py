"""Anonymity: forbidden terms never reach the site, and likely identifiers are flagged for review.

Messages never echo a forbidden term or a flagged name in full (logs get
published too): they show its first letter and length, and where to look.
The corpus's own redaction mark, `—`, is never flagged.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import struct
import unicodedata
import zipfile
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Callable, Hashable, Iterable, Iterator, Mapping

from ..citations import ParsedDocument
from ..memo import Memo, remembered
from ..model import Document, Project, Source
from ..labels import message
from ..load.files import OUTSIDE_MESSAGE, outside
from .. import parallel
from ..parallel import Forked, can_fork
from ..problems import Problem, warning
from .fold import FoldedText, fold, folded_vocabulary, markup_text, tag_lines, visible_text

PRIVATE_TERMS = "private/forbidden-terms.txt"
"""Relative to the data directory: one forbidden term per line, `#` comments; kept out of version control."""

SECRET_ENV = "QUALSITE_FORBIDDEN_TERMS"
"""The environment variable that brings the same list into a build where `data/private/` does not exist (the
workflow sets it from a repository secret of that name): the file's content, one term a line."""


# --- Forbidden terms -----------------------------------------------------------------


@dataclass(frozen=True)
class ForbiddenTerm:
    """A term that must never be published, and where it was declared (for messages that cannot echo it)."""

    text: str
    """The term itself."""
    origin: str
    """Where it is declared, as messages show it (`#2 in forbidden-terms.txt`)."""

    def masked(self) -> str:
        """`'E…' (6 letters, #2 in forbidden-terms.txt)`: enough to find it, not enough to read it."""
        text = unicodedata.normalize("NFC", self.text)  # a term listed decomposed has as many letters as composed
        letters = len(text)
        return f"'{text[:1]}…' ({letters} letter{'s' if letters != 1 else ''}, {self.origin})"


def forbidden_terms(project: Project, root: Path | str | None = None) -> tuple[ForbiddenTerm, ...]:
    """Every term that must never be published: those given in memory, then those of
    `data/private/forbidden-terms.txt` if it exists, then those of the `QUALSITE_FORBIDDEN_TERMS` secret if set."""
    terms = [
        ForbiddenTerm(text.strip(), f"#{i} in the study's forbidden_terms")
        for i, text in enumerate(project.study.forbidden_terms, 1)
        if text.strip()
    ]
    path = _private_file(project, root)
    if path.is_file() and not outside(path, path.parents[1]):  # check_private_file reports a link out of data/
        terms += _listed(path.read_text(encoding="utf-8"), path.name)
    terms += _listed(os.environ.get(SECRET_ENV, ""), f"the {SECRET_ENV} secret")
    return tuple(terms)


def _listed(text: str, origin: str) -> list[ForbiddenTerm]:
    """The terms of a list in the format of forbidden-terms.txt: one a line, `#` starts a comment."""
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [ForbiddenTerm(term, f"#{number} in {origin}") for number, term in enumerate(filter(None, lines), 1)]


def check_private_terms_arrived(project: Project, terms: tuple[ForbiddenTerm, ...]) -> list[Problem]:
    """An error when the study says it protects names but no list of them reached this build: fail closed, since
    the guard would otherwise pass everything (as in a CI run whose secret is missing)."""
    if not project.study.private_terms or terms:
        return []
    return [Problem(project.study.source, "the study sets private_terms: true, but no forbidden terms reached this"
                    f" build; put them in data/{PRIVATE_TERMS} (one a line), or in CI set the repository secret"
                    f" {SECRET_ENV} to that list — see format/README.md#anonymity", "error", "private-terms-missing")]


def check_private_file(project: Project, root: Path | str | None = None) -> list[Problem]:
    """An error when `data/private/forbidden-terms.txt` is a link leading out of the data folder: the build reads
    no file from elsewhere, not even the list of names to protect (the secret is the way to keep it elsewhere)."""
    path = _private_file(project, root)
    if not outside(path, path.parents[1]):
        return []
    where = Path(project.study.source.path).parent / PRIVATE_TERMS
    return [Problem(Source(where.as_posix()), OUTSIDE_MESSAGE, "error", "link-outside")]


def _private_file(project: Project, root: Path | str | None) -> Path:
    data_dir = Path(project.study.source.path).parent
    return Path(root if root is not None else Path.cwd()) / data_dir / PRIVATE_TERMS


WORD_BEFORE = r"(?<!\w)"
WORD_AFTER = r"s?(?!\w)"
"""What makes a term a whole word, for the forbidden-term check and for the REFI-QDA import's redaction alike:
no letter, digit or `_` right before it, none right after it but a genitive `s` (`Lunds` is `Lund`). A hyphen
breaks words, so `Lund-based` holds `Lund` and `Anna-Karin` holds `Anna`."""


def term_regex(terms: Iterable[str], ignore_case: bool = True) -> re.Pattern | None:
    """One pattern finding any of `terms` as whole words (`WORD_BEFORE`, `WORD_AFTER`), any whitespace between the
    words of a term, longest first; group 1 is the term as written in the text. None for no terms."""
    keys = sorted({" ".join(t.split()) for t in terms if t.strip()}, key=lambda k: (-len(k), k))
    body = "|".join(r"\s+".join(map(re.escape, key.split(" "))) for key in keys)
    if not body:
        return None
    return re.compile(rf"{WORD_BEFORE}({body}){WORD_AFTER}", re.IGNORECASE if ignore_case else 0)


def term_key(text: str) -> str:
    """How a term found in a text is looked up: case and runs of whitespace do not matter."""
    return " ".join(text.casefold().split())


class TermMatcher:
    """Finds any of many terms in one pass over folded text (`checks.fold`): whole words (`WORD_BEFORE`,
    `WORD_AFTER`), whatever the case, normal form, invisible characters, markup or line breaks in between.

    The terms are folded the same way and compiled into one regular expression shaped as a trie of their letters,
    so a text is scanned once however many terms there are, not once per term."""

    def __init__(self, terms: Iterable[ForbiddenTerm | str]):
        self.terms: dict[str, ForbiddenTerm] = {}
        for i, term in enumerate(terms, 1):
            if isinstance(term, str):
                term = ForbiddenTerm(term, f"#{i}")
            key = fold(term.text).strip()  # whitespace folded to single spaces, which the pattern reads as \s+
            if key:
                self.terms.setdefault(key, term)
        # The lookahead for the terms' first letters comes first: the regex engine tests it with one character-set
        # lookup, so most positions of a text are left at once, without the look-behind and the trie (a third of
        # the scan on a large site).
        firsts = "".join(sorted({re.escape(key[0]) for key in self.terms}))
        self._quoted_terms = any('"' in key or "\0" in key for key in self.terms)
        self.pattern = (re.compile(rf"(?=[{firsts}]){WORD_BEFORE}({_trie(sorted(self.terms))}){WORD_AFTER}")
                        if self.terms else None)
        # Every match of `pattern` starts with its term's first word, a whole word that holds no whitespace, so it
        # stands inside one whitespace-separated piece of the text: before it the piece's start or a non-word
        # character, after it the piece's end (a term of several words goes on after whitespace) or what
        # WORD_AFTER allows. The gate is that first word as `pattern` reads it, searched in the distinct pieces
        # joined by line breaks (not word characters, as the whitespace they stand for): it finds something
        # whenever `pattern` would, in a text a corpus' repeated vocabulary makes far shorter. Folding commutes
        # with splitting at whitespace (`fold.folded_vocabulary`), so the pieces are folded after they are
        # collected, and a batch where the gate stays shut is never folded whole.
        first_words = sorted({key.split(" ", 1)[0] for key in self.terms})
        self._gate = (re.compile(rf"(?=[{firsts}]){WORD_BEFORE}(?:{_trie(first_words)}){WORD_AFTER}")
                      if self.terms else None)

    def find(self, text: str) -> Iterator[ForbiddenTerm]:
        """Each term occurring in `text`, once per occurrence."""
        for _, term in self.locate(text):
            yield term

    def locate(self, text: str) -> Iterator[tuple[int, ForbiddenTerm]]:
        """(1-based line, term) for each occurrence in `text`, its tags' attributes and comments included; a term
        broken over lines counts on its first."""
        if self.pattern is None:
            return
        visible, tags = self.scan(text)
        yield from visible
        yield from self.locate_in_tags(text, self.tags_with_terms(tags))

    def scan(self, text: str) -> tuple[list[tuple[int, ForbiddenTerm]], frozenset[str]]:
        """(line, term) for each occurrence in `text` as a reader sees it, without its tags and comments; and those
        tags, for `tags_with_terms`."""
        visible, tags = visible_text(text)
        if len(visible) >= GATED_CHARACTERS and not self._gate_opens(folded_vocabulary([visible])):
            return [], tags
        return self.found_in(FoldedText.of_visible(visible, tags)), tags

    def scan_many(self, texts: Iterable[str]) -> Iterator[tuple[list[tuple[int, ForbiddenTerm]], frozenset[str]]]:
        """`scan` of each of `texts`, in turn. The texts are taken a batch at a time, and a batch folded and searched
        text by text only when the terms' first words stand in the vocabulary of the batch (`may_occur`)."""
        batch: list[tuple[str, frozenset[str]]] = []
        size = 0
        for text in texts:
            visible, tags = visible_text(text)
            batch.append((visible, tags))
            size += len(visible)
            if size >= BATCH_CHARACTERS:  # bounds the memory of texts held at once
                yield from self._scan_batch(batch)
                batch, size = [], 0
        yield from self._scan_batch(batch)

    def _scan_batch(self, batch: list[tuple[str, frozenset[str]]]
                    ) -> Iterator[tuple[list[tuple[int, ForbiddenTerm]], frozenset[str]]]:
        if self._gate_opens(folded_vocabulary(visible for visible, _ in batch)):
            for visible, tags in batch:
                yield self.found_in(FoldedText.of_visible(visible, tags)), tags
        else:
            for _, tags in batch:
                yield [], tags

    def may_occur(self, folded_texts: Iterable[str]) -> bool:
        """False when no term occurs in any of these folded texts; True when one may (see `_gate`)."""
        pieces: set[str] = set()
        for text in folded_texts:
            pieces.update(text.split())
        return self._gate_opens("\n".join(pieces))

    def _gate_opens(self, vocabulary: str) -> bool:
        """Whether a term's first word stands in `vocabulary`: folded pieces of text, between whitespace."""
        return self._gate is not None and self._gate.search(vocabulary) is not None

    def _gated_finditer(self, folded_text: str) -> Iterable[re.Match]:
        """`pattern.finditer`, after `may_occur` when the text is long enough for the gate to pay."""
        if len(folded_text) >= GATED_CHARACTERS and not self.may_occur([folded_text]):
            return ()
        return self.pattern.finditer(folded_text)  # type: ignore[union-attr]

    def found_in(self, folded: FoldedText) -> list[tuple[int, ForbiddenTerm]]:
        """(line, term) for each occurrence in a folded text."""
        return [(folded.line_at(m.start()), self._term(m))
                for m in self.pattern.finditer(folded.text)]  # type: ignore[union-attr]

    def tags_with_terms(self, tags: set[str] | frozenset[str]) -> set[str]:
        """Those of `tags` whose attributes or comment hold a term. All are folded and searched at once — a site
        repeats the same few thousand tags on every page, so callers collect them over many texts — and one by
        one only when that search finds something."""
        if not tags or not self._terms_in(self._held_by(tags)):
            return set()
        return {tag for tag in tags if self._terms_in(markup_text([tag]))}

    def _held_by(self, tags: set[str] | frozenset[str]) -> str:
        """One text holding everything `tags` hold, for the search that tells whether any holds a term at all.

        The tags of a site differ mostly by an id or a link and repeat the same titles and classes, so each distinct
        stretch between double quotes is kept once, between NULs (neither a letter nor a space: no term spans one);
        the brackets become NULs too. No term holds a double quote or a NUL (`_quoted_terms` checks). Comments may
        hold tags, and quotes inside a word, so they are kept whole."""
        if self._quoted_terms:
            return markup_text(tags)
        comments = [tag for tag in tags if tag.startswith("<!--")]
        others = [tag for tag in tags if not tag.startswith("<!--")] if comments else tags
        stretches = set("\0".join(others).split('"'))
        return "\0".join(stretches).replace("<", "\0").replace(">", "\0") + "\0" + markup_text(comments)

    def locate_in_tags(self, text: str, hits: set[str]) -> Iterator[tuple[int, ForbiddenTerm]]:
        """(line, term) for each occurrence in the tags of `text` that are among `hits` (`tags_with_terms`)."""
        if not hits:
            return
        for line, tag in tag_lines(text):
            if tag in hits:
                for term in self._terms_in(markup_text([tag])):
                    yield line, term

    def _terms_in(self, text: str, depth: int = 0) -> list[ForbiddenTerm]:
        """The terms in `text`, and in what the tags it holds hold in turn (a comment may enclose tags)."""
        if self.pattern is None:
            return []
        if depth == MARKUP_DEPTH:  # nothing more is hidden as a tag: brackets become spaces
            return [self._term(m) for m in self._gated_finditer(fold(text.replace("<", " ").replace(">", " ")))]
        visible, tags = visible_text(text)
        if len(visible) >= GATED_CHARACTERS and not self._gate_opens(folded_vocabulary([visible])):
            found = []
        else:
            found = [self._term(m) for m in self.pattern.finditer(FoldedText.of_visible(visible, tags).text)]
        for tag in sorted(tags):
            found += self._terms_in(markup_text([tag]), depth + 1)
        return found

    def _term(self, match: re.Match) -> ForbiddenTerm:
        return self.terms[" ".join(match.group(1).split())]


GATED_CHARACTERS = 16 * 1024
"""From this length on, `scan` first tells whether a term may occur at all, from the text's vocabulary
(`fold.folded_vocabulary`); a shorter text repeats few of its words, and is folded and searched whole (a bound
chosen, not measured)."""

BATCH_CHARACTERS = 64 * GATED_CHARACTERS
"""`scan_many` gates its texts a batch of this many visible characters at a time, which it holds meanwhile. At
1,000 interviews, 1 M characters took the guard's process 10 MB less than 4 M, in the same time (6.0-8.3 s, noisy)."""

MARKUP_DEPTH = 4
"""How deep the guard looks into tags held by tags (a comment holding a tag holding…); tags cannot hold tags and
comments cannot nest, so real text never goes past 2."""


def _trie(keys: list[str]) -> str:
    """A regular expression matching exactly `keys`, factored by common prefixes (`kar(?:l|in)`), longest first."""
    tree: dict = {}
    for key in keys:
        node = tree
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        ends = "" in node
        branches = [(r"\s+" if char == " " else re.escape(char)) + pattern(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return pattern(tree)


_key = term_key


def check_forbidden(project: Project, terms: Iterable[ForbiddenTerm], root: Path | str | None = None) -> list[Problem]:
    """An error for every occurrence of a forbidden term anywhere in the data (`search_data`)."""
    return search_data(project, terms, root)[0]


def search_data(
    project: Project, terms: Iterable[ForbiddenTerm], root: Path | str | None = None, memo: Memo | None = None
) -> tuple[list[Problem], frozenset[bytes]]:
    """An error for every occurrence of a forbidden term anywhere in the data, and the `content_digest` of every
    data file found clean, so that the output guard need not search the same bytes again inside `data.zip`.

    The data files are read as the researcher wrote them (line by line), so every field counts, also those the
    model does not keep. With a `memo`, a file with the same bytes as at the last build is not searched again.
    Without readable data files (a project built in memory), the model's texts are checked instead.
    """
    terms = tuple(terms)
    matcher = TermMatcher(terms)
    if matcher.pattern is None:
        return [], frozenset()
    base = Path(root if root is not None else Path.cwd())
    problems: list[Problem] = []
    clean: set[bytes] = set()
    files = [p for p in project.data_files if (base / p).is_file() and PRIVATE_TERMS not in p]
    searched_for = remembered(memo, "searched-for", (terms,), object)  # files compare one token, not every term
    for path in files:
        content = (base / path).read_bytes()
        found, digest = remembered(memo, ("forbidden-in", path), (content, searched_for),
                                   lambda: _search_file(path, content, matcher))
        problems += found
        if not found:
            clean.add(digest)
    if not files:
        for source, text in _model_texts(project):
            problems += [_forbidden_at(Source(source.path, source.line), term) for _, term in matcher.locate(text)]
    return problems, frozenset(clean)


def _search_file(path: str, content: bytes, matcher: TermMatcher) -> tuple[tuple[Problem, ...], bytes]:
    return tuple(_forbidden(path, content.decode("utf-8", errors="replace"), matcher)), content_digest(content)


def data_size(project: Project, root: Path | str | None = None) -> int:
    """How many bytes of data files `search_data` reads."""
    base = Path(root if root is not None else Path.cwd())
    size = 0
    for path in project.data_files:
        try:
            size += (base / path).stat().st_size
        except OSError:
            continue  # search_data skips it too
    return size


def content_digest(content: bytes) -> bytes:
    """What identifies a file's bytes for `search_data` and `guard_output`."""
    return hashlib.blake2b(content, digest_size=16).digest()


def _forbidden(path: str, text: str, matcher: TermMatcher) -> list[Problem]:
    return [_forbidden_at(Source(path, line), term) for line, term in matcher.locate(text)]


def _forbidden_at(source: Source, term: ForbiddenTerm) -> Problem:
    return Problem(source, f"forbidden term {term.masked()} appears here; replace it with — or a pseudonym",
                   "error", "forbidden-term")


def _model_texts(project: Project) -> Iterator[tuple[Source, str]]:
    study = project.study
    for value in (study.title, study.subtitle, study.title_en, study.abstract, study.citation, study.institution,
                  study.department, *study.authors, *study.keywords, *study.research_questions):
        yield study.source, value
    for code in project.codebook.codes:
        yield code.source, f"{code.id} {code.label} {code.description}"
    for participant in project.participants:
        values = [participant.role, participant.organisation, participant.mode]
        values += [f"{k} {v}" for k, v in participant.attributes]
        yield participant.source, " ".join(values)
    for transcript in project.transcripts:
        yield transcript.source, transcript.title
        for speaker in transcript.speakers:
            yield speaker.source, f"{speaker.id} {speaker.label}"
        for row in transcript.rows:
            yield row.source, row.text
    for document in project.documents:
        yield document.source, document.title
        for offset, line in enumerate(document.body.splitlines()):
            yield Source(document.source.path, document.body_line + offset), line


def guard_output(
    pages: Mapping[str, str | bytes], terms: Iterable[ForbiddenTerm | str], known_clean: frozenset[bytes] = frozenset()
) -> list[Problem]:
    """An error for every forbidden term in the rendered output, before anything is written.

    `known_clean`: the `content_digest`s of texts already searched for these same terms and found clean (the data
    files, `search_data`); an archive member with those exact bytes is not searched again.

    Every page is folded and searched whole (a term broken over lines is found); bytes are decoded as UTF-8, and a
    zip archive is opened and each member checked (its problems name `archive.zip!member`). A large site is shared
    between two processes (`PARALLEL_CHARACTERS`, `_Search`): texts are independent, and the machines this runs on
    have two cores. `OutputGuard` does the same for pages that arrive a few at a time.
    """
    matcher = TermMatcher(terms)
    if matcher.pattern is None:
        return []
    found = _in_paths(pages, matcher)
    named = sorted(pages.items())
    if sum(len(content) for _, content in named) < PARALLEL_CHARACTERS or not can_fork():
        return _sorted(found + _guard(named, matcher, known_clean))
    search = _Search(named, matcher, known_clean)
    try:
        return _sorted(found + search.finish())
    finally:
        search.stop()


class OutputGuard:
    """`guard_output` for pages that arrive a kind at a time, as they are rendered (`render.render_parts`): once
    `PARALLEL_CHARACTERS` of text have come, a forked process searches them while the caller renders the next kind,
    so on two cores the guard costs little more than the search of the last few pages. One search runs at a time;
    the texts that come meanwhile go to the next, or are searched here at the end while the last one ends.

    With a `memo` (`qualsite.memo`), a page with the same content as at the last build, searched for the same
    terms, is not searched again: its problems are those found then.

    Use it as a context manager: leaving it stops any search still running."""

    def __init__(self, terms: Iterable[ForbiddenTerm | str], known_clean: frozenset[bytes] = frozenset(),
                 memo: Memo | None = None):
        terms = tuple(terms)
        self._matcher = TermMatcher(terms)
        self._known_clean = known_clean
        self._found: list[Problem] = []
        self._waiting: list[tuple[str, str | bytes]] = []
        self._searching: list[_Search] = []
        self._memo = memo
        # One token per list of terms: pages then compare their inputs by identity, not 300 terms each.
        self._terms = remembered(memo, "guarded-for", (terms,), object)
        self._searched: dict[str, tuple] = {}
        self._reused: list[Problem] = []

    def add(self, pages: Mapping[str, str | bytes]) -> None:
        """Guard these pages too (their paths must not have been added before)."""
        if self._matcher.pattern is None:
            return
        if self._memo is not None:
            pages = {path: content for path, content in pages.items() if not self._known(path, content)}
        self._found += _in_paths(pages, self._matcher)
        if self._memo is None:
            # Unpacked and decoded by the search, a page at a time: a build holds its pages as UTF-8 (`build.check`),
            # and texts decoded here would all be alive at once, in this process and in the search's.
            self._waiting += [(path, pages[path]) for path in sorted(pages)]
        else:  # the memo is this process's: what it knows of archive members is looked up here
            self._waiting += [named for path in sorted(pages)
                              for named in _texts(path, pages[path], self._known_clean, self._memo)]
        self._search_beside()

    def _search_beside(self) -> None:
        """Fork a search of all that waits, if it is enough to be worth a process and no search is running."""
        if sum(len(text) for _, text in self._waiting) < PARALLEL_CHARACTERS or not can_fork():
            return
        # One search at a time beside the render: two cores have no room for more, and each process alive keeps its
        # own copy of every memory page the render touches after its fork. What comes meanwhile waits for the next.
        # (At 1,000 interviews this changed neither the time nor the peak of the processes together: 848–877 MB
        # before, 854–861 MB after; it bounds them when the guard falls behind.)
        if self._searching and self._searching[-1].running():
            return
        if self._searching:  # ended: its answer is read now, so that the process can leave
            self._found += self._searching.pop().finish()
        self._searching.append(_Search(self._waiting, self._matcher, self._known_clean))
        self._waiting = []

    def _known(self, path: str, content: str | bytes) -> bool:
        """Whether the memo holds the problems of this page; if not, remember what they will be searched from."""
        assert self._memo is not None
        inputs = (content, self._terms) if isinstance(content, str) else (content, self._terms, self._known_clean)
        found, problems = self._memo.lookup(("guarded", path), inputs)
        if found:
            self._memo.keep(("guarded", path), inputs, problems)
            self._reused += problems  # type: ignore[arg-type]
        else:
            self._searched[path] = inputs
        return found

    def problems(self) -> list[Problem]:
        """Every problem in the pages added, sorted as `guard_output` sorts them, once all searches have ended."""
        if self._matcher.pattern is None:
            return []
        # What waits is searched here from the last page down, a batch at a time; should the search beside end
        # meanwhile, the rest goes to a new one. Then what the last search has not come to is searched here too: so
        # both processes end together, where one would wait for the other.
        while self._waiting:
            batch, size = [], 0
            while self._waiting and size < BATCH_CHARACTERS:
                batch.append(self._waiting.pop())
                size += len(batch[-1][1])
            self._found += _guard(batch, self._matcher, self._known_clean)
            self._search_beside()
        found = self._found
        for search in self._searching:  # all but the last have ended
            found += search.finish()
        if self._memo is not None:
            by_page: dict[str, list[Problem]] = {path: [] for path in self._searched}
            for problem in found:
                path = problem.source.path
                by_page[path if path in by_page else path.split("!", 1)[0]].append(problem)  # `data.zip!member`
            for path, inputs in self._searched.items():
                self._memo.keep(("guarded", path), inputs, tuple(by_page[path]))
        return _sorted(self._reused + found)

    def __enter__(self) -> "OutputGuard":
        return self

    def __exit__(self, *exc_info) -> None:
        for search in self._searching:
            search.stop()


PARALLEL_CHARACTERS = parallel.PARALLEL_CHARACTERS  # here, where the guard and the tests look it up


def _in_paths(pages: Mapping[str, str | bytes], matcher: TermMatcher) -> list[Problem]:
    """The page's address is published too: it is checked as text (`transcripts/name.md` holds `name`)."""
    return [Problem(Source(path), _published(term), "error", "forbidden-term-output") for path in sorted(pages)
            for _, term in matcher.locate(path.replace("/", " ").replace(".", " "))]


class _Search:
    """`_guard` of `pages` in a forked process, which takes them from the first on (`parallel.Shared`); `finish`
    searches here, from the last down, those it has not come to yet, so both processes end together."""

    def __init__(self, pages: list[tuple[str, str | bytes]], matcher: TermMatcher, known_clean: frozenset[bytes]):
        self._pages, self._matcher, self._known_clean = pages, matcher, known_clean
        self._shared = parallel.Shared(len(pages))
        self._process = Forked(_guard_indexed, pages, self._shared.from_front(), matcher, known_clean)

    def running(self) -> bool:
        return self._process.running()

    def finish(self) -> list[Problem]:
        """The problems in all the pages."""
        here = _guard_indexed(self._pages, self._shared.from_back(), self._matcher, self._known_clean)
        there = self._process.result()
        # Where the two ends met, a page may have been searched by both, and found the same problems by both: those
        # of a page the fork found problems in are kept once, the fork's.
        found_there = {index for index, _ in there}
        return [problem for _, problem in there] + [problem for index, problem in here if index not in found_there]

    def stop(self) -> None:
        self._process.stop()


def _guard(pages: list[tuple[str, str | bytes]], matcher: TermMatcher,
           known_clean: frozenset[bytes] = frozenset()) -> list[Problem]:
    """The problems in `pages`, each named by the page (or `archive!member`) it is published as. A text is searched
    as it is; bytes are unpacked and decoded (`_texts`) one page at a time, as the search comes to them."""
    return [problem for _, problem in _guard_indexed(pages, range(len(pages)), matcher, known_clean)]


def _guard_indexed(pages: list[tuple[str, str | bytes]], indexes: Iterable[int], matcher: TermMatcher,
                   known_clean: frozenset[bytes] = frozenset()) -> list[tuple[int, Problem]]:
    """`_guard` of the pages at `indexes`, taken in that order; each problem comes with its page's index."""
    def texts(indexes: Iterable[int]) -> Iterator[tuple[int, str, str]]:
        for index in indexes:
            path, content = pages[index]
            for name, text in _texts(path, content, known_clean):
                yield index, name, text

    found: list[tuple[int, int | None, str, ForbiddenTerm]] = []
    tags: set[str] = set()
    names: list[tuple[int, str]] = []  # the scan takes texts a batch ahead of its answers, which come in the same order

    def named_texts() -> Iterator[str]:
        for index, name, text in texts(indexes):
            names.append((index, name))
            yield text

    for position, (visible, text_tags) in enumerate(matcher.scan_many(named_texts())):
        index, name = names[position]
        found += [(index, line, name, term) for line, term in visible]
        tags |= text_tags
    hits = matcher.tags_with_terms(tags)
    if hits:  # rare: read the texts again to tell where those tags stand
        found += [(index, line, name, term) for index, name, text in texts(dict.fromkeys(i for i, _ in names))
                  for line, term in matcher.locate_in_tags(text, hits)]
    return [(index, Problem(Source(name, line), _published(term), "error", "forbidden-term-output"))
            for index, line, name, term in found]


def _published(term: ForbiddenTerm) -> str:
    return f"forbidden term {term.masked()} would be published; remove it from the data"


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.source.path, p.source.line or 0))


def _texts(
    path: str, content: str | bytes, known_clean: frozenset[bytes], memo: Memo | None = None
) -> Iterator[tuple[str, str]]:
    """The texts of a page to search, named as problems name them: a zip archive's members one by one, except those
    whose bytes `known_clean` holds. With a `memo`, a member compressed exactly as at the last build is not
    decompressed again to tell whether it is one of those."""
    if isinstance(content, str):
        yield path, content
        return
    if not path.endswith(".md") and zipfile.is_zipfile(io.BytesIO(content)):  # a page is never an archive
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for info in archive.infolist():
                if _member_digest(path, content, archive, info, memo) not in known_clean:
                    yield from _texts(f"{path}!{info.filename}", archive.read(info), known_clean, memo)
        return
    yield path, content.decode("utf-8", errors="replace")


def _member_digest(path: str, content: bytes, archive: zipfile.ZipFile, info: zipfile.ZipInfo,
                   memo: Memo | None) -> bytes:
    """`content_digest` of an archive member's bytes."""
    raw = _compressed(content, info) if memo is not None else None
    if raw is None:
        return content_digest(archive.read(info))
    return remembered(memo, ("member", path, info.filename), (raw, info.compress_type),
                      lambda: content_digest(archive.read(info)))


def _compressed(content: bytes, info: zipfile.ZipInfo) -> bytes | None:
    """A member's bytes as stored in the archive (the same stored bytes always unpack to the same content), or None
    if its local header is not where the central directory says."""
    start = info.header_offset
    if content[start:start + 4] != b"PK\x03\x04":
        return None
    name_length, extra_length = struct.unpack("<HH", content[start + 26:start + 30])
    begin = start + 30 + name_length + extra_length
    return content[begin:begin + info.compress_size]


# --- Likely identifiers -----------------------------------------------------------------


@dataclass(frozen=True)
class IdentifierRules:
    """What the identifier detector looks for; tune it by passing another instance, or through
    `Study.reviewed_terms` (names reviewed and kept are never reported)."""

    places: tuple[str, ...] = (
        "kommun", "stad", "region", "skola", "förvaltning", "förvaltningen", "kommunen", "stadsdel", "län",
        "landsting", "gymnasium", "gymnasiet", "skolan", "universitet", "högskola", "sjukhus", "bibliotek",
        "municipality", "city", "council", "county", "school", "hospital", "university",
    )
    """Words that follow the name of an organisation or place (`Lunds kommun`, `York municipality`)."""
    roles: tuple[str, ...] = (
        "chef", "direktör", "samordnare", "handläggare", "ansvarig", "strateg", "controller", "rektor",
        "ordförande", "digitaliseringschef", "it-chef", "kommundirektör", "stadsdirektör",
        "manager", "director", "head", "coordinator", "officer",
    )
    """Roles that, next to a name, identify a person (`Anna som är chef`)."""
    introductions: tuple[str, ...] = (
        r"jag heter", r"mitt namn är", r"han heter", r"hon heter", r"my name is", r"i am called",
    )
    """Phrases (regular expressions) after which a person's name follows. (`som heter` is left out: it names
    systems and programmes as often as people.)"""
    introductions_after: tuple[str, ...] = (r"heter\s+jag", r"är\s+mitt\s+namn")
    """Phrases (regular expressions) before which a person's name stands (`Anna heter jag`)."""
    common: tuple[str, ...] = (
        "varje", "vår", "våran", "min", "din", "er", "deras", "hans", "hennes", "denna", "detta", "den", "det",
        "en", "ett", "hela", "vilken", "samma", "annan", "andra", "någon", "ingen", "alla", "liten", "mindre",
        "stor", "större", "egen", "sin", "vilket", "the", "a", "an", "our", "my", "each", "every", "this", "that",
        "jag", "vi", "ni", "du", "han", "hon", "de", "dom", "ja", "nej", "och", "men", "så", "i", "på",
    )
    """Capitalised words that are not names (sentence starts such as `Varje kommun`)."""
    reviewed: tuple[str, ...] = ()
    """Names the researcher reviewed and keeps; never reported."""


NAME = r"[A-ZÅÄÖÉÜ][a-zåäöéü][\wåäöéü-]*"
"""A capitalised word with a lower-case second letter: acronyms (`SKR`, `KOMBIT`) name organisations, not people."""


def check_identifiers(
    project: Project, parsed: Iterable[ParsedDocument] = (), rules: IdentifierRules | None = None,
    memo: Memo | None = None,
) -> list[Problem]:
    """Warnings for likely identifiers in rows and documents: a capitalised name before a place word, a name
    next to a role or an introduction. Capitalised words that the corpus also writes in lower case are common
    words, not names, and are skipped.

    Each transcript, the participants and each document are scanned on their own (with a `memo`, only those that
    changed); the corpus' lower-case words then decide which names found are common words."""
    return identifier_problems(project, [scan_identifiers(project, rules=rules, memo=memo)], rules)


@dataclass(frozen=True)
class IdentifierScan:
    """What the identifier patterns found in some of a study's texts, before the whole corpus' lower-case words
    decide which of the names found are common words (`identifier_problems`). Small enough to come back from a
    second process: the checks of a large study share the scan between two (`checks.analyse`)."""

    lower: frozenset[str]
    """The lower-case words of the texts scanned."""
    found: tuple[tuple[Source, str, str, str], ...]
    """Every match of the identifier patterns, in reading order: (where, the name, the whole match, which pattern)."""


def identifier_groups(project: Project) -> int:
    """How many groups of texts `scan_identifiers` reads (`groups` slices them): the transcripts come first, one
    group each, in the project's order."""
    return len(project.transcripts) + 1 + len(project.documents)


def scan_identifiers(project: Project, groups: slice = slice(None), rules: IdentifierRules | None = None,
                     memo: Memo | None = None) -> IdentifierScan:
    """The identifier patterns' matches in `groups` of the study's texts (`identifier_groups`), in reading order."""
    rules = rules or IdentifierRules(reviewed=project.study.reviewed_terms)
    patterns = _identifier_patterns(rules)
    scans = [remembered(memo, ("identifiers", name), (inputs, rules), lambda: _scan_identifiers(texts(), patterns))
             for name, inputs, texts in list(_identifier_groups(project))[groups]]
    return IdentifierScan(frozenset().union(*(scan[0] for scan in scans)),
                          tuple(chain.from_iterable(scan[1] for scan in scans)))


def identifier_problems(project: Project, scans: Iterable[IdentifierScan],
                        rules: IdentifierRules | None = None) -> list[Problem]:
    """The warnings of `check_identifiers`, from `scans` of all the study's texts in reading order."""
    rules = rules or IdentifierRules(reviewed=project.study.reviewed_terms)
    scans = tuple(scans)
    lower = frozenset().union(*(scan.lower for scan in scans))
    skip = {w.casefold() for w in rules.common} | {_key(w) for w in rules.reviewed}
    skip |= {_key(w) + "s" for w in rules.reviewed}
    skip |= {_key(w).rsplit(" ", 1)[0] for w in rules.reviewed if _key(w).rsplit(" ", 1)[-1] in rules.places}
    problems: list[Problem] = []
    for scan in scans:
        for source, name_found, whole, what in scan.found:
            if _key(name_found) in skip or _key(whole) in skip:
                continue
            words = [w for w in name_found.split() if w.casefold() not in skip]
            if not words:
                continue
            name = " ".join(words)
            if all(w.casefold() in lower or w.casefold().rstrip("s") in lower for w in words):
                continue
            said = message("likely-identifier", initial=name[:1], letters=len(name), context=message(what))
            problems.append(warning(source, said, "likely-identifier"))
    return problems


def _scan_identifiers(
    texts: Iterable[tuple[Source, str]], patterns: IdentifierPatterns
) -> tuple[frozenset[str], tuple[tuple[Source, str, str, str], ...]]:
    """The lower-case words of `texts`, and every match of the identifier patterns in them:
    (where, the name, the whole match, which pattern)."""
    # A lower-case word never holds whitespace and starts where whitespace or a non-word character ends, so the
    # words of a text are those of its distinct whitespace-separated pieces: far fewer than its words (a corpus
    # repeats its vocabulary), and split off in C. Searching every row for them was a third of the checks.
    pieces: set[str] = set()
    found = []
    gate, each = patterns
    for source, text in texts:
        pieces.update(text.split())
        named = gate.search(text) is not None
        for pattern, what, gated in each:
            if named or not gated:
                found += [(source, match.group("name"), match.group(0), what) for match in pattern.finditer(text)]
    lower = frozenset(chain.from_iterable(map(_LOWER_WORD.findall, pieces)))
    return lower, tuple(found)


_LOWER_WORD = re.compile(r"\b[a-zåäöéü][\wåäöéü-]*")

IdentifierPatterns = tuple[re.Pattern, list[tuple[re.Pattern, str, bool]]]
"""The patterns and what each finds, in order; those marked True find nothing in a text the first (the gate) does not
match."""


def _identifier_patterns(rules: IdentifierRules) -> IdentifierPatterns:
    places = "|".join(map(re.escape, rules.places))
    roles = "|".join(map(re.escape, rules.roles))
    intros = "|".join(rules.introductions)
    after = "|".join(rules.introductions_after)
    name = rf"(?P<name>{NAME}(?:\s+{NAME})?)"
    # A pattern that starts with its capital letter is searched for that letter first (the regex engine skips the
    # rest of the text in C), so the look-behind `(?<![\w—])` stands after it: the two characters before the end
    # of the capital are not a word character or a dash followed by it. Same matches, 2–3 times faster.
    capital = NAME[:NAME.index("]") + 1]
    free_name = rf"(?P<name>{capital}(?<![\w—]{capital}){NAME[len(capital):]}(?:\s+{NAME})?)"
    place = rf"(?:{places})\b"
    introduced = rf"(?i:{after})\b"
    role = rf"(?i:som\s+är|som\s+jobbar\s+som|who\s+is)\s+(?:\w+\s+)?(?i:{roles})\b"
    # The three patterns that start with a name are tried only on texts where one of them could match: one search
    # instead of three on the many rows that name nobody.
    gate = re.compile(rf"{free_name},?\s+(?:{place}|{introduced}|{role})")
    return gate, [
        (re.compile(rf"{free_name}\s+{place}"), "before-place", True),
        (re.compile(rf"{_starts_with(rules.introductions)}(?i:\b(?:{intros}))\s+{name}"), "after-introduction", False),
        (re.compile(rf"{free_name},?\s+{introduced}"), "before-introduction", True),
        (re.compile(rf"{free_name},?\s+{role}"), "next-to-role", True),
    ]


def _starts_with(phrases: Iterable[str]) -> str:
    """A look-ahead for the first letters of `phrases` (matched whatever their case), when each is plain words;
    "" when one is a regular expression beyond that. Most positions of a text then fail at one character-set test."""
    phrases = tuple(phrases)
    if not phrases or not all(re.fullmatch(r"[^\W\d_][^\W\d_ ]*(?: [^\W\d_]+)*", p) for p in phrases):
        return ""
    return f"(?=(?i:[{''.join(sorted({p[0] for p in phrases}))}]))"


def _identifier_groups(project: Project) -> Iterator[tuple[Hashable, tuple, Callable[[], Iterator[tuple[Source, str]]]]]:
    """The texts the identifier detector reads, in reading order, as groups that change on their own: each
    transcript's rows, the participants, each document's lines. Each comes with the data it is read from."""
    for transcript in project.transcripts:
        yield ("transcript", transcript.id), (transcript,), lambda t=transcript: ((row.source, row.text) for row in t.rows)
    yield "participants", (project.participants,), lambda: (
        (p.source, " ".join([p.role, p.organisation])) for p in project.participants)
    for document in project.documents:
        yield ("document", document.source.path), (document,), lambda d=document: _document_lines(d)


def _document_lines(document: Document) -> Iterator[tuple[Source, str]]:
    for offset, line in enumerate(document.body.splitlines()):
        yield Source(document.source.path, document.body_line + offset), line
