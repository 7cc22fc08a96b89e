"""The revision date a page declares in its HTML meta data.

Microsoft Learn pages carry `<meta name="ms.date" content="09/11/2026">` (the revision authors record in
front matter) and `<meta name="updated_at" content="2026-09-11 08:12 AM">` (when it was last published).
Other sites use Open Graph / article or Dublin Core names. The first name in REVISION_META that holds a
readable date wins, so `ms.date` is compared with what the author recorded whenever the page has it.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Checked in this order; names are compared lower-case, from `name`, `property` or `itemprop`.
REVISION_META = ("ms.date", "updated_at", "article:modified_time", "og:updated_time", "git_commit_date",
                 "dcterms.modified", "last-modified", "datemodified")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


@dataclass(frozen=True)
class Revision:
    date: datetime.date | None
    meta: str | None = None      # the meta name the date came from
    problem: str | None = None   # why no date was found, e.g. an unreadable ms.date


def parse_date(text: str) -> datetime.date | None:
    """A date from `2026-09-11`, `2026-09-11T08:12:00Z`, `2026-09-11 08:12 AM` or `09/11/2026` (M/D/Y)."""
    text = text.strip()
    iso = _ISO.match(text)
    us = _US.match(text)
    try:
        if iso:
            return datetime.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if us:
            return datetime.date(int(us[3]), int(us[1]), int(us[2]))
    except ValueError:
        return None
    return None


class _MetaParser(HTMLParser):
    """Collects `<meta>` name/content pairs up to the end of `<head>`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.done = True
        if tag != "meta" or self.done:
            return
        values = dict(attrs)
        name = values.get("name") or values.get("property") or values.get("itemprop")
        if name and values.get("content") is not None:
            self.meta.setdefault(name.strip().lower(), values["content"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.done = True


def page_meta(html: str) -> dict[str, str]:
    parser = _MetaParser()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup: keep what it read
        pass
    return parser.meta


def find_revision(html: str) -> Revision:
    """The page's revision date, or why there is none (never raises on bad markup or dates)."""
    meta = page_meta(html)
    unreadable: list[str] = []
    for name in REVISION_META:
        if name not in meta:
            continue
        date = parse_date(meta[name])
        if date is not None:
            return Revision(date, name)
        unreadable.append(f"{name} {meta[name]!r} is not a date")
    return Revision(None, None, "; ".join(unreadable) or "no revision meta data")
