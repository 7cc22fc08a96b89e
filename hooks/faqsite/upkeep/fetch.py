"""A small HTTP client for the source check: one GET per hop, redirects followed by hand, retries, politeness.

Standard library only. Redirects are followed here rather than by urllib so that each hop is seen: a
permanent one (301, 308) means "record the new URL"; a temporary one (302, 303, 307), such as Learn's
redirect from `/azure/...` to `/en-us/azure/...`, does not. Timeouts, connection errors, 429 and 5xx are
retried with exponential backoff (or the server's Retry-After, capped); at most `per_host` requests run
against one host at once.
"""
from __future__ import annotations

import http.client
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from email.message import Message
from typing import Any
from urllib.parse import urljoin, urlsplit

from .revision import find_revision

REDIRECTS = {301: True, 302: False, 303: False, 307: False, 308: True}  # status -> permanent
MAX_REDIRECTS = 10
MAX_BYTES = 1 << 20          # the meta data is in <head>; never read more than this
RETRY_AFTER_CAP = 30.0
USER_AGENT = "faqsite-sources/1 (weekly check of the pages an FAQ cites)"


class FetchError(Exception):
    """No usable answer after every try (timeout, refused connection, TLS or protocol error)."""


@dataclass
class Hop:
    status: int
    location: str | None = None
    body: str = ""
    retry_after: float | None = None


@dataclass
class Fetched:
    """What one URL gave, as stored in the cache and the report."""

    url: str
    http_status: int | None = None
    final_url: str | None = None
    redirects: list[list[Any]] = field(default_factory=list)   # [[status, url], ...] as cited (rewrite undone)
    revision: str | None = None                                 # YYYY-MM-DD
    revision_meta: str | None = None
    note: str | None = None
    error: str | None = None

    @property
    def permanent(self) -> bool:
        return any(REDIRECTS.get(int(status), False) for status, _ in self.redirects)

    @property
    def transient(self) -> bool:
        """Worth asking again on the next run rather than caching."""
        return self.http_status is None or retryable(self.http_status)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fetched:
        return cls(**{key: data[key] for key in cls.__dataclass_fields__ if key in data})


def retryable(status: int) -> bool:
    return status == 429 or status >= 500


@dataclass
class Settings:
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 1.0
    per_host: int = 4
    rewrites: list[tuple[str, str]] = field(default_factory=list)  # (cited prefix, fetched prefix)


class Fetcher:
    """Thread-safe: one instance is shared by the worker threads of a check."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.requests = 0
        self._lock = threading.Lock()
        self._hosts: dict[str, threading.BoundedSemaphore] = {}

    def physical(self, url: str) -> str:
        for cited, fetched in self.settings.rewrites:
            if url.startswith(cited):
                return fetched + url[len(cited):]
        return url

    def logical(self, url: str) -> str:
        for cited, fetched in self.settings.rewrites:
            if url.startswith(fetched):
                return cited + url[len(fetched):]
        return url

    @contextmanager
    def host_slot(self, host: str) -> Iterator[None]:
        with self._lock:
            slot = self._hosts.setdefault(host, threading.BoundedSemaphore(max(1, self.settings.per_host)))
            self.requests += 1
        with slot:
            yield

    def fetch(self, url: str) -> Fetched:
        """Follow `url` to its final page and read that page's revision."""
        result = Fetched(url)
        current = self.physical(url)
        cited = self.logical if current != url else str  # undo the rewrite only for a rewritten URL
        seen = {current}
        for _ in range(MAX_REDIRECTS + 1):
            try:
                hop = self.hop(current)
            except FetchError as error:
                result.http_status, result.error = None, str(error)
                break
            result.http_status = hop.status
            if hop.status not in REDIRECTS or not hop.location:
                read_page(result, hop)
                break
            current = urljoin(current, hop.location)
            result.redirects.append([hop.status, cited(current)])
            if current in seen:
                result.error = "redirect loop"
                break
            seen.add(current)
        else:
            result.error = f"more than {MAX_REDIRECTS} redirects"
        result.final_url = cited(current)
        return result

    def hop(self, url: str) -> Hop:
        """One request, tried again after a timeout, a connection error, 429 or 5xx."""
        settings = self.settings
        last: Hop | None = None
        failure = ""
        for attempt in range(settings.retries + 1):
            if attempt:
                time.sleep(delay(settings.backoff, attempt, last))
            try:
                with self.host_slot(urlsplit(url).netloc):
                    last = request(url, settings.timeout)
            except (OSError, http.client.HTTPException, ValueError) as error:
                last, failure = None, describe(error)
                continue
            if not retryable(last.status):
                return last
        if last is not None:
            return last
        raise FetchError(f"{failure} (after {settings.retries + 1} tries)")


def delay(backoff: float, attempt: int, last: Hop | None) -> float:
    if last is not None and last.retry_after is not None:
        return min(last.retry_after, RETRY_AFTER_CAP)
    return float(backoff * 2 ** (attempt - 1))


def describe(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return "timed out"
    if isinstance(error, ssl.SSLError):
        return f"TLS error: {error.reason or error}"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def read_page(result: Fetched, hop: Hop) -> None:
    if 200 <= hop.status < 300:
        revision = find_revision(hop.body)
        result.revision = revision.date.isoformat() if revision.date else None
        result.revision_meta, result.note = revision.meta, revision.problem


def request(url: str, timeout: float) -> Hop:
    """One GET; the body is read (up to `</head>`) only for a 2xx answer."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url}")
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=timeout,
                                                 context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("GET", target, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5",
                                                   "Accept-Encoding": "identity", "Connection": "close"})
        response = connection.getresponse()
        body = read_head(response, time.monotonic() + timeout) if 200 <= response.status < 300 else ""
        return Hop(response.status, response.getheader("Location"), body, retry_after(response.headers))
    finally:
        connection.close()


def read_head(response: http.client.HTTPResponse, deadline: float) -> str:
    """The page up to its `</head>` (or MAX_BYTES), within the deadline even if the server trickles."""
    data = b""
    while len(data) < MAX_BYTES:
        chunk = response.read1(65536)
        if not chunk:
            break
        data += chunk
        if b"</head" in data[-len(chunk) - 8:].lower():
            break
        if time.monotonic() > deadline:
            raise TimeoutError("page took longer than the timeout")
    charset = response.headers.get_content_charset() or "utf-8"
    try:
        return data.decode(charset, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def retry_after(headers: Message) -> float | None:
    value = (headers.get("Retry-After") or "").strip()
    return float(value) if value.isdigit() else None
