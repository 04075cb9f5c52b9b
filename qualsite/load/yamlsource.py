"""YAML parsing that keeps line numbers, with the YAML 1.2 core schema.

PyYAML composes a node tree (every node knows its start line); this module
turns it into three small immutable node types that carry 1-based lines:
`Mapping`, `Sequence` and `Scalar`. Scalars are resolved as YAML 1.2 does (and
as VS Code's YAML extension does): `2023-05-25`, `26:54`, `yes` and `no` stay
text; only `true`/`false`, numbers and `null`/`~`/empty are special. A scalar
also keeps the text as written, so a field that wants text gets `4.10` rather
than the float 4.1.

Syntax errors become problems with the parser's line and explanation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from .nesting import MAX_NESTING, too_deep
from .report import Report

NULL = "tag:yaml.org,2002:null"
BOOL = "tag:yaml.org,2002:bool"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
STR = "tag:yaml.org,2002:str"


class CoreLoader(yaml.SafeLoader):
    """A safe loader that resolves plain scalars by the YAML 1.2 core schema instead of YAML 1.1."""

    yaml_implicit_resolvers: dict = {}


for _tag, _pattern, _first in [
    (BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    (INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (FLOAT, r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+0123456789.")),
    (NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    CoreLoader.add_implicit_resolver(_tag, re.compile(_pattern), _first)


class FastCoreLoader(getattr(yaml, "CSafeLoader", CoreLoader)):  # type: ignore[misc]
    """The same schema on libyaml, about ten times faster. Its error messages differ, so a file it rejects is
    parsed again with `CoreLoader`, whose messages the loader knows how to explain."""

    yaml_implicit_resolvers = CoreLoader.yaml_implicit_resolvers


@dataclass(frozen=True)
class Scalar:
    """A single value: text, number, true/false or null."""

    value: str | int | float | bool | None
    """The value resolved by the YAML 1.2 core schema."""
    text: str
    """The value as written (without quotes), e.g. `4.10` for the float 4.1."""
    line: int
    """1-based line where the value starts."""

    def as_text(self) -> str:
        """The value as text: strings unchanged, null as empty, numbers and booleans as written."""
        if isinstance(self.value, str):
            return self.value
        return "" if self.value is None else self.text


@dataclass(frozen=True)
class Entry:
    """One `key: value` pair of a mapping."""

    key: str
    key_line: int
    value: "Node"


@dataclass(frozen=True)
class Mapping:
    """`key: value` pairs, in file order."""

    entries: tuple[Entry, ...]
    line: int

    def get(self, key: str) -> "Node | None":
        """The value of `key`, or None when absent."""
        return next((e.value for e in self.entries if e.key == key), None)

    def entry(self, key: str) -> Entry | None:
        """The entry of `key`, or None when absent."""
        return next((e for e in self.entries if e.key == key), None)


@dataclass(frozen=True)
class Sequence:
    """A list of nodes, in file order."""

    items: tuple["Node", ...]
    line: int


Node = Scalar | Mapping | Sequence


def parse(text: str, report: Report, *, first_line: int = 1, empty_ok: bool = False) -> Node | None:
    """The single YAML document in `text`, or None if it is empty or broken (then a problem is reported).

    `first_line` is the file line of the text's first line (2 for front matter after `---`). An empty
    document (only comments) is a problem unless `empty_ok`.
    """
    deep = too_deep(text, FastCoreLoader)
    if deep is not None:
        report.error(deep[1] + first_line, f"lists and mappings nest more than {MAX_NESTING} levels deep here (a"
                     " transcript needs 3), which no study needs and the YAML parser cannot read safely; close the"
                     " brackets you open, or quote text that starts with [ or {", "too-deep")
        return None
    try:
        root = yaml.compose(text, Loader=FastCoreLoader)
    except yaml.YAMLError:
        root = _compose_explained(text, report, first_line)
        if root is None:
            return None
    if root is None:
        if not empty_ok:
            report.error(None, "the file holds only comments and no data; write its content as format/README.md"
                         " describes", "empty-file")
        return None
    return _Converter(report, first_line).node(root)


def _compose_explained(text: str, report: Report, first_line: int) -> yaml.Node | None:
    """Parse with the pure-Python parser and report its error in the researcher's terms (None if it fails)."""
    try:
        return yaml.compose(text, Loader=CoreLoader)
    except yaml.MarkedYAMLError as error:
        if error.context == "while scanning a quoted scalar" and error.context_mark:
            mark = error.context_mark
            report.error(mark.line + first_line, f"YAML syntax error: the quote at column {mark.column + 1} is never"
                         " closed; end the text with the same quote character", "yaml-syntax")
            return None
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else None
        column = f" (column {mark.column + 1})" if mark else ""
        problem = error.problem or error.context or "cannot be parsed"
        report.error(line, f"YAML syntax error: {problem}{column}; {_hint(problem)}", "yaml-syntax")
        return None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + first_line
        report.error(line, f"the file holds the character U+{error.character:04X}, which YAML does not allow;"
                     " delete it (it is often invisible: retype the line)", "yaml-syntax")
        return None
    except yaml.YAMLError as error:  # pragma: no cover - every PyYAML error is one of the above
        report.error(None, f"YAML error: {error}; check the file's syntax", "yaml-syntax")
        return None


def plain(node: Node | None) -> object:
    """The node as plain Python values (dict, list, str, int, float, bool, None), e.g. for JSON Schema validation."""
    if isinstance(node, Mapping):
        return {e.key: plain(e.value) for e in node.entries}
    if isinstance(node, Sequence):
        return [plain(item) for item in node.items]
    return None if node is None else node.value


def describe(node: Node | None) -> str:
    """How a value reads in a message: `a list`, `a mapping`, `the text 'abc'`, `the number 4`, `empty`."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    if node is None or node.value is None:
        return "empty"
    if isinstance(node.value, bool):
        return f"the value {node.text}"
    if isinstance(node.value, (int, float)):
        return f"the number {node.text}"
    short = node.value if len(node.value) <= 40 else node.value[:37] + "…"
    return f"the text '{short}'"


_HINTS = [
    ("mapping values are not allowed", "put text that holds ': ' in quotes, e.g. title: \"1: …\""),
    ("cannot start any token", "indent with spaces, not tabs, and put text starting with ` @ or % in quotes"),
    ("could not find expected ':'", "write every entry as key: value, and close every quote you open"),
    ("found unexpected end of stream", "close every quote and bracket you open"),
    ("but found '<stream end>'", "close every bracket and quote you open"),
    ("did not find expected key", "align keys of the same level with the same number of spaces"),
    ("did not find expected '-' indicator", "align the '- ' items of a list with the same number of spaces"),
    ("expected a single document", "keep one document per file: remove the extra '---' line"),
    ("found duplicate anchor", "give each &anchor its own name"),
    ("found undefined alias", "define the &anchor before using *alias, or quote text that starts with '*'"),
    ("while scanning a quoted scalar", "close the quote, or use '…' around text holding \" (and '' for a single ')"),
]


def _hint(problem: str) -> str:
    for needle, hint in _HINTS:
        if needle in problem:
            return hint
    return "check the indentation and the quoting on this line and the line before"


class _Converter:
    """PyYAML nodes → our nodes. Shared (aliased) nodes are converted once; a recursive alias is a problem."""

    def __init__(self, report: Report, first_line: int):
        self.report = report
        self.offset = first_line
        self.done: dict[int, Node] = {}
        self.active: set[int] = set()

    def node(self, node: yaml.Node) -> Node:
        key = id(node)
        if key in self.done:
            return self.done[key]
        line = node.start_mark.line + self.offset
        if key in self.active:
            self.report.error(line, "an alias refers to the list or mapping that holds it; remove the *alias",
                              "yaml-syntax")
            return Scalar(None, "", line)
        self.active.add(key)
        try:
            converted = self._convert(node, line)
        finally:
            self.active.discard(key)
        self.done[key] = converted
        return converted

    def _convert(self, node: yaml.Node, line: int) -> Node:
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, line)
        if isinstance(node, yaml.SequenceNode):
            return Sequence(tuple(self.node(item) for item in node.value), line)
        seen: dict[str, int] = {}
        entries = []
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + self.offset
            if not isinstance(key_node, yaml.ScalarNode):
                self.report.error(key_line, "a key must be a single word or text, not a list or mapping;"
                                  " write keys like title:", "yaml-syntax")
                continue
            key = self._scalar(key_node, key_line).as_text()
            if key in seen:
                self.report.error(key_line, f"key '{key}' is given twice (also at line {seen[key]}); keep one",
                                  "duplicate-key")
                continue
            seen[key] = key_line
            entries.append(Entry(key, key_line, self.node(value_node)))
        return Mapping(tuple(entries), line)

    def _scalar(self, node: yaml.ScalarNode, line: int) -> Scalar:
        raw = node.value
        try:
            if node.tag == NULL:
                value: str | int | float | bool | None = None
            elif node.tag == BOOL:
                value = raw.lower() == "true"
            elif node.tag == INT:
                value = int(raw, 0) if raw.startswith(("0o", "0x")) else int(raw, 10)
            elif node.tag == FLOAT:
                value = float(raw.replace("Inf", "inf").replace("INF", "inf").replace(".inf", "inf")
                              .replace("NaN", "nan").replace("NAN", "nan").replace(".nan", "nan"))
            else:
                value = raw
        except ValueError:
            value = raw  # an explicit tag such as !!int on text: keep the text
        return Scalar(value, raw, line)
