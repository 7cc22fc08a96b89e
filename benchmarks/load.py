"""A bounded loopback load test of the published site while a publish switches it.

    .venv/bin/python benchmarks/load.py [--seconds 30] [--connections 100]

It publishes the project into a temporary `public` (a real build), serves it with nginx configured by
`python -m faqsite nginx` (the README's command), and keeps CONNECTIONS keep-alive connections busy on a
mix of pages, exports, search, an asset, a short link and a 404 for SECONDS. After 3 s it starts a second
real `python -m faqsite publish`, which switches the symlink under the running server; the load goes on
until 2 s after that publish ends. It records requests/s, errors (failed connections, unexpected status
codes, empty bodies) and latency percentiles, overall and while the publish ran, in
benchmarks/results/load.json (or --output).

Bounded on purpose: at most 60 s in all (a publish still running then is stopped with SIGTERM) and 200
connections, only to 127.0.0.1, and it stops by itself. Not part of `make test`: the numbers depend on
the machine's load.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # never anything else
MAX_SECONDS, MAX_CONNECTIONS = 60, 200
# (path, expected status): a page of each kind, the exports, Material's bundle, a short link.
URLS = [("/", 200), ("/disk-encryption/own-keys/", 200), ("/comparison/", 200), ("/questions.json", 200),
        ("/matrix.csv", 200), ("/feed.xml", 200), ("/assets/stylesheets/faq.css", 200), ("/q/ENC-001/", 301),
        ("/search/search_index.json", 200), ("/no/such/page/", 404)]


@dataclass
class Stats:
    start: float
    stop_at: float  # moved later while the publish runs, never past start + MAX_SECONDS
    latencies: list[tuple[float, float]] = field(default_factory=list)  # (time since start, seconds)
    errors: list[str] = field(default_factory=list)
    unexpected: int = 0
    empty: int = 0  # 200 responses without a body


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """Status, body (Content-Length or chunked) and whether the server keeps the connection open."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
    status = int(head.split(" ", 2)[1])
    fields = [line.split(":", 1) for line in head.split("\r\n")[1:] if ":" in line]
    headers = {name.lower(): value.strip() for name, value in fields}
    keep = headers.get("connection", "").lower() != "close"  # nginx closes after keepalive_requests (1000)
    if "content-length" in headers:
        return status, await reader.readexactly(int(headers["content-length"])), keep
    chunks = []
    while headers.get("transfer-encoding") == "chunked":
        size = int((await reader.readuntil(b"\r\n")).strip(), 16)
        chunks.append((await reader.readexactly(size + 2))[:-2])
        if size == 0:
            break
    return status, b"".join(chunks), keep


async def client(port: int, offset: int, stats: Stats, encoding: str) -> None:
    """One keep-alive connection sending requests back to back, reconnecting after an error."""
    index = offset
    while time.monotonic() < stats.stop_at:
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
        except OSError as error:
            stats.errors.append(f"connect: {error}")
            await asyncio.sleep(0.01)
            continue
        try:
            keep = True
            while keep and time.monotonic() < stats.stop_at:
                path, expected = URLS[index % len(URLS)]
                index += 1
                sent = time.monotonic()
                writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept-Encoding: {encoding}\r\n\r\n".encode())
                status, body, keep = await read_response(reader)
                stats.latencies.append((sent - stats.start, time.monotonic() - sent))
                stats.unexpected += status != expected
                stats.empty += status == 200 and not body
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as error:
            stats.errors.append(f"{type(error).__name__}: {error}")
        finally:
            writer.close()


async def watch_switch(public: Path, stats: Stats, seen: dict[str, float]) -> None:
    """Note when the `public` symlink changes target."""
    first = os.readlink(public)
    while time.monotonic() < stats.stop_at and "switched_s" not in seen:
        if os.readlink(public) != first:
            seen["switched_s"] = round(time.monotonic() - stats.start, 3)
        await asyncio.sleep(0.005)


# --prebuilt: a publish whose build copies the live release (lock, check, marker, switch and prune are real).
PREBUILT_PUBLISH = """
import shutil, sys
from pathlib import Path
from faqsite.release.publish import MARKER, publish
public = Path(sys.argv[1])
source = public.resolve()
copy = lambda project, site: shutil.copytree(source, site, dirs_exist_ok=True, ignore=shutil.ignore_patterns(MARKER))
print("published", publish(Path.cwd(), public, build=copy))
"""


def run_publish(public: Path, site_url: str, prebuilt: bool = False) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks"), "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("OFFLINE", None)
    command = ["-c", PREBUILT_PUBLISH, str(public)] if prebuilt else ["-m", "faqsite", "publish", str(public)]
    return subprocess.Popen([sys.executable, *command], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


async def load(port: int, public: Path, options: argparse.Namespace, site_url: str) -> tuple[Stats, dict[str, float]]:
    """Load for `seconds`, a publish starting early on; the load goes on until 2 s after the publish
    ended (so the switch happens under load), but never past MAX_SECONDS."""
    now = time.monotonic()
    stats = Stats(start=now, stop_at=now + options.seconds)
    seen: dict[str, float] = {}
    encoding = "identity" if options.no_gzip else "gzip"
    clients = [asyncio.create_task(client(port, n, stats, encoding)) for n in range(options.connections)]
    watcher = asyncio.create_task(watch_switch(public, stats, seen))
    await asyncio.sleep(min(3.0, options.seconds / 4))
    seen["publish_started_s"] = round(time.monotonic() - stats.start, 3)
    publisher = run_publish(public, site_url, options.prebuilt)
    stats.stop_at = stats.start + MAX_SECONDS  # until the publish is over
    while publisher.poll() is None and time.monotonic() < stats.start + MAX_SECONDS - 2:
        await asyncio.sleep(0.05)
    if publisher.poll() is None:
        publisher.terminate()  # it removes its unfinished release and leaves `public` as it was
    seen["publish_returncode"] = publisher.wait()
    seen["publish_finished_s"] = round(time.monotonic() - stats.start, 3)
    stats.stop_at = max(stats.start + options.seconds, min(time.monotonic() + 2, stats.start + MAX_SECONDS))
    await asyncio.gather(*clients, watcher)
    seen["seconds"] = round(time.monotonic() - stats.start, 3)
    return stats, seen


def summary(latencies: list[float], seconds: float) -> dict[str, float]:
    if not latencies:
        return {"requests": 0}
    ordered = sorted(latencies)

    def pick(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 2)
    return {"requests": len(ordered), "requests_per_s": round(len(ordered) / seconds), "p50_ms": pick(0.50),
            "p90_ms": pick(0.90), "p99_ms": pick(0.99), "max_ms": round(ordered[-1] * 1000, 2),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 2)}


def start_server(work: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}
    command = [sys.executable, "-m", "faqsite", "nginx", "public", f"{HOST}:{port}"]  # the README's command
    config = subprocess.run(command, cwd=work, env=env, check=True, capture_output=True, text=True).stdout
    (work / "nginx.conf").write_text(config)
    server = subprocess.Popen(["/usr/sbin/nginx", "-c", str(work / "nginx.conf")])
    time.sleep(0.5)
    return server


def report(stats: Stats, seen: dict[str, float], options: argparse.Namespace) -> dict[str, object]:
    seconds = seen["seconds"]
    during = [latency for at, latency in stats.latencies
              if seen["publish_started_s"] <= at <= seen.get("publish_finished_s", seconds)]
    window = seen.get("publish_finished_s", seconds) - seen["publish_started_s"]
    return {
        "date": datetime.date.today().isoformat(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average_1min_at_end": round(os.getloadavg()[0], 2)},
        "target": f"http://{HOST}/ (nginx, the generated configuration, worker_processes auto)",
        "generator": "benchmarks/load.py: asyncio, keep-alive, Accept-Encoding "
                     + ("identity" if options.no_gzip else "gzip"),
        "publish_under_load": "prebuilt (copy, real check and switch)" if options.prebuilt else "real build",
        "seconds": seconds, "connections": options.connections, "urls": [path for path, _ in URLS],
        "overall": summary([latency for _, latency in stats.latencies], seconds),
        "while_publishing": summary(during, window) | {"seconds": round(window, 2)},
        "errors": len(stats.errors), "error_samples": sorted(set(stats.errors))[:5],
        "unexpected_status": stats.unexpected, "empty_bodies": stats.empty, "publish": seen,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--no-gzip", action="store_true", help="ask for uncompressed responses")
    parser.add_argument("--prebuilt", action="store_true",
                        help="the publish under load copies the built site instead of building it (a busy machine)")
    parser.add_argument("--output", type=Path, default=Path(__file__).parent / "results" / "load.json")
    options = parser.parse_args()
    if not 1 <= options.seconds <= MAX_SECONDS or not 1 <= options.connections <= MAX_CONNECTIONS:
        parser.error(f"at most {MAX_SECONDS} s and {MAX_CONNECTIONS} connections")
    work = Path(tempfile.mkdtemp(prefix="faq-load-", dir="/tmp"))
    os.chmod(work, 0o755)  # nginx's workers run as nobody when this runs as root
    port = free_port()
    site_url = f"http://{HOST}:{port}/"
    first = run_publish(work / "public", site_url)
    if first.wait() != 0:
        print(first.stderr.read() if first.stderr else "", file=sys.stderr)
        return 1
    server = start_server(work, port)
    try:
        stats, seen = asyncio.run(load(port, work / "public", options, site_url))
    finally:
        server.terminate()
        server.wait(timeout=10)
    result = report(stats, seen, options)
    options.output.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    shutil.rmtree(work, ignore_errors=True)
    return 0 if not stats.errors and not stats.unexpected and seen.get("publish_returncode") == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
