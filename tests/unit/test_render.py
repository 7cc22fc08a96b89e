"""Text from front matter and data/ is always shown as text: md_text, html_text and the citation formats."""
from __future__ import annotations

import datetime
import re
from types import SimpleNamespace

import markdown
import pytest
from bs4 import BeautifulSoup
from faqsite.load.matrix import Cell, Matrix, Option, Property
from faqsite.model import Question
from faqsite.pages import compare
from faqsite.pages.question import citation_formats
from faqsite.text import html_text, md_text
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

# The Markdown extensions of mkdocs.yml that act on inline text and tables.
EXTENSIONS = ["abbr", "attr_list", "md_in_html", "tables", "pymdownx.escapeall"]
EXTENSION_CONFIGS = {"pymdownx.escapeall": {"hardbreak": False, "nbsp": False}}

TRICKY = [
    "<script>alert(1)</script>", "<b>bold</b>", "<!-- comment -->", '"', "'", "`", "``code``", "|", "[", "]",
    "(", ")", "*", "**", "_", "__", "#", "# ", "[a](b)", "![img](x.png)", "[ref]: https://x.test", "&amp;",
    "&lt;", "&#60;", "&", "<", ">", "\\", "\\*", "{: .cls }", "{ #id }", "*[SSE]: Server-side", "<https://x.test>",
    "https://example.com/a_b_c", "~~", "==", "^", "1. ", "- ", "+ ", "> ", "---", "===", "    ", "\n", "\t",
    "Größe", "暗号化", "مفتاح", "🔐", "café", "\u00a0", "e\u0301", "ENC-001", "${x}", "%", "@user",
    ":smile:",
]
# Printable text. Control characters are left out: Python-Markdown drops \x02/\x03 (its own placeholders)
# from any source, so they could not round-trip, and surrogates cannot be encoded.
PLAIN = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)
MIXED = st.lists(st.one_of(st.sampled_from(TRICKY), PLAIN), max_size=10).map("".join)
LONG = st.builds(lambda piece, times: piece * times, MIXED.filter(lambda t: len(t) >= 3), st.integers(10, 40))
SHORT = st.one_of(MIXED, PLAIN)
TEXT = st.one_of(MIXED, PLAIN, LONG)
WORDS = SHORT.filter(lambda t: bool(t.split()))  # what validation accepts where a value is required
EXAMPLES = settings(max_examples=200, deadline=None, database=None)
FEWER = settings(max_examples=100, deadline=None, database=None)


def folded(text: str) -> str:
    return " ".join(text.split())


_MARKDOWN = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


def to_html(source: str) -> str:
    return _MARKDOWN.reset().convert(source)


def tag_names(soup: BeautifulSoup) -> set[str]:
    return {element.name for element in soup.find_all(True)}


# ---------------------------------------------------------------- md_text

@pytest.mark.parametrize("text", TRICKY + ["<script>alert(1)</script> | `x` [a](b) *em* _em_ # &amp; Größe"])
def test_md_text_shows_each_tricky_piece_as_text(text: str) -> None:
    soup = BeautifulSoup(to_html(md_text(text)), "html.parser")
    assert soup.get_text() == folded(text)
    assert tag_names(soup) <= {"p"}


@EXAMPLES
@given(TEXT)
def test_md_text_renders_as_the_original_text_and_no_element(text: str) -> None:
    soup = BeautifulSoup(to_html(md_text(text)), "html.parser")
    assert folded(soup.get_text()) == folded(text)
    assert tag_names(soup) <= {"p"}
    assert len(soup.find_all("p")) <= 1


def test_md_text_folds_line_breaks() -> None:
    assert md_text("one\ntwo\r\n\n  three\t") == "one two three"


@EXAMPLES
@given(st.lists(SHORT, min_size=1, max_size=5))
def test_table_row_of_md_text_cells_keeps_its_columns(cells: list[str]) -> None:
    source = "\n".join([
        "| " + " | ".join(md_text(f"head {n}") for n in range(len(cells))) + " |",
        "|" + " --- |" * len(cells),
        "| " + " | ".join(md_text(cell) for cell in cells) + " |",
    ])
    soup = BeautifulSoup(to_html(source), "html.parser")
    rows = soup.select("table tbody tr")
    assert len(soup.find_all("table")) == 1 and len(rows) == 1
    tds = rows[0].find_all("td")
    assert len(tds) == len(cells)
    assert [folded(td.get_text()) for td in tds] == [folded(cell) for cell in cells]
    assert all(not td.find(True) for td in tds)


def question(title: str = "Is it encrypted?", qid: str = "ENC-001", path: str = "disk-encryption/one.md") -> Question:
    return Question(id=qid, title=title, summary="Yes.", tags=["sse"], theme="keys", sources=[],
                    reviewed=datetime.date(2026, 11, 1), since_2020="unchanged", path=path, topic="disk-encryption")


def front_matter_removed(page: str) -> str:
    assert page.startswith("---\n")
    return page.split("\n---\n", 1)[1]


# No shrinking: a whole page shrinks for minutes; test_table_row_of_md_text_cells_keeps_its_columns finds the
# smallest failing cell text.
@settings(max_examples=40, deadline=None, database=None, phases=[Phase.explicit, Phase.generate])
@given(options=st.lists(st.tuples(WORDS, WORDS), min_size=1, max_size=4),
       rows=st.lists(st.tuples(WORDS, st.lists(st.tuples(WORDS, WORDS), min_size=4, max_size=4)), min_size=1,
                     max_size=3))
def test_matrix_page_table_keeps_its_columns(options, rows) -> None:
    opts = [Option(f"opt{n}", label, short) for n, (label, short) in enumerate(options)]
    props = [Property(f"prop{n}", label,
                      {o.slug: Cell(value, note, ("ENC-001",)) for o, (value, note) in zip(opts, cells)})
             for n, (label, cells) in enumerate(rows)]
    content = SimpleNamespace(by_id={"ENC-001": question()})
    page = compare.matrix_page(content, Matrix(opts, props, []))
    soup = BeautifulSoup(to_html(front_matter_removed(page)), "html.parser")
    table = soup.find("table")
    assert [folded(th.get_text()) for th in table.select("thead th")] == ["Property"] + [folded(o.short) for o in opts]
    body_rows = table.select("tbody tr")
    assert len(body_rows) == len(props)
    for tr, prop in zip(body_rows, props):
        tds = tr.find_all("td")
        assert len(tds) == 1 + len(opts)
        assert folded(tds[0].get_text()) == folded(prop.label)
        assert tds[0].a["href"] == f"#{prop.slug}"
        for td, option in zip(tds[1:], opts):
            cell = prop.cells[option.slug]
            assert folded(td.strong.get_text()) == folded(cell.verdict)
            assert tag_names(td) == {"strong", "br", "a"}
            assert [a["href"] for a in td.find_all("a")] == ["disk-encryption/one.md"]
            assert folded(td.get_text(" ")) == folded(
                f"{cell.verdict} {cell.note} ENC-001")


# ---------------------------------------------------------------- html_text

@FEWER
@given(TEXT)
def test_html_text_is_safe_in_attributes_and_elements(text: str) -> None:
    escaped = html_text(text)
    assert not set(escaped) & set("<>\"'")
    for quote in ('"', "'"):
        soup = BeautifulSoup(f"<span title={quote}{escaped}{quote} data-x={quote}{escaped}{quote}>{escaped}</span>",
                             "html.parser")
        assert tag_names(soup) == {"span"}
        span = soup.span
        assert span["title"] == span["data-x"] == folded(text)
        assert span.get_text() == folded(text)


@FEWER
@given(TEXT)
def test_html_text_in_a_raw_html_block_of_a_page(text: str) -> None:
    raw = f'<p class="faq-terms" title="{html_text(text)}">Also searched as: {html_text(text)}</p>'
    source = f"Before.\n\n{raw}\n\nAfter."
    soup = BeautifulSoup(to_html(source), "html.parser")
    block = soup.find("p", class_="faq-terms")
    assert block is not None and not block.find(True)
    assert block["title"] == folded(text)
    assert block.get_text() == f"Also searched as: {folded(text)}"
    assert tag_names(soup) == {"p"}


def test_html_text_escapes_every_special_character() -> None:
    assert html_text('<a href="x">\'&\'</a>') == "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;"


# ---------------------------------------------------------------- citations

URL = "https://faq.example.test/disk-encryption/one/"
SHORT = "https://faq.example.test/q/ENC-001/"
VERSION = "https://faq.example.test/q/ENC-001/2026-11-01/"
TAIL = f" (reviewed 2026-11-01, version {VERSION}, site revision ab12cd34ef56)"


def test_citation_formats_plain_case() -> None:
    formats = citation_formats(question(), URL, "ab12cd34ef56")
    assert formats == {
        "text": f"ENC-001: Is it encrypted? {SHORT}{TAIL}",
        "markdown": f"[ENC-001: Is it encrypted?]({SHORT}) (reviewed 2026-11-01, [version of 2026-11-01]({VERSION}), "
                    "site revision ab12cd34ef56)",
        "jira": f"[ENC-001: Is it encrypted?|{SHORT}] (reviewed 2026-11-01, [version of 2026-11-01|{VERSION}], "
                "site revision ab12cd34ef56)",
    }


def test_citation_without_a_revision_leaves_it_out() -> None:
    assert citation_formats(question(), URL)["text"] == f"ENC-001: Is it encrypted? {SHORT} (reviewed 2026-11-01, " \
        f"version {VERSION})"


def test_citation_formats_escape_brackets_and_jira_specials() -> None:
    formats = citation_formats(question("Is [ADE] {legacy} | retired?"), URL, "ab12cd34ef56")
    assert formats["text"] == f"ENC-001: Is [ADE] {{legacy}} | retired? {SHORT}{TAIL}"
    assert formats["markdown"].startswith(f"[ENC-001: Is \\[ADE\\] {{legacy}} | retired?]({SHORT}) (reviewed ")
    assert formats["jira"].startswith(f"[ENC-001: Is \\[ADE\\] \\{{legacy\\}} \\| retired?|{SHORT}] (reviewed ")


TITLE = st.lists(st.one_of(st.sampled_from(["[", "]", "|", "{", "}", "(", ")", "\\", "[a](b)", " "]),
                           st.text(alphabet=st.characters(whitelist_categories=("L", "N")), max_size=8)),
                 max_size=10).map(lambda parts: "".join(parts) + "?")
MARKDOWN_TAIL = " (reviewed 2026-11-01, version of 2026-11-01)"
JIRA_TAIL = f"|{SHORT}] (reviewed 2026-11-01, [version of 2026-11-01|{VERSION}])"


@FEWER
@given(TITLE)
def test_markdown_citation_links_the_title_and_the_version(title: str) -> None:
    markdown_citation = citation_formats(question(title), URL)["markdown"]
    soup = BeautifulSoup(markdown.markdown(markdown_citation), "html.parser")
    links = soup.find_all("a")
    assert [a["href"] for a in links] == [SHORT, VERSION]
    assert links[0].get_text() == f"ENC-001: {title}"
    assert soup.get_text().endswith(MARKDOWN_TAIL)


def unescaped(text: str, chars: str) -> list[str]:
    """The characters of `chars` in text that no backslash escapes."""
    return [char for char in re.sub(r"\\[\[\]|{}]", "", text) if char in chars]


@FEWER
@given(TITLE.filter(lambda t: "\\" not in t))
def test_jira_citation_has_exactly_one_link_syntax(title: str) -> None:
    jira = citation_formats(question(title), URL)["jira"]
    assert jira.startswith("[") and jira.endswith(JIRA_TAIL)
    inner = jira[1: -len(JIRA_TAIL)]
    assert unescaped(inner, "[]|{}") == []
    assert re.sub(r"\\([\[\]|{}])", r"\1", inner) == f"ENC-001: {title}"
