"""The picture of where each option encrypts: drawn from the comparison, validated, relative links, and the
comparison's verdict icons."""
from __future__ import annotations

import datetime
import textwrap
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from faqsite.load.matrix import Cell, diagram_marker_problems, load_matrix
from faqsite.model import Problem
from faqsite.pages import compare, diagram
from faqsite.site import Site, decorate, pages, prepare

from fixture_project import make_project, question

TODAY = datetime.date(2026, 11, 20)
COMPARISON = """
options:
  sse: {label: Server-side encryption, short: SSE, answer: ENC-001}
  ade: {label: Azure Disk Encryption, short: ADE, answer: ENC-002}
diagram:
  options: [sse, ade]
  layers:
    temp: {label: Temp disk, zone: host, property: temp-disk}
    rest: {label: OS and data disks at rest, zone: storage, property: at-rest}
properties:
  temp-disk:
    label: Temp disk encrypted
    cells:
      sse: {value: "no", note: Not a managed disk., evidence: [ENC-001]}
      ade: {value: "yes", note: Inside the guest., evidence: [ENC-001]}
  at-rest:
    label: Disks encrypted at rest
    cells:
      sse: {value: "yes", note: Always., evidence: [ENC-001]}
      ade: {value: "yes", note: Inside the guest., evidence: [ENC-002]}
"""
# The Markdown extensions of mkdocs.yml that the figure goes through.
EXTENSIONS = ["abbr", "attr_list", "md_in_html", "tables", "pymdownx.escapeall"]
PAGE = "Intro.\n\n{{ diagram:layers }}\n\nMore.\n"


def project_site(tmp_path: Path, comparison: str = COMPARISON) -> Site:
    root = make_project(tmp_path, questions={"one.md": question("ENC-001"), "two.md": question("ENC-002")})
    (root / "data" / "comparison.yml").write_text(textwrap.dedent(comparison))
    (root / "data" / "site.yml").write_text("review_interval_months: 12\n")
    return prepare(root / "docs", root / "data", "https://x.test/", "t", TODAY)


def figure(site: Site, path: str = "index.md") -> BeautifulSoup:
    return BeautifulSoup(diagram.fill(PAGE, site.matrix, site.content, path), "html.parser")


def mark(soup: BeautifulSoup, layer: str, option: str) -> list[str]:
    found = soup.select_one(f'g[data-layer="{layer}"] rect[data-option="{option}"]')
    assert found is not None
    return list(found["class"])


def test_the_picture_follows_the_cells(tmp_path: Path) -> None:
    soup = figure(project_site(tmp_path))
    assert mark(soup, "temp", "ade") == ["faq-layers__mark", "faq-layers__mark--yes"]
    assert mark(soup, "temp", "sse") == ["faq-layers__mark", "faq-layers__mark--no"]
    assert mark(soup, "rest", "sse") == ["faq-layers__mark", "faq-layers__mark--yes"]
    assert len(soup.select("rect.faq-layers__mark")) == 4


def test_changing_a_cell_changes_the_picture_and_its_words(tmp_path: Path) -> None:
    changed = COMPARISON.replace('ade: {value: "yes", note: Inside the guest., evidence: [ENC-001]}',
                                 'ade: {value: "yes", condition: "the volume type is All", note: Inside the guest., '
                                 'evidence: [ENC-001]}')
    assert changed != COMPARISON
    soup = figure(project_site(tmp_path, changed))
    assert mark(soup, "temp", "ade") == ["faq-layers__mark", "faq-layers__mark--if"]
    words = soup.select_one(".faq-sr-only").get_text(" ")
    assert "with a condition: temp disk (only if the volume type is All)" in words
    flipped = COMPARISON.replace('sse: {value: "no", note: Not a managed disk.', 'sse: {value: "yes", note: Now.')
    assert mark(figure(project_site(tmp_path / "b", flipped)), "temp", "sse")[-1] == "faq-layers__mark--yes"


def test_option_names_link_to_their_answers_relative_to_each_page(tmp_path: Path) -> None:
    site = project_site(tmp_path)
    home = diagram.fill(PAGE, site.matrix, site.content, "index.md")
    assert "- [SSE](disk-encryption/one.md)\n- [ADE](disk-encryption/two.md)" in home
    answer = diagram.fill(PAGE, site.matrix, site.content, "disk-encryption/two.md")
    assert "- [SSE](one.md)\n- [ADE](two.md)" in answer
    assert "- [SSE](disk-encryption/one.md)" in decorate(site, "comparison.md", pages(site)["comparison.md"])


def test_the_figure_is_an_image_with_a_text_alternative_and_no_inline_style(tmp_path: Path) -> None:
    site = project_site(tmp_path)
    html = markdown.markdown(diagram.fill(PAGE, site.matrix, site.content, "index.md"), extensions=EXTENSIONS)
    soup = BeautifulSoup(html, "html.parser")
    svg = soup.select_one("figure.faq-layers svg")
    assert svg is not None and svg["role"] == "img"
    assert svg["aria-labelledby"] == "faq-layers-title faq-layers-desc"
    assert svg.select_one("title#faq-layers-title").get_text() == "Where each disk encryption option encrypts"
    assert "SSE, ADE" in svg.select_one("desc#faq-layers-desc").get_text()
    assert "style=" not in html and "<style" not in html
    assert [a["href"] for a in soup.select(".faq-layers__options a")] == ["disk-encryption/one.md",
                                                                          "disk-encryption/two.md"]
    items = [li.get_text() for li in soup.select(".faq-sr-only li")]
    assert items[0] == "SSE (Server-side encryption): covers OS and data disks at rest; does not cover temp disk."
    assert soup.get_text().count("More.") == 1 and "{{" not in html


def test_a_page_without_a_marker_is_left_alone(tmp_path: Path) -> None:
    site = project_site(tmp_path)
    assert diagram.fill("No picture here.\n", site.matrix, site.content, "index.md") == "No picture here.\n"


def test_an_unknown_diagram_marker_is_a_problem_line(tmp_path: Path) -> None:
    site = project_site(tmp_path)
    assert diagram_marker_problems("a\n\n{{ diagram:nope }}\n") == [("unknown diagram 'nope' (diagrams: layers)", 3)]
    with pytest.raises(diagram.DiagramError) as raised:
        diagram.fill("a\n\n{{ diagram:nope }}\n", site.matrix, site.content, "index.md")
    assert str(raised.value) == "docs/index.md:3: (body): unknown diagram 'nope' (diagrams: layers)"
    with pytest.raises(diagram.DiagramError) as raised:
        diagram.fill(PAGE + PAGE, site.matrix, site.content, "index.md")
    assert str(raised.value) == "docs/index.md: (body): the diagram appears more than once; a page shows it once"


def test_the_comparison_shows_the_diagram_only_when_one_is_defined(tmp_path: Path) -> None:
    without = project_site(tmp_path, COMPARISON.split("diagram:")[0] + "properties:" +
                           COMPARISON.split("properties:")[1])
    assert without.matrix.diagram is None
    assert "diagram:layers" not in pages(without)["comparison.md"]
    assert "{{ diagram:layers }}" in pages(project_site(tmp_path / "b"))["comparison.md"]


def diagram_problems(changes: dict[str, object]) -> list[str]:
    import yaml
    comparison = yaml.safe_load(COMPARISON)
    for key, value in changes.items():
        section, *rest = key.split("/")
        target = comparison[section]
        for part in rest[:-1]:
            target = target[part]
        target[rest[-1]] = value
    problems: list[Problem] = []
    load_matrix(comparison, {}, {"ENC-001", "ENC-002"}, problems)
    return [str(p) for p in problems]


def test_a_valid_diagram_section_has_no_problems() -> None:
    assert diagram_problems({}) == []


@pytest.mark.parametrize("changes, expected", [
    ({"diagram/colour": "blue"}, "data/comparison.yml: diagram/colour: unknown field (fields: options, layers)"),
    ({"diagram/options": ["sse", "host"]},
     "data/comparison.yml: diagram/options: unknown option 'host' (options: sse, ade)"),
    ({"diagram/layers/temp/property": "caches"},
     "data/comparison.yml: diagram/layers/temp/property: unknown property 'caches' (one of: temp-disk, at-rest)"),
    ({"diagram/layers/temp/zone": "cloud"},
     "data/comparison.yml: diagram/layers/temp/zone: unknown zone 'cloud' (one of: vm, host, network, storage, keys)"),
    ({"diagram/layers/temp/icon": "x"},
     "data/comparison.yml: diagram/layers/temp/icon: unknown field (fields: label, zone, property)"),
    ({"options/ade/answer": "ENC-404"}, "data/comparison.yml: options/ade/answer: 'ENC-404' is not a question ID"),
    ({"options/ade/answer": None},
     "data/comparison.yml: diagram/options: option 'ade' has no answer (options/ade/answer: the question the "
     "diagram links)"),
    ({"properties/temp-disk/cells/sse/value": "not documented"},
     "data/comparison.yml: diagram/layers/temp/property: temp-disk/sse is 'not documented': the diagram shows only "
     "yes, no or partial"),
])
def test_diagram_section_problems_name_the_field(changes: dict[str, object], expected: str) -> None:
    assert expected in diagram_problems(changes)


# ---------------------------------------------------------------- verdict icons

@pytest.mark.parametrize("cell, kind", [
    (Cell("yes", "n", ("ENC-001",)), "yes"), (Cell("Yes", "n", ("ENC-001",), "if so"), "conditional"),
    (Cell("partial", "n", ("ENC-001",)), "partial"), (Cell("partial (preview)", "n", ("ENC-001",), "if so"),
                                                       "conditional"),
    (Cell("no", "n", ("ENC-001",)), "no"), (Cell("not documented", "n", ("ENC-001",)), ""),
])
def test_a_cell_has_one_kind(cell: Cell, kind: str) -> None:
    assert cell.kind == kind


def test_the_matrix_puts_a_hidden_icon_beside_the_words_under_a_legend(tmp_path: Path) -> None:
    site = project_site(tmp_path)
    page = compare.matrix_page(site.content, site.matrix)
    assert ('| <span class="faq-icon faq-icon--no" aria-hidden="true">✗</span> **No**<br>Not a managed disk\\.'
            in page)
    assert '<span class="faq-icon faq-icon--yes" aria-hidden="true">✓</span> **Yes**<br>Inside the guest\\.' in page
    legend = page.split('<p class="faq-legend">')[1].split("</p>")[0]
    assert BeautifulSoup(legend, "html.parser").get_text(" ", strip=True) == "✓ Yes ✓ Only with conditions Partly ✗ No"
    assert legend.count('aria-hidden="true"') == 4
    guide = compare.decision_guide_page(site.content, site.matrix)
    assert '<span class="faq-icon faq-icon--yes" aria-hidden="true">✓</span> <span class="faq-verdict' in guide
