"""Where things are: the generated pages' source paths, the published files' names and the one URL rule.

The ground floor of the core: it imports nothing of the package, and every stage takes its paths from here.
"""
from __future__ import annotations

# Generated single pages (docs-relative Markdown paths).
COMPARISON = "comparison.md"
DECISION_GUIDE = "decision-guide.md"
GLOSSARY = "glossary.md"
WHAT_CHANGED = "what-changed.md"
ALL_QUESTIONS = "all-questions.md"
RETIRED = "retired.md"
TAG_INDEX = "tags/index.md"
CONTROLS = "controls.md"
COVERAGE = "coverage.md"
REVIEW_STATUS = "review-status.md"
EXPORTS = "exports.md"
RECENTLY_REVIEWED = "recently-reviewed.md"
HOME = "index.md"

# Files published beside the pages (site-relative).
QUESTIONS_JSON = "questions.json"
MATRIX_JSON = "matrix.json"
MATRIX_CSV = "matrix.csv"
CONTROLS_JSON = "controls.json"
CONTROLS_CSV = "controls.csv"
FEED = "feed.xml"
# The site's own search index (pages/search.py), read by docs/assets/javascripts/faq-search.js.
SEARCH_INDEX = "search/faq-search-index.js"
# The JSON exports' format, "major.minor": a new field raises the minor number; a field renamed, removed or
# changed in meaning raises the major one.
SCHEMA_VERSION = "1.0"
# The JSON Schema published beside each JSON export: matrix.json -> matrix.schema.json.
SCHEMAS = {QUESTIONS_JSON: "questions.schema.json", MATRIX_JSON: "matrix.schema.json",
           CONTROLS_JSON: "controls.schema.json"}
# What a published release must contain, whatever else it has (the publish check reads this).
REQUIRED_FILES = ("index.html", "404.html", QUESTIONS_JSON, MATRIX_JSON, FEED, "search/search_index.json",
                  SEARCH_INDEX)

SHORT_LINKS = "q/"


def tag_page(slug: str) -> str:
    return f"tags/{slug}.md"


def topic_index(slug: str) -> str:
    return f"{slug}/index.md"


def control_page(framework_key: str) -> str:
    """Docs-relative page of one framework's controls ('controls/mcsb.md' -> /controls/mcsb/).

    Each control's full section is `control_page(framework) + '#' + control key`; the overview, CONTROLS, keeps an
    anchor per control too (links cited as controls/#key land on a line that leads there).
    """
    return f"controls/{framework_key}.md"


def short_link(qid: str) -> str:
    """Site-relative folder of an ID's permanent link."""
    return f"{SHORT_LINKS}{qid}/"


def version_page(qid: str, reviewed: str) -> str:
    """Docs-relative page of one review of an answer ('q/ENC-046/2026-11-28.md' -> /q/ENC-046/2026-11-28/)."""
    return f"{SHORT_LINKS}{qid}/{reviewed}.md"


def page_url(path: str, directory_urls: bool = True) -> str:
    """Where a docs-relative Markdown page lands, site-relative: the rule MkDocs (and Zensical) apply.

    'a/b.md' -> 'a/b/', 'a/index.md' -> 'a/', 'index.md' -> ''; without directory URLs 'a/b.html', 'a/index.html'.
    """
    stem = path[: -len(".md")] if path.endswith(".md") else path.rstrip("/")
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


def alias_url(alias: str) -> str:
    """An alias as written ('disk-encryption/old.md', '/disk-encryption/old/') -> its URL ('disk-encryption/old/')."""
    alias = alias.strip().lstrip("/")
    if alias.endswith(".md"):
        return page_url(alias)
    return alias if not alias or alias.endswith("/") else alias + "/"
