"""`python -m faqsite sources`: are the pages the answers cite still the ones their authors read?

Visits every front-matter source URL once (and, with `--site`, every outbound link of a built site), with
bounded concurrency, a per-request timeout, retries and an on-disk cache, then writes a JSON report and
prints the answers with something to act on. It never changes content.

Exit status: 0 nothing to act on; 1 something to act on (a source changed, moved, gone or unreachable, or
an outbound link moved, gone or unreachable); 2 usage or configuration error (bad option, invalid content,
report not writable).
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..site import prepare  # the only piece of the generation code used here
from .cache import UTC, Cache
from .fetch import Fetched, Fetcher, Settings
from .links import outbound_links, own_url
from .report import Citation, Run, build_report
from .table import render

REWRITE_ENV = "FAQSITE_SOURCES_REWRITE"  # "https://learn.microsoft.com=http://127.0.0.1:8765 ..."


class SourceLike(Protocol):
    @property
    def url(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def date(self) -> datetime.date | None: ...


class QuestionLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def sources(self) -> Sequence[SourceLike]: ...


def citations(questions: Sequence[QuestionLike]) -> list[Citation]:
    return [Citation(q.id, f"docs/{q.path}", s.url, s.title, s.date) for q in questions for s in q.sources]


def load_citations(root: Path) -> list[Citation]:
    site = prepare(root / "docs", root / "data", "/", "check")
    return citations(site.content.questions)


@dataclass
class Options:
    root: Path
    site: Path | None
    report: Path
    cache: Cache
    concurrency: int
    settings: Settings
    skip: tuple[str, ...] = ()


def visit(urls: list[str], fetcher: Fetcher, cache: Cache, concurrency: int) -> tuple[dict[str, Fetched], int]:
    """Each URL once: from the cache when fresh, else fetched; returns the results and the number cached."""
    now = datetime.datetime.now(UTC)
    results: dict[str, Fetched] = {}
    todo: list[str] = []
    for url in urls:
        cached = cache.get(fetcher.physical(url), now)
        if cached is None:
            todo.append(url)
        else:
            results[url] = cached
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        for url, result in zip(todo, pool.map(fetcher.fetch, todo), strict=True):
            cache.put(fetcher.physical(url), result, datetime.datetime.now(UTC))
            results[url] = result
    return results, len(urls) - len(todo)


def check(options: Options, cites: list[Citation]) -> dict[str, Any]:
    """Visit the sources (and the site's outbound links) and build the report."""
    started, checked = time.monotonic(), datetime.datetime.now(UTC)
    links = outbound_links(options.site, options.skip) if options.site else {}
    urls = list(dict.fromkeys([c.url for c in cites] + list(links)))
    fetcher = Fetcher(options.settings)
    results, cached = visit(urls, fetcher, options.cache, options.concurrency)
    run = Run(checked, time.monotonic() - started, len(urls), cached, fetcher.requests)
    return build_report(cites, links, results, run)


def write_report(path: Path, report: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="faqsite sources", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=__doc__.split("\n\n", 2)[2])
    p.add_argument("root", nargs="?", type=Path, default=Path.cwd(), help="project root (default: here)")
    p.add_argument("--site", type=Path, help="also check every outbound link of this built site folder")
    p.add_argument("--report", type=Path, help="JSON report path (default: ROOT/.cache/sources/report.json)")
    p.add_argument("--cache", type=Path, help="cache folder (default: ROOT/.cache/sources)")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    p.add_argument("--max-age", type=float, default=24.0, metavar="HOURS", help="cache lifetime (default 24)")
    p.add_argument("--concurrency", type=int, default=8, help="requests at once (default 8)")
    p.add_argument("--per-host", type=int, default=4, help="requests at once to one host (default 4)")
    p.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS", help="per request (default 10)")
    p.add_argument("--retries", type=int, default=2, help="after a timeout, connection error or 5xx (default 2)")
    p.add_argument("--backoff", type=float, default=1.0, metavar="SECONDS", help="first retry delay, doubling")
    p.add_argument("--rewrite", action="append", default=[], metavar="FROM=TO",
                   help=f"fetch URLs starting FROM at TO instead (tests, mirrors); also ${REWRITE_ENV}")
    p.add_argument("--skip", action="append", default=[], metavar="PREFIX",
                   help="outbound links to leave out, besides the site's own address (its home page's "
                        "canonical URL, and $SITE_URL)")
    return p


def rewrites(values: list[str]) -> list[tuple[str, str]]:
    pairs = []
    for value in values + os.environ.get(REWRITE_ENV, "").split():
        cited, sep, fetched = value.partition("=")
        if not sep or not cited or not fetched:
            raise ValueError(f"--rewrite {value!r}: expected FROM=TO")
        pairs.append((cited, fetched))
    return pairs


def validate(args: argparse.Namespace) -> None:
    """Raise ValueError naming the first option out of range."""
    if args.concurrency < 1 or args.per_host < 1 or args.retries < 0:
        raise ValueError("--concurrency and --per-host must be at least 1, --retries at least 0")
    if args.timeout <= 0 or args.backoff < 0 or args.max_age < 0:
        raise ValueError("--timeout must be positive, --backoff and --max-age not negative")
    if args.site is not None and not args.site.is_dir():
        raise ValueError(f"--site {args.site}: not a folder")


def options_from(args: argparse.Namespace) -> Options:
    """Options from parsed arguments; ValueError names the first bad one."""
    validate(args)
    root: Path = args.root
    folder = None if args.no_cache else (args.cache or root / ".cache" / "sources")
    settings = Settings(args.timeout, args.retries, args.backoff, args.per_host, rewrites(args.rewrite))
    own = own_url(args.site) if args.site else None
    skip = tuple(prefix for prefix in (*args.skip, own, os.environ.get("SITE_URL")) if prefix)
    return Options(root, args.site, args.report or root / ".cache" / "sources" / "report.json",
                   Cache(folder, datetime.timedelta(hours=args.max_age)), args.concurrency, settings, skip)


def main(argv: list[str]) -> int:
    try:
        options = options_from(parser().parse_args(argv))
    except SystemExit as exit_:  # argparse: --help (0) or a usage error (2)
        return exit_.code if isinstance(exit_.code, int) else 2
    except ValueError as error:
        print(f"sources: {error}", file=sys.stderr)
        return 2
    try:
        cites = load_citations(options.root)
    except Exception as error:  # ContentError (or a missing project): its text lists every problem
        print(f"sources: cannot read the content of {options.root}: {error}", file=sys.stderr)
        return 2
    report = check(options, cites)
    try:
        write_report(options.report, report)
    except OSError as error:
        print(f"sources: cannot write the report: {error}", file=sys.stderr)
        return 2
    print(render(report, {c.answer: c.path for c in cites}), end="")
    print(f"report: {options.report}")
    return 1 if report["summary"]["act"] else 0
