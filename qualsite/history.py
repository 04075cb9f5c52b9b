"""What each row said in each version of the study, and where it went: the recorded releases followed by the rows
as they are now, linked by the moves of `releases/moves.yaml`.

Versions form a chain, oldest first: every recorded release (`Project.releases`), then the current rows. Between
two neighbours a row keeps its transcript, number and occurrence unless the newer version declares a move
(`moved:`, `renumbered:`); a row that is nowhere in the newer version was removed. Composing the steps says, for a
row of release 1.0, which rows hold its words now; inverting that says, for a row now, what it said in 1.0. The
checks report the moves that lead from or to no row; the renderers show old texts, changes and forwarding pages.

Pure: `history_of(project)` computes everything from the model and never reads a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from .load.layout import natural_key
from .load.releases import version_key
from .model import FrozenRow, Project, Renumbering, Row, RowMove, Source
from .problems import Problem

Key = tuple[str, int, int]
"""A row's place: (transcript, number, occurrence)."""
AnyRow = Row | FrozenRow


def key_of(row: AnyRow) -> Key:
    """The place of a current or a frozen row."""
    return (row.transcript, row.n, row.occurrence)


def label_of(key: Key) -> str:
    """`R4:52`, or `R4:52#2` for a second row printed as 52 (as `moves.yaml` writes rows)."""
    transcript, n, occurrence = key
    return f"{transcript}:{n}" if occurrence == 1 else f"{transcript}:{n}#{occurrence}"


@dataclass(frozen=True)
class Version:
    """One link of the chain: a recorded release, or the rows as they are now (always the last)."""

    version: str
    """The version (`1.0`); for the current rows, `study.yaml`'s version (empty if it has none)."""
    released: str
    """The release date (`YYYY-MM-DD`), or empty."""
    recorded: bool
    """Whether this is a recorded release; False for the current rows (even when their version is recorded too)."""
    rows: Mapping[Key, AnyRow]
    """Every row by its place."""
    transcripts: Mapping[str, tuple[Key, ...]]
    """The places of each transcript's rows, in printed order, by transcript id in natural order."""

    def where(self) -> str:
        """How messages name this version: `release 1.0`, or `version 1.1 as it is now`."""
        if self.recorded:
            return f"release {self.version}"
        return f"version {self.version} as it is now" if self.version else "the rows as they are now"


@dataclass(frozen=True)
class Change:
    """What changed in one transcript from one version to the next."""

    transcript: str
    """The transcript id."""
    changed: int
    """Rows whose speaker or text differ (a split row counts once, against its parts joined)."""
    added: int
    """Rows new in the later version (not where any earlier row went)."""
    removed: int
    """Earlier rows that went nowhere."""
    moved: int
    """Earlier rows now under another number (renumbered, split or merged), whether or not their words changed."""
    new: bool = False
    """The transcript first appears in the later version."""
    gone: bool = False
    """The transcript is no longer in the later version."""


@dataclass(frozen=True)
class OldText:
    """What a current row said in an earlier release, when that differs from what it says now."""

    version: str
    """The release (`1.0`)."""
    key: Key
    """The row that held these words then (the first, for rows merged since)."""
    speaker: str
    """Who spoke then."""
    text: str
    """What was said then (rows merged since are joined with a space)."""


@dataclass(frozen=True)
class History:
    """Every version's rows and the maps between them; see the module's docstring."""

    versions: tuple[Version, ...]
    """The recorded releases, oldest first, then the current rows."""
    to_current: tuple[Mapping[Key, tuple[Key, ...]], ...]
    """For each recorded release (aligned with `versions[:-1]`): where each of its rows' words are now; empty for a
    row removed since."""
    changes: tuple[tuple[Change, ...], ...]
    """For each version after the first (aligned with `versions[1:]`): what changed since the version before, one
    entry per transcript with any change."""
    vanished: Mapping[str, Mapping[Key, Key]]
    """By current transcript id: old places of rows of that transcript whose anchors no longer name a row on its
    page, each with the current row its words went to (the newest release decides)."""
    problems: tuple[Problem, ...]
    """Moves that cannot apply (from a row that never was, to a row that is not), for the checks."""
    origins: tuple[Mapping[Key, tuple[Key, ...]], ...] = ()
    """For each recorded release: the current rows' old places in it (the inverse of `to_current`)."""

    @property
    def releases(self) -> tuple[Version, ...]:
        """Only the recorded releases, oldest first."""
        return self.versions[:-1]

    @property
    def current(self) -> Version:
        """The rows as they are now."""
        return self.versions[-1]

    def earlier_texts(self, row: Row) -> tuple[OldText, ...]:
        """What `row` said in each earlier release where that differs from now, newest release first."""
        key, found = key_of(row), []
        for index in range(len(self.releases) - 1, -1, -1):
            old = self.origins[index].get(key)
            if not old:
                continue
            release = self.releases[index]
            rows = [release.rows[k] for k in old]
            text = " ".join(r.text for r in rows)
            if text != row.text or rows[0].speaker != row.speaker:
                found.append(OldText(release.version, old[0], rows[0].speaker, text))
        return tuple(found)

    def text_in(self, index: int, row: Row) -> OldText | None:
        """What `row` said in release `index` (of `releases`), whether or not it differs; None if it was not there."""
        old = self.origins[index].get(key_of(row)) if index < len(self.origins) else None
        if not old:
            return None
        release = self.releases[index]
        rows = [release.rows[k] for k in old]
        return OldText(release.version, old[0], rows[0].speaker, " ".join(r.text for r in rows))

    def same_as_now(self, index: int, transcript: str) -> Mapping[Key, Key] | None:
        """When transcript `transcript` of release `index` says exactly what it says now, row for row (renumbered
        perhaps, nothing changed, added or removed): its old places that are now elsewhere, each with its new place
        (empty if nothing moved). None when it differs, or is not in that release or not now."""
        release, now = self.releases[index], self.current
        old_keys = release.transcripts.get(transcript)
        new_keys = now.transcripts.get(transcript)
        if old_keys is None or new_keys is None or len(old_keys) != len(new_keys):
            return None
        targets = self.to_current[index]
        moved: dict[Key, Key] = {}
        seen: set[Key] = set()
        for key in old_keys:
            went = targets.get(key, ())
            if len(went) != 1 or went[0][0] != transcript or went[0] in seen:
                return None
            target = went[0]
            seen.add(target)
            old, new = release.rows[key], now.rows[target]
            if old.text != new.text or old.speaker != new.speaker:
                return None
            if target != key:
                moved[key] = target
        return moved if len(seen) == len(new_keys) else None

    def index_of(self, version: str) -> int | None:
        """The index in `releases` of a recorded version, or None."""
        wanted = version_key(version) if version else None
        return next((i for i, r in enumerate(self.releases) if version_key(r.version) == wanted), None)

    def last_release_before_current(self) -> int | None:
        """The index of the newest release older than the current version: the one "the last release" means while
        a version is prepared (the newest) or once it is recorded (the one before it). None if there is none."""
        count = len(self.releases)
        if count and self.current.version and self.index_of(self.current.version) == count - 1:
            count -= 1
        return count - 1 if count else None


_CACHE: list[tuple[Project, History]] = []


def history_of(project: Project) -> History:
    """The history of `project`, computed once per project (the checks and every renderer ask for it)."""
    if _CACHE and _CACHE[0][0] is project:
        return _CACHE[0][1]
    result = compute(project)
    _CACHE[:] = [(project, result)]
    return result


def compute(project: Project) -> History:
    """The chain of versions of `project` and the maps between them."""
    versions = [_release_version(r) for r in project.releases]
    study = project.study
    current_recorded = bool(study.version) and any(
        version_key(r.version) == version_key(study.version) for r in project.releases)
    versions.append(_current_version(project))
    problems: list[Problem] = []
    steps: list[dict[Key, tuple[Key, ...]]] = []
    declared = _declared_by_version(project, versions, current_recorded, problems)
    for index in range(len(versions) - 1):
        older, newer = versions[index], versions[index + 1]
        moves = declared.get(index + 1, []) if newer.recorded or not current_recorded else []
        steps.append(_step(older, newer, moves, problems))
    to_current = _compose(steps)
    origins = tuple(_invert(m) for m in to_current)
    changes = tuple(_changes(versions[i], versions[i + 1], steps[i]) for i in range(len(steps)))
    history = History(tuple(versions), tuple(to_current), changes, _vanished(versions, to_current),
                      tuple(problems), origins)
    return history


def _release_version(release) -> Version:  # type: ignore[no-untyped-def]
    rows: dict[Key, AnyRow] = {}
    transcripts: dict[str, tuple[Key, ...]] = {}
    for transcript, frozen in release.transcripts:
        keys = []
        for row in frozen:
            rows[key_of(row)] = row
            keys.append(key_of(row))
        transcripts[transcript] = tuple(keys)
    return Version(release.version, release.released, True, rows, transcripts)


def _current_version(project: Project) -> Version:
    rows: dict[Key, AnyRow] = {}
    transcripts: dict[str, tuple[Key, ...]] = {}
    for transcript in project.transcripts:
        keys = []
        for row in transcript.rows:
            rows[key_of(row)] = row
            keys.append(key_of(row))
        transcripts.setdefault(transcript.id, tuple(keys))
    return Version(project.study.version, project.study.released, False, rows, transcripts)


def _declared_by_version(project: Project, versions: Sequence[Version], current_recorded: bool,
                         problems: list[Problem]) -> dict[int, list[RowMove | Renumbering]]:
    """The moves grouped by the index of the version they lead into; moves for no such version are reported."""
    by_index: dict[int, list[RowMove | Renumbering]] = {}
    current = versions[-1]
    for move in project.moves:
        wanted = version_key(move.release)
        index = next((i for i, v in enumerate(versions[:-1]) if version_key(v.version) == wanted), None)
        if index is None and current.version and not current_recorded and version_key(current.version) == wanted:
            index = len(versions) - 1
        if index is None:
            now = f"the current version is {current.version}" if current.version else "study.yaml sets no version"
            problems.append(Problem(move.source, f"moves for {move.release}, but {move.release} is neither a recorded"
                                    f" release nor the version being prepared ({now}); give the version in which"
                                    " the rows got their new numbers", "error", "bad-move"))
        elif index == 0:
            problems.append(Problem(move.source, f"moves for {move.release}, but no release before {move.release} is"
                                    " recorded, so no row had another number before; remove the move (rows are"
                                    " renumbered freely until their first release)", "error", "bad-move"))
        else:
            by_index.setdefault(index, []).append(move)
    return by_index


def _span(version: Version, transcript: str) -> str:
    keys = version.transcripts.get(transcript, ())
    if not keys:
        return f"it has no transcript {transcript}"
    return f"its {transcript} has rows {min(k[1] for k in keys)}–{max(k[1] for k in keys)}"


def _step(older: Version, newer: Version, moves: Sequence[RowMove | Renumbering],
          problems: list[Problem]) -> dict[Key, tuple[Key, ...]]:
    """Where each row of `older` is in `newer`: as declared, else at the same place if that exists there."""
    declared: dict[Key, tuple[Key, ...]] = {}
    declared_at: dict[Key, Source] = {}
    for move in moves:
        pairs = _expand(move, older, newer, problems)
        for old, new in pairs:
            if old in declared_at:
                problems.append(Problem(move.source, f"{label_of(old)} is moved twice for {move.release} (also at"
                                        f" line {declared_at[old].line}); move each row once", "error", "bad-move"))
                continue
            declared[old], declared_at[old] = new, move.source
    step: dict[Key, tuple[Key, ...]] = {}
    for key in older.rows:
        step[key] = declared[key] if key in declared else ((key,) if key in newer.rows else ())
    return step


def _expand(move: RowMove | Renumbering, older: Version, newer: Version,
            problems: list[Problem]) -> list[tuple[Key, tuple[Key, ...]]]:
    """A move as (old place, new places) pairs, each checked; a move that cannot apply is reported and dropped."""
    if isinstance(move, RowMove):
        old: Key = (move.transcript, *move.old)
        if old not in older.rows:
            problems.append(Problem(move.source, f"{label_of(old)} was not a row of {older.where()}"
                                    f" ({_span(older, move.transcript)}); move only rows of {older.where()}, numbered"
                                    " as it numbered them", "error", "bad-move"))
            return []
        for target in move.new:
            if target not in newer.rows:
                problems.append(Problem(move.source, f"{label_of(old)} moves to {label_of(target)}, which is not a row"
                                        f" of {newer.where()} ({_span(newer, target[0])}); give the row that holds"
                                        " its words now", "error", "bad-move"))
                return []
        return [(old, move.new)]
    keys = [k for k in older.transcripts.get(move.transcript, ()) if move.first <= k[1] <= move.last]
    run = f"{move.transcript} rows {move.first}–{move.last}" if move.last != move.first else \
        f"{move.transcript}:{move.first}"
    if not keys:
        problems.append(Problem(move.source, f"{run} were not rows of {older.where()}"
                                f" ({_span(older, move.transcript)}); renumber only rows of {older.where()},"
                                " numbered as it numbered them", "error", "bad-move"))
        return []
    pairs = []
    for key in keys:
        target = (move.transcript, key[1] + move.by, key[2])
        if target not in newer.rows:
            problems.append(Problem(move.source, f"renumbering {run} by {move.by:+d} moves {label_of(key)} to"
                                    f" {label_of(target)}, which is not a row of {newer.where()}"
                                    f" ({_span(newer, move.transcript)}); check the rows and by:", "error",
                                    "bad-move"))
            return []
        pairs.append((key, (target,)))
    return pairs


def _compose(steps: Sequence[Mapping[Key, tuple[Key, ...]]]) -> list[dict[Key, tuple[Key, ...]]]:
    """For each version before the last, where each of its rows is in the last."""
    result: list[dict[Key, tuple[Key, ...]]] = [{} for _ in steps]
    later: Mapping[Key, tuple[Key, ...]] | None = None
    for index in range(len(steps) - 1, -1, -1):
        step = steps[index]
        if later is None:
            composed = dict(step)
        else:
            composed = {}
            for key, went in step.items():
                if len(went) == 1:
                    composed[key] = later.get(went[0], ())
                else:
                    composed[key] = tuple(dict.fromkeys(k for w in went for k in later.get(w, ())))
        result[index] = composed
        later = composed
    return result


def _invert(mapping: Mapping[Key, tuple[Key, ...]]) -> dict[Key, tuple[Key, ...]]:
    inverse: dict[Key, list[Key]] = {}
    for old, went in mapping.items():
        for new in went:
            inverse.setdefault(new, []).append(old)
    return {new: tuple(olds) for new, olds in inverse.items()}


def _changes(older: Version, newer: Version, step: Mapping[Key, tuple[Key, ...]]) -> tuple[Change, ...]:
    counts: dict[str, list[int]] = {}
    reached: set[Key] = set()
    for key, went in step.items():
        tally = counts.setdefault(key[0], [0, 0, 0, 0])
        reached.update(went)
        if not went:
            tally[2] += 1
            continue
        if went != (key,):
            tally[3] += 1
        old = older.rows[key]
        new_rows = [newer.rows[k] for k in went]
        if " ".join(r.text for r in new_rows) != old.text or new_rows[0].speaker != old.speaker:
            tally[0] += 1
    for key in newer.rows:
        if key not in reached:
            counts.setdefault(key[0], [0, 0, 0, 0])[1] += 1
    found = []
    for transcript in sorted(counts, key=natural_key):
        changed, added, removed, moved = counts[transcript]
        if changed or added or removed or moved:
            found.append(Change(transcript, changed, added, removed, moved,
                                new=transcript not in older.transcripts, gone=transcript not in newer.transcripts))
    return tuple(found)


def _vanished(versions: Sequence[Version], to_current: Sequence[Mapping[Key, tuple[Key, ...]]]
              ) -> dict[str, dict[Key, Key]]:
    current = versions[-1]
    found: dict[str, dict[Key, Key]] = {}
    for index, mapping in enumerate(to_current):
        for key, went in mapping.items():
            if went and key not in current.rows and key[0] in current.transcripts:
                found.setdefault(key[0], {})[key] = went[0]
    return found
