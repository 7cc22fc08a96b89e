"""The blocks the build adds to every question page: header, provenance, citation, cross-links, controls."""
from __future__ import annotations

import re

from .. import paths
from ..load.content import Content
from ..load.controls import Caveat, Control, controls_citing
from ..load.matrix import Matrix
from ..model import Question
from .markup import NOT_INDEXED, SINCE_LABEL, html_text, link, long_date, md_text, question_link, render, trusted


def citation_formats(q: Question, canonical_url: str) -> dict[str, str]:
    """The reference a reviewer pastes into a ticket, in plain text, Markdown and Jira wiki markup."""
    reviewed = q.reviewed.isoformat()
    label = f"{q.id}: {q.title}"
    markdown_label = re.sub(r"([\\\[\]])", r"\\\1", label)
    jira_label = re.sub(r"([\[\]|{}])", r"\\\1", label)
    return {
        "text": f"{label} {canonical_url} (reviewed {reviewed})",
        "markdown": f"[{markdown_label}]({canonical_url}) (reviewed {reviewed})",
        "jira": f"[{jira_label}|{canonical_url}] (reviewed {reviewed})",
    }


def citation_block(q: Question, canonical_url: str) -> str:
    return render("citation.html", formats=citation_formats(q, canonical_url)).rstrip("\n")


def question_header(q: Question, content: Content, canonical_url: str) -> str:
    meta = render("question-meta.html", q=q, reviewed=long_date(q.reviewed), since=SINCE_LABEL[q.since_2020],
                  canonical_url=canonical_url)
    terms = search_terms(q, content)
    shown = render("search-terms.html", terms=terms).rstrip("\n") if terms else ""
    return render("question-header.md", q=q, meta=trusted(meta), terms=trusted(shown))


def search_terms(q: Question, content: Content) -> list[str]:
    """The page's own keywords first, then its tags' synonyms from data/tags.yml.

    They sit in the page's first section, next to the title: Material's search ranks a page by its best
    section, so synonyms in a short section of their own would outrank the answer that uses the words.
    """
    terms = list(dict.fromkeys(q.keywords))
    seen = {t.lower() for t in terms}
    for tag in q.tags:
        for keyword in content.tags[tag].keywords:
            if keyword.lower() not in seen:
                seen.add(keyword.lower())
                terms.append(keyword)
    return terms


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
            out.append(f'    <span class="faq-quote">Microsoft: <q>{html_text(source.quote)}</q></span>')
        if source.unverified:
            out.append(f'    <span class="faq-unverified"><strong>Unverified:</strong> {html_text(source.unverified)}'
                       "</span>")
    return out + ["", "</div>", ""]


def question_footer(q: Question, content: Content, matrix: Matrix, related: list[str],
                    referenced: list[str], canonical_url: str) -> str:
    by_id = content.by_id
    out = provenance(q, content)
    out += [f"## Cite this answer {NOT_INDEXED}", "", citation_block(q, canonical_url), ""]
    rows = matrix.evidence_index.get(q.id, [])
    if rows:
        out += [f"## Used in the comparison {NOT_INDEXED}", ""]
        out += [f"- [{md_text(p.label)}]({link(q.path, paths.COMPARISON)}#{p.slug})" for p in rows]
        out.append("")
    for heading, ids in (("Related questions", related), ("Referenced by", referenced)):
        if ids:
            out += [f"## {heading} {NOT_INDEXED}", ""]
            out += [f"- {question_link(q.path, by_id[r])}" for r in ids]
            out.append("")
    return "\n".join(out)


def question_controls_block(q: Question, controls: list[Control]) -> str:
    """Markdown for the bottom of a question page: the controls that cite it, with their caveats; "" when none."""
    cited = controls_citing(q.id, controls)
    if not cited:
        return ""
    page = link(q.path, paths.CONTROLS)
    out = ["", f"## Controls this answer supports {NOT_INDEXED}", "",
           f"This answer is cited as evidence for these controls. The [compliance view]({page}) gives each one's "
           "options, built-in policies and caveats in full.", ""]
    for c in cited:
        flag = " (Unverified)" if not c.verified else ""
        out.append(f"- [{md_text(c.label)}: {md_text(c.heading)}]({page}#{c.key}){flag}")
    applies: dict[str, tuple[Caveat, list[str]]] = {}
    for c in cited:
        for caveat in c.caveats:
            applies.setdefault(caveat.key, (caveat, []))[1].append(c.label)
    if applies:
        out += ["", '!!! warning "Caveats for these controls"', ""]
        for caveat, control_labels in applies.values():
            out.append(f"    - **{md_text(caveat.title)}.** {md_text(caveat.text)} "
                       f"(For {md_text(', '.join(control_labels))}.)")
    out.append("")
    return "\n".join(out)


def abbreviations(content: Content) -> str:
    """pymdownx/abbr definitions for every glossary term, appended to each page.

    The terms are acronyms (the loader's grammar) and the expansions folded onto one line: abbr writes the
    expansion into a title attribute, escaped, so a definition cannot start a Markdown block of its own.
    """
    return "\n" + "\n".join(f"*[{term}]: {expansion}" for term, (expansion, _) in
                            sorted(content.glossary.terms.items())) + "\n"
