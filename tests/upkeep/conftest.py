"""Fixtures of the source-check tests: the fixture server and small projects citing its pages."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import fixture_server
from source_fixtures import CURRENT_SOURCES, FIXTURE_SOURCES, fast_options, write_project


@pytest.fixture(scope="module")
def server() -> Iterator[fixture_server.FixtureServer]:
    running = fixture_server.start()
    yield running
    fixture_server.stop(running)


@pytest.fixture
def fixture_root(tmp_path: Path) -> Path:
    """A valid project whose answers cite every kind of fixture page."""
    return write_project(tmp_path / "project", FIXTURE_SOURCES)


@pytest.fixture
def current_root(tmp_path: Path) -> Path:
    """A valid project whose only sources are current."""
    return write_project(tmp_path / "current", CURRENT_SOURCES)


@pytest.fixture
def fast(server: fixture_server.FixtureServer, tmp_path: Path) -> list[str]:
    """Options for a quick check against the fixture server, with a cache and report in tmp_path; counts reset."""
    server.reset()
    return fast_options(server.base, tmp_path)
