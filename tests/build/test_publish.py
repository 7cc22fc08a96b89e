"""Publishing is atomic: a failed build or check leaves the published site exactly as it was.

One real build (the module fixture); the locking, pruning, killing and rollback tests use fake builds
that take milliseconds, some in a separate publisher process that the test kills.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable

import pytest
from faqsite.release import publish as publishing
from faqsite.release.publish import PublishError, check_release, marker, prune, publish, rollback
from support import ROOT, SITE_URL, build, copy_project


def site_build(project: Path, site_dir: Path) -> None:
    result = build(project, site_dir, SITE_URL)
    if result.returncode != 0:
        raise PublishError(result.stderr)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


Published = tuple[Path, Path, Path, dict[str, bytes]]  # project, target, release, the target's files


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    root = tmp_path_factory.mktemp("publish")
    project = copy_project(root / "project")
    target = root / "www" / "public"
    release = publish(project, target, build=site_build)
    return project, target, release, snapshot(target)


def test_publish_points_the_target_at_a_checked_release(published: Published) -> None:
    project, target, release, files = published
    assert target.is_symlink() and target.resolve() == release.resolve()
    assert "index.html" in files and "q/ENC-001/index.html" in files
    assert check_release(target) == []
    assert os.stat(release).st_mode & 0o755 == 0o755
    done = marker(release)
    assert done is not None and done["previous"] is None  # complete, and the first release here


def test_a_failed_build_leaves_the_published_site_untouched(published: Published) -> None:
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


def test_a_failed_check_leaves_the_published_site_untouched(published: Published) -> None:
    project, target, release, files = published
    with pytest.raises(PublishError, match="the checks failed"):
        publish(project, target, build=fake_build("unchecked"), check=lambda site: ["index.html: x/: no such file"])
    assert target.resolve() == release.resolve()
    assert snapshot(target) == files


def test_an_interrupted_build_leaves_the_published_site_untouched(published: Published) -> None:
    project, target, release, files = published

    def interrupted(project: Path, site_dir: Path) -> None:
        (site_dir / "index.html").write_text("half written")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        publish(project, target, build=interrupted)
    assert target.resolve() == release.resolve()
    assert snapshot(target) == files


def test_an_injected_inline_script_fails_the_check(published: Published, tmp_path: Path) -> None:
    project, target, release, files = published
    copy = tmp_path / "site"
    shutil.copytree(release, copy)
    page = copy / "disk-encryption" / "own-keys" / "index.html"
    page.write_text(page.read_text().replace("</h1>", "</h1><script>alert(1)</script>", 1))
    problems = check_release(copy)
    assert len(problems) == 1 and problems[0].startswith("disk-encryption/own-keys/index.html: inline <script>")
    assert "alert(1)" in problems[0]


def test_refuses_to_replace_a_real_folder(tmp_path: Path) -> None:
    (tmp_path / "public").mkdir()
    with pytest.raises(PublishError, match="real folder"):
        publish(tmp_path, tmp_path / "public", build=site_build)


# Fake builds: a page naming the build, written in no time.

def fake_build(label: str, delay: float = 0.0, log: list[tuple[str, float, float]] | None = None
               ) -> Callable[[Path, Path], None]:
    def build(project: Path, site_dir: Path) -> None:
        start = time.monotonic()
        time.sleep(delay)
        (site_dir / "index.html").write_text(label)
        if log is not None:
            log.append((label, start, time.monotonic()))
    return build


def passes(site_dir: Path) -> list[str]:
    return [] if (site_dir / "index.html").is_file() else ["index.html: missing"]


def fake_publish(target: Path, label: str) -> Path:
    return publish(target.parent, target, build=fake_build(label), check=passes)


def live_label(target: Path) -> str:
    return (target / "index.html").read_text()


def release_labels(target: Path) -> set[str]:
    releases = target.parent / f"{target.name}.releases"
    return {(p / "index.html").read_text() for p in releases.iterdir() if p.is_dir() and (p / "index.html").exists()}


def test_concurrent_publishes_take_turns_and_the_last_started_wins(tmp_path: Path) -> None:
    target = tmp_path / "public"
    log: list[tuple[str, float, float]] = []
    results: dict[str, Path] = {}

    def run(label: str) -> None:
        results[label] = publish(tmp_path, target, build=fake_build(label, 0.3, log), check=passes)

    first = threading.Thread(target=run, args=("first",))
    first.start()
    time.sleep(0.1)
    second = threading.Thread(target=run, args=("second",))
    second.start()
    first.join()
    second.join()
    (a, a_start, a_end), (b, b_start, b_end) = sorted(log, key=lambda entry: entry[1])
    assert (a, b) == ("first", "second") and b_start >= a_end  # the second build waited for the lock
    assert live_label(target) == "second"
    assert (marker(results["second"]) or {})["previous"] == results["first"].name


def test_a_publish_that_cannot_get_the_lock_fails_clearly(tmp_path: Path) -> None:
    target = tmp_path / "public"
    fake_publish(target, "one")
    with open(tmp_path / "public.releases" / ".lock", "a+") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        lock.seek(0)
        lock.truncate()
        lock.write("4242\n")
        lock.flush()
        with pytest.raises(PublishError, match=r"another publish \(pid 4242\) still holds .*\.lock after 0.2 s"):
            publish(tmp_path, target, build=fake_build("two"), check=passes, lock_timeout=0.2)
    assert live_label(target) == "one"


def test_prune_keeps_the_live_release_the_one_before_and_the_newest_and_removes_junk(tmp_path: Path) -> None:
    target = tmp_path / "public"
    releases = tmp_path / "public.releases"
    for label in "12345":
        fake_publish(target, label)
    assert release_labels(target) == {"3", "4", "5"}
    rollback(target)
    rollback(target)
    assert live_label(target) == "3"
    junk = releases / "20000101T000000Z-killed"  # a killed run: unmarked, whatever it holds
    junk.mkdir()
    (junk / "index.html").write_text("junk")
    (releases / ".next-99999").symlink_to("nowhere")
    fake_publish(target, "6")
    assert release_labels(target) == {"3", "4", "5", "6"}  # live 6, the one before it 3, newest 6 5 4
    assert not junk.exists() and not (releases / ".next-99999").is_symlink()
    fake_publish(target, "7")
    assert release_labels(target) == {"5", "6", "7"}
    assert all(marker(p) for p in releases.iterdir() if p.is_dir())
    assert prune(releases, target) == []


def test_rollback_switches_back_and_refuses_when_there_is_nothing_before(tmp_path: Path) -> None:
    target = tmp_path / "public"
    with pytest.raises(PublishError, match="not a published site"):
        rollback(target)
    first = fake_publish(target, "one")
    with pytest.raises(PublishError, match="no previous complete release"):
        rollback(target)
    fake_publish(target, "two")
    assert rollback(target) == first and live_label(target) == "one"
    with pytest.raises(PublishError, match="no previous complete release"):
        rollback(target)
    assert live_label(target) == "one"


def test_a_release_published_before_markers_existed_is_kept_as_the_one_before(tmp_path: Path) -> None:
    target = tmp_path / "public"
    legacy = tmp_path / "public.releases" / "20260101T000000Z-old"
    legacy.mkdir(parents=True)
    (legacy / "index.html").write_text("legacy")
    target.symlink_to("public.releases/20260101T000000Z-old")
    fake_publish(target, "new")
    assert release_labels(target) == {"legacy", "new"}
    assert rollback(target) == legacy and live_label(target) == "legacy"


def test_rollback_command_says_what_it_did(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "public"
    first, second = fake_publish(target, "one"), fake_publish(target, "two")
    assert publishing.rollback_command(str(target)) == 0
    assert f"to {first.name} (was {second.name})" in capsys.readouterr().out
    assert publishing.rollback_command(str(target)) == 1
    assert "rollback: nothing changed: " in capsys.readouterr().err


def test_an_os_error_in_the_check_or_chmod_is_a_publish_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    target = tmp_path / "public"
    fake_publish(target, "one")

    def unreadable(path: Path, *args: object) -> list[str]:
        raise PermissionError(13, "Permission denied", str(path))

    with pytest.raises(PublishError, match="could not be checked: .*Permission denied"):
        publish(tmp_path, target, build=fake_build("two"), check=unreadable)
    monkeypatch.setattr(os, "chmod", unreadable)
    with pytest.raises(PublishError, match="cannot make the release readable: .*Permission denied"):
        fake_publish(target, "three")
    assert live_label(target) == "one" and release_labels(target) == {"one"}


# A publisher in its own process, to be killed. It writes its pid (and its build child's) into READY when
# it reaches the phase under test, then waits there.
PUBLISHER = """
import os, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from faqsite.release import publish as p
phase, target, ready = sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
HOLD = "import os, sys, time; open(sys.argv[1], 'w').write(str(os.getpid())); time.sleep(60)"

def build(project, site_dir):
    (site_dir / "index.html").write_text("new")
    if phase == "build":
        child = ready.with_name("child")
        ready.write_text(str(os.getpid()))
        p.run_child([sys.executable, "-c", HOLD, str(child)], site_dir, dict(os.environ))

def check(site_dir):
    if phase == "check":
        ready.write_text(str(os.getpid()))
        time.sleep(60)
    return []

prune = p.prune
def stuck_after_switch(releases, target, keep=3):
    if phase == "switch" and (target / "index.html").read_text() == "new":
        ready.write_text(str(os.getpid()))
        time.sleep(60)
    return prune(releases, target, keep)
p.prune = stuck_after_switch
try:
    p.publish(target.parent, target, build=build, check=check)
except p.Interrupted as error:
    print(f"publish: nothing changed: {error}", file=sys.stderr)
    sys.exit(128 + error.signum)
"""


def start_publisher(tmp_path: Path, phase: str) -> tuple[subprocess.Popen[str], Path]:
    ready = tmp_path / "ready"
    process = subprocess.Popen([sys.executable, "-c", PUBLISHER, str(ROOT / "hooks"), phase, str(tmp_path / "public"),
                                str(ready)], stderr=subprocess.PIPE, text=True)
    wait_for(lambda: ready.exists() and ready.read_text() != "" and (phase != "build" or child_pid(tmp_path) > 0))
    return process, ready


def child_pid(tmp_path: Path) -> int:
    child = tmp_path / "child"
    return int(child.read_text()) if child.exists() and child.read_text() else 0


def wait_for(condition: Callable[[], bool], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def alive(pid: int) -> bool:
    """Running, not a zombie (this container's init may not reap orphans)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.parametrize("phase, live_after, kept_after_next", [
    ("build", "old", {"old", "next"}),
    ("check", "old", {"old", "next"}),
    ("switch", "new", {"old", "new", "next"}),
])
def test_kill_9_of_the_publisher_leaves_a_complete_release_and_the_next_publish_cleans_up(
        tmp_path: Path, phase: str, live_after: str, kept_after_next: set[str]) -> None:
    target = tmp_path / "public"
    fake_publish(target, "old")
    process, _ = start_publisher(tmp_path, phase)
    process.kill()
    process.wait(timeout=10)
    if phase == "build":
        wait_for(lambda: not alive(child_pid(tmp_path)), timeout=5)  # the build died with its publisher
    assert marker(target.resolve()) is not None and live_label(target) == live_after
    assert len([p for p in (tmp_path / "public.releases").iterdir() if p.is_dir()]) == 2  # the killed run's ...
    fake_publish(target, "next")
    assert all(marker(p) for p in (tmp_path / "public.releases").iterdir() if p.is_dir())  # ... until the next
    assert release_labels(target) == kept_after_next


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_sigterm_or_sigint_to_the_publisher_kills_its_build(tmp_path: Path, signum: int) -> None:
    target = tmp_path / "public"
    fake_publish(target, "old")
    process, _ = start_publisher(tmp_path, "build")
    child = child_pid(tmp_path)
    assert alive(child) and os.getpgid(child) != os.getpgid(process.pid)  # the build has its own group
    process.send_signal(signum)
    _, err = process.communicate(timeout=10)
    assert process.returncode == 128 + signum
    assert f"publish: nothing changed: interrupted by {signal.Signals(signum).name}" in err
    wait_for(lambda: not alive(child), timeout=5)
    assert live_label(target) == "old" and release_labels(target) == {"old"}
