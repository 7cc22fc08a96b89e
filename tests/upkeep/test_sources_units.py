"""Revision meta data, rewrites and verdicts, without a server."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from faqsite.upkeep.cache import UTC, Cache
from faqsite.upkeep.fetch import Fetched, Fetcher, Settings
from faqsite.upkeep.report import source_status
from faqsite.upkeep.revision import find_revision, parse_date

PAGES = Path(__file__).parent / "pages"


@pytest.mark.parametrize("text, date", [
    ("09/11/2026", datetime.date(2026, 9, 11)), ("9/1/2026", datetime.date(2026, 9, 1)),
    ("2026-09-11", datetime.date(2026, 9, 11)), ("2026-09-11 08:12 AM", datetime.date(2026, 9, 11)),
    ("2026-12-01T10:00:00Z", datetime.date(2026, 12, 1)), ("13/45/2026", None), ("2026-02-30", None),
    ("", None), ("yesterday", None)])
def test_parse_date(text: str, date: datetime.date | None) -> None:
    assert parse_date(text) == date


@pytest.mark.parametrize("page, date, meta", [
    ("unchanged.html", "2026-09-11", "ms.date"), ("changed.html", "2026-10-02", "ms.date"),
    ("updated-at.html", "2026-09-11", "updated_at"), ("article.html", "2026-12-01", "article:modified_time"),
    ("malformed.html", None, None), ("missing-meta.html", None, None), ("broken-markup.html", "2026-09-11", "ms.date")])
def test_find_revision_in_fixture_pages(page: str, date: str | None, meta: str | None) -> None:
    revision = find_revision((PAGES / page).read_text(encoding="utf-8", errors="replace"))
    assert (revision.date.isoformat() if revision.date else None, revision.meta) == (date, meta)
    assert (revision.problem is None) == (date is not None)


def test_an_unreadable_ms_date_falls_back_to_updated_at() -> None:
    html = '<head><meta name="ms.date" content="13/45/2026"><meta name="updated_at" content="2026-09-11 08:12 AM">'
    revision = find_revision(html)
    assert (revision.date, revision.meta) == (datetime.date(2026, 9, 11), "updated_at")


def test_meta_in_the_body_is_ignored() -> None:
    assert find_revision('<head></head><body><meta name="ms.date" content="09/11/2026"></body>').date is None


def test_rewrite_maps_both_ways() -> None:
    fetcher = Fetcher(Settings(rewrites=[("https://learn.microsoft.com", "http://127.0.0.1:1")]))
    assert fetcher.physical("https://learn.microsoft.com/a?b=c") == "http://127.0.0.1:1/a?b=c"
    assert fetcher.logical("http://127.0.0.1:1/en-us/a") == "https://learn.microsoft.com/en-us/a"
    assert fetcher.physical("https://example.org/a") == "https://example.org/a"


def test_verdicts() -> None:
    recorded = datetime.date(2026, 9, 11)
    page = Fetched("u", 200, "u", revision="2026-09-11")
    assert source_status(page, recorded) == "current"
    assert source_status(page, datetime.date(2026, 9, 10)) == "changed"
    assert source_status(page, None) == "unrecorded"
    assert source_status(Fetched("u", 200, "u"), recorded) == "no-revision"
    assert source_status(Fetched("u", 200, "v", [[302, "v"]], "2026-09-11"), recorded) == "current"
    assert source_status(Fetched("u", 200, "v", [[302, "w"], [308, "v"]], "2026-09-11"), recorded) == "moved"
    assert source_status(Fetched("u", 404, "v", [[301, "v"]]), recorded) == "gone"
    assert source_status(Fetched("u", 503, "u"), recorded) == "unreachable"
    assert source_status(Fetched("u", 403, "u"), recorded) == "unreachable"
    assert source_status(Fetched("u", None, "u", error="timed out"), recorded) == "unreachable"


def test_cache_keeps_definitive_answers_only(tmp_path: Path) -> None:
    cache = Cache(tmp_path, datetime.timedelta(hours=24))
    now = datetime.datetime(2026, 12, 1, 12, tzinfo=UTC)
    cache.put("a", Fetched("a", 404, "a"), now)
    cache.put("b", Fetched("b", None, "b", error="timed out"), now)
    cache.put("c", Fetched("c", 503, "c"), now)
    assert cache.get("a", now + datetime.timedelta(hours=23)) == Fetched("a", 404, "a")
    assert cache.get("a", now + datetime.timedelta(hours=25)) is None
    assert cache.get("b", now) is None and cache.get("c", now) is None
    next(tmp_path.rglob("*.json")).write_text("{not json")
    assert cache.get("a", now) is None  # a torn or foreign file is fetched again
