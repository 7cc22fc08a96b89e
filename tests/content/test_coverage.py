"""The coverage map: the Microsoft Learn articles reviewers depend on, every requirement mapped or explained."""
from __future__ import annotations

import datetime
import textwrap
from pathlib import Path

from faqsite.load.coverage import load_coverage
from faqsite.model import Problem

ROOT = Path(__file__).resolve().parents[2]
HOSTS = ("learn.microsoft.com",)
TODAY = datetime.date(2026, 12, 1)


def test_the_map_covers_at_least_40_articles_with_every_requirement_mapped(content) -> None:
    articles = content.coverage
    assert len(articles) >= 40
    assert len({a.path for a in articles}) == len(articles), "an article is listed twice"
    requirements = [r for a in articles for r in a.requirements]
    assert len(requirements) >= 400
    assert all(bool(r.answers) != bool(r.out_of_scope) for r in requirements)
    ids = {q.id for q in content.content.questions}
    assert {qid for r in requirements for qid in r.answers} <= ids


def test_the_coverage_page_lists_each_article_and_its_answers(pages, content) -> None:
    soup = pages("coverage/")
    headings = [" ".join(h.get_text().split()).rstrip("¶").strip() for h in soup.select("article h2")]
    assert headings == [a.title for a in content.coverage]
    first = content.coverage[0]
    table = soup.select("article table")[0]
    cells = [row.select("td") for row in table.select("tbody tr")]
    assert len(cells) == len(first.requirements)
    for (statement, answered), req in zip(cells, first.requirements):
        if req.answers:
            assert [a.get_text() for a in answered.select("a")] == list(req.answers)
        else:
            assert answered.get_text().startswith("Out of scope: ")


def write_map(tmp_path: Path, text: str) -> list[str]:
    folder = tmp_path / "coverage"
    folder.mkdir()
    (folder / "map.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    problems: list[Problem] = []
    load_coverage(folder, {"ENC-001"}, HOSTS, problems, TODAY)
    return [str(p) for p in problems]


def test_an_unknown_question_and_an_unmapped_requirement_are_problems(tmp_path: Path) -> None:
    assert write_map(tmp_path, """
        - article: Server-side encryption
          repo: MicrosoftDocs/azure-compute-docs
          path: articles/virtual-machines/disk-encryption.md
          url: https://learn.microsoft.com/azure/virtual-machines/disk-encryption
          ms_date: 2026-04-02
          requirements:
            - {statement: Answered., answers: [ENC-001]}
            - {statement: Unknown answer., answers: [ENC-404]}
            - {statement: Neither.}
            - {statement: Both., answers: [ENC-001], out_of_scope: Because.}
        """) == [
        "data/coverage/map.yml: article 1/requirements/2/answers: unknown question ID 'ENC-404'",
        "data/coverage/map.yml: article 1/requirements/3/answers: name the question IDs that answer it, or give "
        "out_of_scope: <reason>",
        "data/coverage/map.yml: article 1/requirements/4/out_of_scope: a requirement is answered or out of scope, "
        "not both",
    ]


def test_a_wrong_shape_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    assert write_map(tmp_path, "article: not a list\n") == ["data/coverage/map.yml: (file): must be a list of articles"]
