"""Every file published beside the pages: the data exports, the Atom feed of reviews and the redirect stubs.

Each one is written here and nowhere else; the names come from paths.py.
"""
from __future__ import annotations

import csv
import datetime
import io
import json
import posixpath
from typing import Any
from xml.etree import ElementTree as ET

from . import paths
from .load.content import Content
from .load.controls import Control
from .load.matrix import Matrix
from .model import Question, id_order
from .text import render

ATOM = "http://www.w3.org/2005/Atom"


def question_record(q: Question, site_url: str, controls: list[str]) -> dict[str, Any]:
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
        "sources": [{"title": s.title, "url": s.url, "revision": s.date.isoformat() if s.date else None}
                    for s in q.sources],
        "controls": controls,
    }


def questions_json(content: Content, site_url: str, controls: dict[str, list[str]]) -> str:
    """Every question; `controls` maps a question ID to the controls it is evidence for."""
    return json.dumps({"questions": [question_record(q, site_url, controls.get(q.id, [])) for q in content.questions]},
                      indent=2, ensure_ascii=False) + "\n"


def matrix_json(matrix: Matrix, content: Content, site_url: str) -> str:
    by_id = content.by_id
    data = {
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


def atom_feed(content: Content, site_url: str, site_name: str) -> str:
    """One entry per question, newest review first."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    questions = sorted(content.questions, key=lambda q: (q.reviewed, id_order(q.id)), reverse=True)
    newest = questions[0].reviewed if questions else datetime.date.today()

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        element.text = text
        return element

    sub(feed, "title", f"{site_name}: answer reviews")
    sub(feed, "id", site_url + paths.FEED)
    sub(feed, "link", href=site_url + paths.FEED, rel="self")
    sub(feed, "link", href=site_url)
    sub(feed, "updated", f"{newest.isoformat()}T00:00:00Z")
    author = sub(feed, "author")
    sub(author, "name", site_name)
    for q in questions:
        entry = sub(feed, "entry")
        sub(entry, "title", f"{q.id}: {q.title}")
        sub(entry, "id", f"{site_url}{paths.short_link(q.id)}#reviewed-{q.reviewed.isoformat()}")
        sub(entry, "link", href=site_url + q.url)
        sub(entry, "updated", f"{q.reviewed.isoformat()}T00:00:00Z")
        sub(entry, "summary", q.summary)
        for tag in q.tags:
            sub(entry, "category", term=tag)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def redirect_html(stub_folder: str, target: str, site_url: str, canonical_path: str, title: str) -> str:
    """A stub that works without JavaScript on any static host: meta refresh plus canonical link.

    The refresh is relative, so the stub works wherever the site is served; the canonical link is absolute.
    """
    path, _, fragment = target.partition("#")
    relative = posixpath.relpath(path or ".", stub_folder.rstrip("/"))
    if path.endswith("/") or not path:
        relative += "/"
    if fragment:
        relative += "#" + fragment
    return render("redirect.html", title=title, canonical=site_url + canonical_path, target=relative)


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


def controls_json(controls: list[Control]) -> str:
    return json.dumps({"controls": [control_record(c) for c in controls]}, indent=2, ensure_ascii=False) + "\n"


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
