"""What only a browser shows: copying citations, the decision guide, keyboard use and accessibility."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import AXE
from test_search import wait_for_search_index

pytestmark = pytest.mark.browser

QUESTION = "disk-encryption/sse-disable/"


@pytest.mark.parametrize("label, fmt", [("Copy as text", "text"), ("Copy as Markdown", "markdown"),
                                        ("Copy for Jira", "jira")])
def test_copy_citation_puts_the_reference_on_the_clipboard(page: Page, label: str, fmt: str) -> None:
    page.goto(QUESTION)
    box = page.locator(".faq-cite")
    expected = box.get_attribute(f"data-cite-{fmt}")
    page.get_by_role("button", name=label).click()
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert "ENC-028" in expected and "https://faq.example.test/disk-encryption/sse-disable/" in expected
    assert "Copied" in box.locator("[role=status]").inner_text()


def test_citation_copies_by_keyboard_alone(page: Page) -> None:
    page.goto(QUESTION)
    button = page.get_by_role("button", name="Copy as Markdown")
    for _ in range(200):  # Tab through the page until the button has focus
        page.keyboard.press("Tab")
        if button.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the citation button is not reachable with Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("navigator.clipboard.readText()").startswith("[ENC-028: ")
    assert "Copied" in page.locator(".faq-cite [role=status]").inner_text()


def test_keyboard_opens_search_and_chooses_a_result(page: Page) -> None:
    page.goto("./")
    page.keyboard.press("/")  # Material's shortcut for search
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    wait_for_search_index(page)
    page.keyboard.type("purge protection")
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/disk-encryption/**")
    assert page.locator("h1").inner_text().rstrip("¶").endswith("?")
    assert page.locator(".faq-id").inner_text().startswith("ENC-")


def verdict_summary(page: Page) -> str:
    return page.locator(".faq-guide__result").inner_text()


def test_decision_guide_narrows_options_to_those_meeting_every_requirement(page: Page, content) -> None:
    page.goto("decision-guide/")
    assert "all 5 options" in verdict_summary(page)
    page.get_by_label("The temp disk must be encrypted").check()
    page.get_by_label("No encryption load on the VM's CPU").check()
    matrix = content.matrix
    wanted = [r for r in matrix.requirements if r.slug in ("temp-disk", "no-cpu")]
    fitting = [o.short for o in matrix.options if all(matrix.meets(r, o.slug) for r in wanted)]
    assert fitting == ["Encryption at host"]
    assert verdict_summary(page) == f"Meets all 2 requirements: {', '.join(fitting)}."
    page.get_by_label("A downloaded disk must reveal nothing").check()
    assert verdict_summary(page).startswith("No option meets all 3 requirements")
    page.get_by_role("button", name="Clear all").click()
    expect(page.locator(".faq-guide__result")).to_contain_text("all 5 options")


def test_decision_guide_without_javascript_shows_the_full_table(browser: Browser, base_url: str, content) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("decision-guide/")
    assert not page.locator("form.faq-guide").is_visible()
    rows = page.locator("article table tbody tr")
    assert rows.count() == len(content.matrix.requirements)
    assert page.locator(".faq-verdict").count() == len(content.matrix.requirements) * len(content.matrix.options)
    assert page.locator("article table a[href*='disk-encryption/']").count() > 0
    context.close()


AXE_PAGES = ["./", QUESTION, "comparison/", "decision-guide/", "tags/ade/", "glossary/", "what-changed/",
             "disk-encryption/"]


def axe_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run()")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']})"
            for v in result["violations"]]


@pytest.mark.parametrize("url", AXE_PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_reports_no_violation(audit_page: Page, url: str, scheme: str) -> None:
    audit_page.emulate_media(color_scheme=scheme)
    audit_page.goto(url)
    assert axe_violations(audit_page) == []


def test_axe_reports_no_violation_with_the_search_dialog_open(audit_page: Page) -> None:
    page = audit_page
    page.goto("./")
    page.click("input.md-search__input")
    wait_for_search_index(page)
    page.keyboard.type("key vault")
    page.wait_for_selector(".md-search-result__item")
    assert axe_violations(page) == []


def test_a_question_prints_without_navigation_but_with_id_url_and_date(page: Page, site_url: str) -> None:
    page.goto(QUESTION)
    assert not page.locator(".faq-url").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert page.locator(".faq-id").inner_text() == "ENC-028"
    assert page.locator(".faq-url").inner_text() == site_url + QUESTION
    assert page.locator(".faq-reviewed").is_visible()
