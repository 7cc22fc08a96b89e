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


def test_recently_reviewed_lists_every_review_in_blocks_of_20_under_its_day(pages, site_dir, content) -> None:
    box = pages("recently-reviewed/").find("article").select_one("div.faq-reviews")
    children = box.find_all(recursive=False)
    assert {c.name for c in children} == {"h2", "div"} and children[0].name == "h2"
    assert all(c.get("class") == ["faq-reviews__block"] for c in children if c.name == "div")
    days: list[tuple[str, list[int]]] = []  # (heading id, the number of reviews in each block under it)
    for child in children:
        if child.name == "h2":
            days.append((child["id"], []))
        else:
            assert len(child.find_all(recursive=False)) == 1 and child.ul is not None  # one list per block
            days[-1][1].append(len(child.ul.find_all("li", recursive=False)))
    assert len(days) >= 2
    for heading, sizes in days:
        assert re.fullmatch(r"\d{1,2}-(january|february|march|april|may|june|july|august|september|october|"
                            r"november|december)-\d{4}", heading)  # the ids readers link to, as before
        assert sizes and all(size == 20 for size in sizes[:-1]) and 1 <= sizes[-1] <= 20, (heading, sizes)
    assert any(len(sizes) > 2 for _, sizes in days)  # a long day is cut into several blocks
    # Every review still listed, once: the "this version" links are exactly the version pages the build wrote,
    # and each answer's current review says so instead (its address is a stub to the answer).
    listed = [a["href"] for a in box.find_all("a") if a.get_text() == "this version"]
    addresses = site_dir.glob("q/*/*/index.html")
    written = sorted(f"../{p.parent.relative_to(site_dir).as_posix()}/" for p in addresses
                     if "current-version" not in p.read_text(encoding="utf-8")[:1000])
    assert sorted(listed) == written and len(written) > 50
    current = [li for li in box.find_all("li") if li.get_text().endswith("(the current version)")]
    assert len(current) == len(content.content.questions)
    assert len(box.find_all("li")) == len(listed) + len(current)


def test_review_status_lists_every_answer_in_tables_of_20_with_the_same_columns(pages, content) -> None:
    article = pages("review-status/").find("article")
    box = article.select_one("div.faq-review-table")
    tables = box.find_all(recursive=False)
    assert {t.name for t in tables} == {"table"} and len(tables) >= 3
    assert box.find_previous_sibling("h2")["id"] == "by-next-review-date"
    sizes = [len(t.tbody.find_all("tr")) for t in tables]
    assert all(size == 20 for size in sizes[:-1]) and 1 <= sizes[-1] <= 20, sizes
    for table in tables:
        assert [th.get_text() for th in table.thead.find_all("th")] == ["Next review", "Answer", "Reviewed", "State"]
    shown = [row.find_all("td")[1].get_text().split(":")[0] for t in tables for row in t.tbody.find_all("tr")]
    assert sorted(shown) == sorted(q.id for q in content.content.questions)  # every answer, once
