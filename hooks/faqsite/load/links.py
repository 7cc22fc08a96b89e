"""Cross-links between questions: related questions by tag index, and 'referenced by' from body links.

Both are linear in the number of questions: candidates come from a tag index with a bounded window
per tag, never from comparing every pair.
"""
from __future__ import annotations

import posixpath
import re
from bisect import bisect_left

from ..model import Question, id_order

RELATED_MAX = 5
WINDOW = 25  # candidates taken from each tag's list on each side of the question
MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s#>]+\.md)(?:#[^)\s]*)?>?\s*(?:\"[^\"]*\"|'[^']*'|\([^)]*\))?\s*\)")


def tag_index(questions: list[Question]) -> dict[str, list[str]]:
    """Tag -> IDs of the questions carrying it, in ID order (`id_order`)."""
    index: dict[str, list[str]] = {}
    for q in questions:
        for tag in q.tags:
            index.setdefault(tag, []).append(q.id)
    for ids in index.values():
        ids.sort(key=id_order)
    return index


def related_questions(questions: list[Question], limit: int = RELATED_MAX) -> dict[str, list[str]]:
    """Question ID -> related IDs: its own `related` first, then those sharing the most tags.

    Candidates come from a bounded window of each tag's list; each candidate's shared tags are then
    counted in full. Ties go to the nearest ID, then the lower ID, so the result is deterministic.
    """
    index = tag_index(questions)
    tags_of = {q.id: set(q.tags) for q in questions}
    result: dict[str, list[str]] = {}
    for q in questions:
        chosen = list(dict.fromkeys(r for r in q.related if r != q.id))[:limit]
        candidates: set[str] = set()
        for tag in q.tags:
            ids = index[tag]
            at = bisect_left(ids, id_order(q.id), key=id_order)
            candidates.update(ids[max(0, at - WINDOW): at + WINDOW + 1])
        candidates.discard(q.id)
        number = id_order(q.id)[1]
        shared = {other: len(tags_of[q.id] & tags_of[other]) for other in candidates}
        ranked = sorted(shared, key=lambda o: (-shared[o], abs(id_order(o)[1] - number), id_order(o)))
        for other in ranked:
            if len(chosen) >= limit:
                break
            if other not in chosen:
                chosen.append(other)
        result[q.id] = chosen
    return result


def body_links(page_path: str, body: str) -> set[str]:
    """Docs-relative paths of the Markdown files a page body links to."""
    folder = posixpath.dirname(page_path)
    targets = set()
    for target in MARKDOWN_LINK.findall(body):
        if "://" in target:
            continue
        targets.add(posixpath.normpath(posixpath.join(folder, target)))
    return targets


def referenced_by(questions: list[Question], bodies: dict[str, str]) -> dict[str, list[str]]:
    """Question ID -> IDs of the questions whose body links to it."""
    by_path = {q.path: q.id for q in questions}
    result: dict[str, list[str]] = {q.id: [] for q in questions}
    for q in questions:
        for target in body_links(q.path, bodies.get(q.id, "")):
            target_id = by_path.get(target)
            if target_id and target_id != q.id:
                result[target_id].append(q.id)
    for ids in result.values():
        ids.sort(key=id_order)
    return result
