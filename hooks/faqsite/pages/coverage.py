"""The "What this site covers" page, drawn from the coverage map."""
from __future__ import annotations

from .. import paths
from ..load.content import Content
from ..load.coverage import Article
from .markup import NOT_INDEXED, link, long_date, md_text, render, trusted


def coverage_page(articles: list[Article], content: Content) -> str:
    body: list[str] = []
    for article in articles:
        revision = f"revision of {long_date(article.ms_date)}" if article.ms_date else "revision not recorded"
        body += [f"## {md_text(article.title)} {NOT_INDEXED}", "",
                 f"[{md_text(article.path)}]({article.url}) in {md_text(article.repo)}, {md_text(revision)}.", "",
                 "| Requirement, restriction or limit | Answered by |", "| --- | --- |"]
        for req in article.requirements:
            covered = (" ".join(f"[{md_text(qid)}]({link(paths.COVERAGE, content.by_id[qid].path)})"
                                for qid in req.answers if qid in content.by_id)
                       or f"Out of scope: {md_text(req.out_of_scope)}")
            body.append(f"| {md_text(req.statement)} | {covered} |")
        body.append("")
    requirements = [r for a in articles for r in a.requirements]
    answered = sum(1 for r in requirements if r.answers)
    return render("coverage.md", articles=len(articles), requirements=len(requirements), answered=answered,
                  out=len(requirements) - answered, body=trusted("\n".join(body)))
