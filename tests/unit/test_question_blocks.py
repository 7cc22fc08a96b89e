"""The blocks of a question page, written as HTML: links are the URLs MkDocs would write and point only at pages
the build emits, text is escaped and its glossary terms marked as Python-Markdown's abbr marks them."""
from __future__ import annotations

import dataclasses
import datetime
import json
import posixpath
import re
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.structure.files import File

from faqsite import paths
from faqsite import site as generation
from faqsite.pages.markup import Html, page_href
from faqsite.pages.question import abbreviations
from faqsite.text import md_text
from unit.fixture_project import make_project, question

TODAY = datetime.date(2026, 12, 1)
# mkdocs.yml's Markdown extensions that act on these blocks.
EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details",
              "pymdownx.escapeall"]
CONFIGS = {"pymdownx.escapeall": {"hardbreak": False, "nbsp": False}}
HOSTILE = '<script>alert(1)</script> *em* [a](b) `c` & "q" \'s {: #x } SSE'


def to_html(text: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(text, extensions=EXTENSIONS, extension_configs=CONFIGS), "html.parser")


def project(tmp_path: Path, title: str = "Is it encrypted?") -> generation.Site:
    one = question("ENC-001", title=json.dumps(title), related="[ENC-002]")  # JSON: a quoted YAML string
    two = question("ENC-002", title="Which key?").replace("Body text.", "See [the first](one.md).")
    root = make_project(tmp_path / "p", questions={"one.md": one, "two.md": two})
    return generation.prepare(root / "docs", root / "data", "https://faq.example.test/", "FAQ", TODAY)


# ------------------------------------------------------------------ links

PAIRS = [("disk-encryption/one.md", "tags/sse.md"), ("disk-encryption/one.md", "disk-encryption/two.md"),
         ("disk-encryption/one.md", "comparison.md"), ("disk-encryption/one.md", "q/ENC-001/2026-11-01.md"),
         ("disk-encryption/one.md", "index.md"), ("disk-encryption/one.md", "disk-encryption/index.md"),
         ("disk-encryption/one.md", "disk-encryption/one.md"), ("index.md", "tags/sse.md"),
         ("disk-encryption/index.md", "index.md"), ("q/ENC-001/2026-11-01.md", "q/ENC-001/2025-01-02.md")]


def test_links_are_final_relative_urls() -> None:
    assert page_href("disk-encryption/one.md", "tags/sse.md") == "../../tags/sse/"
    assert page_href("disk-encryption/one.md", "disk-encryption/two.md") == "../two/"
    assert page_href("disk-encryption/one.md", "index.md") == "../../"
    assert page_href("index.md", "comparison.md") == "comparison/"
    assert page_href("disk-encryption/one.md", "tags/sse.md", directory_urls=False) == "../tags/sse.html"
    assert page_href("disk-encryption/one.md", "disk-encryption/index.md", directory_urls=False) == "index.html"


@pytest.mark.parametrize("directory_urls", [True, False])
def test_links_are_the_ones_mkdocs_writes_for_markdown_links(directory_urls: bool) -> None:
    def file(path: str) -> File:
        return File(path, "/docs", "/site", directory_urls)
    for from_page, to_page in PAIRS:
        expected = file(to_page).url_relative_to(file(from_page))
        assert page_href(from_page, to_page, directory_urls) == expected, (from_page, to_page)


def hrefs(decorated: str) -> list[str]:
    return [a["href"] for a in to_html(decorated).find_all("a")]


def test_every_link_a_question_page_gets_leads_to_a_page_the_build_emits(tmp_path: Path) -> None:
    site = project(tmp_path)
    page = "disk-encryption/one.md"
    emitted = {posixpath.normpath("/" + paths.page_url(p)) for p in site.page_paths}
    internal = [h for h in hrefs(generation.decorate(site, page, "Body text.\n")) if "://" not in h
                and not h.startswith(("mailto:", "#"))]
    assert len(internal) == 5  # the tag, the comparison row, the version, related and referenced by
    for href in internal:
        target = posixpath.normpath(posixpath.join("/" + paths.page_url(page), href.partition("#")[0]))
        assert target in emitted, href


def test_a_link_to_a_page_the_build_does_not_emit_stops_the_build(tmp_path: Path) -> None:
    site = project(tmp_path)
    broken = dataclasses.replace(site, page_paths=site.page_paths - {"tags/sse.md"})
    with pytest.raises(generation.ContentError) as error:
        generation.decorate(broken, "disk-encryption/one.md", "Body text.\n")
    assert [str(p) for p in error.value.problems] == [
        "docs/disk-encryption/one.md: (generated links): links to tags/sse.md, a page the build does not emit"]
    gone = dataclasses.replace(site, page_paths=site.page_paths - {"disk-encryption/two.md"})
    with pytest.raises(generation.ContentError, match="links to disk-encryption/two.md"):
        generation.decorate(gone, "disk-encryption/one.md", "Body text.\n")


def test_without_directory_urls_the_links_name_the_html_files(tmp_path: Path) -> None:
    site = dataclasses.replace(project(tmp_path), directory_urls=False)
    links = hrefs(generation.decorate(site, "disk-encryption/one.md", "Body text.\n"))
    assert "../tags/sse.html" in links and "two.html" in links and "../comparison.html#temp-disk" in links
    assert "../q/ENC-001/2026-11-01.html" in links


# ------------------------------------------------------------------ the page as readers get it

def test_the_blocks_keep_their_headings_ids_and_the_collapsed_back_links(tmp_path: Path) -> None:
    site = project(tmp_path)
    soup = to_html(generation.decorate(site, "disk-encryption/one.md", "Body text.\n"))
    headings = [(h.name, h.get("id"), h.has_attr("data-search-exclude")) for h in soup.find_all(["h2", "h3"])]
    assert headings == [("h2", "sources-and-review", True), ("h2", "cite-this-answer", True),
                        ("h3", "versions-of-this-answer", True), ("h2", "used-in-the-comparison", True),
                        ("h2", "related-questions", True), ("h2", "referenced-by", True)]
    details = soup.select_one("details.note")
    assert details.summary.get_text() == "1 answer link to this one"
    assert [a.get_text() for a in details.select("ul > li > a")] == ["ENC-002: Which key?"]
    assert [a.get_text() for a in soup.select("#related-questions + ul a")] == ["ENC-002: Which key?"]
    assert soup.select_one(".faq-provenance ol li a")["href"].startswith("https://learn.microsoft.com/")
    assert soup.select_one(".admonition.info .admonition-title").get_text() == "What the 2020 post got wrong"
    assert soup.select_one(".faq-answer p").get_text() == "Short answer: Yes. Always."
    rows = soup.select("#used-in-the-comparison + ul li")
    assert [r.get_text() for r in rows] == ["Temp disk encrypted"]
    assert rows[0].a["href"] == "../../comparison/#temp-disk"


def test_author_text_in_the_blocks_stays_text(tmp_path: Path) -> None:
    """A hostile title, shown in its own page's header and in the HTML blocks of the page that links to it."""
    site = project(tmp_path, title=HOSTILE + "?")
    for page in ("disk-encryption/one.md", "disk-encryption/two.md"):
        soup = to_html(generation.decorate(site, page, "Body text.\n"))
        assert soup.find("script") is None and soup.find(id="x") is None
        assert [c.get_text() for c in soup.find_all("code") if "faq-cite__text" not in c.parent["class"]] == []
        assert [e.get_text() for e in soup.find_all("em") if "em" in e.get_text()] == []
    h1 = to_html(generation.decorate(site, "disk-encryption/one.md", "Body text.\n")).find("h1").get_text()
    assert h1.startswith(HOSTILE)
    two = to_html(generation.decorate(site, "disk-encryption/two.md", "Body text.\n"))
    assert two.select_one("#related-questions + ul a").get_text() == f"ENC-001: {HOSTILE}?"
    assert two.select_one("#related-questions + ul abbr")["title"] == "Server-side encryption"


# ------------------------------------------------------------------ abbreviations

def test_text_is_escaped_and_its_terms_marked() -> None:
    html = Html(terms={"TPM": 'Trusted <Platform> "Module"', "SSE": "Server-side encryption"})
    assert str(html.text("A TPM & <b>x</b>, TPMs xTPM SSE-TPM")) == (
        'A <abbr title="Trusted &lt;Platform&gt; &quot;Module&quot;">TPM</abbr> &amp; &lt;b&gt;x&lt;/b&gt;, TPMs '
        'xTPM <abbr title="Server-side encryption">SSE</abbr>-<abbr title="Trusted &lt;Platform&gt; '
        '&quot;Module&quot;">TPM</abbr>')
    assert str(Html().text("  a\n b <c> ")) == "a b &lt;c&gt;"


def test_a_page_gets_only_the_definitions_of_the_terms_it_uses(tmp_path: Path) -> None:
    site = project(tmp_path)
    assert abbreviations(site.content, "Only SSE here.") == "\n*[SSE]: Server-side encryption\n"
    assert abbreviations(site.content, "No term here.") == ""
    assert abbreviations(site.content) == "\n*[SSE]: Server-side encryption\n"  # without a page: every term


TERMS = {"SSE": "Server-side encryption", "TPM": "Trusted Platform Module", "HSM": "Hardware security module"}
PIECES = st.sampled_from([*TERMS, "SSEs", "xTPM", "_", "-", " ", "<", ">", "&", "&amp;", '"', "'", "*", "`", "[",
                          "]", "(", ")", "é", "暗号", "1", "\\", "#", "!", "{", "}", ":", "/", "."])
# Printable text: Python-Markdown drops the control characters \x02 and \x03 (its placeholders) from any source.
PLAIN = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=6)


@settings(max_examples=150, deadline=None, database=None)
@given(st.lists(st.one_of(PIECES, PLAIN), max_size=12).map("".join))
def test_terms_are_marked_where_python_markdown_would_mark_them(text: str) -> None:
    """Html.text gives the text and the <abbr> of the Markdown it replaces (md_text and abbr definitions)."""
    definitions = "\n".join(f"*[{t}]: {e}" for t, e in TERMS.items())
    expected = to_html(f"<p>x</p>\n\n{md_text(text)}\n\n{definitions}\n")
    got = BeautifulSoup(f"<p>x</p><p>{Html(terms=TERMS).text(text)}</p>", "html.parser")
    if not " ".join(text.split()):
        return
    assert [p.get_text() for p in got.find_all("p")] == [p.get_text() for p in expected.find_all("p")]
    assert ([(a.get_text(), a["title"]) for a in got.find_all("abbr")]
            == [(a.get_text(), a["title"]) for a in expected.find_all("abbr")])


# ------------------------------------------------------------------ blocks held out of the Markdown conversion

def converted(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs=CONFIGS)


@pytest.mark.parametrize("body", ["Body text.\n", "## A section\n\nText with SSE and a [link](two.md).\n\n- a\n- b\n"])
def test_held_blocks_put_back_after_the_conversion_give_the_html_of_the_blocks_in_line(tmp_path: Path,
                                                                                        body: str) -> None:
    site = project(tmp_path)
    held: list[str] = []
    without_blocks = generation.decorate(site, "disk-encryption/one.md", body, held)
    assert len(held) == 7 and "<div" not in without_blocks and "faq-provenance" not in without_blocks
    filled = generation.fill_blocks(site, "disk-encryption/one.md", converted(without_blocks), held)
    assert filled == converted(generation.decorate(site, "disk-encryption/one.md", body))
    assert "faq:block" not in filled and "faq:held" not in filled


def test_a_placeholder_an_author_writes_is_left_alone(tmp_path: Path) -> None:
    site = project(tmp_path)
    body = "Before.\n\n<!--faq:held:0:0000000000000000-->\n\n<!--faq:block--><b>x</b><!--/faq:block-->\n"
    held: list[str] = []
    filled = generation.fill_blocks(site, "disk-encryption/one.md",
                                    converted(generation.decorate(site, "disk-encryption/one.md", body, held)), held)
    assert "<!--faq:held:0:0000000000000000-->" in filled  # not the build's nonce: not a placeholder
    # The author's body is never searched for blocks: the page is what the blocks in line give, up to where
    # Python-Markdown puts a comment that has text after it on its line (it moves it to the next raw HTML block).
    inline = converted(generation.decorate(site, "disk-encryption/one.md", body))
    assert re.sub(r"<!--.*?-->\n?", "", filled).strip() == re.sub(r"<!--.*?-->\n?", "", inline).strip()
    assert filled.count('class="faq-provenance"') == 1


def test_a_block_lost_in_the_conversion_stops_the_build_naming_the_page(tmp_path: Path) -> None:
    site = project(tmp_path)
    held: list[str] = []
    html = converted(generation.decorate(site, "disk-encryption/one.md", "Body text.\n", held))
    lost = html.replace(f"<!--faq:held:3:{site.nonce}-->", "")
    with pytest.raises(generation.ContentError) as error:
        generation.fill_blocks(site, "disk-encryption/one.md", lost, held)
    assert str(error.value.problems[0]).startswith("docs/disk-encryption/one.md")
    assert "7 generated blocks, 6 found after the Markdown conversion" in str(error.value)


# ------------------------------------------------------------------ the address of the current version

@pytest.mark.parametrize(("directory_urls", "file", "target", "script"), [
    (True, "q/ENC-001/2026-11-01/index.html", "../../../disk-encryption/one/", "../../../assets/javascripts/redirect.js"),
    (False, "q/ENC-001/2026-11-01.html", "../../disk-encryption/one.html", "../../assets/javascripts/redirect.js"),
])
def test_the_current_version_is_a_stub_to_the_answer_in_both_url_styles(tmp_path: Path, directory_urls: bool,
                                                                           file: str, target: str,
                                                                           script: str) -> None:
    site = dataclasses.replace(project(tmp_path), directory_urls=directory_urls)
    published = generation.published_files(site, directory_urls)
    stub = BeautifulSoup(published[file], "html.parser")
    assert stub.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"
    assert stub.find("script")["src"] == script and stub.find("script")["data-target"] == target
    assert stub.find("link", rel="canonical")["href"] == "https://faq.example.test/disk-encryption/one/"
    assert stub.find("meta", attrs={"name": "faq-redirect"})["content"] == "current-version"
    assert stub.title.get_text() == 'ENC-001 as reviewed on 2026-11-01: Is it encrypted?'
    assert "q/ENC-001/2026-11-01.md" not in generation.pages(site)  # no second copy of the answer is rendered
