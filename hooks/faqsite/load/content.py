"""Load and validate the questions and the vocabularies in data/.

Every problem is collected, none stops the loading early: the build reports them all at once. Loading only
loads and validates; it knows nothing of pages or exports.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .. import paths
from ..model import Glossary, PostEntry, Problem, Question, RetiredId, Source, Tag, Topic, id_order
from .fields import SLUG, Entry, entries, folded, slug_problem
from .frontmatter import FrontMatterError, load_yaml, parse
from .history import History, check_history, historical_aliases
from .matrix import diagram_marker_problems
from .safety import body_problems, source_url_problem, without_code

REQUIRED = ("id", "title", "summary", "tags", "theme", "sources", "reviewed", "since_2020")
OPTIONAL = ("changed", "keywords", "related", "aliases", "verdicts")
SINCE_2020 = ("unchanged", "corrected", "new")
SUMMARY_MAX = 320
TITLE_MAX = 200
KEYWORDS_MAX = 20
PAGE_MAX = 200_000  # bytes of one question file
DATA_MAX = 2_000_000  # bytes of one data file
QUOTE_WORDS = 25
# Three digits, or four from 1000 on: a topic can outgrow 999 questions, and ENC-0001 would shadow ENC-001.
ID_PATTERN = re.compile(r"([A-Z]{2,5})-(\d{3}|[1-9]\d{3})\Z")
FACT = re.compile(r"\{\{\s*fact:([a-z0-9]+(?:-[a-z0-9]+)*)\s*\}\}")
QUESTION_ID_LINE = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?:(?!---[ \t]*\r?$).*\n)*?id:", re.M)
# A level-1 heading in a body (ATX '# ' or a setext '===' underline): the build gives a question its one H1.
BODY_H1 = re.compile(r"^ {0,3}#(?:[ \t]|$)|^[^\n]*\S[^\n]*\n {0,3}=+[ \t]*$", re.M)
ANY_FACT = re.compile(r"\{\{\s*fact:([^}]*)\}\}")
# Slugs that would take over a page the build generates (tags/index.md, q/...): refused for tags and topics.
RESERVED_SLUGS = frozenset({"index", "tags", "q", "assets", "search", "comparison", "decision-guide", "glossary",
                            "what-changed", "all-questions", "retired", "controls", "coverage", "about",
                            "corrections", "review-status", "recently-reviewed", "exports", "404"})
# NUL and the other C0/C1 controls but tab and line breaks: never text, and a NUL would be published as is.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A question's file name is its URL: lower-case letters, digits and hyphens ("Draft (2).md" would not link).
PAGE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.md\Z")
# Editor backups and temporary files, which MkDocs would publish as they are.
LEFTOVER = re.compile(r"(~|\.swp|\.swo|\.bak|\.orig|\.rej|\.tmp)\Z|\A#.*#\Z")
# An acronym: at least two capitals (SSE, vTPM), so that a word such as 'the' is not wrapped on every page.
ACRONYM = re.compile(r"(?=(?:[^A-Z]*[A-Z]){2})[A-Za-z0-9][A-Za-z0-9.+/-]{0,19}\Z")
DEFAULT_SOURCE_HOSTS = ("learn.microsoft.com", "docs.microsoft.com", "azure.microsoft.com", "github.com")
# data/site.yml report_url: what the build fills in, and the characters a URL may carry unencoded here.
REPORT_PLACEHOLDERS = ("id", "url", "reviewed")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
SAFE_URL = re.compile(r"(?:https://[A-Za-z0-9.-]+(?::\d+)?(?:/|\?|#|\Z)|mailto:)[A-Za-z0-9._~:/?#@!$&*+,;=%-]*\Z")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\Z")


@dataclass
class Content:
    """Everything the site is generated from, validated."""

    questions: list[Question]
    tags: dict[str, Tag]
    topics: dict[str, Topic]
    retired: dict[str, RetiredId]
    ledger: dict[str, str]
    glossary: Glossary
    facts: dict[str, str]  # key -> the fact's text, filled in wherever a page writes {{ fact:key }}
    featured: list[str] = field(default_factory=list)
    post_map: list[PostEntry] = field(default_factory=list)
    site: dict[str, Any] = field(default_factory=dict)  # data/site.yml, read by the pages that use its settings
    retired_urls: dict[str, list[str]] = field(default_factory=dict)  # retired ID -> URLs its page had (git)

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}


@dataclass
class Loaded:
    """The content, the raw data files the later loaders read, and the problems found on the way."""

    content: Content
    data: dict[str, Any]
    problems: list[Problem]
    unloaded_ids: set[str]  # IDs of pages that failed validation: reported once, not again by every reference


# ---------------------------------------------------------------- files

def relative_name(path: Path, root: Path) -> str:
    """A path as problems name it: relative to the project root when it is inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_text(path: Path, name: str, problems: list[Problem], limit: int) -> str | None:
    """A file's UTF-8 text (a byte-order mark accepted); None with a problem when it cannot be read."""
    try:
        if path.is_symlink():
            problems.append(Problem(name, "(file)", "a symbolic link: put the file itself here"))
            return None
        data = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(name, "(file)", "missing data file"))
        return None
    except OSError as error:
        problems.append(Problem(name, "(file)", f"cannot be read ({error.strerror or error})"))
        return None
    if len(data) > limit:
        problems.append(Problem(name, "(file)", f"{len(data):,} bytes; at most {limit:,}"))
        return None
    try:
        text = data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        problems.append(Problem(name, "(file)", f"not UTF-8 text ({error.reason} at byte {error.start})"))
        return None
    control = CONTROL_CHARACTER.search(text)
    if control:
        problems.append(Problem(name, "(file)", f"a control character (U+{ord(control.group()):04X}) is not text",
                                text.count("\n", 0, control.start()) + 1))
        return None
    return text


def read_yaml(path: Path, problems: list[Problem], root: Path) -> tuple[Any, dict[str, int]]:
    name = relative_name(path, root)
    text = read_text(path, name, problems, DATA_MAX)
    if text is None:
        return {}, {}
    try:
        value, lines = load_yaml(text)
    except FrontMatterError as error:
        problems.append(Problem(name, "(file)", str(error), error.line))
        return {}, {}
    return (value if value is not None else {}), lines


# ---------------------------------------------------------------- vocabularies

def load_tags(raw: Any, lines: dict[str, int], name: str, problems: list[Problem]) -> dict[str, Tag]:
    tags: dict[str, Tag] = {}
    for slug, e in entries(raw, name, problems, lines=lines):
        e.only(("label", "group", "description", "keywords"))
        problem = slug_problem(slug, "tag") or reserved(slug)
        label, description = e.text("label"), e.text("description")
        group = e.text("group", required=False) or "other"
        keywords = e.texts("keywords")
        if problem:
            e.bad("(key)", problem)
        elif label and description:
            tags[slug] = Tag(slug, label, group, description, keywords)
    return tags


def load_topics(raw: Any, lines: dict[str, int], name: str, problems: list[Problem]) -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    for slug, e in entries(raw, name, problems, lines=lines):
        e.only(("prefix", "title", "description", "themes"))
        problem = slug_problem(slug, "topic") or reserved(slug)
        prefix, title = e.text("prefix"), e.text("title")
        if prefix and not re.fullmatch(r"[A-Z]{2,5}", prefix):
            e.bad("prefix", f"'{prefix}' is not 2-5 capital letters")
        themes: dict[str, str] = {}
        for theme, label in e.mapping("themes").items():
            text = label if isinstance(label, str) and SLUG.match(str(theme)) else ""
            if not text:
                e.bad("themes", f"theme '{theme}' needs a slug key and a text label")
            themes[str(theme)] = folded(text)
        if not themes:
            e.bad("themes", "required field is missing or empty")
        if problem:
            e.bad("(key)", problem)
        elif prefix and title and themes:
            topics[slug] = Topic(slug, prefix, title, e.text("description", required=False), themes)
    return topics


def load_retired(raw: Any, lines: dict[str, int], name: str, problems: list[Problem]) -> dict[str, RetiredId]:
    retired: dict[str, RetiredId] = {}
    for qid, e in entries(raw, name, problems, lines=lines):
        e.only(("reason", "successor", "retired"))
        reason, successor, day = e.text("reason"), e.text("successor", required=False), e.date("retired")
        if not ID_PATTERN.match(qid):
            e.bad("(key)", f"'{qid}' is not a question ID like ENC-001")
        elif reason and day:
            retired[qid] = RetiredId(qid, reason, successor or None, day)
    return retired


def load_glossary(raw: Any, lines: dict[str, int], name: str, problems: list[Problem]) -> Glossary:
    terms: dict[str, tuple[str, str]] = {}
    for term, e in entries(raw, name, problems, lines=lines):
        e.only(("expansion", "definition"))
        expansion, definition = e.text("expansion"), e.text("definition")
        if not ACRONYM.match(term):
            e.bad("(key)", f"'{term}' is not an acronym (letters, digits, '.', '+', '/', '-'; two capitals or more)")
        elif expansion and definition:
            terms[term] = (expansion, definition)
    return Glossary(terms)


def load_facts(raw: Any, lines: dict[str, int], name: str, problems: list[Problem]) -> dict[str, str]:
    """data/facts.yml: a fact several pages state (a date, a limit), written once: key -> {text, source}."""
    facts: dict[str, str] = {}
    for key, e in entries(raw, name, problems, lines=lines):
        e.only(("text", "source", "note"))
        text = e.text("text")
        problem = slug_problem(key, "fact")
        if problem:
            e.bad("(key)", problem)
        elif text:
            facts[key] = text
    return facts


def load_ledger(raw: Any, name: str, problems: list[Problem]) -> dict[str, str]:
    if not isinstance(raw, dict):
        problems.append(Problem(name, "(file)", "must be a mapping of question IDs to their first path"))
        return {}
    ledger: dict[str, str] = {}
    for qid, path in raw.items():
        if not ID_PATTERN.match(str(qid)) or not isinstance(path, str):
            problems.append(Problem(name, str(qid), "a line is 'ID: topic/file.md'"))
            continue
        ledger[str(qid)] = path
    return ledger


def reserved(slug: str) -> str:
    return f"'{slug}' is reserved for a page the build generates" if slug in RESERVED_SLUGS else ""


def load_site_settings(raw: Any, lines: dict[str, int], problems: list[Problem]) -> dict[str, Any]:
    name = "data/site.yml"
    if not isinstance(raw, dict):
        if raw not in (None, ""):
            problems.append(Problem(name, "(file)", "must be a mapping of settings"))
        raw = {}
    e = Entry(name, "", raw, problems, lines)
    settings = dict(raw)
    settings["featured"] = list(e.texts("featured"))
    hosts = e.texts("source_hosts") or DEFAULT_SOURCE_HOSTS
    settings["source_hosts"] = tuple(h.lower() for h in hosts)
    settings["maintainer"] = read_maintainer(e)
    settings["review_interval_months"] = read_review_interval(e)
    settings["report_url"] = read_report_url(e)
    return settings


def read_maintainer(e: Entry) -> dict[str, str]:
    """`maintainer: {name, contact}`: who answers for the site; contact is an e-mail address or an https URL."""
    raw = e.mapping("maintainer")
    if not raw:
        return {}
    m = e.sub("maintainer", raw)
    m.only(("name", "contact"))
    name, contact = m.text("name", max_length=TITLE_MAX), m.text("contact", max_length=TITLE_MAX)
    if contact and not (EMAIL.match(contact) or SAFE_URL.match(contact) and contact.startswith("https://")):
        m.bad("contact", f"'{contact}' is neither an e-mail address nor an https URL")
        return {}
    return {"name": name, "contact": contact} if name and contact else {}


def read_review_interval(e: Entry) -> int | None:
    """`review_interval_months`: how often every answer is checked against its sources again (1-60)."""
    text = e.text("review_interval_months", required=False)
    if text and not (text.isdigit() and 1 <= int(text) <= 60):
        e.bad("review_interval_months", f"'{text}' is not a whole number of months from 1 to 60")
        return None
    return int(text) if text else None


def read_report_url(e: Entry) -> str:
    """`report_url`: the "Report a problem" link as an https or mailto URL with {id}, {url} and {reviewed}.

    The characters allowed are those a URL needs, without '(', ')', '<', '>', quotes, brackets or spaces, so the
    filled link (its values percent-encoded) is safe as a Markdown link target and as an HTML attribute.
    """
    url = e.text("report_url", required=False, max_length=2000)
    if not url:
        return ""
    unknown = sorted(set(PLACEHOLDER.findall(url)) - set(REPORT_PLACEHOLDERS))
    if not url.startswith(("https://", "mailto:")):
        e.bad("report_url", f"'{url[:60]}' must start with https:// or mailto:")
    elif unknown:
        e.bad("report_url", f"unknown placeholder {{{unknown[0]}}} (placeholders: "
                            f"{', '.join('{' + p + '}' for p in REPORT_PLACEHOLDERS)})")
    elif not SAFE_URL.match(PLACEHOLDER.sub("x", url)):
        e.bad("report_url", "only a URL's own characters (letters, digits, - . _ ~ : / ? # @ ! $ & * + , ; = %) "
                            "and placeholders; percent-encode spaces and the rest")
    else:
        return url
    return ""


def load_post_map(raw: Any, ids: set[str], problems: list[Problem]) -> list[PostEntry]:
    name = "data/blog-2020-map.yml"
    if not isinstance(raw, list):
        if raw not in (None, {}, []):
            problems.append(Problem(name, "(file)", "must be a list of {asked, answers} entries"))
        return []
    found: list[PostEntry] = []
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            problems.append(Problem(name, f"entry {number}", "needs 'asked' and 'answers'"))
            continue
        e = Entry(name, f"entry {number}", item, problems)
        e.only(("asked", "answers"))
        asked, answers = e.text("asked"), e.texts("answers", required=True)
        for qid in answers:
            if qid not in ids:
                problems.append(Problem(name, f"entry {number}", f"unknown question ID '{qid}'"))
        if asked and answers:
            found.append(PostEntry(asked, answers))
    return found


# ---------------------------------------------------------------- the whole content

def load(docs_dir: Path, data_dir: Path, today: datetime.date | None = None,
         history: History | None = None) -> Loaded:
    """Read data/ and every question file in the topic folders under docs/; validate all of it.

    With the git `history` of data/ids.yml and docs/, IDs are also checked against every ID ever issued, and every
    path a question had redirects to it.
    """
    root = data_dir.parent
    problems: list[Problem] = []
    raw: dict[str, Any] = {}
    lines: dict[str, dict[str, int]] = {}
    for path in sorted(data_dir.glob("*.yml")):
        raw[path.stem], lines[path.stem] = read_yaml(path, problems, root)
    for stem in ("tags", "topics", "ids", "glossary", "comparison", "requirements"):
        if stem not in raw:
            problems.append(Problem(f"data/{stem}.yml", "(file)", "missing data file"))

    def vocabulary(stem: str, loader: Any) -> Any:
        return loader(raw.get(stem, {}), lines.get(stem, {}), f"data/{stem}.yml", problems)

    facts = vocabulary("facts", load_facts)
    for stem in raw:
        if stem != "facts":
            raw[stem] = fill_data(raw[stem], facts, f"data/{stem}.yml", problems)
    tags, topics = vocabulary("tags", load_tags), vocabulary("topics", load_topics)
    site = load_site_settings(raw.get("site", {}), lines.get("site", {}), problems)
    content = Content([], tags, topics, vocabulary("retired", load_retired),
                      load_ledger(raw.get("ids", {}), "data/ids.yml", problems),
                      vocabulary("glossary", load_glossary), facts, site=site)
    unloaded: set[str] = set()
    context = QuestionContext(docs_dir, tags, content.facts, site["source_hosts"], today or datetime.date.today())
    content.questions = load_questions(topics, context, problems, unloaded)
    content.questions.sort(key=lambda q: id_order(q.id))
    ids = {q.id for q in content.questions} | unloaded
    content.featured = [qid for qid in site["featured"] if known(qid, ids, "data/site.yml", "featured", problems)]
    content.post_map = load_post_map(raw.get("blog-2020-map"), ids, problems)
    check_ids(content, history or History(complete=False), unloaded, context.today, problems)
    return Loaded(content, raw, problems, unloaded)


def load_questions(topics: dict[str, Topic], context: QuestionContext, problems: list[Problem],
                   unloaded: set[str]) -> list[Question]:
    """The valid questions of every topic folder; pages anywhere else under docs/ are reported."""
    found: list[Question] = []
    for topic in topics.values():
        for path in question_files(context.docs_dir / topic.slug, context.docs_dir, problems):
            question = load_question(path, topic, context, problems, unloaded)
            if question:
                found.append(question)
    check_stray_pages(context.docs_dir, topics, problems)
    return found


def known(qid: str, ids: set[str], file: str, key: str, problems: list[Problem]) -> bool:
    if qid in ids:
        return True
    problems.append(Problem(file, key, f"unknown question ID '{qid}'"))
    return False


def question_files(folder: Path, docs_dir: Path, problems: list[Problem]) -> list[Path]:
    """The question files of a topic folder: regular .md files; a symlink or a folder named *.md is a problem."""
    found: list[Path] = []
    for path in sorted(folder.glob("*.md")):
        name = "docs/" + relative_name(path, docs_dir)
        if path.is_symlink():
            problems.append(Problem(name, "(file)", "a symbolic link: docs/ holds files, never links to them"))
        elif not path.is_file():
            problems.append(Problem(name, "(file)", "not a file: a folder cannot be named like a page"))
        elif path.name != "index.md" and not PAGE_NAME.match(path.name):
            problems.append(Problem(name, "(file)", "a question's file name is its URL: lower-case letters, digits "
                                                    "and hyphens, ending in .md"))
        elif path.name != "index.md":
            found.append(path)
    return found


def check_stray_pages(docs_dir: Path, topics: dict[str, Topic], problems: list[Problem]) -> None:
    """Pages outside the registered topic folders would ship unvalidated; symlinks would publish what they point at."""
    for path in sorted(docs_dir.rglob("*")):
        relative = path.relative_to(docs_dir)
        problem = stray_problem(path, relative.parts, topics)
        if problem:
            problems.append(Problem(f"docs/{relative.as_posix()}", "(file)", problem))


def stray_problem(path: Path, parts: tuple[str, ...], topics: dict[str, Topic]) -> str:
    """Why a file under docs/ may not be published as it is; '' when it may."""
    in_topic = parts[0] in topics
    if path.is_symlink():  # topic folders report their own, once
        return "" if in_topic and len(parts) == 2 else "a symbolic link: docs/ holds files, never links to them"
    if any(part.startswith(".") for part in parts):
        return ""  # MkDocs publishes no dotfile (exclude_docs)
    if LEFTOVER.search(parts[-1]) and path.is_file():
        return "an editor backup or temporary file: it would be published as it is"
    if path.suffix != ".md" or not path.is_file():
        return ""
    if in_topic and len(parts) > 2:
        return f"a page in a sub-folder of the topic {parts[0]}: questions are files directly in the topic folder"
    if not in_topic and len(parts) > 1:
        return (f"a page outside the topic folders of data/topics.yml ({', '.join(topics)}): it would be published "
                "unvalidated")
    if len(parts) == 1 and QUESTION_ID_LINE.search(path.read_text(encoding="utf-8", errors="replace")[:4000]):
        return "a question outside the topic folders: move it into its topic's folder, where it is validated"
    return ""


# ---------------------------------------------------------------- one question

@dataclass(frozen=True)
class QuestionContext:
    docs_dir: Path
    tags: dict[str, Tag]
    facts: dict[str, str]
    source_hosts: tuple[str, ...]
    today: datetime.date


def load_question(path: Path, topic: Topic, context: QuestionContext, problems: list[Problem],
                  unloaded: set[str]) -> Question | None:
    """One question page; None (with its problems recorded) when it is not valid."""
    name = "docs/" + relative_name(path, context.docs_dir)
    text = read_text(path, name, problems, PAGE_MAX)
    if text is None:
        return None
    try:
        parsed = parse(text)
    except FrontMatterError as error:
        problems.append(Problem(name, "(front matter)", str(error), error.line))
        claimed = re.search(r"^id:\s*['\"]?([A-Z]+-\d+)", text, re.M)
        if claimed:
            unloaded.add(claimed.group(1))
        return None
    found: list[Problem] = []
    e = Entry(name, "", parsed.meta, found, parsed.lines)
    question = read_question(e, topic, context, relative_name(path, context.docs_dir), parsed.body)
    for message, line in (body_problems(parsed.body) + fact_problems(parsed.body, context.facts) +
                          heading_problems(parsed.body) + diagram_marker_problems(parsed.body)):
        found.append(Problem(name, "(body)", message, parsed.body_line + line - 1))
    problems.extend(found)
    if found or question is None:
        unloaded.add(str(parsed.meta.get("id") or ""))
        return None
    return question


def read_question(e: Entry, topic: Topic, context: QuestionContext, path: str, body: str) -> Question | None:
    e.only(REQUIRED + OPTIONAL, "front-matter key")
    for key in REQUIRED:
        if not e.present(key):
            e.bad(key, "required field is missing or empty")
    qid = read_id(e, topic)
    title, summary = read_title(e), read_summary(e, context.facts)
    tag_list = list(e.texts("tags"))
    for tag in tag_list:
        if tag not in context.tags:
            e.bad("tags", f"unknown tag '{tag}' (not in data/tags.yml)")
    theme = e.text("theme")
    if theme and theme not in topic.themes:
        e.bad("theme", f"unknown theme '{theme}' for topic {topic.slug} (one of: {', '.join(topic.themes)})")
    sources = load_sources(e, context)
    reviewed = read_reviewed(e, sources, context.today)
    since, changed = read_since(e, context.facts)
    related = list(e.texts("related"))
    if qid in related:
        e.bad("related", "a question cannot be related to itself")
    aliases = read_aliases(e)
    keywords = list(e.texts("keywords"))
    if len(keywords) > KEYWORDS_MAX:
        e.bad("keywords", f"{len(keywords)} keywords; at most {KEYWORDS_MAX}")
    verdicts = load_verdicts(e)
    if e.problems or reviewed is None:
        return None
    return Question(id=qid, title=title, summary=summary, tags=tag_list, theme=theme, sources=sources,
                    reviewed=reviewed, since_2020=since, path=path, topic=topic.slug, changed=changed,
                    keywords=keywords, related=related, aliases=aliases, verdicts=verdicts, body=body)


def read_id(e: Entry, topic: Topic) -> str:
    qid = e.text("id", required=False)
    match = ID_PATTERN.match(qid)
    if qid and not match:
        e.bad("id", f"'{qid}' is not an ID like {topic.prefix}-001 (prefix, hyphen, three digits; four from 1000 on)")
    elif match and match.group(1) != topic.prefix:
        e.bad("id", f"'{qid}' must start with {topic.prefix}- in the {topic.slug} folder")
    return qid


def read_title(e: Entry) -> str:
    title = e.text("title", required=False, max_length=TITLE_MAX)
    if title and not title.endswith("?"):
        e.bad("title", "a question title ends with '?'")
    elif title and len(title.rstrip("? ")) < 8:
        e.bad("title", "too short to be a question a reader asks")
    return title


def read_summary(e: Entry, facts: dict[str, str]) -> str:
    summary = fill_facts(e.text("summary", required=False), facts)
    for marker in unknown_fact_keys(summary, facts):
        e.bad("summary", f"unknown fact '{marker}' (not in data/facts.yml)")
    if len(summary) > SUMMARY_MAX:
        e.bad("summary", f"{len(summary)} characters; the short answer is at most {SUMMARY_MAX}")
    return summary


def read_reviewed(e: Entry, sources: list[Source], today: datetime.date) -> datetime.date | None:
    reviewed = e.date("reviewed", required=False, not_after=today)
    newest = max((s.date for s in sources if s.date), default=None)
    if reviewed and newest and reviewed < newest:
        e.bad("reviewed", f"{reviewed} is before the newest source revision ({newest}): review after reading it")
    return reviewed


def read_since(e: Entry, facts: dict[str, str]) -> tuple[str, str]:
    since = e.text("since_2020", required=False)
    if since and since not in SINCE_2020:
        e.bad("since_2020", f"'{since}' is not one of {', '.join(SINCE_2020)}")
    changed = fill_facts(e.text("changed", required=False), facts)
    for marker in unknown_fact_keys(changed, facts):
        e.bad("changed", f"unknown fact '{marker}' (not in data/facts.yml)")
    if since in ("corrected", "new") and not changed:
        e.bad("changed", f"required when since_2020 is '{since}': say what the 2020 post said or missed")
    elif since == "unchanged" and changed:
        e.bad("changed", "an unchanged answer has nothing to say here: remove it, or set since_2020")
    return since, changed


def read_aliases(e: Entry) -> list[str]:
    aliases: list[str] = []
    for alias in e.texts("aliases"):
        segments = alias.strip("/").removesuffix(".md").split("/")
        if any(s in ("", ".", "..") for s in segments) or not all(re.fullmatch(r"[A-Za-z0-9._-]+", s)
                                                                   for s in segments):
            e.bad("aliases", f"'{alias}' is not a page path (letters, digits, '.', '_', '-' between '/'; "
                             "no empty, '.' or '..' parts)")
            continue
        aliases.append(paths.alias_url(alias))
    return aliases


def load_verdicts(e: Entry) -> dict[str, dict[str, str]]:
    """`verdicts: {property: {option: value}}`: what this answer says for cells of the comparison."""
    verdicts: dict[str, dict[str, str]] = {}
    for prop, cells in e.mapping("verdicts").items():
        if not isinstance(cells, dict) or not cells:
            e.bad("verdicts", f"{prop}: must map options to values, such as {{sse-pmk: \"yes\"}}")
            continue
        row: dict[str, str] = {}
        for option, verdict in cells.items():
            if isinstance(verdict, bool):
                verdict = "yes" if verdict else "no"
            if not isinstance(verdict, str) or not verdict.strip():
                e.bad("verdicts", f"{prop}/{option}: the verdict must be text such as \"yes\"")
                continue
            row[str(option)] = folded(verdict).lower()
        verdicts[str(prop)] = row
    return verdicts


def load_sources(e: Entry, context: QuestionContext) -> list[Source]:
    value = e.raw.get("sources")
    if not value:
        return []
    if not isinstance(value, list):
        e.bad("sources", "must be a list of {title, url} entries")
        return []
    numbered = [(number, source) for number, item in enumerate(value, start=1)
                if (source := load_source(e, number, item, context)) is not None]
    # A page may be cited again only to quote another of its sentences: a repeat without a new quote is a slip.
    seen: dict[tuple[str, str], int] = {}
    for number, source in numbered:
        key = (source.url, source.quote)
        if key in seen:
            e.bad("sources", f"entry {number}: the same URL as entry {seen[key]} with the same quote; cite a page "
                             "once, or again only for another quote")
        seen.setdefault(key, number)
    return [source for _, source in numbered]


def load_source(e: Entry, number: int, item: Any, context: QuestionContext) -> Source | None:
    if isinstance(item, str):
        item = {"url": item}
    if not isinstance(item, dict):
        e.bad("sources", f"entry {number} must be a URL or a {{title, url}} mapping")
        return None
    found: list[Problem] = []
    s = Entry(e.file, "", item, found)
    s.only(("url", "title", "date", "quote", "unverified"))
    url, title = s.text("url"), s.text("title", required=False, max_length=TITLE_MAX)
    problem = source_url_problem(url, context.source_hosts) if url else ""
    day = s.date("date", required=False, not_after=context.today)
    quote, unverified = s.text("quote", required=False), s.text("unverified", required=False)
    if quote and len(quote.split()) > QUOTE_WORDS:
        s.bad("quote", f"the quote has {len(quote.split())} words; quote at most {QUOTE_WORDS}")
    for p in found:
        e.bad("sources", f"entry {number}: {p.field}: {p.message}".replace("url: required field is missing or "
                                                                            "empty", "'' is not an https URL"))
    if problem:
        e.bad("sources", f"entry {number}: {problem}")
    if found or problem:
        return None
    return Source(url=url, title=title or url, date=day, quote=quote, unverified=unverified)


# ---------------------------------------------------------------- facts

def fill_facts(text: str, facts: dict[str, str]) -> str:
    """Text with every {{ fact:key }} replaced by the fact (unknown keys are reported where they are read)."""
    return FACT.sub(lambda m: facts.get(m.group(1), m.group(0)), text)


def fill_data(value: Any, facts: dict[str, str], name: str, problems: list[Problem]) -> Any:
    """A data file's values with every {{ fact:key }} filled in; an unknown key is a problem of that file."""
    if isinstance(value, str):
        for key in unknown_fact_keys(value, facts):
            problems.append(Problem(name, "(text)", f"unknown fact '{key}' (not in data/facts.yml)"))
        return fill_facts(value, facts) if "{{" in value else value
    if isinstance(value, list):
        return [fill_data(item, facts, name, problems) for item in value]
    if isinstance(value, dict):
        return {key: fill_data(item, facts, name, problems) for key, item in value.items()}
    return value


def unknown_fact_keys(text: str, facts: dict[str, str]) -> list[str]:
    return [m.group(1).strip() for m in ANY_FACT.finditer(text) if m.group(1).strip() not in facts]


def heading_problems(body: str) -> list[tuple[str, int]]:
    """(message, line in the body) for each level-1 heading outside code: the title is the page's one H1."""
    prose = without_code(body)
    return [("a level-1 heading: the title is the page's one H1; start the body with the explanation (## for "
             "sections)", prose.count("\n", 0, m.start()) + 1 + m.group().count("\n"))
            for m in BODY_H1.finditer(prose)]


def fact_problems(body: str, facts: dict[str, str]) -> list[tuple[str, int]]:
    """(message, line in the body) for each fact marker that names no fact."""
    return [(f"unknown fact '{m.group(1).strip()}' (not in data/facts.yml)", body.count("\n", 0, m.start()) + 1)
            for m in ANY_FACT.finditer(body) if m.group(1).strip() not in facts]


# ---------------------------------------------------------------- identity

def check_identity(content: Content, unloaded: set[str], problems: list[Problem]) -> None:
    """IDs are unique, never reused and recorded in data/ids.yml."""
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
        elif first_path != q.path and paths.alias_url(first_path) not in q.aliases:
            problems.append(Problem(name, "id", f"{q.id} was issued to {first_path}; a renamed page lists its old "
                                                f"path in aliases, a new question takes a new ID"))
        for related in q.related:
            if related not in content.by_id and related not in unloaded:
                problems.append(Problem(name, "related", f"unknown question ID '{related}'"))
    check_ledger(content, set(seen), unloaded, problems)


def check_ids(content: Content, history: History, unloaded: set[str], today: datetime.date,
              problems: list[Problem]) -> None:
    """The IDs against the ledger, the retired IDs and git's history; every earlier path becomes an alias."""
    check_history(content, history, unloaded, problems)  # with the aliases written in front matter only
    historical_aliases(content, history, {q.url for q in content.questions})  # before the ledger's alias rule
    check_identity(content, unloaded, problems)
    check_retired_dates(content.retired, today, problems)


def check_retired_dates(retired: dict[str, RetiredId], today: datetime.date, problems: list[Problem]) -> None:
    for qid, entry in retired.items():
        if entry.retired > today:
            problems.append(Problem("data/retired.yml", qid, f"retired {entry.retired} is in the future "
                                                             f"(today is {today})"))


def check_ledger(content: Content, ids: set[str], unloaded: set[str], problems: list[Problem]) -> None:
    """Every ID ever issued has a page or is retired; a retired ID's successor is a question."""
    for qid in content.ledger:
        if qid not in ids and qid not in content.retired and qid not in unloaded:
            problems.append(Problem("data/ids.yml", qid, "no page has this ID and it is not in data/retired.yml"))
    for qid, entry in content.retired.items():
        if entry.successor and entry.successor not in ids:
            problems.append(Problem("data/retired.yml", qid, f"successor '{entry.successor}' is not a question ID"))


def check_aliases(content: Content, page_urls: set[str], problems: list[Problem]) -> None:
    """An alias takes no URL that a page (written or generated), a published file, a short link or another alias has."""
    claimed: dict[str, str] = {}
    for q in content.questions:
        for alias in q.aliases:
            if alias in page_urls or alias.startswith(paths.SHORT_LINKS) or alias.rstrip("/") in page_urls:
                problems.append(Problem(f"docs/{q.path}", "aliases", f"'{alias}' is the URL of an existing page"))
            elif alias in claimed:
                problems.append(Problem(f"docs/{q.path}", "aliases", f"'{alias}' is also an alias of {claimed[alias]}"))
            claimed[alias] = q.id
