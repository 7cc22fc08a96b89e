"""The review policy: when each answer is due to be checked again, and why.

An answer is due when its review is older than the interval in data/site.yml (`review_interval_months`), or when
the last source check (`python -m faqsite sources`, its JSON report fed to the build with SOURCES_REPORT=path)
flagged one of its sources: a newer revision, a permanent redirect, a page gone or a host that did not answer.
"""
from __future__ import annotations

import calendar
import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Problem, Question

DEFAULT_INTERVAL_MONTHS = 6
ACT = frozenset({"changed", "moved", "gone", "unreachable"})
REASON = {"changed": "a source has a newer revision", "moved": "a source has moved",
          "gone": "a source is gone", "unreachable": "a source did not answer"}


@dataclass(frozen=True)
class Flag:
    url: str
    status: str  # changed | moved | gone | unreachable

    @property
    def reason(self) -> str:
        return REASON[self.status]


@dataclass(frozen=True)
class ReviewState:
    next_review: datetime.date
    overdue: bool
    flags: tuple[Flag, ...]

    @property
    def due(self) -> bool:
        return self.overdue or bool(self.flags)

    def reasons(self) -> list[str]:
        found = [f"the {self.next_review.isoformat()} review date has passed"] if self.overdue else []
        return found + list(dict.fromkeys(f.reason for f in self.flags))


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def interval_months(site: dict[str, Any], problems: list[Problem]) -> int:
    value = site.get("review_interval_months")
    if value is None:
        return DEFAULT_INTERVAL_MONTHS
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 36:
        problems.append(Problem("data/site.yml", "review_interval_months", "must be a whole number of months, 1-36"))
        return DEFAULT_INTERVAL_MONTHS
    return int(value)


def read_report(path: Path | None, problems: list[Problem]) -> dict[str, list[Flag]]:
    """Question ID -> its flagged sources, from a source-check report (schema 1); {} without a report."""
    if path is None:
        return {}
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
        answers = report["answers"] if report.get("schema_version") == 1 else None
    except (OSError, ValueError, KeyError, AttributeError) as error:
        problems.append(Problem(str(path), "(file)", f"not a source-check report: {error}"))
        return {}
    if not isinstance(answers, dict):
        problems.append(Problem(str(path), "schema_version", "not a source-check report of schema 1"))
        return {}
    return {str(qid): [Flag(str(s.get("url")), s["status"]) for s in sources
                       if isinstance(s, dict) and s.get("status") in ACT]
            for qid, sources in answers.items() if isinstance(sources, list)}


def review_states(questions: list[Question], months: int, flags: dict[str, list[Flag]],
                  today: datetime.date) -> dict[str, ReviewState]:
    states: dict[str, ReviewState] = {}
    for q in questions:
        next_review = add_months(q.reviewed, months)
        states[q.id] = ReviewState(next_review, today >= next_review, tuple(flags.get(q.id, ())))
    return states


@dataclass(frozen=True)
class Review:
    """The review state of every answer, for the exports and the Review status page."""

    states: dict[str, ReviewState]
    months: int
    report: bool  # whether a source-check report was given to the build

    def counts(self) -> dict[str, int | bool]:
        states = self.states.values()
        return {"interval_months": self.months, "answers": len(self.states), "due": sum(s.due for s in states),
                "overdue": sum(s.overdue for s in states), "flagged": sum(bool(s.flags) for s in states),
                "report": self.report}
