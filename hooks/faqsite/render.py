"""Markdown for the generated pages and the blocks added to every question page.

Everything is emitted as Markdown (not HTML) wherever it links, so MkDocs validates each link and
anchor. Text from front matter and data/ goes through `md_text` (Markdown) or `html_text` (raw
HTML blocks), so it is always shown as text, never interpreted as markup.
"""
from __future__ import annotations

import datetime
import html
import posixpath
import re

from .content import Content
from .matrix import Cell, Matrix
from .model import Question, id_order

COMPARISON = "comparison.md"
DECISION_GUIDE = "decision-guide.md"
GLOSSARY = "glossary.md"
WHAT_CHANGED = "what-changed.md"
ALL_QUESTIONS = "all-questions.md"
RETIRED = "retired.md"
TAG_INDEX = "tags/index.md"
CONTROLS = "controls.md"  # rendered by faqsite.controls
SINCE_LABEL = {"unchanged": "Unchanged since 2020", "corrected": "Corrected since 2020", "new": "New since 2020"}
VERDICT = {"yes": "Yes", "no": "No", "partial": "Partly"}
# Material's search skips a section whose heading carries this attribute. The blocks every question page
# ends with (sources, citation, cross-links) would otherwise enter the index once per page, make it
# larger and let a page rank for the titles of the questions it merely links to. The same holds for the
# lists of short answers on topic and what-changed pages: each grows with the site, and every query
# that matched one made Material's worker highlight the whole list.
NOT_INDEXED = "{ data-search-exclude }"

_ESCAPE = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|&:~^=\"'$%@/;,?])")


def md_text(text: str) -> str:
    """Plain text for a Markdown context: every punctuation mark escaped, line breaks folded.

    Relies on pymdownx.escapeall, which makes any backslash-escaped character literal.
    """
    return _ESCAPE.sub(r"\\\1", " ".join(str(text).split()))


def html_text(text: str) -> str:
    return html.escape(" ".join(str(text).split()), quote=True)


def rel(from_page: str, to_page: str) -> str:
    """Relative link from one docs-relative Markdown path to another."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def tag_page(tag: str) -> str:
    return f"tags/{tag}.md"


def topic_index(topic: str) -> str:
    return f"{topic}/index.md"


def generated_pages(content: Content) -> list[str]:
    """Docs-relative paths of every page the build generates."""
    pages = [COMPARISON, DECISION_GUIDE, GLOSSARY, WHAT_CHANGED, ALL_QUESTIONS, RETIRED, TAG_INDEX, CONTROLS]
    pages += [tag_page(t) for t in content.tags]
    pages += [topic_index(t) for t in content.topics]
    return pages


def question_link(from_page: str, q: Question) -> str:
    label = f"{q.id}: {q.title}"
    return f"[{md_text(label)}]({rel(from_page, q.path)})"


def value_label(value: str) -> str:
    return VERDICT.get(value.lower(), value)


def verdict_words(cell: Cell) -> str:
    """A cell's verdict as Markdown text, with its condition when it has one: 'Yes, only if ...'."""
    label = md_text(value_label(cell.value))
    return f"{label}, only if {md_text(cell.condition)}" if cell.condition else label


# ---------------------------------------------------------------- citations

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
    formats = citation_formats(q, canonical_url)
    attrs = " ".join(f'data-cite-{name}="{html_text(value)}"' for name, value in formats.items())
    return (
        f'<div class="faq-cite" {attrs}>\n'
        f'<p class="faq-cite__text"><code>{html_text(formats["text"])}</code></p>\n'
        '<div class="faq-cite__buttons" hidden>\n'
        '<button type="button" class="md-button" data-format="text">Copy as text</button>\n'
        '<button type="button" class="md-button" data-format="markdown">Copy as Markdown</button>\n'
        '<button type="button" class="md-button" data-format="jira">Copy for Jira</button>\n'
        '</div>\n'
        '<p class="faq-cite__status" role="status" aria-live="polite"></p>\n'
        '</div>'
    )


# ---------------------------------------------------------------- question pages

def question_header(q: Question, content: Content, canonical_url: str) -> str:
    lines = [
        f"# {md_text(q.title)}",
        "",
        f'<p class="faq-meta"><span class="faq-id">{html_text(q.id)}</span> '
        f'<span class="faq-reviewed">Reviewed <time datetime="{q.reviewed.isoformat()}">'
        f"{long_date(q.reviewed)}</time></span> "
        f'<span class="faq-since faq-since--{q.since_2020}">{SINCE_LABEL[q.since_2020]}</span> '
        f'<span class="faq-url">{html_text(canonical_url)}</span></p>',
        "",
        '!!! abstract "Short answer"',
        "",
        f"    {md_text(q.summary)}",
        "",
    ]
    terms = search_terms(q, content)
    if terms:
        lines += [f'<p class="faq-terms">Also searched as: {html_text(", ".join(terms))}</p>', ""]
    if q.since_2020 in ("corrected", "new"):
        title = "What the 2020 post got wrong" if q.since_2020 == "corrected" else "Not answered in 2020"
        lines += [f'!!! info "{title}"', "", f"    {md_text(q.changed)}", ""]
    return "\n".join(lines) + "\n"


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


def question_footer(q: Question, content: Content, matrix: Matrix, related: list[str],
                    referenced: list[str], canonical_url: str) -> str:
    by_id = content.by_id
    out: list[str] = ["", f"## Sources and review {NOT_INDEXED}", "", '<div class="faq-provenance" markdown>', ""]
    out.append(f"**Reviewed:** {long_date(q.reviewed)}  ")
    status = SINCE_LABEL[q.since_2020]
    out.append(f"**Since the 2020 post:** {status}" + (f": {md_text(q.changed)}" if q.changed else "") + "  ")
    tag_links = ", ".join(f"[{md_text(content.tags[t].label)}]({rel(q.path, tag_page(t))})" for t in q.tags)
    out.append(f"**Tags:** {tag_links}")
    out += ["", "**Sources:**", ""]
    for number, source in enumerate(q.sources, start=1):
        revision = f" (revision of {long_date(source.date)})" if source.date else ""
        out.append(f"{number}. [{md_text(source.title)}]({source.url}){revision}")
        if source.quote:
            out.append(f'    <span class="faq-quote">Microsoft: <q>{html_text(source.quote)}</q></span>')
        if source.unverified:
            out.append(f'    <span class="faq-unverified"><strong>Unverified:</strong> {html_text(source.unverified)}'
                       "</span>")
    out += ["", "</div>", ""]

    out += [f"## Cite this answer {NOT_INDEXED}", "", citation_block(q, canonical_url), ""]

    rows = matrix.evidence_index.get(q.id, [])
    if rows:
        out += [f"## Used in the comparison {NOT_INDEXED}", ""]
        out += [f"- [{md_text(p.label)}]({rel(q.path, COMPARISON)}#{p.slug})" for p in rows]
        out.append("")
    if related:
        out += [f"## Related questions {NOT_INDEXED}", ""]
        out += [f"- {question_link(q.path, by_id[r])}" for r in related]
        out.append("")
    if referenced:
        out += [f"## Referenced by {NOT_INDEXED}", ""]
        out += [f"- {question_link(q.path, by_id[r])}" for r in referenced]
        out.append("")
    return "\n".join(out)


def abbreviations(content: Content) -> str:
    """pymdownx/abbr definitions for every glossary term, appended to each page."""
    return "\n" + "\n".join(f"*[{term}]: {expansion}" for term, (expansion, _) in
                            sorted(content.glossary.terms.items())) + "\n"


# ---------------------------------------------------------------- listing pages

def question_list(from_page: str, questions: list[Question]) -> list[str]:
    out: list[str] = []
    for q in questions:
        out += [f"- {question_link(from_page, q)}  ", f"  {md_text(q.summary)}"]
    return out


def topic_page(content: Content, topic_slug: str) -> str:
    topic = content.topics[topic_slug]
    page = topic_index(topic_slug)
    questions = [q for q in content.questions if q.topic == topic_slug]
    out = [f"# {md_text(topic.title)}", "", md_text(topic.description), "",
           f"{len(questions)} questions, grouped by theme. Each line gives the short answer; open a question for "
           "the conditions, the sources and the review date.", ""]
    for theme, label in topic.themes.items():
        in_theme = [q for q in questions if q.theme == theme]
        if not in_theme:
            continue
        out += [f"## {md_text(label)} {NOT_INDEXED}", ""] + question_list(page, in_theme) + [""]
    return "\n".join(out)


def tag_index_page(content: Content) -> str:
    counts = {t: 0 for t in content.tags}
    for q in content.questions:
        for t in q.tags:
            counts[t] += 1
    out = ["# Tags", "", "Every question carries tags from one controlled vocabulary. Pick a tag to see its "
           "questions with their short answers.", ""]
    groups: dict[str, list[str]] = {}
    for slug, tag in content.tags.items():
        groups.setdefault(tag.group, []).append(slug)
    for group, slugs in groups.items():
        out += [f"## {md_text(group.replace('-', ' ').capitalize())}", "", "| Tag | Questions | What it covers |",
                "| --- | --- | --- |"]
        for slug in slugs:
            tag = content.tags[slug]
            out.append(f"| [{md_text(tag.label)}]({rel(TAG_INDEX, tag_page(slug))}) | {counts[slug]} | "
                       f"{md_text(tag.description)} |")
        out.append("")
    return "\n".join(out)


def tag_detail_page(content: Content, slug: str) -> str:
    tag = content.tags[slug]
    page = tag_page(slug)
    questions = [q for q in content.questions if slug in q.tags]
    out = [f"# Tag: {md_text(tag.label)}", "", md_text(tag.description), ""]
    if tag.keywords:
        out += [f"Also searched as: {md_text(', '.join(tag.keywords))}.", ""]
    out += question_list(page, questions) if questions else ["No question carries this tag yet."]
    out += ["", f"[All tags]({rel(page, TAG_INDEX)})", ""]
    return "\n".join(out)


def what_changed_page(content: Content, post_map: list[dict]) -> str:
    page = WHAT_CHANGED
    topic_order = {slug: number for number, slug in enumerate(content.topics)}
    out = ["# What changed since the 2020 post", "",
           "This site started from a January 2020 blog post on Azure VM disk encryption. Some of its answers are "
           "now wrong or out of date, three of its questions had no answer, and it could not know about options "
           "that came later. Each answer below says what changed.", ""]
    for status, heading in (("corrected", "Answers that correct the post"), ("new", "Answers the post did not give")):
        chosen = sorted((q for q in content.questions if q.since_2020 == status),
                        key=lambda q: (topic_order[q.topic], id_order(q.id)))
        out += [f"## {heading} {NOT_INDEXED}", "", f"{len(chosen)} answers.", ""]
        for q in chosen:
            out += [f"- {question_link(page, q)}  ", f"  {md_text(q.changed)}"]
        out.append("")
    if post_map:
        by_id = content.by_id
        out += ["## The 2020 post, question by question", "",
                "Each question or requirement the post raised, in its order, and the answer that covers it today.",
                "", "| # | The post asked | Answered by |", "| --- | --- | --- |"]
        for number, entry in enumerate(post_map, start=1):
            answers = ", ".join(f"[{md_text(qid)}]({rel(page, by_id[qid].path)})" for qid in entry["answers"])
            out.append(f"| {number} | {md_text(entry['asked'])} | {answers} |")
        out.append("")
    return "\n".join(out)


def all_questions_page(content: Content, site_url: str) -> str:
    page = ALL_QUESTIONS
    # Each question's heading is raw HTML, which the table of contents does not see: Material copies the
    # table of contents into the page twice (sidebar and mobile navigation), which made this page a third
    # larger, and a list of every title is no help in a sidebar. The topics stay in it.
    out = ["# All questions", "",
           f"Every answer on this site with its ID, short answer, review date and sources: "
           f"{len(content.questions)} questions, built {long_date(datetime.date.today())}. Print this page "
           "(or save it as PDF) for an audit evidence folder.", ""]
    for topic in content.topics.values():
        questions = [q for q in content.questions if q.topic == topic.slug]
        if not questions:
            continue
        out += [f"## {md_text(topic.title)}", ""]
        for q in questions:
            out += [f'<h3 id="{q.id.lower()}">{html_text(q.id)}: {html_text(q.title)}</h3>', "",
                    md_text(q.summary), "",
                    f"Reviewed {long_date(q.reviewed)}. {SINCE_LABEL[q.since_2020]}. "
                    f"[Full answer]({rel(page, q.path)}): `{site_url}{q.url}`", "",
                    "Sources: " + "; ".join(f"[{md_text(s.title)}]({s.url})" for s in q.sources), ""]
    return "\n".join(out)


def retired_page(content: Content) -> str:
    out = ["# Retired question IDs", "",
           "A question ID is never reused. When a question is merged or withdrawn its ID is listed here with the "
           "reason, and its short link comes to this page.", ""]
    if not content.retired:
        out += ["No ID has been retired so far.", ""]
    for entry in sorted(content.retired.values(), key=lambda r: id_order(r.id)):
        out += [f"## {md_text(entry.id)} {{ #{entry.id.lower()} }}", "",
                f"Retired {long_date(entry.retired)}. {md_text(entry.reason)}", ""]
        if entry.successor:
            successor = content.by_id[entry.successor]
            out += [f"See instead: {question_link(RETIRED, successor)}", ""]
    return "\n".join(out)


def glossary_page(content: Content) -> str:
    out = ["# Glossary", "", "The acronyms this site uses. Hover over one on any page to see what it stands for.",
           "", "| Term | Stands for | Meaning |", "| --- | --- | --- |"]
    for term, (expansion, definition) in sorted(content.glossary.terms.items(), key=lambda t: t[0].lower()):
        out.append(f"| **{md_text(term)}** | {md_text(expansion)} | {md_text(definition)} |")
    return "\n".join(out) + "\n"


def home_sections(content: Content, featured: list[str]) -> str:
    page = "index.md"
    by_id = content.by_id
    out = ["", "## Asked first", ""]
    out += question_list(page, [by_id[i] for i in featured if i in by_id])
    out += ["", "## Browse by topic", ""]
    for topic in content.topics.values():
        count = sum(1 for q in content.questions if q.topic == topic.slug)
        if count:
            out.append(f"- [{md_text(topic.title)}]({topic_index(topic.slug)}): {md_text(topic.description)} "
                       f"({count} questions)")
    out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------- matrix and decision guide

def matrix_page(content: Content, matrix: Matrix) -> str:
    page = COMPARISON
    by_id = content.by_id

    def evidence(ids: tuple[str, ...]) -> str:
        return " ".join(f"[{md_text(i)}]({rel(page, by_id[i].path)})" for i in ids)

    out = ["---", "hide:", "  - toc", "---", "", "# Comparison of disk encryption options", "",
           "Every option for encrypting Azure VM disks, property by property. Each cell gives the verdict, a short "
           "note and the answers that justify it: follow the ID for the conditions and Microsoft's sources.", "",
           "Download: [matrix.json](matrix.json), [matrix.csv](matrix.csv), [questions.json](questions.json). "
           f"Or let the [decision guide]({DECISION_GUIDE}) pick the options that meet your requirements.", "",
           "| Property | " + " | ".join(md_text(o.short) for o in matrix.options) + " |",
           "| --- |" + " --- |" * len(matrix.options)]
    for prop in matrix.properties:
        cells = []
        for option in matrix.options:
            cell = prop.cells[option.slug]
            cells.append(f"**{verdict_words(cell)}**<br>{md_text(cell.note)}<br>{evidence(cell.evidence)}")
        out.append(f"| [{md_text(prop.label)}](#{prop.slug}){{ #row-{prop.slug} }} | " + " | ".join(cells) + " |")
    out += ["", "## The options", ""]
    out += [f"- **{md_text(o.short)}**: {md_text(o.label)}" for o in matrix.options]
    out += ["", "## Property by property", ""]
    for prop in matrix.properties:
        out += [f"### {md_text(prop.label)} {{ #{prop.slug} }}", ""]
        for option in matrix.options:
            cell = prop.cells[option.slug]
            out.append(f"- **{md_text(option.label)}**: {verdict_words(cell)}. {md_text(cell.note)} "
                       f"Evidence: {evidence(cell.evidence)}")
        out += ["", f"[Back to the table](#row-{prop.slug})", ""]
    return "\n".join(out)


def decision_guide_page(content: Content, matrix: Matrix) -> str:
    page = DECISION_GUIDE
    by_id = content.by_id
    out = ["---", "hide:", "  - toc", "---", "", "# Decision guide", "",
           "Tick the requirements your workload has. The options that meet all of them stay highlighted; each verdict "
           "links to the answer that justifies it. Without JavaScript, the full table below still shows every verdict.",
           "",
           '<form class="faq-guide" hidden>',
           "<fieldset>",
           "<legend>Our requirements</legend>"]
    for req in matrix.requirements:
        out.append(f'<div class="faq-guide__req"><input type="checkbox" id="req-{req.slug}" name="{req.slug}" '
                   f'value="1"> <label for="req-{req.slug}">{html_text(req.label)}</label></div>')
    out += ["</fieldset>",
            '<p class="faq-guide__result" role="status" aria-live="polite"></p>',
            '<button type="reset" class="md-button">Clear all</button>',
            "</form>", "",
            "| Requirement | " + " | ".join(md_text(o.short) for o in matrix.options) + " |",
            "| --- |" + " --- |" * len(matrix.options)]
    for req in matrix.requirements:
        cells = []
        for option in matrix.options:
            cell = matrix.cell(req.property, option.slug)
            links = " ".join(f"[{md_text(i)}]({rel(page, by_id[i].path)})" for i in cell.evidence)
            if matrix.meets(req, option.slug):
                verdict, mark, detail = "yes", "Meets", md_text(value_label(cell.value))
            elif cell.condition and cell.value.lower() in req.accept:
                verdict, mark = "conditional", "Only with conditions"
                detail = f"{md_text(value_label(cell.value))}, if {md_text(cell.condition)}"
            else:
                verdict, mark, detail = "no", "Does not meet", md_text(value_label(cell.value))
            cells.append(f'<span class="faq-verdict faq-verdict--{verdict}" data-option="{html_text(option.slug)}" '
                         f'data-req="{html_text(req.slug)}">{mark}</span> ({detail}) {links}')
        out.append(f"| {md_text(req.label)} ([details]({COMPARISON}#{req.property})) | " + " | ".join(cells) + " |")
    out += ["", "The verdicts come from the [comparison](comparison.md). One rule applies to every cell: a "
            "requirement counts as met only where the comparison gives an accepted value without conditions. A cell "
            "whose value holds only under a condition shows **Only with conditions** and the condition, and counts as "
            "not met. Read the linked answers before you decide.", ""]
    return "\n".join(out)
