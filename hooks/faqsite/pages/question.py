"""The blocks the build adds to every question page: header, provenance, citation, cross-links, controls.

Each block is a Markdown heading (so the table of contents lists it, and search skips it) over a body of HTML
rendered from templates/ (autoescaped): Python-Markdown passes raw HTML through instead of parsing every escaped
character, which made these blocks cost more than the answers they frame. Links in raw HTML are neither rewritten
nor checked by MkDocs, so every target is a final URL made and checked by `markup.Html` (BrokenLink).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import paths
from ..load.content import Content
from ..load.controls import Control, controls_citing
from ..load.matrix import Matrix
from ..load.versions import Version
from ..model import Question
from .markup import NOT_INDEXED, SINCE_LABEL, Html, block, long_date, render, trusted

CHANGED_TITLE = {"corrected": "What the 2020 post got wrong", "new": "Not answered in 2020"}


@dataclass(frozen=True)
class Citing:
    """What a citation carries beyond the question: the site revision and the answer's versions."""

    revision: str | None = None
    versions: tuple[Version, ...] = ()  # oldest first, shown newest first under the citation
    note: str = ""  # why the build has no review history; "" when it has


def citation_formats(q: Question, canonical_url: str, revision: str | None = None) -> dict[str, str]:
    """The reference a reviewer pastes into a ticket, in plain text, Markdown and Jira wiki markup.

    It names the permanent short link (not the page's URL, which a rename changes), the version read (its stable
    page), the review date and the site revision.
    """
    site_url = canonical_url.removesuffix(q.url)
    short = site_url + paths.short_link(q.id)
    reviewed = q.reviewed.isoformat()
    version = site_url + paths.page_url(paths.version_page(q.id, reviewed))
    built = f", site revision {revision}" if revision else ""
    label = f"{q.id}: {q.title}"
    markdown_label = re.sub(r"([\\\[\]])", r"\\\1", label)
    jira_label = re.sub(r"([\[\]|{}])", r"\\\1", label)
    return {
        "text": f"{label} {short} (reviewed {reviewed}, version {version}{built})",
        "markdown": f"[{markdown_label}]({short}) (reviewed {reviewed}, [version of {reviewed}]({version}){built})",
        "jira": f"[{jira_label}|{short}] (reviewed {reviewed}, [version of {reviewed}|{version}]{built})",
    }


def heading(title: str, level: int = 2) -> str:
    """A block's heading, in Markdown: the table of contents lists it, search skips its section."""
    return f"{'#' * level} {title} {NOT_INDEXED}"


def citation_block(q: Question, canonical_url: str, citing: Citing | None = None, html: Html | None = None) -> str:
    citing, html = citing or Citing(), html or Html()
    formats = block(render("citation.html", formats=citation_formats(q, canonical_url, citing.revision)).rstrip("\n"))
    if not citing.versions:
        return formats
    versions = [{"href": html.href(q.path, paths.version_page(q.id, v.date.isoformat())),
                 "date": long_date(v.date), "current": v.date == q.reviewed, "what_changed": html.text(v.what_changed)}
                for v in reversed(citing.versions)]
    body = render("question-versions.html", versions=versions, note=html.text(citing.note) if citing.note else "")
    return f"{formats}\n{heading('Versions of this answer', 3)}\n\n{block(body.rstrip())}"


def question_header(q: Question, content: Content, canonical_url: str, badges: str = "",
                    html: Html | None = None) -> str:
    """Title, ID and review state, then the short answer at body size, then what changed since 2020.

    The meta line is left out of search, so a result's snippet starts with the short answer. The page's
    keywords are not shown: they reach search through the page's metadata (site.page_meta).
    """
    html = html or Html()
    meta = render("question-meta.html", q=q, reviewed=long_date(q.reviewed), since=SINCE_LABEL[q.since_2020],
                  canonical_url=canonical_url, badges=trusted(badges))
    intro = render("question-intro.html", meta=trusted(meta), summary=html.text(q.summary),
                   changed_title=CHANGED_TITLE.get(q.since_2020, ""), changed=html.text(q.changed))
    return render("question-header.md", q=q, intro=block(intro.rstrip()))


def provenance(q: Question, content: Content, html: Html | None = None) -> list[str]:
    html = html or Html()
    tags = [{"href": html.href(q.path, paths.tag_page(t)), "label": html.text(content.tags[t].label)} for t in q.tags]
    sources = [{"url": s.url, "title": html.text(s.title), "date": long_date(s.date) if s.date else "",
                "quote": html.text(s.quote) if s.quote else "",
                "unverified": html.text(s.unverified) if s.unverified else ""} for s in q.sources]
    body = render("question-provenance.html", reviewed=long_date(q.reviewed), since=SINCE_LABEL[q.since_2020],
                  changed=html.text(q.changed) if q.changed else "", tags=tags, sources=sources)
    return ["", heading("Sources and review"), "", block(body.rstrip())]


def question_footer(q: Question, content: Content, matrix: Matrix, related: list[str],
                    referenced: list[str], canonical_url: str, report_url: str = "", citing: Citing | None = None,
                    html: Html | None = None) -> str:
    """Sources and review, the report link, the citation, then the cross-links (none for a list that is empty).

    A heading follows the HTML before it on the next line: a blank line there would be one more in the page.

    "Referenced by" can hold a few dozen links: collapsed (a pymdownx.details block), so the answer is not buried
    under its back-links (printed open).
    """
    html = html or Html()
    out = provenance(q, content, html)
    if report_url:
        out.append(block(render("report-link.html", url=report_url, qid=q.id).rstrip("\n")))
    out += [heading("Cite this answer"), "", citation_block(q, canonical_url, citing, html)]
    out += comparison_rows(q, matrix, html)
    if related:
        items = [html.question(q.path, content.by_id[r]) for r in related]
        out += [heading("Related questions"), "", block(render("question-links.html", items=items).rstrip())]
    if referenced:
        count = f"{len(referenced)} answer{'s' if len(referenced) != 1 else ''} link to this one"
        items = [html.question(q.path, content.by_id[r]) for r in referenced]
        out += [heading("Referenced by"), "",
                block(render("question-referenced.html", summary=count, items=items).rstrip())]
    return "\n".join(out) + "\n"


def comparison_rows(q: Question, matrix: Matrix, html: Html | None = None) -> list[str]:
    """The comparison rows citing this answer, with the verdicts the answer states (checked by the build)."""
    rows = matrix.evidence_index.get(q.id, [])
    if not rows:
        return []
    html = html or Html()
    labels = {o.slug: o.short for o in matrix.options}
    items = []
    for prop in rows:
        stated = q.verdicts.get(prop.slug, {})
        said = "; ".join(f"{labels[o]}: {prop.cells[o].verdict}" for o in stated if o in labels)
        items.append({"href": html.href(q.path, paths.COMPARISON, prop.slug), "label": html.text(prop.label),
                      "after": html.text(said) if said else ""})
    return [heading("Used in the comparison"), "", block(render("question-links.html", items=items).rstrip())]


def control_target(c: Control) -> tuple[str, str]:
    """Where a question page links a control that cites it: (docs-relative page, anchor). The one place to change."""
    return paths.control_page(c.framework.key), c.key  # its full section, on its framework's page


def question_controls_block(q: Question, controls: list[Control], html: Html | None = None) -> str:
    """The bottom of a question page: the controls that cite it; "" when none.

    A control's caveats are written once, on the controls page: each line links to them instead of repeating them.
    """
    cited = controls_citing(q.id, controls)
    if not cited:
        return ""
    html = html or Html()
    items = []
    for c in cited:
        count = len(c.caveats)
        items.append({"href": html.href(q.path, *control_target(c)), "label": html.text(f"{c.label}: {c.heading}"),
                      "verified": c.verified, "caveats": f"{count} caveat{'s' if count != 1 else ''}" if count else ""})
    body = render("question-controls.html", page=html.href(q.path, paths.CONTROLS), controls=items)
    return "\n".join([heading("Controls this answer supports"), "", block(body.rstrip()), ""])


def glossary_terms(content: Content) -> dict[str, str]:
    """Acronym -> expansion, for every glossary term."""
    return {term: expansion for term, (expansion, _) in content.glossary.terms.items()}


def abbreviations(content: Content, page: str | None = None) -> str:
    """pymdownx/abbr definitions for the glossary terms in `page` (every term without it), appended to it.

    A term that does not occur in the page's Markdown cannot occur in its text, and each definition costs
    Python-Markdown a block to parse: a page gets only the definitions it uses. The blocks written as HTML mark
    their terms themselves (markup.Html.text). The terms are acronyms (the loader's grammar) and the expansions
    folded onto one line: abbr writes the expansion into a title attribute, escaped, so a definition cannot start
    a Markdown block of its own.
    """
    used = [(term, expansion) for term, (expansion, _) in sorted(content.glossary.terms.items())
            if page is None or term in page]
    return "\n" + "\n".join(f"*[{term}]: {expansion}" for term, expansion in used) + "\n" if used else ""
