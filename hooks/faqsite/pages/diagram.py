"""The picture of where each option encrypts, drawn from the comparison (data/comparison.yml: diagram).

A page asks for it with `{{ diagram:layers }}` on a line of its own; `fill` puts the figure there. The figure is
a static inline SVG (classes only, styled by faq.css, so the CSP's `style-src 'self'` holds) with a title,
a description and the same content in words. The option labels above it are Markdown links, so MkDocs checks
them and writes them right for every page and for builds with or without directory URLs.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..load.content import Content
from ..load.matrix import DIAGRAM_MARKER, Diagram, Layer, Matrix, Option, diagram_marker_problems
from .markup import link, md_text, render, trusted

# Geometry of the picture, in SVG user units (it scales to the width of the page).
WIDTH = 460
LABEL_WIDTH = 160  # the layer names; faq.css indents the option labels by the same share (160/460)
ZONE_HEAD = 20
ROW = 38
GAP = 6
MARK = (44, 22)
LINE_CHARS = 21  # a layer name wraps onto a second line after about this many characters

ZONE_TITLES = {"vm": "Virtual machine", "host": "VM host", "network": "Host to storage", "storage": "Azure Storage",
               "keys": "Keys"}
# Cell kind -> how the picture shows it: covered, covered only under a condition, not covered.
SHOWN = {"yes": "yes", "conditional": "if", "partial": "if", "no": "no"}


@dataclass(frozen=True)
class Mark:
    option: str
    kind: str  # yes | if | no
    x: float
    y: float


@dataclass(frozen=True)
class Row:
    slug: str
    lines: tuple[str, ...]
    y: float
    marks: tuple[Mark, ...]


@dataclass(frozen=True)
class Zone:
    slug: str
    title: str
    y: float
    height: float
    rows: tuple[Row, ...]


class DiagramError(ValueError):
    """A page names a diagram that does not exist (or the comparison defines none)."""


def fill(markdown: str, matrix: Matrix, content: Content, path: str) -> str:
    """The page with each `{{ diagram:NAME }}` line replaced by its figure."""
    if not DIAGRAM_MARKER.search(markdown):
        return markdown
    problems = [f"docs/{path}:{line}: (body): {message}" for message, line in diagram_marker_problems(markdown)]
    if matrix.diagram is None:
        problems.append(f"docs/{path}: (body): a diagram marker, but data/comparison.yml defines no diagram")
    if len(DIAGRAM_MARKER.findall(markdown)) > 1:  # its title, description and pattern have fixed IDs
        problems.append(f"docs/{path}: (body): the diagram appears more than once; a page shows it once")
    if problems:
        raise DiagramError("\n".join(problems))
    figure = layers_figure(matrix, content, path)
    return DIAGRAM_MARKER.sub(lambda _: figure, markdown)


def layers_figure(matrix: Matrix, content: Content, path: str) -> str:
    """The figure as Markdown: option links, the SVG, a caption and the picture in words."""
    assert matrix.diagram is not None
    diagram = matrix.diagram
    options = [o for slug in diagram.options for o in matrix.options if o.slug == slug]
    links = [f"- [{md_text(o.short)}]({link(path, content.by_id[o.answer].path)})" for o in options]
    zones = layout(matrix, diagram)
    height = zones[-1].y + zones[-1].height if zones else 0
    svg = render("diagram-layers.html", width=WIDTH, height=height, zones=zones, label_width=LABEL_WIDTH,
                 mark_width=MARK[0], mark_height=MARK[1], desc=description(options, diagram))
    words = [f"- {summary(matrix, diagram, o)}" for o in options]
    return render("diagram-layers.md", links=trusted("\n".join(links)), svg=trusted(svg.strip()),
                  words=trusted("\n".join(words))).strip("\n")


def layout(matrix: Matrix, diagram: Diagram) -> list[Zone]:
    """Zones (runs of consecutive layers of one zone) with their rows and marks, top to bottom."""
    column = (WIDTH - LABEL_WIDTH) / max(len(diagram.options), 1)
    zones: list[Zone] = []
    y = 0.0
    for zone, layers in runs(diagram.layers):
        rows: list[Row] = []
        top = y
        y += ZONE_HEAD
        for layer in layers:
            marks = tuple(Mark(option, SHOWN.get(matrix.cell(layer.property, option).kind, "no"),
                               LABEL_WIDTH + column * (i + 0.5) - MARK[0] / 2, y + (ROW - MARK[1]) / 2)
                          for i, option in enumerate(diagram.options))
            rows.append(Row(layer.slug, wrapped(layer.label), y, marks))
            y += ROW
        zones.append(Zone(zone, ZONE_TITLES[zone], top, y - top + GAP / 2, tuple(rows)))
        y += GAP * 1.5
    return zones


def runs(layers: tuple[Layer, ...]) -> list[tuple[str, list[Layer]]]:
    found: list[tuple[str, list[Layer]]] = []
    for layer in layers:
        if found and found[-1][0] == layer.zone:
            found[-1][1].append(layer)
        else:
            found.append((layer.zone, [layer]))
    return found


def wrapped(label: str) -> tuple[str, ...]:
    """A layer name on one line, or on two when it is long (SVG text does not wrap by itself)."""
    if len(label) <= LINE_CHARS:
        return (label,)
    words = label.split()
    first: list[str] = []
    while words and len(" ".join([*first, words[0]])) <= LINE_CHARS:
        first.append(words.pop(0))
    return (" ".join(first), " ".join(words)) if first else (label,)


def description(options: list[Option], diagram: Diagram) -> str:
    layers = ", ".join(layer.label for layer in diagram.layers)
    return (f"Layers from inside the VM down to Azure Storage, and the keys ({layers}), against the options "
            f"{', '.join(o.short for o in options)}. A filled box: the option encrypts that layer; a hatched box: "
            f"only under a condition; an empty box: it does not. The list after the picture says the same in words.")


def summary(matrix: Matrix, diagram: Diagram, option: Option) -> str:
    """One option in words, as Markdown: which layers it covers, under which conditions, and which not."""
    covered, conditional, uncovered = [], [], []
    for layer in diagram.layers:
        cell = matrix.cell(layer.property, option.slug)
        kind, name = SHOWN.get(cell.kind, "no"), md_text(in_sentence(layer.label))
        if kind == "yes":
            covered.append(name)
        elif kind == "if":
            condition = f"only if {cell.condition}" if cell.condition else cell.verdict.lower()
            conditional.append(f"{name} ({md_text(condition)})")
        else:
            uncovered.append(name)
    parts = [f"covers {', '.join(covered)}" if covered else "covers none of these layers"]
    if conditional:
        parts.append(f"with a condition: {'; '.join(conditional)}")
    if uncovered:
        parts.append(f"does not cover {', '.join(uncovered)}")
    return f"**{md_text(option.short)}** ({md_text(option.label)}): {'; '.join(parts)}\\."


def in_sentence(label: str) -> str:
    """A layer name inside a sentence: 'Temp disk' -> 'temp disk'; 'OS and data disks' stays."""
    return label[0].lower() + label[1:] if label[1:2].islower() else label
