"""Shared fixtures: the site is built once per test session, strictly, into a temporary folder."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

SITE_URL = "https://faq.example.test/"


def build(project: Path, site_dir: Path, site_url: str = SITE_URL) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
                          cwd=project, env=env, capture_output=True, text=True)


@pytest.fixture(scope="session")
def site_url() -> str:
    return SITE_URL


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = build(ROOT, out)
    assert result.returncode == 0, result.stderr[-5000:]
    return out


@pytest.fixture(scope="session")
def content():
    """The validated content, loaded the way the hook loads it."""
    from faqsite.site import prepare
    return prepare(ROOT / "docs", ROOT / "data", SITE_URL, "test")


class Pages:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[str, BeautifulSoup] = {}

    def path(self, url: str) -> Path:
        target = self.root / url.strip("/")
        return target / "index.html" if target.is_dir() or not target.suffix else target

    def __call__(self, url: str) -> BeautifulSoup:
        if url not in self._cache:
            self._cache[url] = BeautifulSoup(self.path(url).read_text(encoding="utf-8"), "html.parser")
        return self._cache[url]

    def all_html(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))


@pytest.fixture(scope="session")
def pages(site_dir: Path) -> Pages:
    return Pages(site_dir)
