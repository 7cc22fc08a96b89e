"""Recently reviewed, the review status and the decision guide on a phone (issue 21): the long lists and tables are
drawn only near the screen, yet links to them land, print shows them whole, and the guide opens as it did."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page

from conftest import AXE, assert_lands_on

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
BLOCKS = ".faq-reviews > .faq-reviews__block"
TABLES = ".faq-review-table > .md-typeset__scrollwrap"  # Material has wrapped each table by then
DRAWN = "els => els.map(el => el.querySelector('li, td').checkVisibility({contentVisibilityAuto: true}))"


def test_recently_reviewed_draws_the_blocks_near_the_screen_and_the_last_one(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto("recently-reviewed/")
    drawn = page.locator(BLOCKS).evaluate_all(DRAWN)
    assert len(drawn) >= 5
    assert drawn[0] and drawn[-1]  # the first block on the screen; the last one always
    assert drawn[2:-1] == [False] * (len(drawn) - 3)  # the ones far below it wait


def test_a_link_to_a_day_lands_on_its_heading_with_its_reviews_drawn(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto("recently-reviewed/")
    day = page.locator(".faq-reviews > h2").nth(1).get_attribute("id")
    assert day
    page.goto(f"recently-reviewed/#{day}")
    assert_lands_on(page, day)
    first = page.locator(f"h2[id='{day}'] + .faq-reviews__block li").first
    assert first.evaluate("el => el.checkVisibility({contentVisibilityAuto: true})")
    assert first.evaluate("el => el.getBoundingClientRect().height") > 10


@pytest.mark.parametrize("url, parts", [("recently-reviewed/", BLOCKS), ("review-status/", TABLES)])
def test_print_draws_every_block(page: Page, url: str, parts: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(url)
    page.emulate_media(media="print")
    drawn = page.locator(parts).evaluate_all(DRAWN)
    assert len(drawn) >= 3 and all(drawn)


def test_review_status_draws_the_tables_near_the_screen_and_their_columns_line_up(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto("review-status/")
    drawn = page.locator(TABLES).evaluate_all(DRAWN)
    assert len(drawn) >= 3 and drawn[0] and drawn[-1] and not any(drawn[1:-1])
    widths = page.locator(TABLES).evaluate_all("els => els.map(el => [...el.querySelectorAll('thead th')]"
                                               ".map(th => Math.round(th.getBoundingClientRect().width)))")
    assert all(w == widths[0] for w in widths), widths
    assert widths[0][1] > widths[0][0]  # the answer's title has the widest column


def test_the_guide_opens_with_every_option_kept_and_without_moving_the_table(page: Page, content) -> None:
    """faq.js reads the table only on the first tick: until then faq.css outlines every option's header."""
    page.set_viewport_size(PHONE)
    page.add_init_script("window.__shift = 0; new PerformanceObserver(list => list.getEntries().forEach("
                         "e => { window.__shift += e.value; })).observe({type: 'layout-shift', buffered: true});")
    page.goto("decision-guide/")
    page.wait_for_load_state("load")
    headers = page.locator("article thead th:not(:first-child)")
    outline = "els => els.map(el => getComputedStyle(el).outlineStyle)"
    matrix = content.matrix
    assert headers.evaluate_all(outline) == ["solid"] * len(matrix.options)
    assert page.locator("article th[data-fits], article .faq-guide--out").count() == 0  # nothing changed at load
    result = page.locator(".faq-guide__result").inner_text()
    assert result == f"No requirement ticked: all {len(matrix.options)} options shown."
    page.wait_for_timeout(500)
    assert page.evaluate("window.__shift") < 0.01  # shown in the task that wraps the table, not after
    page.get_by_label("The temp disk must be encrypted").check()
    wanted = next(r for r in matrix.requirements if r.slug == "temp-disk")
    expected = ["solid" if matrix.meets(wanted, o.slug) else "none" for o in matrix.options]
    assert "none" in expected and headers.evaluate_all(outline) == expected


@pytest.mark.parametrize("url", ["recently-reviewed/", "review-status/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_reports_no_violation_on_a_phone(audit_page: Page, url: str, scheme: str) -> None:
    audit_page.set_viewport_size(PHONE)
    audit_page.emulate_media(color_scheme=scheme)
    audit_page.goto(url)
    audit_page.add_script_tag(path=str(AXE))
    result = audit_page.evaluate("axe.run()")
    assert [f"{v['id']}: {v['nodes'][0]['target']}" for v in result["violations"]] == []
