"""The site as nginx serves it: security headers, a CSP the pages satisfy, the 404 page, short links."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page

from test_search import wait_for_search_index

pytestmark = pytest.mark.browser

PAGE_TYPES = ["./", "disk-encryption/", "disk-encryption/key-rotation/", "comparison/", "decision-guide/",
              "tags/", "tags/backup/", "glossary/", "what-changed/", "all-questions/", "retired/",
              "custom-domain/verify-domain/", "controls/", "controls/mcsb/", "about/", "coverage/", "review-status/",
              "corrections/", "exports/", "recently-reviewed/"]


def watch(page: Page) -> list[str]:
    """Collect CSP violations, other console errors, failed requests and error responses."""
    trouble: list[str] = []
    page.on("console", lambda m: trouble.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning")
            else None)
    page.on("requestfailed", lambda r: trouble.append(f"failed: {r.url} {r.failure}"))
    page.on("response", lambda r: trouble.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    return trouble


@pytest.mark.parametrize("url", PAGE_TYPES)
def test_page_loads_with_no_csp_violation_and_no_failed_request(page: Page, url: str) -> None:
    trouble = watch(page)
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status == 200
    headers = response.headers
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert trouble == []


def test_search_and_citation_work_under_the_csp(page: Page) -> None:
    trouble = watch(page)
    page.goto("disk-encryption/key-rotation/")
    page.click("input.md-search__input")
    wait_for_search_index(page)
    page.keyboard.type("Managed HSM")
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Copy as text").click()
    assert page.evaluate("navigator.clipboard.readText()").startswith("ENC-003: ")
    assert trouble == []


def test_missing_page_gets_the_sites_404(page: Page) -> None:
    response = page.goto("no/such/page/")
    assert response.status == 404
    assert "/q/ENC-001/" in page.locator("article").inner_text()
    assert response.headers["content-security-policy"].startswith("default-src 'self'")


def test_short_link_lands_on_its_question(page: Page) -> None:
    page.goto("q/ENC-046/")
    page.wait_for_url("**/disk-encryption/ade-retirement/")
    assert page.locator(".faq-id").inner_text() == "ENC-046"


def test_page_refuses_to_be_framed(page: Page, base_url: str) -> None:
    response = page.goto("./")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
