"""A fact several pages state comes from one place: data/facts.yml, filled in where a page writes {{ fact:key }}."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
FACTS = yaml.safe_load((ROOT / "data" / "facts.yml").read_text(encoding="utf-8"))


def variants(text: str) -> list[str]:
    """The fact as written, and a date also as Americans write it ('15 September 2028' -> 'September 15, 2028')."""
    found = [text]
    date = re.fullmatch(r"(\d{1,2}) ([A-Z][a-z]+) (\d{4})", text)
    if date:
        found.append(f"{date.group(2)} {date.group(1)}, {date.group(3)}")
    return found


def test_the_shared_facts_are_the_ones_the_issue_names() -> None:
    assert FACTS["ade-retirement-date"]["text"] == "15 September 2028"
    assert FACTS["sse-default-date"]["text"] == "10 June 2017"
    assert FACTS["des-limit"]["text"].startswith("5,000 disk encryption sets")


def test_no_page_or_data_file_writes_a_shared_fact_out() -> None:
    files = sorted((ROOT / "docs").rglob("*.md")) + [p for p in sorted((ROOT / "data").rglob("*.yml"))
                                                      if p.name != "facts.yml"]
    found = []
    for path in files:
        text = " ".join(path.read_text(encoding="utf-8").split())
        for key, fact in FACTS.items():
            for written in variants(fact["text"]):
                if written in text:
                    found.append(f"{path.relative_to(ROOT)}: '{written}': write {{{{ fact:{key} }}}}")
    assert not found, "\n".join(found)


def test_the_facts_are_used(pages) -> None:
    """Each shared fact is filled in on the built pages that use it, and no marker is left unfilled."""
    retirement = pages("disk-encryption/ade-retirement/").get_text(" ")
    assert "15 September 2028" in retirement
    for path in pages.all_html():
        assert "{{ fact:" not in path.read_text(encoding="utf-8"), path
