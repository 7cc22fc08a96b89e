"""The ID ledger is append-only and page URLs outlive renames, enforced against git history in real builds.

Each test makes a fixture project a git repository of its own, commits changes to it the way a writer would and
runs one strict MkDocs build (about 4 s each).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from bs4 import BeautifulSoup
from test_hostile_build import ROOT, build

from unit.fixture_project import make_project, question

GIT_ENV = {"GIT_AUTHOR_NAME": "Writer", "GIT_AUTHOR_EMAIL": "writer@example.test", "GIT_COMMITTER_NAME": "Writer",
           "GIT_COMMITTER_EMAIL": "writer@example.test", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
TOPIC = "docs/disk-encryption"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, capture_output=True, text=True,
                          check=True).stdout.strip()


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "--short", "HEAD")


def repository(tmp_path: Path) -> Path:
    """Three questions (ENC-001 is the comparison's evidence), committed once."""
    root = make_project(tmp_path / "repo", questions={
        "one.md": question("ENC-001"), "two.md": question("ENC-002"), "three.md": question("ENC-003")})
    (root / "docs" / "index.md").write_text("# FAQ\n\nWelcome.\n")
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
    config = re.sub(r"\nnav:\n(?:[ -].*\n?)*", "\n", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    (root / "mkdocs.yml").write_text(config)
    for code in ("hooks", "overrides"):
        (root / code).symlink_to(ROOT / code)
    git(root, "init", "-q", "-b", "main")
    commit(root, "Three questions")
    return root


def drop_ledger_line(repo: Path, qid: str) -> None:
    ledger = repo / "data" / "ids.yml"
    ledger.write_text("".join(line for line in ledger.read_text().splitlines(keepends=True)
                              if not line.startswith(qid + ":")))


def stderr_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line.strip() for line in result.stderr.splitlines()]


def refresh_target(stub: Path) -> str:
    meta = BeautifulSoup(stub.read_text(encoding="utf-8"), "html.parser").find("meta", attrs={"http-equiv": "refresh"})
    assert meta is not None, stub
    return str(meta["content"]).split("url=", 1)[1]


def test_a_question_deleted_with_its_ledger_line_fails_naming_the_id(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    first = git(repo, "rev-parse", "--short", "HEAD")
    (repo / TOPIC / "two.md").unlink()
    drop_ledger_line(repo, "ENC-002")
    commit(repo, "Remove ENC-002 and forget it")

    result, site = build(repo)

    assert result.returncode == 1
    assert (f"data/ids.yml: ENC-002: issued to disk-encryption/two.md in commit {first} and now missing: an ID is "
            "never removed (a removed question's ID goes to data/retired.yml)") in stderr_lines(result), result.stderr
    assert "Traceback" not in result.stderr


def test_an_id_given_to_another_question_fails(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    first = git(repo, "rev-parse", "--short", "HEAD")
    (repo / TOPIC / "two.md").unlink()
    drop_ledger_line(repo, "ENC-002")
    commit(repo, "Remove ENC-002")
    three = repo / TOPIC / "three.md"
    three.write_text(three.read_text().replace("id: ENC-003", "id: ENC-002"))
    drop_ledger_line(repo, "ENC-003")
    with (repo / "data" / "ids.yml").open("a") as ledger:
        ledger.write("ENC-002: disk-encryption/three.md\n")
    (repo / "data" / "retired.yml").write_text("ENC-003: {reason: Renumbered., retired: 2026-11-01}\n")
    commit(repo, "Give ENC-002 to the third question")

    result, site = build(repo)

    assert result.returncode == 1
    assert any(line.startswith(f"docs/disk-encryption/three.md: id: ENC-002 was issued to another question "
                               f"(disk-encryption/two.md, commit {first})") for line in stderr_lines(result)), \
        result.stderr
    assert "Traceback" not in result.stderr


def test_a_page_renamed_twice_without_aliases_keeps_both_old_urls(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    git(repo, "mv", f"{TOPIC}/three.md", f"{TOPIC}/middle-name.md")
    commit(repo, "Rename three -> middle-name")
    git(repo, "mv", f"{TOPIC}/middle-name.md", f"{TOPIC}/final-name.md")
    commit(repo, "Rename middle-name -> final-name")

    result, site = build(repo)

    assert result.returncode == 0, result.stderr[-5000:]
    assert refresh_target(site / "disk-encryption" / "three" / "index.html") == "../final-name/"
    assert refresh_target(site / "disk-encryption" / "middle-name" / "index.html") == "../final-name/"
    assert refresh_target(site / "q" / "ENC-003" / "index.html") == "../../disk-encryption/final-name/"
    assert "faqsite: not a git repository" not in result.stderr and "shallow" not in result.stderr


def test_a_shallow_clone_says_what_it_could_not_check(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    (repo / TOPIC / "one.md").write_text(question("ENC-001", summary="Yes. Always, even now."))
    commit(repo, "Second commit")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    for code in ("hooks", "overrides"):  # the symlinks point into this checkout: the clone keeps them
        assert (clone / code / ".").is_dir()

    result, site = build(clone)

    assert result.returncode == 0, result.stderr[-5000:]
    assert ("WARNING -  faqsite: a shallow clone: history before its oldest commit is missing, so these were "
            "checked against part of it only: IDs removed from data/ids.yml, IDs given to another question, and "
            "redirects from the old paths of renamed pages") in stderr_lines(result), result.stderr


def test_outside_git_the_build_says_what_it_did_not_check(tmp_path: Path) -> None:
    from faqsite.load.history import read_history
    root = make_project(tmp_path / "plain")
    history = read_history(root / "docs", root / "data")
    assert not history.complete and history.issued == {}
    assert history.note.startswith("not a git repository (or no commit yet), so these were not checked: IDs removed "
                                   "from data/ids.yml")
