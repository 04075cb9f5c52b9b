"""Releases on the site: the list of releases, a folder `v<version>/` for every release and for the current
version, and what a current row said before.

Under `v<version>/` a transcript that reads as it does now, row for row, is a static forwarding page
(`urls.forward_page`): MkDocs copies it without the theme, `assets/qualsite-releases.js` sends the reader on to the
current page keeping the `#anchor` (through the moves, for a renumbered transcript), and a plain link serves
readers without scripts. A transcript that changed is a page of its own with the old rows under their old anchors,
kept out of the site's search (Material's `search: exclude`, Pagefind's `data-pagefind-ignore`).
"""

from __future__ import annotations

import difflib
import html
import json

from typing import Mapping

from .. import urls
from ..history import Change, History, Key, Version, history_of
from ..model import Row
from .context import Context
from .parts import heading, link, page_title, raw_block, speaker_name, speaker_role, table
from .text import front_matter_title, html_attr, html_inline, html_text

SCRIPT = "assets/qualsite-releases.js"
"""The script that forwards old addresses (committed in docs/assets, listed in mkdocs.yml's extra_javascript)."""
MAX_DIFF_WORDS = 5_000
"""Above this many words on either side, a changed row links to its old text without an inline diff: difflib's
matching grows with the product of the two lengths."""


def wanted(ctx: Context) -> bool:
    """Whether the study has releases or a version, and so the pages of this module."""
    return bool(ctx.project.releases or ctx.project.study.version)


def pages(ctx: Context) -> dict[str, str]:
    """The releases page, and every release's folder of pages (the current version's included)."""
    if not wanted(ctx):
        return {}
    history = history_of(ctx.project)
    result = {urls.RELEASES_INDEX: releases_index(ctx, history)}
    for index, release in enumerate(history.releases):
        result[urls.release_page(release.version, urls.HOME)] = release_home(ctx, history, release, index)
        for transcript in release.transcripts:
            page = urls.transcript_page(transcript)
            moved = history.same_as_now(index, transcript)
            if moved is not None:
                result[urls.forward_page(release.version, page)] = forward(ctx, release.version, transcript, moved)
            else:
                result[urls.release_page(release.version, page)] = frozen_page(ctx, history, index, transcript)
    current = history.current.version
    if current and history.index_of(current) is None:
        result[urls.release_page(current, urls.HOME)] = release_home(ctx, history, history.current, None)
        for transcript in history.current.transcripts:
            result[urls.forward_page(current, urls.transcript_page(transcript))] = forward(ctx, current, transcript, {})
    return result


# --- The releases page --------------------------------------------------------------------------------


def releases_index(ctx: Context, history: History) -> str:
    """Every version, newest first, with its date and what changed in each transcript since the one before."""
    lab, page = ctx.labels, urls.RELEASES_INDEX
    parts = [page_title(lab.releases), raw_block(f'<p class="qs-intro">{html_inline(lab.releases_intro)}</p>')]
    versions = list(enumerate(history.versions))
    if history.index_of(history.current.version) is not None or not history.current.version:
        versions = versions[:-1]  # the current rows are a recorded release (or no version): listed once, as it
    for index, version in reversed(versions):
        title = f"{lab.version} {version.version}"
        note = [version.released] if version.released else []
        if not version.recorded:
            note.append(lab.in_preparation)
        elif _is_current(history, version):
            note.append(lab.current_version)
        parts.append("\n" + heading(2, f"{title} ({', '.join(note)})" if note else title,
                                    urls.release_anchor(version.version)))
        if index == 0:
            rows = len(version.rows)
            parts.append(raw_block(f"<p>{html_inline(lab.first_release)}: {len(version.transcripts)}"
                                   f" {html_inline(lab.interviews.lower())}, {rows} {html_inline(lab.rows.lower())}."
                                   "</p>"))
        else:
            parts.append(_changes_table(ctx, page, version, history.changes[index - 1]))
        home = urls.release_page(version.version, urls.HOME)
        parts.append(raw_block(f"<p>{link(page, home, html_inline(f'{lab.transcripts_in_version} {version.version}'))}"
                               "</p>"))
    return "".join(parts)


def _is_current(history: History, version: Version) -> bool:
    return bool(history.current.version) and history.index_of(history.current.version) == history.index_of(
        version.version) is not None


def _changes_table(ctx: Context, page: str, version: Version, changes: tuple[Change, ...]) -> str:
    lab = ctx.labels
    if not changes:
        return raw_block(f"<p>{html_inline(lab.no_changes)}</p>")
    lines = []
    for change in changes:
        name = html_inline(change.transcript)
        if change.transcript in version.transcripts:
            name = link(page, _page_in(version, change.transcript), name)
        if change.new or change.gone:
            name += f" ({html_inline(lab.transcript_new if change.new else lab.transcript_gone)})"
        lines.append([name, str(change.changed), str(change.added), str(change.removed), str(change.moved)])
    return table([lab.transcript, lab.rows_changed, lab.rows_added, lab.rows_removed, lab.rows_moved], lines,
                 "qs-release-changes")


def _page_in(version: Version, transcript: str) -> str:
    """The page showing `transcript` as `version` has it: the release's own page (or forwarder), or the current one."""
    page = urls.transcript_page(transcript)
    return urls.release_page(version.version, page) if version.version else page


def release_home(ctx: Context, history: History, version: Version, index: int | None) -> str:
    """`v1.0/`: the release, its date, and each of its transcripts as it read then (changed since, or not)."""
    lab, page = ctx.labels, urls.release_page(version.version, urls.HOME)
    title = f"{lab.version} {version.version}"
    parts = [front_matter_title(f"{title} · {ctx.project.study.title}"), heading(1, title)]
    facts = [f"{html_inline(lab.released)}: {html_inline(version.released)}" if version.released else "",
             html_inline(lab.in_preparation) if not version.recorded else ""]
    links = [link(page, urls.HOME, html_inline(lab.read_current)),
             link(page, urls.RELEASES_INDEX, html_inline(lab.all_releases), urls.release_anchor(version.version))]
    parts.append(raw_block(f'<p class="qs-release-note">{" · ".join(f for f in facts if f)}</p>' if any(facts) else "",
                           f"<p>{' · '.join(links)}</p>"))
    rows = []
    for transcript, keys in version.transcripts.items():
        moved = {} if index is None else history.same_as_now(index, transcript)
        status = lab.changed if moved is None else f"{lab.unchanged} ({lab.renumbered})" if moved else lab.unchanged
        rows.append([link(page, _page_in(version, transcript), html_inline(transcript)), str(len(keys)),
                     html_inline(status)])
    parts.append("\n" + heading(2, f"{lab.transcripts_in_version} {version.version}", "transcripts"))
    parts.append(table([lab.transcript, lab.rows, lab.status_since], rows, "qs-release-transcripts"))
    return "".join(parts)


def _excluded(front_matter: str) -> str:
    """Front matter that also keeps the page out of Material's search: an old transcript repeats what the current
    one says, nearly word for word."""
    return front_matter.replace("\n---\n\n", "\nsearch:\n  exclude: true\n---\n\n", 1)


# --- A transcript as a release had it -----------------------------------------------------------------------


def frozen_page(ctx: Context, history: History, index: int, transcript: str) -> str:
    """The transcript as release `index` recorded it, each row under the anchor it had, with where it is now."""
    lab, release = ctx.labels, history.releases[index]
    page = urls.release_page(release.version, urls.transcript_page(transcript))
    now = ctx.project.transcript(transcript)
    title = (now.title if now is not None and now.title else transcript)
    parts = [_excluded(front_matter_title(f"{title} · {lab.version} {release.version}"))]
    note = f"{html_inline(lab.frozen_note)} {html_inline(release.version)} ({html_inline(release.released)})."
    links = [link(page, urls.transcript_page(transcript), html_inline(lab.read_current)) if now is not None
             else html_inline(lab.not_current),
             link(page, urls.RELEASES_INDEX, html_inline(lab.all_releases), urls.release_anchor(release.version))]
    lines = ['<div class="qs-release-page" data-pagefind-ignore="all">',
             f"<h1>{html_inline(title)} · {html_inline(lab.version)} {html_inline(release.version)}</h1>",
             f'<p class="qs-release-note">{note} {" · ".join(links)}</p>']
    targets = history.to_current[index]
    for key in release.transcripts[transcript]:
        lines.append(_frozen_row(ctx, page, history, release, key, targets.get(key, ())))
    lines.append("</div>")
    parts.append(raw_block(*lines))
    return "".join(parts)


def _frozen_row(ctx: Context, page: str, history: History, release: Version, key: Key,
                went: tuple[Key, ...]) -> str:
    lab, row = ctx.labels, release.rows[key]
    speaker = ctx.speakers.get((row.transcript, row.speaker))
    role = speaker_role(speaker)
    anchor = urls.row_anchor(row)
    head = (f'<h3 id="{html_attr(anchor)}" class="qs-row-heading"><a class="qs-row-n" href="#{html_attr(anchor)}">'
            f'{html_inline(row.label)}</a> <span class="qs-speaker qs-speaker--{role}">'
            f"{html_inline(speaker_name(ctx, speaker, row.speaker))}</span></h3>")
    after = ""
    if not went:
        after = f'<p class="qs-row-now">{html_inline(lab.removed_since)}</p>'
    else:
        now = [history.current.rows[k] for k in went]
        if went != (key,) or " ".join(r.text for r in now) != row.text or now[0].speaker != row.speaker:
            targets = ", ".join(link(page, urls.transcript_page(r.transcript), html_inline(r.label), urls.row_anchor(r))
                                for r in now)
            after = f'<p class="qs-row-now"><span class="qs-label">{html_inline(lab.now_at)}:</span> {targets}</p>'
    return (f'<div class="qs-row qs-row--{role}">{head}<p class="qs-row-text">{html_text(row.text)}</p>{after}'
            "</div>")


# --- Forwarding pages -----------------------------------------------------------------------------------------


def forward(ctx: Context, version: str, transcript: str, moved: Mapping[Key, Key]) -> str:
    """A static page at `v<version>/transcripts/<id>/` that sends the reader to the current transcript page, to the
    row its `#anchor` names (renumbered through `moved`). Outside the theme: everything it says is here."""
    lab = ctx.labels
    logical = urls.release_page(version, urls.transcript_page(transcript))
    target = urls.href(logical, urls.transcript_page(transcript))
    script = urls.href(logical, SCRIPT)
    anchors = {urls.place_anchor(*old): urls.place_anchor(*new) for old, new in moved.items()}
    title = f"{transcript} · {lab.version} {version}"
    meta_moves = (f'<meta name="qualsite-moves" content="{html_attr(json.dumps(anchors, sort_keys=True))}">\n'
                  if anchors else "")
    return (
        "<!doctype html>\n"
        f'<html lang="{html_attr(ctx.project.study.language)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{html.escape(title, quote=False)}</title>\n"
        f'<link rel="canonical" href="{html_attr(target)}">\n'
        f'<meta name="qualsite-forward" content="{html_attr(target)}">\n'
        f"{meta_moves}"
        f'<script src="{html_attr(script)}"></script>\n'
        f'<noscript><meta http-equiv="refresh" content="0; url={html_attr(target)}"></noscript>\n'
        "</head>\n"
        '<body data-pagefind-ignore="all">\n'
        f"<p>{html_inline(lab.unchanged_since)} {html_inline(version)}:"
        f' <a href="{html_attr(target)}">{html_inline(lab.read_current)}</a>.</p>\n'
        "</body>\n"
        "</html>\n"
    )


# --- On the current transcript page ------------------------------------------------------------------------------


def row_notice(ctx: Context, page: str, row: Row) -> str:
    """What a current row said before, when that differs: "changed since 1.0", a word diff against the newest
    earlier text that differs, and links to the old text in each release that had another. Empty otherwise."""
    if not ctx.project.releases:
        return ""
    earlier = history_of(ctx.project).earlier_texts(row)
    if not earlier:
        return ""
    lab, newest = ctx.labels, earlier[0]
    links = ", ".join(
        link(page, urls.release_page(old.version, urls.transcript_page(old.key[0])),
             html_inline(f"{lab.text_in} {old.version}"), urls.place_anchor(*old.key))
        for old in earlier)
    lines = [f'<p class="qs-row-changed"><span class="qs-label">{html_inline(lab.changed_since)}'
             f" {html_inline(newest.version)}:</span> {links}</p>"]
    if newest.speaker != row.speaker:
        lines.append(f'<p class="qs-row-diff">{html_inline(lab.speaker_in)} {html_inline(newest.version)}:'
                     f" {html_inline(newest.speaker)}</p>")
    diff = word_diff(newest.text, row.text)
    if diff:
        lines.append(f'<p class="qs-row-diff qs-diff" title="{html_attr(lab.diff_legend_rows)}">{diff}</p>')
    return f'<div class="qs-row-history">{"".join(lines)}</div>'


def word_diff(old: str, new: str) -> str:
    """`old` → `new` as escaped HTML, word by word: `<del>` for words only in `old`, `<ins>` for words only in
    `new`; empty when the words are the same or too many to compare (`MAX_DIFF_WORDS`)."""
    a, b = old.split(), new.split()
    if a == b or len(a) > MAX_DIFF_WORDS or len(b) > MAX_DIFF_WORDS:
        return ""
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(html.escape(" ".join(a[i1:i2]), quote=False))
            continue
        if i2 > i1:
            out.append(f"<del>{html.escape(' '.join(a[i1:i2]), quote=False)}</del>")
        if j2 > j1:
            out.append(f"<ins>{html.escape(' '.join(b[j1:j2]), quote=False)}</ins>")
    return " ".join(out)


def moves_script_data(ctx: Context, page: str, transcript: str) -> str:
    """On the current page of `transcript`: the old anchors that no longer name a row here, each with the address
    of the row its words went to, for `assets/qualsite-releases.js`. Empty when there are none."""
    if not ctx.project.releases:
        return ""
    vanished = history_of(ctx.project).vanished.get(transcript)
    if not vanished:
        return ""
    addresses = {urls.place_anchor(*old): urls.href(page, urls.transcript_page(new[0]), urls.place_anchor(*new))
                 for old, new in vanished.items()}
    return raw_block(f'<div id="qs-moves" hidden data-moves="{html_attr(json.dumps(addresses, sort_keys=True))}">'
                     "</div>")

