"""One reader for the fields of every data file and every page's front matter.

A loader declares its fields through an `Entry` (`e.text("title")`, `e.choice("theme", ...)`) and then makes its
cross-checks; each call reports what is wrong with the field as a `Problem` and returns a safe value, so one run
lists every problem. One rule for numbers everywhere: a whole number is read as text (a bare 2028), any other
number must be quoted, because YAML drops what a reader meant ("7.10" becomes 7.1).
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import Problem

# One slug grammar for every key a URL, an anchor or an attribute is made from (tags, topics, themes, options,
# properties, requirements, controls, facts).
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


def folded(text: str) -> str:
    """Text with its whitespace, line breaks included, folded to single spaces."""
    return " ".join(text.split())


@dataclass
class Entry:
    """One mapping from a data file or front matter, and where its problems are reported."""

    file: str
    where: str  # "c-one", "policies/pol"; "" for a page's front matter
    raw: Mapping[str, Any]
    problems: list[Problem]
    lines: Mapping[str, int] = field(default_factory=dict)
    line: int | None = None  # the entry's own line, for fields that have none

    def bad(self, key: str, message: str) -> None:
        name = f"{self.where}/{key}" if self.where else key
        self.problems.append(Problem(self.file, name, message, self.lines.get(key, self.line)))

    def only(self, allowed: Iterable[str], what: str = "field") -> None:
        allowed = tuple(allowed)
        for key in self.raw:
            if key not in allowed:
                self.bad(str(key), f"unknown {what} ({what}s: {', '.join(allowed)})")

    def present(self, key: str) -> bool:
        value = self.raw.get(key)
        return bool(folded(value)) if isinstance(value, str) else value not in (None, [], {})

    def text(self, key: str, *, required: bool = True, max_length: int | None = None) -> str:
        value = self.raw.get(key)
        if value is None or isinstance(value, str) and not folded(value):  # "", or only spaces and line breaks
            if required:
                self.bad(key, "required field is missing or empty")
            return ""
        text = as_text(value)
        if text is None:
            self.bad(key, f"must be text, not {type(value).__name__} (quote numbers such as \"7.2\")")
            return ""
        if max_length is not None and len(text) > max_length:
            self.bad(key, f"{len(text)} characters; at most {max_length}")
        return text

    def texts(self, key: str, *, required: bool = False, unique: bool = True) -> tuple[str, ...]:
        value = self.raw.get(key)
        if value in (None, "", []):
            if required:
                self.bad(key, "required field is missing or empty")
            return ()
        items = [as_text(v) for v in value] if isinstance(value, list) else [None]
        if not all(items):
            self.bad(key, "must be a list of non-empty texts (quote numbers such as \"7.2\")")
            return ()
        texts = tuple(item for item in items if item)
        if unique and len(set(texts)) != len(texts):
            self.bad(key, "an entry is listed twice")
        return texts

    def flag(self, key: str, default: bool | None = False) -> bool:
        value = self.raw.get(key, default)
        if not isinstance(value, bool):
            self.bad(key, "must be true or false" if key in self.raw else "required field is missing (true or false)")
            return False
        return value

    def date(self, key: str, *, required: bool = True, not_after: datetime.date | None = None) -> datetime.date | None:
        value = self.raw.get(key)
        if value in (None, ""):
            if required:
                self.bad(key, "required field is missing or empty")
            return None
        if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
            self.bad(key, f"'{value}' is not a date (YYYY-MM-DD)")
            return None
        if not_after is not None and value > not_after:
            self.bad(key, f"{value} is in the future (today is {not_after})")
        return value

    def choice(self, key: str, choices: Iterable[str], what: str, *, required: bool = True) -> str:
        value = self.text(key, required=required)
        choices = tuple(choices)
        if value and value not in choices:
            self.bad(key, f"unknown {what} '{value}' (one of: {', '.join(choices)})")
            return ""
        return value

    def mapping(self, key: str) -> dict[str, Any]:
        value = self.raw.get(key)
        if value in (None, "", {}):
            return {}
        if not isinstance(value, dict):
            self.bad(key, "must be a mapping")
            return {}
        return value

    def sub(self, key: str, raw: Mapping[str, Any]) -> Entry:
        """An entry nested in this one (its problems are named '<where>/<key>/<field>')."""
        where = f"{self.where}/{key}" if self.where else key
        return Entry(self.file, where, raw, self.problems, {}, self.lines.get(key, self.line))


def as_text(value: Any) -> str | None:
    """A YAML scalar as folded text: strings and whole numbers; None for anything else (floats, lists, booleans)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = folded(str(value))
    return text or None


def entries(raw: Any, file: str, problems: list[Problem], where: str = "",
            lines: Mapping[str, int] | None = None) -> list[tuple[str, Entry]]:
    """The (key, Entry) pairs of a mapping of keyed entries; a wrong shape is one problem, never a crash."""
    if raw in (None, "", {}):
        return []
    if not isinstance(raw, dict):
        problems.append(Problem(file, where or "(file)", "must be a mapping of keys to entries"))
        return []
    found: list[tuple[str, Entry]] = []
    for key, value in raw.items():
        name = f"{where}/{key}" if where else str(key)
        line = (lines or {}).get(str(key))
        if not isinstance(value, dict):
            problems.append(Problem(file, name, "must be a mapping of fields", line))
            continue
        found.append((str(key), Entry(file, name, value, problems, {}, line)))
    return found


def slug_problem(key: str, what: str) -> str:
    """'' when `key` is a valid slug, else the message saying why not."""
    if SLUG.match(key):
        return ""
    return f"'{key}' is not a valid {what} key: lower-case letters and digits joined by hyphens"
