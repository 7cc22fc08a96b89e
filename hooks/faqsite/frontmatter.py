"""Split a Markdown file into YAML front matter and body, keeping the line of each key."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


# libyaml's parser when PyYAML has it (the wheels do): parsing front matter is most of a build's own work.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """Safe loader that keeps an impossible date (2026-13-01) as text, for the validator to report."""

    def construct_yaml_timestamp(self, node: yaml.Node):  # type: ignore[override]
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


def parse(text: str) -> Parsed:
    """Parse a page; raise FrontMatterError when there is no front matter or its YAML is malformed."""
    match = FRONT_MATTER.match(text)
    if not match:
        raise FrontMatterError("the file has no YAML front matter (it must start with a line '---')", 1)
    yaml_text = match.group(1) or ""
    try:
        loader = _Loader(yaml_text)
        try:
            node = loader.get_single_node()  # parsed once: the node gives each key's line,
            meta = loader.construct_document(node) if node is not None else None  # the document its values
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None  # +1 for 1-based, +1 for the opening ---
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise FrontMatterError(f"malformed YAML: {problem}", line) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict) or not isinstance(node, (yaml.MappingNode, type(None))):
        raise FrontMatterError("front matter must be a mapping of keys to values", 2)
    lines: dict[str, int] = {}
    if node is not None:
        for key_node, _ in node.value:
            lines[str(key_node.value)] = key_node.start_mark.line + 2
    return Parsed(meta=meta, lines=lines, body=text[match.end():], body_line=text.count("\n", 0, match.end()) + 1)
