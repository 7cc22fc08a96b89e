"""Synthetic corpus for the performance benchmarks (issues 8 and 21): the real project plus N generated questions.

`make_corpus(n)` copies mkdocs.yml, docs/, data/, hooks/ and overrides/ to a temporary folder and adds N
question pages that look like the real ones:

- spread over the existing topics in proportion to their current size, and over each topic's themes;
- IDs continue each topic's numbering (ENC-048 upwards, MIG-011 upwards, ...) and are added to data/ids.yml;
- 150-600 words of prose made by a word-level Markov chain trained on the topic's own answers, with
  "## " sections, some bullet lists and warnings, links to the page's sources, and on about 40% of pages
  links to other generated pages (so "Referenced by" grows too);
- 2-5 tags from data/tags.yml (drawn from the tags the topic's real questions use), 0-3 related IDs,
  keywords, sources taken from the topic's real sources, and aliases (old paths) on about 5%;
- a few cells of data/comparison.yml get evidence IDs from the generated disk-encryption pages, more as N
  grows, so the matrix page, matrix.json and the "Used in the comparison" blocks grow with the corpus.

IDs run past 999 with four digits (ENC-1000), as hooks/faqsite/model.py's ID pattern allows, so every
topic takes its whole share; a share that would pass ENC-9999 is an error.

Everything is seeded: the same N and seed give the same files. Nothing in the project itself is changed.

    .venv/bin/python benchmarks/corpus.py 1000 --out /tmp/faq-1000    # inspect a corpus
"""
from __future__ import annotations

import argparse
import datetime
import random
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))
from faqsite.load.frontmatter import FrontMatterError, parse  # noqa: E402  (the core's front matter reader)
from faqsite.pages.markup import link  # noqa: E402  (the core's relative link between two docs paths)

COPIED = ("mkdocs.yml", "docs", "data", "hooks", "overrides")
ID_MAX = 9999
LAST_REVIEW = datetime.date(2026, 11, 28)  # the newest review date of the real content
FIRST_REVIEW = datetime.date(2025, 1, 6)
MARKUP = re.compile(r"[`*_\[\]<>|#{}\\]")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
TITLE_TEMPLATES = (
    "Does {a} work with {b}?",
    "What happens to {a} when {b} changes?",
    "Can {a} be combined with {b}?",
    "How do we show an auditor {a} together with {b}?",
    "Is {a} supported with {b}?",
    "What does {a} cost when {b} is in use?",
    "Which limits apply to {a} with {b}?",
    "How long does it take to set up {a} with {b}?",
    "Who can change {a} in a setup with {b}?",
    "What should a reviewer check about {a} and {b}?",
    "Do we need {a} if we already have {b}?",
    "How do {a} and {b} interact during an incident?",
)
SECTION_HEADINGS = ("Conditions and exceptions", "Details", "What this means in practice", "Who does what",
                    "Why", "Steps", "Limits", "What to check", "Before you start", "After the change")
WARNING = '!!! warning "Microsoft\'s pages disagree"'


# ---------------------------------------------------------------------------------------------- text model

class Chain:
    """Order-2 word Markov chain over a topic's real answers, stripped of Markdown markup."""

    def __init__(self, texts: list[str]) -> None:
        self.next: dict[tuple[str, str], list[str]] = {}
        self.starts: list[tuple[str, str]] = []
        for text in texts:
            words = prose_words(text)
            for i in range(len(words) - 2):
                key = (words[i], words[i + 1])
                self.next.setdefault(key, []).append(words[i + 2])
                if (i == 0 or words[i - 1][-1:] in ".?!") and words[i][:1].isupper():
                    self.starts.append(key)

    def sentence(self, rng: random.Random, max_words: int = 32) -> list[str]:
        a, b = rng.choice(self.starts)
        words = [a, b]
        while len(words) < max_words and words[-1][-1:] not in ".?!":
            options = self.next.get((a, b))
            if not options:
                break
            a, b = b, rng.choice(options)
            words.append(b)
        if words[-1][-1:] not in ".?!":
            words[-1] = words[-1].rstrip(",;:") + "."
        return words


def prose_words(markdown: str) -> list[str]:
    """The running text of a page body: no tables, headings, admonition markers, HTML or link targets."""
    kept = []
    for line in markdown.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("|", "#", "!!!", "<", "```")):
            continue
        stripped = re.sub(r"^(?:[-+*]|\d+\.)\s+", "", stripped)
        kept.append(stripped)
    text = LINK.sub(r"\1", " ".join(kept))
    text = re.sub(r"https?://\S+", "", text)
    return [w for w in (MARKUP.sub("", w) for w in text.split()) if w and w not in {"-", "+", ":"}]


# ---------------------------------------------------------------------------------------------- planning

@dataclass
class TopicInfo:
    slug: str
    prefix: str
    title: str
    description: str
    themes: dict[str, str]
    next_number: int


@dataclass
class Family:
    """A real topic with what the generator draws from: its questions' tags, keywords, sources, words."""

    slug: str
    real_count: int
    tags: list[str]
    keywords: list[str]
    sources: list[dict]
    subjects: list[str]
    chain: Chain
    real_pages: list[tuple[str, str]]  # (docs-relative path, title)


@dataclass
class Planned:
    id: str
    topic: TopicInfo
    path: str  # docs-relative
    title: str
    tags: list[str]
    fields: dict = field(default_factory=dict)


def read_real(docs: Path, topics: dict) -> dict[str, tuple[list[dict], list[str]]]:
    """Topic slug -> (front matter of each real question, bodies)."""
    out: dict[str, tuple[list[dict], list[str]]] = {}
    for slug in topics:
        metas, bodies = [], []
        for path in sorted((docs / slug).glob("*.md")):
            if path.name == "index.md":
                continue
            try:
                parsed = parse(path.read_text(encoding="utf-8"))
            except FrontMatterError:
                continue
            meta = {**parsed.meta, "_path": f"{slug}/{path.name}"}
            metas.append(meta)
            bodies.append(parsed.body)
        out[slug] = (metas, bodies)
    return out


def subject(text: str) -> str:
    """A tag label or keyword as it reads inside a question: "Customer-managed keys" -> "customer-managed keys",
    while names ("Key Vault", "Azure Migrate") and acronyms keep their capitals."""
    words = text.split()
    first = words[0] if words else ""
    if first[1:].islower() and all(not w[:1].isupper() and not any(c.isdigit() for c in w) for w in words[1:]):
        first = first.lower()
    return " ".join([first] + words[1:])


def families(root: Path, topics: dict, tags: dict) -> dict[str, Family]:
    real = read_real(root / "docs", topics)
    out: dict[str, Family] = {}
    for slug, (metas, bodies) in real.items():
        used_tags = sorted({t for m in metas for t in m.get("tags") or [] if t in tags})
        keywords = sorted({str(k) for m in metas for k in m.get("keywords") or []})
        sources = []
        seen = set()
        for m in metas:
            for s in m.get("sources") or []:
                s = {"url": s} if isinstance(s, str) else dict(s)
                if s["url"] not in seen:
                    seen.add(s["url"])
                    sources.append(s)
        subjects = sorted({subject(tags[t]["label"]) for t in used_tags} |
                          {subject(str(k)) for t in used_tags for k in tags[t].get("keywords") or []} |
                          {subject(k) for k in keywords if len(k) <= 28})
        out[slug] = Family(slug, len(metas), used_tags, keywords, sources, subjects, Chain(bodies),
                           [(m["_path"], str(m.get("title", ""))) for m in metas])
    return out


def allocate(n: int, topics: dict[str, TopicInfo], fams: dict[str, Family]) -> list[TopicInfo]:
    """One TopicInfo per generated question, in order: shares follow the real topics' sizes."""
    total = sum(f.real_count for f in fams.values()) or 1
    shares = {slug: n * f.real_count // total for slug, f in fams.items()}
    for slug in sorted(fams, key=lambda s: -fams[s].real_count)[: n - sum(shares.values())]:
        shares[slug] += 1
    plan: list[TopicInfo] = []
    for slug, share in shares.items():
        topic = topics[slug]
        if topic.next_number + share - 1 > ID_MAX:
            raise SystemExit(f"{slug}: {share} more questions would pass {topic.prefix}-{ID_MAX}")
        plan += [topic] * share
    return plan


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# ---------------------------------------------------------------------------------------------- writing

def body_links(rng: random.Random, fam: Family, page: Planned,
               targets: list[Planned]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(label, relative link) to other pages, and (title, URL) of the page's sources to cite in the text."""
    links = [(target.title.rstrip("?"), link(page.path, target.path)) for target in targets]
    if fam.real_pages and rng.random() < 0.3:
        path, title = rng.choice(fam.real_pages)
        links.append((title.rstrip("?"), link(page.path, path)))
    sources = list(page.fields["sources"])
    chosen = rng.sample(sources, min(len(sources), rng.randint(0, 2)))
    return links, [(s.get("title") or "the documentation", s["url"]) for s in chosen]


class BodyWriter:
    """Sentences from the topic's chain, with the planned links worked in, counting the words written."""

    def __init__(self, rng: random.Random, chain: Chain, links: list[tuple[str, str]],
                 external: list[tuple[str, str]], words_wanted: int) -> None:
        self.rng, self.chain, self.links, self.external = rng, chain, links, external
        self.words_wanted = words_wanted
        self.count = 0

    def sentence(self) -> str:
        words = self.chain.sentence(self.rng)
        self.count += len(words)
        text = " ".join(words)
        if self.links and self.rng.random() < 0.25:
            label, target = self.links.pop(0)
            text = text[:-1] + f" (see [{MARKUP.sub('', label).lower()}]({target}))."
            self.count += len(label.split()) + 1
        elif self.external and self.rng.random() < 0.2:
            label, url = self.external.pop(0)
            text = text[:-1] + f", according to [{MARKUP.sub('', label)}]({url})."
            self.count += len(label.split()) + 2
        return text

    def paragraph(self, sentences: int) -> str:
        return "\n".join(wrap(" ".join(self.sentence() for _ in range(sentences))))

    def fits(self, most: int) -> int:
        """How many more sentences (about 17 words each) the page has room for, 1 to `most`."""
        return max(1, min(most, (self.words_wanted - self.count) // 17))

    def block(self) -> str:
        """A list, a warning or a paragraph."""
        kind = self.rng.random()
        if kind < 0.3:
            return "\n".join("- " + "\n  ".join(wrap(self.sentence(), 116))
                             for _ in range(self.fits(self.rng.randint(3, 5))))
        if kind < 0.38:
            return WARNING + "\n\n" + "\n".join("    " + line for line in wrap(
                " ".join(self.sentence() for _ in range(self.fits(2))), 112))
        return self.paragraph(self.fits(self.rng.randint(2, 5)))


def body_text(rng: random.Random, fam: Family, page: Planned, targets: list[Planned],
              words_wanted: int) -> str:
    """Markdown body: intro, 1-3 sections, links to sources and (sometimes) to other generated pages."""
    links, external = body_links(rng, fam, page, targets)
    writer = BodyWriter(rng, fam.chain, links, external, words_wanted)
    blocks = [writer.paragraph(rng.randint(1, 3))]
    headings = rng.sample(SECTION_HEADINGS, 3)
    section = 0
    while writer.count < words_wanted - 8:
        if section < 3 and (section == 0 or rng.random() < 0.5):
            blocks.append(f"## {headings[section]}")
            section += 1
            writer.count += len(headings[section - 1].split())
        blocks.append(writer.block())
    # links not placed yet go in a closing line, so every planned link exists
    rest = links + external
    if rest:
        blocks.append("See also: " + ", ".join(f"[{MARKUP.sub('', label)}]({target})" for label, target in rest) + ".")
    return "\n\n".join(blocks) + "\n"


WORD = re.compile(r"(?:\[[^\]]*\]\([^)]*\)|\S)+")  # a link stays on one line, as authors write them


def wrap(text: str, width: int = 118) -> list[str]:
    lines, line = [], ""
    for word in WORD.findall(text):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def clipped(words: list[str], limit: int) -> str:
    text = ""
    for word in words:
        if len(text) + len(word) + 1 > limit:
            break
        text = f"{text} {word}" if text else word
    return text.rstrip(",;:.") + "."


def copy_project(root: Path, dest: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in COPIED:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=ignore, dirs_exist_ok=True)
        else:
            shutil.copy2(source, dest / name)


def read_data(data: Path, name: str) -> Any:
    return yaml.safe_load((data / name).read_text(encoding="utf-8"))


def read_topics(data: Path) -> dict[str, TopicInfo]:
    """The real topics, each with the next free number of its prefix (IDs in the ledger or retired are taken)."""
    used_ids = set(read_data(data, "ids.yml") or {}) | set(read_data(data, "retired.yml") or {})
    topics: dict[str, TopicInfo] = {}
    for slug, t in read_data(data, "topics.yml").items():
        numbers = [int(q.split("-")[1]) for q in used_ids if q.startswith(t["prefix"] + "-")]
        topics[slug] = TopicInfo(slug, t["prefix"], t["title"], t.get("description", ""), dict(t["themes"]),
                                 max(numbers, default=0) + 1)
    return topics


def plan_page(rng: random.Random, topic: TopicInfo, fam: Family, tags: dict, slugs_taken: set[str]) -> Planned:
    """The next question of a topic: its ID, tags, a title made of two of its subjects, a file name not taken."""
    number = topic.next_number
    topic.next_number += 1
    page_tags = rng.sample(fam.tags, min(len(fam.tags), rng.randint(2, 5)))
    own = [subject(tags[t]["label"]) for t in page_tags] + \
          [subject(str(k)) for t in page_tags for k in (tags[t].get("keywords") or [])]
    a, b = rng.sample(own, 2) if len(set(own)) > 1 else (own[0], rng.choice(fam.subjects))
    if a == b:
        b = rng.choice(fam.subjects)
    title = rng.choice(TITLE_TEMPLATES).format(a=a, b=b)
    title = title[0].upper() + title[1:]
    base = "-".join(slugify(f"{a} {b}").split("-")[:6])
    name = f"{base}-{number:03d}.md"
    while name in slugs_taken:
        name = f"{base}-{number:03d}-{rng.randint(0, 999)}.md"
    slugs_taken.add(name)
    return Planned(f"{topic.prefix}-{number:03d}", topic, f"{topic.slug}/{name}", title, page_tags)


def page_sources(rng: random.Random, fam: Family) -> list[dict]:
    sources = []
    for s in rng.sample(fam.sources, min(len(fam.sources), rng.randint(1, 4))):
        entry = {"title": s.get("title") or s["url"], "url": s["url"]}
        if s.get("date"):
            entry["date"] = s["date"]
        sources.append(entry)
    return sources


def page_meta(rng: random.Random, page: Planned, fam: Family, related_pool: list[str]) -> dict:
    """The front matter of a generated question (the random draws in a fixed order: the corpus is seeded)."""
    chain = fam.chain
    since = rng.choices(["new", "unchanged", "corrected"], [7, 2, 1])[0]
    reviewed = FIRST_REVIEW + datetime.timedelta(days=rng.randint(0, (LAST_REVIEW - FIRST_REVIEW).days))
    sources = page_sources(rng, fam)
    # reviewed after reading: never before the newest revision of a source it cites, nor after today
    newest = max((s["date"] for s in sources if isinstance(s.get("date"), datetime.date)), default=reviewed)
    reviewed = min(max(reviewed, newest), datetime.date.today())
    related = rng.sample(related_pool, min(len(related_pool), rng.choice([0, 1, 1, 2, 2, 3])))
    meta: dict = {"id": page.id, "title": page.title,
                  "summary": clipped(chain.sentence(rng) + chain.sentence(rng), 300), "tags": page.tags}
    if fam.keywords and rng.random() < 0.7:
        meta["keywords"] = rng.sample(fam.keywords, min(len(fam.keywords), rng.randint(1, 4)))
    meta.update(theme=rng.choice(list(page.topic.themes)), sources=sources, reviewed=reviewed, since_2020=since)
    if since != "unchanged":  # an unchanged answer has no change note (the validator refuses one)
        meta["changed"] = clipped(chain.sentence(rng), 400)
    if related:
        meta["related"] = related
    if rng.random() < 0.05:
        meta["aliases"] = [f"{page.topic.slug}/old-{page.path.split('/', 1)[1]}"]
    return meta


class NoAliases(yaml.SafeDumper):
    """Front matter as authors write it: a date used twice (reviewed, a source's) is written twice, not as an
    alias, which the core's reader refuses."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def link_targets(rng: random.Random, page: Planned, siblings: list[Planned], others: list[Planned]) -> list[Planned]:
    """On 40 % of the pages, 1-3 other generated pages to link to, mostly of the same topic."""
    targets: list[Planned] = []
    if rng.random() < 0.4:
        same = [p for p in siblings if p is not page]
        for _ in range(rng.randint(1, 3)):
            group = others if others and rng.random() < 0.3 else same
            if group:
                targets.append(rng.choice(group))
    return targets


def make_corpus(n: int, dest: Path | None = None, seed: int = 8, root: Path = ROOT) -> Path:
    """Copy the project to `dest` (a new temporary folder by default) and add `n` generated questions."""
    dest = Path(tempfile.mkdtemp(prefix=f"faq-bench-{n}-")) if dest is None else Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    copy_project(root, dest)
    if n <= 0:
        return dest
    rng = random.Random(f"faq-corpus:{seed}:{n}")
    data = dest / "data"
    tags, ledger, topics = read_data(data, "tags.yml"), read_data(data, "ids.yml") or {}, read_topics(data)
    fams = families(root, topics, tags)
    # plan every page first, so bodies can link to pages generated later
    slugs_taken = {p.name for p in (dest / "docs").rglob("*.md")}
    planned = [plan_page(rng, topic, fams[topic.slug], tags, slugs_taken) for topic in allocate(n, topics, fams)]
    by_topic: dict[str, list[Planned]] = {}
    for p in planned:
        by_topic.setdefault(p.topic.slug, []).append(p)
    real_ids = {slug: sorted(q for q, path in ledger.items() if str(path).startswith(slug + "/")) for slug in topics}
    other_topics = {slug: [p for p in planned if p.topic.slug != slug] for slug in by_topic}
    for page in planned:
        fam, siblings = fams[page.topic.slug], by_topic[page.topic.slug]
        page.fields = page_meta(rng, page, fam, [p.id for p in siblings if p.id != page.id] + real_ids[fam.slug])
        targets = link_targets(rng, page, siblings, other_topics[page.topic.slug])
        words = int(rng.triangular(150, 580, 280))
        front = yaml.dump(page.fields, Dumper=NoAliases, sort_keys=False, allow_unicode=True, width=116)
        target = dest / "docs" / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\n{front}---\n\n{body_text(rng, fam, page, targets, words)}", encoding="utf-8")
    with (data / "ids.yml").open("a", encoding="utf-8") as out:
        out.write("# Generated by benchmarks/corpus.py\n")
        out.writelines(f"{p.id}: {p.path}\n" for p in planned)
    add_evidence(data / "comparison.yml", [p.id for p in planned if p.topic.slug == "disk-encryption"], n, rng)
    return dest


def add_evidence(path: Path, ids: list[str], n: int, rng: random.Random) -> None:
    """Append generated IDs to the evidence of a few comparison cells: 6 cells, plus one per 500 questions."""
    if not ids:
        return
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = [i for i, line in enumerate(lines) if re.search(r"evidence: \[[^\]]*\]", line)]
    for i in rng.sample(cells, min(len(cells), 6 + n // 500)):
        extra = rng.sample(ids, min(len(ids), rng.randint(1, 3)))
        lines[i] = re.sub(r"evidence: \[([^\]]*)\]",
                          lambda m: "evidence: [" + ", ".join([m.group(1)] + extra) + "]", lines[i], count=1)
    path.write_text("".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of questions to generate (0: a plain copy)")
    parser.add_argument("--out", type=Path, help="folder to write (default: a new temporary folder)")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args(argv)
    if args.out and args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} exists and is not empty")
    print(make_corpus(args.n, args.out, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
