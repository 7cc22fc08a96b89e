"""The linters run with every `make test`, pinned in the test lock: mypy (strict) and ruff (pyproject.toml)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def test_mypy_strict_on_the_core_is_clean() -> None:
    result = run(str(BIN / "mypy"), "--strict", "hooks/faqsite")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_ruff_is_clean() -> None:
    result = run(str(BIN / "ruff"), "check", "--output-format", "concise", "hooks", "tests/code", "benchmarks",
                 "tools")
    assert result.returncode == 0, result.stdout[-4000:]


def test_ruff_would_see_a_function_over_complexity_10(tmp_path: Path) -> None:
    """The complexity rule is on: a function of eleven branches is reported."""
    branches = "\n".join(f"    if x == {n}:\n        return {n}" for n in range(11))
    (tmp_path / "deep.py").write_text(f"def deep(x: int) -> int:\n{branches}\n    return -1\n")
    result = run(str(BIN / "ruff"), "check", "--config", str(ROOT / "pyproject.toml"), "--output-format", "concise",
                 str(tmp_path / "deep.py"))
    assert result.returncode == 1 and "C901" in result.stdout, result.stdout
