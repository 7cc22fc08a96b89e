"""Every file published beside the pages: the data exports, the Atom feed of reviews and the redirect stubs.

Each one is written here and nowhere else; the names come from paths.py.
"""
from __future__ import annotations

import csv
import datetime
import io
import json
import posixpath
import re
from typing import Any

from . import paths
from .load.content import Content
from .load.controls import Control
from .load.matrix import Matrix
from .load.review import Review
from .load.versions import History, Version, answer_versions
from .model import Question, id_order
from .text import TEMPLATES, long_date, render

# Each JSON export has a hand-written JSON Schema beside it, published from here.
SCHEMA_FOLDER = TEMPLATES / "schemas"


def stamp(built: datetime.date, revision: str | None) -> dict[str, Any]:
    """The fields every JSON export starts with: its format, the build date and the source revision."""
    return {"schema_version": paths.SCHEMA_VERSION, "generated": built.isoformat(), "revision": revision}


def schemas() -> dict[str, str]:
    """Published name -> text of each export's JSON Schema (hand-written files)."""
    return {name: (SCHEMA_FOLDER / name).read_text(encoding="utf-8") for name in paths.SCHEMAS.values()}


def version_url(site_url: str, qid: str, v: Version) -> str:
    return site_url + paths.page_url(paths.version_page(qid, v.date.isoformat()))


def version_records(q: Question, site_url: str, versions: list[Version]) -> list[dict[str, Any]]:
    """An answer's versions, newest first: the review date, its stable page and what changed."""
    return [{"reviewed": v.date.isoformat(), "url": version_url(site_url, q.id, v), "commit": v.commit or None,
             "what_changed": v.what_changed, "short_answer": v.summary} for v in reversed(versions)]


def question_record(q: Question, site_url: str, controls: list[str],
                    versions: list[Version] | None = None) -> dict[str, Any]:
    return {
        "id": q.id,
        "question": q.title,
        "short_answer": q.summary,
        "url": site_url + q.url,
        "short_link": site_url + paths.short_link(q.id),
        "topic": q.topic,
        "tags": q.tags,
        "reviewed": q.reviewed.isoformat(),
        "since_2020": q.since_2020,
        "changed_since_2020": q.changed or None,
        "sources": [{"title": s.title, "url": s.url, "revision": s.date.isoformat() if s.date else None,
                     "quote": s.quote or None, "unverified": s.unverified or None} for s in q.sources],
        "controls": controls,
        "versions": version_records(q, site_url, versions if versions is not None else current_only(q)),
    }


def current_only(q: Question) -> list[Version]:
    return answer_versions(q, History())


def questions_json(content: Content, site_url: str, controls: dict[str, list[str]],
                   stamp: dict[str, Any] | None = None, versions: dict[str, list[Version]] | None = None,
                   review: Review | None = None) -> str:
    """Every question; `controls` maps a question ID to the controls it is evidence for, `versions` to its
    versions (the current one only when not given), `review` gives the review policy's state of each."""
    records = [question_record(q, site_url, controls.get(q.id, []), (versions or {}).get(q.id))
               for q in content.questions]
    if review is not None:
        for record in records:
            state = review.states[record["id"]]
            record["review"] = {"next": state.next_review.isoformat(), "due": state.due, "reasons": state.reasons()}
    data = {**(stamp or {}), **({"review_status": review.counts()} if review else {}), "questions": records}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def matrix_json(matrix: Matrix, content: Content, site_url: str, stamp: dict[str, Any] | None = None) -> str:
    by_id = content.by_id
    data = {
        **(stamp or {}),
        "options": [{"id": o.slug, "label": o.label, "short": o.short} for o in matrix.options],
        "properties": [
            {"id": p.slug, "label": p.label, "cells": {
                o.slug: {"value": p.cells[o.slug].value, "condition": p.cells[o.slug].condition or None,
                         "note": p.cells[o.slug].note,
                         "evidence": [{"id": i, "url": site_url + by_id[i].url} for i in p.cells[o.slug].evidence]}
                for o in matrix.options}}
            for p in matrix.properties],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading apostrophe (OWASP), and a
    line break (which Python's csv writer would leave unquoted) becomes a space."""
    value = "'" + value if value.startswith(FORMULA_START) else value
    return value.replace("\r", " ").replace("\n", " ")


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def matrix_csv(matrix: Matrix) -> str:
    """One row per cell: spreadsheets filter this shape more easily than a wide grid."""
    rows = [[p.slug, p.label, o.slug, o.label, p.cells[o.slug].verdict, p.cells[o.slug].condition,
             p.cells[o.slug].note, " ".join(p.cells[o.slug].evidence)]
            for p in matrix.properties for o in matrix.options]
    return csv_text(["property", "property_label", "option", "option_label", "value", "condition", "note",
                     "evidence"], rows)


def atom_feed(content: Content, site_url: str, site_name: str,
              versions: dict[str, list[Version]] | None = None) -> str:
    """One entry per version of each answer (each review), newest first: what changed, then the short answer.

    Written from templates/feed.xml (every value escaped for XML): ElementTree's namespaced serializer took a
    third of a second per thousand answers, more than the rest of the exports together.
    """
    reviews = sorted(((v, q) for q in content.questions for v in (versions or {}).get(q.id) or current_only(q)),
                     key=lambda item: (item[0].date, id_order(item[1].id)), reverse=True)
    newest = reviews[0][0].date if reviews else datetime.date.today()
    entries = [{"title": xml_text(f"{q.id}: {v.title or q.title}"),
                "id": f"{site_url}{paths.short_link(q.id)}#reviewed-{v.date.isoformat()}",
                "link": version_url(site_url, q.id, v), "related": site_url + q.url, "updated": v.date.isoformat(),
                "what_changed": xml_text(v.what_changed), "summary": xml_text(v.summary),
                "tags": [xml_text(t) for t in q.tags]} for v, q in reviews]
    return render("feed.xml", site_name=xml_text(site_name), feed_url=site_url + paths.FEED, site_url=site_url,
                  updated=newest.isoformat(), entries=entries)


# Characters XML 1.0 cannot carry at all, escaped or not (a feed reader refuses the whole feed).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    return NOT_XML.sub("", value)


# The stubs' one script (the CSP allows no inline one): it keeps the #fragment that a meta refresh drops.
REDIRECT_SCRIPT = "assets/javascripts/redirect.js"


def redirect_html(stub_folder: str, target: str, site_url: str, canonical_path: str, title: str) -> str:
    """A stub that works without JavaScript on any static host: meta refresh plus canonical link.

    The refresh is relative, so the stub works wherever the site is served; the canonical link is absolute.
    """
    return render("redirect.html", title=title, canonical=site_url + canonical_path,
                  target=relative_target(stub_folder, target), script=relative_target(stub_folder, REDIRECT_SCRIPT))


def relative_target(stub_folder: str, target: str) -> str:
    """A site-relative target as seen from a stub in `stub_folder` (its #fragment kept)."""
    path, _, fragment = target.partition("#")
    relative = posixpath.relpath(path or ".", stub_folder.rstrip("/") or ".")
    if path.endswith("/") or not path:
        relative += "/"
    return relative + ("#" + fragment if fragment else "")


def version_stubs(content: Content, site_url: str, directory_urls: bool = True) -> dict[str, str]:
    """Site-relative file -> stub HTML at the address of each answer's current version (pages/versions.py).

    It sends readers to the answer, which says what that version says, and marks itself as no permanent redirect
    (release/server.py): the same address shows the version itself once the answer is reviewed again.
    """
    stubs: dict[str, str] = {}
    for q in content.questions:
        reviewed = q.reviewed.isoformat()
        url = paths.page_url(paths.version_page(q.id, reviewed), directory_urls)
        folder = url if url.endswith("/") else posixpath.dirname(url) + "/"
        target = relative_target(folder, paths.page_url(q.path, directory_urls))
        stubs[url + "index.html" if url.endswith("/") else url] = render(
            "version-redirect.html", qid=q.id, title=q.title, reviewed=reviewed,
            long_reviewed=long_date(q.reviewed), canonical=site_url + q.url, target=target,
            script=relative_target(folder, REDIRECT_SCRIPT))
    return stubs


def lower_case_short_links(stubs: dict[str, str]) -> dict[str, str]:
    """/q/enc-038/ beside each /q/ENC-038/, since IDs get retyped in lower case: the same stub (the folder has the
    same depth, so its relative target holds). Not for the offline copy: on the case-insensitive file systems of
    Windows and macOS the upper-case folder already answers, and the two would clash when the zip is unpacked."""
    return {folder.lower(): stub for folder, stub in stubs.items()
            if folder.startswith(paths.SHORT_LINKS) and folder.lower() not in stubs}


def redirects(content: Content, site_url: str, directory_urls: bool = True) -> dict[str, str]:
    """Site-relative folder -> stub HTML: /q/<ID>/ short links, page aliases, retired IDs.

    Without directory URLs (the offline copy) the stubs point at the .html files; the canonical link
    always names the published directory URL.
    """
    stubs: dict[str, str] = {}
    for q in content.questions:
        target = paths.page_url(q.path, directory_urls)
        short = paths.short_link(q.id)
        stubs[short] = redirect_html(short, target, site_url, q.url, f"{q.id}: {q.title}")
        for alias in q.aliases:
            stubs[alias] = redirect_html(alias, target, site_url, q.url, q.title)
    retired = paths.page_url(paths.RETIRED, directory_urls)
    for qid in content.retired:
        short = paths.short_link(qid)
        stubs[short] = redirect_html(short, f"{retired}#{qid.lower()}", site_url,
                                     f"{paths.page_url(paths.RETIRED)}#{qid.lower()}", f"{qid} (retired)")
    for qid, urls in content.retired_urls.items():  # the old page of a retired ID: its successor, or why it went
        successor = content.by_id.get(content.retired[qid].successor or "")
        target, canonical = ((paths.page_url(successor.path, directory_urls), successor.url) if successor else
                             (f"{retired}#{qid.lower()}", f"{paths.page_url(paths.RETIRED)}#{qid.lower()}"))
        for url in urls:
            stubs[url] = redirect_html(url, target, site_url, canonical, f"{qid} (retired)")
    if directory_urls:
        stubs.update(lower_case_short_links(stubs))
    return stubs


def control_record(c: Control) -> dict[str, Any]:
    return {
        "key": c.key,
        "framework": {"key": c.framework.key, "title": c.framework.title, "version": c.framework.version},
        "id": c.id,
        "title": c.title,
        "numbered_as_in": c.version,
        "verified": c.verified,
        "unverified": list(c.unverified),
        "note": c.note or None,
        "options": [{"id": slug, "note": note} for slug, note in c.options],
        "policies": [{
            "name": u.policy.name,
            "id": u.policy.id,
            "id_truncated": u.policy.id_truncated,
            "old_names": list(u.policy.old_names),
            "deprecated": u.policy.deprecated,
            "passes_with": list(u.policy.detects),
            "initiatives": [{"name": i.name or None, "label": i.label or None, "id": i.id,
                             "id_truncated": i.id_truncated, "version": i.version or None} for i in u.initiatives],
            "note": " ".join(n for n in (u.note, u.policy.note) if n) or None,
        } for u in c.policies],
        "policy_note": c.policy_note or None,
        "evidence": list(c.evidence),
        "caveats": [{"id": k.key, "title": k.title, "text": k.text, "options": list(k.options)} for k in c.caveats],
        "related": list(c.related),
        "numbering": [{"versions": list(n.versions), "id": n.id or None, "title": n.title or None,
                       "profile": n.profile or None, "note": n.note or None} for n in c.numbering],
    }


def controls_json(controls: list[Control], stamp: dict[str, Any] | None = None) -> str:
    data = {**(stamp or {}), "controls": [control_record(c) for c in controls]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = ["framework", "control", "control_id", "title", "numbered_as_in", "verified", "unverified", "option",
               "option_note", "policies", "evidence", "caveats"]


def controls_csv(controls: list[Control]) -> str:
    """One row per control and option that helps meet it; a control that no option meets gets one row without one."""
    rows: list[list[str]] = []
    for c in controls:
        policies = "; ".join(f"{u.policy.name} [{u.policy.id}]" for u in c.policies)
        common = [c.framework.title, c.key, c.id, c.title, c.version, "yes" if c.verified else "no",
                  "; ".join(c.unverified)]
        tail = [policies, " ".join(c.evidence), "; ".join(k.title for k in c.caveats)]
        for slug, note in c.options or (("", ""),):
            rows.append(common + [slug, note] + tail)
    return csv_text(CSV_COLUMNS, rows)
