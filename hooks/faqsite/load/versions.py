"""Every review of every answer, read from git: the versions a citation points at.

Git is read once per build: one `git log` over docs/ (name-status, rename detection) lists the commits that
changed each page, and one `git cat-file --batch` reads those pages as they were. A version is an answer for
one `reviewed` date: its text is the last commit that carried that date (an edit committed without a new review
belongs to the review it was made under), and its one-line change is the subject of the commit that set it.
A shallow clone or a folder outside git has no history: `History.note` says why, and pages show the current
version only.
"""
from __future__ import annotations

import datetime
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..model import Question, Source
from .content import fill_facts
from .frontmatter import FrontMatterError, load_yaml, parse
from .safety import URL_FORBIDDEN, body_problems

RECORD, UNIT = "\x1e", "\x1f"
NOT_COMMITTED = "Reviewed in this build's working copy; not committed yet."
WITHHELD = "The text of this version is not shown: it contains markup that pages may not carry."


@dataclass(frozen=True)
class Version:
    date: datetime.date  # the `reviewed` date: a version's name and URL
    path: str  # docs-relative path of the page in that commit (its relative links start there)
    commit: str  # the commit its text was read from ("" for text not committed yet)
    summary: str
    title: str
    body: str
    sources: tuple[Source, ...]
    what_changed: str  # one line: the subject of the commit that set this review date


@dataclass
class History:
    versions: dict[str, list[Version]] = field(default_factory=dict)  # question ID -> versions, oldest first
    note: str = ""  # why the build has no history; "" when it has


@dataclass(frozen=True)
class Snapshot:
    commit: str
    subject: str
    path: str
    meta: dict[str, Any]
    body: str


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=root, input=stdin,
                          capture_output=True, check=True).stdout


def load_history(docs_dir: Path, data_dir: Path | None = None) -> History:
    """Every answer's versions from the git history of docs_dir, or an empty History with a note.

    Fact markers ({{ fact:key }}) are filled from data/facts.yml as committed with the version's text.
    """
    try:
        top = Path(git(docs_dir, "rev-parse", "--show-toplevel").decode().strip())
        shallow = git(docs_dir, "rev-parse", "--is-shallow-repository").decode().strip() == "true"
    except (OSError, subprocess.CalledProcessError):
        return History(note="This build was made outside a git repository, so it has no review history: "
                            "only the current version of each answer is shown.")
    if shallow:
        return History(note="This build was made from a shallow clone, so it has no review history: only the "
                            "current version of each answer is shown. Build from a full clone to list every version.")
    folder = docs_dir.resolve().relative_to(top.resolve()).as_posix()
    changes = changed_pages(git(top, "log", "--reverse", "-M", "--name-status", f"--format={RECORD}%H{UNIT}%s",
                                "--", folder).decode("utf-8", "replace"))
    requests = "".join(f"{commit}:{path}\n" for commit, _, path in changes).encode()
    blobs = read_blobs(git(top, "cat-file", "--batch", stdin=requests)) if changes else []
    snapshots: dict[str, list[Snapshot]] = {}
    for (commit, subject, path), blob in zip(changes, blobs):
        snapshot = read_snapshot(commit, subject, path.removeprefix(folder + "/"), blob)
        if snapshot is not None:
            snapshots.setdefault(str(snapshot.meta["id"]), []).append(snapshot)
    versions = {qid: versions_of(found) for qid, found in snapshots.items()}
    facts_file = (data_dir or docs_dir.parent / "data").resolve() / "facts.yml"
    if facts_file.is_relative_to(top.resolve()):
        versions = with_facts(top, facts_file.relative_to(top.resolve()).as_posix(), versions)
    return History(versions)


def with_facts(top: Path, facts_path: str, versions: dict[str, list[Version]]) -> dict[str, list[Version]]:
    """Versions with their fact markers filled from the facts file of their own commit."""
    commits = sorted({v.commit for found in versions.values() for v in found})
    if not commits:
        return versions
    blobs = read_blobs(git(top, "cat-file", "--batch", stdin="".join(f"{c}:{facts_path}\n" for c in commits).encode()))
    facts = {commit: committed_facts(blob) for commit, blob in zip(commits, blobs)}

    def fill(v: Version) -> Version:
        known = facts.get(v.commit, {})
        return replace(v, summary=fill_facts(v.summary, known), title=fill_facts(v.title, known),
                       body=fill_facts(v.body, known))
    return {qid: [fill(v) for v in found] for qid, found in versions.items()}


def committed_facts(blob: bytes | None) -> dict[str, str]:
    """key -> text of a committed data/facts.yml; {} when it is missing or does not parse."""
    try:
        raw, _ = load_yaml(blob.decode("utf-8")) if blob else ({}, {})
    except (UnicodeDecodeError, FrontMatterError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {str(k): text(v.get("text")) for k, v in raw.items() if isinstance(v, dict) and text(v.get("text"))}


def changed_pages(log: str) -> list[tuple[str, str, str]]:
    """(commit, subject, path) for each Markdown page a commit added, changed or renamed, oldest commit first."""
    out: list[tuple[str, str, str]] = []
    for record in log.split(RECORD)[1:]:
        head, _, rest = record.partition("\n")
        commit, _, subject = head.partition(UNIT)
        for line in rest.splitlines():
            status, *names = line.split("\t")
            if names and status[:1] in "AMRC" and names[-1].endswith(".md"):
                out.append((commit, subject.strip(), names[-1]))
    return out


def read_blobs(output: bytes) -> list[bytes | None]:
    """The objects `git cat-file --batch` printed, in order (None for a missing one)."""
    blobs: list[bytes | None] = []
    position = 0
    while position < len(output):
        end = output.index(b"\n", position)
        header = output[position:end].split()
        if len(header) < 3:  # '<name> missing'
            blobs.append(None)
            position = end + 1
            continue
        size = int(header[2])
        blobs.append(output[end + 1:end + 1 + size])
        position = end + 1 + size + 1
    return blobs


def read_snapshot(commit: str, subject: str, path: str, blob: bytes | None) -> Snapshot | None:
    """A question page as committed, or None for anything else (an index page, a page that did not parse)."""
    if blob is None:
        return None
    try:
        parsed = parse(blob.decode("utf-8"))
    except (UnicodeDecodeError, FrontMatterError):
        return None
    meta = parsed.meta
    if not isinstance(meta.get("id"), str) or not isinstance(meta.get("reviewed"), datetime.date):
        return None
    return Snapshot(commit, subject, path, meta, parsed.body.lstrip("\n"))


def versions_of(snapshots: list[Snapshot]) -> list[Version]:
    """One version per review date, oldest first (snapshots come oldest commit first)."""
    first: dict[datetime.date, Snapshot] = {}
    last: dict[datetime.date, Snapshot] = {}
    for snapshot in snapshots:
        day = snapshot.meta["reviewed"]
        first.setdefault(day, snapshot)
        last[day] = snapshot
    return [version(day, last[day], first[day].subject) for day in sorted(last)]


def version(day: datetime.date, snapshot: Snapshot, what_changed: str) -> Version:
    meta = snapshot.meta
    body = WITHHELD if body_problems(snapshot.body) else snapshot.body
    return Version(day, snapshot.path, snapshot.commit, text(meta.get("summary")), text(meta.get("title")), body,
                   committed_sources(meta.get("sources")), what_changed)


def text(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) else ""


def committed_sources(raw: Any) -> tuple[Source, ...]:
    """The sources as committed; one that is not a plain https URL keeps its title and loses its link."""
    out: list[Source] = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        url = text(item.get("url"))
        if URL_FORBIDDEN.search(url) or not url.startswith("https://"):
            url = ""
        day = item.get("date")
        out.append(Source(url=url, title=text(item.get("title")) or url,
                          date=day if isinstance(day, datetime.date) else None))
    return tuple(s for s in out if s.title)


def answer_versions(q: Question, history: History) -> list[Version]:
    """An answer's versions, oldest first; the current text (the working tree's) stands for its review date."""
    committed = history.versions.get(q.id, [])
    same_day = [v for v in committed if v.date == q.reviewed]
    current = Version(q.reviewed, q.path, same_day[0].commit if same_day else "", q.summary, q.title, q.body,
                      tuple(q.sources), same_day[0].what_changed if same_day else NOT_COMMITTED)
    return sorted([v for v in committed if v.date != q.reviewed] + [current], key=lambda v: v.date)
