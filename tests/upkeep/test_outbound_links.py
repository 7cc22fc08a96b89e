"""Outbound links of a built site are checked in the same pass as the sources, each URL once."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from faqsite.upkeep import sources
from faqsite.upkeep.links import outbound_links, own_url

from source_fixtures import LEARN
from fixture_server import FixtureServer

OWN = "https://faq.example.test/"


def write_site(folder: Path, base: str) -> Path:
    """A tiny built site: two pages linking out, internally, to the site itself and to a cited source."""
    (folder / "disk-encryption" / "one").mkdir(parents=True)
    (folder / "index.html").write_text(
        f'<html><head><link rel="canonical" href="{OWN}"></head><body><a href="{base}/ext/ok">ok</a> <a href="{base}/ext/gone#part">gone</a>'
        f' <a href="disk-encryption/one/">internal</a> <a href="mailto:a@example.test">mail</a>'
        f' <a href="{OWN}q/ENC-001/">own</a> <a href="{LEARN}/fixture/unchanged">source</a></body></html>')
    (folder / "disk-encryption" / "one" / "index.html").write_text(
        f'<html><body><a href="{base}/ext/gone">gone again</a> <a href="{base}/ext/moved">moved</a>'
        f' <A HREF="{base}/ext/ok">upper case</A> <a href="{LEARN}/fixture/gone-404">cited, gone</a></body></html>')
    return folder


def test_outbound_links_are_listed_with_their_pages(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", "http://127.0.0.1:9")
    assert own_url(site) == OWN
    links = outbound_links(site, (OWN,))
    assert links == {
        "http://127.0.0.1:9/ext/gone": ["disk-encryption/one/index.html", "index.html"],
        "http://127.0.0.1:9/ext/moved": ["disk-encryption/one/index.html"],
        "http://127.0.0.1:9/ext/ok": ["disk-encryption/one/index.html", "index.html"],
        f"{LEARN}/fixture/gone-404": ["disk-encryption/one/index.html"],
        f"{LEARN}/fixture/unchanged": ["index.html"],
    }


def test_links_are_checked_in_the_same_pass(current_root: Path, fast: list[str], server: FixtureServer,
                                            tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = write_site(tmp_path / "site", server.base)
    status = sources.main([str(current_root), *fast, "--site", str(site)])  # its own URL is left out
    out = capsys.readouterr().out
    report = json.loads((tmp_path / "report.json").read_text())
    links = report["links"]
    assert {url.rsplit("/", 1)[1]: e["status"] for url, e in links.items()} == {
        "gone": "gone", "moved": "moved", "ok": "ok", "gone-404": "gone", "unchanged": "ok"}
    assert links[f"{server.base}/ext/moved"]["final_url"] == f"{server.base}/ext/ok"
    assert links[f"{server.base}/ext/gone"]["pages"] == ["disk-encryption/one/index.html", "index.html"]
    assert server.requests["/fixture/unchanged"] == 1  # a source and a link: visited once
    assert server.requests["/ext/gone"] == 1
    assert status == 1 and report["summary"]["links"] == {"ok": 2, "gone": 2, "moved": 1}
    assert report["summary"]["answers_to_act_on"] == []  # the answers' own sources are current
    listed = out.split("Outbound links in the built site")[1]
    assert f"{server.base}/ext/gone" in listed and "on disk-encryption/one/index.html, index.html" in listed
    rows = [line.split() for line in listed.splitlines() if line.startswith("  ") and line[2] != " "]
    assert sorted((status, url.rsplit("/", 1)[1]) for status, url in rows) == [
        ("gone", "gone"), ("gone", "gone-404"), ("moved", "moved")]  # ok links are not listed
