"""The whole generation step, independent of the static site generator.

`prepare` loads, validates and links everything once per build; `pages`, `decorate` and `published_files`
turn it into Markdown pages, per-page additions and extra files. A hook (or a pre-build step) wires these.
The one registry of generated pages is `SINGLE_PAGES` plus a page per tag and per topic: every list of
generated paths derives from it.
"""
from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import export, paths
from .load.content import Content, check_aliases, fill_facts, load
from .load.controls import Control, load_controls, question_control_ids
from .load.links import referenced_by, related_questions
from .load.matrix import Matrix, check_verdicts, load_matrix
from .model import Problem, Question
from .pages import compare, listings, question
from .pages.controls import controls_page


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
    controls: list[Control]
    today: datetime.date = field(default_factory=datetime.date.today)

    @cached_property
    def by_path(self) -> dict[str, Question]:
        return {q.path: q for q in self.content.questions}


SINGLE_PAGES: dict[str, Callable[[Site], str]] = {
    paths.COMPARISON: lambda s: compare.matrix_page(s.content, s.matrix),
    paths.DECISION_GUIDE: lambda s: compare.decision_guide_page(s.content, s.matrix),
    paths.GLOSSARY: lambda s: listings.glossary_page(s.content),
    paths.WHAT_CHANGED: lambda s: listings.what_changed_page(s.content),
    paths.ALL_QUESTIONS: lambda s: listings.all_questions_page(s.content, s.site_url, s.today),
    paths.RETIRED: lambda s: listings.retired_page(s.content),
    paths.TAG_INDEX: lambda s: listings.tag_index_page(s.content),
    paths.CONTROLS: lambda s: controls_page(s.controls, s.content, s.matrix),
}
# Pages that only repeat short answers: left out of search so that the answers themselves rank first.
NOT_SEARCHED = ("tags/", paths.ALL_QUESTIONS, paths.RETIRED)
# Pages that list every question (or every question of a topic or tag) grow with the site; Markdown's
# abbreviation pass is slow on pages that long, and the acronyms are defined on the answers they link to.
LISTINGS = ("tags/", paths.ALL_QUESTIONS, paths.WHAT_CHANGED)


def generated_pages(content: Content) -> list[str]:
    """Docs-relative paths of every page the build generates."""
    return [*SINGLE_PAGES, *map(paths.tag_page, content.tags), *map(paths.topic_index, content.topics)]


def prepare(docs_dir: Path, data_dir: Path, site_url: str, site_name: str,
            today: datetime.date | None = None) -> Site:
    """Load, validate and link everything; raise ContentError listing every problem."""
    today = today or datetime.date.today()
    loaded = load(docs_dir, data_dir, today)
    content, problems = loaded.content, loaded.problems
    written = {paths.alias_url(p.relative_to(docs_dir).as_posix()) for p in docs_dir.rglob("*.md")}
    check_aliases(content, written | set(map(paths.page_url, generated_pages(content))), problems)
    ids = {q.id for q in content.questions} | loaded.unloaded_ids  # an invalid page is reported once, above
    matrix = load_matrix(loaded.data.get("comparison"), loaded.data.get("requirements"), ids, problems)
    check_verdicts(matrix, content.questions, problems)
    controls = load_controls(loaded.data.get("controls"), [o.slug for o in matrix.options], ids, problems)
    if problems:
        raise ContentError(problems)
    bodies = {q.id: q.body for q in content.questions}
    url = site_url if site_url.endswith("/") else site_url + "/"
    return Site(content, matrix, related_questions(content.questions), referenced_by(content.questions, bodies),
                url, site_name, controls, today)


def pages(site: Site) -> dict[str, str]:
    """Docs-relative path -> Markdown of every generated page."""
    out = {path: build(site) for path, build in SINGLE_PAGES.items()}
    for tag in site.content.tags:
        out[paths.tag_page(tag)] = listings.tag_detail_page(site.content, tag)
    for topic in site.content.topics:
        out[paths.topic_index(topic)] = listings.topic_page(site.content, topic)
    return out


def searchable(path: str) -> bool:
    return not path.startswith(NOT_SEARCHED)


def page_meta(site: Site, path: str) -> dict[str, object]:
    """Front-matter keys the build sets on a page, over those it was written with."""
    meta: dict[str, object] = {}
    q = site.by_path.get(path)
    if q is not None:
        meta["description"] = q.summary
        # Material's search weighs `tags` far above text: give it the page's own search words instead of the
        # tag slugs, so a synonym ranks the page written for it first.
        meta["tags"] = q.keywords
    if not searchable(path):
        meta["search"] = {"exclude": True}
    return meta


def decorate(site: Site, path: str, markdown: str) -> str:
    """The Markdown of a page with the site's additions: question blocks, home sections, abbreviations."""
    markdown = fill_facts(markdown, site.content.facts)
    q = site.by_path.get(path)
    if q is not None:
        canonical_url = site.site_url + q.url
        markdown = (question.question_header(q, site.content, canonical_url) + markdown +
                    question.question_footer(q, site.content, site.matrix, site.related[q.id],
                                             site.referenced[q.id], canonical_url) +
                    question.question_controls_block(q, site.controls))
    elif path == paths.HOME:
        markdown += listings.home_sections(site.content)
    if path.startswith(LISTINGS) or path.endswith("/index.md"):
        return markdown  # see LISTINGS
    return markdown + question.abbreviations(site.content)


def written_over(written: set[str], generated: dict[str, str]) -> list[Problem]:
    """Files in docs/ at paths the build generates: one would silently replace the other."""
    return [Problem(f"docs/{path}", "(file)", "this file is generated; remove the written one")
            for path in sorted(generated.keys() & written)]


def published_files(site: Site, directory_urls: bool = True) -> dict[str, str]:
    """Site-relative path -> text of every extra file published with the pages."""
    control_ids = {q.id: question_control_ids(q, site.controls) for q in site.content.questions}
    files = {
        paths.QUESTIONS_JSON: export.questions_json(site.content, site.site_url, control_ids),
        paths.CONTROLS_JSON: export.controls_json(site.controls),
        paths.CONTROLS_CSV: export.controls_csv(site.controls),
        paths.MATRIX_JSON: export.matrix_json(site.matrix, site.content, site.site_url),
        paths.MATRIX_CSV: export.matrix_csv(site.matrix),
        paths.FEED: export.atom_feed(site.content, site.site_url, site.site_name),
    }
    for folder, stub in export.redirects(site.content, site.site_url, directory_urls).items():
        files[folder + "index.html"] = stub
    return files
