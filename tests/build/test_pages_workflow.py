"""The GitHub Pages workflow builds with the full history, runs the tests that need no browser, and deploys."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def workflow() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps(job: str) -> list[dict[str, Any]]:
    return list(workflow()["jobs"][job]["steps"])


def uses(job: str, action: str) -> list[dict[str, Any]]:
    return [step for step in steps(job) if str(step.get("uses", "")).split("@")[0] == action]


def test_it_checks_out_the_full_history() -> None:
    checkout = uses("build", "actions/checkout")
    assert len(checkout) == 1 and checkout[0]["with"]["fetch-depth"] == 0


def test_it_tests_without_the_browser_then_builds() -> None:
    commands = [str(step.get("run", "")) for step in steps("build")]
    test = [i for i, command in enumerate(commands) if "-m pytest" in command]
    build = [i for i, command in enumerate(commands) if "make build" in command]
    assert len(test) == 1 and len(build) == 1 and test[0] < build[0]
    assert '-m "not browser"' in commands[test[0]] and "--ignore=tests/browser" in commands[test[0]]
    assert "-c tests/pytest.ini" in commands[test[0]]
    assert 'SITE_URL="${{ steps.pages.outputs.base_url }}/"' in commands[build[0]]


def test_it_uploads_the_built_site_and_deploys_it() -> None:
    upload = uses("build", "actions/upload-pages-artifact")
    assert len(upload) == 1 and upload[0]["with"]["path"] == "site"
    deploy = workflow()["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    triggers = workflow().get("on", workflow().get(True))  # YAML 1.1 reads a bare `on` as true
    assert "workflow_dispatch" in triggers and triggers["push"]["branches"] == ["main"]
