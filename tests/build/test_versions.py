"""Every review is a version: a change committed to an answer gives its old review a stable version page.

The project is copied into a temporary git repository, committed, then ENC-046's short answer and review date
are changed and committed again; the real build must show both versions, the old one as a page with a banner that
links to the current answer and says what changed, the current one as a stub sending readers to the answer. A shallow clone of the same repository has no history and says so.
"""
from __future__ import annotations

import datetime
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from support import SITE_URL, build, copy_project

QID = "ENC-046"
NEW_SUMMARY = "A rewritten short answer, committed in the second review."
SECOND_SUBJECT = "ENC-046: the short answer is rewritten after a second review"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.test", *args], cwd=cwd,
                          capture_output=True, text=True, check=True).stdout


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A project with two committed reviews of ENC-046; its page path, review dates and old short answer."""
    project = copy_project(tmp_path_factory.mktemp("versions") / "project")
    page = yaml.safe_load((project / "data" / "ids.yml").read_text())[QID]
    source = project / "docs" / page
    text = source.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    newest = max([s["date"] for s in meta["sources"] if "date" in s], default=datetime.date(2026, 1, 1))
    first = max(newest, datetime.date(2026, 11, 20))
    second = first + datetime.timedelta(days=2)
    assert second <= datetime.date.today()
    source.write_text(re.sub(r"(?m)^reviewed: .*$", f"reviewed: {first}", text, count=1), encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "First review of every answer")
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^summary: .*?(?=^\w)", f"summary: {NEW_SUMMARY}\n", text, count=1)
    source.write_text(re.sub(r"(?m)^reviewed: .*$", f"reviewed: {second}", text, count=1), encoding="utf-8")
    git(project, "commit", "-q", "-am", SECOND_SUBJECT)
    site = project.parent / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return {"project": project, "site": site, "page": page, "first": first, "second": second,
            "old_summary": " ".join(str(meta["summary"]).split())}


def test_the_old_version_keeps_its_text_with_a_banner_to_the_current_answer(history: dict) -> None:
    site, first, second = history["site"], history["first"], history["second"]
    old = soup(site, f"q/{QID}/{first}")
    banner = old.select_one(".admonition.warning")
    assert banner is not None and "changed since" in banner.get_text()
    assert SECOND_SUBJECT in banner.get_text()
    assert f"{second.day} {second:%B %Y}" in banner.get_text()
    current_link = banner.find("a", string="current answer")["href"]
    assert current_link == "../../../" + history["page"].removesuffix(".md") + "/"
    assert " ".join(old.select_one(".admonition.abstract").get_text(" ").split()[2:]).startswith(
        history["old_summary"].split("{{")[0][:30])
    assert NEW_SUMMARY not in old.get_text()
    assert old.select_one(".faq-id").get_text() == QID


def test_the_current_versions_address_sends_readers_to_the_answer_without_a_permanent_redirect(history: dict) -> None:
    site, first, second = history["site"], history["first"], history["second"]
    answer_url = history["page"].removesuffix(".md") + "/"
    current = soup(site, f"q/{QID}/{second}")
    assert current.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url=../../../{answer_url}"
    assert current.find("link", rel="canonical")["href"] == SITE_URL + answer_url
    assert current.find("meta", attrs={"name": "faq-redirect"})["content"] == "current-version"
    assert current.title.get_text().startswith(f"{QID} as reviewed on {second}: ")
    assert current.find("h1") is None  # a stub, not a second copy of the answer
    from faqsite.release.server import redirects
    permanent = redirects(site)
    assert f"/q/{QID}/{second}/" not in permanent  # it becomes a page of its own once the answer changes
    assert permanent[f"/q/{QID}/"] == "/" + answer_url  # while the short link stays a 301
    answer = soup(site, history["page"].removesuffix(".md"))
    listed = answer.find("h3", id="versions-of-this-answer").find_next("ul").find_all("li")
    assert [li.a["href"] for li in listed] == [f"../../q/{QID}/{second}/", f"../../q/{QID}/{first}/"]
    assert "(current)" in listed[0].get_text() and SECOND_SUBJECT in listed[0].get_text()
    assert "First review of every answer" in listed[1].get_text()
    cite = answer.select_one(".faq-cite")["data-cite-text"]
    assert f"{SITE_URL}q/{QID}/ " in cite and f"version {SITE_URL}q/{QID}/{second}/" in cite
    old = soup(site, f"q/{QID}/{first}")
    old_list = old.find("h2", id="versions-of-this-answer").find_next("ul").find_all("li")
    assert old_list[0].a["href"] == "../../../" + answer_url  # the current version is the answer itself
    recent = soup(site, "recently-reviewed")
    entry = next(li for li in recent.find_all("li") if SECOND_SUBJECT in li.get_text())
    assert "the current version" in entry.get_text() and f"q/{QID}/{second}" not in str(entry)


def test_the_short_link_stub_still_redirects_beside_the_version_pages(history: dict) -> None:
    stub = soup(history["site"], f"q/{QID}")
    refresh = stub.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh == "0; url=../../" + history["page"].removesuffix(".md") + "/"


def test_exports_and_feed_carry_both_versions(history: dict) -> None:
    site, first, second = history["site"], history["first"], history["second"]
    record = next(q for q in json.loads((site / "questions.json").read_text())["questions"] if q["id"] == QID)
    assert [(v["reviewed"], v["what_changed"]) for v in record["versions"]] == [
        (str(second), SECOND_SUBJECT), (str(first), "First review of every answer")]
    assert record["versions"][1]["url"] == f"{SITE_URL}q/{QID}/{first}/"
    feed = (site / "feed.xml").read_text()
    assert f"What changed: {SECOND_SUBJECT}" in feed and f"q/{QID}/{first}/" in feed
    recent = soup(site, "recently-reviewed").get_text()
    assert SECOND_SUBJECT in recent


def test_a_shallow_clone_says_it_has_no_history_and_builds_the_current_version(history: dict) -> None:
    shallow = history["project"].parent / "shallow"
    git(shallow.parent, "clone", "-q", "--depth", "1", f"file://{history['project']}", str(shallow))
    site = shallow.parent / "shallow-site"
    result = build(shallow, site)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "shallow clone" in result.stderr
    answer = soup(site, history["page"].removesuffix(".md"))
    listed = answer.find("h3", id="versions-of-this-answer").find_next("ul")
    assert len(listed.find_all("li")) == 1
    assert "shallow clone" in listed.find_next("p").get_text()
    assert "current-version" in (site / f"q/{QID}/{history['second']}/index.html").read_text()  # the stub
    assert not (site / f"q/{QID}/{history['first']}").exists()


# ---------------------------------------------------------------- without a build

def test_an_old_body_keeps_working_links_and_loses_dead_ones() -> None:
    from faqsite.pages.versions import rebase_links
    known = frozenset({"disk-encryption/key-rotation.md", "comparison.md"})
    body = ("See [rotation](key-rotation.md#when), [the grid](../comparison.md), [gone](removed.md), "
            "[Learn](https://learn.microsoft.com/azure/x), [above](#why) and ![a picture](diagram.png).")
    assert rebase_links(body, "disk-encryption/old-name.md", "q/ENC-046/2026-11-28.md", known) == (
        "See [rotation](../../disk-encryption/key-rotation.md), [the grid](../../comparison.md), gone, "
        "[Learn](https://learn.microsoft.com/azure/x), [above](#why) and a picture.")


def test_a_link_whose_label_runs_over_a_line_break_is_rebased_too() -> None:
    from faqsite.pages.versions import rebase_links
    known = frozenset({"disk-encryption/key-rotation.md"})
    body = "See [automatic key\nrotation](key-rotation.md) and [not a\n\nlink](key-rotation.md)."
    assert rebase_links(body, "disk-encryption/x.md", "q/ENC-046/2026-11-28.md", known) == (
        "See [automatic key\nrotation](../../disk-encryption/key-rotation.md) and [not a\n\n"
        "link](key-rotation.md).")  # a blank line ends the paragraph: not a link, left as written


def test_git_output_is_read_per_commit_and_per_object() -> None:
    from faqsite.load.versions import RECORD, UNIT, changed_pages, read_blobs
    log = (f"{RECORD}aaa{UNIT}First\n\nA\tdocs/x/one.md\nA\tdocs/x/image.png\n"
           f"{RECORD}bbb{UNIT}Rename\n\nR087\tdocs/x/one.md\tdocs/x/two.md\nD\tdocs/x/gone.md\n")
    assert changed_pages(log) == [("aaa", "First", "docs/x/one.md"), ("bbb", "Rename", "docs/x/two.md")]
    assert read_blobs(b"aaa blob 3\nabc\nbbb:docs/x missing\nccc blob 0\n\n") == [b"abc", None, b""]
