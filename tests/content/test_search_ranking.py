"""Reviewers' searches against the real site's index, in Node: the same queries as the Chromium test
(tests/browser/test_search.py), in seconds and without a browser, so a keyword or a weight that pushes an answer
out of the first three fails here first."""
from __future__ import annotations

from pathlib import Path

import pytest

from faqsite.pages.search import index_script
from faqsite.site import search_entries
from support import acceptable, reviewer_queries, run_search_worker


@pytest.fixture(scope="module")
def index(content, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site's index, built once for the module."""
    path = tmp_path_factory.mktemp("search") / "index.js"
    path.write_text(index_script(search_entries(content)), encoding="utf-8")
    return path


def top_three(index: Path, queries: list[str]) -> list[list[str]]:
    return run_search_worker(index, queries, "search(q).items.slice(0, 3).map(item => item[0].location)")


def test_every_reviewer_query_finds_a_right_answer_in_the_first_three(content, index: Path) -> None:
    queries = reviewer_queries()
    assert len(queries) >= 95
    missed = [(query, top, sorted(acceptable(expected, content))[:3])
              for (query, expected), top in zip(queries.items(), top_three(index, list(queries)))
              if not set(top) & acceptable(expected, content)]
    assert missed == []


def test_an_id_in_the_one_word_form_search_uses_finds_only_its_answer(content, index: Path) -> None:
    assert top_three(index, ["ENC038", "MIG001"]) == [["disk-encryption/encryption-at-host/"],
                                                     [content.content.by_id["MIG-001"].url]]
