"""What git remembers of the ID ledger and the question files: promises a build must keep.

A short link or a page URL pasted into a ticket must keep working for years, so the working copy is checked
against every commit, not only against itself:
- every ID that data/ids.yml ever listed is still listed or retired (`git log -p` of data/ids.yml: each
  (ID, path) pair that ever existed was an added line of some commit);
- an ID never passes to another question: the file it was issued to is this page's file, followed through
  renames (`git log --name-status -M` of docs/);
- every path a question's file ever had redirects to it (`historical_aliases`).
Git is read with two commands per build, linear in the history, and cached per commit. Outside git, or in a
shallow clone, `History.note` says what could not be checked.
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths
from ..model import Problem

if TYPE_CHECKING:
    from .content import Content

RECORD = "\x1e"
LEDGER_LINE = re.compile(r"""\+\s*['"]?([A-Z]{2,5}-\d{3,4})['"]?\s*:\s*['"]?([^'"#\s{}]+)""")
UNCHECKED = ("IDs removed from data/ids.yml, IDs given to another question, and redirects from the old paths of "
             "renamed pages")


@dataclass
class History:
    """Every (ID, path) pair data/ids.yml ever had, and the paths each question file had."""

    issued: dict[str, dict[str, str]] = field(default_factory=dict)  # ID -> {path in ids.yml: commit adding it}
    lineage: dict[str, set[str]] = field(default_factory=dict)  # path at HEAD -> every path of that file
    deleted: dict[str, str] = field(default_factory=dict)  # path -> commit that deleted the file last there
    note: str = ""  # what could not be checked, for a warning; "" when the whole history was read
    complete: bool = True  # False outside git or in a shallow clone

    def paths_of(self, path: str) -> set[str]:
        return self.lineage.get(path, {path})


def git(top: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=top, capture_output=True, text=True,
                          check=True, errors="replace").stdout


def read_history(docs_dir: Path, data_dir: Path) -> History:
    """The history of data/ids.yml and docs/; an empty History with a note outside git."""
    try:
        top = Path(git(docs_dir, "rev-parse", "--show-toplevel").strip()).resolve()
        head = git(top, "rev-parse", "--verify", "-q", "HEAD").strip()
        shallow = git(top, "rev-parse", "--is-shallow-repository").strip() == "true"
        docs = docs_dir.resolve().relative_to(top).as_posix()
        ledger = (data_dir / "ids.yml").resolve().relative_to(top).as_posix()
    except (OSError, ValueError, subprocess.CalledProcessError):
        return History(note=f"not a git repository (or no commit yet), so these were not checked: {UNCHECKED}",
                       complete=False)
    history = _read(str(top), head, docs, ledger)
    if shallow:
        return History(history.issued, history.lineage, history.deleted, complete=False,
                       note=f"a shallow clone: history before its oldest commit is missing, so these were checked "
                            f"against part of it only: {UNCHECKED}")
    return history


@lru_cache(maxsize=4)
def _read(top: str, head: str, docs: str, ledger: str) -> History:
    """Cached per commit: a served site rebuilds on every save."""
    root = Path(top)
    history = History()
    for commit, added in _ledger_changes(git(root, "log", "--reverse", "-p", "--no-renames", f"--format={RECORD}%h",
                                             "--", ledger)):
        for qid, path in added:
            history.issued.setdefault(qid, {}).setdefault(path, commit)
    log = git(root, "log", "--reverse", "-M", "--name-status", f"--format={RECORD}%h", "--", docs)
    _follow(history, log, docs + "/")
    return history


def _ledger_changes(log: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(commit, [(ID, path) added]) per commit, oldest first."""
    out = []
    for record in log.split(RECORD)[1:]:
        commit, _, diff = record.partition("\n")
        added = [(m.group(1), m.group(2)) for line in diff.splitlines()
                 if not line.startswith("+++") and (m := LEDGER_LINE.match(line))]
        out.append((commit.strip(), added))
    return out


def _follow(history: History, log: str, prefix: str) -> None:
    """Follow each file through its renames, oldest commit first."""
    for record in log.split(RECORD)[1:]:
        commit, _, rest = record.partition("\n")
        for line in rest.splitlines():
            status, *names = line.split("\t")
            names = [n.removeprefix(prefix) for n in names]
            if status.startswith("R") and len(names) == 2:
                past = history.lineage.pop(names[0], {names[0]})
                history.lineage[names[1]] = past | {names[1]}
            elif status[:1] in ("A", "C") and names:
                history.lineage[names[-1]] = {names[-1]}
            elif status.startswith("D") and names:
                for path in history.lineage.pop(names[0], {names[0]}):
                    history.deleted[path] = commit.strip()


def check_history(content: Content, history: History, unloaded: set[str], problems: list[Problem]) -> None:
    """Every ID ever issued is still issued or retired, and still names the question it was issued to."""
    for qid, issued in sorted(history.issued.items()):
        if qid not in content.ledger and qid not in content.retired and qid not in unloaded:
            path, commit = next(iter(issued.items()))
            problems.append(Problem("data/ids.yml", qid, f"issued to {path} in commit {commit} and now missing: an "
                                                         "ID is never removed (a removed question's ID goes to "
                                                         "data/retired.yml)"))
    for q in content.questions:
        for path, commit in history.issued.get(q.id, {}).items():
            if not same_question(history, q.path, path) and paths.alias_url(path) not in q.aliases:
                problems.append(Problem(f"docs/{q.path}", "id", f"{q.id} was issued to another question "
                                        f"({path}, commit {commit}): an ID never passes to another question; give "
                                        "this one a new ID (a renamed page lists its old path in aliases)"))
                break
    if history.complete:
        for qid in content.retired:
            if qid not in history.issued and qid not in content.ledger:
                problems.append(Problem("data/retired.yml", qid, "was never issued (in data/ids.yml of no "
                                                                 "commit): only an issued ID can be retired"))


def same_question(history: History, path: str, issued_to: str) -> bool:
    """Whether the file at `path` is the one an ID was issued to at `issued_to` (renames followed).

    A page not committed yet at a new path whose old file still exists at HEAD is taken for an uncommitted rename.
    """
    if issued_to in history.paths_of(path):
        return True
    tracked = path in history.lineage
    gone = issued_to in history.deleted and not any(issued_to in p for p in history.lineage.values())
    return not tracked and not gone


def historical_aliases(content: Content, history: History, taken: set[str]) -> None:
    """Add every earlier path of each question (its file's renames, its ledger paths) to its aliases, and the
    paths a retired ID's page had to `content.retired_urls` (they redirect to its successor or the retired page).

    URLs in `taken` (the questions' own) and explicit aliases keep their owner; each URL goes to one question. The
    build checks them against every other page like the aliases written in front matter.
    """
    claimed = set(taken) | {alias for q in content.questions for alias in q.aliases}
    for q in content.questions:
        earlier = (history.paths_of(q.path) | set(history.issued.get(q.id, {}))) - {q.path}
        for path in sorted(earlier):
            url = paths.alias_url(path)
            if url not in claimed and url != q.url:
                q.aliases.append(url)
                claimed.add(url)
    for qid in content.retired:
        for url in sorted(map(paths.alias_url, history.issued.get(qid, {}))):
            if url not in claimed:
                content.retired_urls.setdefault(qid, []).append(url)
                claimed.add(url)
