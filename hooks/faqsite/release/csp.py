"""Which inline scripts a published page may contain, and the script-src hashes that allow them.

The allow-list is fixed and reviewed: Material's own inline scripts, copied from the theme into
theme-scripts.txt. It is never read from the built pages, so a script that got into a page some other way
(an injected title, a source URL, a glossary entry) is reported by `check_inline_scripts`, which the build
(hooks/faq.py) and the publish check both run, and is refused by the browser under the nginx CSP.
"""
from __future__ import annotations

import base64
import hashlib
import html as html_module
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

THEME_SCRIPTS = Path(__file__).with_name("theme-scripts.txt")
# The only Jinja expressions a reviewed script may contain; both render the page's base_url.
BASE_URL_EXPRESSIONS = frozenset({"base_url", "config.extra.scope | d(base_url)"})
# Pages are at most this many folders deep ('a/b/c/d/'); a deeper page's scripts are not allowed.
MAX_DEPTH = 4
SAFE_PATH = re.compile(r"/(?:[A-Za-z0-9._~%-]+/)*\Z")
EXPRESSION = re.compile(r"\{\{\s*(.*?)\s*\}\}")
SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)(?:</script[\s/>]|\Z)", re.S | re.I)
DATA_TYPES = ("application/json", "application/ld+json")
# The theme's own javascript: URL (the search share button, partials/search.html): it does nothing.
THEME_JAVASCRIPT_URL = "javascript:void(0)"
THEME_JAVASCRIPT_URLS = frozenset({THEME_JAVASCRIPT_URL})
# What sends a page to the attribute parser (may_hold_handlers_or_javascript_urls).
HANDLER = re.compile(r"""[\s/'"]on[^\s/>=]*\s*=""", re.I)
_SKIPPED = "[\x00-\x20]*"  # what browsers ignore inside a URL's scheme
JAVASCRIPT = re.compile(_SKIPPED.join("javascript") + _SKIPPED + "[:&]", re.I)
CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[a-zA-Z][a-zA-Z0-9]*;?)")
JAVASCRIPT_LETTERS = frozenset("javascriptJAVASCRIPT:")
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
                            "cite", "ping", "srcdoc"})


def reviewed_scripts(path: Path = THEME_SCRIPTS) -> list[tuple[str, str]]:
    """(template, script text with its Jinja expression) for each line of the reviewed list."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    scripts = [tuple(line.split(" ", 1)) for line in lines]
    return [(template, body) for template, body in scripts]


def render(body: str, base_url: str) -> str:
    """The script as Material writes it into a page whose base_url is `base_url`."""
    def value(match: re.Match[str]) -> str:
        if match.group(1) not in BASE_URL_EXPRESSIONS:
            raise ValueError(f"{THEME_SCRIPTS.name}: unreviewed template expression {match.group(0)}")
        return base_url
    return EXPRESSION.sub(value, body)


def base_urls(site_path: str) -> list[str]:
    """Every base_url a page can have: relative for pages ('.', '..', ...), the site's path for 404.html."""
    return [".", *("/".join([".."] * depth) for depth in range(1, MAX_DEPTH + 1)), site_path]


def site_path(site_dir: Path) -> str:
    """The path the site was built for (MkDocs gives it to the 404 page as base_url), from index.html's
    canonical link; '/' when there is none. Only a plain path is accepted, so it is safe inside a script."""
    index = site_dir / "index.html"
    text = index.read_text(encoding="utf-8", errors="replace") if index.is_file() else ""
    match = re.search(r'<link rel="canonical" href="([^"]*)"', text)
    path = urlsplit(match.group(1)).path if match else "/"
    path = path[:path.rfind("/") + 1] or "/"
    return path if SAFE_PATH.match(path) else "/"


def allowed_scripts(site_dir: Path) -> frozenset[str]:
    scripts = reviewed_scripts()
    return frozenset(render(body, base) for base in base_urls(site_path(site_dir)) for _, body in scripts)


def script_hashes(site_dir: Path) -> list[str]:
    """CSP source expressions ('sha256-...') of the allowed scripts, and of nothing else."""
    digests = (hashlib.sha256(script.encode("utf-8")).digest() for script in allowed_scripts(site_dir))
    return sorted(f"'sha256-{base64.b64encode(digest).decode()}'" for digest in digests)


class _AttributeParser(HTMLParser):
    """Event-handler attributes (onload=...) and javascript: URLs, as the browser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.script: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        first: dict[str, str] = {}
        for name, value in attrs:
            first.setdefault(name, value or "")
            self.problems.extend(attribute_problems(tag, name, value or ""))
        if tag == "script":
            self.script = first
        refresh = tag == "meta" and first.get("http-equiv", "").lower() == "refresh"
        if refresh and is_javascript_url(refresh_url(first.get("content", ""))):
            self.problems.append("<meta http-equiv=refresh> to a javascript: URL")


def attribute_problems(tag: str, name: str, value: str) -> list[str]:
    if name.startswith("on"):
        return [f"<{tag} {name}=...>"]
    if name in URL_ATTRIBUTES and is_javascript_url(value) and value not in THEME_JAVASCRIPT_URLS:
        return [f"<{tag} {name}=javascript:...>"]
    return []


def refresh_url(content: str) -> str:
    """The URL of a meta refresh's content ('0; url=...')."""
    position = content.lower().find("url=")
    return content[position + 4:].strip(" '\"") if position >= 0 else ""


def script_attributes(text: str) -> dict[str, str]:
    """The attributes of a <script ...> start tag, parsed as a browser does (the first of a name counts)."""
    parser = _AttributeParser()
    parser.feed(f"<script{text}>")
    return parser.script


def is_javascript_url(value: str) -> bool:
    """Browsers ignore whitespace and control characters in a URL's scheme: 'java\\tscript:' runs too."""
    return "".join(ch for ch in value if ord(ch) > 32).lower().startswith("javascript:")


def may_hold_handlers_or_javascript_urls(html: str) -> bool:
    """Whether the attribute parser could find anything in this page; False means it cannot.

    Parsing every page in Python was the build's largest cost of its own (4 s of 16 s for 144 answers, growing with
    every page), and on almost every page there is nothing to find. An event handler with a value needs `on...=`
    after a space, slash or quote. A javascript: URL needs the letters of "javascript" and a colon, written out
    (with at most control characters and spaces between them, which browsers skip) or as character references;
    the first is matched, and any reference that stands for one of those letters, a colon or a control character
    sends the page to the parser. Not matched: a handler without a value (`<x onload>`), which has no code to run.
    """
    text = html.replace(f'href="{THEME_JAVASCRIPT_URL}"', "")
    if HANDLER.search(text) or JAVASCRIPT.search(text):
        return True
    return any(_disguises(match.group(0)) for match in CHARACTER_REFERENCE.finditer(text))


def _disguises(reference: str) -> bool:
    decoded = html_module.unescape(reference)
    return decoded != reference and any(ch in JAVASCRIPT_LETTERS or ord(ch) <= 32 for ch in decoded)


def page_problems(html: str, allowed: frozenset[str]) -> list[str]:
    """What in one page could run script without being on the allow-list."""
    problems: list[str] = []
    for match in SCRIPT.finditer(html):
        attrs, body = script_attributes(match.group("attrs")), match.group("body")
        if "src" in attrs or (attrs.get("type") or "").strip().lower() in DATA_TYPES:
            continue  # an external script (CSP 'self') or a data block, which never runs
        if body not in allowed:
            problems.append(f"inline <script> not in the theme's allow-list: {body.strip()[:60]!r}")
    if not may_hold_handlers_or_javascript_urls(html):
        return problems
    parser = _AttributeParser()
    parser.feed(html)
    parser.close()
    return problems + parser.problems


def check_inline_scripts(site_dir: Path) -> list[str]:
    """One line per page that holds script the CSP does not allow: 'page: what; what'."""
    allowed = allowed_scripts(site_dir)
    lines = []
    for page in sorted(site_dir.rglob("*.html")):
        problems = page_problems(page.read_text(encoding="utf-8", errors="replace"), allowed)
        if problems:
            lines.append(f"{page.relative_to(site_dir).as_posix()}: {'; '.join(problems)}")
    return lines
