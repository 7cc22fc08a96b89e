"""The site states facts in its own words: no run of eight words shared with the reference texts."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VERBATIM_CHECK = ROOT.parent / "shared" / "tools" / "verbatim-check"


def test_verbatim_check_reports_nothing() -> None:
    if not VERBATIM_CHECK.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{VERBATIM_CHECK} is missing in CI")
        pytest.skip("the shared reference tools are not beside this checkout")
    result = subprocess.run(["python3", str(VERBATIM_CHECK), str(ROOT / "docs")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "nothing shared" in result.stdout
