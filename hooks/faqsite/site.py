"""The whole generation step, independent of the static site generator.

`prepare` loads and validates everything once per build; `pages`, `decorate` and `published_files` turn
it into Markdown pages, per-page additions and extra files. A hook (or a pre-build script) wires these.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import controls as compliance
from . import export, render
from .content import Content, check_aliases, fill_facts, load, normalise_alias
from .links import referenced_by, related_questions
from .matrix import Matrix, check_verdicts, load_matrix
from .model import Problem, Question


class ContentError(Exception):
    """Raised with every problem found, one per line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the content:\n{lines}")


@dataclass
class Site:
    content: Content
    matrix: Matrix
    related: dict[str, list[str]]
    referenced: dict[str, list[str]]
    site_url: str
    site_name: str
    controls: list[compliance.Control]

    @cached_property
    def by_path(self) -> dict[str, Question]:
        return {q.path: q for q in self.content.questions}


def prepare(docs_dir: Path, data_dir: Path, site_url: str, site_name: str,
            today: datetime.date | None = None) -> Site:
    """Load, validate and link everything; raise ContentError listing every problem."""
    content = load(docs_dir, data_dir, today)
    written = {normalise_alias(p.relative_to(docs_dir).as_posix()) for p in docs_dir.rglob("*.md")}
    check_aliases(content, written | {normalise_alias(p) for p in render.generated_pages(content)})
    problems = content.problems
    ids = {q.id for q in content.questions} | content.unloaded_ids  # an invalid page is reported once, above
    matrix = load_matrix(content.data.get("comparison") or {}, content.data.get("requirements") or {}, ids, problems)
    check_verdicts(matrix, content.questions, problems)
    for qid in (content.data.get("site") or {}).get("featured", []):
        if qid not in ids:
            problems.append(Problem("data/site.yml", "featured", f"unknown question ID '{qid}'"))
    check_post_map(content, ids, problems)
    controls = compliance.load_controls(content.data.get("controls") or {}, [o.slug for o in matrix.options], ids,
                                        problems)
    if problems:
        raise ContentError(problems)
    bodies = {q.id: q.body for q in content.questions}
    url = site_url if site_url.endswith("/") else site_url + "/"
    return Site(content, matrix, related_questions(content.questions), referenced_by(content.questions, bodies),
                url, site_name, controls)


def check_post_map(content: Content, ids: set[str], problems: list[Problem]) -> None:
    for number, entry in enumerate(content.data.get("blog-2020-map") or [], start=1):
        if not isinstance(entry, dict) or not entry.get("asked") or not entry.get("answers"):
            problems.append(Problem("data/blog-2020-map.yml", f"entry {number}", "needs 'asked' and 'answers'"))
            continue
        for qid in entry["answers"]:
            if qid not in ids:
                problems.append(Problem("data/blog-2020-map.yml", f"entry {number}", f"unknown question ID '{qid}'"))


def pages(site: Site) -> dict[str, str]:
    """Docs-relative path -> Markdown of every generated page."""
    content, matrix = site.content, site.matrix
    out = {
        render.COMPARISON: render.matrix_page(content, matrix),
        render.DECISION_GUIDE: render.decision_guide_page(content, matrix),
        render.GLOSSARY: render.glossary_page(content),
        render.WHAT_CHANGED: render.what_changed_page(content, content.data.get("blog-2020-map") or []),
        render.ALL_QUESTIONS: render.all_questions_page(content, site.site_url),
        render.RETIRED: render.retired_page(content),
        render.TAG_INDEX: render.tag_index_page(content),
        compliance.CONTROLS_PAGE: compliance.controls_page(site.controls, content, matrix),
    }
    for tag in content.tags:
        out[render.tag_page(tag)] = render.tag_detail_page(content, tag)
    for topic in content.topics:
        out[render.topic_index(topic)] = render.topic_page(content, topic)
    return out


# Pages that only repeat short answers: left out of search so that the answers themselves rank first.
NOT_SEARCHED = ("tags/", render.ALL_QUESTIONS, render.RETIRED)
# Pages that list every question (or every question of a topic or tag) grow with the site; Markdown's
# abbreviation pass is slow on pages that long (a third of the build at 5,000 questions), and the
# acronyms are defined on the answers they link to. They get no hover definitions.
LISTINGS = ("tags/", render.ALL_QUESTIONS, render.WHAT_CHANGED)


def searchable(path: str) -> bool:
    return not path.startswith(NOT_SEARCHED)


def page_meta(site: Site, path: str) -> dict[str, object]:
    """Front-matter keys the build sets on a page, over those it was written with."""
    meta: dict[str, object] = {}
    question = site.by_path.get(path)
    if question is not None:
        meta["description"] = question.summary
        # Material's search weighs `tags` far above text: give it the page's own search words instead of the
        # tag slugs, so a synonym ranks the page written for it first.
        meta["tags"] = question.keywords
    if not searchable(path):
        meta["search"] = {"exclude": True}
    return meta


def decorate(site: Site, path: str, markdown: str) -> str:
    """The Markdown of a page with the site's additions: question blocks, home sections, abbreviations."""
    markdown = fill_facts(markdown, site.content.facts)
    question = site.by_path.get(path)
    if question is not None:
        canonical_url = site.site_url + question.url
        markdown = (render.question_header(question, site.content, canonical_url) + markdown +
                    render.question_footer(question, site.content, site.matrix, site.related[question.id],
                                           site.referenced[question.id], canonical_url) +
                    compliance.question_controls_block(question, site.controls))
    elif path == "index.md":
        markdown += render.home_sections(site.content, (site.content.data.get("site") or {}).get("featured", []))
    if path.startswith(LISTINGS) or path.endswith("/index.md"):
        return markdown  # see LISTINGS
    return markdown + render.abbreviations(site.content)


def written_over(written: set[str], generated: dict[str, str]) -> list[Problem]:
    """Files in docs/ at paths the build generates: one would silently replace the other."""
    return [Problem(f"docs/{path}", "(file)", "this file is generated; remove the written one")
            for path in sorted(generated.keys() & written)]


def published_files(site: Site, directory_urls: bool = True) -> dict[str, str]:
    """Site-relative path -> text of every extra file published with the pages."""
    control_ids = {q.id: compliance.question_control_ids(q, site.controls) for q in site.content.questions}
    files = {
        "questions.json": export.questions_json(site.content, site.site_url, control_ids),
        compliance.CONTROLS_JSON: compliance.controls_json(site.controls),
        compliance.CONTROLS_CSV: compliance.controls_csv(site.controls),
        "matrix.json": export.matrix_json(site.matrix, site.content, site.site_url),
        "matrix.csv": export.matrix_csv(site.matrix),
        "feed.xml": export.atom_feed(site.content, site.site_url, site.site_name),
    }
    for folder, stub in export.redirects(site.content, site.site_url, directory_urls).items():
        files[folder + "index.html"] = stub
    return files
