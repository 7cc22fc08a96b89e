"""Typed records for the FAQ's content: questions, tags, topics and build problems.

Nothing here imports MkDocs: these modules can run as a pre-build step under any generator.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from . import paths


def id_order(qid: str) -> tuple[str, int]:
    """Sort key for question IDs: prefix, then number, so that ENC-999 comes before ENC-1000."""
    prefix, _, number = qid.rpartition("-")
    return (prefix, int(number)) if number.isdigit() else (qid, -1)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, reported with where it is."""

    file: str
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}"


@dataclass(frozen=True)
class Source:
    url: str
    title: str
    date: datetime.date | None = None
    quote: str = ""  # a sentence of the source (at most 25 words) that the answer rests on
    unverified: str = ""  # why the claim resting on this source could not be checked against its text


@dataclass
class Question:
    """A question page's front matter, after validation."""

    id: str
    title: str
    summary: str
    tags: list[str]
    theme: str
    sources: list[Source]
    reviewed: datetime.date
    since_2020: str
    path: str  # docs-relative source path, e.g. "disk-encryption/sse-disable.md"
    topic: str
    changed: str = ""
    keywords: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    verdicts: dict[str, dict[str, str]] = field(default_factory=dict)  # comparison property -> option -> value
    body: str = field(default="", repr=False)

    @property
    def url(self) -> str:
        """Site-relative URL of the page (directory URLs)."""
        return paths.page_url(self.path)


@dataclass(frozen=True)
class Tag:
    slug: str
    label: str
    group: str
    description: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    slug: str
    prefix: str
    title: str
    description: str
    themes: dict[str, str]


@dataclass(frozen=True)
class RetiredId:
    id: str
    reason: str
    successor: str | None
    retired: datetime.date


@dataclass
class Glossary:
    """Acronym -> (expansion, definition)."""

    terms: dict[str, tuple[str, str]]


@dataclass(frozen=True)
class PostEntry:
    """A question or requirement of the 2020 post, and the answers that cover it today."""

    asked: str
    answers: tuple[str, ...]
