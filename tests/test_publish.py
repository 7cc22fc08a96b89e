"""Publishing is atomic: a failed build or check leaves the published site exactly as it was."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from faqsite.publish import PublishError, check_release, publish
from support import SITE_URL, build, copy_project


def site_build(project: Path, site_dir: Path) -> None:
    result = build(project, site_dir, SITE_URL)
    if result.returncode != 0:
        raise PublishError(result.stderr)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("publish")
    project = copy_project(root / "project")
    target = root / "www" / "public"
    release = publish(project, target, build=site_build)
    return project, target, release, snapshot(target)


def test_publish_points_the_target_at_a_checked_release(published) -> None:
    project, target, release, files = published
    assert target.is_symlink() and target.resolve() == release.resolve()
    assert "index.html" in files and "q/ENC-001/index.html" in files
    assert check_release(target) == []
    assert os.stat(release).st_mode & 0o755 == 0o755


def test_a_failed_build_leaves_the_published_site_untouched(published) -> None:
    project, target, release, files = published
    page = project / "docs" / "disk-encryption" / "sse-disable.md"
    good = page.read_text()
    page.write_text(good.replace("\ntheme: ", "\nthem: ", 1))
    try:
        with pytest.raises(PublishError, match="sse-disable.md"):
            publish(project, target, build=site_build)
    finally:
        page.write_text(good)
    assert target.resolve() == release.resolve()
    assert snapshot(target) == files
    assert [p for p in target.parent.joinpath("public.releases").iterdir() if p.is_dir()] == [release]


def test_a_failed_check_leaves_the_published_site_untouched(published) -> None:
    project, target, release, files = published
    with pytest.raises(PublishError, match="the checks failed"):
        publish(project, target, build=site_build, check=lambda site: ["index.html: x/: no such file"])
    assert target.resolve() == release.resolve()
    assert snapshot(target) == files


def test_an_interrupted_build_leaves_the_published_site_untouched(published) -> None:
    project, target, release, files = published

    def interrupted(project: Path, site_dir: Path) -> None:
        (site_dir / "index.html").write_text("half written")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        publish(project, target, build=interrupted)
    assert target.resolve() == release.resolve()
    assert snapshot(target) == files


def test_refuses_to_replace_a_real_folder(tmp_path: Path) -> None:
    (tmp_path / "public").mkdir()
    with pytest.raises(PublishError, match="real folder"):
        publish(tmp_path, tmp_path / "public", build=site_build)
