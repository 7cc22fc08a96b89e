"""Under the production nginx configuration an injected inline script does not run: the CSP allows only
the theme's reviewed scripts, whatever a built page contains."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from faqsite.release.server import nginx_config
from playwright.sync_api import Browser, Dialog
from serving import free_port, readable_copy, running_nginx

pytestmark = pytest.mark.browser

PAGE = "disk-encryption/own-keys/"
INJECTED = '<script>alert("injected script")</script><svg onload="alert(\'injected handler\')"></svg>'


@pytest.fixture(scope="module")
def injected_site(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A copy of the built site with a script injected into one page, behind the generated configuration."""
    runtime = tmp_path_factory.mktemp("nginx-injected")
    port = free_port()
    with readable_copy(site_dir) as site:
        page = site / PAGE / "index.html"
        page.write_text(page.read_text(encoding="utf-8").replace("</h1>", f"</h1>{INJECTED}", 1), encoding="utf-8")
        config = runtime / "nginx.conf"
        config.write_text(nginx_config(site, f"127.0.0.1:{port}", runtime))
        with running_nginx(config, port, runtime):
            yield f"http://127.0.0.1:{port}/"


def dialogs_on_load(browser: Browser, base_url: str, bypass_csp: bool) -> tuple[list[str], list[str], bool]:
    context = browser.new_context(base_url=base_url, bypass_csp=bypass_csp)
    page = context.new_page()
    dialogs: list[str] = []
    console: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.on("console", lambda message: console.append(message.text))
    page.goto(PAGE)
    page.wait_for_load_state("networkidle")
    search = page.locator("input.md-search__input").count() == 1 and page.locator("h1").count() == 1
    context.close()
    return dialogs, console, search


def test_an_injected_inline_script_does_not_run_and_the_page_still_works(browser: Browser, injected_site: str
                                                                        ) -> None:
    dialogs, console, works = dialogs_on_load(browser, injected_site, bypass_csp=False)
    assert dialogs == []
    assert works
    assert any("Content Security Policy" in text for text in console)


def test_without_the_csp_the_same_page_would_run_it(browser: Browser, injected_site: str) -> None:
    """The control: the injection is live, so it is the CSP that stops it above."""
    dialogs, _, _ = dialogs_on_load(browser, injected_site, bypass_csp=True)
    assert "injected script" in dialogs and "injected handler" in dialogs
