"""The file-based link check finds broken links and anchors, and ignores other origins."""
from __future__ import annotations

from pathlib import Path

from faqsite.release.linkcheck import check_site


def write(root: Path, path: str, html: str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")


def test_broken_file_and_anchor_are_reported(tmp_path: Path) -> None:
    write(tmp_path, "index.html", '<a href="a/">ok</a><a href="a/#there">ok</a><a href="a/#gone">x</a>'
                                  '<a href="missing/">x</a><a href="https://learn.microsoft.com/">ext</a>'
                                  '<a href="#top">self</a><p id="top"></p>')
    write(tmp_path, "a/index.html", '<h2 id="there">There</h2><img src="../img.png">')
    write(tmp_path, "q/X/index.html", '<meta http-equiv="refresh" content="0; url=../../nowhere/">')
    assert check_site(tmp_path) == [
        "a/index.html: ../img.png: no such file",
        "index.html: a/#gone: no element with id 'gone'",
        "index.html: missing/: no such file",
        "q/X/index.html: ../../nowhere/: no such file",
    ]


def test_clean_site_has_no_problems(tmp_path: Path) -> None:
    write(tmp_path, "index.html", '<a href="a/#there">ok</a>')
    write(tmp_path, "a/index.html", '<h2 id="there">There</h2>')
    assert check_site(tmp_path) == []
