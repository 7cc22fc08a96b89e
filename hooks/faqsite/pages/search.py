"""The site's own search index: built once per build from the pages' sources, loaded ready to query.

Material's search builds a lunr index in the reader's browser on every visit: at 5,000 questions a 16.5 MB index
took about 13 s before the first query could run (benchmarks/README.md). This index is computed here instead,
term by term with its weights, so the browser only parses it. It holds what readers search and nothing else:
each page's title, a question's ID (with and without the dash) and keywords, its short answer, its headings and
the text of its body. The blocks the build adds to a question (sources, citation, back-links) and the listing
pages that only repeat short answers are left out, so that the answer written for a query ranks first.

The worker that reads it is docs/assets/javascripts/faq-search.js. The tokenizer, the stop words and the field
weights are defined here once and shipped inside the index, so the browser splits a query exactly as the
build split the pages.
"""
from __future__ import annotations

import html
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from pymdownx.slugs import slugify  # type: ignore[import-untyped]

from ..model import Question

FORMAT = 2
# Weight of one occurrence of a word in each field. A question's ID and keywords name what the page was written
# for; the title next; then the short answer and the headings; the body counts once per occurrence (saturating).
FIELD_WEIGHTS = {"id": 120, "keywords": 40, "title": 25, "summary": 6, "headings": 5, "body": 1}
# Words too common to tell pages apart. The browser drops them from a query too (the list travels in the index).
STOP_WORDS = frozenset("""a an and are as at be by can do does for from has have how i if in into is it its
    of on or that the their then there these this to was what when where which who why will with you your""".split())
# Letters and digits, in any script: the same class as the browser's /[\p{L}\p{N}]+/u.
WORD = re.compile(r"[^\W_]+")
SLUG = slugify(case="lower")
SNIPPET_CHARS = 300

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
_ATTRS = re.compile(r"\s*\{:?\s*([^}]*)\}\s*$")
_INLINE_ATTRS = re.compile(r"\{:?[ \t]*(?:[.#]|[\w-]+=|data-)[^}\n]*\}")
_DROPPED_LINES = re.compile(r"^\s*(\*\[[^\]]+\]:.*|\[[^\]]+\]:\s*\S+.*)$", re.M)  # abbreviations, link references
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_ADMONITION = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+"([^"]*)")?\s*$', re.M)
_MARKDOWN = re.compile(r"\\(.)|[*_`|>#~]")


@dataclass(frozen=True)
class Entry:
    """One page as search sees it: its URL, what a result shows, and the text of each field."""

    url: str  # site-relative, as the theme's links are ("disk-encryption/own-keys/")
    title: str
    snippet: str
    fields: dict[str, str]
    sections: tuple[tuple[str, str], ...] = ()  # (anchor, heading) of the body's headings


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def plain_text(markdown: str) -> str:
    """The words of a Markdown text: link and image URLs, tags, attribute lists and syntax left out."""
    text = _FENCE.sub(lambda m: m.group(0).split("\n", 1)[-1].rsplit("\n", 1)[0], markdown)
    text = _DROPPED_LINES.sub("", _ADMONITION.sub(lambda m: m.group(1) or "", text))
    text = _LINK.sub(r"\1", _HEADING.sub(lambda m: _ATTRS.sub("", m.group(2)), text))
    text = html.unescape(_TAG.sub(" ", _INLINE_ATTRS.sub("", text)))
    return " ".join(_MARKDOWN.sub(lambda m: m.group(1) or " ", text).split())


def sections(markdown: str) -> list[tuple[str, str, str]]:
    """(anchor, heading, Markdown under it) of each heading below the title, as the table of contents names them.

    A heading marked `data-search-exclude` and the text under it are left out. Anchors repeat the toc
    extension's rule: an explicit `#id`, else the slug of the heading's text, made unique with `_1`, `_2`.
    """
    out: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    parts = _HEADING.split(_FENCE.sub("", markdown))
    for level, raw, text in zip(parts[1::3], parts[2::3], parts[3::3]):
        attrs = _ATTRS.search(raw)
        heading = plain_text(_ATTRS.sub("", raw))
        explicit = re.search(r"#([\w-]+)", attrs.group(1)) if attrs else None
        anchor = _unique(explicit.group(1) if explicit else SLUG(heading, "-"), seen)
        if level == "#" or (attrs and "data-search-exclude" in attrs.group(1)):
            continue
        out.append((anchor, heading, text.strip()))
    return out


def _unique(anchor: str, seen: set[str]) -> str:
    candidate, number = anchor, 0
    while candidate in seen:
        number += 1
        candidate = f"{anchor}_{number}"
    seen.add(candidate)
    return candidate


def question_entry(q: Question, body: str, url: str) -> Entry:
    """A question: found by its ID in either form, its keywords, title, short answer, headings and body."""
    found = sections(body)
    first = _HEADING.search(body)
    intro = body[: first.start()] if first else body
    return Entry(url, f"{q.id}: {q.title}", f"Short answer: {q.summary}", {
        "id": f"{q.id} {q.id.replace('-', '')}",
        "keywords": " ".join(q.keywords),
        "title": q.title,
        "summary": q.summary,
        "headings": " ".join(heading for _, heading, _ in found),
        "body": plain_text("\n\n".join([intro, *(text for _, _, text in found)])),
    }, tuple((anchor, heading) for anchor, heading, _ in found))


def page_entry(url: str, title: str, markdown: str, description: str = "") -> Entry:
    """Any other page: its title, headings and text; the snippet is its description or its first words."""
    found = sections(markdown)
    untitled = re.sub(r"^#[ \t].*$", "", markdown, count=1, flags=re.M)
    first = re.search(r"^#{2,6}[ \t]", untitled, re.M)
    intro = plain_text(untitled[: first.start()] if first else untitled)
    body = " ".join([intro, plain_text("\n\n".join(text for _, _, text in found))]).strip()
    return Entry(url, title, description or _clip(intro or body),
                 {"title": title, "headings": " ".join(h for _, h, _ in found), "body": body},
                 tuple((anchor, heading) for anchor, heading, _ in found))


def _clip(text: str) -> str:
    if len(text) <= SNIPPET_CHARS:
        return text
    return text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


def term_weights(entry: Entry) -> dict[str, float]:
    """Each word's weight in one page: per field, the field's weight times 1 + ln(occurrences)."""
    weights: dict[str, float] = {}
    for name, text in entry.fields.items():
        boost = FIELD_WEIGHTS[name]
        for word, count in Counter(WORD.findall(text.lower())).items():
            if word not in STOP_WORDS:
                weights[word] = weights.get(word, 0.0) + boost * (1 + math.log(count))
    return weights


def index_data(entries: Iterable[Entry]) -> dict[str, object]:
    """The index: documents, then the sorted terms with their postings: (page number, weight x 10) pairs, each page
    number written as the gap since the one before (smaller numbers, a smaller file)."""
    docs: list[list[object]] = []
    postings: dict[str, list[int]] = {}
    last: dict[str, int] = {}
    for number, entry in enumerate(entries):
        docs.append([entry.url, entry.title, entry.snippet, [list(s) for s in entry.sections]])
        for word, weight in term_weights(entry).items():
            found = postings.get(word)
            if found is None:
                found = postings[word] = []
            found += (number - last.get(word, 0), int(weight * 10 + 0.5))  # the gap since the word's last page
            last[word] = number
    terms = sorted(postings)
    return {"format": FORMAT, "stop": sorted(STOP_WORDS), "docs": docs, "terms": terms,
            "postings": [postings[t] for t in terms]}


def index_script(entries: Iterable[Entry]) -> str:
    """The index as a script the worker loads with importScripts: that works over HTTP and from file://, where
    a worker may not fetch. JSON.parse of one string literal is the fastest way for a browser to read it."""
    data = json.dumps(index_data(entries), ensure_ascii=False, separators=(",", ":"))
    return f"self.__faq_search_index=JSON.parse({json.dumps(data, ensure_ascii=False)});\n"
