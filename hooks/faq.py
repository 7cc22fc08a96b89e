"""MkDocs hook: wires the FAQ's generation step (hooks/faqsite, no MkDocs inside) into the build."""
from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from faqsite.site import (ContentError, Site, decorate, page_meta, pages, prepare, published_files,
                          written_over)

_site: Site | None = None


# Material's offline plugin loads this shim from a CDN; the site ships its own copy (MIT, iframe-worker 1.0.4).
IFRAME_WORKER_SHIM = "assets/javascripts/vendor/iframe-worker/shim.js"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.extra["build_date"] = datetime.date.today().isoformat()
    config.extra["revision"] = source_revision(Path(config.config_file_path).parent)
    polyfills = config.extra.get("polyfills") or []
    config.extra["polyfills"] = [IFRAME_WORKER_SHIM if "iframe-worker" in url else url for url in polyfills]
    return config


def source_revision(root: Path) -> str | None:
    """Short hash of the checked-out commit, marked when the tree has changes; None outside git."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
    try:
        revision = git("rev-parse", "--short=12", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no", "--", "docs", "data", "hooks", "overrides",
                    "mkdocs.yml")
    except (OSError, subprocess.CalledProcessError):
        return None
    return f"{revision} with uncommitted changes" if dirty else revision


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _site
    root = Path(config.config_file_path).parent
    try:
        _site = prepare(Path(config.docs_dir), root / "data", config.site_url or "/", config.site_name)
    except ContentError as error:
        raise PluginError(str(error)) from None
    generated = {**pages(_site), **published_files(_site, config.use_directory_urls)}
    clashes = written_over({file.src_uri for file in files}, generated)
    if clashes:
        raise PluginError(str(ContentError(clashes)))
    for path, text in generated.items():
        files.append(File.generated(config, path, content=text))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _site is not None
    page.meta.update(page_meta(_site, page.file.src_uri))
    return decorate(_site, page.file.src_uri, markdown)
