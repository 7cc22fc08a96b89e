"""The offline copy (OFFLINE=true) works from a folder opened with file://, search included."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from faqsite.release.linkcheck import check_site
from playwright.sync_api import Browser, Page, expect
from support import ROOT, SITE_URL

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def offline_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("offline")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL, "OFFLINE": "true"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


@pytest.fixture
def file_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def test_offline_copy_has_no_broken_link_and_loads_nothing_from_elsewhere(offline_dir: Path) -> None:
    assert (offline_dir / "disk-encryption" / "own-keys.html").is_file()
    assert check_site(offline_dir) == []
    for page in offline_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'src="http' not in text and 'src="//' not in text, page


def test_offline_copy_searches_from_file_urls(offline_dir: Path, file_page: Page) -> None:
    file_page.goto((offline_dir / "index.html").as_uri())
    file_page.click("input.md-search__input")
    expect(file_page.locator(".md-search-result__meta")).not_to_contain_text("Initializing", timeout=10_000)
    file_page.keyboard.type("BYOK")
    first = file_page.locator(".md-search-result__item > a.md-search-result__link").first
    expect(first).to_be_visible(timeout=10_000)
    first.click()
    file_page.wait_for_url("**/*.html*")
    assert file_page.url.startswith("file://")
    assert file_page.locator(".faq-id").inner_text().startswith("ENC-")


def test_offline_short_link_lands_on_the_html_page(offline_dir: Path, file_page: Page) -> None:
    file_page.goto((offline_dir / "q" / "ENC-046" / "index.html").as_uri())
    file_page.wait_for_url("**/disk-encryption/ade-retirement.html")
    assert file_page.locator(".faq-id").inner_text() == "ENC-046"
