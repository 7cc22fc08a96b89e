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


def search_index(site_dir: Path) -> dict:
    """The site's own search index as built (search/faq-search-index.js): a script around one JSON string."""
    import json
    text = (site_dir / "search" / "faq-search-index.js").read_text(encoding="utf-8")
    prefix, suffix = "self.__faq_search_index=JSON.parse(", ");\n"
    assert text.startswith(prefix) and text.endswith(suffix), text[:80]
    return json.loads(json.loads(text[len(prefix):-len(suffix)]))


def indexed_words(site_dir: Path) -> dict[str, set[str]]:
    """Page URL -> every word search finds the page by (the terms whose postings name it)."""
    index = search_index(site_dir)
    found: dict[str, set[str]] = {doc[0]: set() for doc in index["docs"]}
    for term, postings in zip(index["terms"], index["postings"]):
        number = 0
        for gap in postings[::2]:  # page numbers are written as the gap since the previous one
            number += gap
            found[index["docs"][number][0]].add(term)
    return found


def acceptable(expected: list[str], site) -> set[str]:
    """The site paths a reviewer query accepts: paths as written, and "tag:<slug>" for every page with that tag."""
    found: set[str] = set()
    for item in expected:
        found |= {q.url for q in site.content.questions if item[4:] in q.tags} if item.startswith("tag:") else {item}
    return found


def reviewer_queries() -> dict[str, list[str]]:
    """Reviewers' searches (tests/browser/search_queries.yml): query -> acceptable pages among the first three."""
    import yaml
    entries = yaml.safe_load((ROOT / "tests" / "browser" / "search_queries.yml").read_text(encoding="utf-8"))
    return {entry["query"]: entry["expect"] for entry in entries}


def run_search_worker(index_script: Path, queries: list[str], expression: str = "search(q)") -> list:
    """The site's search worker (docs/assets/javascripts/faq-search.js) in Node, standing in for the browser: each
    query's `expression` (of `q`, with the index at index_script loaded), as JSON."""
    import json
    worker = ROOT / "docs" / "assets" / "javascripts" / "faq-search.js"
    program = f"""
        const fs = require("fs"), vm = require("vm");
        const ctx = {{console, URL, addEventListener() {{}}, postMessage() {{}}}};
        ctx.self = ctx;
        vm.createContext(ctx);
        vm.runInContext(fs.readFileSync({json.dumps(str(worker))}, "utf8"), ctx);
        vm.runInContext(fs.readFileSync({json.dumps(str(index_script))}, "utf8"), ctx);
        vm.runInContext("index = load(self.__faq_search_index)", ctx);
        ctx.queries = {json.dumps(queries)};
        console.log(JSON.stringify(vm.runInContext({json.dumps(f"queries.map(q => {expression})")}, ctx)));
        """
    result = subprocess.run(["node", "-e", program], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
