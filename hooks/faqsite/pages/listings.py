"""Pages that list questions: topics, tags, what changed, all questions, retired IDs, the glossary, the home page.

The lists that grow with the site (a topic's, a tag's, all questions) are HTML blocks from templates, their links
made and checked by `markup.Html`: as Markdown, a page listing every answer cost more to convert than the answers.
Their headings stay Markdown, for the table of contents.
"""
from __future__ import annotations

import datetime
import re

from .. import paths
from ..load.content import Content
from ..model import Question, id_order
from .markup import NOT_INDEXED, SINCE_LABEL, Html, block, link, long_date, md_text, question_link, render, trusted


def question_list(from_page: str, questions: list[Question], html: Html) -> list[str]:
    """Each question linked by ID and title, its short answer under it: one HTML block."""
    items = [{**html.question(from_page, q), "summary": html.text(q.summary)} for q in questions]
    return [block(render("question-list.html", items=items).rstrip("\n"))]


def topic_page(content: Content, topic_slug: str, html: Html) -> str:
    topic = content.topics[topic_slug]
    page = paths.topic_index(topic_slug)
    questions = [q for q in content.questions if q.topic == topic_slug]
    out: list[str] = []
    for theme, label in topic.themes.items():
        in_theme = [q for q in questions if q.theme == theme]
        if in_theme:
            out += [f"## {md_text(label)} {NOT_INDEXED}", ""] + question_list(page, in_theme, html) + [""]
    return render("topic.md", topic=topic, count=len(questions), body=trusted("\n".join(out)))


def tag_counts(content: Content) -> dict[str, int]:
    counts = {t: 0 for t in content.tags}
    for q in content.questions:
        for t in q.tags:
            counts[t] += 1
    return counts


def tag_index_page(content: Content) -> str:
    counts = tag_counts(content)
    groups: dict[str, list[str]] = {}
    for slug, tag in content.tags.items():
        groups.setdefault(tag.group, []).append(slug)
    out: list[str] = []
    for group, slugs in groups.items():
        out += [f"## {md_text(group.replace('-', ' ').capitalize())}", "", "| Tag | Questions | What it covers |",
                "| --- | --- | --- |"]
        for slug in slugs:
            tag = content.tags[slug]
            out.append(f"| [{md_text(tag.label)}]({link(paths.TAG_INDEX, paths.tag_page(slug))}) | {counts[slug]} | "
                       f"{md_text(tag.description)} |")
        out.append("")
    return render("tags.md", body=trusted("\n".join(out)))


def tag_detail_page(content: Content, slug: str, html: Html) -> str:
    page = paths.tag_page(slug)
    questions = [q for q in content.questions if slug in q.tags]
    out = question_list(page, questions, html) if questions else [md_text("No question carries this tag yet.")]
    out += ["", f"[All tags]({link(page, paths.TAG_INDEX)})", ""]
    return render("tag.md", tag=content.tags[slug], body=trusted("\n".join(out)))


def what_changed_page(content: Content) -> str:
    page = paths.WHAT_CHANGED
    topic_order = {slug: number for number, slug in enumerate(content.topics)}
    out: list[str] = []
    for status, heading in (("corrected", "Answers that correct the post"), ("new", "Answers the post did not give")):
        chosen = sorted((q for q in content.questions if q.since_2020 == status),
                        key=lambda q: (topic_order[q.topic], id_order(q.id)))
        out += [f"## {heading} {NOT_INDEXED}", "", f"{len(chosen)} answers.", ""]
        for q in chosen:
            out += [f"- {question_link(page, q)}  ", f"  {md_text(q.changed)}"]
        out.append("")
    if content.post_map:
        rows = ["| # | The post asked | Answered by |", "| --- | --- | --- |"]
        for number, entry in enumerate(content.post_map, start=1):
            answers = ", ".join(f"[{md_text(qid)}]({link(page, content.by_id[qid].path)})" for qid in entry.answers)
            rows.append(f"| {number} | {md_text(entry.asked)} | {answers} |")
        out.append(render("what-changed-post.md", body=trusted("\n".join(rows) + "\n")))
    return render("what-changed.md", body=trusted("\n".join(out)))


def all_questions_page(content: Content, site_url: str, today: datetime.date, html: Html) -> str:
    page = paths.ALL_QUESTIONS
    # Each question's heading is raw HTML, which the table of contents does not see: Material copies the
    # table of contents into the page twice (sidebar and mobile navigation), and a list of every title is no
    # help in a sidebar. The topics stay in it.
    out: list[str] = []
    for topic in content.topics.values():
        questions = [q for q in content.questions if q.topic == topic.slug]
        if not questions:
            continue
        entries = [{"anchor": q.id.lower(), "label": html.text(f"{q.id}: {q.title}"), "summary": html.text(q.summary),
                    "reviewed": long_date(q.reviewed), "since": SINCE_LABEL[q.since_2020],
                    "href": html.href(page, q.path), "url": site_url + q.url,
                    "sources": [{"url": s.url, "title": html.text(s.title)} for s in q.sources]} for q in questions]
        out += [f"## {md_text(topic.title)}", "", block(render("all-questions-topic.html", questions=entries).rstrip()),
                ""]
    return render("all-questions.md", count=len(content.questions), built=long_date(today),
                  body=trusted("\n".join(out)))


def retired_page(content: Content) -> str:
    out: list[str] = []
    if not content.retired:
        out += [md_text("No ID has been retired so far."), ""]
    for entry in sorted(content.retired.values(), key=lambda r: id_order(r.id)):
        out += [f"## {md_text(entry.id)} {{ #{entry.id.lower()} }}", "",
                f"Retired {long_date(entry.retired)}. {md_text(entry.reason)}", ""]
        if entry.successor:
            out += [f"See instead: {question_link(paths.RETIRED, content.by_id[entry.successor])}", ""]
    return render("retired.md", body=trusted("\n".join(out)))


def glossary_page(content: Content) -> str:
    out = ["| Term | Stands for | Meaning |", "| --- | --- | --- |"]
    for term, (expansion, definition) in sorted(content.glossary.terms.items(), key=lambda t: t[0].lower()):
        anchor = "term-" + re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")
        out.append(f"| **{md_text(term)}**{{ #{anchor} }} | {md_text(expansion)} | {md_text(definition)} |")
    return render("glossary.md", body=trusted("\n".join(out) + "\n"))


def home_sections(content: Content, html: Html) -> str:
    """The home page's generated part: the ID box, a card per topic, the tools and the questions asked first."""
    page = paths.HOME
    featured = question_list(page, [content.by_id[i] for i in content.featured if i in content.by_id], html)
    cards: list[str] = []
    for topic in content.topics.values():
        count = sum(1 for q in content.questions if q.topic == topic.slug)
        if count:
            cards += [f"-   **[{md_text(topic.title)}]({link(page, paths.topic_index(topic.slug))})**", "",
                      "    ---", "", f"    {md_text(topic.description)}", "",
                      f"    {count} question{'s' if count != 1 else ''}", ""]
    return render("home.md", featured=trusted("\n".join(featured)), topics=trusted("\n".join(cards).rstrip("\n")))
