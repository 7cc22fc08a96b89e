"""What makes the answers accountable, from data/site.yml: the "Report a problem" URL of every question (its link
is templates/report-link.html) and the site settings the About page shows (`{{ site:maintainer }}`), each written
once, in data/site.yml.

The settings were validated on loading (load.content.load_site_settings): the report URL carries only a URL's
own characters, and every value filled into it is percent-encoded, so it is safe in Markdown and in an attribute.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ..model import Question
from ..text import md_text

SITE_MARKER = re.compile(r"\{\{\s*site:([a-z_]+)\s*\}\}")


def report_url(site_settings: Mapping[str, Any], q: Question, canonical_url: str) -> str:
    """The settings' report_url with {id}, {url} and {reviewed} filled in (percent-encoded); '' when unset."""
    template = str(site_settings.get("report_url") or "")
    values = {"id": q.id, "url": canonical_url, "reviewed": q.reviewed.isoformat()}
    return re.sub(r"\{(id|url|reviewed)\}", lambda m: quote(values[m.group(1)], safe=""), template)


def contact_link(contact: str) -> str:
    """An e-mail address as a mailto link, an https URL as itself (both validated when loaded)."""
    target = contact if contact.startswith("https://") else f"mailto:{contact}"
    return f"[{md_text(contact)}]({target})"


def site_markers(site_settings: Mapping[str, Any]) -> dict[str, str]:
    """Marker key -> Markdown, for the settings a hand-written page may show: {{ site:maintainer }}, ..."""
    maintainer = site_settings.get("maintainer") or {}
    months = site_settings.get("review_interval_months")
    markers: dict[str, str] = {}
    if maintainer:
        markers["maintainer"] = md_text(maintainer["name"])
        markers["contact"] = contact_link(maintainer["contact"])
    if months:
        markers["review_interval"] = md_text(f"{months} month{'s' if months != 1 else ''}")
    return markers


def fill_site_markers(markdown: str, site_settings: Mapping[str, Any]) -> str:
    """A page's Markdown with each {{ site:key }} replaced; unknown keys stay (`unknown_site_markers` names them)."""
    markers = site_markers(site_settings)
    return SITE_MARKER.sub(lambda m: markers.get(m.group(1), m.group(0)), markdown)


def unknown_site_markers(markdown: str, site_settings: Mapping[str, Any]) -> list[str]:
    markers = site_markers(site_settings)
    return [m.group(1) for m in SITE_MARKER.finditer(markdown) if m.group(1) not in markers]
