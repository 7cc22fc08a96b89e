"""The compliance view: controls of several frameworks, the options, policies, evidence and caveats of each."""
from __future__ import annotations

from .. import paths
from ..load.content import Content
from ..load.controls import Caveat, Control, Initiative, PolicyUse, by_framework
from ..load.matrix import Matrix
from .markup import md_text, question_link, render, trusted


def controls_page(controls: list[Control], content: Content, matrix: Matrix) -> str:
    """Markdown of controls.md: a summary table, then per framework a section and per control a heading."""
    labels = {o.slug: o.label for o in matrix.options}
    shorts = {o.slug: o.short for o in matrix.options}
    by_key = {c.key: c for c in controls}
    out = [
           "| Control | Options that help | Built-in policies | Status |",
           "| --- | --- | --- | --- |"]
    for c in controls:
        helping = ", ".join(md_text(shorts[slug]) for slug, _ in c.options) or "None on its own"
        status = "Verified" if c.verified else "**Unverified**"
        out.append(f"| [{md_text(c.label)}: {md_text(c.heading)}](#{c.key}) | {helping} | {len(c.policies)} | "
                   f"{status} |")
    out.append("")
    for framework, group in by_framework(controls):
        out += [f"## {md_text(framework.name)} {{ #{framework.key} }}", ""]
        if framework.source:
            out += [md_text(framework.source), ""]
        for c in group:
            out += _control_section(c, content, labels, by_key)
    return render("controls.md", body=trusted("\n".join(out)))


def _control_section(c: Control, content: Content, labels: dict[str, str], by_key: dict[str, Control]) -> list[str]:
    out = [f"### {md_text(c.id)}: {md_text(c.heading)} {{ #{c.key} }}", ""]
    if not c.verified:
        out += ['!!! note "Unverified"', ""] + [f"    - {md_text(item)}" for item in c.unverified] + [""]
    numbered = f", numbered as in {md_text(c.version)}" if c.version != c.framework.version else ""
    out += [f"- **Framework:** {md_text(c.framework.name)}{numbered}",
            f"- **Control ID:** {md_text(c.id)}",
            f"- **Title:** {md_text(c.title)}",
            f"- **Status:** {'Verified' if c.verified else 'Unverified'}", ""]
    if c.note:
        out += [md_text(c.note), ""]
    out += _numbering_table(c) + _helping(c, labels)
    by_id = content.by_id
    out += ["**Evidence on this site**", ""]
    out += [f"- {question_link(paths.CONTROLS, by_id[qid])}" if qid in by_id else f"- {md_text(qid)}"
            for qid in c.evidence]
    out.append("")
    if c.related:
        links = ", ".join(f"[{md_text(by_key[k].label)}](#{k})" if k in by_key else md_text(k) for k in c.related)
        out += [f"**See also:** {links}", ""]
    for caveat in c.caveats:
        out += ['!!! warning "Caveat"', "", f"    {_caveat_text(caveat, labels)}", ""]
    return out


def _numbering_table(c: Control) -> list[str]:
    if not c.numbering:
        return []
    out = ["| Version | Number | Title | Profile | Note |", "| --- | --- | --- | --- | --- |"]
    for row in c.numbering:
        out.append(f"| {md_text(', '.join(row.versions))} | {md_text(row.id) if row.id else 'None'} | "
                   f"{md_text(row.title) if row.title else 'Not recorded'} | {md_text(row.profile)} | "
                   f"{md_text(row.note)} |")
    return out + [""]


def _helping(c: Control, labels: dict[str, str]) -> list[str]:
    """The options that help meet the control, then the built-in policies mapped to it."""
    out = ["**Options that help**", ""]
    if c.options:
        out += [f"- **{md_text(labels.get(slug, slug))}:** {md_text(note)}" for slug, note in c.options]
    else:
        out.append("- None of the options meets this control on its own.")
    out += ["", "**Built-in Azure Policy definitions**", ""]
    if c.policies:
        for use in c.policies:
            out += _policy_lines(use, labels)
    else:
        out.append("- None is listed for this control.")
    out.append("")
    if c.policy_note:
        out += [md_text(c.policy_note), ""]
    return out


def _policy_lines(use: PolicyUse, labels: dict[str, str]) -> list[str]:
    policy = use.policy
    truncated = " (only the start of the ID is recorded)" if policy.id_truncated else ""
    lines = [f"- **{md_text(policy.name)}**", f"    - Definition ID: {md_text(policy.id)}{truncated}"]
    if policy.old_names:
        lines.append(f"    - Earlier display names: {'; '.join(md_text(n) for n in policy.old_names)}")
    if policy.deprecated:
        lines.append("    - Deprecated.")
    if policy.detects:
        lines.append(f"    - Passes with: {', '.join(md_text(labels.get(s, s)) for s in policy.detects)}")
    if use.initiatives:
        lines.append(f"    - Mapped to this control by: {'; '.join(_initiative_text(i) for i in use.initiatives)}")
    for note in (use.note, policy.note):
        if note:
            lines.append(f"    - {md_text(note)}")
    return lines


def _initiative_text(initiative: Initiative) -> str:
    details = [f"ID {md_text(initiative.id)}" + (" (start only)" if initiative.id_truncated else "")]
    if initiative.version:
        details.append(f"version {md_text(initiative.version)}")
    return f"{md_text(initiative.display)} ({', '.join(details)})"


def _caveat_text(caveat: Caveat, labels: dict[str, str]) -> str:
    scope = ""
    if caveat.options:
        scope = f" Concerns: {', '.join(md_text(labels.get(s, s)) for s in caveat.options)}."
    return f"**{md_text(caveat.title)}.** {md_text(caveat.text)}{scope}"
