"""Atomic publishing: build and check into a new release folder, then switch one symlink.

The published path (e.g. `public`) is a symlink to `public.releases/<release>`. A new release is built
beside the others and checked; only then is a fresh symlink renamed over the old one, which the
operating system does in one step. A failed build or check leaves the published site untouched, and a
web server pointed at `public` never sees a half-written site.
"""
from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

from .linkcheck import check_site

REQUIRED_FILES = ("index.html", "404.html", "questions.json", "matrix.json", "feed.xml", "search/search_index.json")
KEEP_RELEASES = 3


class PublishError(Exception):
    pass


def mkdocs_build(project: Path, site_dir: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
                            cwd=project, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise PublishError(f"the build failed:\n{result.stderr.strip()}")


def check_release(site_dir: Path) -> list[str]:
    missing = [f"{name}: missing" for name in REQUIRED_FILES if not (site_dir / name).is_file()]
    return missing + check_site(site_dir)


def publish(project: Path, target: Path, build: Callable[[Path, Path], None] = mkdocs_build,
            check: Callable[[Path], list[str]] = check_release) -> Path:
    """Build `project` into a new release, check it, and point `target` at it. Returns the release."""
    target = target.absolute()
    if target.exists() and not target.is_symlink():
        raise PublishError(f"{target} is a real folder; publishing switches a symlink there, so move it away first")
    releases = target.parent / f"{target.name}.releases"
    releases.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    release = Path(tempfile.mkdtemp(prefix=f"{stamp}-", dir=releases))
    try:
        build(project, release)
        problems = check(release)
        if problems:
            raise PublishError("the checks failed:\n" + "\n".join(f"  {p}" for p in problems))
        os.chmod(release, 0o755)  # mkdtemp makes it private; a web server must read it
        link = releases / f".next-{os.getpid()}"
        link.unlink(missing_ok=True)
        link.symlink_to(release.relative_to(target.parent) if release.is_relative_to(target.parent) else release)
        os.replace(link, target)
    except BaseException:
        shutil.rmtree(release, ignore_errors=True)
        raise
    prune(releases, keep={release})
    return release


def prune(releases: Path, keep: set[Path]) -> None:
    """Remove all but the newest releases (the current one always stays)."""
    folders = sorted((p for p in releases.iterdir() if p.is_dir() and not p.name.startswith(".")), reverse=True)
    for old in folders[KEEP_RELEASES:]:
        if old not in keep:
            shutil.rmtree(old, ignore_errors=True)
