"""The generation step as a pre-build: a docs folder that plain MkDocs, or another generator, builds as is.

Every Markdown page (written or generated) is decorated and gets its front-matter additions, and the
published files (exports, feed, redirect stubs) sit beside the pages as static files. A build of that folder
without the hook gives the same site as a build with it; the benchmarks use it to measure what the hook
costs against the same pages made in advance.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import yaml

from .load.frontmatter import FrontMatterError, parse
from .site import ContentError, Site, decorate, page_meta, pages, published_files, written_over


def page_text(site: Site, path: str, text: str) -> str:
    """A page's text with its front-matter additions and decorated as the hook would; MkDocs hands the hook
    the body without the front matter and the blank lines after it."""
    try:
        parsed = parse(text)
        meta, body = parsed.meta, parsed.body.lstrip("\n")
    except FrontMatterError:  # a page without front matter (validated pages never get here)
        meta, body = {}, text
    meta.update(page_meta(site, path))
    front = "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n\n" if meta else ""
    return front + decorate(site, path, body)


def write_file(out_dir: Path, path: str, text: str) -> None:
    target = out_dir / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def write_docs(site: Site, docs_dir: Path, out_dir: Path, directory_urls: bool = True) -> int:
    """Copy docs_dir to out_dir with the site's pages decorated and its files added; return the pages written."""
    generated, published = pages(site), published_files(site, directory_urls)
    clashes = written_over({p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*") if p.is_file()},
                           {**generated, **published})
    if clashes:
        raise ContentError(clashes)
    shutil.copytree(docs_dir, out_dir)
    written = {p.relative_to(out_dir).as_posix(): p.read_text(encoding="utf-8") for p in out_dir.rglob("*.md")}
    for path, text in {**written, **generated}.items():
        write_file(out_dir, path, page_text(site, path, text))
    for path, text in published.items():
        write_file(out_dir, path, text)
    return len(written) + len(generated)


def plain_mkdocs_config(config_text: str, docs_dir: Path, extra: dict[str, str]) -> str:
    """The text of mkdocs.yml for building a pre-generated folder: no hooks, that docs_dir, and the `extra`
    values the hook would have set (build date, revision). Write it beside mkdocs.yml: paths stay relative."""
    text, hooks = re.subn(r"(?m)^hooks:\n(?:[ \t]+-.*\n)+", "", config_text)
    added = "".join(f"  {key}: {json.dumps(value)}\n" for key, value in extra.items())
    text, extras = re.subn(r"(?m)^extra:\n", lambda m: m.group(0) + added, text)
    if not hooks or not extras:
        raise ValueError("mkdocs.yml no longer has a 'hooks:' list and an 'extra:' mapping")
    return text + f"docs_dir: {json.dumps(str(docs_dir))}\n"
