"""Atomic publishing: build and check into a new release folder, then switch one symlink.

The published path (e.g. `public`) is a symlink to `public.releases/<release>`. A new release is built
beside the others and checked; only then is a fresh symlink renamed over the old one, which the
operating system does in one step. A failed build or check leaves the published site untouched, and a
web server pointed at `public` never sees a half-written site.

- One at a time: a publish or rollback holds `public.releases/.lock` (flock) from start to end. A second
  one waits for it (up to `lock_timeout`, saying whom it waits for), then builds the sources as they are
  by then: the publish started last is the one published last. The lock goes with the process, so a
  killed publisher never leaves it held.
- A release is complete when it holds `.complete`, written after its check passed, before the switch. It
  also names the release that was live before it, which `rollback` switches back to.
- `prune` keeps the live release, the one before it and the KEEP_RELEASES newest complete ones; anything
  else, such as the unmarked leftovers of a killed run, goes. It runs under the lock, where no other
  publish can be building.
- The build runs in its own process group; SIGTERM or SIGINT to the publisher kills that group, and on
  Linux the build also dies with a publisher killed by SIGKILL.
"""
from __future__ import annotations

import ctypes
import datetime
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import IO, Callable, Iterator

from .csp import check_inline_scripts
from .linkcheck import check_site

REQUIRED_FILES = ("index.html", "404.html", "questions.json", "matrix.json", "feed.xml", "search/search_index.json")
KEEP_RELEASES = 3
MARKER = ".complete"
LOCK = ".lock"
LOCK_TIMEOUT = 600.0
PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


class PublishError(Exception):
    pass


class Interrupted(BaseException):
    """SIGTERM or SIGINT arrived while a release was being built or checked; nothing was switched."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"interrupted by {signal.Signals(signum).name}")
        self.signum = signum


def run_child(argv: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a build command in its own process group, and kill the whole group if we are interrupted."""
    parent = os.getpid()

    def die_with_parent() -> None:  # runs in the child, before exec
        if _LIBC is not None:
            _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:
            os._exit(1)

    child = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             process_group=0, preexec_fn=die_with_parent)
    try:
        out, err = child.communicate()
    except BaseException:
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        child.wait()
        raise
    return subprocess.CompletedProcess(argv, child.returncode, out, err)


def mkdocs_build(project: Path, site_dir: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = run_child([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)], project, env)
    if result.returncode != 0:
        raise PublishError(f"the build failed:\n{result.stderr.strip()}")


def check_release(site_dir: Path) -> list[str]:
    """Required files, every internal link and anchor, and no script outside the theme's allow-list."""
    missing = [f"{name}: missing" for name in REQUIRED_FILES if not (site_dir / name).is_file()]
    return missing + check_site(site_dir) + check_inline_scripts(site_dir)


def publish(project: Path, target: Path, build: Callable[[Path, Path], None] = mkdocs_build,
            check: Callable[[Path], list[str]] = check_release, lock_timeout: float = LOCK_TIMEOUT) -> Path:
    """Build `project` into a new release, check it, and point `target` at it. Returns the release."""
    target = target.absolute()
    if target.exists() and not target.is_symlink():
        raise PublishError(f"{target} is a real folder; publishing switches a symlink there, so move it away first")
    releases = target.parent / f"{target.name}.releases"
    _try(lambda: releases.mkdir(parents=True, exist_ok=True), "cannot create the releases folder")
    with _locked(releases, lock_timeout):
        live = live_release(target)
        if live and marker(live) is None:
            _mark(live, None)  # published before releases were marked: it is live, so it was complete
        prune(releases, target)  # leftovers of killed runs
        release = _new_release(releases)
        try:
            with _interruptible():
                _build_and_check(project, release, build, check)
                _mark(release, live_release(target))
                _switch(target, release)
        except BaseException:
            if live_release(target) != release:  # else a signal came just after the switch: published
                shutil.rmtree(release, ignore_errors=True)
                raise
        prune(releases, target)
    return release


def rollback(target: Path, lock_timeout: float = LOCK_TIMEOUT) -> Path:
    """Point `target` back at the release that was live before the current one, in one step."""
    target = target.absolute()
    releases = target.parent / f"{target.name}.releases"
    if not target.is_symlink() or not releases.is_dir():
        raise PublishError(f"{target} is not a published site (no symlink into {releases.name}/)")
    with _locked(releases, lock_timeout):
        live = live_release(target)
        previous = previous_release(live) if live else None
        if previous is None:
            raise PublishError(f"{target}: there is no previous complete release to roll back to")
        _switch(target, previous)
    return previous


def _try(action: Callable[[], object], what: str) -> None:
    try:
        action()
    except OSError as error:
        raise PublishError(f"{what}: {error}") from None


def _new_release(releases: Path) -> Path:
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    try:
        return Path(tempfile.mkdtemp(prefix=f"{stamp}-", dir=releases))
    except OSError as error:
        raise PublishError(f"cannot create a release folder: {error}") from None


def _build_and_check(project: Path, release: Path, build: Callable[[Path, Path], None],
                     check: Callable[[Path], list[str]]) -> None:
    try:
        build(project, release)
    except OSError as error:
        raise PublishError(f"the build failed: {error}") from None
    try:
        problems = check(release)
    except OSError as error:
        raise PublishError(f"the release could not be checked: {error}") from None
    if problems:
        raise PublishError("the checks failed:\n" + "\n".join(f"  {p}" for p in problems))
    _try(lambda: os.chmod(release, 0o755), "cannot make the release readable")  # mkdtemp makes it private


def _mark(release: Path, previous: Path | None) -> None:
    """Write the marker that makes `release` complete, atomically (a half-written marker never exists)."""
    marker = {"completed": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="microseconds"),
              "previous": previous.name if previous else None}
    temporary = release / f"{MARKER}.tmp"

    def write() -> None:
        temporary.write_text(json.dumps(marker) + "\n", encoding="utf-8")
        os.replace(temporary, release / MARKER)
    _try(write, "cannot mark the release complete")


def _switch(target: Path, release: Path) -> None:
    link = release.parent / f".next-{os.getpid()}"

    def switch() -> None:
        link.unlink(missing_ok=True)
        link.symlink_to(Path(release.parent.name) / release.name)
        os.replace(link, target)
    _try(switch, f"cannot switch {target.name}")


def marker(release: Path) -> dict[str, str | None] | None:
    """The release's completion marker, None when it is not complete."""
    try:
        data = json.loads((release / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("completed"), str) else None


def live_release(target: Path) -> Path | None:
    """The release folder `target` points at, when it is one of `<target>.releases/`."""
    releases = target.parent / f"{target.name}.releases"
    if not target.is_symlink():
        return None
    resolved = target.resolve()
    return releases / resolved.name if resolved.parent == releases.resolve() and resolved.is_dir() else None


def previous_release(release: Path) -> Path | None:
    """The complete release that was live before `release` was published, if it is still there."""
    name = (marker(release) or {}).get("previous")
    previous = release.parent / name if name else None
    return previous if previous and previous.is_dir() and marker(previous) else None


def prune(releases: Path, target: Path, keep: int = KEEP_RELEASES) -> list[Path]:
    """Remove all but the live release, the one before it and the `keep` newest complete ones.

    Call it holding the lock: then an unmarked folder is never one being built, only a leftover."""
    live = live_release(target)
    stay = {live, previous_release(live) if live else None, *newest_complete(releases, keep)}
    removed = [folder for folder in release_folders(releases) if folder not in stay]
    for folder in removed:
        (folder / MARKER).unlink(missing_ok=True)  # first, so a half-removed release never looks complete
        shutil.rmtree(folder, ignore_errors=True)
    for link in releases.glob(".next-*"):
        link.unlink(missing_ok=True)  # left by a publisher killed while switching
    return removed


def release_folders(releases: Path) -> list[Path]:
    return sorted(p for p in releases.iterdir() if p.is_dir() and not p.is_symlink() and not p.name.startswith("."))


def newest_complete(releases: Path, keep: int) -> list[Path]:
    """The `keep` complete releases completed last."""
    completed = {folder: str((marker(folder) or {}).get("completed") or "") for folder in release_folders(releases)}
    complete = sorted((folder for folder, when in completed.items() if when), key=completed.__getitem__)
    return complete[-keep:] if keep > 0 else []


@contextmanager
def _locked(releases: Path, timeout: float) -> Iterator[None]:
    """Hold `<releases>/.lock` (flock) for the block, waiting up to `timeout` s for another publish."""
    try:
        lock = open(releases / LOCK, "a+", encoding="utf-8")
    except OSError as error:
        raise PublishError(f"cannot open the lock: {error}") from None
    with lock:
        _acquire(lock, timeout)
        lock.seek(0)
        lock.truncate()
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        yield


def _acquire(lock: IO[str], timeout: float) -> None:
    deadline, told = time.monotonic() + timeout, False
    while True:
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "?"
        if time.monotonic() >= deadline:
            raise PublishError(f"another publish (pid {holder}) still holds {lock.name} after {timeout:g} s")
        if not told:
            print(f"waiting for pid {holder} (another publish or rollback) to finish ...", file=sys.stderr, flush=True)
            told = True
        time.sleep(0.05)


@contextmanager
def _interruptible() -> Iterator[None]:
    """Turn SIGTERM and SIGINT into Interrupted, so that the build is killed and the release removed."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise Interrupted(signum)
    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def publish_command(target: str) -> int:
    """`python -m faqsite publish TARGET`, from the project's root."""
    try:
        release = publish(Path.cwd(), Path(target))
    except PublishError as error:
        print(f"publish: nothing changed: {error}", file=sys.stderr)
        return 1
    except (Interrupted, KeyboardInterrupt) as error:
        print(f"publish: nothing changed: {str(error) or 'interrupted'}", file=sys.stderr)
        return 128 + getattr(error, "signum", signal.SIGINT)
    print(f"published {release} at {target}")
    return 0


def rollback_command(target: str) -> int:
    """`python -m faqsite rollback TARGET`."""
    try:
        live = live_release(Path(target).absolute())
        release = rollback(Path(target))
    except PublishError as error:
        print(f"rollback: nothing changed: {error}", file=sys.stderr)
        return 1
    print(f"rolled back {target} to {release.name} (was {live.name if live else '?'})")
    return 0
