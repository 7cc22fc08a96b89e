"""The review state of the answers: the "Review due" badge on a question, and the Review status page."""
from __future__ import annotations

from .. import paths
from ..load.content import Content
from ..load.review import Review, ReviewState
from ..load.safety import URL_FORBIDDEN
from ..model import Question
from .markup import link, long_date, md_text, question_link, render, trusted


def review_badge(state: ReviewState | None) -> str:
    """The badge for the question's meta line; "" when the answer is not due."""
    if state is None or not state.due:
        return ""
    return render("review-badge.html", reasons=state.reasons()).rstrip("\n")


def review_status_page(content: Content, review: Review) -> str:
    page, states = paths.REVIEW_STATUS, review.states
    ordered = sorted(content.questions, key=lambda q: (states[q.id].next_review, q.id))
    rows = [{"next": long_date(states[q.id].next_review), "answer": trusted(question_link(page, q)),
             "reviewed": long_date(q.reviewed), "state": "; ".join(states[q.id].reasons()) or "Current"}
            for q in ordered]
    flagged = [q for q in content.questions if states[q.id].flags]
    listing = [line for q in flagged for line in flag_lines(page, q, states[q.id])] or [
        md_text("No source is flagged.")]
    counts = review.counts()
    return render("review-status.md", months=review.months, total=counts["answers"], report=review.report,
                  due=counts["due"], overdue=counts["overdue"], flagged=counts["flagged"],
                  flagged_list=trusted("\n".join(listing)), rows=rows)


def flag_lines(page: str, q: Question, state: ReviewState) -> list[str]:
    out = [f"- [{md_text(q.id)}]({link(page, q.path)}): {md_text(q.title)}"]
    out += [f"    - {md_text(f.reason)}: <{f.url}>" if plain_link(f.url) else f"    - {md_text(f.reason)}"
            for f in state.flags]
    return out


def plain_link(url: str) -> bool:
    """A URL from the report is linked only when nothing in it could end the link (the report is not validated)."""
    return url.startswith("https://") and not URL_FORBIDDEN.search(url)
