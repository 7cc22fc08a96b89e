"""What an author may not write: active markup in a page body, and source URLs that are not plain links.

Front-matter and data text is always escaped by the pages; a Markdown body is the one place an author writes
markup, so it is where script, frames, plugins, event handlers and script URLs are refused.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

ACTIVE_ELEMENT = re.compile(r"<\s*(script|iframe|object|embed|frame|frameset|applet|base|meta|link|form|style)\b",
                            re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\s(on[a-z]+)\s*=", re.I | re.S)
SCRIPT_URL = re.compile(r"(?:\]\(\s*<?|\b(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?\s*)"
                        r"(javascript|vbscript|data)\s*:", re.I)
FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
CODE_SPAN = re.compile(r"`[^`\n]+`")
URL_FORBIDDEN = re.compile(r"[\s\"'<>()\\`{}|^\[\]]")


def body_problems(body: str) -> list[tuple[str, int]]:
    """(message, line within the body) for each piece of active markup outside code."""
    prose = without_code(body)
    found: list[tuple[str, int]] = []
    for pattern, what in ((ACTIVE_ELEMENT, "a <{}> element"), (EVENT_HANDLER, "an event-handler attribute ({})"),
                          (SCRIPT_URL, "a {}: link")):
        for match in pattern.finditer(prose):
            line = prose.count("\n", 0, match.start()) + 1
            found.append((f"{what.format(match.group(1).lower())} is not allowed in a page body", line))
    return sorted(found, key=lambda item: item[1])


def without_code(body: str) -> str:
    """The body with fenced code and code spans blanked out, line breaks kept."""
    return CODE_SPAN.sub(_blank, FENCE.sub(_blank, body))


def _blank(match: re.Match[str]) -> str:
    """Code keeps its line breaks (for line numbers) and loses its text (code may show markup as an example)."""
    return re.sub(r"[^\n]", " ", match.group(0))


def source_url_problem(url: str, hosts: tuple[str, ...]) -> str:
    """'' for an https URL on an allowed host with nothing that could close a link or an attribute."""
    if not url.lower().startswith("https://"):
        return f"'{url}' is not an https URL"
    if URL_FORBIDDEN.search(url):
        return f"'{url}' contains a space, quote, bracket or other character a URL must encode"
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password or parts.port:
        return f"'{url}' is not an https URL"
    host = parts.hostname.lower()
    if not any(host == allowed or host.endswith("." + allowed) for allowed in hosts):
        return f"'{url}': host {host} is not one of the source hosts ({', '.join(hosts)}; data/site.yml source_hosts)"
    return ""
