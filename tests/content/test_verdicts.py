"""The comparison and the answers it cites cannot disagree: every cell is stated by an answer it cites."""
from __future__ import annotations

from faqsite.load.matrix import check_verdicts
from faqsite.model import Problem


def test_every_comparison_cell_is_stated_by_an_answer_it_cites(content) -> None:
    problems: list[Problem] = []
    check_verdicts(content.matrix, content.content.questions, problems, require=True)
    assert [str(p) for p in problems] == []


def test_a_disagreeing_answer_is_caught(content) -> None:
    """Turn one stated verdict around: the check names the answer, the cell and both values."""
    q = next(q for q in content.content.questions if q.verdicts)
    prop, said = next(iter(q.verdicts.items()))
    option, value = next(iter(said.items()))
    flipped = "no" if value == "yes" else "yes"
    original = dict(said)
    said[option] = flipped
    try:
        problems: list[Problem] = []
        check_verdicts(content.matrix, [q], problems)
    finally:
        said.clear()
        said.update(original)
    assert [str(p) for p in problems] == [
        f"docs/{q.path}: verdicts: {prop}/{option}: this answer says '{flipped}', the comparison says "
        f"'{content.matrix.cell(prop, option).value}'"]
