"""The compliance view: data/controls.yml, its validation, the controls page, the question blocks and the exports."""
from __future__ import annotations

import copy
import csv
import datetime
import io
import json
import posixpath
import textwrap
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable

import markdown
import pymdownx.slugs
import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from faqsite.export import controls_csv, controls_json
from faqsite.load.content import load
from faqsite.load.controls import Control, load_controls, question_control_ids
from faqsite.load.matrix import Matrix, Option
from faqsite.model import Problem, Question
from faqsite.pages.controls import controls_page, framework_pages
from faqsite.pages.question import question_controls_block
from fixture_project import make_project

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
FILE = "data/controls.yml"
CONTROLS_JSON, CONTROLS_CSV = "controls.json", "controls.csv"  # published names, as a reader types them

# The Markdown extensions of mkdocs.yml that shape this page.
EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.escapeall"]
EXTENSION_CONFIGS = {
    "pymdownx.escapeall": {"hardbreak": False, "nbsp": False},
    "toc": {"permalink": True, "slugify": pymdownx.slugs.slugify(case="lower")},
}


def read(name: str) -> Any:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def to_html(source: str) -> BeautifulSoup:
    html = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS).convert(source)
    return BeautifulSoup(html, "html.parser")


def heading_text(element: Tag) -> str:
    return "".join(str(s) for s in element.find_all(string=True) if s.parent.name != "a" or
                   "headerlink" not in (s.parent.get("class") or [])).strip()


def section(soup: BeautifulSoup, anchor: str) -> list[Tag]:
    """The elements after a heading, up to the next heading of the same or a higher level."""
    heading = soup.find(id=anchor)
    assert heading is not None, anchor
    level = int(heading.name[1])
    elements: list[Tag] = []
    for sibling in heading.find_next_siblings():
        if sibling.name in {f"h{n}" for n in range(1, level + 1)}:
            break
        elements.append(sibling)
    return elements


def admonitions(elements: list[Tag], kind: str) -> list[Tag]:
    return [e for e in elements if e.name == "div" and "admonition" in e.get("class", []) and kind in e["class"]]


# ---------------------------------------------------------------- the real data, loaded
# The page tests below render it; checks of what the data says are in tests/content/test_controls_data.py.

# ---------------------------------------------------------------- validation

GUID_A = "11111111-2222-3333-4444-555555555555"
GUID_B = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
OPTIONS = ["sse", "ade"]
QUESTIONS = {"ENC-001", "ENC-002"}


def minimal() -> dict[str, Any]:
    return {
        "frameworks": {"fw": {"short": "FW", "title": "A framework", "version": "v1"}},
        "initiatives": {"ini": {"name": "An initiative", "id": GUID_A}},
        "policies": {"pol": {"name": "A policy", "id": GUID_B, "detects": ["sse"]}},
        "caveats": {"cav": {"title": "A caveat", "text": "Watch out.", "options": ["ade"]}},
        "controls": {
            "c-one": {"framework": "fw", "id": "C-1", "title": "First control", "verified": True,
                      "options": {"sse": "Helps."}, "policies": [{"policy": "pol", "initiatives": ["ini"]}],
                      "evidence": ["ENC-001"], "caveats": ["cav"], "related": ["c-two"]},
            "c-two": {"framework": "fw", "id": "C-2", "title": "Second control", "verified": False,
                      "unverified": ["Its number."], "note": "No option helps.", "evidence": ["ENC-002"]},
        },
    }


def problems_for(mutate: Callable[[dict[str, Any]], None]) -> tuple[list[str], list[Control]]:
    raw = minimal()
    mutate(raw)
    problems: list[Problem] = []
    loaded = load_controls(raw, OPTIONS, QUESTIONS, problems)
    return [str(p) for p in problems], loaded


def test_minimal_file_is_valid() -> None:
    problems, loaded = problems_for(lambda raw: None)
    assert problems == []
    assert [c.key for c in loaded] == ["c-one", "c-two"]


def test_a_framework_keyed_index_is_refused_as_it_would_take_the_overviews_url() -> None:
    def rename(raw: dict[str, Any]) -> None:
        raw["frameworks"]["index"] = raw["frameworks"].pop("fw")
        for control in raw["controls"].values():
            control["framework"] = "index"
    problems, _ = problems_for(rename)
    assert [p for p in problems if "overview" in p] == [
        "data/controls.yml: frameworks/index/(key): 'index' is the controls overview's page: give the framework "
        "another key"]


def test_empty_file_gives_no_controls_and_no_problem() -> None:
    problems: list[Problem] = []
    assert load_controls({}, OPTIONS, QUESTIONS, problems) == [] and problems == []


def setter(*path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(raw: dict[str, Any]) -> None:
        target = raw
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return mutate


def deleter(*path: str) -> Callable[[dict[str, Any]], None]:
    def mutate(raw: dict[str, Any]) -> None:
        target = raw
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return mutate


@pytest.mark.parametrize("mutate, expected", [
    (setter("controls", "c-one", "framework", value="nope"),
     "data/controls.yml: c-one/framework: unknown framework 'nope' (frameworks: fw)"),
    (setter("controls", "c-one", "options", value={"sse": "Helps.", "byok": "Mine."}),
     "data/controls.yml: c-one/options: unknown option 'byok' (options: sse, ade)"),
    (setter("controls", "c-one", "evidence", value=["ENC-001", "ENC-999"]),
     "data/controls.yml: c-one/evidence: unknown question ID 'ENC-999'"),
    (setter("controls", "c-one", "related", value=["c-nope"]),
     "data/controls.yml: c-one/related: unknown control 'c-nope'"),
    (setter("controls", "c-one", "related", value=["c-one"]),
     "data/controls.yml: c-one/related: a control cannot be related to itself"),
    (setter("controls", "c-one", "policies", value=[{"policy": "nope"}]),
     "data/controls.yml: c-one/policies: entry 1: unknown policy 'nope'"),
    (setter("controls", "c-one", "policies", value=[{"policy": "pol", "initiatives": ["nope"]}]),
     "data/controls.yml: c-one/policies: entry 1: unknown initiative 'nope'"),
    (setter("controls", "c-one", "caveats", value=["nope"]),
     "data/controls.yml: c-one/caveats: unknown caveat 'nope'"),
    (deleter("controls", "c-one", "verified"),
     "data/controls.yml: c-one/verified: required field is missing (true or false)"),
    (setter("controls", "c-one", "verified", value="yes"),
     "data/controls.yml: c-one/verified: must be true or false"),
    (deleter("controls", "c-two", "unverified"),
     "data/controls.yml: c-two/unverified: verified is false: say what could not be verified"),
    (setter("controls", "c-one", "unverified", value=["Something."]),
     "data/controls.yml: c-one/unverified: lists unverified items, but verified is true"),
    (setter("controls", "c-one", "id", value=7.2),
     "data/controls.yml: c-one/id: must be text, not float"),
    (setter("controls", "c-one", "title", value=""),
     "data/controls.yml: c-one/title: required field is missing or empty"),
    (setter("controls", "c-one", "evidence", value=[]),
     "data/controls.yml: c-one/evidence: required field is missing or empty"),
    (setter("controls", "c-one", "colour", value="red"),
     "data/controls.yml: c-one/colour: unknown field"),
    (setter("controls", "c-two", "id", value="C-1"),
     "data/controls.yml: c-two/id: FW C-1 (v1) is also control 'c-one'"),
    (deleter("controls", "c-two", "note"),
     "data/controls.yml: c-two/note: no option helps meet this control: the note must say why"),
    (setter("controls", "C One", value={}),
     "data/controls.yml: C One/(key): a control key is lower-case letters and digits joined by hyphens"),
    (setter("controls", "fw", value=copy.deepcopy(minimal()["controls"]["c-two"]) | {"id": "C-3"}),
     "data/controls.yml: fw/(key): 'fw' is also a framework key"),
    (setter("controls", "c-one", "version", value="v2"),
     None),  # a version without numbering is fine
    (setter("controls", "c-one", "numbering", value=[{"versions": ["v1"], "id": "C-9"}]),
     None),  # numbering without a version of its own is fine
    (lambda raw: raw["controls"]["c-one"].update(version="v2", numbering=[{"versions": ["v1"], "id": "C-9"}]),
     "data/controls.yml: c-one/numbering: has no row giving C-1 for v2"),
    (setter("controls", "c-one", "numbering", value=[{"versions": ["v1"]}]),
     "data/controls.yml: c-one/numbering: entry 1: id: give the number, or a note"),
    (setter("policies", "pol", "id", value="11111111-…"),
     "data/controls.yml: policies/pol/id: '11111111-…' is not a full definition ID"),
    (lambda raw: raw["policies"]["pol"].update(id_truncated=True),
     "data/controls.yml: policies/pol/id: '" + GUID_B + "' is marked truncated but is not the start"),
    (setter("policies", "pol", "detects", value=["confidential"]),
     "data/controls.yml: policies/pol/detects: unknown option 'confidential'"),
    (setter("policies", "pol", "old_names", value=["A policy"]),
     "data/controls.yml: policies/pol/old_names: lists the current name"),
    (setter("policies", "other", value={"name": "Same definition", "id": GUID_B}),
     "data/controls.yml: policies/other/id: '" + GUID_B + "' is also the definition of policy 'pol'"),
    (setter("initiatives", "ini", value={"id": GUID_A}),
     "data/controls.yml: initiatives/ini/name: give the exact display name, or a label"),
    (setter("caveats", "cav", "options", value=["host"]),
     "data/controls.yml: caveats/cav/options: unknown option 'host'"),
    (setter("caveats", "cav", "text", value=None),
     "data/controls.yml: caveats/cav/text: required field is missing or empty"),
    (setter("frameworks", "fw", "version", value=1.0),  # whole numbers are read as text; others lose digits
     "data/controls.yml: frameworks/fw/version: must be text, not float"),
    (setter("extras", value={}),
     "data/controls.yml: extras: unknown section"),
    (deleter("controls"),
     "data/controls.yml: controls: the section is missing or empty"),
])
def test_bad_data_is_reported_with_file_control_and_field(mutate: Callable[[dict[str, Any]], None],
                                                          expected: str | None) -> None:
    problems, _ = problems_for(mutate)
    if expected is None:
        assert problems == []
    else:
        assert any(p.startswith(expected) for p in problems), problems


def test_a_control_with_a_problem_is_left_out() -> None:
    problems, loaded = problems_for(setter("controls", "c-one", "options", value={"byok": "Mine."}))
    assert problems and [c.key for c in loaded] == ["c-two"]


def test_a_broken_reference_names_the_control_not_its_target() -> None:
    """An unknown caveat, policy or framework is reported on the control that cites it."""
    problems, _ = problems_for(deleter("caveats", "cav"))
    assert "data/controls.yml: c-one/caveats: unknown caveat 'cav'" in problems


def test_controls_file_is_read_with_the_other_data(tmp_path: Path) -> None:
    """The content loader hands data/controls.yml over as content.data['controls'], unvalidated."""
    root = make_project(tmp_path)
    (root / "data" / "controls.yml").write_text(textwrap.dedent("""
        frameworks: {fw: {title: A framework, version: v1}}
        policies: {pol: {name: A policy, id: 11111111-2222-3333-4444-555555555555}}
        caveats: {cav: {title: A caveat, text: Watch out.}}
        controls:
          c-one: {framework: fw, id: "7.2", title: One, verified: true, options: {sse: Helps.},
                  evidence: [ENC-001, ENC-404], caveats: [cav]}
    """), encoding="utf-8")
    content = load(root / "docs", root / "data", datetime.date(2026, 11, 28))
    assert content.problems == []
    problems: list[Problem] = []
    load_controls(content.data["controls"], ["sse", "ade"], {q.id for q in content.content.questions}, problems)
    assert [str(p) for p in problems] == ["data/controls.yml: c-one/evidence: unknown question ID 'ENC-404'"]


# ---------------------------------------------------------------- the pages
# controls.md is the overview: a summary table with an anchor per control, and a section per framework linking
# to its page; controls/<framework>.md holds that framework's controls in full.

FRAMEWORK_PAGES = ["controls/mcsb.md", "controls/cis-azure.md", "controls/nist-800-53.md", "controls/pci-dss.md",
                   "controls/iso-27001.md"]


@pytest.fixture(scope="module")
def overview(content, controls: list[Control]) -> BeautifulSoup:
    return to_html(controls_page(controls, content.content, content.matrix))


@pytest.fixture(scope="module")
def framework_docs(content, controls: list[Control]) -> dict[str, str]:
    return framework_pages(controls, content.content, content.matrix)


@pytest.fixture(scope="module")
def framework_soups(framework_docs: dict[str, str]) -> dict[str, BeautifulSoup]:
    return {path: to_html(text) for path, text in framework_docs.items()}


@pytest.fixture(scope="module")
def soup(framework_docs: dict[str, str]) -> BeautifulSoup:
    """Every framework page one after the other: a control's section still ends at the next heading."""
    return to_html("\n\n".join(framework_docs.values()))


def test_a_page_per_framework_in_order(framework_docs: dict[str, str], raw: dict[str, Any]) -> None:
    assert list(framework_docs) == FRAMEWORK_PAGES
    assert [f"controls/{key}.md" for key in raw["frameworks"]] == FRAMEWORK_PAGES


def test_each_framework_page_holds_exactly_its_controls(framework_soups: dict[str, BeautifulSoup],
                                                        controls: list[Control]) -> None:
    assert [h["id"] for h in framework_soups["controls/pci-dss.md"].find_all("h2")] == ["pci-3-5-1", "pci-3-5-1-2"]
    assert [h["id"] for h in framework_soups["controls/iso-27001.md"].find_all("h2")] == ["iso-a-8-24"]
    for path, page in framework_soups.items():
        key = path.removeprefix("controls/").removesuffix(".md")
        assert [h["id"] for h in page.find_all("h2")] == [c.key for c in controls if c.framework.key == key]
        assert page.find("h1")["id"] == key and len(page.find_all("h1")) == 1
    assert heading_text(framework_soups["controls/pci-dss.md"].find("h1")) == "PCI DSS v4.0.1 controls"


def test_every_control_has_its_anchor_and_exact_heading(soup: BeautifulSoup, controls: list[Control]) -> None:
    for control in controls:
        heading = soup.find(id=control.key)
        assert heading is not None and heading.name == "h2", control.key
        assert heading_text(heading) == f"{control.id}: {control.heading}"
        items = [li.get_text(" ", strip=True) for e in section(soup, control.key) if e.name == "ul"
                 for li in e.find_all("li", recursive=False)]
        assert f"Title: {control.title}" in items


def test_overview_keeps_an_anchor_per_control_leading_to_its_section(overview: BeautifulSoup,
                                                                     framework_soups: dict[str, BeautifulSoup],
                                                                     controls: list[Control]) -> None:
    """Links cited as controls/#<key> land on a line that names the control and links to its full section."""
    dp4 = overview.find(id="mcsb-dp-4")
    assert dp4.name == "a" and dp4["href"] == "controls/mcsb.md#mcsb-dp-4"
    assert dp4.get_text() == "MCSB DP-4: Enable data at rest encryption by default"
    assert overview.find(id="pci-3-5-1-2")["href"] == "controls/pci-dss.md#pci-3-5-1-2"
    for control in controls:
        anchor = overview.find(id=control.key)
        assert anchor is not None and anchor.get_text() == f"{control.label}: {control.heading}", control.key
        page, _, fragment = anchor["href"].partition("#")
        assert fragment == control.key and framework_soups[page].find(id=fragment).name == "h2", control.key


def test_overview_is_a_summary_not_the_catalogue(overview: BeautifulSoup, raw: dict[str, Any]) -> None:
    assert overview.find("h3") is None and overview.find(class_="admonition") is None
    text = " ".join(overview.get_text().split())
    assert "A passing policy is not proof." not in text and "Definition ID" not in text
    for key in raw["frameworks"]:
        links = [a["href"] for e in section(overview, key) for a in e.find_all("a")]
        assert links == [f"controls/{key}.md"], key
    assert section(overview, "iso-27001")[-1].get_text() == "The 1 control of ISO 27001 in full"
    assert section(overview, "mcsb")[-1].get_text() == "The 5 controls of MCSB in full"


def test_page_has_no_inline_style(overview: BeautifulSoup, soup: BeautifulSoup) -> None:
    """The site's CSP allows styles from its own files only: no aligned table columns (style="text-align")."""
    assert overview.find(style=True) is None and soup.find(style=True) is None


def test_frameworks_are_sections_in_order(overview: BeautifulSoup, raw: dict[str, Any]) -> None:
    ids = [h["id"] for h in overview.find_all("h2")]
    assert ids == ["at-a-glance", *raw["frameworks"]]
    assert heading_text(overview.find(id="pci-dss")) == "PCI DSS v4.0.1"


def resolves(href: str, page: str, pages: dict[str, BeautifulSoup], files: set[str]) -> bool:
    """A link from a docs page to a page and anchor the build has (`pages`) or to a page or file without one."""
    target, _, fragment = href.partition("#")
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), target)) if target else page
    if fragment:
        return path in pages and pages[path].find(id=fragment) is not None
    return path in pages or path in files


def test_every_link_on_the_pages_resolves(overview: BeautifulSoup, framework_soups: dict[str, BeautifulSoup],
                                         content, controls: list[Control]) -> None:
    pages = {"controls.md": overview, **framework_soups}
    files = {q.path for q in content.content.questions} | {CONTROLS_JSON, CONTROLS_CSV}
    for page, soup in pages.items():
        hrefs = [link["href"] for link in soup.find_all("a", href=True)]
        assert hrefs and all(resolves(href, page, pages, files) for href in hrefs), page
    glance = [a["href"] for a in overview.find(id="at-a-glance").find_next("table").find_all("a")]
    assert glance == [f"controls/{c.framework.key}.md#{c.key}" for c in controls]
    assert "../controls.md" in [a["href"] for a in framework_soups["controls/mcsb.md"].find_all("a")]


def test_see_also_links_go_to_the_right_framework_page(framework_soups: dict[str, BeautifulSoup]) -> None:
    """mcsb-dp-4 is related to nist-sc-28 and cis-critical-data-mmk, on other frameworks' pages."""
    def see_also(page: str, key: str) -> list[str]:
        para = next(e for e in section(framework_soups[page], key) if e.get_text().startswith("See also:"))
        return [a["href"] for a in para.find_all("a")]
    assert see_also("controls/mcsb.md", "mcsb-dp-4") == ["nist-800-53.md#nist-sc-28",
                                                         "cis-azure.md#cis-critical-data-mmk"]
    assert see_also("controls/pci-dss.md", "pci-3-5-1") == ["#pci-3-5-1-2"]
    assert see_also("controls/iso-27001.md", "iso-a-8-24") == ["mcsb.md#mcsb-dp-6"]


def test_evidence_links_go_to_the_question_pages(soup: BeautifulSoup, content, controls: list[Control]) -> None:
    by_id = content.content.by_id
    for control in controls:
        hrefs = [a["href"] for e in section(soup, control.key) for a in e.find_all("a", href=True)
                 if not a["href"].startswith("#") and not e.get_text().startswith("See also:")]
        # the framework pages sit in controls/: each evidence link climbs one folder to the question's docs path
        assert hrefs == ["../" + by_id[qid].path for qid in control.evidence], control.key
        assert all(h.startswith(("../disk-encryption/", "../azure-migrate/")) for h in hrefs), control.key


def test_unverified_controls_carry_the_label(soup: BeautifulSoup, overview: BeautifulSoup,
                                            controls: list[Control]) -> None:
    for control in controls:
        notes = [a for a in admonitions(section(soup, control.key), "note")
                 if a.find(class_="admonition-title").get_text() == "Unverified"]
        if control.verified:
            assert notes == [], control.key
        else:
            assert len(notes) == 1, control.key
            assert [li.get_text() for li in notes[0].find_all("li")] == list(control.unverified)
    rows = overview.find(id="at-a-glance").find_next("table").find("tbody").find_all("tr")
    status = {row.find("a")["id"]: row.find_all("td")[-1].get_text() for row in rows}
    unverified = {key for key, value in status.items() if value == "Unverified"}
    assert unverified == {c.key for c in controls if not c.verified} != set()


def test_caveats_are_warning_admonitions(framework_soups: dict[str, BeautifulSoup], controls: list[Control]) -> None:
    """Each control's caveats, in full, in its section on its own framework's page."""
    for control in controls:
        page = framework_soups[f"controls/{control.framework.key}.md"]
        warnings = admonitions(section(page, control.key), "warning")
        assert len(warnings) == len(control.caveats), control.key
        for warning, caveat in zip(warnings, control.caveats):
            assert warning.find("strong").get_text() == f"{caveat.title}."
            assert caveat.text in " ".join(warning.get_text().split())
    pci = admonitions(section(framework_soups["controls/pci-dss.md"], "pci-3-5-1-2"), "warning")
    assert "Disk encryption alone does not meet 3.5.1 for stored card numbers." in [w.find("strong").get_text()
                                                                                  for w in pci]


TRUNCATED = " (only the start of the ID is recorded)"


def shown_id(raw: dict[str, Any], policy: str) -> str:
    """A policy's ID as the page gives it: as recorded in data/controls.yml, marked when only its start is."""
    entry = raw["policies"][policy]
    return entry["id"] + (TRUNCATED if entry.get("id_truncated") else "")


def test_policies_show_names_ids_and_old_names(soup: BeautifulSoup, raw: dict[str, Any]) -> None:
    text = " ".join(" ".join(e.get_text(" ") for e in section(soup, "mcsb-dp-8")).split())
    assert "Key vaults should have deletion protection enabled" in text
    assert "0b60c0b2-2dc2-4e1c-b5c9-abbed971de53" in text
    assert "Earlier display names: Key Vault objects should be recoverable; Key vaults should have purge " \
           "protection enabled" in text
    assert f"{shown_id(raw, 'key-vault-soft-delete')} " in f"{text} "
    dp4 = " ".join(" ".join(e.get_text(" ") for e in section(soup, "mcsb-dp-4")).split())
    assert f"{shown_id(raw, 'temp-disks-ade')} " in f"{dp4} "
    if raw["policies"]["temp-disks-ade"].get("deprecated"):
        assert "Deprecated." in dp4


def test_only_truncated_ids_are_marked(soup: BeautifulSoup, raw: dict[str, Any], controls: list[Control]) -> None:
    """Every policy cited shows its ID, with the mark exactly when data/controls.yml says it is only the start."""
    text = " ".join(soup.get_text(" ").split())
    cited = {use.policy.key for c in controls for use in c.policies}
    assert cited
    for key in cited:
        assert f"{shown_id(raw, key)} " in f"{text} ", key
        if not raw["policies"][key].get("id_truncated"):
            assert f"{raw['policies'][key]['id']}{TRUNCATED}" not in text, key


def test_options_use_the_matrix_labels(soup: BeautifulSoup, content) -> None:
    labels = {o.slug: o.label for o in content.matrix.options}
    items = [li.get_text() for e in section(soup, "mcsb-dp-4") if e.name == "ul" for li in e.find_all("li")]
    for slug in ("sse-pmk", "sse-cmk", "host", "ade", "confidential"):
        assert any(item.startswith(f"{labels[slug]}:") for item in items), slug
    pci = [li.get_text() for e in section(soup, "pci-3-5-1-2") if e.name == "ul" for li in e.find_all("li")]
    assert "None of the options meets this control on its own." in pci


HOSTILE = "<script>alert(1)</script> | *x* [a](b) {: #evil } `c` &amp; _y_"


def hostile_data() -> tuple[list[Control], Any, Matrix, Question]:
    raw = minimal()
    raw["frameworks"]["fw"]["title"] = HOSTILE
    raw["frameworks"]["fw"]["short"] = HOSTILE
    raw["frameworks"]["fw"]["source"] = HOSTILE
    raw["controls"]["c-one"]["title"] = HOSTILE
    raw["controls"]["c-one"]["options"] = {"sse": HOSTILE}
    raw["caveats"]["cav"]["text"] = HOSTILE
    raw["policies"]["pol"]["name"] = HOSTILE
    problems: list[Problem] = []
    loaded = load_controls(raw, OPTIONS, QUESTIONS, problems)
    assert problems == []
    questions = [Question(id=qid, title=f"{HOSTILE}?", summary="S.", tags=[], theme="keys", sources=[],
                          reviewed=datetime.date(2026, 1, 1), since_2020="new", path=f"disk-encryption/{qid}.md",
                          topic="disk-encryption") for qid in sorted(QUESTIONS)]
    content = SimpleNamespace(by_id={q.id: q for q in questions})
    matrix = Matrix([Option("sse", HOSTILE, HOSTILE), Option("ade", "ADE", "ADE")], [], [])
    return loaded, content, matrix, questions[0]


def test_text_from_data_is_shown_as_text() -> None:
    loaded, content, matrix, question = hostile_data()
    framework_page = framework_pages(loaded, content, matrix)["controls/fw.md"]
    for source in (controls_page(loaded, content, matrix), framework_page, question_controls_block(question, loaded)):
        soup = to_html(source)
        assert soup.find("script") is None and soup.find(id="evil") is None
        assert not soup.find_all("em") and not soup.find_all("code")
        assert HOSTILE in " ".join(soup.get_text().split())
    assert heading_text(to_html(framework_page).find(id="c-one")) == f"C-1: {HOSTILE}"
    assert heading_text(to_html(framework_page).find("h1")) == f"{HOSTILE} v1 controls"
    assert to_html(controls_page(loaded, content, matrix)).find(id="c-one").get_text() == f"{HOSTILE} C-1: {HOSTILE}"


def test_see_also_across_frameworks_links_to_the_other_page() -> None:
    """c-one (framework fw) and c-two (moved to framework other) link to each other's page and anchor."""
    raw = minimal()
    raw["frameworks"]["other"] = {"short": "OT", "title": "Another framework", "version": "v2"}
    raw["controls"]["c-two"]["framework"] = "other"
    raw["controls"]["c-two"]["related"] = ["c-one"]
    problems: list[Problem] = []
    loaded = load_controls(raw, OPTIONS, QUESTIONS, problems)
    assert problems == []
    _, content, matrix, _ = hostile_data()
    docs = framework_pages(loaded, content, matrix)
    assert list(docs) == ["controls/fw.md", "controls/other.md"]
    one, two = to_html(docs["controls/fw.md"]), to_html(docs["controls/other.md"])
    assert [a["href"] for a in one.find("strong", string="See also:").parent.find_all("a")] == ["other.md#c-two"]
    assert [a["href"] for a in two.find("strong", string="See also:").parent.find_all("a")] == ["fw.md#c-one"]
    assert [h["id"] for h in one.find_all("h2")] == ["c-one"] and [h["id"] for h in two.find_all("h2")] == ["c-two"]
    overview = to_html(controls_page(loaded, content, matrix))
    assert overview.find(id="c-two")["href"] == "controls/other.md#c-two"
    assert overview.find(id="c-one")["href"] == "controls/fw.md#c-one"


# ---------------------------------------------------------------- the block on question pages

def test_question_block_lists_the_controls_citing_it(content, controls: list[Control]) -> None:
    """One line per control, linking to it on the controls page; its caveats are linked there, not repeated."""
    q = content.content.by_id["ENC-007"]
    block = question_controls_block(q, controls)
    soup = to_html(block)
    assert heading_text(soup.find("h2")) == "Controls this answer supports"
    citing = [c for c in controls if "ENC-007" in c.evidence]
    assert citing and any(c.caveats for c in citing)
    items = soup.find("ul").find_all("li", recursive=False)
    assert len(items) == len(citing)
    for item, control in zip(items, citing):
        links = item.find_all("a")
        # HTML: the final URL of the control's section on its framework's page
        assert links[0]["href"] == f"../../controls/{control.framework.key}/#{control.key}", control.key
        caveats = [a for a in links[1:] if a.get_text().endswith(("caveat", "caveats"))]
        count = len(control.caveats)
        assert [a.get_text() for a in caveats] == ([f"{count} caveat{'s' if count != 1 else ''}"] if count else [])
        assert all(a["href"] == f"../../controls/{control.framework.key}/#{control.key}" for a in caveats)
    assert admonitions(soup.find_all("div"), "warning") == []
    assert not any(k.text in block for c in citing for k in c.caveats)


def test_question_block_marks_unverified_controls(content, controls: list[Control]) -> None:
    block = question_controls_block(content.content.by_id["ENC-041"], controls)
    items = [li.get_text() for li in to_html(block).find("ul").find_all("li", recursive=False)]
    assert any(item.startswith("PCI DSS 3.5.1.2:") and "(Unverified)" in item for item in items)
    citing = [c for c in controls if "ENC-041" in c.evidence]
    assert len(items) == len(citing)
    for item, control in zip(items, citing):
        assert ("(Unverified)" in item) is not control.verified, control.key


def test_question_block_is_empty_when_no_control_cites_it(content, controls: list[Control]) -> None:
    assert question_controls_block(content.content.by_id["MIG-001"], controls) == ""
    assert question_control_ids(content.content.by_id["MIG-001"], controls) == []


def test_question_control_ids(content, controls: list[Control]) -> None:
    ids = question_control_ids(content.content.by_id["ENC-007"], controls)
    assert ids == [c.key for c in controls if "ENC-007" in c.evidence]
    assert "mcsb-dp-8" in ids and "cis-key-vault-recoverable" in ids


# ---------------------------------------------------------------- exports

def test_json_export(controls: list[Control], raw: dict[str, Any]) -> None:
    data = json.loads(controls_json(controls))
    records = {r["key"]: r for r in data["controls"]}
    assert list(records) == [c.key for c in controls]
    dp4 = records["mcsb-dp-4"]
    assert dp4["framework"] == {"key": "mcsb", "title": "Microsoft cloud security benchmark", "version": "v1"}
    assert dp4["id"] == "DP-4" and dp4["verified"] is True and dp4["unverified"] == []
    assert [o["id"] for o in dp4["options"]] == ["sse-pmk", "sse-cmk", "host", "ade", "confidential"]
    temp = next(p for p in dp4["policies"] if p["id"].startswith("0961003e"))  # temp disks: ADE or host
    assert temp["passes_with"] == ["ade"]
    recorded = raw["policies"]["temp-disks-ade"]
    assert temp["id_truncated"] is bool(recorded.get("id_truncated")) is (len(temp["id"]) < 36)
    assert temp["deprecated"] is bool(recorded.get("deprecated"))
    host = next(p for p in dp4["policies"] if p["id"].startswith("fc4d8e41"))
    assert [i["name"] for i in host["initiatives"]] == ["Microsoft cloud security benchmark",
                                                        "[Preview]: Microsoft cloud security benchmark v2"]
    pci = records["pci-3-5-1-2"]
    assert pci["options"] == [] and pci["verified"] is False and pci["unverified"]
    assert "pci-disk-encryption-not-enough" in [k["id"] for k in pci["caveats"]]
    assert all(p["passes_with"] != ["confidential"] for r in records.values() for p in r["policies"])


def test_csv_export_has_one_row_per_control_and_option(controls: list[Control]) -> None:
    rows = list(csv.DictReader(io.StringIO(controls_csv(controls))))
    assert list(rows[0]) == ["framework", "control", "control_id", "title", "numbered_as_in", "verified", "unverified",
                             "option", "option_note", "policies", "evidence", "caveats"]
    assert len(rows) == sum(max(1, len(c.options)) for c in controls)
    pairs = [(r["control"], r["option"]) for r in rows]
    expected = [(c.key, slug) for c in controls for slug, _ in (c.options or (("", ""),))]
    assert pairs == expected
    dp4_host = next(r for r in rows if r["control"] == "mcsb-dp-4" and r["option"] == "host")
    assert dp4_host["control_id"] == "DP-4" and dp4_host["verified"] == "yes"
    assert "fc4d8e41-e223-45ea-9bf5-eada37891d87" in dp4_host["policies"]
    assert "A passing policy is not proof" in dp4_host["caveats"]
    pci = [r for r in rows if r["control"] == "pci-3-5-1-2"]
    assert len(pci) == 1 and pci[0]["option"] == "" and pci[0]["verified"] == "no"
    assert pci[0]["title"].startswith("If disk-level or partition-level encryption")
