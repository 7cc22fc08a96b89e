"""The decision guide's result can be pasted: the ticked requirements live in the address, and "Copy result"
copies the requirements, the options that meet them and the link that reopens them."""
from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

GUIDE = "decision-guide/"


def ticked(page: Page) -> list[str]:
    return page.eval_on_selector_all("form.faq-guide input[type=checkbox]:checked", "boxes => boxes.map(b => b.name)")


def test_ticked_requirements_stay_in_the_address_and_come_back_on_reload(page: Page) -> None:
    page.goto(GUIDE)
    page.get_by_label("The temp disk must be encrypted").check()
    page.get_by_label("No encryption load on the VM's CPU").check()
    assert page.url.endswith("/decision-guide/?req=temp-disk,no-cpu")
    page.reload()
    assert ticked(page) == ["temp-disk", "no-cpu"]
    expect(page.locator(".faq-guide__result")).to_have_text("Meets all 2 requirements: Encryption at host.")
    page.get_by_label("The temp disk must be encrypted").uncheck()
    assert page.url.endswith("/decision-guide/?req=no-cpu")
    page.get_by_role("button", name="Clear all").click()
    expect(page.locator(".faq-guide__result")).to_contain_text("all 5 options")
    assert page.url.endswith("/decision-guide/")


def test_a_pasted_link_opens_the_same_selection_and_ignores_unknown_names(page: Page) -> None:
    page.goto(GUIDE + "?req=no-cpu,not-a-requirement,temp-disk%22%5D")
    assert ticked(page) == ["no-cpu"]
    assert page.url.endswith("/decision-guide/?req=no-cpu")


def test_copy_result_puts_requirements_options_and_link_on_the_clipboard(page: Page) -> None:
    page.goto(GUIDE)
    page.get_by_label("The temp disk must be encrypted").check()
    page.get_by_label("No encryption load on the VM's CPU").check()
    page.get_by_role("button", name="Copy result").click()
    expect(page.locator(".faq-guide__copied")).to_contain_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == "\n".join([
        "Decision guide - Azure VM Encryption FAQ",
        "Requirements:",
        "- The temp disk must be encrypted",
        "- No encryption load on the VM's CPU",
        "Meets all 2 requirements: Encryption at host.",
        "Link: https://faq.example.test/decision-guide/?req=temp-disk,no-cpu",
    ])


def test_copy_result_with_nothing_ticked_says_so(page: Page) -> None:
    page.goto(GUIDE)
    page.get_by_role("button", name="Copy result").click()
    expect(page.locator(".faq-guide__copied")).to_contain_text("Copied")
    text = page.evaluate("navigator.clipboard.readText()")
    assert text.splitlines()[1:] == ["Requirements: none ticked", "No requirement ticked: all 5 options shown.",
                                     "Link: https://faq.example.test/decision-guide/"]


def test_without_javascript_the_guide_is_the_full_table_whatever_the_address(browser: Browser, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto(GUIDE + "?req=temp-disk")
    assert not page.locator("form.faq-guide").is_visible()
    assert not page.get_by_role("button", name="Copy result").is_visible()
    assert page.locator("article table .faq-verdict").count() > 20
    context.close()
