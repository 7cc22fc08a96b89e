"""The comparison matrix (data/comparison.yml) and the decision guide's requirements (data/requirements.yml)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .model import Problem, Question, id_order

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
    condition: str = ""  # set when the value holds only under a condition (the decision guide counts it as not met)


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
        """Met only where the cell has an accepted value without a condition: the guide's one rule."""
        cell = self.cell(requirement.property, option)
        return cell.value.lower() in requirement.accept and not cell.condition

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
            condition = cell_text(entry.get("condition"))
            unknown = set(entry) - {"value", "note", "evidence", "condition"}
            if unknown:
                bad(slug, option, f"unknown field(s) {', '.join(sorted(map(str, unknown)))}")
            cells[option] = Cell(value, note, tuple(str(e) for e in evidence), condition)
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


def check_verdicts(matrix: Matrix, questions: list[Question], problems: list[Problem],
                   require: bool = False) -> None:
    """An answer's `verdicts` agree with the comparison; with `require`, every cell is stated by an answer it cites."""
    properties = {p.slug: p for p in matrix.properties}
    stated: set[tuple[str, str]] = set()
    for q in questions:
        for prop, row in q.verdicts.items():
            for option, value in row.items():
                problem = _verdict_problem(properties, prop, option, value, q.id)
                if problem:
                    problems.append(Problem(f"docs/{q.path}", "verdicts", problem))
                else:
                    stated.add((prop, option))
    if not require:
        return
    for prop in matrix.properties:
        for option, cell in prop.cells.items():
            if (prop.slug, option) not in stated:
                problems.append(Problem(COMPARISON_FILE, f"row '{prop.slug}', column '{option}'",
                                        f"no cited answer states this verdict (add verdicts: {{{prop.slug}: "
                                        f"{{{option}: \"{cell.value}\"}}}} to one of {', '.join(cell.evidence)})"))


def _verdict_problem(properties: dict[str, Property], prop: str, option: str, value: str, qid: str) -> str:
    if prop not in properties:
        return f"unknown comparison property '{prop}'"
    cell = properties[prop].cells.get(option)
    if cell is None:
        return f"{prop}: unknown option '{option}'"
    if value != cell.value.lower():
        return f"{prop}/{option}: this answer says '{value}', the comparison says '{cell.value}'"
    if qid not in cell.evidence:
        return f"{prop}/{option}: the comparison cell does not cite this answer (add {qid} to its evidence)"
    return ""
