"""The comparison matrix and the decision guide, both drawn from data/comparison.yml and data/requirements.yml."""
from __future__ import annotations

from .. import paths
from ..load.content import Content
from ..load.matrix import Cell, Matrix, Requirement
from .markup import html_text, link, md_text, render, trusted


def verdict_words(cell: Cell) -> str:
    """A cell's verdict as Markdown text, with its condition when it has one: 'Yes, only if ...'."""
    label = md_text(cell.verdict)
    return f"{label}, only if {md_text(cell.condition)}" if cell.condition else label


# A verdict's icon, beside its words (decorative: screen readers and print read the words).
ICON_GLYPHS = {"yes": "✓", "conditional": "✓", "partial": "", "no": "✗"}
LEGEND = (("yes", "Yes"), ("conditional", "Only with conditions"), ("partial", "Partly"), ("no", "No"))


def verdict_icon(kind: str) -> str:
    """The icon of a cell kind (`Cell.kind`); '' for a value that is not a verdict (a cost, a status)."""
    return render("verdict-icon.html", kind=kind, glyph=ICON_GLYPHS[kind]).strip() if kind in ICON_GLYPHS else ""


def verdict_cell(cell: Cell) -> str:
    icon = verdict_icon(cell.kind)
    return f"{icon} **{verdict_words(cell)}**" if icon else f"**{verdict_words(cell)}**"


def evidence_links(content: Content, page: str, ids: tuple[str, ...]) -> str:
    return " ".join(f"[{md_text(i)}]({link(page, content.by_id[i].path)})" for i in ids)


def matrix_page(content: Content, matrix: Matrix) -> str:
    page = paths.COMPARISON
    table = ["| Property | " + " | ".join(md_text(o.short) for o in matrix.options) + " |",
             "| --- |" + " --- |" * len(matrix.options)]
    for prop in matrix.properties:
        cells = [f"{verdict_cell(c)}<br>{md_text(c.note)}<br>{evidence_links(content, page, c.evidence)}"
                 for c in (prop.cells[o.slug] for o in matrix.options)]
        table.append(f"| [{md_text(prop.label)}](#{prop.slug}){{ #row-{prop.slug} }} | " + " | ".join(cells) + " |")
    details: list[str] = []
    for prop in matrix.properties:
        details += [f"### {md_text(prop.label)} {{ #{prop.slug} }}", ""]
        for option in matrix.options:
            cell = prop.cells[option.slug]
            details.append(f"- **{md_text(option.label)}**: {verdict_words(cell)}. {md_text(cell.note)} "
                           f"Evidence: {evidence_links(content, page, cell.evidence)}")
        details += ["", f"[Back to the table](#row-{prop.slug})", ""]
    options = [f"- **{md_text(o.short)}**: {md_text(o.label)}" for o in matrix.options]
    legend = " ".join(f"{verdict_icon(kind)} {words}" for kind, words in LEGEND)
    return render("comparison.md", table=trusted("\n".join(table)), options=trusted("\n".join(options)),
                  details=trusted("\n".join(details)), legend=trusted(legend),
                  diagram=matrix.diagram is not None)


def guide_cell(content: Content, matrix: Matrix, req: Requirement, option: str) -> str:
    """One verdict of the decision guide, under its one rule (`Matrix.meets`)."""
    cell = matrix.cell(req.property, option)
    if matrix.meets(req, option):
        verdict, mark, detail = "yes", "Meets", md_text(cell.verdict)
    elif cell.condition and cell.value.lower() in req.accept:
        verdict, mark, detail = "conditional", "Only with conditions", f"{md_text(cell.verdict)}, if " \
                                                                        f"{md_text(cell.condition)}"
    else:
        verdict, mark, detail = "no", "Does not meet", md_text(cell.verdict)
    return (f'{verdict_icon(verdict)} <span class="faq-verdict faq-verdict--{verdict}" '
            f'data-option="{html_text(option)}" data-req="{html_text(req.slug)}">{mark}</span> ({detail}) '
            f"{evidence_links(content, paths.DECISION_GUIDE, cell.evidence)}")


def decision_guide_page(content: Content, matrix: Matrix) -> str:
    table = ["| Requirement | " + " | ".join(md_text(o.short) for o in matrix.options) + " |",
             "| --- |" + " --- |" * len(matrix.options)]
    for req in matrix.requirements:
        cells = [guide_cell(content, matrix, req, o.slug) for o in matrix.options]
        table.append(f"| {md_text(req.label)} ([details]({paths.COMPARISON}#{req.property})) | " + " | ".join(cells)
                     + " |")
    form = render("guide-form.html", requirements=matrix.requirements).rstrip("\n")
    return render("decision-guide.md", form=trusted(form), table=trusted("\n".join(table)))
