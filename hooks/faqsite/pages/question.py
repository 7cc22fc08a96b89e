"""The blocks the build adds to every question page: header, provenance, citation, cross-links, controls."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import paths
from ..load.content import Content
from ..load.controls import Control, controls_citing
from ..load.matrix import Matrix
from ..model import Question
from .markup import NOT_INDEXED, SINCE_LABEL, link, long_date, md_text, question_link, render, trusted


@dataclass(frozen=True)
class Citing:
    """What a citation carries beyond the question: the site revision and the answer's versions (Markdown)."""

    revision: str | None = None
    versions: str = ""  # the list of versions (pages/versions.versions_list), shown under the citation


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


def citation_block(q: Question, canonical_url: str, citing: Citing | None = None) -> str:
    citing = citing or Citing()
    block = render("citation.html", formats=citation_formats(q, canonical_url, citing.revision)).rstrip("\n")
    if not citing.versions:
        return block
    return f"{block}\n\n### Versions of this answer {NOT_INDEXED}\n\n{citing.versions}"


def question_header(q: Question, content: Content, canonical_url: str, badges: str = "") -> str:
    """Title, ID and review state, then the short answer at body size, then what changed since 2020.

    The meta line is left out of search, so a result's snippet starts with the short answer. The page's
    keywords are not shown: they reach search through the page's metadata (site.page_meta).
    """
    meta = render("question-meta.html", q=q, reviewed=long_date(q.reviewed), since=SINCE_LABEL[q.since_2020],
                  canonical_url=canonical_url, badges=trusted(badges))
    return render("question-header.md", q=q, meta=trusted(meta))


def provenance(q: Question, content: Content) -> list[str]:
    out = ["", f"## Sources and review {NOT_INDEXED}", "", '<div class="faq-provenance" markdown>', "",
           f"**Reviewed:** {long_date(q.reviewed)}  "]
    status = SINCE_LABEL[q.since_2020]
    out.append(f"**Since the 2020 post:** {status}" + (f": {md_text(q.changed)}" if q.changed else "") + "  ")
    tag_links = ", ".join(f"[{md_text(content.tags[t].label)}]({link(q.path, paths.tag_page(t))})" for t in q.tags)
    out += [f"**Tags:** {tag_links}", "", "**Sources:**", ""]
    for number, source in enumerate(q.sources, start=1):
        revision = f" (revision of {long_date(source.date)})" if source.date else ""
        out.append(f"{number}. [{md_text(source.title)}]({source.url}){revision}")
        if source.quote:
            out.append(f'    <span class="faq-quote">Microsoft: <q>{md_text(source.quote)}</q></span>')
        if source.unverified:
            out.append(f'    <span class="faq-unverified"><strong>Unverified:</strong> {md_text(source.unverified)}'
                       "</span>")
    return out + ["", "</div>", ""]


def question_footer(q: Question, content: Content, matrix: Matrix, related: list[str],
                    referenced: list[str], canonical_url: str, report: str = "", citing: Citing | None = None) -> str:
    by_id = content.by_id
    out = provenance(q, content)
    if report:
        out += [render("report-link.md", link=trusted(report)).rstrip("\n"), ""]
    out += [f"## Cite this answer {NOT_INDEXED}", "", citation_block(q, canonical_url, citing), ""]
    out += comparison_rows(q, matrix)
    if related:
        out += [f"## Related questions {NOT_INDEXED}", ""] + [f"- {question_link(q.path, by_id[r])}" for r in related]
        out.append("")
    if referenced:
        # Up to a few dozen links: collapsed, so the answer is not buried under its back-links (printed open).
        count = f"{len(referenced)} answer{'s' if len(referenced) != 1 else ''} link to this one"
        out += [f"## Referenced by {NOT_INDEXED}", "", f'??? note "{count}"', ""]
        out += [f"    - {question_link(q.path, by_id[r])}" for r in referenced]
        out.append("")
    return "\n".join(out)


def comparison_rows(q: Question, matrix: Matrix) -> list[str]:
    """The comparison rows citing this answer, with the verdicts the answer states (checked by the build)."""
    rows = matrix.evidence_index.get(q.id, [])
    if not rows:
        return []
    labels = {o.slug: o.short for o in matrix.options}
    out = [f"## Used in the comparison {NOT_INDEXED}", ""]
    for prop in rows:
        stated = q.verdicts.get(prop.slug, {})
        said = "; ".join(f"{md_text(labels[o])}: {md_text(prop.cells[o].verdict)}" for o in stated if o in labels)
        out.append(f"- [{md_text(prop.label)}]({link(q.path, paths.COMPARISON)}#{prop.slug})"
                   + (f": {said}" if said else ""))
    return out + [""]


def question_controls_block(q: Question, controls: list[Control]) -> str:
    """Markdown for the bottom of a question page: the controls that cite it; "" when none.

    A control's caveats are written once, on the controls page: each line links to them instead of repeating them.
    """
    cited = controls_citing(q.id, controls)
    if not cited:
        return ""
    page = link(q.path, paths.CONTROLS)
    out = ["", f"## Controls this answer supports {NOT_INDEXED}", "",
           f"This answer is cited as evidence for these controls. The [compliance view]({page}) gives each one's "
           "options, built-in policies and caveats in full.", ""]
    for c in cited:
        flag = " (Unverified)" if not c.verified else ""
        caveats = f" [{len(c.caveats)} caveat{'s' if len(c.caveats) != 1 else ''}]({page}#{c.key})" if c.caveats else ""
        out.append(f"- [{md_text(c.label)}: {md_text(c.heading)}]({page}#{c.key}){flag}{caveats}")
    out.append("")
    return "\n".join(out)


def abbreviations(content: Content) -> str:
    """pymdownx/abbr definitions for every glossary term, appended to each page.

    The terms are acronyms (the loader's grammar) and the expansions folded onto one line: abbr writes the
    expansion into a title attribute, escaped, so a definition cannot start a Markdown block of its own.
    """
    return "\n" + "\n".join(f"*[{term}]: {expansion}" for term, (expansion, _) in
                            sorted(content.glossary.terms.items())) + "\n"
