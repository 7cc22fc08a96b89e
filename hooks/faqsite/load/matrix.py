"""The comparison matrix (data/comparison.yml) and the decision guide's requirements (data/requirements.yml)."""
from __future__ import annotations

import re
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
    answer: str = ""  # the question that explains the option (the diagram links its label there)


@dataclass(frozen=True)
class Cell:
    value: str
    note: str
    evidence: tuple[str, ...]
    condition: str = ""  # set when the value holds only under a condition (the decision guide counts it as not met)

    @property
    def verdict(self) -> str:
        return value_label(self.value)

    @property
    def kind(self) -> str:
        """'yes', 'conditional' (holds only under its condition), 'partial', 'no', or '' for any other value."""
        value = self.value.lower()
        if self.condition and (value == "yes" or value.startswith("partial")):
            return "conditional"
        if value in ("yes", "no"):
            return value
        return "partial" if value.startswith("partial") else ""


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


@dataclass(frozen=True)
class Layer:
    """One row of the diagram: a layer where data can be encrypted, and the property saying which option does."""
    slug: str
    label: str
    zone: str  # one of ZONES
    property: str


@dataclass(frozen=True)
class Diagram:
    options: tuple[str, ...]  # option slugs, in column order
    layers: tuple[Layer, ...]  # top (inside the VM) to bottom (storage, then keys)


@dataclass
class Matrix:
    options: list[Option]
    properties: list[Property]
    requirements: list[Requirement]
    diagram: Diagram | None = None  # the picture of where each option encrypts (the `diagram` section)

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
    options = load_options(comparison.get("options"), question_ids, problems)
    properties = [prop for slug, raw in _mapping(comparison.get("properties"), "properties", problems).items()
                  if (prop := load_property(str(slug), raw, options, question_ids, problems)) is not None]
    diagram = load_diagram(comparison.get("diagram"), options, properties, problems)
    values = {p.slug: {c.value.lower() for c in p.cells.values()} for p in properties}
    return Matrix(options, properties, load_requirements(requirements, values, problems), diagram)


def _mapping(raw: Any, key: str, problems: list[Problem]) -> dict[Any, Any]:
    if raw in (None, {}):
        problems.append(Problem(COMPARISON_FILE, key, f"no {key} defined"))
        return {}
    if not isinstance(raw, dict):
        problems.append(Problem(COMPARISON_FILE, key, "must be a mapping of keys to entries"))
        return {}
    return raw


def load_options(raw: Any, question_ids: set[str], problems: list[Problem]) -> list[Option]:
    options: list[Option] = []
    for slug, entry in _mapping(raw, "options", problems).items():
        e = Entry(COMPARISON_FILE, f"options/{slug}", entry if isinstance(entry, dict) else {}, problems)
        problem = slug_problem(str(slug), "option") or ("" if isinstance(entry, dict) else "must be a mapping")
        e.only(("label", "short", "answer"))
        label, answer = e.text("label"), e.text("answer", required=False)
        if answer and answer not in question_ids:
            e.bad("answer", f"'{answer}' is not a question ID")
            answer = ""
        if problem:
            e.bad("(key)", problem)
        elif label:
            options.append(Option(str(slug), label, e.text("short", required=False) or label, answer))
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


# The diagram's zones, top to bottom, as the picture groups its layers.
ZONES = ("vm", "host", "network", "storage", "keys")
# A page asks for a diagram with this marker on a line of its own; the build fills it in.
DIAGRAMS = ("layers",)
DIAGRAM_MARKER = re.compile(r"^[ \t]*\{\{\s*diagram:([^}]*)\}\}[ \t]*$", re.M)


def load_diagram(raw: Any, options: list[Option], properties: list[Property],
                 problems: list[Problem]) -> Diagram | None:
    """The `diagram` section: the options it shows (each with an `answer`) and its layers, each read from a
    property whose cells are yes, no or partial. None when the section is absent."""
    if raw in (None, {}):
        return None
    e = Entry(COMPARISON_FILE, "diagram", raw if isinstance(raw, dict) else {}, problems)
    if not isinstance(raw, dict):
        e.bad("(section)", "must be a mapping with options and layers")
    e.only(("options", "layers"))
    by_slug = {o.slug: o for o in options}
    shown = tuple(slug for slug in e.texts("options", required=True) if _diagram_option(e, slug, by_slug))
    props = {p.slug: p for p in properties}
    layers = tuple(layer for slug, entry in entries(e.raw.get("layers"), COMPARISON_FILE, problems, "diagram/layers")
                   if (layer := load_layer(slug, entry, props, shown)) is not None)
    if not layers:
        e.bad("layers", "no layers defined")
    return Diagram(shown, layers)


def _diagram_option(e: Entry, slug: str, options: dict[str, Option]) -> bool:
    if slug not in options:
        e.bad("options", f"unknown option '{slug}' (options: {', '.join(options)})")
        return False
    if not options[slug].answer:
        e.bad("options", f"option '{slug}' has no answer (options/{slug}/answer: the question the diagram links)")
        return False
    return True


def load_layer(slug: str, e: Entry, properties: dict[str, Property], shown: tuple[str, ...]) -> Layer | None:
    e.only(("label", "zone", "property"))
    label, zone = e.text("label"), e.choice("zone", ZONES, "zone")
    prop = e.choice("property", properties, "property")
    if slug_problem(slug, "layer"):
        e.bad("(key)", slug_problem(slug, "layer"))
        return None
    for option in shown if prop else ():
        cell = properties[prop].cells.get(option)
        if cell is not None and not cell.kind:
            e.bad("property", f"{prop}/{option} is '{cell.value}': the diagram shows only yes, no or partial")
    return Layer(slug, label, zone, prop) if label and zone and prop else None


def diagram_marker_problems(text: str) -> list[tuple[str, int]]:
    """(message, line in the text) for each diagram marker that names no diagram."""
    return [(f"unknown diagram '{m.group(1).strip()}' (diagrams: {', '.join(DIAGRAMS)})",
             text.count("\n", 0, m.start()) + 1)
            for m in DIAGRAM_MARKER.finditer(text) if m.group(1).strip() not in DIAGRAMS]


def load_requirements(raw: Any, values: dict[str, set[str]], problems: list[Problem]) -> list[Requirement]:
    """`values`: property slug -> the values its cells have (an accepted value no cell has is a typo)."""
    found: list[Requirement] = []
    for slug, e in entries(raw, REQUIREMENTS_FILE, problems):
        e.only(("label", "property", "accept"))
        label, prop = e.text("label"), e.text("property")
        accept = tuple(cell_text(v).lower() for v in e.raw.get("accept") or [] if cell_text(v))
        problem = slug_problem(slug, "requirement")
        if problem:
            e.bad("(key)", problem)
        elif prop and prop not in values:
            problems.append(Problem(REQUIREMENTS_FILE, slug, f"unknown property '{prop}'"))
        elif not accept:
            problems.append(Problem(REQUIREMENTS_FILE, slug, "accept lists no values"))
        elif prop and not set(accept) & values[prop]:
            problems.append(Problem(REQUIREMENTS_FILE, slug, f"accept: no cell of property '{prop}' has "
                                    f"{' or '.join(accept)}, so no option would ever meet this requirement"))
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
