"""The core's plan, enforced: every module belongs to one stage and imports only downward.

Stages, lowest first: ground (paths, model, text) -> load (read and validate data) -> pages and export (both
built from loaded data, never from each other) -> site (the registry that wires them) -> the doors (the CLI, the
pre-build step) and the upkeep tools. Release code (publish, link check, server) stands apart from generation.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "hooks" / "faqsite"

# stage -> the stages it may import
ALLOWED = {
    "ground": {"ground"},
    "load": {"ground", "load"},
    "pages": {"ground", "load", "pages"},
    "export": {"ground", "load"},
    "site": {"ground", "load", "pages", "export"},
    "release": {"ground", "release"},
    "upkeep": {"ground", "upkeep", "site"},
    # the CLI (__main__) hands `pregenerate` to the pre-build door
    "door": {"ground", "load", "pages", "export", "site", "release", "upkeep", "door"},
}


def stage(module: str) -> str:
    """The stage of a dotted module name inside faqsite ('load.content' -> 'load')."""
    first = module.split(".")[0]
    if first in ("paths", "model", "text"):
        return "ground"
    if first in ("load", "pages", "release", "upkeep"):
        return first
    if first in ("export", "site"):
        return first
    if first in ("__main__", "pregenerate", "__init__", ""):
        return "door"
    raise AssertionError(f"faqsite.{module} belongs to no stage: add it to tests/code/test_layers.py")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(CORE).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def imported(path: Path) -> set[str]:
    """The faqsite modules a file imports (relative imports resolved), as names inside faqsite."""
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            elif node.module and node.module.startswith("faqsite"):
                target = node.module.removeprefix("faqsite").lstrip(".")
            else:
                continue
            names = [f"{target}.{a.name}".lstrip(".") for a in node.names]
            found |= {n for n in names if (CORE / Path(*n.split("."))).with_suffix(".py").exists()
                      or (CORE / Path(*n.split("."))).is_dir()} or {target}
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("faqsite.") for a in node.names if a.name.startswith("faqsite.")}
    return {name for name in found if name}


MODULES = sorted(CORE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_go_only_down_the_stages(path: Path) -> None:
    own = stage(module_name(path))
    wrong = {name for name in imported(path) if stage(name) not in ALLOWED[own]}
    assert not wrong, f"faqsite.{module_name(path)} ({own}) imports {sorted(wrong)}"


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    """The rule itself can fail: a loader that imports a page module is caught."""
    assert stage("load.content") == "load" and stage("pages.question") == "pages"
    assert "pages" not in ALLOWED["load"] and "pages" not in ALLOWED["export"]
    assert imported(CORE / "site.py") >= {"pages.question", "load.content", "export"}


def test_no_module_of_the_core_imports_mkdocs() -> None:
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not any(name == "mkdocs" or name.startswith("mkdocs.") or name.startswith("material")
                       for name in names), path


def function_lengths() -> list[tuple[str, int]]:
    found = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found.append((f"{module_name(path)}.{node.name}:{node.lineno}", node.end_lineno - node.lineno + 1))
    return found


def test_no_function_is_over_40_lines() -> None:
    long = [(name, lines) for name, lines in function_lengths() if lines > 40]
    assert not long, long
