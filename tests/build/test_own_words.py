"""The site states facts in its own words: no run of eight words shared with the reference texts."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VERBATIM_CHECK = ROOT.parent / "shared" / "tools" / "verbatim-check"


TEMPLATES = ROOT / "hooks" / "faqsite" / "templates"


def test_verbatim_check_reports_nothing() -> None:
    """The pages authors write and the prose the build adds (the core's Markdown templates) alike."""
    if not VERBATIM_CHECK.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{VERBATIM_CHECK} is missing in CI")
        pytest.skip("the shared reference tools are not beside this checkout")
    result = subprocess.run(["python3", str(VERBATIM_CHECK), str(ROOT / "docs"), str(TEMPLATES)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "nothing shared" in result.stdout
    pages = int(result.stdout.split("verbatim-check: ")[1].split(" page")[0])
    assert pages >= len(list((ROOT / "docs").rglob("*.md"))) + len(list(TEMPLATES.glob("*.md")))
