"""The compliance view (data/controls.yml): controls of several frameworks, the options that help meet each one,
the built-in Azure Policy definitions mapped to it, the answers that serve as evidence and the caveats.

Loading validates everything and reports each problem as Problem("data/controls.yml", "<control key>/<field>", ...)
(or "<section>/<key>/<field>" for the frameworks, initiatives, policies and caveats the controls refer to).
The page is in pages/controls.py, the exports in export.py.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Problem, Question
from .fields import Entry

CONTROLS_FILE = "data/controls.yml"

SECTIONS = ("frameworks", "initiatives", "policies", "caveats", "controls")
FRAMEWORK_FIELDS = ("short", "title", "version", "source")
INITIATIVE_FIELDS = ("name", "label", "id", "id_truncated", "version")
POLICY_FIELDS = ("name", "id", "id_truncated", "old_names", "deprecated", "detects", "note")
CAVEAT_FIELDS = ("title", "text", "options")
CONTROL_FIELDS = ("framework", "id", "title", "short", "version", "verified", "unverified", "note", "options",
                  "policies", "policy_note", "evidence", "caveats", "related", "numbering")
POLICY_USE_FIELDS = ("policy", "initiatives", "note")
NUMBERING_FIELDS = ("versions", "id", "title", "profile", "note")
# Anchors the page sets itself; a framework or control key must not take them.
PAGE_ANCHORS = ("compliance-controls", "at-a-glance")

KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DEFINITION_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# The start of a definition ID, as a source gives it when it cuts the rest: "0961003e-…" or "06a78e20".
PARTIAL_ID = re.compile(r"^[0-9a-f]{4,}(?:-[0-9a-f]+)*-?…?$")

Bad = Callable[[str, str], None]


@dataclass(frozen=True)
class Known:
    """What a control may refer to: the other sections' entries, the options, the questions and the control keys."""

    frameworks: dict[str, Framework]
    initiatives: dict[str, Initiative]
    policies: dict[str, Policy]
    caveats: dict[str, Caveat]
    options: list[str]
    questions: set[str]
    control_keys: set[str]


@dataclass(frozen=True)
class Framework:
    key: str
    short: str
    title: str
    version: str
    source: str

    @property
    def name(self) -> str:
        return f"{self.title} {self.version}".strip()


@dataclass(frozen=True)
class Initiative:
    """A built-in Azure Policy initiative (policy set). `name` is the exact display name, when known."""

    key: str
    name: str
    label: str
    id: str
    id_truncated: bool
    version: str

    @property
    def display(self) -> str:
        return self.name or self.label


@dataclass(frozen=True)
class Policy:
    """A built-in Azure Policy definition. `detects`: the option slugs with which a resource passes it."""

    key: str
    name: str
    id: str
    id_truncated: bool
    old_names: tuple[str, ...]
    deprecated: bool
    detects: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class PolicyUse:
    """A policy as one control cites it: the initiatives that map it there, and why it is listed."""

    policy: Policy
    initiatives: tuple[Initiative, ...]
    note: str


@dataclass(frozen=True)
class Caveat:
    key: str
    title: str
    text: str
    options: tuple[str, ...]  # the options it is about; empty = all


@dataclass(frozen=True)
class Numbering:
    """A control's number in some versions of its framework (CIS renumbers from one version to the next)."""

    versions: tuple[str, ...]
    id: str  # empty when these versions do not have the control
    title: str
    profile: str
    note: str


@dataclass(frozen=True)
class Control:
    key: str  # its anchor on its framework's page and on the overview (controls.md)
    framework: Framework
    id: str
    title: str
    short: str  # a heading for a title too long to be one; "" to use the title
    version: str  # the framework version the ID and title are quoted from
    verified: bool
    unverified: tuple[str, ...]
    note: str
    options: tuple[tuple[str, str], ...]  # (option slug, note), in the file's order
    policies: tuple[PolicyUse, ...]
    policy_note: str
    evidence: tuple[str, ...]  # question IDs
    caveats: tuple[Caveat, ...]
    related: tuple[str, ...]  # control keys
    numbering: tuple[Numbering, ...]

    @property
    def heading(self) -> str:
        return self.short or self.title

    @property
    def label(self) -> str:
        """Framework and control ID, e.g. 'MCSB DP-4'."""
        return f"{self.framework.short} {self.id}"


# ---------------------------------------------------------------- loading

def load_controls(raw: Any, option_slugs: Iterable[str], question_ids: Iterable[str],
                  problems: list[Problem]) -> list[Control]:
    """The controls of data/controls.yml, in the file's order; every problem is appended to `problems`.

    An empty file gives no controls and no problem. A control with a problem is left out of the result.
    """
    if raw in (None, "", {}):
        return []
    if not isinstance(raw, dict):
        problems.append(Problem(CONTROLS_FILE, "(file)", f"must be a mapping with the sections {', '.join(SECTIONS)}"))
        return []
    options = list(dict.fromkeys(option_slugs))
    questions = set(question_ids)
    for name in raw:
        if name not in SECTIONS:
            problems.append(Problem(CONTROLS_FILE, str(name), f"unknown section (sections: {', '.join(SECTIONS)})"))

    def section(name: str) -> dict[str, Any]:
        value = raw.get(name)
        if value in (None, {}):
            problems.append(Problem(CONTROLS_FILE, name, "the section is missing or empty"))
            return {}
        if not isinstance(value, dict):
            problems.append(Problem(CONTROLS_FILE, name, "must be a mapping of keys to entries"))
            return {}
        return value

    frameworks = _load_all(section("frameworks"), "frameworks", problems, _framework)
    initiatives = _load_all(raw.get("initiatives") or {}, "initiatives", problems, _initiative)
    policies = _load_all(section("policies"), "policies", problems, lambda key, e: _policy(key, e, options))
    caveats = _load_all(section("caveats"), "caveats", problems, lambda key, e: _caveat(key, e, options))
    _check_unique_policy_ids(policies, problems)

    raw_controls = section("controls")
    known = Known(frameworks, initiatives, policies, caveats, options, questions, {str(k) for k in raw_controls})
    return _load_controls(raw_controls, known, problems)


def _load_controls(raw_controls: dict[str, Any], known: Known, problems: list[Problem]) -> list[Control]:
    controls: list[Control] = []
    seen: dict[tuple[str, str, str], str] = {}
    for key, entry in raw_controls.items():
        key = str(key)
        before = len(problems)
        e = Entry(CONTROLS_FILE, key, entry if isinstance(entry, dict) else {}, problems)
        if not isinstance(entry, dict):
            e.bad("(entry)", "must be a mapping of fields")
            continue
        control = _control(key, e, known)
        if control is None or len(problems) > before:
            continue
        identity = (control.framework.key, control.version, control.id)
        if identity in seen:
            e.bad("id", f"{control.framework.short} {control.id} ({control.version}) is also control "
                        f"'{seen[identity]}'")
            continue
        seen[identity] = key
        controls.append(control)
    return controls


def _load_all(raw: Any, name: str, problems: list[Problem], load_one: Callable[[str, Entry], Any]) -> dict[str, Any]:
    """key -> loaded entry, for the entries of one section that have no problem."""
    if not isinstance(raw, dict):
        return {}
    loaded: dict[str, Any] = {}
    for key, entry in raw.items():
        key = str(key)
        before = len(problems)
        e = Entry(CONTROLS_FILE, f"{name}/{key}", entry if isinstance(entry, dict) else {}, problems)
        if not KEY.match(key):
            e.bad("(key)", "a key is lower-case letters and digits joined by hyphens")
        if not isinstance(entry, dict):
            e.bad("(entry)", "must be a mapping of fields")
            continue
        value = load_one(key, e)
        if len(problems) == before:
            loaded[key] = value
    return loaded






def _definition_id(e: Entry) -> tuple[str, bool]:
    """The definition ID and whether it is truncated; a full ID must be a GUID, a truncated one its start."""
    truncated = e.flag("id_truncated")
    value = e.text("id")
    if not value:
        return "", truncated
    if truncated and (DEFINITION_ID.match(value) or not PARTIAL_ID.match(value)):
        e.bad("id", f"'{value}' is marked truncated but is not the start of a definition ID (like '0961003e-…')")
    elif not truncated and not DEFINITION_ID.match(value):
        e.bad("id", f"'{value}' is not a full definition ID (8-4-4-4-12 lower-case hex digits); "
                  "when the source gives only its start, keep that and set id_truncated: true")
    return value, truncated


def _known(values: tuple[str, ...], known: Iterable[str], what: str, field: str, bad: Bad) -> None:
    known = list(known)
    for value in values:
        if value not in known:
            listing = f" ({what}s: {', '.join(known)})" if 0 < len(known) <= 12 else ""
            bad(field, f"unknown {what} '{value}'{listing}")


def _framework(key: str, e: Entry) -> Framework:
    e.only(FRAMEWORK_FIELDS)
    if key == "index":  # its page, controls/<key>/, would be the overview's own URL
        e.bad("(key)", "'index' is the controls overview's page: give the framework another key")
    title = e.text("title")
    return Framework(key, e.text("short", required=False) or title, title,
                     e.text("version"), e.text("source", required=False))


def _initiative(key: str, e: Entry) -> Initiative:
    e.only(INITIATIVE_FIELDS)
    name = e.text("name", required=False)
    label = e.text("label", required=False)
    if not name and not label:
        e.bad("name", "give the exact display name, or a label when the name is not known")
    definition, truncated = _definition_id(e)
    return Initiative(key, name, label, definition, truncated, e.text("version", required=False))


def _policy(key: str, e: Entry, options: list[str]) -> Policy:
    e.only(POLICY_FIELDS)
    name = e.text("name")
    definition, truncated = _definition_id(e)
    old_names = e.texts("old_names")
    if name in old_names:
        e.bad("old_names", "lists the current name")
    detects = e.texts("detects")
    _known(detects, options, "option", "detects", e.bad)
    return Policy(key, name, definition, truncated, old_names, e.flag("deprecated"), detects,
                  e.text("note", required=False))


def _caveat(key: str, e: Entry, options: list[str]) -> Caveat:
    e.only(CAVEAT_FIELDS)
    scope = e.texts("options")
    _known(scope, options, "option", "options", e.bad)
    return Caveat(key, e.text("title"), e.text("text"), scope)


def _check_unique_policy_ids(policies: dict[str, Policy], problems: list[Problem]) -> None:
    """Two entries for one definition would drift apart: a (start of an) ID belongs to one policy key."""
    owners: dict[str, str] = {}
    for key, policy in policies.items():
        start = policy.id[:8]
        if start in owners:
            problems.append(Problem(CONTROLS_FILE, f"policies/{key}/id",
                                    f"'{policy.id}' is also the definition of policy '{owners[start]}'"))
        owners.setdefault(start, key)


def _control(key: str, e: Entry, known: Known) -> Control | None:
    if not KEY.match(key):
        e.bad("(key)", "a control key is lower-case letters and digits joined by hyphens (it is the page anchor)")
    elif key in known.frameworks or key in PAGE_ANCHORS:
        e.bad("(key)", f"'{key}' is also a framework key or a heading of the page; anchors must be unique")
    e.only(CONTROL_FIELDS)
    framework_key = e.text("framework")
    framework = known.frameworks.get(framework_key)
    if framework_key and framework is None:
        e.bad("framework", f"unknown framework '{framework_key}' (frameworks: {', '.join(known.frameworks)})")
    control_id, title, short = e.text("id"), e.text("title"), e.text("short", required=False)
    version = e.text("version", required=False) or (framework.version if framework else "")
    verified, unverified = _verification(e)
    note = e.text("note", required=False)
    chosen = _options(e.raw.get("options"), known.options, e.bad)
    if not chosen and not note:
        e.bad("note", "no option helps meet this control: the note must say why")
    uses = _policy_uses(e.raw.get("policies"), known.policies, known.initiatives, e.bad)
    evidence, caveat_keys, related = _references(key, e, known)
    numbering = _numbering(e.raw.get("numbering"), e.bad)
    if numbering and "version" in e.raw:
        _check_numbering(e, numbering, version, control_id, title)
    if framework is None:
        return None
    return Control(key, framework, control_id, title, short, version, verified, unverified, note, chosen,
                   tuple(uses), e.text("policy_note", required=False), evidence,
                   tuple(known.caveats[k] for k in caveat_keys if k in known.caveats), related, tuple(numbering))


def _verification(e: Entry) -> tuple[bool, tuple[str, ...]]:
    verified, unverified = e.flag("verified", default=None), e.texts("unverified")
    if isinstance(e.raw.get("verified"), bool):
        if not verified and not unverified:
            e.bad("unverified", "verified is false: say what could not be verified")
        elif verified and unverified:
            e.bad("unverified", "lists unverified items, but verified is true")
    return verified, unverified


def _references(key: str, e: Entry, known: Known) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The control's evidence (question IDs), caveat keys and related control keys, each checked."""
    evidence = e.texts("evidence")
    if e.raw.get("evidence") in (None, "", []):
        e.bad("evidence", "required field is missing or empty: list the question IDs that are evidence")
    for qid in evidence:
        if qid not in known.questions:
            e.bad("evidence", f"unknown question ID '{qid}'")
    caveat_keys = e.texts("caveats")
    _known(caveat_keys, known.caveats, "caveat", "caveats", e.bad)
    related = e.texts("related")
    for other in related:
        if other == key:
            e.bad("related", "a control cannot be related to itself")
        elif other not in known.control_keys:
            e.bad("related", f"unknown control '{other}'")
    return evidence, caveat_keys, related


def _check_numbering(e: Entry, numbering: list[Numbering], version: str, control_id: str, title: str) -> None:
    rows = [n for n in numbering if version in n.versions]
    if not any(n.id == control_id for n in rows):
        e.bad("numbering", f"has no row giving {control_id} for {version}, the version the control is quoted from")
    for row in rows:
        if row.title and row.title != title:
            e.bad("numbering", f"the {version} title differs from the control's title")


def _options(raw: Any, options: list[str], bad: Bad) -> tuple[tuple[str, str], ...]:
    if raw in (None, {}):
        return ()
    if not isinstance(raw, dict):
        bad("options", "must be a mapping of option slug to a short note")
        return ()
    chosen: list[tuple[str, str]] = []
    for slug, note in raw.items():
        slug = str(slug)
        if slug not in options:
            bad("options", f"unknown option '{slug}' (options: {', '.join(options)})")
            continue
        if not isinstance(note, str) or not note.strip():
            bad("options", f"option '{slug}' needs a short note saying how it helps")
            continue
        chosen.append((slug, " ".join(note.split())))
    return tuple(chosen)


def _policy_uses(raw: Any, policies: dict[str, Policy], initiatives: dict[str, Initiative],
                 bad: Bad) -> list[PolicyUse]:
    if raw in (None, []):
        return []
    if not isinstance(raw, list):
        bad("policies", "must be a list of {policy, initiatives, note} entries")
        return []
    uses: list[PolicyUse] = []
    for number, item in enumerate(raw, start=1):
        use = _policy_use(number, {"policy": item} if isinstance(item, str) else item, policies, initiatives, bad)
        if use is None:
            continue
        if any(u.policy.key == use.policy.key for u in uses):
            bad("policies", f"policy '{use.policy.key}' is listed twice")
            continue
        uses.append(use)
    return uses


def _policy_use(number: int, item: Any, policies: dict[str, Policy], initiatives: dict[str, Initiative],
                bad: Bad) -> PolicyUse | None:
    if not isinstance(item, dict):
        bad("policies", f"entry {number} must be a policy key or a {{policy, initiatives, note}} mapping")
        return None
    for field in item:
        if field not in POLICY_USE_FIELDS:
            bad("policies", f"entry {number}: unknown field '{field}' (fields: {', '.join(POLICY_USE_FIELDS)})")
    policy_key = item.get("policy")
    policy = policies.get(policy_key) if isinstance(policy_key, str) else None
    if policy is None:
        bad("policies", f"entry {number}: unknown policy '{policy_key}' (defined under policies:)")
        return None
    mapped = item.get("initiatives") or []
    if not isinstance(mapped, list) or not all(isinstance(i, str) for i in mapped):
        bad("policies", f"entry {number}: initiatives must be a list of initiative keys")
        mapped = []
    for initiative in mapped:
        if initiative not in initiatives:
            bad("policies", f"entry {number}: unknown initiative '{initiative}' (defined under initiatives:)")
    note = item.get("note") or ""
    if not isinstance(note, str):
        bad("policies", f"entry {number}: note must be text")
        note = ""
    return PolicyUse(policy, tuple(initiatives[i] for i in mapped if i in initiatives), " ".join(note.split()))


def _numbering(raw: Any, bad: Bad) -> list[Numbering]:
    if raw in (None, []):
        return []
    if not isinstance(raw, list):
        bad("numbering", "must be a list of {versions, id, title, profile, note} entries")
        return []
    rows: list[Numbering] = []
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            bad("numbering", f"entry {number} must be a mapping")
            continue

        found: list[Problem] = []
        r = Entry("", "", item, found)
        r.only(NUMBERING_FIELDS)
        versions = r.texts("versions")
        if not versions:
            r.bad("versions", "list the framework versions this row is about")
        control_id, note = r.text("id", required=False), r.text("note", required=False)
        if not control_id and not note:
            r.bad("id", "give the number, or a note saying why these versions have none")
        rows.append(Numbering(versions, control_id, r.text("title", required=False), r.text("profile", required=False),
                              note))
        for p in found:
            bad("numbering", f"entry {number}: {p.field}: {p.message}")
    return rows


# ---------------------------------------------------------------- queries

def controls_citing(qid: str, controls: list[Control]) -> list[Control]:
    return [c for c in controls if qid in c.evidence]


def question_control_ids(q: Question, controls: list[Control]) -> list[str]:
    """Keys (anchors on the framework pages and the overview) of the controls citing the question, in page order."""
    return [c.key for c in controls_citing(q.id, controls)]


def by_framework(controls: list[Control]) -> list[tuple[Framework, list[Control]]]:
    """Controls grouped by framework, frameworks in the order their first control comes."""
    groups: dict[str, tuple[Framework, list[Control]]] = {}
    for c in controls:
        groups.setdefault(c.framework.key, (c.framework, []))[1].append(c)
    return list(groups.values())


