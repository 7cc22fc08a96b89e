"""Files published beside the pages: the Atom feed, redirect stubs and the matrix as CSV."""
from __future__ import annotations

import csv
import datetime
import io
import textwrap
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from faqsite import export
from faqsite.site import Site, prepare, published_files

from fixture_project import make_project, question

TODAY = datetime.date(2026, 11, 28)
SITE_URL = "https://faq.example.test/docs/faq/"  # a sub-path, so relative and absolute URLs differ
ATOM = "{http://www.w3.org/2005/Atom}"


def site_for(tmp_path: Path, questions: dict[str, str], retired: str = "{}", ids: dict[str, str] | None = None,
             comparison: str | None = None, site_url: str = SITE_URL) -> Site:
    root = make_project(tmp_path, questions=questions, retired=retired, ids=ids)
    if comparison is not None:
        (root / "data" / "comparison.yml").write_text(textwrap.dedent(comparison), encoding="utf-8")
    return prepare(root / "docs", root / "data", site_url, "Test FAQ", TODAY)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return site_for(tmp_path, {
        "one.md": question("ENC-001", reviewed="2026-03-01", aliases="[old-one.md, /legacy/deep/path/]"),
        "two.md": question("ENC-002", reviewed="2026-10-15", title="'Is <b>bold</b> & \"quoted\" safe?'"),
        "three.md": question("ENC-003", reviewed="2026-06-30", tags="[sse, ade]"),
    }, retired="ENC-009: {reason: Merged into ENC-001., successor: ENC-001, retired: 2026-05-01}\n")


def refresh_target(stub: str) -> str:
    meta = BeautifulSoup(stub, "html.parser").find("meta", attrs={"http-equiv": "refresh"})
    delay, _, url = meta["content"].partition(";")
    assert delay.strip() == "0"
    key, _, value = url.strip().partition("=")
    assert key.lower() == "url"
    return value


def canonical(stub: str) -> str:
    return BeautifulSoup(stub, "html.parser").find("link", rel="canonical")["href"]


# ---------------------------------------------------------------- Atom feed

def test_feed_is_atom_with_one_entry_per_question_newest_first(site: Site) -> None:
    root = ET.fromstring(export.atom_feed(site.content, site.site_url, site.site_name))
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(site.content.questions) == 3
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert [t.split(":")[0] for t in titles] == ["ENC-002", "ENC-003", "ENC-001"]
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == ["2026-10-15T00:00:00Z", "2026-06-30T00:00:00Z", "2026-03-01T00:00:00Z"]
    assert root.findtext(f"{ATOM}updated") == updated[0]


def test_feed_entries_link_to_the_pages_and_keep_the_text(site: Site) -> None:
    root = ET.fromstring(export.atom_feed(site.content, site.site_url, site.site_name))
    entries = {e.findtext(f"{ATOM}title").split(":")[0]: e for e in root.findall(f"{ATOM}entry")}
    two = entries["ENC-002"]
    assert two.findtext(f"{ATOM}title") == 'ENC-002: Is <b>bold</b> & "quoted" safe?'
    assert two.find(f"{ATOM}link").get("href") == SITE_URL + "disk-encryption/two/"
    assert two.findtext(f"{ATOM}summary") == "Yes. Always."
    assert [c.get("term") for c in entries["ENC-003"].findall(f"{ATOM}category")] == ["sse", "ade"]
    ids = [e.findtext(f"{ATOM}id") for e in entries.values()]
    assert len(set(ids)) == 3 and all(i.startswith(SITE_URL + "q/") for i in ids)
    self_link = [link.get("href") for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link == [SITE_URL + "feed.xml"]


# ---------------------------------------------------------------- redirect stubs

def test_short_links_resolve_to_the_question_page(site: Site) -> None:
    stubs = export.redirects(site.content, site.site_url)
    for q in site.content.questions:
        folder = f"q/{q.id}/"
        stub = stubs[folder]
        target = refresh_target(stub)
        assert not target.startswith(("http:", "https:", "/")), target  # relative
        assert urljoin(SITE_URL + folder, target) == SITE_URL + q.url
        assert canonical(stub) == SITE_URL + q.url


def test_aliases_get_stubs_that_resolve_to_the_new_url(site: Site) -> None:
    stubs = export.redirects(site.content, site.site_url)
    for folder in ("old-one/", "legacy/deep/path/"):
        assert folder in stubs
        assert urljoin(SITE_URL + folder, refresh_target(stubs[folder])) == SITE_URL + "disk-encryption/one/"
        assert canonical(stubs[folder]) == SITE_URL + "disk-encryption/one/"


def test_retired_short_link_points_to_the_retired_page_anchor(site: Site) -> None:
    stub = export.redirects(site.content, site.site_url)["q/ENC-009/"]
    assert urljoin(SITE_URL + "q/ENC-009/", refresh_target(stub)) == SITE_URL + "retired/#enc-009"
    assert canonical(stub) == SITE_URL + "retired/#enc-009"


def test_every_stub_folder_and_nothing_else(site: Site) -> None:
    assert set(export.redirects(site.content, site.site_url)) == {
        "q/ENC-001/", "q/ENC-002/", "q/ENC-003/", "q/ENC-009/", "old-one/", "legacy/deep/path/"}


def test_stub_escapes_the_title_and_works_without_javascript(site: Site) -> None:
    stub = export.redirects(site.content, site.site_url)["q/ENC-002/"]
    soup = BeautifulSoup(stub, "html.parser")
    assert soup.find("script") is None and soup.find("b") is None
    assert soup.title.get_text() == 'ENC-002: Is <b>bold</b> & "quoted" safe?'
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert urljoin(SITE_URL + "q/ENC-002/", soup.body.a["href"]) == SITE_URL + "disk-encryption/two/"


def test_stubs_work_at_the_root_of_a_host(tmp_path: Path) -> None:
    site = site_for(tmp_path, {"one.md": question(aliases="[old.md]")}, site_url="https://faq.example.test")
    stubs = export.redirects(site.content, site.site_url)
    assert canonical(stubs["old/"]) == "https://faq.example.test/disk-encryption/one/"
    assert urljoin("https://faq.example.test/old/", refresh_target(stubs["old/"])) == \
        "https://faq.example.test/disk-encryption/one/"


def test_stubs_are_published_as_index_files(site: Site) -> None:
    files = published_files(site)
    assert {"q/ENC-001/index.html", "old-one/index.html", "legacy/deep/path/index.html",
            "q/ENC-009/index.html"} <= set(files)
    assert {"questions.json", "matrix.json", "matrix.csv", "feed.xml"} <= set(files)


# ---------------------------------------------------------------- matrix.csv

COMPARISON = """
options:
  sse: {label: Server-side encryption, short: SSE}
  ade: {label: Azure Disk Encryption, short: ADE}
  host: {label: "Encryption at host, with \\"quotes\\"", short: EaH}
properties:
  temp-disk:
    label: Temp disk encrypted
    cells:
      sse: {value: "no", note: "Not a managed disk, so no.", evidence: [ENC-001]}
      ade: {value: "yes", note: Inside the guest., evidence: [ENC-001, ENC-002]}
      host: {value: partial, note: "Only with \\"encryption at host\\"; see the
          docs.", evidence: [ENC-002]}
  cost:
    label: Extra cost
    cells:
      sse: {value: None, note: Included., evidence: [ENC-002]}
      ade: {value: "no", note: "Key Vault operations, billed | per use.", evidence: [ENC-001]}
      host: {value: "no", note: Included., evidence: [ENC-001]}
"""


def test_matrix_csv_has_one_row_per_cell(tmp_path: Path) -> None:
    site = site_for(tmp_path, {"one.md": question("ENC-001"), "two.md": question("ENC-002")},
                    comparison=COMPARISON)
    rows = list(csv.DictReader(io.StringIO(export.matrix_csv(site.matrix))))
    assert len(rows) == 2 * 3
    assert [(r["property"], r["option"]) for r in rows] == [
        ("temp-disk", "sse"), ("temp-disk", "ade"), ("temp-disk", "host"),
        ("cost", "sse"), ("cost", "ade"), ("cost", "host")]
    by_cell = {(r["property"], r["option"]): r for r in rows}
    assert by_cell["temp-disk", "sse"]["value"] == "No"
    assert by_cell["temp-disk", "host"]["value"] == "Partly"
    assert by_cell["cost", "sse"]["value"] == "None"
    assert by_cell["temp-disk", "host"]["note"] == 'Only with "encryption at host"; see the docs.'
    assert by_cell["temp-disk", "host"]["option_label"] == 'Encryption at host, with "quotes"'
    assert by_cell["cost", "ade"]["note"] == "Key Vault operations, billed | per use."
    assert by_cell["temp-disk", "ade"]["evidence"] == "ENC-001 ENC-002"
    assert by_cell["cost", "host"]["property_label"] == "Extra cost"
    assert list(rows[0]) == ["property", "property_label", "option", "option_label", "value", "condition", "note",
                             "evidence"]


def test_csv_cells_that_start_like_a_formula_are_neutralised() -> None:
    from faqsite.export import csv_text
    rows = list(csv.reader(io.StringIO(csv_text(["a"], [["=HYPERLINK(\"x\")"], ["+1"], ["-2"], ["@SUM(1)"],
                                                        ["\tx"], ["\rx"], ["plain - text"], ["2028"]]),
                                   newline="")))
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(1)", "'\tx", "' x",
                                        "plain - text", "2028"]
