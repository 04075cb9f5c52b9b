"""How deeply a YAML text nests its lists and mappings, found before any parser builds a tree of it.

PyYAML composes a document recursively: 20,000 nested `[` exhaust Python's recursion limit, and past about 40,000
libyaml's composer overflows the C stack and kills the process. No real study nests more than a handful of levels,
so a text nesting deeper than `MAX_NESTING` is refused before it is composed.

Measuring exactly takes an event parse (libyaml's parser is iterative), which costs about as much as composing. So
a linear scan first computes an upper bound, and only a text whose bound passes the limit is parsed for events:

- flow depth: twice (for `[a: b]`, a one-pair mapping in a list) every `[` and `{` that might open a collection counts up, `]` and `}` count down; quoted strings
  are skipped only where YAML starts one, and never past their line, so no bracket YAML reads as syntax is skipped;
- block depth: twice the column where a line's value starts, after its indentation and its `- ` and `? `
  indicators (a nested block collection starts at a greater column, or a list at its mapping's column).
"""

from __future__ import annotations

import re

import yaml

MAX_NESTING = 64
"""Lists and mappings inside each other, at most. A transcript nests 3 levels (file, rows, a row's codes)."""

_BLOCK_START = re.compile(r"(?P<indent> *)(?P<indicators>(?:[-?](?:[ \t]+|$))*)")
"""A line's indentation and the compact `- ` and `? ` indicators that open it."""
_SYNTAX = re.compile(r"[\[\]{}'\"#]")
"""The only characters of a line that can change the bound."""


def depth_bound(text: str) -> int:
    """An upper bound of the nesting depth of `text` read as YAML: cheap, and never below the real depth.

    Only an error towards a larger bound is allowed (it costs an event parse, never a wrong answer), so quoted
    strings are skipped only where YAML starts one and never past the end of their line, and every `[` or `{`
    that might open a collection counts.
    """
    flow = worst_flow = worst_block = 0
    for line in text.split("\n"):
        match = _BLOCK_START.match(line)
        value_start = match.end()
        # Nested block collections start at greater columns, except that a list may sit at its mapping's column:
        # so at most two levels per column up to where this line's value starts, and one for that value.
        worst_block = max(worst_block, 2 * (value_start + 1) + 1)
        skip_to = 0
        for match in _SYNTAX.finditer(line, value_start):
            i, c = match.start(), match.group()
            if i < skip_to:
                continue  # inside a quoted string
            if c == "#":
                if i == 0 or line[i - 1] in " \t":
                    break
                continue
            j = i - 1
            while j >= value_start and line[j] in " \t":
                j -= 1
            previous = line[j] if j >= value_start else ""
            if c in "[{":
                if flow > 0 or i == value_start or previous in ":?-,[{" or line[i - 1] in " \t":
                    flow += 1
                    worst_flow = max(worst_flow, flow)
            elif c in "]}":
                flow = max(flow - 1, 0)
            elif i == value_start or (previous and previous in (":?,[{" if flow else ":?")):
                skip_to = _after_quoted(line, i)
    # Inside a flow list, `? a` or `a: b` is a one-pair mapping, a level of its own: hence twice the brackets.
    return worst_block + 2 * worst_flow


def _after_quoted(line: str, start: int) -> int:
    """The index after the quoted scalar that starts at `start`, or the end of the line if it goes on."""
    quote, i, n = line[start], start + 1, len(line)
    while i < n:
        c = line[i]
        if quote == '"' and c == "\\":
            i += 2
            continue
        if c == quote:
            if quote == "'" and i + 1 < n and line[i + 1] == "'":
                i += 2  # '' is an escaped ' inside single quotes
                continue
            return i + 1
        i += 1
    return n


def too_deep(text: str, loader: type) -> tuple[int, int] | None:
    """(depth, 0-based line) where `text` first nests deeper than `MAX_NESTING`, or None when it does not.

    `loader` must be a PyYAML loader whose parser is libyaml's (iterative); a text that fails to parse before
    reaching the limit is left for the loader to explain.
    """
    if depth_bound(text) <= MAX_NESTING:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING:
                    return depth, event.start_mark.line
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None
