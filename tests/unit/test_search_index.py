"""The site's own search: the index the build computes (pages/search.py) and the worker that reads it
(docs/assets/javascripts/faq-search.js), run in Node against small indexes."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from faqsite.pages.search import Entry, index_data, index_script, page_entry, plain_text, sections, term_weights
from support import run_search_worker


def test_plain_text_keeps_words_and_drops_urls_tags_attributes_and_definitions() -> None:
    text = plain_text(textwrap.dedent("""\
        See [the overview](https://learn.microsoft.com/azure/overview) and ![a diagram](img/layers.svg).
        Use `Set-AzVMDiskEncryptionExtension` <span class="x">with</span> **care** { .note }

        !!! warning "Retired in 2028"

            Plan ahead.

        *[ADE]: Azure Disk Encryption
        [ref]: https://example.test/
        """))
    assert text == ("See the overview and a diagram. Use Set-AzVMDiskEncryptionExtension with care "
                    "Retired in 2028 Plan ahead.")


def test_sections_follow_the_table_of_contents_anchors_and_skip_excluded_headings() -> None:
    found = sections(textwrap.dedent("""\
        # Title

        Intro.

        ## Which key protects what?

        Keys.

        ## Which key protects what?

        Again.

        ## Sources and review { data-search-exclude }

        Not searched.

        ### Chosen name { #own-anchor }

        Named.
        """))
    assert found == [("which-key-protects-what", "Which key protects what?", "Keys."),
                     ("which-key-protects-what_1", "Which key protects what?", "Again."),
                     ("own-anchor", "Chosen name", "Named.")]


def test_an_id_and_keywords_weigh_more_than_words_in_the_body() -> None:
    entry = Entry("a/", "A title", "Short", {"id": "ENC-001 ENC001", "keywords": "BYOK", "title": "A title",
                                              "body": "byok byok byok and the key"})
    weights = term_weights(entry)
    assert weights["enc001"] == 120 and weights["title"] == 25
    assert weights["byok"] == pytest.approx(40 + 1 + 1.0986, abs=1e-3)  # keyword once + body 1 + ln 3
    assert "the" not in weights and "and" not in weights  # stop words are not indexed


def test_index_terms_are_sorted_with_postings_of_document_and_weight() -> None:
    data = index_data([Entry("a/", "Alpha", "s", {"title": "zulu alpha"}),
                       Entry("b/", "Beta", "s", {"body": "alpha"}, (("x", "X"),)),
                       Entry("c/", "Gamma", "s", {"body": "other"}),
                       Entry("d/", "Delta", "s", {"body": "alpha alpha"})])
    assert data["terms"] == ["alpha", "other", "zulu"]
    # (page, weight x 10) pairs, each page number as the gap since the previous one: pages 0, 1 and 3
    assert data["postings"][0] == [0, 250, 1, 10, 2, 17]
    assert data["postings"][1:] == [[2, 10], [0, 250]]
    assert data["docs"][:2] == [["a/", "Alpha", "s", []], ["b/", "Beta", "s", [["x", "X"]]]]


def test_the_index_script_parses_back_to_the_data_even_with_quotes_and_markup() -> None:
    entries = [page_entry("x/", 'He said "<script>" \\ here', "Body with </script> and \u2028 too.")]
    script = index_script(entries)
    literal = script.removeprefix("self.__faq_search_index=JSON.parse(").removesuffix(");\n")
    assert json.loads(json.loads(literal)) == index_data(entries)


def run_worker(entries: list[Entry], queries: list[str], tmp_path: Path) -> list[dict]:
    """Each query's result, as the worker would post it to Material (Node stands in for the browser)."""
    (tmp_path / "index.js").write_text(index_script(entries), encoding="utf-8")
    return run_search_worker(tmp_path / "index.js", queries)


ENTRIES = [
    Entry("disk-encryption/own-keys/", "ENC-003: Can we bring our own keys?", "Short answer: Yes, with a DES.",
          {"id": "ENC-003 ENC003", "keywords": "BYOK", "title": "Can we bring our own keys?",
           "body": "Customer-managed keys live in Key Vault. Rotating them is covered below."},
          (("rotation", "Rotation of keys"),)),
    Entry("disk-encryption/key-rotation/", "ENC-010: How are keys rotated?", "Short answer: Automatically.",
          {"id": "ENC-010 ENC010", "keywords": "", "title": "How are keys rotated?",
           "body": "Automatic key rotation of customer-managed keys."}),
    Entry("x/", "<b>Bold</b> & co", "Uses <script>alert(1)</script>", {"title": "<b>Bold</b> & co"}),
]


def test_the_worker_ranks_an_id_or_a_keyword_first(tmp_path: Path) -> None:
    by_id, by_keyword, by_title = run_worker(ENTRIES, ["ENC003", "byok", "rotation"], tmp_path)
    assert [item[0]["location"] for item in by_id["items"]] == ["disk-encryption/own-keys/"]
    assert by_keyword["items"][0][0]["location"] == "disk-encryption/own-keys/"
    # "rotation" is in one title's stem (rotated) and one body: the title wins
    assert by_title["items"][0][0]["location"] == "disk-encryption/key-rotation/"


def test_the_worker_answers_in_materials_format_with_sections_terms_and_a_suggestion(tmp_path: Path) -> None:
    (result,) = run_worker(ENTRIES, ["rotat"], tmp_path)
    first = result["items"][1]  # own-keys: a body match, and its section "Rotation of keys"
    article, section = first
    assert article["location"] == "disk-encryption/own-keys/"
    assert article["text"] == "<p>Short answer: Yes, with a DES.</p>" and article["terms"] == {"rotat": True}
    assert section["location"] == "disk-encryption/own-keys/#rotation"
    assert section["title"] == "<mark>Rotation</mark> of keys" and section["score"] < article["score"]
    assert result["suggest"] == ["rotating"] or result["suggest"] == ["rotation"] or result["suggest"] == ["rotated"]


def test_the_worker_marks_missing_words_and_puts_pages_with_every_word_first(tmp_path: Path) -> None:
    (result,) = run_worker(ENTRIES, ["automatic key"], tmp_path)
    ranked = [(item[0]["location"], item[0]["terms"]) for item in result["items"]]
    assert ranked == [("disk-encryption/key-rotation/", {"automatic": True, "key": True}),
                      ("disk-encryption/own-keys/", {"automatic": False, "key": True})]


def test_the_worker_shows_titles_and_snippets_as_text(tmp_path: Path) -> None:
    (result,) = run_worker(ENTRIES, ["bold"], tmp_path)
    article = result["items"][0][0]
    assert article["title"] == "&lt;b&gt;<mark>Bold</mark>&lt;/b&gt; &amp; co"
    assert article["text"] == "<p>Uses &lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_a_query_of_stop_words_or_nothing_finds_nothing_rather_than_failing(tmp_path: Path) -> None:
    empty, stops, punctuation = run_worker(ENTRIES, ["", "and", "-- ::"], tmp_path)
    assert empty == {"items": []} and punctuation == {"items": []}
    assert stops["items"] == []
