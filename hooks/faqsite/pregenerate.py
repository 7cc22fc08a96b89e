"""The generation step as a pre-build: a self-contained project that plain MkDocs, or Zensical, builds as is.

    PYTHONPATH=hooks python -m faqsite pregenerate OUT [--for mkdocs|zensical] [--root PROJECT_ROOT]

OUT gets `docs/` (every Markdown page, written or generated, decorated and with its front-matter additions, and
the published files: exports, feed, redirect stubs), `overrides/` (the templates the generator can use) and
`mkdocs.yml` (the project's configuration without `hooks:`, `docs_dir: docs`, and the `extra` values the hook's
`on_config` sets: build date, source revision, the vendored iframe-worker shim). A build of OUT without the hook
gives the same site as a build with it (tests/test_pregenerate.py). The hook calls `build_info` too.
"""
from __future__ import annotations

import argparse
import datetime
import html
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from .load.frontmatter import FrontMatterError, parse
from .site import ContentError, Site, decorate, page_meta, pages, prepare, published_files, sources_report, written_over
from .text import md_text

# Material's and Zensical's offline plugins load this shim from a CDN; the site ships its own copy (MIT,
# iframe-worker 1.0.4), which both plugins accept in its place (they add theirs only when none is listed).
IFRAME_WORKER_SHIM = "assets/javascripts/vendor/iframe-worker/shim.js"
OFFLINE_PLUGIN_SHIM = "https://unpkg.com/iframe-worker/shim"
# libyaml's emitter when PyYAML has it: the pure-Python one was 40 % of the pre-build (front matter of every page).
DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# The search worker that reads the site's own index (overrides/main.html puts it in the theme's config).
SEARCH_WORKER = "assets/javascripts/faq-search.js"
TARGETS = ("mkdocs", "zensical")
# Templates a generator cannot use. Material's search partial, copied into overrides/ for the dialog's accessible
# name, breaks Zensical's header (its search is a modal of its own markup).
UNUSABLE_OVERRIDES = {"mkdocs": (), "zensical": ("partials/search.html",)}
# Entries the pre-built project leaves out: the hook, and the source folders `mkdocs serve` watches (they are not
# in the pre-built project, and it is regenerated rather than served).
DROPPED_ENTRIES = ("hooks", "watch")
GENERATED_NOTE = "# Set by `python -m faqsite pregenerate`: the pages are made already, no code runs in the build."
# The paths whose changes make a build 'with uncommitted changes'.
SOURCE_PATHS = ("docs", "data", "hooks", "overrides", "mkdocs.yml")


def source_revision(root: Path) -> str | None:
    """Short hash of the checked-out commit, marked when the tree has changes; None outside git."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
    try:
        revision = git("rev-parse", "--short=12", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no", "--", *SOURCE_PATHS)
    except (OSError, subprocess.CalledProcessError):
        return None
    return f"{revision} with uncommitted changes" if dirty else revision


def build_info(root: Path, polyfills: Sequence[str]) -> dict[str, object]:
    """The `extra` values every build sets: today's date, the source revision of `root`, and the polyfills with
    the offline plugin's CDN shim replaced by the vendored copy."""
    return {
        "build_date": datetime.date.today().isoformat(),
        "revision": source_revision(root),
        "polyfills": [IFRAME_WORKER_SHIM if "iframe-worker" in url else url for url in polyfills],
        "faq_search": SEARCH_WORKER,
    }


def page_text(site: Site, path: str, text: str, target: str = "mkdocs") -> str:
    """A page's text with its front-matter additions and decorated as the hook would; MkDocs hands the hook
    the body without the front matter and the blank lines after it."""
    try:
        parsed = parse(text)
        meta, body = parsed.meta, parsed.body.lstrip("\n")
    except FrontMatterError:  # a page without front matter (validated pages never get here)
        meta, body = {}, text
    meta.update(page_meta(site, path, meta))
    if target == "zensical":
        words = meta.pop("tags", None)
        body = search_words(words) + body if isinstance(words, list) and words else body
    front = "---\n" + yaml.dump(meta, Dumper=DUMPER, sort_keys=False, allow_unicode=True) + "---\n\n" if meta else ""
    return front + decorate(site, path, body)


def search_words(tags: list[object]) -> str:
    """Material weighs `tags` far above text, so the hook gives it a question's search words; Zensical shows
    `tags` as a filter facet, so there they become a hidden paragraph of the page's first section, which
    Zensical indexes as text (a hidden element is out of sight and out of the accessibility tree)."""
    words = ", ".join(md_text(html.unescape(str(tag))) for tag in tags)
    return f'Search words: {words}\n{{ .faq-search-words hidden="" }}\n\n'


def write_file(out_dir: Path, path: str, text: str) -> None:
    target = out_dir / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def write_docs(site: Site, docs_dir: Path, out_dir: Path, directory_urls: bool = True, target: str = "mkdocs") -> int:
    """Copy docs_dir to out_dir with the site's pages decorated and its files added; return the pages written."""
    site.directory_urls = directory_urls  # the question blocks write final URLs
    generated, published = pages(site), published_files(site, directory_urls)
    clashes = written_over({p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*") if p.is_file()},
                           {**generated, **published})
    if clashes:
        raise ContentError(clashes)
    shutil.copytree(docs_dir, out_dir)
    written = {p.relative_to(out_dir).as_posix(): p.read_text(encoding="utf-8") for p in out_dir.rglob("*.md")}
    for path, text in {**written, **generated}.items():
        write_file(out_dir, path, page_text(site, path, text, target))
    for path, text in published.items():
        write_file(out_dir, path, text)
    return len(written) + len(generated)


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml read as MkDocs reads it for the values the pre-build needs: `!ENV` resolved, Python object
    tags (a slugify function) read as None. Never used to write the configuration back."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """`!ENV NAME` or `!ENV [NAME, ..., default]`: the first variable set, typed as YAML would type it."""
    if isinstance(node, yaml.SequenceNode):
        names = [loader.construct_scalar(child) for child in node.value[:-1]]
        default = loader.construct_object(node.value[-1]) if len(node.value) > 1 else None
    else:
        names, default = [loader.construct_scalar(node)], None  # type: ignore[arg-type]
    for name in names:
        if str(name) in os.environ:
            return yaml.safe_load(os.environ[str(name)])
    return default


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(text: str) -> dict[str, Any]:
    config = yaml.load(text, Loader=_ConfigLoader)  # noqa: S506 (a SafeLoader with two tags added)
    if not isinstance(config, dict):
        raise ValueError("mkdocs.yml is not a mapping")
    return config


def offline(config: dict[str, Any]) -> bool:
    """Whether the offline plugin is enabled (its `enabled` read through `!ENV` as MkDocs reads it)."""
    for plugin in config.get("plugins") or []:
        if plugin == "offline":
            return True
        if isinstance(plugin, dict) and "offline" in plugin:
            return bool((plugin["offline"] or {}).get("enabled", True))
    return False


def offline_polyfills(config: dict[str, Any]) -> list[str]:
    """The polyfills a build of this configuration starts from: those listed, and the offline plugin's shim
    when that plugin is enabled (which the hook's `on_config` then swaps for the vendored copy)."""
    polyfills = [str(url) for url in (config.get("extra") or {}).get("polyfills") or []]
    if offline(config) and not any("iframe-worker" in url for url in polyfills):
        polyfills.append(OFFLINE_PLUGIN_SHIM)
    return polyfills


# A top-level key of a YAML mapping: a line that starts a key at column 0 (not a comment, nor a `- item`).
TOP_KEY = re.compile(r"[^\s#\-][^:]*:(?:\s|$)")


def config_entries(text: str) -> list[tuple[str, str]]:
    """mkdocs.yml cut into its top-level entries: (key, the key's line and every indented, blank, comment or
    `- item` line below it). Entries are kept or replaced whole, so tags inside them (`!ENV`,
    `!!python/object/apply`) stay exactly as written."""
    entries: list[tuple[str, list[str]]] = [("", [])]
    for line in text.splitlines(keepends=True):
        if TOP_KEY.match(line):
            entries.append((line.split(":", 1)[0].strip().strip("'\""), []))
        entries[-1][1].append(line)
    return [(key, "".join(lines)) for key, lines in entries if lines]


def entry_value(entries: list[tuple[str, str]], key: str) -> Any:
    """The value of one tag-free top-level entry (for an entry to be rewritten)."""
    text = "".join(entry for name, entry in entries if name == key)
    try:
        return (yaml.safe_load(text) or {}).get(key)
    except yaml.YAMLError as error:
        raise ValueError(f"mkdocs.yml: '{key}' must be plain YAML (no tags) to be rewritten: {error}") from None


def plain_mkdocs_config(config_text: str, docs_dir: Path | str, extra: dict[str, object],
                        target: str = "mkdocs") -> str:
    """The text of mkdocs.yml for building a pre-generated folder: no hooks nor watch, that docs_dir (relative to the
    file written), the `extra` values the hook would have set, and for Zensical its theme variant and
    validation keys. Every other entry is copied line for line."""
    entries = config_entries(config_text)
    keys = {key for key, _ in entries}
    if not {"hooks", "extra"} <= keys:
        raise ValueError("mkdocs.yml no longer has a 'hooks:' list and an 'extra:' mapping")
    changed: dict[str, object] = {"docs_dir": str(docs_dir), "extra": {**(entry_value(entries, "extra") or {}),
                                                                       **extra}}
    if target == "zensical":
        changed["theme"] = {**entry_value(entries, "theme"), "variant": "classic"}
        changed["validation"] = zensical_validation(entry_value(entries, "validation") or {})
    kept = "".join(entry for key, entry in entries if key not in changed and key not in DROPPED_ENTRIES)
    added = yaml.safe_dump(changed, sort_keys=False, allow_unicode=True, width=1000)
    return f"{kept.rstrip()}\n\n{GENERATED_NOTE}\n{added}"


def zensical_validation(mkdocs: dict[str, Any]) -> dict[str, bool]:
    """MkDocs' `validation:` in Zensical's keys (it checks links and anchors only): a check MkDocs runs at
    'warn' (which --strict makes an error) stays on."""
    links = {**mkdocs, **(mkdocs.get("links") or {})}
    return {"invalid_links": any(links.get(key, "warn") != "ignore" for key in ("not_found", "unrecognized_links")),
            "invalid_link_anchors": links.get("anchors", "warn") != "ignore"}


def pregenerate(root: Path, out: Path, target: str = "mkdocs") -> int:
    """Write the pre-built project for `target` into `out` (docs/, overrides/, mkdocs.yml); return the pages.
    `out` is replaced. Relative paths only, so `out` can be moved or built where it lies."""
    replace_folder(out, root)
    config_text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = read_config(config_text)
    extra = build_info(root, offline_polyfills(config))
    revision = extra["revision"] if isinstance(extra["revision"], str) else None
    site = prepare(root / "docs", root / "data", str(config.get("site_url") or "/"), str(config["site_name"]),
                   revision=revision, sources_report=sources_report(os.environ))
    if target == "zensical":  # Zensical's search indexes the pages themselves
        site.own_search = False
        del extra["faq_search"]
    # the offline plugins turn directory URLs off, and the stubs' targets follow
    directory_urls = bool(config.get("use_directory_urls", True)) and not offline(config)
    written = write_docs(site, root / "docs", out / "docs", directory_urls, target)
    custom_dir = (config.get("theme") or {}).get("custom_dir")
    if custom_dir:
        unusable = {(root / custom_dir / path).resolve() for path in UNUSABLE_OVERRIDES[target]}
        shutil.copytree(root / custom_dir, out / custom_dir,
                        ignore=lambda folder, names: [n for n in names if (Path(folder) / n).resolve() in unusable])
    (out / "mkdocs.yml").write_text(plain_mkdocs_config(config_text, "docs", extra, target), encoding="utf-8")
    return written


def replace_folder(out: Path, root: Path) -> None:
    """Remove a previous pre-build in `out`; never the project itself or a folder holding it."""
    if root.resolve().is_relative_to(out.resolve()):
        raise ValueError(f"{out} holds the project: pre-generate into a folder of its own, such as build/pregenerated")
    if out.exists():
        shutil.rmtree(out)


def pregenerate_command(args: list[str]) -> int:
    """`python -m faqsite pregenerate OUT`: the pre-built project; build it with `mkdocs build -f OUT/mkdocs.yml`
    or, with --for zensical, `zensical build -f OUT/mkdocs.yml` (which writes OUT/site)."""
    parser = argparse.ArgumentParser(prog="python -m faqsite pregenerate", description=pregenerate_command.__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--for", dest="target", choices=TARGETS, default="mkdocs")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project (default: the current folder)")
    options = parser.parse_args(args)
    try:
        written = pregenerate(options.root, options.out, options.target)
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError) as error:
        print(f"pregenerate: {error}", file=sys.stderr)
        return 1
    print(f"ok: {written} pages for {options.target} in {options.out}")
    return 0
