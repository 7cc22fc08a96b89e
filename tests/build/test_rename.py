"""Renaming a question page: with an alias the old URL redirects, without one the build refuses the ID.

Each test copies the real project and runs one strict build of it (three builds in all).
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from support import SITE_URL, build, copy_project

ROOT = Path(__file__).resolve().parents[2]
OLD = "disk-encryption/sse-disable.md"
NEW = "disk-encryption/turn-off-sse.md"
QID = "ENC-028"


def rename(project: Path, aliases: str | None) -> None:
    """Move the page, optionally list aliases in its front matter, and update the links to it (as a rename does)."""
    docs = project / "docs"
    text = (docs / OLD).read_text(encoding="utf-8")
    assert f"\nid: {QID}\n" in text
    if aliases is not None:
        text = text.replace(f"\nid: {QID}\n", f"\nid: {QID}\naliases: {aliases}\n", 1)
    (docs / OLD).unlink()
    (docs / NEW).write_text(text, encoding="utf-8")
    old_name, new_name = Path(OLD).name, Path(NEW).name
    for page in docs.rglob("*.md"):
        body = page.read_text(encoding="utf-8")
        updated = re.sub(rf"\]\(((?:\.\./)?(?:disk-encryption/)?){re.escape(old_name)}", rf"](\1{new_name}", body)
        if updated != body:
            page.write_text(updated, encoding="utf-8")
    assert not any(f"]({old_name}" in p.read_text(encoding="utf-8") for p in docs.rglob("*.md"))


def refresh_url(html_file: Path, folder: str) -> str:
    """Where a stub's meta refresh lands, as an absolute URL."""
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    meta = soup.find("meta", attrs={"http-equiv": "refresh"})
    assert meta is not None, f"{html_file} is not a redirect stub"
    url = meta["content"].split("url=", 1)[1]
    assert not url.startswith(("http:", "https:", "/")), url
    return urljoin(SITE_URL + folder, url)


def test_rename_with_alias_redirects_the_old_url(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    rename(project, f"[{OLD}]")
    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr[-5000:]

    new_page = site / "disk-encryption" / "turn-off-sse" / "index.html"
    assert new_page.is_file()
    soup = BeautifulSoup(new_page.read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one(".faq-id").get_text(strip=True) == QID
    assert soup.find("meta", attrs={"http-equiv": "refresh"}) is None

    old_stub = site / "disk-encryption" / "sse-disable" / "index.html"
    assert refresh_url(old_stub, "disk-encryption/sse-disable/") == SITE_URL + "disk-encryption/turn-off-sse/"
    canonical = BeautifulSoup(old_stub.read_text(encoding="utf-8"), "html.parser").find("link", rel="canonical")
    assert canonical["href"] == SITE_URL + "disk-encryption/turn-off-sse/"
    assert BeautifulSoup(old_stub.read_text(encoding="utf-8"), "html.parser").select_one(".faq-id") is None

    short = site / "q" / QID / "index.html"
    assert refresh_url(short, f"q/{QID}/") == SITE_URL + "disk-encryption/turn-off-sse/"

    # The page that links to it (ENC-029) now points at the new URL, and is listed under "Referenced by".
    linking = BeautifulSoup((site / "disk-encryption" / "ade-opt-out" / "index.html").read_text(encoding="utf-8"),
                            "html.parser")
    hrefs = {a["href"] for a in linking.select("article a[href]")}
    assert "../turn-off-sse/" in hrefs and "../sse-disable/" not in hrefs
    referenced = soup.find(id="referenced-by")
    assert referenced is not None
    assert "ENC-029" in referenced.find_next("ul").get_text()


def test_rename_without_alias_fails_naming_the_file_and_the_id(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    rename(project, None)
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    problem = next((line for line in output.splitlines() if f"docs/{NEW}" in line), None)
    assert problem is not None, output[-5000:]
    assert f"docs/{NEW}: id: {QID} was issued to {OLD}" in problem
    assert "aliases" in problem


def test_alias_taking_an_existing_page_fails_naming_aliases(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / OLD
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace(f"\nid: {QID}\n", f"\nid: {QID}\naliases: [disk-encryption/ade-opt-out.md]\n", 1),
                    encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert f"docs/{OLD}: aliases: 'disk-encryption/ade-opt-out/' is the URL of an existing page" in output, \
        output[-5000:]


@pytest.fixture(autouse=True)
def _project_is_untouched():
    """The real project is only ever read."""
    before = (ROOT / "docs" / OLD).read_text(encoding="utf-8")
    yield
    assert (ROOT / "docs" / OLD).read_text(encoding="utf-8") == before
    assert not (ROOT / "docs" / NEW).exists()
