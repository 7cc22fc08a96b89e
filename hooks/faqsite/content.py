"""Load and validate the questions and the vocabularies in data/.

Every problem is collected, none stops the loading early: the build reports them all at once.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from .frontmatter import FrontMatterError, parse
from .model import Problem, Question, RetiredId, Source, Tag, Topic, id_order

REQUIRED = ("id", "title", "summary", "tags", "theme", "sources", "reviewed", "since_2020")
OPTIONAL = ("changed", "keywords", "related", "aliases", "verdicts")
QUOTE_WORDS = 25
FACT = re.compile(r"\{\{\s*fact:([a-z0-9]+(?:-[a-z0-9]+)*)\s*\}\}")
ANY_FACT = re.compile(r"\{\{\s*fact:([^}]*)\}\}")
SINCE_2020 = ("unchanged", "corrected", "new")
SUMMARY_MAX = 320
# Three digits, or four from 1000 on: a topic can outgrow 999 questions, and ENC-0001 would shadow ENC-001.
ID_PATTERN = re.compile(r"^([A-Z]{2,5})-(\d{3}|[1-9]\d{3})$")


@dataclass
class Glossary:
    """Acronym -> (expansion, definition)."""

    terms: dict[str, tuple[str, str]]


@dataclass
class Content:
    """Everything the site is generated from."""

    questions: list[Question]
    tags: dict[str, Tag]
    topics: dict[str, Topic]
    retired: dict[str, RetiredId]
    ledger: dict[str, str]
    glossary: Glossary
    facts: dict[str, str]  # key -> the fact's text, filled in wherever a page writes {{ fact:key }}
    data: dict[str, Any]  # other data files by stem (comparison, requirements, site, blog-2020-map, ...)
    problems: list[Problem] = field(default_factory=list)
    unloaded_ids: set[str] = field(default_factory=set)  # IDs of pages that failed validation

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}


def read_yaml(path: Path, problems: list[Problem], root: Path) -> Any:
    name = rel(path, root)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except FileNotFoundError:
        problems.append(Problem(name, "(file)", "missing data file"))
    except UnicodeDecodeError as error:
        problems.append(Problem(name, "(file)", f"not UTF-8 text ({error.reason} at byte {error.start})"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problems.append(Problem(name, "(file)", f"malformed YAML: {getattr(error, 'problem', error)}",
                                mark.line + 1 if mark else None))
    return {}


def rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_tags(raw: dict[str, Any], name: str, problems: list[Problem]) -> dict[str, Tag]:
    tags: dict[str, Tag] = {}
    for slug, entry in raw.items():
        if not isinstance(entry, dict) or not entry.get("label") or not entry.get("description"):
            problems.append(Problem(name, f"{slug}", "a tag needs a label and a description"))
            continue
        tags[slug] = Tag(slug, str(entry["label"]), str(entry.get("group", "other")), str(entry["description"]),
                         tuple(str(k) for k in entry.get("keywords", []) or []))
    return tags


def load_topics(raw: dict[str, Any], name: str, problems: list[Problem]) -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    for slug, entry in raw.items():
        if not isinstance(entry, dict) or not all(entry.get(k) for k in ("prefix", "title", "themes")):
            problems.append(Problem(name, f"{slug}", "a topic needs a prefix, a title and themes"))
            continue
        topics[slug] = Topic(slug, str(entry["prefix"]), str(entry["title"]), str(entry.get("description", "")),
                             {str(k): str(v) for k, v in entry["themes"].items()})
    return topics


def load_retired(raw: dict[str, Any], name: str, problems: list[Problem]) -> dict[str, RetiredId]:
    retired: dict[str, RetiredId] = {}
    for qid, entry in raw.items():
        if not isinstance(entry, dict) or not entry.get("reason") or not isinstance(entry.get("retired"), datetime.date):
            problems.append(Problem(name, f"{qid}", "a retired ID needs a reason and a retired date (YYYY-MM-DD)"))
            continue
        retired[qid] = RetiredId(qid, str(entry["reason"]), entry.get("successor"), entry["retired"])
    return retired


def load_glossary(raw: dict[str, Any], name: str, problems: list[Problem]) -> Glossary:
    terms: dict[str, tuple[str, str]] = {}
    for term, entry in raw.items():
        if not isinstance(entry, dict) or not entry.get("expansion") or not entry.get("definition"):
            problems.append(Problem(name, f"{term}", "a glossary term needs an expansion and a definition"))
            continue
        terms[str(term)] = (str(entry["expansion"]), str(entry["definition"]))
    return Glossary(terms)


def load_facts(raw: Any, name: str, problems: list[Problem]) -> dict[str, str]:
    """data/facts.yml: a fact several pages state (a date, a limit), written once: key -> {text, source}."""
    facts: dict[str, str] = {}
    if not isinstance(raw, dict):
        problems.append(Problem(name, "(file)", "must be a mapping of fact keys to {text, source, note}"))
        return facts
    for key, entry in raw.items():
        key = str(key)
        if not FACT.fullmatch("{{ fact:" + key + " }}"):
            problems.append(Problem(name, key, "a fact key is lower-case letters and digits joined by hyphens"))
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str) or not entry["text"].strip():
            problems.append(Problem(name, key, "a fact needs a text"))
            continue
        unknown = set(entry) - {"text", "source", "note"}
        if unknown:
            problems.append(Problem(name, key, f"unknown field(s) {', '.join(sorted(map(str, unknown)))}"))
            continue
        facts[key] = " ".join(entry["text"].split())
    return facts


def fill_facts(text: str, facts: dict[str, str]) -> str:
    """Text with every {{ fact:key }} replaced by the fact (unknown keys are reported by check_facts)."""
    return FACT.sub(lambda m: facts.get(m.group(1), m.group(0)), text)


def unknown_facts(text: str, facts: dict[str, str]) -> list[tuple[str, int]]:
    """(marker, line) for each fact marker in the text that names no fact."""
    found = []
    for match in ANY_FACT.finditer(text):
        key = match.group(1).strip()
        if key not in facts:
            found.append((key, text.count("\n", 0, match.start()) + 1))
    return found


def load(docs_dir: Path, data_dir: Path, today: datetime.date | None = None) -> Content:
    """Read data/ and every question file in the topic folders under docs/; validate all of it."""
    root = data_dir.parent
    problems: list[Problem] = []

    def data(stem: str) -> Any:
        return read_yaml(data_dir / f"{stem}.yml", problems, root)

    tags = load_tags(data("tags"), "data/tags.yml", problems)
    topics = load_topics(data("topics"), "data/topics.yml", problems)
    retired = load_retired(data("retired"), "data/retired.yml", problems)
    ledger = {str(k): str(v) for k, v in data("ids").items()}
    glossary = load_glossary(data("glossary"), "data/glossary.yml", problems)
    facts = load_facts(data("facts") if (data_dir / "facts.yml").exists() else {}, "data/facts.yml", problems)
    other = {p.stem: read_yaml(p, problems, root) for p in sorted(data_dir.glob("*.yml"))
             if p.stem not in {"tags", "topics", "retired", "ids", "glossary", "facts"}}

    questions: list[Question] = []
    unloaded: set[str] = set()
    for topic in topics.values():
        for path in sorted((docs_dir / topic.slug).glob("*.md")):
            if path.name == "index.md":
                continue
            question = load_question(path, docs_dir, topic, tags, problems, today or datetime.date.today(), unloaded,
                                     facts)
            if question:
                questions.append(question)
    questions.sort(key=lambda q: id_order(q.id))
    content = Content(questions, tags, topics, retired, ledger, glossary, facts, other, problems, unloaded)
    check_identity(content)
    return content


def load_question(path: Path, docs_dir: Path, topic: Topic, tags: dict[str, Tag],
                  problems: list[Problem], today: datetime.date, unloaded: set[str],
                  facts: dict[str, str] | None = None) -> Question | None:
    """One question page; None (with its problems recorded) when it is not valid."""
    name = "docs/" + rel(path, docs_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(name, "(file)", f"not UTF-8 text ({error.reason} at byte {error.start})"))
        return None
    try:
        parsed = parse(text)
    except FrontMatterError as error:
        problems.append(Problem(name, "(front matter)", str(error), error.line))
        claimed = re.search(r"^id:\s*([A-Z]+-\d+)\s*$", text, re.M)
        if claimed:
            unloaded.add(claimed.group(1))
        return None
    meta, lines = parsed.meta, parsed.lines
    found: list[Problem] = []

    def bad(key: str, message: str) -> None:
        found.append(Problem(name, key, message, lines.get(key)))

    for key in meta:
        if key not in REQUIRED and key not in OPTIONAL:
            bad(key, f"unknown front-matter key (allowed: {', '.join(REQUIRED + OPTIONAL)})")
    for key in REQUIRED:
        if meta.get(key) in (None, "", [], {}):
            found.append(Problem(name, key, "required field is missing or empty", lines.get(key)))

    qid = str(meta.get("id") or "")
    match = ID_PATTERN.match(qid)
    if qid and not match:
        bad("id", f"'{qid}' is not an ID like {topic.prefix}-001 (prefix, hyphen, three digits; four from 1000 on)")
    elif match and match.group(1) != topic.prefix:
        bad("id", f"'{qid}' must start with {topic.prefix}- in the {topic.slug} folder")

    for key in ("title", "summary", "changed"):
        if key in meta and meta[key] is not None and not isinstance(meta[key], str):
            bad(key, "must be text")
    title = str(meta.get("title") or "").strip()
    if title and not title.endswith("?"):
        bad("title", "a question title ends with '?'")
    facts = facts or {}
    for key in ("summary", "changed"):
        for marker, _ in unknown_facts(str(meta.get(key) or ""), facts):
            bad(key, f"unknown fact '{marker}' (not in data/facts.yml)")
    summary = " ".join(fill_facts(str(meta.get("summary") or ""), facts).split())
    if len(summary) > SUMMARY_MAX:
        bad("summary", f"{len(summary)} characters; the short answer is at most {SUMMARY_MAX}")

    tag_list = string_list(meta.get("tags"), "tags", bad)
    for tag in tag_list:
        if tag not in tags:
            bad("tags", f"unknown tag '{tag}' (not in data/tags.yml)")
    if len(set(tag_list)) != len(tag_list):
        bad("tags", "a tag is listed twice")

    theme = str(meta.get("theme") or "")
    if theme and theme not in topic.themes:
        bad("theme", f"unknown theme '{theme}' for topic {topic.slug} (one of: {', '.join(topic.themes)})")

    sources = load_sources(meta.get("sources"), bad)

    reviewed = meta.get("reviewed")
    if reviewed not in (None, "") and not (isinstance(reviewed, datetime.date) and not isinstance(reviewed, datetime.datetime)):
        bad("reviewed", f"'{reviewed}' is not a date (YYYY-MM-DD)")
        reviewed = None
    elif isinstance(reviewed, datetime.date) and reviewed > today:
        bad("reviewed", f"{reviewed} is in the future (today is {today})")

    since = meta.get("since_2020")
    if since not in (None, "") and since not in SINCE_2020:
        bad("since_2020", f"'{since}' is not one of {', '.join(SINCE_2020)}")
    changed = " ".join(fill_facts(str(meta.get("changed") or ""), facts).split())
    if since in ("corrected", "new") and not changed:
        bad("changed", f"required when since_2020 is '{since}': say what the 2020 post said or missed")

    related = string_list(meta.get("related"), "related", bad)
    if qid in related:
        bad("related", "a question cannot be related to itself")
    aliases = [normalise_alias(a) for a in string_list(meta.get("aliases"), "aliases", bad)]
    keywords = string_list(meta.get("keywords"), "keywords", bad)
    verdicts = load_verdicts(meta.get("verdicts"), bad)
    body_start = parsed.body_line
    for marker, line in unknown_facts(parsed.body, facts):
        found.append(Problem(name, "(body)", f"unknown fact '{marker}' (not in data/facts.yml)", body_start + line - 1))

    problems.extend(found)
    if found:
        unloaded.add(qid)
        return None
    return Question(id=qid, title=title, summary=summary, tags=tag_list, theme=theme, sources=sources,
                    reviewed=reviewed, since_2020=since, path=rel(path, docs_dir), topic=topic.slug,
                    changed=changed, keywords=keywords, related=related, aliases=aliases, verdicts=verdicts,
                    body=parsed.body)


def string_list(value: Any, key: str, bad) -> list[str]:
    if value in (None, ""):
        return []
    # A bare 2028 in YAML is a number: accept numbers as text, but not mappings, lists or booleans.
    if not isinstance(value, list) or not all(
            isinstance(v, (str, int, float)) and not isinstance(v, bool) and str(v).strip() for v in value):
        bad(key, "must be a list of non-empty texts")
        return []
    return [str(v).strip() for v in value]


def load_verdicts(value: Any, bad) -> dict[str, dict[str, str]]:
    """`verdicts: {property: {option: value}}`: what this answer says for cells of the comparison."""
    if value in (None, "", {}):
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, dict) and v for v in value.values()):
        bad("verdicts", "must map comparison properties to {option: value} mappings")
        return {}
    verdicts: dict[str, dict[str, str]] = {}
    for prop, cells in value.items():
        row: dict[str, str] = {}
        for option, verdict in cells.items():
            if isinstance(verdict, bool):
                verdict = "yes" if verdict else "no"
            if not isinstance(verdict, str) or not verdict.strip():
                bad("verdicts", f"{prop}/{option}: the verdict must be text such as \"yes\"")
                continue
            row[str(option)] = " ".join(verdict.split()).lower()
        verdicts[str(prop)] = row
    return verdicts


def load_quote(entry: dict[str, Any], number: int, bad) -> str | None:
    quote = entry.get("quote")
    if quote is None:
        return ""
    if not isinstance(quote, str) or not quote.strip():
        bad("sources", f"entry {number}: quote must be text (a sentence of the source)")
        return None
    words = len(quote.split())
    if words > QUOTE_WORDS:
        bad("sources", f"entry {number}: the quote has {words} words; quote at most {QUOTE_WORDS}")
        return None
    return " ".join(quote.split())


def load_sources(value: Any, bad) -> list[Source]:
    if not value:
        return []
    if not isinstance(value, list):
        bad("sources", "must be a list of {title, url} entries")
        return []
    sources: list[Source] = []
    for number, entry in enumerate(value, start=1):
        if isinstance(entry, str):
            entry = {"url": entry}
        if not isinstance(entry, dict):
            bad("sources", f"entry {number} must be a URL or a {{title, url}} mapping")
            continue
        url = str(entry.get("url") or "")
        if not re.match(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/\S*)?$", url):
            bad("sources", f"entry {number}: '{url}' is not an https URL")
            continue
        date = entry.get("date")
        if date is not None and not isinstance(date, datetime.date):
            bad("sources", f"entry {number}: date '{date}' is not a date (YYYY-MM-DD)")
            continue
        unknown = set(entry) - {"url", "title", "date", "quote", "unverified"}
        if unknown:
            bad("sources", f"entry {number}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
            continue
        quote = load_quote(entry, number, bad)
        unverified = entry.get("unverified") or ""
        if not isinstance(unverified, str):
            bad("sources", f"entry {number}: unverified must say what could not be checked")
            continue
        if quote is None:
            continue
        sources.append(Source(url=url, title=str(entry.get("title") or url), date=date, quote=quote,
                              unverified=" ".join(unverified.split())))
    return sources


def normalise_alias(alias: str) -> str:
    """'disk-encryption/old.md', '/disk-encryption/old/' -> 'disk-encryption/old/'."""
    alias = alias.strip().lstrip("/")
    if alias.endswith(".md"):
        alias = alias[: -len(".md")]
        if alias.endswith("/index") or alias == "index":
            alias = alias[: -len("index")]
    if alias and not alias.endswith("/"):
        alias += "/"
    return alias


def check_identity(content: Content) -> None:
    """IDs are unique, never reused and recorded in data/ids.yml."""
    problems = content.problems
    seen: dict[str, Question] = {}
    for q in content.questions:
        name = f"docs/{q.path}"
        if q.id in seen:
            problems.append(Problem(name, "id", f"duplicate ID {q.id}, also used by docs/{seen[q.id].path}"))
        seen[q.id] = q
        if q.id in content.retired:
            problems.append(Problem(name, "id", f"{q.id} is retired (data/retired.yml); IDs are never reused"))
        first_path = content.ledger.get(q.id)
        if first_path is None:
            problems.append(Problem(name, "id", f"{q.id} is not in data/ids.yml; add the line '{q.id}: {q.path}'"))
        elif first_path != q.path and normalise_alias(first_path) not in q.aliases:
            problems.append(Problem(name, "id", f"{q.id} was issued to {first_path}; a renamed page lists its old "
                                                f"path in aliases, a new question takes a new ID"))
        for related in q.related:
            if related not in content.by_id and related not in content.unloaded_ids:
                problems.append(Problem(name, "related", f"unknown question ID '{related}'"))
    for qid in content.ledger:
        if qid not in seen and qid not in content.retired and qid not in content.unloaded_ids:
            problems.append(Problem("data/ids.yml", qid, "no page has this ID and it is not in data/retired.yml"))
    for qid, entry in content.retired.items():
        if entry.successor and entry.successor not in seen:
            problems.append(Problem("data/retired.yml", qid, f"successor '{entry.successor}' is not a question ID"))


def check_aliases(content: Content, page_urls: set[str]) -> None:
    """An alias takes no URL that a page (written or generated), a short link or another alias has."""
    claimed: dict[str, str] = {}
    for q in content.questions:
        for alias in q.aliases:
            if alias in page_urls or alias.startswith("q/"):
                content.problems.append(Problem(f"docs/{q.path}", "aliases", f"'{alias}' is the URL of an existing page"))
            elif alias in claimed:
                content.problems.append(Problem(f"docs/{q.path}", "aliases",
                                                f"'{alias}' is also an alias of {claimed[alias]}"))
            claimed[alias] = q.id
