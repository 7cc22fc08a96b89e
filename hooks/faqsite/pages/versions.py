"""The pages of an answer's versions: one stable address per review, the list of versions, and "Recently reviewed".

A version's address (`q/ENC-046/2026-11-28.md`, served at /q/ENC-046/2026-11-28/) always shows the answer as it
was reviewed that day. While that review is the current one, the answer's own page says exactly that, so the
address is a stub sending readers there (export.version_stubs; nginx does not make it a permanent redirect, since
the address becomes a page of its own later): rendering a second copy of every answer doubled the build. Once
the answer is reviewed again, the address becomes a version page with a banner linking to the current answer
and saying what changed since. Its body is the committed Markdown; its relative links are re-based from where
the page was then. A link to a page that no longer exists keeps its text only, and anchors are dropped (they may
no longer exist), so an old version never breaks the strict build.
"""
from __future__ import annotations

import posixpath
import re

from .. import paths
from ..load.content import Content
from ..load.versions import Version
from ..model import Question, Source, id_order
from .markup import NOT_INDEXED, link, long_date, md_text, render, trusted

# A label may run over a line break (not over a blank line, which ends the paragraph).
INLINE_LINK = re.compile(r"(!?)\[((?:[^\]\n]|\n(?![ \t]*\n))*)\]\(([^()\s]+)(\s+\"[^\"\n]*\")?\)")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#|/)", re.I)


def version_path(q: Question, v: Version) -> str:
    return paths.version_page(q.id, v.date.isoformat())


def is_current(q: Question, v: Version) -> bool:
    return v.date == q.reviewed


def superseded(q: Question, versions: list[Version]) -> list[Version]:
    """The versions with a page of their own: every review but the current one (module docstring)."""
    return [v for v in versions if not is_current(q, v)]


def rebase_links(body: str, from_page: str, to_page: str, known: frozenset[str]) -> str:
    """Relative links of a body written at from_page, made to work at to_page (see the module docstring)."""
    def rebase(match: re.Match[str]) -> str:
        image, label, target, title = match.group(1), match.group(2), match.group(3), match.group(4) or ""
        if EXTERNAL.match(target):
            return match.group(0)
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(from_page), target.partition("#")[0]))
        if image or resolved not in known:
            return label
        return f"[{label}]({link(to_page, resolved)}{title})"
    return INLINE_LINK.sub(rebase, body)


def source_lines(sources: tuple[Source, ...] | list[Source]) -> str:
    out = []
    for number, source in enumerate(sources, start=1):
        title = md_text(source.title)
        revision = f" (revision of {long_date(source.date)})" if source.date else ""
        out.append(f"{number}. " + (f"[{title}]({source.url})" if source.url else title) + revision)
    return "\n".join(out) or "None recorded."


def versions_list(from_page: str, q: Question, versions: list[Version], note: str) -> str:
    """Markdown: each version of the answer with its one-line change, newest first, and the note on missing history."""
    out = []
    for v in reversed(versions):
        current = " (current)" if is_current(q, v) else ""
        target = link(from_page, q.path if current else version_path(q, v))  # the current one is the answer
        out.append(f"- [{long_date(v.date)}]({target}){current}: {md_text(v.what_changed)}")
    if note:
        out += ["", f"*{md_text(note)}*"]
    return "\n".join(out)


def version_page(q: Question, v: Version, versions: list[Version], known: frozenset[str], note: str,
                 site_url: str) -> str:
    page = version_path(q, v)
    url = site_url + paths.page_url(page)
    meta = render("version-meta.html", qid=q.id, date=v.date.isoformat(), reviewed=long_date(v.date), url=url)
    later = [(long_date(x.date), x.what_changed) for x in versions if x.date > v.date]
    return render("version.md", q=q, v=v, meta=trusted(meta.rstrip("\n")), later=later, reviewed=long_date(v.date),
                  latest=long_date(q.reviewed), current_link=trusted(link(page, q.path)),
                  body=trusted(rebase_links(v.body, v.path, page, known).rstrip("\n")),
                  sources=trusted(source_lines(v.sources)), versions=trusted(versions_list(page, q, versions, note)),
                  not_indexed=trusted(NOT_INDEXED))


def version_pages(q: Question, versions: list[Version], known: frozenset[str], note: str,
                  site_url: str) -> dict[str, str]:
    """Docs-relative path -> Markdown of every version page of one answer: its superseded reviews."""
    return {version_path(q, v): version_page(q, v, versions, known, note, site_url) for v in superseded(q, versions)}


def recently_reviewed_page(content: Content, versions: dict[str, list[Version]], note: str) -> str:
    """Every version of every answer, newest review first, grouped by day; the template cuts a day into blocks."""
    page = paths.RECENTLY_REVIEWED
    entries = sorted(((v, q) for q in content.questions for v in versions.get(q.id, [])),
                     key=lambda item: (item[0].date, id_order(item[1].id)), reverse=True)
    days: list[tuple[str, list[dict[str, object]]]] = []  # (heading, reviews of that day)
    day = None
    for v, q in entries:
        if v.date != day:
            day = v.date
            days.append((long_date(day), []))
        days[-1][1].append({"label": f"{q.id}: {q.title}", "answer": trusted(link(page, q.path)),
                            "what": v.what_changed, "version": trusted(link(page, version_path(q, v))),
                            "current": is_current(q, v)})  # its address is a stub to the answer: no Markdown link
    return render("recently-reviewed.md", feed=trusted(paths.FEED), note=note, days=days,
                  not_indexed=trusted(NOT_INDEXED))
