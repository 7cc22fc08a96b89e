"""The comparison matrix (data/comparison.yml) and the decision guide's requirements (data/requirements.yml)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..model import Problem, Question, id_order
from .fields import Entry, entries, folded, slug_problem

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

    @property
    def verdict(self) -> str:
        return value_label(self.value)


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
        return self.by_slug[prop].cells[option]

    @cached_property
    def by_slug(self) -> dict[str, Property]:
        return {p.slug: p for p in self.properties}

    @cached_property
    def evidence_index(self) -> dict[str, list[Property]]:
        """Question ID -> the properties whose cells cite it (each property once). Computed once per build."""
        index: dict[str, list[Property]] = {}
        for prop in self.properties:
            for qid in sorted({qid for cell in prop.cells.values() for qid in cell.evidence}, key=id_order):
                index.setdefault(qid, []).append(prop)
        return index


VERDICT = {"yes": "Yes", "no": "No", "partial": "Partly"}


def value_label(value: str) -> str:
    """A cell value as a reader sees it: 'partial' -> 'Partly'; other values as written."""
    return VERDICT.get(value.lower(), value)


def cell_text(value: Any) -> str:
    """YAML reads a bare yes/no as a boolean: keep the word."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return folded(str(value if value is not None else ""))


def load_matrix(comparison: Any, requirements: Any, question_ids: set[str], problems: list[Problem]) -> Matrix:
    """The comparison and the decision guide's requirements; every problem is appended to `problems`."""
    if not isinstance(comparison, dict):
        problems.append(Problem(COMPARISON_FILE, "(file)", "must be a mapping with options and properties"))
        comparison = {}
    options = load_options(comparison.get("options"), problems)
    properties = [prop for slug, raw in _mapping(comparison.get("properties"), "properties", problems).items()
                  if (prop := load_property(str(slug), raw, options, question_ids, problems)) is not None]
    return Matrix(options, properties, load_requirements(requirements, {p.slug for p in properties}, problems))


def _mapping(raw: Any, key: str, problems: list[Problem]) -> dict[Any, Any]:
    if raw in (None, {}):
        problems.append(Problem(COMPARISON_FILE, key, f"no {key} defined"))
        return {}
    if not isinstance(raw, dict):
        problems.append(Problem(COMPARISON_FILE, key, "must be a mapping of keys to entries"))
        return {}
    return raw


def load_options(raw: Any, problems: list[Problem]) -> list[Option]:
    options: list[Option] = []
    for slug, entry in _mapping(raw, "options", problems).items():
        e = Entry(COMPARISON_FILE, f"options/{slug}", entry if isinstance(entry, dict) else {}, problems)
        problem = slug_problem(str(slug), "option") or ("" if isinstance(entry, dict) else "must be a mapping")
        e.only(("label", "short"))
        label = e.text("label")
        if problem:
            e.bad("(key)", problem)
        elif label:
            options.append(Option(str(slug), label, e.text("short", required=False) or label))
    return options


def load_property(slug: str, raw: Any, options: list[Option], question_ids: set[str],
                  problems: list[Problem]) -> Property | None:
    if not isinstance(raw, dict) or not raw.get("label") or slug_problem(slug, "property"):
        problems.append(Problem(COMPARISON_FILE, f"row '{slug}'",
                                slug_problem(slug, "property") or "a property needs a label and cells"))
        return None
    raw_cells: dict[Any, Any] = raw["cells"] if isinstance(raw.get("cells"), dict) else {}
    slugs = [o.slug for o in options]
    for option in raw_cells:
        if option not in slugs:
            _bad(problems, slug, str(option), f"unknown option (options: {', '.join(slugs)})")
    cells = {option: cell for option in slugs
             if (cell := load_cell(slug, option, raw_cells.get(option), question_ids, problems)) is not None}
    return Property(slug, cell_text(raw["label"]), cells)


def _bad(problems: list[Problem], row: str, column: str, message: str) -> None:
    problems.append(Problem(COMPARISON_FILE, f"row '{row}', column '{column}'", message))


def load_cell(row: str, option: str, entry: Any, question_ids: set[str], problems: list[Problem]) -> Cell | None:
    if not isinstance(entry, dict):
        _bad(problems, row, option, "missing cell")
        return None
    value, note, condition = (cell_text(entry.get(k)) for k in ("value", "note", "condition"))
    evidence = entry.get("evidence") or []
    if not value:
        _bad(problems, row, option, "the cell has no value")
    if not note:
        _bad(problems, row, option, "the cell has no note")
    if not isinstance(evidence, list) or not evidence:
        _bad(problems, row, option, "the cell names no evidence (question IDs)")
        evidence = []
    for qid in evidence:
        if qid not in question_ids:
            _bad(problems, row, option, f"evidence '{qid}' is not a question ID")
    unknown = set(entry) - {"value", "note", "evidence", "condition"}
    if unknown:
        _bad(problems, row, option, f"unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    return Cell(value, note, tuple(str(e) for e in evidence), condition)


def load_requirements(raw: Any, property_slugs: set[str], problems: list[Problem]) -> list[Requirement]:
    found: list[Requirement] = []
    for slug, e in entries(raw, REQUIREMENTS_FILE, problems):
        e.only(("label", "property", "accept"))
        label, prop = e.text("label"), e.text("property")
        accept = tuple(cell_text(v).lower() for v in e.raw.get("accept") or [] if cell_text(v))
        problem = slug_problem(slug, "requirement")
        if problem:
            e.bad("(key)", problem)
        elif prop and prop not in property_slugs:
            problems.append(Problem(REQUIREMENTS_FILE, slug, f"unknown property '{prop}'"))
        elif not accept:
            problems.append(Problem(REQUIREMENTS_FILE, slug, "accept lists no values"))
        elif label and prop:
            found.append(Requirement(slug, label, prop, accept))
    return found


def check_verdicts(matrix: Matrix, questions: list[Question], problems: list[Problem],
                   require: bool = False) -> None:
    """An answer's `verdicts` agree with the comparison; with `require`, every cell is stated by an answer it cites."""
    properties = {p.slug: p for p in matrix.properties}
    stated: set[tuple[str, str]] = set()
    for q in questions:
        for prop, said in q.verdicts.items():
            for option, value in said.items():
                problem = _verdict_problem(properties, prop, option, value, q.id)
                if problem:
                    problems.append(Problem(f"docs/{q.path}", "verdicts", problem))
                else:
                    stated.add((prop, option))
    if not require:
        return
    for row in matrix.properties:
        for option, cell in row.cells.items():
            if (row.slug, option) not in stated:
                problems.append(Problem(COMPARISON_FILE, f"row '{row.slug}', column '{option}'",
                                        f"no cited answer states this verdict (add verdicts: {{{row.slug}: "
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
