"""MkDocs hook: wires the FAQ's generation step (hooks/faqsite, no MkDocs inside) into the build."""
from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from faqsite.pregenerate import build_info
from faqsite.release.csp import check_inline_scripts
from faqsite.site import (
    ContentError,
    Site,
    decorate,
    fill_blocks,
    page_meta,
    pages,
    prepare,
    published_files,
    sources_report,
    written_over,
)

_site: Site | None = None
# The HTML blocks of each page, held out of its Markdown conversion and put back after it (site.decorate).
_held: dict[str, list[str]] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Build date, source revision and the vendored iframe-worker shim: the same values the pre-build writes."""
    config.extra.update(build_info(Path(config.config_file_path).parent, config.extra.get("polyfills") or []))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _site
    root = Path(config.config_file_path).parent
    try:
        _site = prepare(Path(config.docs_dir), root / "data", config.site_url or "/", config.site_name,
                        revision=config.extra.get("revision"), sources_report=sources_report(os.environ))
        _site.directory_urls = config.use_directory_urls  # the HTML blocks write final URLs (offline: .html)
        generated = {**pages(_site), **published_files(_site, config.use_directory_urls)}
    except ContentError as error:
        raise PluginError(str(error)) from None
    clashes = written_over({file.src_uri for file in files}, generated)
    if clashes:
        raise PluginError(str(ContentError(clashes)))
    for path, text in generated.items():
        files.append(File.generated(config, path, content=text))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _site is not None
    page.meta.update(page_meta(_site, page.file.src_uri, page.meta))
    held: list[str] = []
    try:
        markdown = decorate(_site, page.file.src_uri, markdown, held)
    except ContentError as error:  # a link the build wrote to a page it does not emit
        raise PluginError(str(error)) from None
    if held:
        _held[page.file.src_uri] = held
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _site is not None
    held = _held.pop(page.file.src_uri, None)
    if not held:
        return html
    try:
        return fill_blocks(_site, page.file.src_uri, html, held)
    except ContentError as error:
        raise PluginError(str(error)) from None


def on_post_build(config: MkDocsConfig) -> None:
    """Fail the build on any inline script the CSP would not allow (injected through content or data)."""
    problems = check_inline_scripts(Path(config.site_dir))
    if problems:
        raise PluginError("inline script outside the theme's reviewed allow-list:\n" + "\n".join(problems))
