"""Bad content stops the real MkDocs build, with every problem of every file listed in one run."""
from __future__ import annotations

from pathlib import Path

from support import build, copy_project


def test_build_lists_every_problem_of_every_file_and_fails(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    docs = project / "docs" / "disk-encryption"
    first = docs / "cost.md"
    first.write_text(first.read_text().replace("\nreviewed: ", "\nreviewed: 2099-01-01\nreviewd: ", 1))
    second = docs / "key-rotation.md"
    second.write_text(second.read_text().replace("\ntags: [", "\ntags: [byok, ", 1))
    (docs / "notes.md").write_text("A draft without front matter.\n")
    comparison = project / "data" / "comparison.yml"
    comparison.write_text(comparison.read_text().replace("evidence: [ENC-033]", "evidence: [ENC-333]", 1))

    result = build(project, tmp_path / "site")

    assert result.returncode == 1
    lines = [line.strip() for line in result.stderr.splitlines()]
    assert any(line.startswith("docs/disk-encryption/cost.md:") and ": reviewed: 2099-01-01 is in the future"
               in line for line in lines), result.stderr
    assert any(line.startswith("docs/disk-encryption/cost.md:") and ": reviewd: unknown front-matter key" in line
               for line in lines)
    assert any(line.startswith("docs/disk-encryption/key-rotation.md:") and ": tags: unknown tag 'byok'" in line
               for line in lines)
    assert "docs/disk-encryption/notes.md:1: (front matter): the file has no YAML front matter (it must start " \
           "with a line '---')" in lines
    assert any(line.startswith("data/comparison.yml: row 'vm-cpu', column 'sse-pmk': evidence 'ENC-333'")
               for line in lines)
    assert not (tmp_path / "site" / "index.html").exists()


def test_build_lists_every_written_file_that_a_generated_one_would_replace(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "feed.xml").write_text("<feed/>\n")
    (project / "docs" / "glossary.md").write_text("# My glossary\n")

    result = build(project, tmp_path / "site")

    assert result.returncode == 1
    lines = [line.strip() for line in result.stderr.splitlines()]
    assert "docs/feed.xml: (file): this file is generated; remove the written one" in lines, result.stderr
    assert "docs/glossary.md: (file): this file is generated; remove the written one" in lines
    assert not (tmp_path / "site" / "index.html").exists()
