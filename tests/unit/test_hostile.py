"""Every probe of the security and reliability review (sections A, B and E), one row each.

A row is the hostile input, written into a fixture project, and either the problem lines the build must stop with
(file, line where known, field, start of the message) or `Harmless` with the reason it may pass and a check that
it did pass harmlessly. Every row runs what the MkDocs hook runs before MkDocs writes anything (`prepare`, then
the generated pages and published files and the check for written files at generated paths): nothing may escape
but ContentError, so no probe ends in a traceback.
"""
from __future__ import annotations

import datetime
import os
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from faqsite import site as site_module
from faqsite.load.history import History
from faqsite.site import ContentError, Site, page_meta, pages, prepare, published_files, written_over
from fixture_project import make_project, question

TODAY = datetime.date(2026, 11, 28)
SITE_URL = "https://faq.example.test/"
ONE = "docs/disk-encryption/one.md"
P = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>{{ 7*7 }}{% raw %}]]>[x](javascript:alert(1))"
CONTROLS = {
    "frameworks": {"fw": {"short": "FW", "title": "A framework", "version": "v1"}},
    "policies": {"pol": {"name": "A policy", "id": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "detects": ["sse"]}},
    "caveats": {"cav": {"title": "A caveat", "text": "Watch out.", "options": ["ade"]}},
    "controls": {"c-one": {"framework": "fw", "id": "C-1", "title": "First control", "verified": True,
                           "options": {"sse": "Helps."}, "policies": [{"policy": "pol"}], "evidence": ["ENC-001"],
                           "caveats": ["cav"]}},
}


@dataclass(frozen=True)
class Harmless:
    """The probe builds, for `reason`; `check` asserts what makes it harmless."""

    reason: str
    check: Callable[[Site], Any]


Setup = Callable[[Path], None]


# ---------------------------------------------------------------- building blocks of the probes

def page(name: str = "one.md", qid: str = "ENC-001", **fields: str | None) -> Setup:
    def setup(root: Path) -> None:
        (root / "docs/disk-encryption" / name).write_text(question(qid, **fields), encoding="utf-8")
    return setup


def raw(path: str, text: str | bytes) -> Setup:
    def setup(root: Path) -> None:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    return setup


def data(stem: str, value: Any) -> Setup:
    """Write data/<stem>.yml: text as it is, anything else dumped as YAML."""
    text = value if isinstance(value, str) else yaml.safe_dump(value, allow_unicode=True, sort_keys=False)
    return raw(f"data/{stem}.yml", textwrap.dedent(text))


def edit(path: str, old: str, new: str) -> Setup:
    def setup(root: Path) -> None:
        text = (root / path).read_text(encoding="utf-8")
        assert old in text, (path, old)
        (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")
    return setup


def symlink(path: str, target: str) -> Setup:
    def setup(root: Path) -> None:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target if target.startswith("/") else root / target, root / path)
    return setup


def folder(path: str) -> Setup:
    return lambda root: (root / path).mkdir(parents=True)


def remove(path: str) -> Setup:
    return lambda root: (root / path).unlink()


def ids(text: str) -> Setup:
    return raw("data/ids.yml", text)


def steps(*setups: Setup) -> Setup:
    def setup(root: Path) -> None:
        for s in setups:
            s(root)
    return setup


def with_body(body: str, **fields: str) -> Setup:
    return raw(ONE, question(**fields).replace("\nBody text.\n", "\n" + body))


def src(*urls: str, date: str | None = None, title: str | None = "Overview") -> str:
    """A `sources:` value with one entry per URL."""
    entries = []
    for url in urls:
        entry = f"\n  - url: {url}" + (f"\n    title: {title}" if title is not None else "")
        entries.append(entry + (f"\n    date: {date}" if date else ""))
    return "".join(entries)


def cite(qid: str) -> Setup:
    """The comparison's evidence moved to `qid` (when ENC-001 is removed)."""
    def setup(root: Path) -> None:
        path = root / "data/comparison.yml"
        path.write_text(path.read_text(encoding="utf-8").replace("ENC-001", qid), encoding="utf-8")
    return setup


def second_topic(root: Path) -> None:
    with (root / "data/topics.yml").open("a", encoding="utf-8") as topics:
        topics.write("azure-migrate:\n  prefix: MIG\n  title: Azure Migrate\n  description: Moving.\n"
                     "  themes: {basics: Basics}\n")
    (root / "docs/azure-migrate").mkdir()


# ---------------------------------------------------------------- the checks of harmless probes

def title_is(expected: str) -> Callable[[Site], None]:
    def check(site: Site) -> None:
        assert [q.title for q in site.content.questions] == [expected]
    return check


def id_is(expected: str) -> Callable[[Site], None]:
    def check(site: Site) -> None:
        assert [q.id for q in site.content.questions] == [expected]
    return check


def redirects(stub: str, target: str) -> Callable[[Site], None]:
    """The stub at `stub` (site-relative folder) refreshes to the page at `target`."""
    def check(site: Site) -> None:
        html = published_files(site)[stub + "index.html"]
        assert f'url={target}"' in html, html
    return check


def no_markup_in_meta(site: Site) -> None:
    path = site.content.questions[0].path
    meta = page_meta(site, path, {})
    for key in ("title", "description"):
        assert "<" not in str(meta[key]) and '"' not in str(meta[key]), meta
    assert all("<" not in str(tag) for tag in meta.get("tags", [])), meta


def glossary_folded(site: Site) -> None:
    expansion, definition = site.content.glossary.terms["SSE"]
    assert "\n" not in expansion and "<script>" in expansion  # one line: Markdown sees text, never a block


def folded_everywhere(site: Site) -> None:
    texts = [site.content.topics["disk-encryption"].description, site.content.tags["sse"].description,
             site.content.post_map[0].asked]
    assert all("\n" not in t and "<script>" in t for t in texts), texts


# ---------------------------------------------------------------- the probes

def _laughs() -> str:
    lines = ['l0: &l0 ["lol"]'] + [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, 9)]
    return "---\n" + "\n".join(lines) + "\ntitle: *l8\n---\n"


BILLION_LAUGHS = _laughs()
NESTED = "[" * 5000 + "]" * 5000

PROBES: list[Any] = [
    # -- A: bad content
    pytest.param(raw(ONE, "\ufeff" + question()), Harmless(
        "MkDocs reads UTF-8 with or without a BOM; so does the loader", title_is("Is it encrypted?")), id="a01"),
    pytest.param(raw(ONE, question().replace("\n", "\r\n")), Harmless(
        "CRLF line endings are read as line breaks", title_is("Is it encrypted?")), id="a02"),
    pytest.param(page(sources="\n  - title: Overview\n\turl: https://learn.microsoft.com/x"),
                 [f"{ONE}:9: (front matter): malformed YAML"], id="a03"),
    pytest.param(raw(ONE, question().replace("summary:", "title: Is it really encrypted?\nid: ENC-002\nsummary:")),
                 [f"{ONE}:4: (front matter): duplicate key 'title'"], id="a04"),
    pytest.param(raw(ONE, BILLION_LAUGHS), [f"{ONE}:2: (front matter): YAML anchors and aliases (&name, *name) are "
                                            "not allowed"], id="a05"),
    pytest.param(raw(ONE, "---\n- id: ENC-001\n- title: A list?\n---\n"),
                 [f"{ONE}:2: (front matter): front matter must be a mapping of keys to values"], id="a06"),
    pytest.param(page(id="'ENC-001 '"), Harmless("text is folded: the ID read is ENC-001", id_is("ENC-001")),
                 id="a07"),
    pytest.param(page(id="enc-001"), [f"{ONE}:2: id: 'enc-001' is not an ID like ENC-001"], id="a07b"),
    pytest.param(page(id='"ENC-001\\n"'), Harmless("text is folded: the ID read is ENC-001 (IDs match with \\Z)",
                                                   id_is("ENC-001")), id="a07c"),
    pytest.param(data("retired", "ENC-001: {reason: Merged., retired: 2026-01-01}\n"),
                 [f"{ONE}: id: ENC-001 is retired (data/retired.yml); IDs are never reused"], id="a08"),
    pytest.param(page("two.md"), ["docs/disk-encryption/two.md: id: duplicate ID ENC-001, also used by "
                                  "docs/disk-encryption/one.md"], id="a09"),
    pytest.param(page(title="x" * 4999 + "?"), [f"{ONE}:3: title: 5000 characters; at most 200"], id="a10"),
    pytest.param(page(title='"?"'), [f"{ONE}:3: title: too short to be a question a reader asks"], id="a11"),
    pytest.param(page(title='""'), [f"{ONE}:3: title: required field is missing or empty"], id="a11b"),
    pytest.param(page(summary="'**b**, <b>bold</b>, [a link](https://x.test/) and ![an image](x.png)'"), Harmless(
        "the summary is text: every page escapes it (tests/build/test_hostile_build.py builds it)",
        lambda site: site.content.questions[0].summary.startswith("**b**, <b>bold</b>")), id="a12"),
    pytest.param(page(sources=src("javascript:alert(1)")),
                 [f"{ONE}:7: sources: entry 1: 'javascript:alert(1)' is not an https URL"], id="a14a"),
    pytest.param(page(sources=src("https://evil.example.com/phish")),
                 [f"{ONE}:7: sources: entry 1: 'https://evil.example.com/phish': host evil.example.com is not one "
                  "of the source hosts"], id="a14b"),
    pytest.param(page(sources=src("https://learn.microsoft.com.evil.example/azure")),
                 [f"{ONE}:7: sources: entry 1: 'https://learn.microsoft.com.evil.example/azure': host "
                  "learn.microsoft.com.evil.example is not one of the source hosts"], id="a14c"),
    pytest.param(page(sources=src("https://learn.microsoft.com/x)<svg/onload=alert(1)>")),
                 [f"{ONE}:7: sources: entry 1: 'https://learn.microsoft.com/x)<svg/onload=alert(1)>' contains a "
                  "space, quote, bracket or other character a URL must encode"], id="a14d"),
    pytest.param(page(sources=src("https://learn.microsoft.com/x", date="2099-04-02")),
                 [f"{ONE}:7: sources: entry 1: date: 2099-04-02 is in the future (today is 2026-11-28)"], id="a15"),
    pytest.param(page(reviewed="2026-02-30"), [f"{ONE}:10: reviewed: '2026-02-30' is not a date (YYYY-MM-DD)"],
                 id="a16a"),
    pytest.param(page(sources=src("https://learn.microsoft.com/x", date="2026-02-30")),
                 [f"{ONE}:7: sources: entry 1: date: '2026-02-30' is not a date (YYYY-MM-DD)"], id="a16b"),
    pytest.param(page(sources=src("https://learn.microsoft.com/x", date="2026-04-02"), reviewed="2020-01-01"),
                 [f"{ONE}:11: reviewed: 2020-01-01 is before the newest source revision (2026-04-02)"], id="a17"),
    pytest.param(page(related="[ENC-001]"), [f"{ONE}:13: related: a question cannot be related to itself"],
                 id="a18"),
    pytest.param(page(aliases="[../../../../tmp/evil]"),
                 [f"{ONE}:13: aliases: '../../../../tmp/evil' is not a page path"], id="a19"),
    pytest.param(page(aliases="[feed.xml]"),
                 [f"{ONE}: aliases: 'feed.xml/' would overwrite a file the build publishes (feed.xml)"], id="a20a"),
    pytest.param(page(aliases="[assets/stylesheets/faq.css]"),
                 [f"{ONE}: aliases: 'assets/stylesheets/faq.css/' is in /assets/, which the build and the theme own"],
                 id="a20b"),
    pytest.param(page(aliases="[search/search_index.json]"),
                 [f"{ONE}: aliases: 'search/search_index.json/' is in /search/, which the build and the theme own"],
                 id="a20c"),
    pytest.param(raw("docs/stray.md", question("ENC-002")),
                 ["docs/stray.md: (file): a question outside the topic folders"], id="a21a"),
    pytest.param(raw("docs/rogue-topic/x.md", question("ZZZ-001", tags="[nope]", reviewed="2099-01-01")),
                 ["docs/rogue-topic/x.md: (file): a page outside the topic folders of data/topics.yml "
                  "(disk-encryption): it would be published unvalidated"], id="a21b"),
    pytest.param(raw("docs/disk-encryption/sub/x.md", question("ENC-002")),
                 ["docs/disk-encryption/sub/x.md: (file): a page in a sub-folder of the topic disk-encryption"],
                 id="a21c"),
    pytest.param(raw("docs/q/ENC-001.md", "# Hijacked\n"),
                 ["docs/q/ENC-001.md: (file): a page outside the topic folders",
                  "docs/q/ENC-001.md: (file): its URL /q/ENC-001/ is also that of the short link of ENC-001"],
                 id="a21d"),
    pytest.param(raw("docs/disk-encryption/one/index.md", "# Mine\n"),
                 ["docs/disk-encryption/one/index.md: (file): a page in a sub-folder of the topic disk-encryption",
                  "docs/disk-encryption/one/index.md: (file): its URL /disk-encryption/one/ is also that of the page "
                  "docs/disk-encryption/one.md"], id="a21e"),
    pytest.param(symlink("docs/assets/passwd.txt", "/etc/passwd"),
                 ["docs/assets/passwd.txt: (file): a symbolic link: docs/ holds files, never links to them"],
                 id="a22a"),
    pytest.param(steps(raw("outside/one.md", question()), remove(ONE), symlink(ONE, "outside/one.md")),
                 [f"{ONE}: (file): a symbolic link: docs/ holds files, never links to them"], id="a22b"),
    pytest.param(symlink("docs/disk-encryption/broken.md", "docs/nowhere.md"),
                 ["docs/disk-encryption/broken.md: (file): a symbolic link: docs/ holds files, never links to them"],
                 id="a22c"),
    pytest.param(folder("docs/disk-encryption/folder.md"),
                 ["docs/disk-encryption/folder.md: (file): not a file: a folder cannot be named like a page"],
                 id="a22d"),
    pytest.param(raw("docs/disk-encryption/empty.md", ""),
                 ["docs/disk-encryption/empty.md:1: (front matter): the file has no YAML front matter"], id="a23"),
    pytest.param(with_body("A long answer. " * 700_000), [f"{ONE}: (file): 10,500,2"], id="a24"),
    pytest.param(edit("data/comparison.yml", "options:\n  sse: {label: Server-side encryption, short: SSE}\n  ade:",
                      "options:\n  - sse: {label: Server-side encryption, short: SSE}\n  - ade:"),
                 ["data/comparison.yml: options: must be a mapping of keys to entries"], id="a25a"),
    pytest.param(data("comparison", "- options: {}\n- properties: {}\n"),
                 ["data/comparison.yml: (file): must be a mapping with options and properties"], id="a25b"),
    pytest.param(edit("data/tags.yml", "\nade:", "\nsse: {label: Else, group: option, description: Else.}\nade:"),
                 ["data/tags.yml:3: (file): duplicate key 'sse'"], id="a26"),
    pytest.param(edit("data/tags.yml", "keywords: [SSE]", "keywords: 'SSE, storage service encryption'"),
                 ["data/tags.yml:2: sse/keywords: must be a list of non-empty texts"], id="a26b"),
    pytest.param(data("controls", {**CONTROLS, "controls": {"c-one": {**CONTROLS["controls"]["c-one"],
                                                                      "framework": "no-such-framework"}}}),
                 ["data/controls.yml: c-one/framework: unknown framework 'no-such-framework' (frameworks: fw)"],
                 id="a27a"),
    pytest.param(data("controls", {**CONTROLS, "frameworks": {**CONTROLS["frameworks"], "bogus": "a string"}}),
                 ["data/controls.yml: frameworks/bogus"], id="a27b"),
    pytest.param(lambda root: None, Harmless(
        "mkdocs.yml is code, not content: the real one runs the hook strictly (asserted here); without the hook the "
        "strict build fails on its navigation warnings", lambda site: real_config_runs_the_hook()), id="a28"),
    pytest.param(edit("data/topics.yml", "themes: {keys: Keys, choosing: Choosing}", "themes: [keys, choosing]"),
                 ["data/topics.yml:2: disk-encryption/themes: must be a mapping"], id="a29"),
    pytest.param(page(keywords=NESTED), [f"{ONE}:13: (front matter): malformed YAML"], id="a30"),
    pytest.param(with_body("Text with a \x00 byte.\n"), [f"{ONE}:15: (file): a control character (U+0000) is not "
                                                         "text"], id="a31"),
    pytest.param(page(reviewed='!!python/object/apply:os.system ["touch /tmp/faqsite-a32"]'),
                 [f"{ONE}:10: (front matter): malformed YAML: could not determine a constructor"], id="a32"),
    pytest.param(ids("ENC-001: disk-encryption/one.md\nENC-001: disk-encryption/somewhere-else.md\n"),
                 ["data/ids.yml:2: (file): duplicate key 'ENC-001'"], id="a33"),
    pytest.param(data("retired", "../../../../tmp/evil: {reason: x, retired: 2026-01-01}\n"),
                 ["data/retired.yml:1: ../../../../tmp/evil/(key): '../../../../tmp/evil' is not a question ID"],
                 id="a34"),
    pytest.param(edit("data/tags.yml", "\nade:", "\n../index: {label: Sneaky, group: option, description: S.}\nade:"),
                 ["data/tags.yml:3: ../index/(key): '../index' is not a valid tag key"], id="a35"),
    pytest.param(with_body("# My own title\n\nText.\n\nAnother\n=======\n"),
                 [f"{ONE}:15: (body): a level-1 heading", f"{ONE}:20: (body): a level-1 heading"], id="a36"),
    pytest.param(data("glossary", "SSE: {expansion: Server-side encryption, definition: Always on.}\n"
                                  "the: {expansion: The, definition: An article.}\n"),
                 ["data/glossary.yml:2: the/(key): 'the' is not an acronym"], id="a37"),
    pytest.param(data("site", "featured: ENC-001\n"),
                 ["data/site.yml:1: featured: must be a list of non-empty texts"], id="a38"),
    pytest.param(raw(ONE, question().encode() + "caf\xe9".encode("latin-1")),
                 [f"{ONE}: (file): not UTF-8 text"], id="a39"),
    pytest.param(steps(raw("docs/.env", "SECRET=1\n"), raw("docs/assets/.git/config", "[core]\n"),
                       raw("docs/assets/backup.md~", "old\n")),
                 ["docs/assets/backup.md~: (file): an editor backup or temporary file"], id="a40"),
    pytest.param(data("requirements", "temp: {label: Temp disk encrypted, property: temp-disk, accept: [maybe]}\n"),
                 ["data/requirements.yml: temp: accept: no cell of property 'temp-disk' has maybe"], id="a41"),
    pytest.param(edit("data/comparison.yml", 'value: "no"', 'value: "totally secure, trust me"'), Harmless(
        "a cell's value is free text by design, shown escaped", lambda site: site.matrix.cell(
            "temp-disk", "sse").value == "totally secure, trust me"), id="a42"),
    pytest.param(page(sources=src("https://learn.microsoft.com/x", title='""') + src("https://learn.microsoft.com/x")),
                 [f"{ONE}:7: sources: entry 2: the same URL as entry 1"], id="a43"),
    pytest.param(page(since_2020="unchanged"),
                 [f"{ONE}:12: changed: an unchanged answer has nothing to say here"], id="a44"),
    pytest.param(data("retired", "ENC-900: {reason: x, successor: ENC-901, retired: 2026-01-01}\n"
                                 "ENC-901: {reason: y, retired: 2026-01-01}\n"),
                 ["data/retired.yml: ENC-900: successor 'ENC-901' is not a question ID"], id="a45"),
    pytest.param(data("retired", "ENC-950: {reason: x, retired: 2099-01-01}\n"),
                 ["data/retired.yml: ENC-950: retired 2099-01-01 is in the future (today is 2026-11-28)"], id="a46"),
    pytest.param(page(keywords="[" + ", ".join(f"k{n}" for n in range(10_000)) + "]"),
                 [f"{ONE}:13: keywords: 10000 keywords; at most 20"], id="a47"),
    pytest.param(raw("docs/disk-encryption/Ünïcode name (draft).md", question("ENC-002")),
                 ["docs/disk-encryption/Ünïcode name (draft).md: (file): a question's file name is its URL"],
                 id="a48"),
    pytest.param(edit("data/tags.yml", "\nade:", "\nindex: {label: Index tag, group: option, description: I.}\nade:"),
                 ["data/tags.yml:3: index/(key): 'index' is reserved for a page the build generates"], id="a49"),
    pytest.param(raw("docs/comparison/index.md", "# Mine\n"),
                 ["docs/comparison/index.md: (file): a page outside the topic folders",
                  "docs/comparison/index.md: (file): its URL /comparison/ is also that of the generated page "
                  "comparison.md"], id="a50"),
    pytest.param(edit("data/topics.yml", "disk-encryption:", "tags:\n  prefix: TAG\n  title: T\n  themes: {a: A}\n"
                                                             "disk-encryption:"),
                 ["data/topics.yml:2: tags/(key): 'tags' is reserved for a page the build generates"], id="a51"),
    pytest.param(raw("docs/disk-encryption/one/index.html", "<p>static</p>\n"),
                 ["docs/disk-encryption/one/index.html: (file): the page docs/disk-encryption/one.md is published "
                  "here"], id="a52"),
    pytest.param(raw("docs/q/ENC-001/index.html", "<p>mine</p>\n"),
                 ["docs/q/ENC-001/index.html: (file): the short link of ENC-001 is published here"], id="a53"),
    # -- A: data files of the wrong shape
    pytest.param(data("tags", "- sse\n- ade\n"), ["data/tags.yml: (file): must be a mapping of keys to entries"],
                 id="shape-tags"),
    pytest.param(data("topics", "- disk-encryption\n"),
                 ["data/topics.yml: (file): must be a mapping of keys to entries"], id="shape-topics"),
    pytest.param(data("glossary", "- SSE\n"), ["data/glossary.yml: (file): must be a mapping of keys to entries"],
                 id="shape-glossary"),
    pytest.param(data("retired", "- ENC-001\n"), ["data/retired.yml: (file): must be a mapping of keys to entries"],
                 id="shape-retired"),
    pytest.param(ids("- ENC-001\n"), ["data/ids.yml: (file): must be a mapping of question IDs to their first path"],
                 id="shape-ids"),
    pytest.param(data("requirements", "- temp\n"),
                 ["data/requirements.yml: (file): must be a mapping of keys to entries"], id="shape-requirements"),
    pytest.param(data("site", "- featured\n"), ["data/site.yml: (file): must be a mapping of settings"],
                 id="shape-site"),
    pytest.param(data("facts", "- a fact\n"), ["data/facts.yml: (file): must be a mapping of keys to entries"],
                 id="shape-facts"),
    pytest.param(data("controls", "- c-one\n"), ["data/controls.yml: (file): must be a mapping with the sections"],
                 id="shape-controls"),
    pytest.param(data("blog-2020-map", "asked: x\n"),
                 ["data/blog-2020-map.yml: (file): must be a list of {asked, answers} entries"], id="shape-post-map"),
    pytest.param(edit("data/comparison.yml", "properties:\n  temp-disk:", "properties:\n  - temp-disk:"),
                 ["data/comparison.yml: properties: must be a mapping of keys to entries"], id="shape-properties"),
    pytest.param(edit("data/comparison.yml", "    cells:\n", "    cells:\n      - x\n    c:\n"),
                 ["data/comparison.yml: row 'temp-disk', column 'sse': missing cell"], id="shape-cells"),
    pytest.param(page(sources="{url: https://learn.microsoft.com/x}"),
                 [f"{ONE}:7: sources: must be a list of {{title, url}} entries"], id="shape-sources"),
    pytest.param(page(tags="sse"), [f"{ONE}:5: tags: must be a list of non-empty texts"], id="shape-tags-field"),
    pytest.param(page(aliases="disk-encryption/old.md"), [f"{ONE}:13: aliases: must be a list of non-empty texts"],
                 id="shape-aliases"),
    pytest.param(page(verdicts="[temp-disk]"), [f"{ONE}:13: verdicts: must be a mapping"], id="shape-verdicts"),
    pytest.param(page(summary='"\\u2028 \\t\\u00a0"'), [f"{ONE}:4: summary: required field is missing or empty"],
                 id="blank-text"),
    # -- B: injection
    pytest.param(steps(page(title=f"'{P} ?'", summary=f"'{P}'", keywords=f"['{P}', '=HYPERLINK(\"x\")']",
                            changed=f"'{P}'", sources=src(
                                "https://learn.microsoft.com/a\"><img/src=x/onerror=alert(1)>",
                                "https://learn.microsoft.com/x)<svg/onload=alert(1)>",
                                "https://learn.microsoft.com/{{7*7}}]]>",
                                "https://learn.microsoft.com/x?<script>alert(1)</script>",
                                "https://learn.microsoft.com/x'onmouseover='alert(1)", title=f"'{P}'"))),
                 [f"{ONE}:7: sources: entry {n}: 'https://learn.microsoft.com/" for n in range(1, 6)], id="b1"),
    pytest.param(steps(edit("data/comparison.yml", "  temp-disk:\n", "  p onclick=alert(3):\n"),
                       edit("data/comparison.yml", "  ade: {label", "  a<b>x</b>: {label")),
                 ["data/comparison.yml: row 'p onclick=alert(3)': 'p onclick=alert(3)' is not a valid property key",
                  "data/comparison.yml: options/a<b>x</b>/(key): 'a<b>x</b>' is not a valid option key"], id="b2a"),
    pytest.param(edit("data/tags.yml", "\nade:", "\n't\"><img src=x onerror=alert(6)>': {label: T, group: option, "
                                                 "description: T.}\nade:"),
                 ["data/tags.yml:3: t\"><img src=x onerror=alert(6)>/(key): 't\"><img src=x onerror=alert(6)>' is "
                  "not a valid tag key"], id="b2b"),
    pytest.param(steps(page(aliases="['x\"><svg onload=alert(7)>']"),
                       data("retired", "'ENC-901 onclick=alert(8)': {reason: x, retired: 2026-01-01}\n")),
                 [f"{ONE}:13: aliases: 'x\"><svg onload=alert(7)>' is not a page path",
                  "data/retired.yml:1: ENC-901 onclick=alert(8)/(key): 'ENC-901 onclick=alert(8)' is not a question "
                  "ID"], id="b2c"),
    pytest.param(data("glossary", {"SSE": {"expansion": "Server-side\n\n<script>alert(10)</script>\n\n"
                                                        "<img src=x onerror=alert(10)>", "definition": "Always on."}}),
                 Harmless("line breaks are folded: the expansion stays one line of an abbreviation, whose title "
                          "Markdown escapes (built in tests/build/test_hostile_build.py)", glossary_folded),
                 id="b2d"),
    pytest.param(data("glossary", {"SSE\n\n<svg/onload=alert(12)>": {"expansion": "x", "definition": "y"}}),
                 ["data/glossary.yml:1: SSE\n\n<svg/onload=alert(12)>/(key): "], id="b2d-term"),
    pytest.param(page(title="'Plain</title><script>alert(13)</script><title>x?'"), Harmless(
        "the title is text; page_meta gives Material's raw template copies the escaped text", no_markup_in_meta),
        id="b2e"),
    pytest.param(page(sources=src("https://learn.microsoft.com/x)<script>alert(11)</script>")),
                 [f"{ONE}:7: sources: entry 1: 'https://learn.microsoft.com/x)<script>alert(11)</script>' contains"],
                 id="b2e-url"),
    pytest.param(steps(edit("data/topics.yml", "description: Disks.", "description: \"D\\n\\n<script>x</script>\""),
                       edit("data/tags.yml", "description: Storage-layer encryption.",
                            "description: \"S\\n\\n<script>x</script>\""),
                       data("blog-2020-map", [{"asked": "Q\n\n<script>x</script>", "answers": ["ENC-001"]}])),
                 Harmless("line breaks are folded and every page escapes this text", folded_everywhere), id="b2f"),
    pytest.param(data("requirements", {'r"><img src=x onerror=alert(4)>': {
        "label": "R", "property": "temp-disk", "accept": ["yes"]}}),
        ["data/requirements.yml: r\"><img src=x onerror=alert(4)>/(key): 'r\"><img src=x onerror=alert(4)>' is not "
         "a valid requirement key"], id="b2g"),
    pytest.param(edit("data/comparison.yml", "  ade: {label", "  'o\"onmouseover=\"alert(5)': {label"),
                 ["data/comparison.yml: options/o\"onmouseover=\"alert(5)/(key): 'o\"onmouseover=\"alert(5)' is not a "
                  "valid option key"], id="b2h"),
    pytest.param(edit("data/comparison.yml", "  temp-disk:\n", "  'p } { onclick=alert(3)':\n"),
                 ["data/comparison.yml: row 'p } { onclick=alert(3)': 'p } { onclick=alert(3)' is not a valid "
                  "property key"], id="b2i"),
    pytest.param(with_body("<script>alert(20)</script>\n\n[click](javascript:alert(21))\n\n"
                           "<iframe src=\"https://evil.example/\"></iframe>\n"),
                 [f"{ONE}:15: (body): a <script> element is not allowed in a page body",
                  f"{ONE}:17: (body): a javascript: link is not allowed in a page body",
                  f"{ONE}:19: (body): a <iframe> element is not allowed in a page body"], id="b3"),
    pytest.param(steps(data("glossary", {"SSE": {"expansion": "S\n\n<script>alert(30)</script>", "definition": "d"}}),
                       data("requirements", {"r\"><svg onload=alert(31)>": {
                           "label": "R", "property": "temp-disk", "accept": ["yes"]}}),
                       page(summary="'\"><svg onload=alert(32)>'", keywords="['<svg onload=alert(33)>']")),
                 ["data/requirements.yml: r\"><svg onload=alert(31)>/(key): "], id="b4"),
    # -- E: link rot (e2, e3, e5, e6 and a46b with the git history `HISTORY` gives; tests/build/test_ledger.py
    # makes the same cases in a real git repository)
    pytest.param(steps(remove(ONE), page("turn-off.md", aliases="[disk-encryption/one.md]")), Harmless(
        "the documented rename: the alias redirects the old URL", redirects("disk-encryption/one/", "../turn-off/")),
        id="e1"),
    pytest.param(steps(remove(ONE), page("c.md", aliases="[disk-encryption/one.md]")), Harmless(
        "git remembers the middle name b.md: it redirects without an alias",
        redirects("disk-encryption/b/", "../c/")), id="e2"),
    pytest.param(steps(remove(ONE), page("new.md"), ids("ENC-001: disk-encryption/new.md\n")), Harmless(
        "git remembers the old path, the ledger's rewrite notwithstanding: it redirects without an alias",
        redirects("disk-encryption/one/", "../new/")), id="e3"),
    pytest.param(steps(page("two.md", "ENC-002"), ids("ENC-001: disk-encryption/one.md\n"
                                                      "ENC-002: disk-encryption/two.md\n"), remove(ONE)),
                 ["data/ids.yml: ENC-001: no page has this ID and it is not in data/retired.yml"], id="e4"),
    pytest.param(steps(page("two.md", "ENC-002"), ids("ENC-002: disk-encryption/two.md\n"), remove(ONE)),
                 ["data/ids.yml: ENC-001: issued to disk-encryption/one.md in commit c0ffee1 and now missing"],
                 id="e5"),
    pytest.param(steps(remove(ONE), page("two.md", "ENC-001"), ids("ENC-001: disk-encryption/two.md\n"),
                       data("retired", "ENC-002: {reason: Merged., retired: 2026-11-01}\n")),
                 ["docs/disk-encryption/two.md: id: ENC-001 was issued to another question (disk-encryption/one.md, "
                  "commit c0ffee1)"], id="e6"),
    pytest.param(steps(page("two.md", "ENC-002"), ids("ENC-002: disk-encryption/two.md\n"), remove(ONE),
                       cite("ENC-002"),
                       data("retired", "ENC-001: {reason: Merged., successor: ENC-002, retired: 2026-11-01}\n")),
                 Harmless("the documented removal: the short link goes to the retired page, which names ENC-002, "
                          "and the old page URL (known to git) to ENC-002", lambda site: [
                              redirects("q/ENC-001/", "../../retired/#enc-001")(site),
                              redirects("disk-encryption/one/", "../two/")(site)]), id="e7"),
    pytest.param(steps(second_topic, remove(ONE), raw("docs/azure-migrate/x.md", question(
        "MIG-011", theme="basics", aliases="[disk-encryption/one.md]")), ids("MIG-011: azure-migrate/x.md\n"),
        cite("MIG-011"),
        data("retired", "ENC-001: {reason: Moved., successor: MIG-011, retired: 2026-11-01}\n")),
        Harmless("the documented move: a new ID, the old one retired with its successor, the old path aliased",
                 redirects("disk-encryption/one/", "../../azure-migrate/x/")), id="e8"),
    pytest.param(data("retired", "ENC-950: {reason: x, retired: 2026-01-01}\n"),
                 ["data/retired.yml: ENC-950: was never issued (in data/ids.yml of no commit)"], id="a46b"),
]

# The history the E probes run with: what `git log` would give for the fixture's past (commit c0ffee1 added
# ENC-001 at one.md; for e2 the page went one.md -> b.md -> c.md; for e3 one.md -> new.md; two.md was ENC-002).
HISTORY = {
    "e2": History(issued={"ENC-001": {"disk-encryption/one.md": "c0ffee1"}}, lineage={
        "disk-encryption/c.md": {"disk-encryption/one.md", "disk-encryption/b.md", "disk-encryption/c.md"}}),
    "e3": History(issued={"ENC-001": {"disk-encryption/one.md": "c0ffee1"}},
                  lineage={"disk-encryption/new.md": {"disk-encryption/one.md", "disk-encryption/new.md"}}),
    "e5": History(issued={"ENC-001": {"disk-encryption/one.md": "c0ffee1"}}, lineage={
        "disk-encryption/two.md": {"disk-encryption/two.md"}}, deleted={"disk-encryption/one.md": "d00d001"}),
    "e6": History(issued={"ENC-001": {"disk-encryption/one.md": "c0ffee1"},
                          "ENC-002": {"disk-encryption/two.md": "c0ffee2"}},
                  lineage={"disk-encryption/two.md": {"disk-encryption/two.md"}},
                  deleted={"disk-encryption/one.md": "d00d001"}),
    "e7": History(issued={"ENC-001": {"disk-encryption/one.md": "c0ffee1"}},
                  lineage={"disk-encryption/two.md": {"disk-encryption/two.md"}},
                  deleted={"disk-encryption/one.md": "d00d001"}),
    "a46b": History(issued={"ENC-001": {"disk-encryption/one.md": "c0ffee1"}},
                    lineage={"disk-encryption/one.md": {"disk-encryption/one.md"}}),
}


def real_config_runs_the_hook() -> None:
    config = (Path(__file__).resolve().parents[2] / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks:\n  - hooks/faq.py\n" in config and "\nstrict: true\n" in config


def outcome(root: Path) -> tuple[Site | None, list[str]]:
    """What the hook does before MkDocs writes a file: the site, or the problem lines that stop the build."""
    docs = root / "docs"
    try:
        site = prepare(docs, root / "data", SITE_URL, "FAQ", TODAY)
    except ContentError as error:
        return None, [str(p) for p in error.problems]
    written = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    clashes = written_over(written, {**pages(site), **published_files(site)})
    return site, [str(p) for p in clashes]


@pytest.mark.parametrize("setup, expected", PROBES)
def test_probe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest,
               setup: Setup, expected: list[str] | Harmless) -> None:
    probe = request.node.callspec.id
    monkeypatch.setattr(site_module, "read_history", lambda docs, data: HISTORY.get(probe, History(
        note="", complete=False)))
    root = make_project(tmp_path / "project")
    setup(root)
    site, problems = outcome(root)  # anything but ContentError fails the test with its traceback
    if isinstance(expected, Harmless):
        assert problems == [] and site is not None, problems
        assert expected.check(site) is not False, expected.reason
        pages(site)  # every generated page renders
    else:
        missing = [line for line in expected if not any(p.startswith(line) for p in problems)]
        assert not missing, f"missing {missing} in {problems}"


def test_every_probe_of_the_review_has_a_row() -> None:
    names = {p.id for p in PROBES}
    review = {"a01", "a02", "a03", "a04", "a05", "a06", "a07", "a07b", "a07c", "a08", "a09", "a10", "a11", "a11b",
              "a12", "a14a", "a14b", "a14c", "a14d", "a15", "a16a", "a16b", "a17", "a18", "a19", "a20a", "a20b",
              "a20c", "a21a", "a21b", "a21c", "a21d", "a21e", "a22a", "a22b", "a22c", "a22d", "a23", "a24", "a25a",
              "a25b", "a26", "a26b", "a27a", "a27b", "a28", "a29", "a30", "a31", "a32", "a33", "a34", "a35", "a36",
              "a37", "a38", "a39", "a40", "a41", "a42", "a43", "a44", "a45", "a46", "a47", "a48", "a49", "a50",
              "a51", "a52", "a53", "b1", "b2a", "b2b", "b2c", "b2d", "b2e", "b2f", "b2g", "b2h", "b2i", "b3", "b4",
              "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8"}
    assert len([n for n in review if n.startswith("a")]) == 71
    assert review <= names, sorted(review - names)


def test_a32_ran_nothing() -> None:
    assert not Path("/tmp/faqsite-a32").exists()


def test_reserved_slugs_cover_every_generated_single_page() -> None:
    from faqsite.load.content import RESERVED_SLUGS
    from faqsite.site import SINGLE_PAGES
    assert {path.split("/")[0].removesuffix(".md") for path in SINGLE_PAGES} <= RESERVED_SLUGS


def test_a_slug_over_a_generated_page_is_caught_on_its_url_even_if_not_reserved(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from faqsite.load import content
    monkeypatch.setattr(content, "RESERVED_SLUGS", frozenset())
    root = make_project(tmp_path / "project")
    edit("data/topics.yml", "disk-encryption:", "glossary:\n  prefix: GLO\n  title: G\n  themes: {a: A}\n"
                                                "disk-encryption:")(root)
    site, problems = outcome(root)
    assert "data/topics.yml: glossary: its page glossary/index.md has the URL /glossary/ of the generated page " \
           "glossary.md" in problems, problems
