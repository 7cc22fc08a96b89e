"""Clashes between what the build publishes, judged on the output URLs rather than on source paths.

Two sources that land on one URL (`x.md` and `x/index.md`, `docs/comparison/index.md` and the generated
`comparison.md`, a static `x/index.html` beside `x.md`) would silently replace one another; an alias that names a
published file or a folder the theme owns (`feed.xml`, `assets/...`, `search/...`) would crash the write.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .. import paths
from ..model import Problem
from .content import Content

# Top-level folders that the theme owns: no alias goes there.
OWNED_FOLDERS = ("assets", "search")  # q/ (short links) is checked with the pages: check_aliases


def published_names() -> set[str]:
    """Site-relative names of the files published beside the pages (the exports, the feed, the sitemap)."""
    names = {paths.QUESTIONS_JSON, paths.MATRIX_JSON, paths.MATRIX_CSV, paths.CONTROLS_JSON, paths.CONTROLS_CSV,
             paths.FEED, "sitemap.xml", "sitemap.xml.gz", "404.html", *paths.REQUIRED_FILES}
    return names | set(getattr(paths, "SCHEMAS", {}).values())


def docs_files(docs_dir: Path) -> list[str]:
    """Docs-relative paths of the files MkDocs would publish (dotfiles are excluded by MkDocs)."""
    return sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(docs_dir).parts))


def check_output_urls(docs_dir: Path, content: Content, generated: Iterable[str], problems: list[Problem]) -> None:
    """Every written page, static file and alias has an output URL of its own."""
    files = docs_files(docs_dir)
    generated = set(generated)
    owner: dict[str, str] = {}
    for g in sorted(generated):
        url = paths.page_url(g)
        if url in owner:  # a tag or topic slug naming a page the build generates
            problems.append(Problem(*generated_source(g, content), f"its page {g} has the URL /{url} of {owner[url]}"))
        owner.setdefault(url, f"the generated page {g}")
    for qid in [q.id for q in content.questions] + list(content.retired):
        owner.setdefault(paths.short_link(qid), f"the short link of {qid}")
    for path in files:
        if path.endswith(".md") and path not in generated:  # a written file at a generated path: written_over
            url = paths.page_url(path)
            if url in owner:
                problems.append(Problem(f"docs/{path}", "(file)", f"its URL /{url} is also that of {owner[url]}"))
            owner.setdefault(url, f"the page docs/{path}")
    outputs = {url + "index.html": who for url, who in owner.items()}
    for path in files:
        if not path.endswith(".md") and path in outputs:
            problems.append(Problem(f"docs/{path}", "(file)", f"{outputs[path]} is published here"))
    static = {path: f"docs/{path}" for path in files if not path.endswith(".md")}
    check_alias_targets(content, {**{n: "a file the build publishes" for n in published_names()}, **static},
                        problems)


def generated_source(page: str, content: Content) -> tuple[str, str]:
    """(data file, key) that a generated page is made from, for a problem line."""
    folder, _, name = page.partition("/")
    if folder == "tags" and name.removesuffix(".md") in content.tags:
        return "data/tags.yml", name.removesuffix(".md")
    if name == "index.md" and folder in content.topics:
        return "data/topics.yml", folder
    return page, "(generated)"


def check_alias_targets(content: Content, files: dict[str, str], problems: list[Problem]) -> None:
    """No alias's stub folder is a published file, sits inside one, or is in a folder the theme owns."""
    for q in content.questions:
        for alias in q.aliases:
            parts = alias.rstrip("/").split("/")
            prefixes = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
            clash = next((p for p in prefixes if p in files), None)
            if parts[0] in OWNED_FOLDERS:
                message = f"'{alias}' is in /{parts[0]}/, which the build and the theme own"
            elif clash is not None or alias + "index.html" in files:
                message = f"'{alias}' would overwrite {files.get(clash or alias + 'index.html')} ({clash or alias})"
            else:
                continue
            problems.append(Problem(f"docs/{q.path}", "aliases", message))
