"""The readable form of a report: answers with something to act on, then broken outbound links, then counts."""
from __future__ import annotations

from typing import Any

WIDTH = 12  # status column


def detail(entry: dict[str, Any]) -> str:
    """What a maintainer needs to act on one entry."""
    status = entry["status"]
    if status == "changed":
        return f"page revision {entry['revision']} ({entry['revision_meta']}), recorded {entry['recorded']}"
    if status == "moved":
        newer = entry.get("revision") and entry.get("recorded") and entry["revision"] > entry["recorded"]
        return f"record the new URL: {entry['final_url']}" + (f" (revision {entry['revision']})" if newer else "")
    if status == "unrecorded":
        return f"record date: {entry['revision']}"
    if status == "no-revision":
        return str(entry.get("note") or "no revision found")
    return str(entry.get("error") or status)


def line(entry: dict[str, Any], url: str) -> str:
    return f"  {entry['status']:<{WIDTH}} {url}\n  {'':<{WIDTH}} {detail(entry)}"


def answer_lines(report: dict[str, Any], paths: dict[str, str]) -> list[str]:
    out: list[str] = []
    for qid, entries in sorted(report["answers"].items()):
        due = [e for e in entries if e["act"]]
        if due:
            out.extend([""] if out else [])
            out.append(f"{qid}  {paths.get(qid, '')}".rstrip())
            out.extend(line(e, e["url"]) for e in due)
    return out


def link_lines(report: dict[str, Any]) -> list[str]:
    """Broken outbound links that are not already listed as some answer's source."""
    due = {url: e for url, e in report["links"].items() if e["act"] and url not in report["sources"]}
    out = ["Outbound links in the built site"] if due else []
    for url, entry in sorted(due.items()):
        pages = entry["pages"]
        more = f" and {len(pages) - 3} more" if len(pages) > 3 else ""
        out.append(line(entry, url) + f"\n  {'':<{WIDTH}} on {', '.join(pages[:3])}{more}")
    return out


def counts(counter: dict[str, int]) -> str:
    return ", ".join(f"{n} {status}" for status, n in sorted(counter.items(), key=lambda item: -item[1])) or "none"


def summary_lines(report: dict[str, Any]) -> list[str]:
    s = report["summary"]
    out = [f"sources: {counts(s['sources'])}"]
    if report["links"]:
        out.append(f"outbound links: {counts(s['links'])}")
    if s["hosts_not_answering"]:
        out.append(f"hosts that did not answer: {', '.join(s['hosts_not_answering'])}")
    out.append(f"{len(s['answers_to_act_on'])} answer(s) to act on; {s['urls']} URLs checked "
               f"({s['from_cache']} from cache, {s['requests']} requests) in {s['elapsed_seconds']:.1f} s")
    return out


def render(report: dict[str, Any], paths: dict[str, str]) -> str:
    blocks = [answer_lines(report, paths), link_lines(report), summary_lines(report)]
    return "\n\n".join("\n".join(block) for block in blocks if block) + "\n"
