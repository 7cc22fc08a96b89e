"""The whole generation step, independent of the static site generator.

`prepare` loads, validates and links everything once per build; `pages`, `decorate` and `published_files`
turn it into Markdown pages, per-page additions and extra files. A hook (or a pre-build step) wires these.
The one registry of generated pages is `SINGLE_PAGES` plus a page per tag, per topic and per controls framework:
every list of generated paths derives from it.
"""
from __future__ import annotations

import datetime
import html
import re
import secrets
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import export, paths
from .load.content import Content, check_aliases, fill_facts, load, unknown_fact_keys
from .load.controls import Control, by_framework, load_controls, question_control_ids
from .load.coverage import Article, load_coverage
from .load.frontmatter import FrontMatterError, parse
from .load.history import read_history
from .load.links import referenced_by, related_questions
from .load.matrix import Matrix, check_verdicts, diagram_marker_problems, load_matrix
from .load.review import DEFAULT_INTERVAL_MONTHS, Review, interval_months, read_report, review_states
from .load.urls import check_output_urls
from .load.versions import History, Version, answer_versions, load_history
from .model import Problem, Question
from .pages import compare, diagram, listings, question, search
from .pages.controls import controls_page, framework_pages
from .pages.coverage import coverage_page
from .pages.exports import exports_page
from .pages.markup import BrokenLink, Html, MissingBlock, fill_held, hold_blocks
from .pages.review import review_badge, review_status_page
from .pages.trust import fill_site_markers, report_url, unknown_site_markers
from .pages.versions import recently_reviewed_page, superseded, version_pages, version_path


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
    coverage: list[Article] = field(default_factory=list)
    review: Review = field(default_factory=lambda: Review({}, DEFAULT_INTERVAL_MONTHS, False))
    history: History = field(default_factory=History)  # every answer's reviews, from git
    versions: dict[str, list[Version]] = field(default_factory=dict)  # ID -> versions, oldest first, current last
    revision: str | None = None  # the source revision the site is built from (hooks/faq.py)
    page_paths: frozenset[str] = frozenset()  # docs-relative Markdown pages, written and generated
    docs_dir: Path | None = None  # the written pages, which search indexes beside the generated ones
    # Pages are found through the site's own index (pages/search.py) rather than the theme's, which then
    # indexes nothing; off for a generator whose search reads the pages (Zensical).
    own_search: bool = True
    # Where pages land: set from the generator's configuration (the offline copy turns directory URLs off); the
    # question blocks write their links as final URLs (pages/markup.Html).
    directory_urls: bool = True
    # Marks the placeholders of the blocks the MkDocs build holds out of the Markdown conversion (decorate).
    nonce: str = field(default_factory=lambda: secrets.token_hex(8))

    @property
    def html(self) -> Html:
        """Links and abbreviations for the blocks written as HTML: every target checked against the pages emitted.

        Made on each use (cheap: re caches the terms' pattern), so it follows `directory_urls` once that is set."""
        return Html(self.page_paths, self.directory_urls, question.glossary_terms(self.content))

    @property
    def plain_html(self) -> Html:
        """The same, without abbreviations: for the lists of answers (see LISTINGS)."""
        return Html(self.page_paths, self.directory_urls)

    @cached_property
    def by_path(self) -> dict[str, Question]:
        return {q.path: q for q in self.content.questions}

    @cached_property
    def current_versions(self) -> frozenset[str]:
        """The page paths of the current versions' addresses: stubs, not pages (current_version_pages)."""
        return frozenset(current_version_pages(self.content))

    @cached_property
    def generated(self) -> dict[str, str]:
        """Docs-relative path -> Markdown of every generated page, made once per build."""
        return make_pages(self)

    @cached_property
    def titles(self) -> dict[str, str]:
        """Each generated page's H1 as plain text (MkDocs would print it raw in <title>)."""
        return {path: h1_text(text) for path, text in self.generated.items()}


SINGLE_PAGES: dict[str, Callable[[Site], str]] = {
    paths.COMPARISON: lambda s: compare.matrix_page(s.content, s.matrix),
    paths.DECISION_GUIDE: lambda s: compare.decision_guide_page(s.content, s.matrix),
    paths.GLOSSARY: lambda s: listings.glossary_page(s.content),
    paths.WHAT_CHANGED: lambda s: listings.what_changed_page(s.content),
    paths.ALL_QUESTIONS: lambda s: listings.all_questions_page(s.content, s.site_url, s.today, s.plain_html),
    paths.RETIRED: lambda s: listings.retired_page(s.content),
    paths.TAG_INDEX: lambda s: listings.tag_index_page(s.content),
    paths.CONTROLS: lambda s: controls_page(s.controls, s.content, s.matrix),
    paths.COVERAGE: lambda s: coverage_page(s.coverage, s.content),
    paths.REVIEW_STATUS: lambda s: review_status_page(s.content, s.review),
    paths.RECENTLY_REVIEWED: lambda s: recently_reviewed_page(s.content, s.versions, s.history.note),
    paths.EXPORTS: lambda s: exports_page(),
}
VERSION_PAGE = re.compile(r"q/([A-Z]{2,5}-\d{3,4})/(\d{4}-\d{2}-\d{2})\.md")
# Pages that only repeat short answers: left out of search so that the answers themselves rank first.
NOT_SEARCHED = ("tags/", paths.ALL_QUESTIONS, paths.RETIRED, paths.RECENTLY_REVIEWED, paths.SHORT_LINKS)
# Pages that list every question (or every question of a topic or tag) grow with the site; Markdown's
# abbreviation pass is slow on pages that long, and the acronyms are defined on the answers they link to.
LISTINGS = ("tags/", paths.ALL_QUESTIONS, paths.WHAT_CHANGED, paths.RECENTLY_REVIEWED)


def generated_pages(content: Content, versions: dict[str, list[Version]] | None = None,
                    controls: list[Control] | None = None) -> list[str]:
    """Docs-relative paths of every page the build generates (with `versions`, each answer's superseded versions;
    with `controls`, each framework's page)."""
    frameworks = [paths.control_page(framework.key) for framework, _ in by_framework(controls or [])]
    dated = [version_path(q, v) for q in content.questions for v in superseded(q, (versions or {}).get(q.id, []))]
    return [*SINGLE_PAGES, *frameworks, *map(paths.tag_page, content.tags), *map(paths.topic_index, content.topics),
            *dated]


def current_version_pages(content: Content) -> list[str]:
    """The address of each answer's current version, as a page path: a stub the build publishes
    (export.version_stubs), which the question blocks link to and no other page may take."""
    return [paths.version_page(q.id, q.reviewed.isoformat()) for q in content.questions]


def prepare(docs_dir: Path, data_dir: Path, site_url: str, site_name: str,
            today: datetime.date | None = None, revision: str | None = None,
            sources_report: Path | None = None) -> Site:
    """Load, validate and link everything; raise ContentError listing every problem.

    `revision` is the source revision the build is made from (printed in citations, exports and the evidence);
    `sources_report` a source-check report whose flagged sources mark their answers "review due".
    """
    today = today or datetime.date.today()
    ledger_history = read_history(docs_dir, data_dir)
    if ledger_history.note:
        print(f"WARNING -  faqsite: {ledger_history.note}", file=sys.stderr)
    loaded = load(docs_dir, data_dir, today, ledger_history)
    content, problems = loaded.content, loaded.problems
    written_pages = frozenset(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md"))
    history = load_history(docs_dir, data_dir)
    if history.note:
        print(f"INFO    -  faqsite: {history.note}", file=sys.stderr)
    versions = {q.id: answer_versions(q, history) for q in content.questions}
    ids = {q.id for q in content.questions} | loaded.unloaded_ids  # an invalid page is reported once, above
    matrix = load_matrix(loaded.data.get("comparison"), loaded.data.get("requirements"), ids, problems)
    check_verdicts(matrix, content.questions, problems)
    controls = load_controls(loaded.data.get("controls"), [o.slug for o in matrix.options], ids, problems)
    generated = generated_pages(content, versions, controls)  # the controls name the framework pages
    addressed = generated + current_version_pages(content)  # every output URL the build makes beside written pages
    check_aliases(content, set(map(paths.alias_url, written_pages)) | set(map(paths.page_url, addressed)), problems)
    check_output_urls(docs_dir, content, addressed, problems)
    coverage = load_coverage(data_dir / "coverage", ids, content.site["source_hosts"], problems, today, content.facts)
    check_page_markers(docs_dir, content, problems)
    months = interval_months(content.site, problems)
    review = Review(review_states(content.questions, months, read_report(sources_report, problems), today), months,
                    sources_report is not None)
    if problems:
        raise ContentError(problems)
    bodies = {q.id: q.body for q in content.questions}
    url = site_url if site_url.endswith("/") else site_url + "/"
    return Site(content, matrix, related_questions(content.questions), referenced_by(content.questions, bodies),
                url, site_name, controls, today=today, coverage=coverage, review=review, history=history,
                versions=versions, revision=revision, page_paths=written_pages | frozenset(addressed),
                docs_dir=docs_dir)


def check_page_markers(docs_dir: Path, content: Content, problems: list[Problem]) -> None:
    """The hand-written pages outside the topic folders name only known facts and site settings."""
    for path in sorted(docs_dir.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for key in unknown_site_markers(text, content.site):
            problems.append(Problem(f"docs/{path.name}", "(body)", f"unknown site setting '{key}' (data/site.yml)"))
        for key in unknown_fact_keys(text, content.facts):
            problems.append(Problem(f"docs/{path.name}", "(body)", f"unknown fact '{key}' (not in data/facts.yml)"))
        for message, line in diagram_marker_problems(text):
            problems.append(Problem(f"docs/{path.name}", "(body)", message, line))


def sources_report(environ: Mapping[str, str]) -> Path | None:
    """The source-check report a build marks "review due" answers from: SOURCES_REPORT=path, or none."""
    value = environ.get("SOURCES_REPORT", "").strip()
    return Path(value) if value else None


def pages(site: Site) -> dict[str, str]:
    """Docs-relative path -> Markdown of every generated page (made once per build)."""
    return site.generated


def h1_text(markdown: str) -> str:
    """The text of a page's first '# ' heading, as written by md_text (escapes and entities undone)."""
    line = next((line for line in markdown.splitlines() if line.startswith("# ")), "")
    heading = re.sub(r"\s*\{[^}]*\}\s*$", "", line[2:])  # an attribute list, { #anchor }
    return html.unescape(re.sub(r"\\(.)", r"\1", heading)).strip()


def make_pages(site: Site) -> dict[str, str]:
    """Every generated page; a link one of its HTML blocks makes to a page the build does not emit stops the build."""
    try:
        return _make_pages(site)
    except BrokenLink as broken:
        raise ContentError([Problem(f"docs/{broken.from_page}", "(generated links)", str(broken))]) from None


def _make_pages(site: Site) -> dict[str, str]:
    out = {path: build(site) for path, build in SINGLE_PAGES.items()}
    out.update(framework_pages(site.controls, site.content, site.matrix))
    for tag in site.content.tags:
        out[paths.tag_page(tag)] = listings.tag_detail_page(site.content, tag, site.plain_html)
    for topic in site.content.topics:
        out[paths.topic_index(topic)] = listings.topic_page(site.content, topic, site.plain_html)
    pages_in_markdown = site.page_paths - site.current_versions  # what an old body's Markdown links may still name
    for q in site.content.questions:
        out.update(version_pages(q, site.versions[q.id], pages_in_markdown, site.history.note, site.site_url))
    return out


def searchable(path: str) -> bool:
    return not path.startswith(NOT_SEARCHED)


def page_meta(site: Site, path: str, written: Mapping[str, object] | None = None) -> dict[str, object]:
    """Front-matter keys the build sets on a page, over those it was written with (`written`).

    Material prints `title` and `description` into the page head and header without escaping (MkDocs' Jinja does
    not autoescape), so the build sets both escaped, on every page: front matter never becomes markup.
    """
    meta: dict[str, object] = {key: html.escape(" ".join(str(value).split()))
                               for key in ("title", "description") if (value := (written or {}).get(key))}
    title = site.titles.get(path)
    version = VERSION_PAGE.fullmatch(path)
    if title and version:
        title = f"{version.group(1)} as reviewed on {version.group(2)}: {title}"
    if title and "title" not in meta:
        meta["title"] = html.escape(title)
    q = site.by_path.get(path)
    if q is not None:
        meta["title"] = html.escape(f"{q.id}: {q.title}")
        meta["description"] = html.escape(f"{q.id}: {q.summary}")
        meta["faq_id"] = q.id
        if not site.own_search:
            # Material's search weighs `tags` far above text: give it the page's own search words and its ID (as
            # written and without the dash), not the tag slugs, so a synonym or an ID ranks the page written for
            # it first. Material renders result tags as HTML: escaped, and hidden by faq.css.
            meta["tags"] = [html.escape(k) for k in dict.fromkeys([*q.keywords, q.id, q.id.replace("-", "")])]
    answer = site.content.by_id.get(version.group(1)) if version else None
    if answer is not None:
        # An answer as it was on a review date: cited, not meant to be found instead of the answer. Its canonical
        # link names the answer, so search engines index that one; `noindex` would also keep crawlers from
        # following the page (and fails Lighthouse's crawlability audit).
        meta["faq_canonical"] = site.site_url + answer.url
    # faq.js rewrites an ID typed in any form (enc038, ENC 38, /q/enc-038/) to the one search term ENC038.
    meta["faq_id_prefixes"] = " ".join(t.prefix for t in site.content.topics.values())
    if site.own_search or not searchable(path):
        meta["search"] = {"exclude": True}  # the site's own index holds the searchable pages (pages/search.py)
    return meta


def decorate(site: Site, path: str, markdown: str, held: list[str] | None = None) -> str:
    """The Markdown of a page with the site's additions: question blocks, home sections, abbreviations.

    A question's blocks are HTML with links the build checks itself: one to a page the build does not emit
    stops it (ContentError). With `held` (a list), the blocks are left out of the Markdown, each a placeholder,
    and appended to `held`; `fill_blocks` puts them back into the converted page. Without it they are in line, as
    the pre-build writes them. Both give the same HTML (tests/build/test_pregenerate.py).
    """
    markdown = fill_site_markers(fill_facts(markdown, site.content.facts), site.content.site)
    markdown = diagram.fill(markdown, site.matrix, site.content, path)
    if path in site.generated:  # the build wrote it, blocks and all; an author's page holds no block
        markdown = hold_blocks(markdown, held, site.nonce)
    prose = markdown  # the Markdown text abbr reads (the blocks mark their own terms)
    q = site.by_path.get(path)
    if q is not None:
        try:
            prose, markdown = q.title + "\n" + markdown, question_page(site, q, markdown, held)
        except BrokenLink as broken:
            raise ContentError([Problem(f"docs/{path}", "(generated links)", str(broken))]) from None
    elif path == paths.HOME:
        sections = listings.home_sections(site.content, site.html)
        markdown, prose = markdown + hold_blocks(sections, held, site.nonce), markdown + sections
    if path.startswith(LISTINGS) or path.endswith("/index.md"):
        return markdown  # see LISTINGS
    return markdown + question.abbreviations(site.content, prose)


def question_page(site: Site, q: Question, body: str, held: list[str] | None = None) -> str:
    """A question's body between its header and its blocks (pages/question.py); the blocks held, with `held`.

    Only the generated header and footer are searched for blocks: never the author's body."""
    canonical_url, html = site.site_url + q.url, site.html
    header = question.question_header(q, site.content, canonical_url, review_badge(site.review.states.get(q.id)), html)
    footer = (question.question_footer(q, site.content, site.matrix, site.related[q.id], site.referenced[q.id],
                                       canonical_url, report_url(site.content.site, q, canonical_url), citing(site, q),
                                       html) +
              question.question_controls_block(q, site.controls, html))
    return hold_blocks(header, held, site.nonce) + body + hold_blocks(footer, held, site.nonce)


def fill_blocks(site: Site, path: str, converted: str, held: list[str]) -> str:
    """A page's HTML after the Markdown conversion with the blocks `decorate` held put back in place."""
    try:
        return fill_held(converted, held, site.nonce)
    except MissingBlock as missing:
        raise ContentError([Problem(f"docs/{path}", "(generated blocks)", str(missing))]) from None


def citing(site: Site, q: Question) -> question.Citing:
    """The site revision and the answer's versions, for its "Cite this answer" block."""
    return question.Citing(site.revision, tuple(site.versions[q.id]), site.history.note)


def written_over(written: set[str], generated: dict[str, str]) -> list[Problem]:
    """Files in docs/ at paths the build generates: one would silently replace the other."""
    return [Problem(f"docs/{path}", "(file)", "this file is generated; remove the written one")
            for path in sorted(generated.keys() & written)]


def published_files(site: Site, directory_urls: bool = True) -> dict[str, str]:
    """Site-relative path -> text of every extra file published with the pages."""
    control_ids = {q.id: question_control_ids(q, site.controls) for q in site.content.questions}
    stamp = export.stamp(site.today, site.revision)
    files = {
        paths.QUESTIONS_JSON: export.questions_json(site.content, site.site_url, control_ids, stamp, site.versions,
                                                    site.review),
        paths.CONTROLS_JSON: export.controls_json(site.controls, stamp),
        paths.CONTROLS_CSV: export.controls_csv(site.controls),
        paths.MATRIX_JSON: export.matrix_json(site.matrix, site.content, site.site_url, stamp),
        paths.MATRIX_CSV: export.matrix_csv(site.matrix),
        paths.FEED: export.atom_feed(site.content, site.site_url, site.site_name, site.versions),
        **export.schemas(),
        paths.SEARCH_INDEX: search.index_script(search_entries(site, directory_urls)),
    }
    for folder, stub in export.redirects(site.content, site.site_url, directory_urls).items():
        files[folder + "index.html"] = stub
    files.update(export.version_stubs(site.content, site.site_url, directory_urls))
    return files


def search_entries(site: Site, directory_urls: bool = True) -> Iterator[search.Entry]:
    """What search finds: every answer, then the other searchable pages, written and generated (pages/search.py)."""
    for q in site.content.questions:
        yield search.question_entry(q, fill_facts(q.body, site.content.facts), paths.page_url(q.path, directory_urls))
    for path, text in sorted(site.generated.items()):
        if searchable(path) and not VERSION_PAGE.fullmatch(path):
            yield search.page_entry(paths.page_url(path, directory_urls), site.titles[path],
                                    fill_facts(text, site.content.facts))
    for path in sorted(site.page_paths - site.generated.keys() - site.by_path.keys() - site.current_versions):
        if site.docs_dir is not None and searchable(path):
            yield written_entry(site, path, (site.docs_dir / path).read_text(encoding="utf-8"), directory_urls)


def written_entry(site: Site, path: str, text: str, directory_urls: bool = True) -> search.Entry:
    try:
        parsed = parse(text)
        meta, body = parsed.meta, parsed.body
    except FrontMatterError:
        meta, body = {}, text
    body = fill_site_markers(fill_facts(body, site.content.facts), site.content.site)
    title = str(meta.get("title") or h1_text(body) or path)
    return search.page_entry(paths.page_url(path, directory_urls), title, body, str(meta.get("description") or ""))
