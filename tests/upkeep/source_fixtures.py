"""Small projects citing the fixture server's pages (a plain module: 'conftest' is not importable reliably)."""
from __future__ import annotations

from pathlib import Path

from unit.fixture_project import make_project, question

LEARN = "https://learn.microsoft.com"
RECORDED = "2026-09-11"

# answer -> [(fixture path, recorded date or None)]; /fixture/changed is cited twice and must be fetched once.
FIXTURE_SOURCES: dict[str, list[tuple[str, str | None]]] = {
    "ENC-001": [("unchanged", RECORDED), ("changed", RECORDED), ("moved", RECORDED)],
    "ENC-002": [("changed", RECORDED), ("gone-404", RECORDED), ("gone-410", RECORDED), ("updated-at", RECORDED)],
    "ENC-003": [("slow", RECORDED), ("malformed", RECORDED), ("missing-meta", RECORDED), ("flaky", RECORDED),
                ("temporary", RECORDED), ("article", RECORDED), ("unrecorded", None), ("loop", RECORDED),
                ("broken-markup", RECORDED)],
    "ENC-004": [("unchanged", RECORDED)],
}
CURRENT_SOURCES: dict[str, list[tuple[str, str | None]]] = {"ENC-001": [("unchanged", RECORDED),
                                                                        ("temporary", RECORDED)]}


def sources_yaml(entries: list[tuple[str, str | None]]) -> str:
    out = ""
    for name, date in entries:
        out += f"\n  - title: Fixture {name}\n    url: {LEARN}/fixture/{name}"
        out += f"\n    date: {date}" if date else ""
    return out


def write_project(root: Path, sources: dict[str, list[tuple[str, str | None]]]) -> Path:
    """A valid project (tests/unit's minimal one) whose answers cite these fixture pages."""
    questions = {f"q{qid[-3:]}.md": question(qid, sources=sources_yaml(entries)) for qid, entries in sources.items()}
    return make_project(root, questions)


def fast_options(base: str, folder: Path) -> list[str]:
    """Options for a quick check against the fixture server at `base`, with cache and report in `folder`."""
    return ["--rewrite", f"{LEARN}={base}", "--timeout", "0.5", "--retries", "2", "--backoff", "0.05",
            "--cache", str(folder / "cache"), "--report", str(folder / "report.json")]
