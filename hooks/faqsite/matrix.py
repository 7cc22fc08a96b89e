"""The comparison matrix (data/comparison.yml) and the decision guide's requirements (data/requirements.yml)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .model import Problem, id_order

COMPARISON_FILE = "data/comparison.yml"
REQUIREMENTS_FILE = "data/requirements.yml"


@dataclass(frozen=True)
class Option:
    slug: str
    label: str
    short: str


@dataclass(frozen=True)
class Cell:
    value: str
    note: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Property:
    slug: str
    label: str
    cells: dict[str, Cell]  # option slug -> cell


@dataclass(frozen=True)
class Requirement:
    slug: str
    label: str
    property: str
    accept: tuple[str, ...]


@dataclass
class Matrix:
    options: list[Option]
    properties: list[Property]
    requirements: list[Requirement]

    def meets(self, requirement: Requirement, option: str) -> bool:
        cell = self.cell(requirement.property, option)
        return cell.value.lower() in requirement.accept

    def cell(self, prop: str, option: str) -> Cell:
        return next(p for p in self.properties if p.slug == prop).cells[option]

    @cached_property
    def evidence_index(self) -> dict[str, list[Property]]:
        """Question ID -> the properties whose cells cite it (each property once). Computed once per build."""
        index: dict[str, list[Property]] = {}
        for prop in self.properties:
            for qid in sorted({qid for cell in prop.cells.values() for qid in cell.evidence}, key=id_order):
                index.setdefault(qid, []).append(prop)
        return index


def cell_text(value: Any) -> str:
    """YAML reads a bare yes/no as a boolean: keep the word."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return " ".join(str(value if value is not None else "").split())


def load_matrix(comparison: dict[str, Any], requirements: dict[str, Any], question_ids: set[str],
                problems: list[Problem]) -> Matrix:
    def bad(row: str, column: str, message: str) -> None:
        problems.append(Problem(COMPARISON_FILE, f"row '{row}', column '{column}'", message))

    options = [Option(slug, cell_text(o.get("label")), cell_text(o.get("short") or o.get("label")))
               for slug, o in (comparison.get("options") or {}).items() if isinstance(o, dict)]
    option_slugs = [o.slug for o in options]
    if not options:
        problems.append(Problem(COMPARISON_FILE, "options", "no options defined"))
    properties: list[Property] = []
    for slug, raw in (comparison.get("properties") or {}).items():
        if not isinstance(raw, dict) or not raw.get("label"):
            problems.append(Problem(COMPARISON_FILE, f"row '{slug}'", "a property needs a label and cells"))
            continue
        raw_cells = raw.get("cells") or {}
        cells: dict[str, Cell] = {}
        for option in raw_cells:
            if option not in option_slugs:
                bad(slug, option, f"unknown option (options: {', '.join(option_slugs)})")
        for option in option_slugs:
            entry = raw_cells.get(option)
            if not isinstance(entry, dict):
                bad(slug, option, "missing cell")
                continue
            value, note = cell_text(entry.get("value")), cell_text(entry.get("note"))
            evidence = entry.get("evidence") or []
            if not value:
                bad(slug, option, "the cell has no value")
            if not note:
                bad(slug, option, "the cell has no note")
            if not isinstance(evidence, list) or not evidence:
                bad(slug, option, "the cell names no evidence (question IDs)")
                evidence = []
            for qid in evidence:
                if qid not in question_ids:
                    bad(slug, option, f"evidence '{qid}' is not a question ID")
            cells[option] = Cell(value, note, tuple(str(e) for e in evidence))
        properties.append(Property(slug, cell_text(raw["label"]), cells))

    property_slugs = {p.slug for p in properties}
    reqs: list[Requirement] = []
    for slug, raw in (requirements or {}).items():
        if not isinstance(raw, dict) or not raw.get("label"):
            problems.append(Problem(REQUIREMENTS_FILE, slug, "a requirement needs a label, a property and accept"))
            continue
        if raw.get("property") not in property_slugs:
            problems.append(Problem(REQUIREMENTS_FILE, slug, f"unknown property '{raw.get('property')}'"))
            continue
        accept = tuple(cell_text(v).lower() for v in raw.get("accept") or [])
        if not accept:
            problems.append(Problem(REQUIREMENTS_FILE, slug, "accept lists no values"))
            continue
        reqs.append(Requirement(slug, cell_text(raw["label"]), raw["property"], accept))
    return Matrix(options, properties, reqs)
