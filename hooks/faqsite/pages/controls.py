"""The compliance view: an overview of the controls, and a page per framework with its controls in full.

The overview (controls.md) is light on a phone: a summary table whose every row carries the control's own anchor
(links cited as controls/#<key> keep landing on it) and leads to the control's section on its framework's page.
"""
from __future__ import annotations

from .. import paths
from ..load.content import Content
from ..load.controls import Caveat, Control, Framework, Initiative, PolicyUse, by_framework
from ..load.matrix import Matrix
from .markup import link, md_text, question_link, render, trusted


def control_link(from_page: str, c: Control) -> str:
    """Relative link from a docs page to a control's full section on its framework's page."""
    return f"{link(from_page, paths.control_page(c.framework.key))}#{c.key}"


def controls_page(controls: list[Control], content: Content, matrix: Matrix) -> str:
    """Markdown of controls.md: the summary table (an anchor per control), then per framework a link to its page."""
    shorts = {o.slug: o.short for o in matrix.options}
    out = ["| Control | Options that help | Built-in policies | Status |",
           "| --- | --- | --- | --- |"]
    for c in controls:
        helping = ", ".join(md_text(shorts[slug]) for slug, _ in c.options) or "None on its own"
        status = "Verified" if c.verified else "**Unverified**"
        out.append(f"| [{md_text(c.label)}: {md_text(c.heading)}]({control_link(paths.CONTROLS, c)}){{ #{c.key} }} | "
                   f"{helping} | {len(c.policies)} | {status} |")
    out.append("")
    for framework, group in by_framework(controls):
        out += [f"## {md_text(framework.name)} {{ #{framework.key} }}", ""]
        if framework.source:
            out += [md_text(framework.source), ""]
        out += [f"[The {_count(len(group))} of {md_text(framework.short)} in full]"
                f"({link(paths.CONTROLS, paths.control_page(framework.key))})", ""]
    return render("controls.md", body=trusted("\n".join(out)))


def _count(n: int) -> str:
    return f"{n} control{'s' if n != 1 else ''}"


def framework_pages(controls: list[Control], content: Content, matrix: Matrix) -> dict[str, str]:
    """Docs path -> Markdown of each framework's page (controls/<framework>.md): its controls in full."""
    labels = {o.slug: o.label for o in matrix.options}
    by_key = {c.key: c for c in controls}
    return {paths.control_page(framework.key): _framework_page(framework, group, content, labels, by_key)
            for framework, group in by_framework(controls)}


def _framework_page(framework: Framework, group: list[Control], content: Content, labels: dict[str, str],
                    by_key: dict[str, Control]) -> str:
    page = paths.control_page(framework.key)
    body: list[str] = []
    for c in group:
        body += _control_section(c, page, content, labels, by_key)
    return render("controls-framework.md", title=framework.name, key=trusted(framework.key), short=framework.short,
                  source=framework.source, count=_count(len(group)), overview=trusted(link(page, paths.CONTROLS)),
                  json=trusted(link(page, paths.CONTROLS_JSON)), csv=trusted(link(page, paths.CONTROLS_CSV)),
                  body=trusted("\n".join(body)))


def _control_section(c: Control, page: str, content: Content, labels: dict[str, str],
                     by_key: dict[str, Control]) -> list[str]:
    """One control in full on its framework's page (`page`), under a heading that carries its key as anchor."""
    out = [f"## {md_text(c.id)}: {md_text(c.heading)} {{ #{c.key} }}", ""]
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
    out += [f"- {question_link(page, by_id[qid])}" if qid in by_id else f"- {md_text(qid)}" for qid in c.evidence]
    out.append("")
    if c.related:
        links = ", ".join(f"[{md_text(by_key[k].label)}]({_see_also(page, by_key[k])})" if k in by_key else md_text(k)
                          for k in c.related)
        out += [f"**See also:** {links}", ""]
    for caveat in c.caveats:
        out += ['!!! warning "Caveat"', "", f"    {_caveat_text(caveat, labels)}", ""]
    return out


def _see_also(page: str, other: Control) -> str:
    """A related control: on this page, its anchor; on another framework's page, that page and the anchor."""
    return f"#{other.key}" if paths.control_page(other.framework.key) == page else control_link(page, other)


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
