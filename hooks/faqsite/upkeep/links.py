"""Outbound links of a built site: every `<a href="http...">` in its HTML files, with the pages using it.

Internal links are the build's business (strict MkDocs plus `faqsite linkcheck`); this only lists the
links that leave the site, so that the source check visits them in the same pass.
"""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag


class _AnchorParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        href = (values.get("href") or "").strip()
        if tag == "a" and href.lower().startswith(("http://", "https://")):
            self.hrefs.append(href)
        elif tag == "link" and (values.get("rel") or "").lower() == "canonical" and self.canonical is None:
            self.canonical = href or None


def page_links(html: str) -> list[str]:
    parser = _AnchorParser()
    parser.feed(html)
    parser.close()
    return parser.hrefs


def own_url(site_dir: Path) -> str | None:
    """The site's own address: the canonical URL of its home page (MkDocs writes it from `site_url`)."""
    home = site_dir / "index.html"
    if not home.is_file():
        return None
    parser = _AnchorParser()
    parser.feed(home.read_text(encoding="utf-8", errors="replace"))
    return parser.canonical


def outbound_links(site_dir: Path, skip: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """URL (without fragment) -> site-relative paths of the pages linking to it, both sorted.

    Links starting with a prefix in `skip` (the site's own URL) are left out.
    """
    found: dict[str, set[str]] = {}
    for page in sorted(site_dir.rglob("*.html")):
        name = page.relative_to(site_dir).as_posix()
        for href in page_links(page.read_text(encoding="utf-8", errors="replace")):
            url = urldefrag(href).url
            if not any(url.startswith(prefix) for prefix in skip if prefix):
                found.setdefault(url, set()).add(name)
    return {url: sorted(found[url]) for url in sorted(found)}
