"""The source check's verdicts, its JSON report (schema 1) and the table a maintainer reads.

Statuses of a cited source (per answer in `answers`, and per URL in `sources`):

    current      the page's revision is not newer than the one recorded in front matter
    changed      the page's revision is newer: read it, update the answer and its `date`      (act)
    moved        a permanent redirect (301/308): record `final_url`                            (act)
    gone         404 or 410: find the replacement or drop the source                          (act)
    unreachable  timeout, connection error, 5xx/429 after retries, or another error status     (act)
    no-revision  the page answered but declares no readable revision (nothing to compare)
    unrecorded   the page has a revision but front matter records no `date` (record `revision`)

Outbound links of the built site (`links`) are `ok`, `moved`, `gone` or `unreachable`. Every entry has
`act`: true when a maintainer has something to do, so a reader needs no list of statuses.
"""
from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .fetch import Fetched

SCHEMA_VERSION = 1
ACT = frozenset({"changed", "moved", "gone", "unreachable"})


@dataclass(frozen=True)
class Citation:
    answer: str
    path: str
    url: str
    title: str
    recorded: datetime.date | None


def transport_status(result: Fetched) -> str | None:
    """The verdict the HTTP exchange alone gives, or None when the page was read (2xx)."""
    status = result.http_status
    if result.error or status is None:
        return "unreachable"
    if status in (404, 410):
        return "gone"
    if result.permanent:
        return "moved"
    return None if 200 <= status < 300 else "unreachable"


def source_status(result: Fetched, recorded: datetime.date | None) -> str:
    verdict = transport_status(result)
    if verdict is not None:
        return verdict
    if result.revision is None:
        return "no-revision"
    if recorded is None:
        return "unrecorded"
    return "changed" if datetime.date.fromisoformat(result.revision) > recorded else "current"


def link_status(result: Fetched) -> str:
    return transport_status(result) or "ok"


def error_text(result: Fetched) -> str | None:
    if result.error:
        return result.error
    if result.http_status is not None and not 200 <= result.http_status < 400:
        return f"HTTP {result.http_status}"
    return None


def result_fields(result: Fetched, status: str) -> dict[str, Any]:
    return {"status": status, "act": status in ACT, "revision": result.revision,
            "revision_meta": result.revision_meta, "final_url": result.final_url,
            "http_status": result.http_status, "redirects": result.redirects, "error": error_text(result),
            "note": result.note}


def answers_section(citations: list[Citation], results: dict[str, Fetched]) -> dict[str, list[dict[str, Any]]]:
    answers: dict[str, list[dict[str, Any]]] = {}
    for cite in citations:
        result = results[cite.url]
        entry = {"url": cite.url, "title": cite.title,
                 "recorded": cite.recorded.isoformat() if cite.recorded else None}
        entry.update(result_fields(result, source_status(result, cite.recorded)))
        answers.setdefault(cite.answer, []).append(entry)
    return answers


def sources_section(citations: list[Citation], results: dict[str, Fetched]) -> dict[str, dict[str, Any]]:
    """Per URL, judged against the oldest date any answer recorded for it (so one behind shows)."""
    by_url: dict[str, list[Citation]] = {}
    for cite in citations:
        by_url.setdefault(cite.url, []).append(cite)
    out: dict[str, dict[str, Any]] = {}
    for url, cites in by_url.items():
        dates = [c.recorded for c in cites if c.recorded is not None]
        recorded = min(dates) if len(dates) == len(cites) else None
        entry: dict[str, Any] = {"recorded": recorded.isoformat() if recorded else None}
        entry.update(result_fields(results[url], source_status(results[url], recorded)))
        entry["cited_by"] = sorted({c.answer for c in cites})
        out[url] = entry
    return out


def links_section(links: dict[str, list[str]], results: dict[str, Fetched]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for url, pages in links.items():
        entry = result_fields(results[url], link_status(results[url]))
        for key in ("revision", "revision_meta", "note"):
            del entry[key]
        entry["pages"] = pages
        out[url] = entry
    return out


@dataclass
class Run:
    """How the check went, for the summary."""

    checked: datetime.datetime
    elapsed: float
    urls: int
    from_cache: int
    requests: int


def acts(entries: Iterable[dict[str, Any]]) -> bool:
    return any(e["act"] for e in entries)


def status_counts(entries: Iterable[dict[str, Any]]) -> dict[str, int]:
    return dict(Counter(e["status"] for e in entries))


def summary_of(answers: dict[str, list[dict[str, Any]]], sources: dict[str, dict[str, Any]],
               links: dict[str, dict[str, Any]], results: dict[str, Fetched], run: Run) -> dict[str, Any]:
    acting = [qid for qid, entries in sorted(answers.items()) if acts(entries)]
    silent = {urlsplit(r.final_url or url).netloc for url, r in results.items() if r.http_status is None}
    return {
        "sources": status_counts(sources.values()),
        "citations": status_counts(e for entries in answers.values() for e in entries),
        "links": status_counts(links.values()),
        "answers_to_act_on": acting, "hosts_not_answering": sorted(silent),
        "urls": run.urls, "from_cache": run.from_cache, "requests": run.requests,
        "elapsed_seconds": round(run.elapsed, 3),
        "act": bool(acting) or acts(links.values()),
    }


def build_report(citations: list[Citation], links: dict[str, list[str]], results: dict[str, Fetched],
                 run: Run) -> dict[str, Any]:
    answers = answers_section(citations, results)
    sources = sources_section(citations, results)
    link_entries = links_section(links, results)
    return {"schema_version": SCHEMA_VERSION, "checked": run.checked.isoformat(timespec="seconds"),
            "sources": sources, "answers": answers, "links": link_entries,
            "summary": summary_of(answers, sources, link_entries, results, run)}


def review_due(report: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Question ID -> its sources with something to act on, from a report (for the build's review badge)."""
    if report.get("schema_version") != SCHEMA_VERSION:
        raise ValueError(f"source report schema {report.get('schema_version')!r}, expected {SCHEMA_VERSION}")
    answers: dict[str, list[dict[str, Any]]] = report.get("answers") or {}
    return {qid: [e for e in entries if e.get("act")] for qid, entries in answers.items()
            if any(e.get("act") for e in entries)}
