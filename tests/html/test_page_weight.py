"""What keeps the pages light on a phone (issue 21): deferred scripts, no script-driven tooltips, and the long
parts of the coverage map and the comparison in the boxes faq.css renders only near the screen."""
from __future__ import annotations

import json
import re


def test_every_script_with_a_source_is_deferred_and_the_bundle_runs_before_faq_js(pages) -> None:
    for url in ["./", "comparison/", "coverage/", "disk-encryption/sse-vs-ade/"]:
        scripts = [s for s in pages(url).find_all("script") if s.get("src")]
        names = [s["src"].rsplit("/", 1)[-1] for s in scripts]
        assert all(s.has_attr("defer") for s in scripts), (url, names)
        assert re.fullmatch(r"bundle\.[0-9a-f]+\.min\.js", names[0]) and "faq.js" in names[1:], (url, names)


def test_material_turns_no_title_into_a_tooltip(pages) -> None:
    config = json.loads(pages("coverage/").find("script", id="__config").string)
    assert "content.tooltips" not in config["features"]
    assert "navigation.instant" in config["features"]  # the other features are still there
    abbrs = pages("coverage/").select("article abbr")
    assert len(abbrs) > 20 and all(a.get("title") for a in abbrs)  # the browser's own tooltip stays


def test_the_coverage_tables_sit_in_the_box_rendered_only_near_the_screen(pages) -> None:
    article = pages("coverage/").find("article")
    box = article.select_one("div.faq-coverage")
    assert box is not None
    assert len(box.find_all("table", recursive=False)) == len(article.find_all("table")) > 10
    assert len(box.find_all("h2", recursive=False)) > 10  # the headings too, outside the tables, so the TOC finds them


def test_the_comparison_details_sit_in_the_box_but_the_matrix_and_the_headings_do_not(pages) -> None:
    article = pages("comparison/").find("article")
    box = article.select_one("div.faq-details")
    lists = box.find_all("ul", recursive=False)
    headings = box.find_all("h3", recursive=False)
    assert len(lists) == len(headings) >= 8
    assert all(h.get("id") for h in headings)  # the targets of the matrix's row links
    assert box.find("table") is None and article.select_one(".faq-matrix table") is not None
