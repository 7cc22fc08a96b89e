"""The hook is thin: the same generation step run before the build gives the same site under plain MkDocs."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from faqsite.pregenerate import (
    IFRAME_WORKER_SHIM,
    build_info,
    offline,
    offline_polyfills,
    plain_mkdocs_config,
    pregenerate,
    read_config,
)
from support import ROOT, SITE_URL


def site_files(site: Path) -> dict[str, bytes]:
    # the sitemap's gzip copy carries its own timestamp; the plain sitemap.xml is compared
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file() and p.suffix != ".gz"}


def test_pregenerated_docs_build_without_the_hook_into_the_same_site(site_dir: Path, tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL, "PYTHONPATH": str(ROOT / "hooks")}
    out = tmp_path / "pregenerated"
    made = subprocess.run([sys.executable, "-m", "faqsite", "pregenerate", str(out), "--root", str(ROOT)],
                          env=env, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr[-3000:]
    assert re.fullmatch(r"ok: \d+ pages for mkdocs in .*\n", made.stdout)
    config = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\nhooks:" not in config and "hooks/faq.py" not in config and "\ndocs_dir: docs\n" in config
    assert (out / "overrides" / "partials" / "search.html").is_file()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(out / "mkdocs.yml"),
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


CONFIG = """\
site_name: Test FAQ
site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]
theme:
  name: material
  custom_dir: overrides   # a comment
hooks:
- hooks/faq.py
watch:
  - data

plugins:
  - search
  - offline:
      enabled: !ENV [FAQ_TEST_OFFLINE, false]
extra:
  generator: false
markdown_extensions:
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
# a comment before a key
validation:
  omitted_files: warn
  anchors: warn
nav:
- Home: index.md
"""


def test_the_plain_config_edits_lines_and_keeps_tagged_entries_verbatim() -> None:
    text = plain_mkdocs_config(CONFIG, "docs", {"build_date": "2026-12-01", "revision": None})
    assert "hooks" not in text and "watch" not in text and "- data" not in text
    # entries with tags are copied line for line
    assert 'site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]\n' in text
    assert "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n" in text
    assert "  custom_dir: overrides   # a comment\n" in text and "nav:\n- Home: index.md\n" in text
    config = read_config(text)
    assert config["docs_dir"] == "docs" and config["nav"] == [{"Home": "index.md"}]
    assert config["extra"] == {"generator": False, "build_date": "2026-12-01", "revision": None}
    assert config["validation"] == {"omitted_files": "warn", "anchors": "warn"}


def test_the_zensical_config_uses_the_classic_variant_and_its_validation_keys() -> None:
    config = read_config(plain_mkdocs_config(CONFIG, "docs", {}, target="zensical"))
    assert config["theme"] == {"name": "material", "custom_dir": "overrides", "variant": "classic"}
    assert config["validation"] == {"invalid_links": True, "invalid_link_anchors": True}
    assert "hooks" not in config and config["docs_dir"] == "docs"


def test_a_config_without_hooks_is_refused() -> None:
    with pytest.raises(ValueError, match="hooks"):
        plain_mkdocs_config(CONFIG.replace("hooks:\n- hooks/faq.py\n", ""), "docs", {})


def test_the_offline_switch_adds_the_vendored_shim_as_the_hook_would(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAQ_TEST_OFFLINE", "false")
    assert offline_polyfills(read_config(CONFIG)) == [] and not offline(read_config(CONFIG))
    monkeypatch.setenv("FAQ_TEST_OFFLINE", "true")
    assert offline(read_config(CONFIG))  # and so no directory URLs, as the offline plugin sets
    polyfills = offline_polyfills(read_config(CONFIG))
    assert polyfills == ["https://unpkg.com/iframe-worker/shim"]
    info = build_info(ROOT, polyfills)
    assert info["polyfills"] == ["assets/javascripts/vendor/iframe-worker/shim.js"] == [IFRAME_WORKER_SHIM]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", str(info["build_date"]))
    assert re.match(r"[0-9a-f]{12}\b", str(info["revision"]))


def test_it_never_replaces_the_project_itself(tmp_path: Path) -> None:
    for out in (ROOT, ROOT.parent):
        with pytest.raises(ValueError, match="holds the project"):
            pregenerate(ROOT, out)
    assert (ROOT / "mkdocs.yml").is_file()
