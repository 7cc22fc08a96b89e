"""Helpers the pages share: relative links, dates, labels and the search-exclusion marker.

Pages are emitted as Markdown wherever they link, so MkDocs validates each link and anchor; the blocks every
question page carries are HTML instead (Python-Markdown passes them through at a fraction of the cost), so their
links are final URLs made and checked here (`Html`).
"""
from __future__ import annotations

import posixpath
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from markupsafe import Markup

from .. import paths
from ..model import Question
from ..text import html_text, long_date, md_text, render, trusted

__all__ = ["NOT_INDEXED", "SINCE_LABEL", "BrokenLink", "Html", "MissingBlock", "block", "fill_held", "hold_blocks",
           "html_text", "link", "long_date", "md_text", "page_href", "question_link", "render", "trusted"]

SINCE_LABEL = {"unchanged": "Unchanged since 2020", "corrected": "Corrected since 2020", "new": "New since 2020"}
# Material's search skips a section whose heading carries this attribute. The blocks every question page ends
# with (sources, citation, cross-links) would otherwise enter the index once per page and let a page rank for the
# titles of the questions it merely links to; the same holds for the lists of short answers on listing pages.
NOT_INDEXED = "{ data-search-exclude }"


# A block of HTML inside a generated page's Markdown is bracketed by these two comments (`block`). Authored values in
# blocks are escaped, so neither comment can come from content. `hold_blocks` takes the blocks out of the Markdown.
BLOCK_OPEN, BLOCK_CLOSE = "<!--faq:block-->", "<!--/faq:block-->"
_BLOCK = re.compile(re.escape(BLOCK_OPEN) + "(.*?)" + re.escape(BLOCK_CLOSE), re.S)


class MissingBlock(ValueError):
    """A held block's placeholder is not in the converted page exactly once."""


def block(html: str) -> Markup:
    """An HTML block of a generated page, marked so the build can hold it out of the Markdown conversion."""
    return Markup(f"{BLOCK_OPEN}{html}{BLOCK_CLOSE}")


# A held block's place: Python-Markdown passes an HTML comment through unchanged, with the block's line breaks.
_PLACEHOLDER = "<!--faq:held:{number}:{nonce}-->"


def placeholder(number: int, nonce: str) -> str:
    return _PLACEHOLDER.format(number=number, nonce=nonce)


def _placeholders(nonce: str) -> re.Pattern[str]:
    """Every placeholder of this build, its block's number captured."""
    return re.compile(re.escape(_PLACEHOLDER.format(number="\0", nonce=nonce)).replace("\0", r"(\d+)"))


def hold_blocks(markdown: str, held: list[str] | None, nonce: str) -> str:
    """The Markdown with each marked block in line (`held` None: what the pre-build writes) or replaced by a
    placeholder, the block appended to `held` (the MkDocs build, which puts it back with `fill_held`).

    A block's HTML never passes Python-Markdown either way; holding it out only saves the conversion the time of
    scanning it, which on a question page was more than its answer's own text cost. The nonce is the build's own,
    so no text an author writes can be taken for a placeholder.
    """
    if held is None:
        return _BLOCK.sub(lambda match: match.group(1), markdown)

    def hold(match: re.Match[str]) -> str:
        held.append(match.group(1))
        return placeholder(len(held) - 1, nonce)
    return _BLOCK.sub(hold, markdown)


def fill_held(html: str, held: list[str], nonce: str) -> str:
    """The converted page with each held block back at its placeholder: the HTML the block in line gives."""
    parts = _placeholders(nonce).split(html)
    numbers = [int(n) for n in parts[1::2]]
    if sorted(numbers) != list(range(len(held))):
        raise MissingBlock(f"{len(held)} generated blocks, {len(numbers)} found after the Markdown conversion")
    return "".join(part if i % 2 == 0 else held[int(part)] for i, part in enumerate(parts))


def link(from_page: str, to_page: str) -> str:
    """Relative link from one docs-relative Markdown path to another."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def question_link(from_page: str, q: Question) -> str:
    return f"[{md_text(f'{q.id}: {q.title}')}]({link(from_page, q.path)})"


class BrokenLink(ValueError):
    """A block written as HTML links to a page the build does not emit."""

    def __init__(self, from_page: str, to_page: str) -> None:
        self.from_page, self.to_page = from_page, to_page
        super().__init__(f"links to {to_page}, a page the build does not emit")


def _url_parts(url: str) -> list[str]:
    path = posixpath.normpath("/" + url)[1:]
    return path.split("/") if path else []


def page_href(from_page: str, to_page: str, directory_urls: bool = True) -> str:
    """The relative URL MkDocs would write for a Markdown link from one docs-relative page to another.

    Both URLs come from the one rule, paths.page_url; the relative form is MkDocs' own (utils.get_relative_url):
    'disk-encryption/a.md' -> 'tags/x.md' is '../../tags/x/' with directory URLs, '../tags/x.html' without.
    """
    url = urllib.parse.quote(paths.page_url(to_page, directory_urls) or "./")
    base = urllib.parse.quote(paths.page_url(from_page, directory_urls) or "./")
    folder, _, name = base.rpartition("/")
    base_parts, url_parts = _url_parts(folder if "." in name else base), _url_parts(url)
    common = 0
    for a, b in zip(base_parts, url_parts):
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(base_parts) - common) + url_parts[common:]) or "."
    return relative + "/" if url.endswith("/") else relative


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class Html:
    """What a block written as HTML needs: final, checked link targets and the glossary's abbreviations.

    `href` gives the URL MkDocs would have written for the Markdown link and raises BrokenLink for a target the
    build does not emit (`known`; None checks nothing, for a block made on its own). `text` escapes a value
    and marks the glossary terms in it with <abbr title>, as Python-Markdown's abbr does in Markdown text.
    """

    known: frozenset[str] | None = None
    directory_urls: bool = True
    terms: Mapping[str, str] = field(default_factory=dict)  # acronym -> expansion

    def href(self, from_page: str, to_page: str, anchor: str = "") -> str:
        if self.known is not None and to_page not in self.known:
            raise BrokenLink(from_page, to_page)
        return page_href(from_page, to_page, self.directory_urls) + (f"#{anchor}" if anchor else "")

    @cached_property
    def _terms(self) -> re.Pattern[str] | None:
        if not self.terms:
            return None
        # abbr reads md_text's output, where an escaped "_" is a placeholder, not a word character: a term next to
        # one is marked there, so it is here (\b would not match between "_" and a letter).
        alternatives = "|".join(map(re.escape, sorted(self.terms, key=len, reverse=True)))
        return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")

    def text(self, value: object) -> Markup:
        """Plain text (whitespace folded) as HTML, with each glossary term an <abbr title="expansion">."""
        text = " ".join(str(value).split())
        if self._terms is None:
            return Markup(_text(text))
        out, start = [], 0
        for match in self._terms.finditer(text):
            term = match.group(0)
            title = _attribute(self.terms[term])
            out += [_text(text[start:match.start()]), f'<abbr title="{title}">{_text(term)}</abbr>']
            start = match.end()
        return Markup("".join([*out, _text(text[start:])]))

    def question(self, from_page: str, q: Question) -> dict[str, object]:
        """The HTML counterpart of question_link: a link to an answer, labelled with its ID and title."""
        return {"href": self.href(from_page, q.path), "label": self.text(f"{q.id}: {q.title}")}
