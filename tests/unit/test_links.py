"""Related questions (tag index) and 'referenced by' (links in page bodies)."""
from __future__ import annotations

import datetime
import random

import pytest
from faqsite.load.links import RELATED_MAX, body_links, referenced_by, related_questions
from faqsite.model import Question


def q(number: int, tags: list[str], related: list[str] | None = None, prefix: str = "ENC",
      path: str | None = None, body: str = "") -> Question:
    qid = f"{prefix}-{number:03d}"
    return Question(id=qid, title=f"Question {qid}?", summary="Yes.", tags=list(tags), theme="keys", sources=[],
                    reviewed=datetime.date(2026, 1, 1), since_2020="unchanged",
                    path=path or f"disk-encryption/q{number:03d}.md", topic="disk-encryption",
                    related=list(related or []), body=body)


# ---------------------------------------------------------------- related questions

def test_explicit_related_come_first_in_their_order() -> None:
    questions = [q(1, ["a"], related=["ENC-009", "ENC-007"]), q(2, ["a"]), q(3, ["a"]), q(7, ["b"]), q(9, ["b"])]
    related = related_questions(questions)["ENC-001"]
    assert related[:2] == ["ENC-009", "ENC-007"]
    assert related[2:] == ["ENC-002", "ENC-003"]  # then by shared tag


def test_explicit_related_is_not_repeated_by_the_tag_ranking() -> None:
    questions = [q(1, ["a"], related=["ENC-003"]), q(2, ["a"]), q(3, ["a"])]
    assert related_questions(questions)["ENC-001"] == ["ENC-003", "ENC-002"]


def test_more_shared_tags_rank_before_fewer() -> None:
    questions = [q(10, ["a", "b", "c"]), q(11, ["a"]), q(9, ["a"]), q(30, ["a", "b"]), q(40, ["a", "b", "c"])]
    assert related_questions(questions)["ENC-010"] == ["ENC-040", "ENC-030", "ENC-009", "ENC-011"]


def test_ties_go_to_the_nearest_id_then_the_lower_id() -> None:
    questions = [q(10, ["a"]), q(13, ["a"]), q(7, ["a"]), q(12, ["a"]), q(8, ["a"]), q(2, ["a"])]
    # distances: 12 -> 2, 8 -> 2, 13 -> 3, 7 -> 3, 2 -> 8; equal distance: lower ID first
    assert related_questions(questions)["ENC-010"] == ["ENC-008", "ENC-012", "ENC-007", "ENC-013", "ENC-002"]


def test_questions_without_shared_tags_are_not_related() -> None:
    questions = [q(1, ["a"]), q(2, ["b"]), q(3, ["a"])]
    result = related_questions(questions)
    assert result == {"ENC-001": ["ENC-003"], "ENC-002": [], "ENC-003": ["ENC-001"]}


def test_bounded_to_five_including_explicit_related() -> None:
    questions = [q(n, ["a"]) for n in range(1, 20)]
    questions[0] = q(1, ["a"], related=[f"ENC-{n:03d}" for n in range(19, 12, -1)])  # 7 explicit
    result = related_questions(questions)
    assert all(len(ids) == 5 for ids in result.values())
    assert result["ENC-001"] == ["ENC-019", "ENC-018", "ENC-017", "ENC-016", "ENC-015"]


def test_limit_argument_is_respected() -> None:
    questions = [q(n, ["a"]) for n in range(1, 10)]
    assert all(len(ids) == 2 for ids in related_questions(questions, limit=2).values())


def test_never_related_to_itself_even_when_listed() -> None:
    questions = [q(1, ["a", "b"], related=["ENC-001", "ENC-002"]), q(2, ["a", "b"]), q(3, ["a"])]
    result = related_questions(questions)
    for qid, ids in result.items():
        assert qid not in ids
    assert result["ENC-001"] == ["ENC-002", "ENC-003"]


def test_deterministic_whatever_the_input_order() -> None:
    rng = random.Random(7)
    tags = ["a", "b", "c", "d", "e"]
    questions = [q(n, rng.sample(tags, rng.randint(1, 3))) for n in range(1, 120)]
    expected = related_questions(questions)
    for seed in range(5):
        shuffled = questions[:]
        random.Random(seed).shuffle(shuffled)
        assert related_questions(shuffled) == expected
    assert related_questions(questions) == expected


def test_random_sets_keep_the_invariants() -> None:
    rng = random.Random(11)
    tags = ["a", "b", "c", "d"]
    numbers = rng.sample(range(1, 400), 150)
    questions = [q(n, rng.sample(tags, rng.randint(1, 4))) for n in numbers]
    ids = {x.id for x in questions}
    for qid, related in related_questions(questions).items():
        assert qid not in related
        assert len(related) <= RELATED_MAX
        assert len(set(related)) == len(related)
        assert set(related) <= ids


def test_duplicate_explicit_related_is_listed_once() -> None:
    questions = [q(1, ["a"], related=["ENC-002", "ENC-002"]), q(2, ["a"]), q(3, ["a"])]
    assert related_questions(questions)["ENC-001"] == ["ENC-002", "ENC-003"]


def test_more_shared_tags_win_even_far_away_in_a_large_tag() -> None:
    # 'a' is a large tag (more than the index window on each side); ENC-001 also shares the small tag 'b'.
    questions = [q(1, ["a", "b"]), q(100, ["a", "b"])] + [q(n, ["a"]) for n in range(2, 200) if n != 100]
    assert related_questions(questions)["ENC-100"][0] == "ENC-001"


def test_window_is_taken_in_numeric_order_past_999() -> None:
    # As text, ENC-1000 sorts before ENC-200 and its window would hold far-away IDs instead of ENC-999.
    questions = [q(n, ["a"]) for n in range(1, 1001)]
    assert related_questions(questions)["ENC-1000"] == ["ENC-999", "ENC-998", "ENC-997", "ENC-996", "ENC-995"]
    assert referenced_by([q(1000, ["a"]), q(999, ["a"], body="[x](q1000.md)"), q(10, ["a"], body="[y](q1000.md)")],
                         {"ENC-999": "[x](q1000.md)", "ENC-010": "[y](q1000.md)"})["ENC-1000"] == ["ENC-010", "ENC-999"]


def test_five_thousand_questions_sharing_one_tag() -> None:
    questions = [Question(id=f"BIG-{n:04d}", title="Synthetic?", summary="Yes.", tags=["shared"], theme="keys",
                          sources=[], reviewed=datetime.date(2026, 1, 1), since_2020="new",
                          path=f"big/q{n:04d}.md", topic="big") for n in range(1, 5001)]
    assert len({x.id for x in questions}) == 5000
    result = related_questions(questions)
    assert len(result) == 5000
    assert all(0 < len(ids) <= RELATED_MAX for ids in result.values())
    assert all(qid not in ids for qid, ids in result.items())


# ---------------------------------------------------------------- body links and referenced-by

def test_body_links_resolve_relative_paths() -> None:
    body = ("See [one](other.md), [two](../azure-migrate/plan.md#the-anchor), [three](./same-folder.md \"Title\") "
            "and [four](<angle.md>).")
    assert body_links("disk-encryption/page.md", body) == {
        "disk-encryption/other.md", "azure-migrate/plan.md", "disk-encryption/same-folder.md",
        "disk-encryption/angle.md"}


def test_body_links_ignore_external_urls_and_non_markdown_targets() -> None:
    body = ("[a](https://learn.microsoft.com/azure/overview.md) [b](http://example.com/x.md#y) "
            "[c](https://example.com/page) [d](../assets/picture.png) [e](mailto:someone@example.com)")
    assert body_links("disk-encryption/page.md", body) == set()


def test_body_links_from_a_top_level_page() -> None:
    assert body_links("index.md", "[x](disk-encryption/one.md)") == {"disk-encryption/one.md"}


def test_body_links_with_single_quoted_title() -> None:
    assert body_links("disk-encryption/page.md", "[x](other.md 'Title')") == {"disk-encryption/other.md"}


def test_referenced_by_maps_links_to_question_ids() -> None:
    questions = [
        q(1, ["a"], path="disk-encryption/one.md"),
        q(2, ["a"], path="disk-encryption/two.md"),
        q(1, ["a"], prefix="MIG", path="azure-migrate/plan.md"),
    ]
    bodies = {
        "ENC-001": "[plan](../azure-migrate/plan.md#step-2) and [two](two.md) and [two again](two.md#x)",
        "ENC-002": "[self](two.md) [external](https://example.com/one.md) [missing](nowhere.md)",
        "MIG-001": "[one](../disk-encryption/one.md)",
    }
    assert referenced_by(questions, bodies) == {
        "ENC-001": ["MIG-001"],
        "ENC-002": ["ENC-001"],
        "MIG-001": ["ENC-001"],
    }


def test_referenced_by_is_sorted_and_has_an_entry_for_every_question() -> None:
    questions = [q(n, ["a"], path=f"disk-encryption/q{n}.md") for n in (5, 3, 9, 1)]
    bodies = {x.id: "[target](q1.md)" for x in questions}
    result = referenced_by(questions, bodies)
    assert set(result) == {"ENC-001", "ENC-003", "ENC-005", "ENC-009"}
    assert result["ENC-001"] == ["ENC-003", "ENC-005", "ENC-009"]
    assert result["ENC-003"] == result["ENC-005"] == result["ENC-009"] == []
