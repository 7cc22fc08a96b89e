"""Text for every output: escaping for each context, and the core's own templates.

Text from front matter and data/ goes through `md_text` (Markdown) or `html_text` (HTML), so it is shown as
text, never read as markup. Fixed prose and HTML blocks live in templates/ beside this module, rendered by the
core's own Jinja environment (never MkDocs' or the theme's): escaping is on by default there (`md_text` in *.md
templates, HTML escaping in *.html ones), and only a fragment the core built itself passes unescaped, wrapped
with `trusted`.
"""
from __future__ import annotations

import datetime
import html
import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

TEMPLATES = Path(__file__).with_name("templates")

_ESCAPE = re.compile(r"([\\`*_{}\[\]()#+\-.!|&:~^=\"'$%@/;,?])")


def md_text(text: object) -> str:
    """Plain text for a Markdown context: every punctuation mark escaped, line breaks folded.

    Relies on pymdownx.escapeall, which makes any backslash-escaped character literal. Angle brackets become
    entities instead: Python-Markdown finds raw HTML blocks before it reads backslash escapes, so `\\<` could
    still open a tag and swallow the lines after it.
    """
    escaped = _ESCAPE.sub(r"\\\1", " ".join(str(text).split()))
    return escaped.replace("<", "&lt;").replace(">", "&gt;")


def long_date(day: datetime.date) -> str:
    """A date as pages and stubs write it: '1 December 2026'."""
    return f"{day.day} {day:%B %Y}"


def html_text(text: object) -> str:
    return html.escape(" ".join(str(text).split()), quote=True)


def trusted(fragment: str) -> Markup:
    """A fragment the core built (already escaped), passed into a template as is."""
    return Markup(fragment)


def _md_finalize(value: Any) -> Any:
    return value if isinstance(value, Markup) or value is None else Markup(md_text(value))


@cache
def _environment(kind: str) -> jinja2.Environment:
    options: dict[str, Any] = {"loader": jinja2.FileSystemLoader(TEMPLATES), "undefined": jinja2.StrictUndefined,
                               "keep_trailing_newline": True, "trim_blocks": True, "lstrip_blocks": True}
    if kind == "md":
        return jinja2.Environment(autoescape=False, finalize=_md_finalize, **options)
    return jinja2.Environment(autoescape=True, **options)


def render(name: str, **values: Any) -> str:
    """Render templates/<name>: Markdown-escaped values in *.md templates, HTML-escaped ones in *.html."""
    return _environment("md" if name.endswith(".md") else "html").get_template(name).render(**values)
