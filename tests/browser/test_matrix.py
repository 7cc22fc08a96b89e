"""The comparison you can scan and the picture of where each option encrypts, as a browser shows them."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Browser, Page

from conftest import AXE, POLL_MS, assert_lands_on
from test_served import watch

pytestmark = pytest.mark.browser

DIAGRAM_PAGES = ["./", "comparison/", "disk-encryption/sse-vs-ade/", "disk-encryption/options-today/"]
ANSWERS = ["ENC-028", "ENC-001", "ENC-038", "ENC-036", "ENC-040"]  # SSE + PMK, SSE + CMK, host, ADE, confidential
PHONE = {"width": 390, "height": 844}


def box(page: Page, selector: str) -> dict[str, float]:
    return page.locator(selector).first.evaluate("el => el.getBoundingClientRect().toJSON()")


def test_first_column_and_header_stay_in_view_when_the_table_scrolls_on_a_phone(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto("comparison/")
    wrap = ".faq-matrix .md-typeset__scrollwrap"
    page.locator(wrap).scroll_into_view_if_needed()
    sizes = page.locator(wrap).evaluate("el => [el.scrollWidth, el.clientWidth, el.scrollHeight, el.clientHeight]")
    assert sizes[0] > sizes[1] + 200 and sizes[2] > sizes[3] + 200, sizes  # it does scroll both ways
    first, second = ".faq-matrix tbody tr:nth-child(2) td:first-child", ".faq-matrix tbody tr:nth-child(2) td:nth-child(2)"
    before = box(page, second)["left"]
    page.locator(wrap).evaluate("el => { el.scrollLeft = 250; }")
    assert box(page, second)["left"] < before - 200  # the other columns moved ...
    assert abs(box(page, first)["left"] - box(page, wrap)["left"]) < 1  # ... the first stayed at the left edge
    header_top = box(page, ".faq-matrix thead th:nth-child(3)")["top"]
    page.locator(wrap).evaluate("el => { el.scrollTop = 600; }")
    assert box(page, first)["top"] < header_top - 300  # the rows moved up ...
    assert abs(box(page, ".faq-matrix thead th:nth-child(3)")["top"] - box(page, wrap)["top"]) < 1  # ... not the header
    corner = page.locator(".faq-matrix thead th:first-child")
    assert corner.evaluate("el => document.elementFromPoint(el.getBoundingClientRect().left + 5, "
                           "el.getBoundingClientRect().top + 5).closest('th') === el")  # drawn above the cells


def test_verdict_icons_are_hidden_from_screen_readers_and_the_words_stay(page: Page) -> None:
    page.goto("comparison/")
    icons = page.locator(".faq-matrix td .faq-icon")
    assert icons.count() > 40
    assert page.locator(".faq-matrix .faq-icon:not([aria-hidden='true'])").count() == 0
    assert " ".join(page.locator(".faq-legend").inner_text().split()) == "✓ Yes ✓ Only with conditions Partly ✗ No"
    cell = page.locator(".faq-matrix tbody tr:nth-child(2) td:nth-child(2)")
    assert "No" in cell.locator("strong").inner_text()


@pytest.mark.parametrize("url", DIAGRAM_PAGES)
def test_each_option_in_the_diagram_opens_its_answer(page: Page, url: str) -> None:
    trouble = watch(page)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert trouble == []  # nothing the CSP refused, nothing failed
    links = page.locator("figure.faq-layers .faq-layers__options a")
    hrefs = [urljoin(page.url, links.nth(i).get_attribute("href")) for i in range(links.count())]
    assert len(hrefs) == 5, hrefs
    assert page.locator("figure.faq-layers svg[role='img'] title").count() == 1
    for href, qid in zip(hrefs, ANSWERS):
        response = page.goto(href)
        assert response is not None and response.status == 200
        assert page.locator(".faq-id").inner_text() == qid


def test_every_link_in_the_diagram_is_relative_and_resolves_in_the_built_site(site_dir: Path, pages) -> None:
    """MkDocs checks Markdown links only; this checks the figure as built, on every page that shows it."""
    shown = set()
    for path in pages.all_html():
        if 'class="faq-layers"' not in path.read_text(encoding="utf-8"):
            continue
        url = path.parent.relative_to(site_dir).as_posix() + "/"
        shown.add("./" if url == "./" else url)
        hrefs = [a["href"] for a in pages(str(path.relative_to(site_dir))).select("figure.faq-layers a[href]")]
        assert len(hrefs) == 5 and not any(h.startswith(("/", "http", "#")) for h in hrefs), (url, hrefs)
        for href in hrefs:
            target = (path.parent / href).resolve()
            assert (target / "index.html").is_file() or target.is_file(), (url, href)
    assert shown >= set(DIAGRAM_PAGES)  # and the dated versions of those answers


@pytest.mark.parametrize("scheme, fill", [("light", "rgb(64, 81, 181)"), ("dark", "rgb(84, 136, 232)")])
def test_the_diagram_follows_the_colour_scheme(browser: Browser, base_url: str, scheme: str, fill: str) -> None:
    context = browser.new_context(base_url=base_url, color_scheme=scheme)
    page = context.new_page()
    page.goto("./")
    covered = page.locator("rect.faq-layers__mark--yes").first
    assert covered.evaluate("el => getComputedStyle(el).fill") == fill
    hatched = page.locator("rect.faq-layers__mark--if").first
    assert hatched.evaluate("el => getComputedStyle(el).fill").startswith("url(")
    context.close()


@pytest.mark.parametrize("url, part", [("comparison/", "document"), ("./", "document.querySelector('.faq-layers')")])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_reports_no_violation_on_a_phone(audit_page: Page, url: str, part: str, scheme: str) -> None:
    """The comparison page whole, and the diagram on the home page (the rest of it is tested at 1280 px)."""
    audit_page.set_viewport_size(PHONE)
    audit_page.emulate_media(color_scheme=scheme)
    audit_page.goto(url)
    audit_page.add_script_tag(path=str(AXE))
    result = audit_page.evaluate(f"axe.run({part})")
    assert [f"{v['id']}: {v['nodes'][0]['target']}" for v in result["violations"]] == []


def test_a_row_link_lands_on_its_property_below_the_lists_rendered_only_near_the_screen(page: Page) -> None:
    """faq.css gives the lists under "Property by property" content-visibility: auto (issue 21): a row's link still
    lands on its heading, with the list under it drawn, and the way back lands on the row."""
    page.set_viewport_size(PHONE)
    page.goto("comparison/")
    link = page.locator(".faq-matrix tbody tr:last-child td:first-child a")
    target = (link.get_attribute("href") or "").split("#")[-1]  # Material makes the links absolute
    assert target
    link.click()
    heading = page.locator(f"h3[id='{target}']")
    assert_lands_on(page, target)
    items = heading.locator("xpath=following-sibling::ul[1]/li")
    assert items.count() >= 5 and items.first.evaluate("el => el.getBoundingClientRect().height") > 10
    page.locator(f"h3[id='{target}'] ~ p a[href*='#row-']").first.click()
    page.wait_for_function("() => { const r = document.querySelector('.faq-matrix tbody tr:last-child')"
                           ".getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }", polling=POLL_MS)


def test_the_last_article_of_the_coverage_map_is_reached_from_its_contents_entry(page: Page) -> None:
    page.goto("coverage/")
    last = page.locator("article .faq-coverage > h2").last
    anchor = last.get_attribute("id")
    page.locator(f".md-sidebar--secondary a[href$='#{anchor}']").first.click()
    assert_lands_on(page, anchor)
    rows = page.locator("article .faq-coverage > h2").last.locator("xpath=following-sibling::*[2]").locator("tr")
    assert rows.count() >= 2
