"""The tools that help a reader find their way in one transcript: filter by code and speaker, find, cited rows.

Rendered here as raw HTML, `hidden` until `docs/assets/qualsite-transcript.js` runs and wires them up, so a
page without scripts shows every row and no control that would do nothing. The script reads what it needs
from the page: each row's `data-codes`, `data-speaker` and `data-cited` (`transcripts._row`), the options
rendered here (with their counts), and the site's words, from `data-*` attributes of the tools themselves.
The overview strip is built by the script from the rows, so its marks cost the page nothing without scripts.
"""

from __future__ import annotations

from collections import Counter

from ..model import Transcript
from .context import Context
from .parts import speaker_name
from .text import element, html_attr, html_inline


LONG = 300
"""Rows beyond which a transcript is long: the stylesheet then lets the browser skip laying out rows off screen."""


def row_attributes(codes: tuple[str, ...], speaker: str, cited: bool) -> str:
    """The data attributes of a row element (leading space included), escaped: what the filter compares."""
    attrs = f' data-speaker="{html_attr(speaker)}"'
    if codes:
        attrs += f' data-codes="{html_attr(" ".join(codes))}"'
    if cited:
        attrs += ' data-cited="1"'
    return attrs


def tools(ctx: Context, transcript: Transcript) -> str:
    """The filter, find and cited-row controls of a transcript page, as one raw HTML block's lines."""
    lab = ctx.labels
    total = len(transcript.rows)
    by_code = Counter(code for row in transcript.rows for code in dict.fromkeys(row.codes))
    by_speaker = Counter(row.speaker for row in transcript.rows)
    citing = ctx.citing_rows
    cited = len([row for row in transcript.rows if (row.transcript, row.n, row.occurrence) in citing])  # `ctx.citing`

    code_options = [_option("", lab.tx_all_codes)]
    known = [code for code in ctx.codes if code in by_code]
    unknown = sorted(code for code in by_code if code not in ctx.codes)
    for code_id in known + unknown:
        code = ctx.codes.get(code_id)
        name = f"{code_id} – {code.label}" if code and code.label else code_id
        code_options.append(_option(code_id, f"{name} ({by_code[code_id]})"))
    speaker_options = [_option("", lab.tx_all_speakers)]
    declared = [s.id for s in transcript.speakers if s.id in by_speaker]
    others = sorted(s for s in by_speaker if s not in declared)
    for speaker_id in declared + others:
        speaker = ctx.speakers.get((transcript.id, speaker_id))
        speaker_options.append(_option(speaker_id, f"{speaker_name(ctx, speaker, speaker_id)} ({by_speaker[speaker_id]})"))

    words = {
        "data-showing": lab.tx_showing, "data-hits": lab.tx_hits, "data-no-hits": lab.tx_no_hits,
        "data-no-cited": lab.tx_no_cited, "data-cited-word": lab.tx_cited,
    }
    said = "".join(f' {name}="{html_attr(value)}"' for name, value in words.items())
    filter_group = (
        f'<div class="qs-tx-filter" role="group" aria-label="{html_attr(lab.tx_filter)}">'
        f'<label class="qs-tx-field"><span>{html_inline(lab.tx_code)}</span>'
        f'<select class="qs-tx-code">{"".join(code_options)}</select></label>'
        f'<label class="qs-tx-field"><span>{html_inline(lab.tx_speaker)}</span>'
        f'<select class="qs-tx-speaker">{"".join(speaker_options)}</select></label>'
        f'<button type="button" class="qs-tx-reset" hidden>{html_inline(lab.tx_show_all)}</button>'
        f'<span class="qs-tx-shown" role="status"></span>'
        "</div>"
    )
    find_group = (
        f'<div class="qs-tx-find" role="group" aria-label="{html_attr(lab.tx_find)}">'
        f'<input type="search" class="qs-tx-query" aria-label="{html_attr(lab.tx_find)}"'
        f' placeholder="{html_attr(lab.tx_find)}" autocomplete="off" spellcheck="false">'
        f'<span class="qs-tx-count" role="status"></span>'
        f'{_button("qs-tx-find-prev", lab.tx_find_prev, "↑")}{_button("qs-tx-find-next", lab.tx_find_next, "↓")}'
        "</div>"
    )
    cited_group = (
        f'<div class="qs-tx-cited" role="group" aria-label="{html_attr(lab.cited_rows)} ({cited})">'
        f'{_button("qs-tx-cited-prev", lab.tx_prev_cited, "◀")}'
        f'<span class="qs-tx-cited-label" aria-hidden="true">{html_inline(lab.cited_rows)} ({cited})</span>'
        f'{_button("qs-tx-cited-next", lab.tx_next_cited, "▶")}'
        "</div>"
    )
    strip = (f'<div class="qs-tx-strip-wrap"><div class="qs-tx-strip" role="group"'
             f' aria-label="{html_attr(lab.tx_overview)}" title="{html_attr(lab.tx_overview_about)}"></div></div>')
    # Two siblings: the bar sticks below the site's header while the page scrolls (a sticky element sticks only
    # inside its parent, so it cannot sit inside the filter's box).
    return (
        f'<div class="qs-tx-tools" hidden data-rows="{total}"{" data-long" if total > LONG else ""}{said}>'
        f'{filter_group}</div>'
        f'<div class="qs-tx-bar" hidden>{find_group}{cited_group}{strip}<p class="qs-tx-say" role="status"></p></div>'
    )


def _option(value: str, text: str) -> str:
    return f'<option value="{html_attr(value)}">{html_inline(text)}</option>'


def _button(class_: str, name: str, symbol: str) -> str:
    """A small button showing `symbol`, named `name` for assistive technology and as its tooltip."""
    return element("button", f'<span aria-hidden="true">{symbol}</span>', type="button", class_=class_,
                   aria_label=name, title=name)
