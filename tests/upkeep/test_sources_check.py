"""The source check against the fixture server: each kind of change, the cache, the report and the exit status."""
from __future__ import annotations

import contextlib
import datetime
import io
import json
import os
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from faqsite.upkeep import sources
from faqsite.upkeep.report import review_due

from fixture_server import FixtureServer
from source_fixtures import FIXTURE_SOURCES, LEARN, RECORDED, fast_options, write_project

ROOT = Path(__file__).resolve().parents[2]

EXPECTED = {  # fixture path -> status of the source
    "unchanged": "current", "changed": "changed", "moved": "moved", "gone-404": "gone", "gone-410": "gone",
    "updated-at": "current", "slow": "unreachable", "malformed": "no-revision", "missing-meta": "no-revision",
    "flaky": "current", "temporary": "current", "article": "changed", "unrecorded": "unrecorded",
    "loop": "unreachable", "broken-markup": "current",
}


def run(root: Path, options: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, dict[str, Any]]:
    status = sources.main([str(root), *options])
    out = capsys.readouterr().out
    report_path = Path(options[options.index("--report") + 1])
    return status, out, json.loads(report_path.read_text(encoding="utf-8"))


@dataclass
class FullRun:
    status: int
    out: str
    report: dict[str, Any]
    requests: Counter[str]
    elapsed: float


@pytest.fixture(scope="module")
def full(server: FixtureServer, tmp_path_factory: pytest.TempPathFactory) -> FullRun:
    """One check of the project citing every kind of fixture page, shared by the tests that only read it."""
    folder = tmp_path_factory.mktemp("full")
    root = write_project(folder / "project", FIXTURE_SOURCES)
    options = fast_options(server.base, folder)
    server.reset()
    out = io.StringIO()
    started = time.monotonic()
    with contextlib.redirect_stdout(out):
        status = sources.main([str(root), *options])
    elapsed = time.monotonic() - started
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    return FullRun(status, out.getvalue(), report, Counter(server.requests), elapsed)


def test_each_kind_of_change_is_reported_within_the_time_limit(full: FullRun) -> None:
    report = full.report
    assert full.elapsed < 10, f"took {full.elapsed:.1f} s"  # the slow page alone: 3 tries of 0.5 s, plus backoff
    assert full.status == 1
    got = {url.removeprefix(f"{LEARN}/fixture/"): entry["status"] for url, entry in report["sources"].items()}
    assert got == EXPECTED
    by_url = report["sources"]
    assert by_url[f"{LEARN}/fixture/changed"]["revision"] == "2026-10-02"
    assert by_url[f"{LEARN}/fixture/changed"]["revision_meta"] == "ms.date"
    assert by_url[f"{LEARN}/fixture/unchanged"]["revision"] == RECORDED  # ms.date wins over a later updated_at
    assert by_url[f"{LEARN}/fixture/updated-at"]["revision_meta"] == "updated_at"
    assert by_url[f"{LEARN}/fixture/article"]["revision"] == "2026-12-01"
    assert by_url[f"{LEARN}/fixture/moved"]["final_url"] == f"{LEARN}/fixture/moved-new"  # the rewrite undone
    assert by_url[f"{LEARN}/fixture/temporary"]["final_url"] == f"{LEARN}/en-us/fixture/temporary"
    assert by_url[f"{LEARN}/fixture/gone-410"]["http_status"] == 410
    assert by_url[f"{LEARN}/fixture/slow"]["error"] == "timed out (after 3 tries)"
    assert by_url[f"{LEARN}/fixture/loop"]["error"] == "redirect loop"
    assert "13/45/2026" in by_url[f"{LEARN}/fixture/malformed"]["note"]
    assert by_url[f"{LEARN}/fixture/unrecorded"]["revision"] == RECORDED


def test_each_url_is_requested_once_and_retries_are_bounded(full: FullRun) -> None:
    counts = full.requests
    assert counts["/fixture/changed"] == 1  # cited by ENC-001 and ENC-002
    assert counts["/fixture/unchanged"] == 1  # cited by ENC-001 and ENC-004
    assert counts["/fixture/flaky"] == 2  # a 500, then the retry succeeds
    assert counts["/fixture/slow"] == 3  # the first try and two retries
    assert counts["/fixture/moved"] == 1 and counts["/fixture/moved-new"] == 1
    assert counts["/fixture/loop"] == 1
    assert full.report["summary"]["requests"] == sum(counts.values())


def test_the_table_lists_only_answers_to_act_on(full: FullRun) -> None:
    out = full.out
    assert "ENC-001  docs/disk-encryption/q001.md" in out
    assert "ENC-004" not in out.split("sources:")[0]  # nothing to act on
    enc1 = out.split("ENC-001")[1].split("ENC-002")[0]
    assert f"changed      {LEARN}/fixture/changed" in enc1
    assert "page revision 2026-10-02 (ms.date), recorded 2026-09-11" in enc1
    assert f"record the new URL: {LEARN}/fixture/moved-new" in enc1
    assert "/fixture/unchanged" not in enc1
    assert "HTTP 410" in out and "timed out (after 3 tries)" in out
    assert "hosts that did not answer: learn.microsoft.com" in out
    assert "3 answer(s) to act on;" in out and "URLs checked" in out


def test_report_shape(full: FullRun) -> None:
    report = full.report
    assert set(report) == {"schema_version", "checked", "sources", "answers", "links", "summary"}
    assert report["schema_version"] == 1
    assert datetime.datetime.fromisoformat(report["checked"]).tzinfo is not None
    assert set(report["answers"]) == {"ENC-001", "ENC-002", "ENC-003", "ENC-004"}
    entry = report["answers"]["ENC-001"][1]
    assert {"url", "title", "status", "act", "revision", "recorded", "final_url", "http_status",
            "error"} <= set(entry)
    assert (entry["url"], entry["status"], entry["act"], entry["recorded"]) == (
        f"{LEARN}/fixture/changed", "changed", True, RECORDED)
    assert [e["url"].rsplit("/", 1)[1] for e in report["answers"]["ENC-002"]] == [
        "changed", "gone-404", "gone-410", "updated-at"]  # front-matter order
    assert report["sources"][f"{LEARN}/fixture/changed"]["cited_by"] == ["ENC-001", "ENC-002"]
    summary = report["summary"]
    assert summary["sources"] == {"current": 5, "changed": 2, "moved": 1, "gone": 2, "unreachable": 2,
                                  "no-revision": 2, "unrecorded": 1}
    assert summary["answers_to_act_on"] == ["ENC-001", "ENC-002", "ENC-003"]
    assert summary["urls"] == 15 and summary["from_cache"] == 0 and summary["act"] is True
    assert report["links"] == {}
    due = review_due(report)
    assert set(due) == {"ENC-001", "ENC-002", "ENC-003"}
    assert [e["status"] for e in due["ENC-001"]] == ["changed", "moved"]


def test_rerun_within_max_age_asks_again_only_what_did_not_answer(fast: list[str], server: FixtureServer,
                                                                 tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = write_project(tmp_path / "project", {"ENC-001": [("unchanged", RECORDED), ("slow", RECORDED),
                                                             ("loop", RECORDED), ("gone-404", RECORDED)]})
    options = [*fast, "--timeout", "0.2"]
    _, _, first = run(root, options, capsys)
    server.reset()
    _, out, second = run(root, options, capsys)
    assert dict(server.requests) == {"/fixture/slow": 3}  # a timeout is not cached; a loop or a 404 is
    assert second["summary"]["from_cache"] == 3 and "3 from cache, 3 requests" in out
    assert second["sources"] == first["sources"]


def test_cache_second_run_makes_no_request(current_root: Path, fast: list[str], server: FixtureServer,
                                           tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(current_root, fast, capsys)[0] == 0
    assert server.total() == 3  # unchanged, temporary and its locale target
    server.reset()
    status, out, report = run(current_root, fast, capsys)
    assert (status, server.total(), report["summary"]["from_cache"]) == (0, 0, 2)
    assert "2 from cache, 0 requests" in out
    run(current_root, [*fast, "--max-age", "0"], capsys)
    assert server.total() == 3  # expired: asked again
    server.reset()
    run(current_root, [*fast, "--no-cache"], capsys)
    assert server.total() == 3


def test_no_cache_writes_nothing(current_root: Path, fast: list[str], tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    run(current_root, [*fast, "--no-cache"], capsys)
    assert not (tmp_path / "cache").exists()


def test_exit_status_zero_when_all_current(current_root: Path, fast: list[str],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    status, out, report = run(current_root, fast, capsys)
    assert status == 0 and report["summary"]["act"] is False
    assert out.startswith("sources: 2 current\n0 answer(s) to act on;")


@pytest.mark.parametrize("options", [["--concurrency", "0"], ["--rewrite", "no-equals-sign"], ["--timeout", "0"],
                                     ["--site", "/nonexistent"], ["--unknown-option"]])
def test_exit_status_two_on_usage_errors(current_root: Path, options: list[str],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert sources.main([str(current_root), "--no-cache", *options]) == 2
    assert capsys.readouterr().err


def test_exit_status_two_on_invalid_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert sources.main([str(tmp_path), "--no-cache"]) == 2
    assert "cannot read the content" in capsys.readouterr().err


def test_command_line_through_faqsite(server: FixtureServer, tmp_path: Path) -> None:
    """`python -m faqsite sources`, with the rewrite from the environment, exits 1 and never edits content."""
    fixture_root = write_project(tmp_path / "project", {"ENC-001": [("unchanged", RECORDED), ("changed", RECORDED)]})
    before = {p: p.read_bytes() for p in fixture_root.rglob("*") if p.is_file()}
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks"), sources.REWRITE_ENV: f"{LEARN}={server.base}"}
    result = subprocess.run([sys.executable, "-m", "faqsite", "sources", str(fixture_root), "--timeout", "0.5",
                             "--backoff", "0.05", "--report", str(tmp_path / "r.json"), "--no-cache"],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "ENC-001" in result.stdout and f"report: {tmp_path / 'r.json'}" in result.stdout
    assert json.loads((tmp_path / "r.json").read_text())["schema_version"] == 1
    assert {p: p.read_bytes() for p in fixture_root.rglob("*") if p.is_file()} == before
