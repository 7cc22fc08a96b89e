"""The CSP's script allow-list is Material's reviewed inline scripts and nothing a page brings along."""
from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest
from faqsite.release.csp import (THEME_JAVASCRIPT_URLS, allowed_scripts, base_urls, check_inline_scripts,
                                 may_hold_handlers_or_javascript_urls, page_problems, render, reviewed_scripts,
                                 script_hashes, site_path)

SPEC = importlib.util.find_spec("material")
assert SPEC is not None and SPEC.origin is not None
MATERIAL = Path(SPEC.origin).parent / "templates"
BASE = reviewed_scripts()[0][1]


def page(body: str = "", base: str = "..", canonical: str = "https://faq.example.test/") -> str:
    scripts = "".join(f"<script>{render(script, base)}</script>" for _, script in reviewed_scripts())
    return (f'<!doctype html><html><head><link rel="canonical" href="{canonical}">'
            f'<script id="__config" type="application/json">{{"base": "{base}"}}</script></head>'
            f'<body>{scripts}<script src="{base}/assets/javascripts/faq.js"></script>{body}</body></html>')


def write(root: Path, path: str, html: str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")


def test_every_reviewed_script_is_in_the_installed_theme_verbatim() -> None:
    """After a Material upgrade this fails until someone reviews the theme's inline scripts again."""
    scripts = reviewed_scripts()
    assert [template for template, _ in scripts] == ["partials/javascripts/base.html",
                                                     "partials/javascripts/palette.html",
                                                     "partials/javascripts/content.html"]
    for template, body in scripts:
        assert f"<script>{body}</script>" in (MATERIAL / template).read_text(encoding="utf-8"), template
    assert THEME_JAVASCRIPT_URLS == {"javascript:void(0)"}
    assert '<a href="javascript:void(0)" ' in (MATERIAL / "partials" / "search.html").read_text(encoding="utf-8")


def test_the_hashes_come_from_the_allow_list_not_from_the_pages(tmp_path: Path) -> None:
    write(tmp_path, "index.html", page(base="."))
    clean = script_hashes(tmp_path)
    assert len(clean) == len(base_urls("/")) + 2  # the base script at each depth, palette, content
    write(tmp_path, "a/index.html", page("<script>alert(1)</script>"))
    assert script_hashes(tmp_path) == clean


def test_pages_with_only_the_theme_scripts_pass_at_every_depth(tmp_path: Path) -> None:
    write(tmp_path, "index.html", page(base=".", canonical="https://faq.example.test/sub/"))
    write(tmp_path, "a/b/c/d/index.html", page(base="../../../.."))
    write(tmp_path, "404.html", page(base="/sub/"))
    assert site_path(tmp_path) == "/sub/"
    assert check_inline_scripts(tmp_path) == []


@pytest.mark.parametrize("injected", [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT >",
    "<script/>alert(1)</script>",
    "<script type=module>alert(1)</script>",
    '<script class="application/json">alert(1)</script>',
    '<script data-src="x">alert(1)</script>',
    "<script>alert(1)",
    f"<script>{render(BASE, '../../../../..')}</script>",  # deeper than MAX_DEPTH
])
def test_any_other_inline_script_is_reported(tmp_path: Path, injected: str) -> None:
    write(tmp_path, "index.html", page(base="."))
    write(tmp_path, "a/index.html", page(f"<h1>Title</h1>{injected}"))
    problems = check_inline_scripts(tmp_path)
    assert len(problems) == 1 and problems[0].startswith("a/index.html: inline <script> not in the theme's allow-list")


@pytest.mark.parametrize("injected, reported", [
    ('<svg onload="alert(1)">', "<svg onload=...>"),
    ('<img src=x OnError=alert(1)>', "<img onerror=...>"),
    ('<a href="java&#9;script:alert(1)">x</a>', "<a href=javascript:...>"),
    ('<a href=" JavaScript:alert(1)">x</a>', "<a href=javascript:...>"),
    ('<a href="javascript:void(alert(1))">x</a>', "<a href=javascript:...>"),
    ('<a href="javascript:void(0) ">x</a>', "<a href=javascript:...>"),
    ('<form action="javascript:alert(1)"></form>', "<form action=javascript:...>"),
    ('<meta http-equiv="refresh" content="0; url=javascript:alert(1)">', "<meta http-equiv=refresh> to a javascript: URL"),
    # the forms the fast pre-check (may_hold_handlers_or_javascript_urls) must send on to the parser
    ('<a href="&#106;avascript:alert(1)">x</a>', "<a href=javascript:...>"),
    ('<a href="&#x6A;&#x61;vascript&colon;alert(1)">x</a>', "<a href=javascript:...>"),
    ('<a href="javascript&#58alert(1)">x</a>', "<a href=javascript:...>"),
    ('<a href="java\nscript\t:alert(1)">x</a>', "<a href=javascript:...>"),
    ('<a href="&Tab;javascript:alert(1)">x</a>', "<a href=javascript:...>"),
    ('<img/onerror=alert(1) src=x>', "<img onerror=...>"),
    ('<a href="x"onclick="alert(1)">x</a>', "<a onclick=...>"),
    ("<div\nONMOUSEOVER\n=\n'alert(1)'>x</div>", "<div onmouseover=...>"),
])
def test_event_handlers_and_javascript_urls_are_reported(tmp_path: Path, injected: str, reported: str) -> None:
    write(tmp_path, "a/index.html", page(injected))
    assert check_inline_scripts(tmp_path) == [f"a/index.html: {reported}"]


def test_data_blocks_external_scripts_and_text_are_fine(tmp_path: Path) -> None:
    write(tmp_path, "a/index.html", page('<script type="application/ld+json">{"@type": "FAQPage"}</script>'
                                         '<a href="javascript:void(0)" data-md-component="search-share">share</a>'
                                         '<script src="x.js"></script><p>&lt;script&gt;alert(1)&lt;/script&gt; '
                                         'and onload= are words here; see <a href="javascript-notes/">notes</a></p>'))
    assert check_inline_scripts(tmp_path) == []


def test_the_parser_reads_only_pages_where_it_could_find_something(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsing every page in Python was the build's largest cost of its own; the pre-check decides which pages
    it must read, and errs on the side of reading."""
    assert not may_hold_handlers_or_javascript_urls(page('<p>Turn it on. See <a href="javascript-notes/">notes</a>, '
                                                         "O&#39;Brien &amp; co, &lt;b&gt;, "
                                                         '<a href="javascript:void(0)">share</a></p>'))
    for suspect in ('<p>a one=two</p>', '<p>javascript: is a scheme</p>', '<p>&#74; and &colon;</p>'):
        assert may_hold_handlers_or_javascript_urls(page(suspect)), suspect
    monkeypatch.setattr("faqsite.release.csp._AttributeParser.close", lambda self: 1 / 0)  # the page-wide parse
    assert page_problems(page("<p>Turn it on.</p>"), allowed_scripts(Path("/nonexistent"))) == []


def test_an_unsafe_canonical_path_is_not_put_into_a_script(tmp_path: Path) -> None:
    write(tmp_path, "index.html", page(base=".", canonical='https://x.test/a",alert(1),"/'))
    assert site_path(tmp_path) == "/"
    assert not any("alert" in script for script in allowed_scripts(tmp_path))


def test_the_build_hook_stops_on_an_injected_script(tmp_path: Path) -> None:
    from faq import on_post_build
    from mkdocs.exceptions import PluginError
    write(tmp_path, "index.html", page(base="."))
    on_post_build(SimpleNamespace(site_dir=str(tmp_path)))  # type: ignore[arg-type]
    write(tmp_path, "tags/x/index.html", page("<script>alert(1)</script>", base="../.."))
    with pytest.raises(PluginError, match=r"(?s)allow-list:\ntags/x/index.html: inline <script>"):
        on_post_build(SimpleNamespace(site_dir=str(tmp_path)))  # type: ignore[arg-type]
