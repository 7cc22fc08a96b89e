"""Shared fixtures: the site is built once per test session, strictly, into a temporary folder."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from support import ROOT, SITE_URL, build

sys.path.insert(0, str(ROOT / "hooks"))


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


# The real data/controls.yml, loaded as the build loads it (tests/unit/test_controls.py renders it,
# tests/content/test_controls_data.py checks what it says).
def read_data(name: str) -> Any:
    return yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def raw() -> dict[str, Any]:
    return read_data("controls.yml")


@pytest.fixture(scope="session")
def option_slugs() -> list[str]:
    return list(read_data("comparison.yml")["options"])


@pytest.fixture(scope="session")
def ledger() -> dict[str, str]:
    return read_data("ids.yml")


@pytest.fixture(scope="session")
def controls(raw: dict[str, Any], option_slugs: list[str], ledger: dict[str, str]) -> list:
    from faqsite.load.controls import load_controls
    from faqsite.model import Problem
    problems: list[Problem] = []
    loaded = load_controls(raw, option_slugs, set(ledger), problems)
    assert problems == []
    return loaded
