"""nginx on 127.0.0.1 with a configuration made by faqsite.release.server, for the tests.

The workers run as `nobody` when the tests run as root, and pytest's temporary folders are private to
root, so a served site is copied to a world-readable folder first.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def readable_folder(prefix: str = "faq-served-") -> Iterator[Path]:
    """A folder under /tmp that nginx's unprivileged workers can read; removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def copy_site(site_dir: Path, target: Path) -> Path:
    """Copy a built site; the copy's top folder is world-readable (pytest's are private, and copied so)."""
    shutil.copytree(site_dir, target)
    os.chmod(target, 0o755)
    return target


@contextmanager
def readable_copy(site_dir: Path) -> Iterator[Path]:
    """A copy of a built site that nginx's unprivileged workers can read."""
    with readable_folder() as folder:
        yield copy_site(site_dir, folder / "site")


def wait_for_port(port: int, server: subprocess.Popen[str], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                _, err = server.communicate()
                raise RuntimeError(f"nginx did not start: {err}") from None
            time.sleep(0.05)


@contextmanager
def running_nginx(config: Path, port: int, prefix: Path | None = None) -> Iterator[subprocess.Popen[str]]:
    """nginx -c CONFIG (daemon off), until the block ends."""
    command = [NGINX, "-c", str(config)] + (["-p", str(prefix)] if prefix else [])
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_port(port, server)
        yield server
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)
