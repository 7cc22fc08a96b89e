"""The coverage map (data/coverage/*.yml): the Microsoft Learn articles a reviewer depends on, each requirement,
restriction or limit they state, and the answer that covers it or the reason it is out of scope."""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Problem
from .content import fill_data
from .fields import Entry
from .frontmatter import FrontMatterError, load_yaml
from .safety import source_url_problem

ARTICLE_FIELDS = ("article", "repo", "path", "url", "ms_date", "requirements")


@dataclass(frozen=True)
class Requirement:
    statement: str
    answers: tuple[str, ...]  # question IDs; empty when out of scope
    out_of_scope: str  # the reason; "" when answered


@dataclass(frozen=True)
class Article:
    title: str
    repo: str
    path: str
    url: str
    ms_date: datetime.date | None
    requirements: tuple[Requirement, ...]
    file: str  # the data file it is listed in


def load_coverage(folder: Path, question_ids: set[str], hosts: tuple[str, ...], problems: list[Problem],
                  today: datetime.date, facts: dict[str, str] | None = None) -> list[Article]:
    """Every article of every data/coverage/*.yml file, in file order; problems are appended to `problems`."""
    articles: list[Article] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        name = f"data/coverage/{path.name}"
        try:
            raw, _ = load_yaml(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, FrontMatterError) as error:
            problems.append(Problem(name, "(file)", f"cannot be read: {error}", getattr(error, "line", None)))
            continue
        if not isinstance(raw, list):
            problems.append(Problem(name, "(file)", "must be a list of articles"))
            continue
        raw = fill_data(raw, facts or {}, name, problems)
        for number, item in enumerate(raw, start=1):
            article = load_article(name, number, item, question_ids, hosts, problems, today)
            if article is not None and article.path in seen:
                problems.append(Problem(name, f"article {number}/path", f"{article.path} is also mapped in "
                                                                        f"{seen[article.path]}: map an article once"))
            elif article is not None:
                seen[article.path] = name
                articles.append(article)
    return articles


def load_article(name: str, number: int, item: Any, question_ids: set[str], hosts: tuple[str, ...],
                 problems: list[Problem], today: datetime.date) -> Article | None:
    e = Entry(name, f"article {number}", item if isinstance(item, dict) else {}, problems)
    if not isinstance(item, dict):
        e.bad("(entry)", "must be a mapping with article, repo, path, url, ms_date, requirements")
        return None
    e.only(ARTICLE_FIELDS)
    title, repo, path, url = e.text("article"), e.text("repo"), e.text("path"), e.text("url")
    if url and (problem := source_url_problem(url, hosts)):
        e.bad("url", problem)
    ms_date = e.date("ms_date", required=False, not_after=today)
    raw = item.get("requirements")
    if not isinstance(raw, list) or not raw:
        e.bad("requirements", "list every requirement, restriction or limit the article states")
        return None
    requirements = [r for n, r_raw in enumerate(raw, start=1)
                    if (r := load_requirement(e.sub(f"requirements/{n}", r_raw if isinstance(r_raw, dict) else {}),
                                              r_raw, question_ids)) is not None]
    return Article(title, repo, path, url, ms_date, tuple(requirements), name)


def load_requirement(e: Entry, raw: Any, question_ids: set[str]) -> Requirement | None:
    if not isinstance(raw, dict):
        e.bad("(entry)", "must be a mapping with statement and answers or out_of_scope")
        return None
    e.only(("statement", "answers", "out_of_scope"))
    statement, answers, reason = e.text("statement"), e.texts("answers"), e.text("out_of_scope", required=False)
    if answers and reason:
        e.bad("out_of_scope", "a requirement is answered or out of scope, not both")
    elif not answers and not reason:
        e.bad("answers", "name the question IDs that answer it, or give out_of_scope: <reason>")
    for qid in answers:
        if qid not in question_ids:
            e.bad("answers", f"unknown question ID '{qid}'")
    return Requirement(statement, answers, reason) if statement else None
