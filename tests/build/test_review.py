"""The review policy the site states and shows: next review dates, "review due" badges, the review-status page."""
from __future__ import annotations

import datetime
import json
from pathlib import Path

from faqsite import site as generation
from faqsite.load.review import add_months
from unit.fixture_project import make_project, question

TODAY = datetime.date(2026, 12, 1)


def report(path: Path, answers: dict[str, list[dict[str, str]]]) -> Path:
    path.write_text(json.dumps({"schema_version": 1, "answers": answers}), encoding="utf-8")
    return path


def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", questions={"one.md": question("ENC-001", reviewed="2026-11-01"),
                                                    "two.md": question("ENC-002", reviewed="2026-03-01")})


def test_next_review_is_the_review_date_plus_the_interval() -> None:
    assert add_months(datetime.date(2026, 11, 28), 6) == datetime.date(2027, 5, 28)
    assert add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2026, 12, 1), 1) == datetime.date(2027, 1, 1)


def test_an_answer_past_its_review_date_or_with_a_flagged_source_is_marked(tmp_path: Path) -> None:
    root = project(tmp_path)
    flagged = report(tmp_path / "report.json", {
        "ENC-001": [{"url": "https://learn.microsoft.com/azure/virtual-machines/disk-encryption", "status": "changed"}]})
    site = generation.prepare(root / "docs", root / "data", "https://faq.example.test/", "FAQ", TODAY,
                              sources_report=flagged)
    one, two = (generation.decorate(site, f"disk-encryption/{name}.md", "Body.\n") for name in ("one", "two"))
    assert "Review due: a source has a newer revision" in one
    assert "Review due: the 2026-09-01 review date has passed" in two  # reviewed 1 March 2026, 6-month interval
    status = generation.pages(site)["review-status.md"]
    assert "2 answers: 2 due for review (1 past their review date, 1 with a flagged source)" in status
    assert status.index("1 September 2026") < status.index("1 May 2027")  # by next review date
    assert "https://learn.microsoft.com/azure/virtual-machines/disk-encryption" in status


def test_without_a_report_only_dates_count_and_the_page_says_so(tmp_path: Path) -> None:
    root = project(tmp_path)
    site = generation.prepare(root / "docs", root / "data", "https://faq.example.test/", "FAQ", TODAY)
    assert "Review due" not in generation.decorate(site, "disk-encryption/one.md", "Body.\n")
    status = generation.pages(site)["review-status.md"]
    assert "No source-check report was given to this build" in status
    assert "1 due for review (1 past their review date, 0 with a flagged source)" in status


def test_a_broken_report_is_a_problem_line(tmp_path: Path) -> None:
    root = project(tmp_path)
    broken = tmp_path / "report.json"
    broken.write_text("{not json", encoding="utf-8")
    try:
        generation.prepare(root / "docs", root / "data", "https://faq.example.test/", "FAQ", TODAY,
                           sources_report=broken)
    except generation.ContentError as error:
        assert any(p.file == str(broken) and "not a source-check report" in p.message for p in error.problems)
    else:
        raise AssertionError("a broken report must stop the build")
