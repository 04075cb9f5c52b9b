"""The shape of a YAML mapping: which keys it accepts, which it requires, and their types.

Each loader module declares its mappings as tuples of `Field`s (for example
`study.STUDY_FIELDS`); `read_mapping` checks a mapping against them and
returns the well-typed values. The same declarations are what the tests hold
the documentation and the JSON Schemas to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..problems import did_you_mean
from .report import Report
from .yamlsource import Mapping, Node, Scalar, Sequence, describe, parse

FieldType = Literal["text", "int", "bool", "texts", "list", "map", "any"]
"""`text`: one value, read as text; `int`: a whole number; `bool`: `true` or `false`; `texts`: a list of text values;
`list`: a list of mappings (read by the caller); `map`: a mapping (read by the caller); `any`: checked by the caller."""


@dataclass(frozen=True)
class Field:
    """One key a mapping accepts."""

    name: str
    type: FieldType
    required: bool = False
    example: str = ""
    """A correct value as YAML, shown in messages (`"#2e7d32"`, `[KOM, MED]`), in Swedish where it has words."""
    example_en: str = ""
    """The same example for a study in English, where `example` has Swedish words."""
    empty_ok: bool = False
    """For required text: whether an empty value is allowed (a row's `text`)."""


def example_of(field: Field, language: str) -> str:
    """The field's example in the study's language."""
    return field.example_en if language == "en" and field.example_en else field.example


def names(fields: tuple[Field, ...]) -> tuple[str, ...]:
    """The keys, in declaration order."""
    return tuple(f.name for f in fields)


@dataclass(frozen=True)
class Read:
    """The well-typed values of a mapping: only keys that are present and valid."""

    values: dict[str, object]
    lines: dict[str, int]
    """Line of each present key."""
    nodes: dict[str, Node]
    """Node of each present key, as written."""
    line: int
    """Line of the mapping itself."""

    def get(self, name: str, default: object = None) -> object:
        return self.values.get(name, default)

    def line_of(self, name: str) -> int:
        """The line of key `name` if present, else the mapping's line."""
        return self.lines.get(name, self.line)


_WHOLE = re.compile(r"^\s*[+-]?[0-9]+\s*$")


def read_mapping(node: Node | None, fields: tuple[Field, ...], report: Report, *, what: str, example: str,
                 line: int | None = None) -> Read | None:
    """Check `node` against `fields`; report unknown keys, missing or empty required ones and wrong types.

    `what` names the mapping in messages (`this row`, `study.yaml`); `example` is a correct mapping written
    as YAML, shown when `node` is not a mapping at all. Returns None only when `node` is not a mapping.
    """
    if not isinstance(node, Mapping):
        at = node.line if node is not None else line
        report.error(at, f"{what} must be a mapping of key: value pairs, not {describe(node)}; write it like {example}",
                     "wrong-type")
        return None
    by_name = {f.name: f for f in fields}
    values: dict[str, object] = {}
    lines: dict[str, int] = {}
    nodes: dict[str, Node] = {}
    for entry in node.entries:
        field = by_name.get(entry.key)
        if field is None:
            report.error(entry.key_line, f"unknown key '{entry.key}' in {what}{did_you_mean(entry.key, by_name)};"
                         f" use only {', '.join(by_name)}", "unknown-key")
            continue
        lines[entry.key] = entry.key_line
        nodes[entry.key] = entry.value
        value = _convert(field, entry.value, entry.key_line, report)
        if value is not None:
            values[entry.key] = value
    for field in fields:
        if field.required and field.name not in lines:
            report.error(node.line, f"{what} has no '{field.name}'; add it, e.g. {field.name}:"
                         f" {example_of(field, report.language)}", "missing-field")
        elif (field.required and not field.empty_ok and field.type == "text"
              and field.name in values and not str(values[field.name]).strip()):
            report.error(lines[field.name], f"'{field.name}' is empty; fill it in, e.g. {field.name}:"
                         f" {example_of(field, report.language)}",
                         "missing-field")
    return Read(values, lines, nodes, node.line)


def _convert(field: Field, node: Node, line: int, report: Report) -> object:
    """The value of one field, or None after reporting a wrong type."""
    name, example = field.name, example_of(field, report.language)
    if field.type == "any":
        return node
    if field.type == "text":
        if isinstance(node, Scalar):
            return node.as_text()
        report.error(line, f"'{name}' must be text such as {example}, not {describe(node)}; write it on the same line"
                     " as the key (quoted if it starts with [, {, - or *), or after '|' for several lines",
                     "wrong-type")
        return None
    if field.type == "int":
        if isinstance(node, Scalar):
            if node.value is None:
                return None
            if isinstance(node.value, int) and not isinstance(node.value, bool):
                return node.value
            if isinstance(node.value, str) and _WHOLE.fullmatch(node.value) and len(node.value) <= 40:
                return int(node.value)  # longer: Python refuses numbers of over 4,300 digits; reported below
        report.error(line, f"'{name}' must be a whole number such as {example}, not {describe(node)};"
                     f" write digits only, e.g. {name}: {example}", "wrong-type")
        return None
    if field.type == "bool":
        if isinstance(node, Scalar) and isinstance(node.value, bool):
            return node.value
        report.error(line, f"'{name}' must be true or false, not {describe(node)}; write {name}: {example}",
                     "wrong-type")
        return None
    if field.type == "texts":
        if isinstance(node, Scalar) and node.value is None:
            return ()
        if not isinstance(node, Sequence):
            report.error(line, f"'{name}' must be a list such as {example}, not {describe(node)}; put the items in"
                         f" square brackets separated by commas, e.g. {name}: {example}, or one per line after '- '",
                         "wrong-type")
            return None
        items = []
        for item in node.items:
            if isinstance(item, Scalar):
                if item.value is not None:
                    items.append(item.as_text())
            else:
                report.error(item.line, f"each item of '{name}' must be text, not {describe(item)}; quote items"
                             f" that hold ': ', e.g. {name}: {example}", "wrong-type")
        return tuple(items)
    if field.type == "list":
        if isinstance(node, Scalar) and node.value is None:
            return Sequence((), line)
        if isinstance(node, Sequence):
            return node
        report.error(line, f"'{name}' must be a list, not {describe(node)}; start each item on its own line"
                     f" with '- ', e.g. {name}: {example}", "wrong-type")
        return None
    if field.type == "map":
        if isinstance(node, Scalar) and node.value is None:
            return Mapping((), line)
        if isinstance(node, Mapping):
            return node
        report.error(line, f"'{name}' must be a mapping of key: value pairs, not {describe(node)};"
                     f" write it like {name}: {example}", "wrong-type")
        return None
    raise AssertionError(f"unknown field type {field.type!r}")  # a programmer error in a Field declaration


def read_file(text: str, fields: tuple[Field, ...], report: Report, *, what: str, example: str,
              empty_ok: bool = False) -> Read | None:
    """A whole YAML file that must be one mapping of `fields` (`study.yaml`, a transcript…).

    None when it cannot be read as one; the reason is in `report`. An empty file is an error unless `empty_ok`,
    and then also None, without a problem.
    """
    node = parse(text, report, empty_ok=empty_ok)
    if node is None or report.failed:
        return None
    return read_mapping(node, fields, report, what=what, example=example, line=1)


def items(node: Node | None) -> tuple[Node, ...]:
    """The items of a list node; none when the node is absent or not a list (`read_mapping` reported that)."""
    return node.items if isinstance(node, Sequence) else ()
