"""Releases: the moves between them apply, the version says what the site shows, and citations of rows that changed
since the last release are pointed out.

`check` runs with every build. `recording_problems` are what `build_site.py release` also requires: a version and
a date to record, not recorded before.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Sequence

from ..history import History, history_of
from ..load.releases import FOLDER, next_version, version_key
from ..labels import Message, message
from ..model import CheckedCitation, Project, Reference, Row
from ..problems import Problem, warning

if TYPE_CHECKING:
    from ..selectors import Anchored


def check(project: Project, checked: Sequence[CheckedCitation]) -> list[Problem]:
    """Every problem of the releases: moves that cannot apply, a version that contradicts them, a page whose address
    a release folder takes, and citations of rows that changed since the last release."""
    if not project.releases and not project.moves:
        return _address_problems(project)
    history = history_of(project)
    return [*history.problems, *_version_problems(project, history), *_address_problems(project),
            *changed_row_warnings(project, checked)]


def _version_problems(project: Project, history: History) -> list[Problem]:
    study, problems = project.study, []
    if not project.releases:
        return []
    latest = project.releases[-1]
    if not study.version:
        problems.append(Problem(study.source, f"releases are recorded in {_data(project)}/{FOLDER}/, but study.yaml"
                                " names no version, so the site cannot say which one it shows; add version:"
                                f" '{latest.version}' (or '{next_version(latest.version)}' once rows change)",
                                "error", "bad-version"))
        return problems
    recorded = history.index_of(study.version)
    if version_key(study.version) < version_key(latest.version) or (
            recorded is not None and recorded != len(project.releases) - 1):
        problems.append(Problem(study.source, f"version {study.version} comes before release {latest.version}, the"
                                f" latest recorded; set version: '{latest.version}', or a later one such as"
                                f" '{next_version(latest.version)}'", "error", "bad-version"))
        return problems
    if recorded is None:
        return problems
    since = history.changes[-1]
    if since:
        names = ", ".join(c.transcript for c in since[:5]) + (", …" if len(since) > 5 else "")
        problems.append(warning(study.source, message("changed-since-release", version=study.version,
                                                      transcripts=names, next=next_version(study.version)),
                                "changed-since-release"))
    if study.released and study.released != latest.released:
        problems.append(warning(study.source, message("released-differs", released=study.released,
                                                      version=latest.version, recorded=latest.released),
                                "changed-since-release"))
    return problems


def _address_problems(project: Project) -> list[Problem]:
    """A page whose address (`v1/`) is also the folder of a release (version `1`)."""
    folders = {f"v{r.version}" for r in project.releases}
    if project.study.version:
        folders.add(f"v{project.study.version}")
    return [Problem(d.source, f"slug '{d.slug}' is also the address of release {d.slug[1:]} ({d.slug}/); rename the"
                    f" file, or set slug: in the front matter, e.g. {d.slug}-page", "error", "unsafe-slug")
            for d in project.pages if d.slug in folders]


def _data(project: Project) -> str:
    return project.study.source.path.rsplit("/", 1)[0] if "/" in project.study.source.path else "."


def recording_problems(project: Project) -> list[Problem]:
    """Why the current version cannot be recorded as a release (none when it can)."""
    study = project.study
    latest = project.releases[-1].version if project.releases else ""
    suggestion = next_version(latest) if latest else "1.0"
    if not study.version:
        return [Problem(study.source, "study.yaml names no version to record; add version:"
                        f" '{suggestion}' and released: 2026-12-01 (the day you publish it), then run"
                        " build_site.py release again", "error", "bad-version")]
    if not study.released:
        return [Problem(study.source, f"version {study.version} has no release date; add released: 2026-12-01 (the"
                        " day you publish it), then run build_site.py release again", "error", "bad-version")]
    if any(version_key(r.version) == version_key(study.version) for r in project.releases):
        return [Problem(study.source, f"release {study.version} is already recorded ({_data(project)}/{FOLDER}/"
                        f"{study.version}/), and a recorded release never changes; set the next version, e.g."
                        f" version: '{next_version(study.version)}' with its released: date, then run build_site.py"
                        " release again", "error", "bad-version")]
    return []


# --- Citations of rows that changed since the last release ---------------------------------------


@dataclass(frozen=True)
class ChangedCitation:
    """A citation whose row says something else now than in the last release."""

    citation: CheckedCitation
    """The citation, checked against the rows as they are now."""
    reference: Reference
    """The reference of the citation that points at the changed row."""
    row: Row
    """The row it points at now."""
    old_speaker: str
    """Who spoke the row in `release`."""
    old_text: str
    """What the row (or the rows merged into it) said in `release`."""
    new_text: str
    """What it says now."""
    release: str
    """The release it is compared with: the last one before the current version."""


def citations_of_changed_rows(project: Project, checked: Sequence[CheckedCitation]) -> list[ChangedCitation]:
    """Every cited row whose speaker or text differs from what it said in the last release before the current
    version (the newest release while a version is prepared; the one before it once that version is recorded)."""
    history = history_of(project)
    index = history.last_release_before_current()
    if index is None:
        return []
    release = history.releases[index].version
    found = []
    for item in checked:
        for reference, row in zip(item.citation.references, item.rows):
            if row is None:
                continue
            old = history.text_in(index, row)
            if old is not None and (old.text != row.text or old.speaker != row.speaker):
                found.append(ChangedCitation(item, reference, row, old.speaker, old.text, row.text, release))
    return found


def changed_row_warnings(project: Project, checked: Sequence[CheckedCitation]) -> list[Problem]:
    """A warning for every citation of a row that changed since the last release, naming the release, saying how
    the row changed, and whether the passage the citation quoted in that release is still in the row (re-anchored
    by `selectors.reanchor`, with its score) and how the quote checks now."""
    problems = []
    for changed in citations_of_changed_rows(project, checked):
        citation = changed.citation.citation
        cited = "(" + "; ".join(r.label for r in citation.references) + ")"
        said = message("cited-row-changed", cited=cited, row=changed.row.label, release=changed.release,
                       difference=_difference(changed), anchoring=_anchoring(reanchored(changed)),
                       status=message(f"verdict-{changed.citation.status}"))
        problems.append(warning(citation.source, said, "cited-row-changed"))
    return problems


def reanchored(changed: ChangedCitation) -> Anchored | None:
    """Where the passage the citation quoted in the release is in the row's new text, and how well it matches."""
    # Imported here: `selectors` imports from this package (checks.align, checks.quotes), so importing it while the
    # package loads is a cycle whenever `selectors` comes first, as it does when `qualsite.render` is imported first.
    from ..selectors import passage_span, reanchor, selectors

    old_row = replace(changed.row, text=changed.old_text)
    # As the release's quote check would have aligned it: word for word, or the stretch that holds most of it.
    start, end = passage_span(replace(changed.citation, status="differs"), old_row)
    old_selector, _ = selectors(changed.old_text, start, end)
    return reanchor(old_selector, changed.new_text)


def _anchoring(anchored: Anchored | None) -> Message:
    if anchored is None:
        return message("passage-gone")
    if anchored.exact:
        return message("passage-unchanged")
    return message("passage-moved", score=f"{anchored.score:.2f}")


def _difference(changed: ChangedCitation) -> Message:
    old, new = changed.old_text.split(), changed.new_text.split()
    words = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in
                difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if op != "equal")
    if not words:
        return message("row-speaker-changed" if changed.old_speaker != changed.row.speaker else "row-spacing-changed")
    return message("row-word-changed") if words == 1 else message("row-words-changed", count=words)
