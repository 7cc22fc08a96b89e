"""Each kind of broken content is reported with the file, the field and what is wrong."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from faqsite.load.content import load
from faqsite.pregenerate import write_docs
from faqsite.site import ContentError, prepare

from fixture_project import make_project, question

TODAY = datetime.date(2026, 11, 28)


def problems_for(tmp_path: Path, **kwargs) -> list[str]:
    root = make_project(tmp_path, **kwargs)
    return [str(p) for p in load(root / "docs", root / "data", TODAY).problems]


def test_valid_project_has_no_problems(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    loaded = load(root / "docs", root / "data", TODAY)
    assert loaded.problems == []
    assert [q.id for q in loaded.content.questions] == ["ENC-001"]
    assert loaded.content.questions[0].url == "disk-encryption/one/"


@pytest.mark.parametrize("text, expected", [
    (question(title="[unclosed"), "docs/disk-encryption/one.md:4: (front matter): malformed YAML"),
    ("Just text, no front matter.\n", "docs/disk-encryption/one.md:1: (front matter): the file has no YAML front matter"),
    (question(summary='""'), "docs/disk-encryption/one.md:4: summary: required field is missing or empty"),
    (question(tags=None), "docs/disk-encryption/one.md: tags: required field is missing or empty"),
    (question(id="ENC-1"), "docs/disk-encryption/one.md:2: id: 'ENC-1' is not an ID like ENC-001"),
    (question(id="ENC-0001"), "docs/disk-encryption/one.md:2: id: 'ENC-0001' is not an ID like ENC-001"),
    (question(id="ENC-10000"), "docs/disk-encryption/one.md:2: id: 'ENC-10000' is not an ID like ENC-001"),
    (question(id="MIG-001"), "docs/disk-encryption/one.md:2: id: 'MIG-001' must start with ENC-"),
    (question(tags="[sse, byok]"), "docs/disk-encryption/one.md:5: tags: unknown tag 'byok'"),
    (question(theme="misc"), "docs/disk-encryption/one.md:6: theme: unknown theme 'misc'"),
    (question(reviewed="2026-13-01"), "docs/disk-encryption/one.md:10: reviewed: '2026-13-01' is not a date"),
    (question(reviewed="2027-01-01"), "docs/disk-encryption/one.md:10: reviewed: 2027-01-01 is in the future"),
    (question(sources="\n  - url: http://learn.microsoft.com/x"),
     "docs/disk-encryption/one.md:7: sources: entry 1: 'http://learn.microsoft.com/x' is not an https URL"),
    (question(since_2020="maybe"), "docs/disk-encryption/one.md:11: since_2020: 'maybe' is not one of"),
    (question(changed=None), "docs/disk-encryption/one.md: changed: required when since_2020 is 'corrected'"),
    (question(reviewd="2026-01-01"), "docs/disk-encryption/one.md:13: reviewd: unknown front-matter key"),
    (question(related="[ENC-404]"), "docs/disk-encryption/one.md: related: unknown question ID 'ENC-404'"),
    (question(title="Not a question"), "docs/disk-encryption/one.md:3: title: a question title ends with '?'"),
    (question(summary="x" * 400), "docs/disk-encryption/one.md:4: summary: 400 characters"),
])
def test_bad_question_is_reported_with_file_line_and_field(tmp_path: Path, text: str, expected: str) -> None:
    problems = problems_for(tmp_path, questions={"one.md": text})
    assert any(p.startswith(expected) for p in problems), problems


def test_a_topic_can_grow_past_999_questions_and_keeps_numeric_order(tmp_path: Path) -> None:
    questions = {f"q{n}.md": question(f"ENC-{n:03d}") for n in (1000, 999, 2, 1001)}
    root = make_project(tmp_path, questions=questions)
    loaded = load(root / "docs", root / "data", TODAY)
    assert loaded.problems == []
    assert [q.id for q in loaded.content.questions] == ["ENC-002", "ENC-999", "ENC-1000", "ENC-1001"]


def test_non_utf8_file(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / "docs/disk-encryption/latin.md").write_bytes(question("ENC-002").encode() + "caf\xe9".encode("latin-1"))
    problems = [str(p) for p in load(root / "docs", root / "data", TODAY).problems]
    assert any(p.startswith("docs/disk-encryption/latin.md: (file): not UTF-8 text") for p in problems), problems


def test_duplicate_id(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, questions={"one.md": question(), "two.md": question()})
    assert "docs/disk-encryption/two.md: id: duplicate ID ENC-001, also used by docs/disk-encryption/one.md" in problems


def test_retired_id_is_never_reused(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, retired="ENC-001: {reason: Merged., retired: 2026-01-01}\n")
    assert any("ENC-001 is retired" in p and p.startswith("docs/disk-encryption/one.md: id:") for p in problems)


def test_id_must_be_in_the_ledger(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, ids={"ENC-002": "disk-encryption/one.md"})
    assert any(p.startswith("docs/disk-encryption/one.md: id: ENC-001 is not in data/ids.yml") for p in problems)
    assert any(p.startswith("data/ids.yml: ENC-002: no page has this ID") for p in problems)


def test_id_moved_to_another_page_without_alias_is_a_reuse(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, questions={"new-name.md": question()}, ids={"ENC-001": "disk-encryption/one.md"})
    assert any("was issued to disk-encryption/one.md" in p for p in problems), problems


def test_id_moved_with_alias_is_a_rename(tmp_path: Path) -> None:
    text = question(aliases="[disk-encryption/one.md]")
    assert problems_for(tmp_path, questions={"new-name.md": text}, ids={"ENC-001": "disk-encryption/one.md"}) == []


def test_alias_collisions(tmp_path: Path) -> None:
    root = make_project(tmp_path, questions={
        "one.md": question("ENC-001", aliases="[disk-encryption/two.md, old/path/]"),
        "two.md": question("ENC-002", aliases="[old/path.md]"),
    })
    with pytest.raises(ContentError) as raised:
        prepare(root / "docs", root / "data", "https://x.test/", "t", TODAY)
    messages = [str(p) for p in raised.value.problems]
    assert "docs/disk-encryption/one.md: aliases: 'disk-encryption/two/' is the URL of an existing page" in messages
    assert "docs/disk-encryption/two.md: aliases: 'old/path/' is also an alias of ENC-001" in messages


def test_alias_may_not_take_a_generated_page(tmp_path: Path) -> None:
    root = make_project(tmp_path, questions={"one.md": question(aliases="[comparison.md]")})
    with pytest.raises(ContentError) as raised:
        prepare(root / "docs", root / "data", "https://x.test/", "t", TODAY)
    assert any("'comparison/' is the URL of an existing page" in str(p) for p in raised.value.problems)


def test_every_problem_in_every_file_is_reported_at_once(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, questions={
        "one.md": question("ENC-001", tags="[nope]", reviewed="someday"),
        "two.md": question("ENC-002", theme="other"),
        "three.md": "no front matter\n",
    })
    files = {p.split(":")[0] for p in problems}
    assert files >= {"docs/disk-encryption/one.md", "docs/disk-encryption/two.md", "docs/disk-encryption/three.md"}
    assert sum("one.md" in p for p in problems) >= 2


def test_content_error_lists_one_line_per_problem(tmp_path: Path) -> None:
    root = make_project(tmp_path, questions={"one.md": question(tags="[nope]", theme="other")})
    with pytest.raises(ContentError) as raised:
        prepare(root / "docs", root / "data", "https://x.test/", "t", TODAY)
    lines = str(raised.value).splitlines()
    assert lines[0].startswith("2 problem(s)")
    assert len(lines) == 3


def comparison_problems(comparison: dict) -> list[str]:
    from faqsite.load.matrix import load_matrix
    problems: list = []
    load_matrix(comparison, {}, {"ENC-001"}, problems)
    return [str(p) for p in problems]


def test_matrix_problems_name_the_data_file_row_and_column() -> None:
    options = {"sse": {"label": "SSE"}, "ade": {"label": "ADE"}}
    good = {"value": "yes", "note": "n", "evidence": ["ENC-001"]}
    problems = comparison_problems({"options": options, "properties": {"temp-disk": {"label": "Temp", "cells": {
        "sse": {**good, "evidence": ["ENC-404"]},
        "host": good,
    }}}})
    assert "data/comparison.yml: row 'temp-disk', column 'sse': evidence 'ENC-404' is not a question ID" in problems
    assert "data/comparison.yml: row 'temp-disk', column 'ade': missing cell" in problems
    assert any(p.startswith("data/comparison.yml: row 'temp-disk', column 'host': unknown option") for p in problems)


def test_dangling_evidence_stops_the_build(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    comparison = root / "data" / "comparison.yml"
    comparison.write_text(comparison.read_text().replace("evidence: [ENC-001]}\n      ade", "evidence: [ENC-999]}\n      ade"))
    with pytest.raises(ContentError) as raised:
        prepare(root / "docs", root / "data", "https://x.test/", "t", TODAY)
    assert [str(p) for p in raised.value.problems] == [
        "data/comparison.yml: row 'temp-disk', column 'sse': evidence 'ENC-999' is not a question ID"]


def test_files_written_at_generated_paths_are_all_reported(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / "docs/comparison.md").write_text("# Mine\n", encoding="utf-8")
    (root / "docs/questions.json").write_text("{}", encoding="utf-8")
    site = prepare(root / "docs", root / "data", "https://faq.example.test/", "FAQ")
    with pytest.raises(ContentError) as error:
        write_docs(site, root / "docs", tmp_path / "out")
    assert str(error.value).splitlines()[1:] == [
        "  docs/comparison.md: (file): this file is generated; remove the written one",
        "  docs/questions.json: (file): this file is generated; remove the written one"]
    assert not (tmp_path / "out").exists()
