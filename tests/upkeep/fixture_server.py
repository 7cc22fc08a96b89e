"""A threaded HTTP server on 127.0.0.1 that plays the pages a source check meets, and counts every request.

Routes (all under the server's own address; the tests rewrite https://learn.microsoft.com to it):
unchanged, changed, moved (301), temporary (302, as Learn's locale redirect), gone (404, 410), slow (answers
after SLOW seconds, longer than the tests' timeout), malformed or missing meta, flaky (500 once, then 200),
a redirect loop, and a few plain outbound-link targets.
"""
from __future__ import annotations

import contextlib
import threading
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES = Path(__file__).parent / "pages"
SLOW = 3.0


@dataclass(frozen=True)
class Route:
    status: int = 200
    page: str | None = None        # file in pages/
    location: str | None = None    # for 3xx
    delay: float = 0.0             # seconds before answering
    fail_first: int = 0            # answer 500 this many times first


ROUTES = {
    "/fixture/unchanged": Route(page="unchanged.html"),
    "/fixture/changed": Route(page="changed.html"),
    "/fixture/updated-at": Route(page="updated-at.html"),
    "/fixture/article": Route(page="article.html"),
    "/fixture/unrecorded": Route(page="unchanged.html"),
    "/fixture/moved": Route(301, location="/fixture/moved-new"),
    "/fixture/moved-new": Route(page="unchanged.html"),
    "/fixture/temporary": Route(302, location="/en-us/fixture/temporary"),
    "/en-us/fixture/temporary": Route(page="unchanged.html"),
    "/fixture/gone-404": Route(404),
    "/fixture/gone-410": Route(410),
    "/fixture/slow": Route(page="unchanged.html", delay=SLOW),
    "/fixture/malformed": Route(page="malformed.html"),
    "/fixture/missing-meta": Route(page="missing-meta.html"),
    "/fixture/broken-markup": Route(page="broken-markup.html"),
    "/fixture/flaky": Route(page="unchanged.html", fail_first=1),
    "/fixture/loop": Route(301, location="/fixture/loop"),
    "/ext/ok": Route(page="missing-meta.html"),
    "/ext/moved": Route(308, location="/ext/ok"),
    "/ext/gone": Route(404),
}


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def count(self, path: str) -> int:
        with self.lock:
            self.requests[path] += 1
            return self.requests[path]

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()

    def total(self) -> int:
        with self.lock:
            return sum(self.requests.values())


class Handler(BaseHTTPRequestHandler):
    server: FixtureServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.path.split("?")[0]
        seen = self.server.count(path)
        route = ROUTES.get(path, Route(404))
        if route.delay and self.server.stopping.wait(route.delay):
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up: the slow route's point
            self.answer(route, 500 if seen <= route.fail_first else route.status)

    def answer(self, route: Route, status: int) -> None:
        body = (PAGES / route.page).read_bytes() if route.page and status == 200 else b"<html><body>no</body></html>"
        self.send_response(status)
        if route.location and status == route.status:
            self.send_header("Location", route.location)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def start() -> FixtureServer:
    server = FixtureServer()
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


def stop(server: FixtureServer) -> None:
    server.stopping.set()
    server.shutdown()
    server.server_close()
