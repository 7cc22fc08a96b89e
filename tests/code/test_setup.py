"""Two locks: `make serve` and `make check` install only what building needs; `make test` adds the test packages."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST_ONLY = {"pytest", "playwright", "hypothesis", "beautifulsoup4", "mypy", "ruff", "jsonschema"}


def pinned(lock: str) -> dict[str, str]:
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    return dict(re.findall(r"^([a-z0-9][a-z0-9._-]*)==([^\s;]+)", text, re.M))


def test_the_site_lock_has_no_test_package_and_pins_mkdocs_1() -> None:
    site = pinned("site.txt")
    assert site["mkdocs"] == "1.6.1"
    assert site["mkdocs-material"].startswith("9.8.")
    assert not TEST_ONLY & set(site)


def test_the_test_lock_adds_the_test_packages_at_the_site_locks_versions() -> None:
    site, test = pinned("site.txt"), pinned("test.txt")
    assert TEST_ONLY <= set(test)
    assert all(site[name] == version for name, version in test.items() if name in site)


def test_every_pin_has_a_hash() -> None:
    for lock in ("site.txt", "test.txt"):
        text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
        pins = re.findall(r"^[a-z0-9][a-z0-9._-]*==\S+ \\\n(?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+", text, re.M)
        assert len(pins) == len(pinned(lock)), lock


def dry_run(target: str) -> str:
    """What make would run for a target on a machine with no venv yet (make -n in a copy without .venv)."""
    return subprocess.run(["make", "-n", "-B", target, "VENV=/nonexistent-venv"], cwd=ROOT, capture_output=True,
                          text=True).stdout


def test_make_serve_and_check_install_only_the_site_lock() -> None:
    for target in ("serve", "check"):
        commands = dry_run(target)
        assert "-r requirements/site.txt" in commands, target
        assert "requirements/test.txt" not in commands, target


def test_make_test_installs_both_locks() -> None:
    assert "-r requirements/site.txt -r requirements/test.txt" in dry_run("test")
