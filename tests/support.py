"""Helpers shared by test modules: building a project and copying the real one.

A plain module rather than conftest.py, because tests/browser has a conftest.py of its own and the
name 'conftest' cannot be imported reliably from both.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE_URL = "https://faq.example.test/"
PROJECT_PARTS = ("docs", "data", "hooks", "overrides")


def build(project: Path, site_dir: Path, site_url: str = SITE_URL) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
                          cwd=project, env=env, capture_output=True, text=True)


def copy_project(target: Path) -> Path:
    """The real project's sources in a temporary folder, to break or rename things in."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in PROJECT_PARTS:
        shutil.copytree(ROOT / folder, target / folder, ignore=ignore)
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target
