"""A question ID finds its answer however it is retyped: in search (first result, with the short answer as its
snippet), in the home page's ID box, and as a short link in lower case that keeps its #fragment."""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from test_search import wait_for_search_index

pytestmark = pytest.mark.browser

ANSWER = "disk-encryption/encryption-at-host/"  # ENC-038
SECTION = "#which-key-protects-what"  # a section of that answer
ID_FORMS = ["ENC-038", "enc-038", "enc038", "ENC038", "Enc038", "ENC 038", "/q/enc-038/", "/q/ENC-038/", "ENC-38",
            "enc 38"]


def first_results(page: Page, query: str) -> tuple[list[str], str]:
    """Type `query` into Material's search; the paths of the results and the first one's snippet."""
    page.goto("./")
    page.click("input.md-search__input")
    wait_for_search_index(page)
    page.keyboard.type(query, delay=20)
    first = page.locator(".md-search-result__item").first.locator("a").first
    expect(first).to_have_attribute("href", f"{page.url}{ANSWER}?h=enc038", timeout=10_000)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")
    snippet = page.locator(".md-search-result__item").first.locator("article p").first.inner_text()
    return [h.removeprefix(page.url).split("?")[0] for h in hrefs], snippet


def test_every_page_names_the_id_prefixes_for_search(page: Page) -> None:
    for url in ("./", ANSWER, "decision-guide/"):
        page.goto(url)
        assert page.locator('meta[name="faq-id-prefixes"]').get_attribute("content") == "ENC MIG DOM ASP"


@pytest.mark.parametrize("query", ID_FORMS)
def test_an_id_in_any_form_finds_its_answer_first_with_the_short_answer_as_snippet(page: Page, query: str) -> None:
    hrefs, snippet = first_results(page, query)
    assert hrefs[0] == ANSWER
    assert page.input_value("input.md-search__input") == "ENC038"
    assert snippet.startswith("Short answer: It encrypts the temp disk")
    assert "Reviewed" not in snippet and "faq.example.test" not in snippet and "ENC-038" not in snippet


def test_words_that_look_like_ids_are_searched_as_typed(page: Page) -> None:
    page.goto("./")
    page.click("input.md-search__input")
    wait_for_search_index(page)
    page.keyboard.type("AES 256", delay=20)
    page.wait_for_timeout(800)  # longer than the pause after which a two-digit ID is rewritten
    assert page.input_value("input.md-search__input") == "AES 256"


def test_the_share_button_copies_the_search_for_the_id(page: Page) -> None:
    first_results(page, "enc-038")
    page.locator('[data-md-component="search-share"]').click()
    assert page.evaluate("navigator.clipboard.readText()") == page.url.split("?")[0] + "?q=ENC038"


@pytest.mark.parametrize("typed", ["ENC-038", "enc038", "ENC 38", " /q/enc-038/ "])
def test_the_home_page_id_box_opens_the_answer(page: Page, typed: str) -> None:
    page.goto("./")
    page.get_by_role("textbox", name="Question ID").fill(typed)
    page.get_by_role("button", name="Go to the answer").click()
    page.wait_for_url(f"**/{ANSWER}")
    assert page.locator(".faq-id").inner_text() == "ENC-038"


def test_the_id_box_explains_what_it_did_not_understand(page: Page) -> None:
    page.goto("./")
    page.get_by_role("textbox", name="Question ID").fill("encryption")
    page.get_by_role("textbox", name="Question ID").press("Enter")
    expect(page.locator(".faq-idbox__status")).to_contain_text("is not a question ID")
    assert page.url.endswith("/") and "all-questions" not in page.url


def test_without_javascript_the_id_box_opens_the_list_of_every_id(browser: Browser, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("./")
    assert "ENC-038" in page.locator(".faq-idbox__hint").inner_text()
    page.get_by_role("textbox", name="Question ID").fill("ENC-038")
    page.get_by_role("button", name="Go to the answer").click()
    page.wait_for_url(lambda url: url.endswith("/all-questions/?id=ENC-038"))
    assert page.locator("h3#enc-038").count() == 1
    context.close()


@pytest.mark.parametrize("link", ["q/enc-038/", "q/ENC-038/", "q/Enc-038/"])
def test_short_links_in_any_case_keep_the_fragment(page: Page, link: str) -> None:
    page.goto(link + SECTION)
    page.wait_for_url(f"**/{ANSWER}{SECTION}")


@pytest.fixture(scope="module")
def static_url(site_dir: Path) -> Iterator[str]:
    """The site on a plain static server (no redirects of its own): the stubs alone must do the work."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site_dir))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize("link", ["q/enc-038/", "q/ENC-038/"])
def test_short_link_stubs_keep_the_fragment_on_a_static_host(page: Page, static_url: str, link: str) -> None:
    page.goto(static_url + link + SECTION)
    page.wait_for_url(f"{static_url}{ANSWER}{SECTION}")


def test_without_javascript_a_stub_still_redirects(browser: Browser, static_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(static_url + "q/enc-038/")
    page.wait_for_url(f"{static_url}{ANSWER}")
    context.close()
