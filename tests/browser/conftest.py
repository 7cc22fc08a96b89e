"""Browser fixtures: the built site served by nginx on 127.0.0.1, as in production, and Debian's
Chromium driven by Playwright."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from faqsite.release.server import nginx_config
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from serving import free_port, readable_copy, running_nginx

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
# The browser tests' waits poll on a timer, not on Playwright's default of every animation frame, which headless
# Chromium need not draw for a page that has stopped changing. That is the likeliest reason, not a proven one, why
# a CI run once waited 30 s for a link to a day on "Recently reviewed" to land; 72 runs here did not repeat it.
# A wait that fails says where the element was.
POLL_MS = 100
LANDED = "id => { const r = document.getElementById(id).getBoundingClientRect(); return r.top >= 0 && r.top < 200; }"
WHERE = ("id => [Math.round(document.getElementById(id).getBoundingClientRect().top), Math.round(scrollY),"
         " document.documentElement.scrollHeight]")


@pytest.fixture(scope="session")
def base_url(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """nginx with the repository's configuration (security headers, CSP from the theme's allow-list)."""
    runtime = tmp_path_factory.mktemp("nginx")
    port = free_port()
    with readable_copy(site_dir) as site:
        config = runtime / "nginx.conf"
        config.write_text(nginx_config(site, f"127.0.0.1:{port}", runtime))
        try:
            with running_nginx(config, port, runtime):
                yield f"http://127.0.0.1:{port}/"
        except RuntimeError as error:
            pytest.fail(str(error))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def audit_page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A page that may inject axe-core: Playwright injects it inline, which the site's CSP rightly refuses."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def assert_lands_on(page: Page, element_id: str, timeout_ms: int = 10_000) -> None:
    """The element a link named is at the top of the screen (under the header), within timeout_ms."""
    try:
        page.wait_for_function(LANDED, arg=element_id, polling=POLL_MS, timeout=timeout_ms)
    except PlaywrightTimeout:
        top, scrolled, height = page.evaluate(WHERE, element_id)
        pytest.fail(f"#{element_id} is {top} px from the top of the screen after {timeout_ms} ms, not 0-199 "
                    f"(page scrolled to {scrolled} px of {height} px)")
