"""The scheduled workflow, the make target and the README section that run and explain the source check."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def workflow() -> dict[Any, Any]:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "sources.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps() -> list[dict[str, Any]]:
    return [step for job in workflow()["jobs"].values() for step in job["steps"]]


def test_workflow_runs_weekly() -> None:
    triggers = workflow().get("on", workflow().get(True))  # YAML 1.1 reads a bare `on` as true
    crons = [entry["cron"] for entry in triggers["schedule"]]
    assert len(crons) == 1
    minute, hour, day, month, weekday = crons[0].split()
    assert (day, month) == ("*", "*") and weekday.isdigit() and minute.isdigit() and hour.isdigit()
    assert "workflow_dispatch" in triggers


def test_workflow_checks_out_full_history_and_runs_the_check() -> None:
    checkout = [s for s in steps() if str(s.get("uses", "")).startswith("actions/checkout@")]
    assert checkout and checkout[0]["with"]["fetch-depth"] == 0
    commands = "\n".join(str(s.get("run", "")) for s in steps())
    assert "faqsite sources" in commands or "make sources" in commands
    assert "--site site" in commands  # outbound links of the built site, in the same pass


def test_workflow_keeps_the_report_even_when_the_check_fails() -> None:
    upload = [s for s in steps() if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    assert upload and upload[0]["if"] == "always()"
    assert "sources-report.json" in upload[0]["with"]["path"]
    check = [s for s in steps() if "faqsite sources" in str(s.get("run", ""))][0]
    assert "continue-on-error" not in check  # a change fails the job
    assert check.get("shell") == "bash"  # GitHub's explicit bash sets pipefail, so `| tee` keeps the status


def test_make_target_and_readme() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "## sources:" in makefile and "\nsources:" in makefile and "faqsite sources" in makefile
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Keeping answers true" in readme and "`make sources`" in readme
