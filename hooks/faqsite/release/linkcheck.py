"""Check a built site from its files: every internal link and anchor resolves. No network is touched.

MkDocs validates the links it renders from Markdown; this also covers what it does not see (theme
templates, raw HTML, redirect stubs, the 404 page) and runs on the very folder about to be published.
"""
from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.ids.update(filter(None, (values.get("id"), values.get("name"))))
        link = values.get(LINK_ATTRIBUTES.get(tag, ""))
        if link:
            self.links.append(link)
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.links.extend(refresh_links(values.get("content", "")))


def refresh_links(content: str) -> list[str]:
    """The URL of a meta refresh's content ('0; url=...'), if it has one."""
    position = content.lower().find("url=")
    return [content[position + 4:].strip()] if position >= 0 else []


def parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


def resolve(site_dir: Path, page: Path, link: str) -> tuple[Path | None, str]:
    """The file an internal link points to (None for external ones) and its fragment."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
        return None, ""
    if not parts.path:
        return page, unquote(parts.fragment)
    if parts.path.startswith("/"):
        return None, ""  # absolute paths depend on where the site is mounted; the build forbids them in content
    folder = page.parent.relative_to(site_dir).as_posix()
    target = site_dir / posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def check_site(site_dir: Path) -> list[str]:
    """One line per broken internal link or anchor: 'page: link: what is wrong'."""
    pages = {path: parse(path) for path in sorted(site_dir.rglob("*.html"))}
    problems: list[str] = []
    for page, parsed in pages.items():
        name = page.relative_to(site_dir).as_posix()
        for link in parsed.links:
            problem = link_problem(site_dir, page, link, pages)
            if problem:
                problems.append(f"{name}: {link}: {problem}")
    return problems


def link_problem(site_dir: Path, page: Path, link: str, pages: dict[Path, _PageParser]) -> str | None:
    target, fragment = resolve(site_dir, page, link)
    if target is None:
        return None
    if not target.exists():
        return "no such file"
    if fragment and target.suffix == ".html" and fragment not in (pages.get(target) or parse(target)).ids:
        return f"no element with id '{fragment}'"
    return None
