"""The hook is thin: the same generation step run before the build gives the same site under plain MkDocs."""
from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from faq import source_revision
from faqsite.pregenerate import plain_mkdocs_config, write_docs
from faqsite.site import prepare
from support import ROOT, SITE_URL, copy_project

SITE_NAME = re.search(r"(?m)^site_name: (.+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8")).group(1)


def site_files(site: Path) -> dict[str, bytes]:
    # the sitemap's gzip copy carries its own timestamp; the plain sitemap.xml is compared
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file() and p.suffix != ".gz"}


def test_pregenerated_docs_build_without_the_hook_into_the_same_site(site_dir: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = prepare(project / "docs", project / "data", SITE_URL, SITE_NAME)
    written = write_docs(site, project / "docs", tmp_path / "docs")
    assert written == len(list((tmp_path / "docs").rglob("*.md"))) > len(site.content.questions)
    extra = {"build_date": datetime.date.today().isoformat(), "revision": source_revision(ROOT)}
    config = project / "mkdocs-pregenerated.yml"
    config.write_text(plain_mkdocs_config((project / "mkdocs.yml").read_text(encoding="utf-8"), tmp_path / "docs",
                                          extra), encoding="utf-8")
    assert "hooks" not in config.read_text(encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
                             "--site-dir", str(tmp_path / "site")], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]

    with_hook, without = site_files(site_dir), site_files(tmp_path / "site")
    assert sorted(with_hook) == sorted(without)
    assert len(with_hook) > 200
    # MkDocs lists files it found before files a hook adds: only the order of the sitemap and index differ
    for listing, entries in (("sitemap.xml", sitemap_entries), ("search/search_index.json", index_entries)):
        assert entries(with_hook.pop(listing)) == entries(without.pop(listing))
    assert [path for path in with_hook if with_hook[path] != without[path]] == []


def sitemap_entries(xml: bytes) -> list[str]:
    return sorted(re.findall(r"<url>.*?</url>", xml.decode(), re.S))


def index_entries(data: bytes) -> tuple[dict, list[str]]:
    index = json.loads(data)
    return index["config"], sorted(json.dumps(doc, sort_keys=True) for doc in index["docs"])
