"""Helpers the pages share: relative links, dates, labels and the search-exclusion marker.

Pages are emitted as Markdown wherever they link, so MkDocs validates each link and anchor.
"""
from __future__ import annotations

import datetime
import posixpath

from ..model import Question
from ..text import html_text, md_text, render, trusted

__all__ = ["NOT_INDEXED", "SINCE_LABEL", "html_text", "link", "long_date", "md_text", "question_link", "render",
           "trusted"]

SINCE_LABEL = {"unchanged": "Unchanged since 2020", "corrected": "Corrected since 2020", "new": "New since 2020"}
# Material's search skips a section whose heading carries this attribute. The blocks every question page ends
# with (sources, citation, cross-links) would otherwise enter the index once per page and let a page rank for the
# titles of the questions it merely links to; the same holds for the lists of short answers on listing pages.
NOT_INDEXED = "{ data-search-exclude }"


def link(from_page: str, to_page: str) -> str:
    """Relative link from one docs-relative Markdown path to another."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def question_link(from_page: str, q: Question) -> str:
    return f"[{md_text(f'{q.id}: {q.title}')}]({link(from_page, q.path)})"
