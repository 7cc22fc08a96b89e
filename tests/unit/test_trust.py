"""The trust settings of data/site.yml: validated when loaded, and the report link and About-page values made
from them."""
from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from faqsite.load.content import load_site_settings
from faqsite.load.frontmatter import load_yaml
from faqsite.model import Question
from faqsite.pages.trust import fill_site_markers, report_url, unknown_site_markers
from faqsite.text import render

from support import ROOT

Q = Question(id="ENC-038", title="What does encryption at host cover?", summary="It encrypts the temp disk.",
             tags=[], theme="choosing", sources=[], reviewed=datetime.date(2026, 11, 28), since_2020="new",
             path="disk-encryption/encryption-at-host.md", topic="disk-encryption")
URL = "https://faq.example.test/disk-encryption/encryption-at-host/"
MAILTO = "mailto:faq@example.org?subject=Problem%20with%20{id}&body=URL%3A%20{url}%0AReviewed%3A%20{reviewed}"


def settings(**raw: Any) -> tuple[dict[str, Any], list[str]]:
    problems: list = []
    loaded = load_site_settings(raw, {}, problems)
    return loaded, [f"{p.field}: {p.message}" for p in problems]


def test_the_report_link_fills_id_url_and_review_date_percent_encoded() -> None:
    loaded, problems = settings(report_url=MAILTO)
    assert problems == []
    assert report_url(loaded, Q, URL) == (
        "mailto:faq@example.org?subject=Problem%20with%20ENC-038&body=URL%3A%20"
        "https%3A%2F%2Ffaq.example.test%2Fdisk-encryption%2Fencryption-at-host%2F%0AReviewed%3A%202026-11-28")
    link = BeautifulSoup(render("report-link.html", url=report_url(loaded, Q, URL), qid=Q.id), "html.parser").a
    assert link.get_text() == "Report a problem with ENC-038" and link["href"].startswith("mailto:faq@example.org?")


def test_an_issue_form_url_is_accepted_and_a_value_cannot_break_out_of_the_link() -> None:
    loaded, problems = settings(report_url="https://git.example.org/faq/issues/new?title=Problem+with+{id}&url={url}")
    assert problems == []
    url = report_url(loaded, Q, "https://faq.example.test/a (b)/<c>\"")
    assert url.endswith("&url=https%3A%2F%2Ffaq.example.test%2Fa%20%28b%29%2F%3Cc%3E%22")
    block = BeautifulSoup(render("report-link.html", url=url, qid=Q.id), "html.parser")
    assert [a["href"] for a in block.find_all("a")] == [url] and len(block.find_all(True)) == 2  # <p> and <a>


def test_no_report_url_means_no_link() -> None:
    loaded, problems = settings()
    assert problems == [] and report_url(loaded, Q, URL) == ""


@pytest.mark.parametrize("url, message", [
    ("http://git.example.org/new?t={id}", "must start with https:// or mailto:"),
    ("javascript:alert(1)", "must start with https:// or mailto:"),
    ("https://git.example.org/new?t={ID}", "unknown placeholder {ID} (placeholders: {id}, {url}, {reviewed})"),
    ("https://git.example.org/new?t={title}", "unknown placeholder {title}"),
    ("mailto:faq@example.org?subject=Problem with {id}", "only a URL's own characters"),
    ("https://git.example.org/new?t=(x)", "only a URL's own characters"),
    ('https://git.example.org/new?t="x"', "only a URL's own characters"),
    ("https://git.example.org/new?t={id", "only a URL's own characters"),
    ("https:///new?t={id}", "only a URL's own characters"),
])
def test_a_bad_report_url_is_a_problem(url: str, message: str) -> None:
    loaded, problems = settings(report_url=url)
    assert len(problems) == 1 and problems[0].startswith("report_url: ") and message in problems[0]
    assert loaded["report_url"] == ""


@pytest.mark.parametrize("raw, message", [
    ({"maintainer": {"name": "Team", "contact": "not an address"}}, "maintainer/contact: 'not an address' is neither"),
    ({"maintainer": {"name": "Team", "contact": "http://example.org/"}}, "maintainer/contact: 'http://example.org/'"),
    ({"maintainer": {"contact": "faq@example.org"}}, "maintainer/name: required field is missing or empty"),
    ({"maintainer": {"name": "Team", "contact": "faq@example.org", "phone": "1"}}, "maintainer/phone: unknown field"),
    ({"maintainer": "Team"}, "maintainer: must be a mapping"),
    ({"review_interval_months": 0}, "review_interval_months: '0' is not a whole number of months from 1 to 60"),
    ({"review_interval_months": "six"}, "review_interval_months: 'six' is not a whole number"),
    ({"review_interval_months": 6.5}, "review_interval_months: must be text, not float"),
])
def test_bad_maintainer_and_interval_settings_are_problems(raw: dict[str, Any], message: str) -> None:
    _, problems = settings(**raw)
    assert len(problems) == 1 and problems[0].startswith(message)


def test_the_about_page_values_are_filled_from_the_settings() -> None:
    loaded, problems = settings(maintainer={"name": "Security *architecture*", "contact": "faq@example.org"},
                                review_interval_months=1)
    assert problems == []
    text = "By {{ site:maintainer }} ({{ site:contact }}), every {{site:review_interval}}. {{ site:owner }}"
    assert fill_site_markers(text, loaded) == (r"By Security \*architecture\* "
                                               r"([faq\@example\.org](mailto:faq@example.org)), every 1 month. "
                                               r"{{ site:owner }}")
    assert unknown_site_markers(text, loaded) == ["owner"]


def test_an_https_contact_links_to_itself() -> None:
    loaded, _ = settings(maintainer={"name": "Team", "contact": "https://git.example.org/faq/issues"})
    assert fill_site_markers("{{ site:contact }}", loaded) == (r"[https\:\/\/git\.example\.org\/faq\/issues]"
                                                                "(https://git.example.org/faq/issues)")


def test_the_real_settings_load_and_the_about_page_uses_only_known_markers() -> None:
    raw, lines = load_yaml((ROOT / "data" / "site.yml").read_text(encoding="utf-8"))
    problems: list = []
    loaded = load_site_settings(raw, lines, problems)
    assert problems == []
    assert loaded["review_interval_months"] == 6 and loaded["maintainer"]["name"]
    assert "{id}" in loaded["report_url"]
    about = (ROOT / "docs" / "about.md").read_text(encoding="utf-8")
    assert unknown_site_markers(about, loaded) == []
    filled = fill_site_markers(about, loaded)
    assert "{{" not in filled and "every 6 months" in filled


def test_report_problems_name_the_line(tmp_path: Path) -> None:
    raw, lines = load_yaml("featured: []\nreport_url: https://x.example/{nope}\n")
    problems: list = []
    load_site_settings(raw, lines, problems)
    assert [(p.file, p.field, p.line) for p in problems] == [("data/site.yml", "report_url", 2)]
