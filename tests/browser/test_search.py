"""Reviewers' own words find the right answer: each query puts the expected page in the top three results."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from support import acceptable, reviewer_queries

pytestmark = pytest.mark.browser

# query -> acceptable pages among the first three results: site paths, or "tag:<slug>" for any page with that tag
QUERIES = reviewer_queries()


def wait_for_search_index(page: Page) -> None:
    """Material's worker loads the index after the page; a query typed before that can be lost."""
    expect(page.locator(".md-search-result__meta")).not_to_contain_text("Initializing", timeout=10_000)


def search(page: Page, query: str) -> list[str]:
    """Type into Material's search box; return the site paths of the first three results."""
    page.goto("./")
    page.click("input.md-search__input")
    wait_for_search_index(page)
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    return [link.lstrip("/") for link in settled_results(page)]


def top_results(page: Page) -> list[str]:
    return page.eval_on_selector_all(".md-search-result__item > a.md-search-result__link",
                                     "els => els.slice(0, 3).map(a => new URL(a.href).pathname)")


def settled_results(page: Page) -> list[str]:
    """The first three results once they stop changing: each keystroke's query answers in turn."""
    seen = [top_results(page)]
    for _ in range(100):
        page.wait_for_timeout(100)
        seen.append(top_results(page))
        if len(seen) >= 4 and seen[-1] == seen[-2] == seen[-3] == seen[-4]:
            return seen[-1]
    raise AssertionError(f"search results kept changing: {seen[-4:]}")


def result_count(page: Page) -> str:
    return page.locator(".md-search-result__meta").inner_text()


def test_search_answers_from_the_first_letter(page: Page) -> None:
    """The site's worker caps and ranks what one letter matches, so nothing is held back until a second letter."""
    page.goto("./")
    page.click("input.md-search__input")
    wait_for_search_index(page)
    idle = result_count(page)
    page.keyboard.type("B")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    one_letter = result_count(page)
    assert one_letter != idle
    page.keyboard.type("YOK")
    expect(page.locator(".md-search-result__meta")).not_to_have_text(one_letter)
    byok = settled_results(page)
    assert byok[0] == "/disk-encryption/own-keys/"
    count = result_count(page)
    page.keyboard.type(" k")  # a new one-letter word is searched too: more pages match, the BYOK answer stays first
    expect(page.locator(".md-search-result__meta")).not_to_have_text(count)
    assert settled_results(page)[0] == "/disk-encryption/own-keys/"
    for _ in "OK k":
        page.keyboard.press("Backspace")
    assert page.locator("input.md-search__input").input_value() == "BY"
    expect(page.locator(".md-search-result__item").first).to_be_visible()


def test_there_are_at_least_25_queries() -> None:
    assert len(QUERIES) >= 25


@pytest.fixture(scope="module")
def search_page(browser: Browser, base_url: str) -> Iterator[Page]:
    """One page for all the reviewer queries: Material builds its index in the page once, not once per query."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("./")
    page.click("input.md-search__input")
    wait_for_search_index(page)
    yield page
    context.close()


def search_again(page: Page, query: str) -> list[str]:
    """Clear the search box as a reader would, type the next query; the first three results once settled."""
    box = page.locator("input.md-search__input")
    box.click()
    box.press("Control+a")
    box.press("Backspace")
    expect(page.locator(".md-search-result__item")).to_have_count(0)
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    return [link.lstrip("/") for link in settled_results(page)]


@pytest.mark.parametrize("query", QUERIES)
def test_query_finds_a_right_answer_in_the_top_three(search_page: Page, content, query: str) -> None:
    top = search_again(search_page, query)
    assert set(top) & acceptable(QUERIES[query], content), f"{query!r} gave {top}"


def test_the_index_loads_only_when_a_reader_turns_to_search(page: Page) -> None:
    """Most readers never search: the worker fetches the index when the box gets focus, not with every page."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto("disk-encryption/own-keys/")
    page.wait_for_timeout(1500)
    assert not [url for url in fetched if "faq-search-index" in url]
    page.keyboard.press("/")  # Material's shortcut focuses the box
    wait_for_search_index(page)
    assert len([url for url in fetched if url.endswith("/search/faq-search-index.js")]) == 1


def test_a_shared_search_link_opens_with_its_results(page: Page) -> None:
    page.goto("./?q=BYOK")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)
    assert "/disk-encryption/own-keys/" in settled_results(page)
