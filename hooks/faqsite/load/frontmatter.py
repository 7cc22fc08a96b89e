"""Read YAML safely: front matter split from a page's body, and data files, each key with its line.

Both refuse what would let content mislead or exhaust the build: duplicate keys (the last one would silently
win) and anchors or aliases (a few lines of them expand into gigabytes). A UTF-8 byte-order mark is accepted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)


# libyaml's parser when PyYAML has it (the wheels do): parsing front matter is most of a build's own work.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that keeps an impossible date (2026-13-01) as text, for the validator to report."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


class FrontMatterError(ValueError):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Parsed:
    meta: dict[str, Any]
    lines: dict[str, int]  # key -> line number in the file (1-based)
    body: str
    body_line: int = 1  # line of the file on which the body starts


def load_yaml(text: str, first_line: int = 1) -> tuple[Any, dict[str, int]]:
    """The YAML document in `text` and the line of each top-level key (the document starts on `first_line`).

    Raises FrontMatterError (with a line) for malformed YAML, a duplicate key or an anchor/alias.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()  # parsed once: the node gives each key's line, the document its values
        if node is not None:
            _check_node(node, first_line)
        value = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + first_line if mark is not None else None
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise FrontMatterError(f"malformed YAML: {problem}", line) from None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            lines[str(key_node.value)] = key_node.start_mark.line + first_line
    return value, lines


def _check_node(root: yaml.Node, first_line: int) -> None:
    """Refuse anchors, aliases and duplicate keys; linear in the size of the document (each node is seen once)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen or getattr(node, "anchor", None):
            raise FrontMatterError("YAML anchors and aliases (&name, *name) are not allowed",
                                   node.start_mark.line + first_line)
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key_node, value_node in node.value:
                key = str(key_node.value)
                if key in keys:
                    raise FrontMatterError(f"duplicate key '{key}'", key_node.start_mark.line + first_line)
                keys.add(key)
                stack += [key_node, value_node]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value


def parse(text: str) -> Parsed:
    """Parse a page; raise FrontMatterError when there is no front matter or its YAML is malformed."""
    text = text.removeprefix("\ufeff")
    match = FRONT_MATTER.match(text)
    if not match:
        raise FrontMatterError("the file has no YAML front matter (it must start with a line '---')", 1)
    meta, lines = load_yaml(match.group(1) or "", first_line=2)  # +1 for 1-based, +1 for the opening ---
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError("front matter must be a mapping of keys to values", 2)
    return Parsed(meta=meta, lines=lines, body=text[match.end():], body_line=text.count("\n", 0, match.end()) + 1)
