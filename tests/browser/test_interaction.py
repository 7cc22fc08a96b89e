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
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == expected
    reviewed = page.locator(".faq-reviewed time").get_attribute("datetime")
    # The permanent short link, not the page's URL; the version read, with its date; the site revision.
    assert "ENC-028" in copied and "https://faq.example.test/q/ENC-028/" in copied
    assert "https://faq.example.test/disk-encryption/sse-disable/" not in copied
    assert f"https://faq.example.test/q/ENC-028/{reviewed}/" in copied and f"reviewed {reviewed}" in copied
    assert "site revision " in copied
    assert "Copied" in box.locator("[role=status]").inner_text()


def test_the_copied_version_link_opens_the_answer_while_current_and_an_older_one_keeps_its_own_page(page: Page) -> None:
    page.goto(QUESTION)
    page.get_by_role("button", name="Copy as text").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    version = next(word.rstrip(",)") for word in copied.split() if "/q/ENC-028/2" in word)
    page.goto(version.replace("https://faq.example.test/", ""))
    page.wait_for_url("**/" + QUESTION)  # the current version is the answer: its address sends readers there
    older = page.get_by_role("link", name="28 November 2026")
    older.click()
    page.wait_for_url("**/q/ENC-028/2026-11-28/")
    banner = page.locator(".admonition").first
    assert "this answer has changed since" in banner.inner_text()
    banner.get_by_role("link", name="current answer").click()
    assert page.url.endswith("/" + QUESTION)


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


def test_a_cited_control_link_lands_on_its_line_and_leads_to_its_full_section(page: Page) -> None:
    """Tickets cite /controls/#<key> from the days of one page: the overview's line for it, then its section."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("controls/#nist-sc-28")
    line = page.locator("article [id='nist-sc-28']")
    expect(line).to_be_in_viewport()
    expect(line).to_have_text("NIST SC-28: Protection of Information at Rest")
    line.click()
    page.wait_for_url("**/controls/nist-800-53/#nist-sc-28")
    heading = page.locator("h2#nist-sc-28")
    expect(heading).to_be_in_viewport()
    assert page.locator("article h2").count() == 4


AXE_PAGES = ["./", QUESTION, "comparison/", "decision-guide/", "tags/ade/", "glossary/", "what-changed/",
             "disk-encryption/", "tags/", "all-questions/", "retired/", "controls/", "controls/mcsb/", "about/",
             "coverage/", "review-status/", "corrections/", "exports/", "recently-reviewed/"]


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


def test_a_printed_question_keeps_its_permanent_link_version_review_date_and_revision(page: Page) -> None:
    page.goto(QUESTION)
    page.emulate_media(media="print")
    reviewed = page.locator(".faq-reviewed time").get_attribute("datetime")
    cite = page.locator(".faq-cite__text")
    assert cite.is_visible() and not page.locator(".faq-cite__buttons").is_visible()
    printed = " ".join(cite.inner_text().split())
    assert printed.startswith("ENC-028: ") and "https://faq.example.test/q/ENC-028/ " in printed
    assert f"version https://faq.example.test/q/ENC-028/{reviewed}/" in printed and "site revision " in printed
    assert page.locator("#versions-of-this-answer + ul").is_visible()
    assert not page.locator(".md-footer").is_visible()  # Material hides it in print: the citation carries it
