"""Files published beside the pages: the Atom feed, redirect stubs, the matrix as CSV, the JSON exports and their
schemas."""
from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import json
import textwrap
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from bs4 import BeautifulSoup
from faqsite import export
from faqsite.load.versions import Version
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
    links = {link.get("rel", "alternate"): link.get("href") for link in two.findall(f"{ATOM}link")}
    assert links == {"alternate": SITE_URL + "q/ENC-002/2026-10-15/", "related": SITE_URL + "disk-encryption/two/"}
    assert two.findtext(f"{ATOM}content") == "Short answer: Yes. Always."
    assert [c.get("term") for c in entries["ENC-003"].findall(f"{ATOM}category")] == ["sse", "ade"]
    ids = [e.findtext(f"{ATOM}id") for e in entries.values()]
    assert len(set(ids)) == 3 and all(i.startswith(SITE_URL + "q/") for i in ids)
    self_link = [link.get("href") for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link == [SITE_URL + "feed.xml"]


def two_versions(qid: str = "ENC-001") -> dict[str, list[Version]]:
    old = Version(datetime.date(2026, 1, 5), "disk-encryption/one.md", "a" * 40, "No. Never.", "Was it encrypted?",
                  "Old body.", (), "First review")
    new = Version(datetime.date(2026, 3, 1), "disk-encryption/one.md", "b" * 40, "Yes. Always.", "Is it encrypted?",
                  "Body text.", (), "Second review: the answer is now yes")
    return {qid: [old, new]}


def test_a_character_xml_cannot_carry_is_dropped_so_the_feed_still_parses(site: Site) -> None:
    versions = two_versions()
    versions["ENC-001"][1] = dataclasses.replace(versions["ENC-001"][1], what_changed="Bell\x07 & <tab>\x0bend")
    root = ET.fromstring(export.atom_feed(site.content, site.site_url, site.site_name, versions))
    summaries = [e.findtext(f"{ATOM}summary") for e in root.findall(f"{ATOM}entry")]
    assert "What changed: Bell & <tab>end" in summaries


def test_feed_has_one_entry_per_version_saying_what_changed(site: Site) -> None:
    root = ET.fromstring(export.atom_feed(site.content, site.site_url, site.site_name, two_versions()))
    one = [e for e in root.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}title").startswith("ENC-001")]
    assert [e.findtext(f"{ATOM}summary") for e in one] == ["What changed: Second review: the answer is now yes",
                                                           "What changed: First review"]
    assert [e.findtext(f"{ATOM}content") for e in one] == ["Short answer: Yes. Always.", "Short answer: No. Never."]
    assert [e.find(f"{ATOM}link").get("href") for e in one] == [SITE_URL + "q/ENC-001/2026-03-01/",
                                                               SITE_URL + "q/ENC-001/2026-01-05/"]
    assert one[1].findtext(f"{ATOM}title") == "ENC-001: Was it encrypted?"
    assert len({e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")}) == 4


# ---------------------------------------------------------------- JSON exports and their schemas

def validate(files: dict[str, str], name: str, schema_name: str) -> dict:
    data = json.loads(files[name])
    jsonschema.Draft202012Validator(json.loads(files[schema_name]),
                                    format_checker=jsonschema.FormatChecker()).validate(data)
    return data


def test_each_json_export_has_a_schema_beside_it_and_matches_it(tmp_path: Path) -> None:
    root = make_project(tmp_path, questions={"one.md": question("ENC-001"), "two.md": question("ENC-002")})
    site = prepare(root / "docs", root / "data", SITE_URL, "Test FAQ", TODAY, revision="0123456789ab")
    files = published_files(site)
    for name, schema_name in (("questions.json", "questions.schema.json"), ("matrix.json", "matrix.schema.json"),
                              ("controls.json", "controls.schema.json")):
        data = validate(files, name, schema_name)
        assert (data["schema_version"], data["generated"], data["revision"]) == ("1.0", "2026-11-28", "0123456789ab")
    record = json.loads(files["questions.json"])["questions"][0]
    assert record["versions"] == [{"reviewed": "2026-11-01", "url": SITE_URL + "q/ENC-001/2026-11-01/",
                                   "commit": None, "what_changed": record["versions"][0]["what_changed"],
                                   "short_answer": "Yes. Always."}]


def test_the_questions_schema_refuses_a_record_without_versions(site: Site) -> None:
    files = published_files(site)
    data = json.loads(files["questions.json"])
    del data["questions"][0]["versions"]
    schema = json.loads(files["questions.schema.json"])
    with pytest.raises(jsonschema.ValidationError, match="'versions' is a required property"):
        jsonschema.validate(data, schema)
    data = json.loads(files["questions.json"])
    data["revision"] = 12
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_questions_json_lists_versions_newest_first(site: Site) -> None:
    controls: dict[str, list[str]] = {}
    data = json.loads(export.questions_json(site.content, site.site_url, controls, export.stamp(TODAY, None),
                                            two_versions()))
    one = next(q for q in data["questions"] if q["id"] == "ENC-001")
    assert [(v["reviewed"], v["commit"], v["what_changed"]) for v in one["versions"]] == [
        ("2026-03-01", "b" * 40, "Second review: the answer is now yes"), ("2026-01-05", "a" * 40, "First review")]
    assert data["revision"] is None and data["schema_version"] == "1.0"


def test_the_real_exports_match_their_schemas(content: Site) -> None:
    files = published_files(content)
    assert len(validate(files, "questions.json", "questions.schema.json")["questions"]) > 50
    assert len(validate(files, "matrix.json", "matrix.schema.json")["properties"]) > 10
    assert len(validate(files, "controls.json", "controls.schema.json")["controls"]) > 10


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
    stubs = export.redirects(site.content, site.site_url)
    assert set(stubs) == {"q/ENC-001/", "q/ENC-002/", "q/ENC-003/", "q/ENC-009/", "old-one/", "legacy/deep/path/",
                          "q/enc-001/", "q/enc-002/", "q/enc-003/", "q/enc-009/"}
    assert stubs["q/enc-002/"] == stubs["q/ENC-002/"]  # the same depth: the same relative target
    # The offline copy has no lower-case twins: on Windows and macOS they would clash with the upper-case folders.
    assert not any(folder.startswith("q/enc") for folder in export.redirects(site.content, site.site_url, False))


def test_stub_escapes_the_title_and_works_without_javascript(site: Site) -> None:
    stub = export.redirects(site.content, site.site_url)["q/ENC-002/"]
    soup = BeautifulSoup(stub, "html.parser")
    assert soup.find("b") is None
    # One script, the site's own file that keeps the #fragment: nothing inline (the CSP forbids it).
    assert [(tag["src"], tag.string) for tag in soup.find_all("script")] == [("../../assets/javascripts/redirect.js", None)]
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
