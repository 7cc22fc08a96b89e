"""What the listing pages, the home page and the decision guide say, checked against the data files read here.

Each test takes its expectation from data/*.yml read here, from the loaded questions' own fields, or from a
literal, never from the code that writes the page: a page that drops, zeroes, swaps or reorders something fails.
`tools/mutants.py` keeps the one-line changes these tests are meant to catch (`make mutants`).
"""
from __future__ import annotations

import datetime
import posixpath
import re
import textwrap
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup

from faqsite.load.content import load
from faqsite.load.matrix import load_matrix
from faqsite.model import Problem
from faqsite.pages.compare import decision_guide_page
from faqsite.pages.listings import glossary_page, retired_page
from faqsite.pages.search import STOP_WORDS, words
from support import ROOT, indexed_words
from unit.fixture_project import make_project

QUESTION_LINK = re.compile(r"[A-Z]{3}-\d{3,4}: ")
SINCE = {"unchanged": "Unchanged since 2020", "corrected": "Corrected since 2020", "new": "New since 2020"}


def read(name: str) -> Any:
    return yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))


def text_of(element) -> str:
    """Visible text with white space folded and permalink marks dropped."""
    return " ".join(element.get_text().replace("¶", "").split())


def folded(text: str) -> str:
    return " ".join(str(text).split())


def resolve(page_url: str, href: str) -> str:
    """The site URL a relative link on a page leads to ('disk-encryption/x/')."""
    return posixpath.normpath(posixpath.join(page_url, href)) + "/"


# ---------------------------------------------------------------- tags

def test_tag_index_counts_the_questions_carrying_each_tag(pages, content) -> None:
    counted = {slug: 0 for slug in read("tags.yml")}
    for q in content.content.questions:
        for slug in q.tags:
            counted[slug] += 1
    shown: dict[str, int] = {}
    for row in pages("tags/").select("article table tbody tr"):
        cells = row.find_all("td")
        shown[cells[0].find("a")["href"].strip("/")] = int(text_of(cells[1]))
    assert shown == counted
    assert max(shown.values()) >= 10


def search_entries(site_dir: Path) -> dict[str, str]:
    """Page URL -> the words search finds the page by, lower-cased (the site's own index)."""
    return {url: " ".join(sorted(found)) for url, found in indexed_words(site_dir).items()}


def test_tag_synonyms_are_exposed_for_search(pages, site_dir, content) -> None:
    """Every keyword of a tag (data/tags.yml) is in the search entry of every question carrying the tag, or
    shown on the tag's own page ("Also searched as: ...").

    Both places are accepted: the build has moved the synonyms from the question pages to the tag pages
    (tests/html/test_question_page.py); dropping them from both is what this catches.
    """
    found = search_entries(site_dir)
    checked = 0
    for slug, tag in read("tags.yml").items():
        keywords = [folded(str(k)) for k in tag.get("keywords") or []]
        if not keywords:
            continue
        carrying = [q for q in content.content.questions if slug in q.tags]
        on_questions = bool(carrying) and all(set(words(k)) - STOP_WORDS <= set(found[q.url].split())
                                              for q in carrying for k in keywords)
        tag_page = text_of(pages(f"tags/{slug}/").select_one("article"))
        on_tag_page = f"Also searched as: {', '.join(keywords)}" in tag_page
        assert on_questions or on_tag_page, slug
        checked += 1
    assert checked >= 10


# ---------------------------------------------------------------- home and topics

def test_home_page_lists_the_featured_questions_in_order(pages, content) -> None:
    """data/site.yml's featured questions, one after the other, each linking to its page (wherever they sit)."""
    featured = read("site.yml")["featured"]
    links = [a for a in pages("index.html").select("article a[href]") if QUESTION_LINK.match(text_of(a))]
    shown = [text_of(a).split(":")[0] for a in links]
    starts = [i for i in range(len(shown)) if shown[i:i + len(featured)] == featured]
    assert starts, shown
    for a, qid in zip(links[starts[0]:], featured):
        assert resolve("", a["href"]) == content.content.by_id[qid].url
    assert len(featured) >= 5


def test_topic_pages_and_home_page_show_each_topics_description(pages) -> None:
    topics = read("topics.yml")
    home = text_of(pages("index.html").select_one("article"))
    for slug, topic in topics.items():
        description = folded(topic["description"])
        assert len(description) > 20, slug
        first = pages(f"{slug}/").select_one("article h1").find_next_sibling("p")
        assert text_of(first) == description, slug
        assert description in home, slug
    assert text_of(pages("disk-encryption/").select_one("article h1").find_next_sibling("p")).startswith(
        "Encrypting Azure virtual machines and their managed disks")


# ---------------------------------------------------------------- since 2020

def test_question_pages_label_what_changed_since_2020(pages, content) -> None:
    seen: set[str] = set()
    for q in content.content.questions:
        label = pages(q.url).select_one(".faq-meta .faq-since")
        assert text_of(label) == SINCE[q.since_2020], q.id
        seen.add(q.since_2020)
    assert seen == {"unchanged", "corrected", "new"}
    assert text_of(pages("disk-encryption/sse-vs-ade/").select_one(".faq-since")) == "Corrected since 2020"


def entry_text(heading) -> str:
    """The text after a heading, up to the next heading of its level or higher."""
    texts = []
    for sibling in heading.find_next_siblings():
        if sibling.name in {f"h{n}" for n in range(1, int(heading.name[1]) + 1)}:
            break
        texts.append(text_of(sibling))
    return " ".join(texts)


def test_all_questions_page_labels_what_changed_since_2020(pages, content) -> None:
    article = pages("all-questions/").select_one("article")
    for q in content.content.questions:
        text = entry_text(article.find(id=q.id.lower()))
        assert [label for label in SINCE.values() if label in text] == [SINCE[q.since_2020]], q.id


# ---------------------------------------------------------------- decision guide

# (requirement, option, what the guide shows): data/requirements.yml against data/comparison.yml.
KNOWN_VERDICTS = [
    ("temp-disk", "host", "Meets"),            # temp disk encrypted: yes
    ("temp-disk", "sse-pmk", "Does not meet"),  # no
    ("own-keys", "sse-cmk", "Meets"),          # keys under the customer's control: yes
    ("own-keys", "sse-pmk", "Does not meet"),  # no
    ("no-cpu", "host", "Meets"),               # uses the VM's CPU: no, and "no" is what the requirement accepts
    ("no-cpu", "ade", "Does not meet"),        # yes
    ("future", "host", "Meets"),               # supported after September 2028: yes
    ("future", "ade", "Does not meet"),        # no
]


def guide_verdicts(pages) -> dict[tuple[str, str], str]:
    spans = pages("decision-guide/").select("span.faq-verdict")
    return {(s["data-req"], s["data-option"]): text_of(s) for s in spans}


@pytest.mark.parametrize("requirement, option, shown", KNOWN_VERDICTS)
def test_decision_guide_verdict_of_a_known_cell(pages, requirement: str, option: str, shown: str) -> None:
    assert guide_verdicts(pages)[(requirement, option)] == shown


def test_decision_guide_follows_its_rule_in_every_cell(pages) -> None:
    """Met where the cell's value is accepted and has no condition; 'Only with conditions' where it has one."""
    properties = read("comparison.yml")["properties"]
    verdicts = guide_verdicts(pages)
    requirements = read("requirements.yml")
    for slug, req in requirements.items():
        for option, cell in properties[req["property"]]["cells"].items():
            value = cell["value"] if not isinstance(cell["value"], bool) else ("yes" if cell["value"] else "no")
            accepted = value.lower() in req["accept"]
            expected = ("Only with conditions" if cell.get("condition") else "Meets") if accepted else "Does not meet"
            assert verdicts[(slug, option)] == expected, (slug, option)
    assert len(verdicts) == len(requirements) * 5


# ---------------------------------------------------------------- from a fixture: retired IDs and the glossary

def fixture_loaded(tmp_path: Path, glossary: str = "", retired: str = "{}", comparison: str = ""):
    root = make_project(tmp_path, retired=retired)
    for name, text in (("glossary.yml", glossary), ("comparison.yml", comparison)):
        if text:
            (root / "data" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    loaded = load(root / "docs", root / "data", datetime.date(2026, 12, 1))
    assert loaded.problems == []
    return loaded


def fixture_content(tmp_path: Path, glossary: str = "", retired: str = "{}"):
    return fixture_loaded(tmp_path, glossary, retired).content


def to_html(source: str) -> BeautifulSoup:
    """Markdown to HTML with the extensions of mkdocs.yml that these pages use."""
    html = markdown.markdown(source, extensions=["attr_list", "tables", "toc", "pymdownx.escapeall"],
                             extension_configs={"pymdownx.escapeall": {"hardbreak": False, "nbsp": False}})
    return BeautifulSoup(html, "html.parser")


def test_retired_page_links_a_retired_id_to_its_successor(tmp_path: Path) -> None:
    content = fixture_content(tmp_path, retired="ENC-002: {reason: Merged into ENC-001., successor: ENC-001, "
                                                "retired: 2026-10-01}\n")
    soup = to_html(retired_page(content))
    heading = soup.find(id="enc-002")
    assert heading is not None and text_of(heading) == "ENC-002"
    paragraphs = [text_of(p) for p in heading.find_next_siblings("p")]
    assert paragraphs[0] == "Retired 1 October 2026. Merged into ENC-001."
    assert paragraphs[1] == "See instead: ENC-001: Is it encrypted?"
    assert heading.find_next("a")["href"] == "disk-encryption/one.md"


def test_retired_page_of_the_real_site_lists_every_retired_id(pages) -> None:
    retired = read("retired.yml") or {}
    article = pages("retired/").select_one("article")
    for qid, entry in retired.items():
        assert article.find(id=qid.lower()) is not None, qid
        if entry.get("successor"):
            assert f"See instead: {entry['successor']}:" in text_of(article)
    if not retired:
        assert "No ID has been retired so far." in text_of(article)


GLOSSARY_OUT_OF_ORDER = """
    TPM: {expansion: Trusted Platform Module, definition: A chip.}
    mTLS: {expansion: Mutual TLS, definition: Both sides show certificates.}
    ADE: {expansion: Azure Disk Encryption, definition: In the guest.}
    KEK: {expansion: Key encryption key, definition: Wraps keys.}
"""


def test_glossary_is_sorted_without_regard_to_case(tmp_path: Path) -> None:
    soup = to_html(glossary_page(fixture_content(tmp_path, glossary=GLOSSARY_OUT_OF_ORDER)))
    terms = [text_of(row.find("td")) for row in soup.select("tbody tr")]
    assert terms == ["ADE", "KEK", "mTLS", "TPM"]


def test_glossary_of_the_real_site_lists_every_term_alphabetically(pages) -> None:
    terms = [text_of(row.find("td")) for row in pages("glossary/").select("article table tbody tr")]
    assert sorted(terms) == sorted(read("glossary.yml")) and len(terms) >= 14
    assert terms == sorted(terms, key=str.lower)


# The fixture's comparison, with the ADE cell true only under a condition (data/requirements.yml: temp accepts yes).
CONDITIONAL_CELL = """
    options:
      sse: {label: Server-side encryption, short: SSE}
      ade: {label: Azure Disk Encryption, short: ADE}
    properties:
      temp-disk:
        label: Temp disk encrypted
        cells:
          sse: {value: "yes", note: Always., evidence: [ENC-001]}
          ade: {value: "yes", condition: the volume type is All, note: Inside the guest., evidence: [ENC-001]}
"""


def test_a_verdict_that_holds_only_under_a_condition_does_not_meet(tmp_path: Path) -> None:
    loaded = fixture_loaded(tmp_path, comparison=CONDITIONAL_CELL)
    problems: list[Problem] = []
    matrix = load_matrix(loaded.data["comparison"], loaded.data["requirements"], {"ENC-001"}, problems)
    assert problems == []
    spans = to_html(decision_guide_page(loaded.content, matrix)).select("span.faq-verdict")
    assert {s["data-option"]: text_of(s) for s in spans} == {"sse": "Meets", "ade": "Only with conditions"}
