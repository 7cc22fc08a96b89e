"""Files published beside the pages: data exports, the Atom feed of reviews and redirect stubs."""
from __future__ import annotations

import csv
import datetime
import html
import io
import json
import posixpath
from xml.etree import ElementTree as ET

from .content import Content
from .matrix import Matrix
from .model import Question, id_order
from .render import RETIRED, value_label

ATOM = "http://www.w3.org/2005/Atom"


def question_record(q: Question, site_url: str, controls: list[str]) -> dict:
    return {
        "id": q.id,
        "question": q.title,
        "short_answer": q.summary,
        "url": site_url + q.url,
        "short_link": f"{site_url}q/{q.id}/",
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


def matrix_csv(matrix: Matrix) -> str:
    """One row per cell: spreadsheets filter this shape more easily than a wide grid."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["property", "property_label", "option", "option_label", "value", "note", "evidence"])
    for p in matrix.properties:
        for o in matrix.options:
            cell = p.cells[o.slug]
            writer.writerow([p.slug, p.label, o.slug, o.label, value_label(cell.value), cell.note,
                             " ".join(cell.evidence)])
    return buffer.getvalue()


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
    sub(feed, "id", site_url + "feed.xml")
    sub(feed, "link", href=site_url + "feed.xml", rel="self")
    sub(feed, "link", href=site_url)
    sub(feed, "updated", f"{newest.isoformat()}T00:00:00Z")
    author = sub(feed, "author")
    sub(author, "name", site_name)
    for q in questions:
        entry = sub(feed, "entry")
        sub(entry, "title", f"{q.id}: {q.title}")
        sub(entry, "id", f"{site_url}q/{q.id}/#reviewed-{q.reviewed.isoformat()}")
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
    refresh = html.escape(relative, quote=True)
    canonical = html.escape(site_url + canonical_path, quote=True)
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n"
        f"<link rel=\"canonical\" href=\"{canonical}\">\n"
        f"<meta http-equiv=\"refresh\" content=\"0; url={refresh}\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n"
        f"<p>This page has moved to <a href=\"{refresh}\">{html.escape(title)}</a>.</p>\n</body>\n</html>\n"
    )


def page_location(path: str, directory_urls: bool) -> str:
    """Where a docs-relative Markdown page lands: 'a/b/' with directory URLs, 'a/b.html' without."""
    stem = path[: -len(".md")]
    if directory_urls:
        return "" if stem == "index" else (stem[: -len("index")] if stem.endswith("/index") else stem + "/")
    return stem + ".html"


def redirects(content: Content, site_url: str, directory_urls: bool = True) -> dict[str, str]:
    """Site-relative folder -> stub HTML: /q/<ID>/ short links, page aliases, retired IDs.

    Without directory URLs (the offline copy) the stubs point at the .html files; the canonical link
    always names the published directory URL.
    """
    stubs: dict[str, str] = {}
    for q in content.questions:
        target = page_location(q.path, directory_urls)
        short = f"q/{q.id}/"
        stubs[short] = redirect_html(short, target, site_url, q.url, f"{q.id}: {q.title}")
        for alias in q.aliases:
            stubs[alias] = redirect_html(alias, target, site_url, q.url, q.title)
    retired = page_location(RETIRED, directory_urls)
    for qid in content.retired:
        short = f"q/{qid}/"
        stubs[short] = redirect_html(short, f"{retired}#{qid.lower()}", site_url,
                                     f"{page_location(RETIRED, True)}#{qid.lower()}", f"{qid} (retired)")
    return stubs
