"""The compliance view (data/controls.yml): controls of several frameworks, the options that help meet each one,
the built-in Azure Policy definitions mapped to it, the answers that serve as evidence and the caveats.

Loading validates everything and reports each problem as Problem("data/controls.yml", "<control key>/<field>", ...)
(or "<section>/<key>/<field>" for the frameworks, initiatives, policies and caveats the controls refer to).
Rendering follows render.py: text from data goes through render.md_text, links through render.rel.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from . import render
from .content import Content
from .matrix import Matrix
from .model import Problem, Question

CONTROLS_FILE = "data/controls.yml"
CONTROLS_PAGE = render.CONTROLS
CONTROLS_JSON = "controls.json"
CONTROLS_CSV = "controls.csv"

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
    key: str  # also its anchor on controls.md
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
    for section in raw:
        if section not in SECTIONS:
            problems.append(Problem(CONTROLS_FILE, str(section), f"unknown section (sections: {', '.join(SECTIONS)})"))

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
    policies = _load_all(section("policies"), "policies", problems,
                         lambda key, entry, bad: _policy(key, entry, bad, options))
    caveats = _load_all(section("caveats"), "caveats", problems,
                        lambda key, entry, bad: _caveat(key, entry, bad, options))
    _check_unique_policy_ids(policies, problems)

    raw_controls = section("controls")
    known_keys = {str(k) for k in raw_controls}
    controls: list[Control] = []
    seen: dict[tuple[str, str, str], str] = {}
    for key, entry in raw_controls.items():
        key = str(key)
        before = len(problems)

        def bad(field: str, message: str, key: str = key) -> None:
            problems.append(Problem(CONTROLS_FILE, f"{key}/{field}", message))

        control = _control(key, entry, bad, frameworks, initiatives, policies, caveats, options, questions, known_keys)
        if control is None or len(problems) > before:
            continue
        identity = (control.framework.key, control.version, control.id)
        if identity in seen:
            bad("id", f"{control.framework.short} {control.id} ({control.version}) is also control '{seen[identity]}'")
            continue
        seen[identity] = key
        controls.append(control)
    return controls


def _load_all(raw: Any, name: str, problems: list[Problem], load_one: Callable[[str, Any, Bad], Any]) -> dict[str, Any]:
    """key -> loaded entry, for the entries of one section that have no problem."""
    if not isinstance(raw, dict):
        return {}
    loaded: dict[str, Any] = {}
    for key, entry in raw.items():
        key = str(key)
        before = len(problems)

        def bad(field: str, message: str, key: str = key) -> None:
            problems.append(Problem(CONTROLS_FILE, f"{name}/{key}/{field}", message))

        if not KEY.match(key):
            bad("(key)", "a key is lower-case letters and digits joined by hyphens")
        if not isinstance(entry, dict):
            bad("(entry)", "must be a mapping of fields")
            continue
        value = load_one(key, entry, bad)
        if len(problems) == before:
            loaded[key] = value
    return loaded


def _unknown_fields(entry: dict[str, Any], allowed: tuple[str, ...], bad: Bad) -> None:
    for field in entry:
        if field not in allowed:
            bad(str(field), f"unknown field (fields: {', '.join(allowed)})")


def _text(entry: dict[str, Any], field: str, bad: Bad, required: bool = True) -> str:
    value = entry.get(field)
    if value is None or value == "":
        if required:
            bad(field, "required field is missing or empty")
        return ""
    if not isinstance(value, str):
        bad(field, f"must be text, not {type(value).__name__} (quote numbers such as \"7.2\")")
        return ""
    return " ".join(value.split())


def _texts(entry: dict[str, Any], field: str, bad: Bad) -> tuple[str, ...]:
    value = entry.get(field)
    if value in (None, ""):
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        bad(field, "must be a list of non-empty texts (quote numbers)")
        return ()
    texts = tuple(" ".join(v.split()) for v in value)
    if len(set(texts)) != len(texts):
        bad(field, "an entry is listed twice")
    return texts


def _flag(entry: dict[str, Any], field: str, bad: Bad, default: bool | None = False) -> bool:
    value = entry.get(field, default)
    if not isinstance(value, bool):
        bad(field, "must be true or false" if field in entry else "required field is missing (true or false)")
        return False
    return value


def _definition_id(entry: dict[str, Any], bad: Bad) -> tuple[str, bool]:
    """The definition ID and whether it is truncated; a full ID must be a GUID, a truncated one its start."""
    truncated = _flag(entry, "id_truncated", bad)
    value = _text(entry, "id", bad)
    if not value:
        return "", truncated
    if truncated and (DEFINITION_ID.match(value) or not PARTIAL_ID.match(value)):
        bad("id", f"'{value}' is marked truncated but is not the start of a definition ID (like '0961003e-…')")
    elif not truncated and not DEFINITION_ID.match(value):
        bad("id", f"'{value}' is not a full definition ID (8-4-4-4-12 lower-case hex digits); "
                  "when the source gives only its start, keep that and set id_truncated: true")
    return value, truncated


def _known(values: tuple[str, ...], known: Iterable[str], what: str, field: str, bad: Bad) -> None:
    known = list(known)
    for value in values:
        if value not in known:
            listing = f" ({what}s: {', '.join(known)})" if 0 < len(known) <= 12 else ""
            bad(field, f"unknown {what} '{value}'{listing}")


def _framework(key: str, entry: dict[str, Any], bad: Bad) -> Framework:
    _unknown_fields(entry, FRAMEWORK_FIELDS, bad)
    title = _text(entry, "title", bad)
    return Framework(key, _text(entry, "short", bad, required=False) or title, title,
                     _text(entry, "version", bad), _text(entry, "source", bad, required=False))


def _initiative(key: str, entry: dict[str, Any], bad: Bad) -> Initiative:
    _unknown_fields(entry, INITIATIVE_FIELDS, bad)
    name = _text(entry, "name", bad, required=False)
    label = _text(entry, "label", bad, required=False)
    if not name and not label:
        bad("name", "give the exact display name, or a label when the name is not known")
    definition, truncated = _definition_id(entry, bad)
    return Initiative(key, name, label, definition, truncated, _text(entry, "version", bad, required=False))


def _policy(key: str, entry: dict[str, Any], bad: Bad, options: list[str]) -> Policy:
    _unknown_fields(entry, POLICY_FIELDS, bad)
    name = _text(entry, "name", bad)
    definition, truncated = _definition_id(entry, bad)
    old_names = _texts(entry, "old_names", bad)
    if name in old_names:
        bad("old_names", "lists the current name")
    detects = _texts(entry, "detects", bad)
    _known(detects, options, "option", "detects", bad)
    return Policy(key, name, definition, truncated, old_names, _flag(entry, "deprecated", bad), detects,
                  _text(entry, "note", bad, required=False))


def _caveat(key: str, entry: dict[str, Any], bad: Bad, options: list[str]) -> Caveat:
    _unknown_fields(entry, CAVEAT_FIELDS, bad)
    scope = _texts(entry, "options", bad)
    _known(scope, options, "option", "options", bad)
    return Caveat(key, _text(entry, "title", bad), _text(entry, "text", bad), scope)


def _check_unique_policy_ids(policies: dict[str, Policy], problems: list[Problem]) -> None:
    """Two entries for one definition would drift apart: a (start of an) ID belongs to one policy key."""
    owners: dict[str, str] = {}
    for key, policy in policies.items():
        start = policy.id[:8]
        if start in owners:
            problems.append(Problem(CONTROLS_FILE, f"policies/{key}/id",
                                    f"'{policy.id}' is also the definition of policy '{owners[start]}'"))
        owners.setdefault(start, key)


def _control(key: str, entry: Any, bad: Bad, frameworks: dict[str, Framework], initiatives: dict[str, Initiative],
             policies: dict[str, Policy], caveats: dict[str, Caveat], options: list[str], questions: set[str],
             control_keys: set[str]) -> Control | None:
    if not KEY.match(key):
        bad("(key)", "a control key is lower-case letters and digits joined by hyphens (it is the page anchor)")
    elif key in frameworks or key in PAGE_ANCHORS:
        bad("(key)", f"'{key}' is also a framework key or a heading of the page; anchors must be unique")
    if not isinstance(entry, dict):
        bad("(entry)", "must be a mapping of fields")
        return None
    _unknown_fields(entry, CONTROL_FIELDS, bad)

    framework_key = _text(entry, "framework", bad)
    framework = frameworks.get(framework_key)
    if framework_key and framework is None:
        bad("framework", f"unknown framework '{framework_key}' (frameworks: {', '.join(frameworks)})")
    control_id = _text(entry, "id", bad)
    title = _text(entry, "title", bad)
    short = _text(entry, "short", bad, required=False)
    version = _text(entry, "version", bad, required=False) or (framework.version if framework else "")

    verified = _flag(entry, "verified", bad, default=None)
    unverified = _texts(entry, "unverified", bad)
    if "verified" in entry and isinstance(entry["verified"], bool):
        if not verified and not unverified:
            bad("unverified", "verified is false: say what could not be verified")
        elif verified and unverified:
            bad("unverified", "lists unverified items, but verified is true")
    note = _text(entry, "note", bad, required=False)

    chosen = _options(entry.get("options"), options, bad)
    if not chosen and not note:
        bad("note", "no option helps meet this control: the note must say why")

    uses = _policy_uses(entry.get("policies"), policies, initiatives, bad)

    evidence = _texts(entry, "evidence", bad)
    if entry.get("evidence") in (None, "", []):
        bad("evidence", "required field is missing or empty: list the question IDs that are evidence")
    for qid in evidence:
        if qid not in questions:
            bad("evidence", f"unknown question ID '{qid}'")

    caveat_keys = _texts(entry, "caveats", bad)
    _known(caveat_keys, caveats, "caveat", "caveats", bad)

    related = _texts(entry, "related", bad)
    for other in related:
        if other == key:
            bad("related", "a control cannot be related to itself")
        elif other not in control_keys:
            bad("related", f"unknown control '{other}'")

    numbering = _numbering(entry.get("numbering"), bad)
    if numbering and "version" in entry:
        rows = [n for n in numbering if version in n.versions]
        if not any(n.id == control_id for n in rows):
            bad("numbering", f"has no row giving {control_id} for {version}, the version the control is quoted from")
        for row in rows:
            if row.title and row.title != title:
                bad("numbering", f"the {version} title differs from the control's title")

    if framework is None:
        return None
    return Control(key, framework, control_id, title, short, version, verified, unverified, note, chosen,
                   tuple(uses), _text(entry, "policy_note", bad, required=False), evidence,
                   tuple(caveats[k] for k in caveat_keys if k in caveats), related, tuple(numbering))


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
        if isinstance(item, str):
            item = {"policy": item}
        if not isinstance(item, dict):
            bad("policies", f"entry {number} must be a policy key or a {{policy, initiatives, note}} mapping")
            continue
        for field in item:
            if field not in POLICY_USE_FIELDS:
                bad("policies", f"entry {number}: unknown field '{field}' (fields: {', '.join(POLICY_USE_FIELDS)})")
        policy_key = item.get("policy")
        policy = policies.get(policy_key) if isinstance(policy_key, str) else None
        if policy is None:
            bad("policies", f"entry {number}: unknown policy '{policy_key}' (defined under policies:)")
            continue
        if any(u.policy.key == policy.key for u in uses):
            bad("policies", f"policy '{policy.key}' is listed twice")
            continue
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
        mapped_to = tuple(initiatives[i] for i in mapped if i in initiatives)
        uses.append(PolicyUse(policy, mapped_to, " ".join(note.split())))
    return uses


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

        def row_bad(field: str, message: str, number: int = number) -> None:
            bad("numbering", f"entry {number}: {field}: {message}")

        _unknown_fields(item, NUMBERING_FIELDS, row_bad)
        versions = _texts(item, "versions", row_bad)
        if not versions:
            row_bad("versions", "list the framework versions this row is about")
        control_id = _text(item, "id", row_bad, required=False)
        note = _text(item, "note", row_bad, required=False)
        if not control_id and not note:
            row_bad("id", "give the number, or a note saying why these versions have none")
        rows.append(Numbering(versions, control_id, _text(item, "title", row_bad, required=False),
                              _text(item, "profile", row_bad, required=False), note))
    return rows


# ---------------------------------------------------------------- queries

def controls_citing(qid: str, controls: list[Control]) -> list[Control]:
    return [c for c in controls if qid in c.evidence]


def question_control_ids(q: Question, controls: list[Control]) -> list[str]:
    """Keys (anchors on controls.md) of the controls that cite the question as evidence, in page order."""
    return [c.key for c in controls_citing(q.id, controls)]


def by_framework(controls: list[Control]) -> list[tuple[Framework, list[Control]]]:
    """Controls grouped by framework, frameworks in the order their first control comes."""
    groups: dict[str, tuple[Framework, list[Control]]] = {}
    for c in controls:
        groups.setdefault(c.framework.key, (c.framework, []))[1].append(c)
    return list(groups.values())


# ---------------------------------------------------------------- Markdown

def controls_page(controls: list[Control], content: Content, matrix: Matrix) -> str:
    """Markdown of controls.md: a summary table, then per framework a section and per control a heading."""
    md = render.md_text
    labels = {o.slug: o.label for o in matrix.options}
    shorts = {o.slug: o.short for o in matrix.options}
    by_key = {c.key: c for c in controls}
    out = ["# Compliance controls { #compliance-controls }", "",
           "The controls that auditors map Azure VM disk encryption to, framework by framework. For each control: "
           "its ID and title as published, the encryption options that help meet it, the built-in Azure Policy "
           "definitions mapped to it, the answers on this site that serve as evidence, and the caveats to expect in "
           "a review. A control marked **Unverified** contains something the sources could not confirm, and says "
           "what.", "",
           "A compliant policy result is never proof on its own: read the caveats of each control.", "",
           f"Download: [{CONTROLS_JSON}]({CONTROLS_JSON}), [{CONTROLS_CSV}]({CONTROLS_CSV}).", "",
           "## At a glance { #at-a-glance }", "",
           "| Control | Options that help | Built-in policies | Status |",
           "| --- | --- | --- | --- |"]
    for c in controls:
        helping = ", ".join(md(shorts[slug]) for slug, _ in c.options) or "None on its own"
        status = "Verified" if c.verified else "**Unverified**"
        out.append(f"| [{md(c.label)}: {md(c.heading)}](#{c.key}) | {helping} | {len(c.policies)} | {status} |")
    out.append("")
    for framework, group in by_framework(controls):
        out += [f"## {md(framework.name)} {{ #{framework.key} }}", ""]
        if framework.source:
            out += [md(framework.source), ""]
        for c in group:
            out += _control_section(c, content, labels, by_key)
    return "\n".join(out)


def _control_section(c: Control, content: Content, labels: dict[str, str], by_key: dict[str, Control]) -> list[str]:
    md = render.md_text
    out = [f"### {md(c.id)}: {md(c.heading)} {{ #{c.key} }}", ""]
    if not c.verified:
        out += ['!!! note "Unverified"', ""]
        out += [f"    - {md(item)}" for item in c.unverified]
        out.append("")
    numbered = f", numbered as in {md(c.version)}" if c.version != c.framework.version else ""
    out += [f"- **Framework:** {md(c.framework.name)}{numbered}",
            f"- **Control ID:** {md(c.id)}",
            f"- **Title:** {md(c.title)}",
            f"- **Status:** {'Verified' if c.verified else 'Unverified'}", ""]
    if c.note:
        out += [md(c.note), ""]
    if c.numbering:
        out += ["| Version | Number | Title | Profile | Note |", "| --- | --- | --- | --- | --- |"]
        for row in c.numbering:
            out.append(f"| {md(', '.join(row.versions))} | {md(row.id) if row.id else 'None'} | "
                       f"{md(row.title) if row.title else 'Not recorded'} | {md(row.profile)} | {md(row.note)} |")
        out.append("")

    out += ["**Options that help**", ""]
    if c.options:
        out += [f"- **{md(labels.get(slug, slug))}:** {md(note)}" for slug, note in c.options]
    else:
        out.append("- None of the options meets this control on its own.")
    out.append("")

    out += ["**Built-in Azure Policy definitions**", ""]
    if c.policies:
        for use in c.policies:
            out += _policy_lines(use, labels)
    else:
        out.append("- None is listed for this control.")
    out.append("")
    if c.policy_note:
        out += [md(c.policy_note), ""]

    by_id = content.by_id
    out += ["**Evidence on this site**", ""]
    out += [f"- {render.question_link(CONTROLS_PAGE, by_id[qid])}" if qid in by_id else f"- {md(qid)}"
            for qid in c.evidence]
    out.append("")
    if c.related:
        links = ", ".join(f"[{md(by_key[k].label)}](#{k})" if k in by_key else md(k) for k in c.related)
        out += [f"**See also:** {links}", ""]
    for caveat in c.caveats:
        out += ['!!! warning "Caveat"', "", f"    {_caveat_text(caveat, labels)}", ""]
    return out


def _policy_lines(use: PolicyUse, labels: dict[str, str]) -> list[str]:
    md = render.md_text
    policy = use.policy
    truncated = " (only the start of the ID is recorded)" if policy.id_truncated else ""
    lines = [f"- **{md(policy.name)}**", f"    - Definition ID: {md(policy.id)}{truncated}"]
    if policy.old_names:
        lines.append(f"    - Earlier display names: {'; '.join(md(n) for n in policy.old_names)}")
    if policy.deprecated:
        lines.append("    - Deprecated.")
    if policy.detects:
        lines.append(f"    - Passes with: {', '.join(md(labels.get(s, s)) for s in policy.detects)}")
    if use.initiatives:
        lines.append(f"    - Mapped to this control by: {'; '.join(_initiative_text(i) for i in use.initiatives)}")
    for note in (use.note, policy.note):
        if note:
            lines.append(f"    - {md(note)}")
    return lines


def _initiative_text(initiative: Initiative) -> str:
    md = render.md_text
    details = [f"ID {md(initiative.id)}" + (" (start only)" if initiative.id_truncated else "")]
    if initiative.version:
        details.append(f"version {md(initiative.version)}")
    return f"{md(initiative.display)} ({', '.join(details)})"


def _caveat_text(caveat: Caveat, labels: dict[str, str]) -> str:
    md = render.md_text
    scope = ""
    if caveat.options:
        scope = f" Concerns: {', '.join(md(labels.get(s, s)) for s in caveat.options)}."
    return f"**{md(caveat.title)}.** {md(caveat.text)}{scope}"


def question_controls_block(q: Question, controls: list[Control]) -> str:
    """Markdown for the bottom of a question page: the controls that cite it, with their caveats; "" when none."""
    md = render.md_text
    cited = controls_citing(q.id, controls)
    if not cited:
        return ""
    page = render.rel(q.path, CONTROLS_PAGE)
    out = ["", f"## Controls this answer supports {render.NOT_INDEXED}", "",
           f"This answer is cited as evidence for these controls. The [compliance view]({page}) gives each one's "
           "options, built-in policies and caveats in full.", ""]
    for c in cited:
        flag = " (Unverified)" if not c.verified else ""
        out.append(f"- [{md(c.label)}: {md(c.heading)}]({page}#{c.key}){flag}")
    applies: dict[str, tuple[Caveat, list[str]]] = {}
    for c in cited:
        for caveat in c.caveats:
            applies.setdefault(caveat.key, (caveat, []))[1].append(c.label)
    if applies:
        out += ["", '!!! warning "Caveats for these controls"', ""]
        for caveat, control_labels in applies.values():
            out.append(f"    - **{md(caveat.title)}.** {md(caveat.text)} "
                       f"(For {md(', '.join(control_labels))}.)")
    out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------- exports

def control_record(c: Control) -> dict[str, Any]:
    return {
        "key": c.key,
        "framework": {"key": c.framework.key, "title": c.framework.title, "version": c.framework.version},
        "id": c.id,
        "title": c.title,
        "numbered_as_in": c.version,
        "verified": c.verified,
        "unverified": list(c.unverified),
        "note": c.note or None,
        "options": [{"id": slug, "note": note} for slug, note in c.options],
        "policies": [{
            "name": u.policy.name,
            "id": u.policy.id,
            "id_truncated": u.policy.id_truncated,
            "old_names": list(u.policy.old_names),
            "deprecated": u.policy.deprecated,
            "passes_with": list(u.policy.detects),
            "initiatives": [{"name": i.name or None, "label": i.label or None, "id": i.id,
                             "id_truncated": i.id_truncated, "version": i.version or None} for i in u.initiatives],
            "note": " ".join(n for n in (u.note, u.policy.note) if n) or None,
        } for u in c.policies],
        "policy_note": c.policy_note or None,
        "evidence": list(c.evidence),
        "caveats": [{"id": k.key, "title": k.title, "text": k.text, "options": list(k.options)} for k in c.caveats],
        "related": list(c.related),
        "numbering": [{"versions": list(n.versions), "id": n.id or None, "title": n.title or None,
                       "profile": n.profile or None, "note": n.note or None} for n in c.numbering],
    }


def controls_json(controls: list[Control]) -> str:
    return json.dumps({"controls": [control_record(c) for c in controls]}, indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = ["framework", "control", "control_id", "title", "numbered_as_in", "verified", "unverified", "option",
               "option_note", "policies", "evidence", "caveats"]


def controls_csv(controls: list[Control]) -> str:
    """One row per control and option that helps meet it; a control that no option meets gets one row without one."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in controls:
        policies = "; ".join(f"{u.policy.name} [{u.policy.id}]" for u in c.policies)
        common = [c.framework.title, c.key, c.id, c.title, c.version, "yes" if c.verified else "no",
                  "; ".join(c.unverified)]
        tail = [policies, " ".join(c.evidence), "; ".join(k.title for k in c.caveats)]
        for slug, note in c.options or (("", ""),):
            writer.writerow(common + [slug, note] + tail)
    return buffer.getvalue()
