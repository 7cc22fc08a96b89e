"""A minimal project on disk (data/ plus docs/) that unit tests break one way at a time."""
from __future__ import annotations

import textwrap
from pathlib import Path

TAGS = """
sse: {label: Server-side encryption, group: option, description: Storage-layer encryption., keywords: [SSE]}
ade: {label: Azure Disk Encryption, group: option, description: In-guest encryption., keywords: [BitLocker]}
"""
TOPICS = """
disk-encryption:
  prefix: ENC
  title: Disk encryption
  description: Disks.
  themes: {keys: Keys, choosing: Choosing}
"""
COMPARISON = """
options:
  sse: {label: Server-side encryption, short: SSE}
  ade: {label: Azure Disk Encryption, short: ADE}
properties:
  temp-disk:
    label: Temp disk encrypted
    cells:
      sse: {value: "no", note: Not a managed disk., evidence: [ENC-001]}
      ade: {value: "yes", note: Inside the guest., evidence: [ENC-001]}
"""
REQUIREMENTS = """
temp: {label: Temp disk encrypted, property: temp-disk, accept: ["yes"]}
"""
GLOSSARY = "SSE: {expansion: Server-side encryption, definition: Always on.}\n"


def question(qid: str = "ENC-001", **overrides: str) -> str:
    fields = {
        "id": qid,
        "title": "Is it encrypted?",
        "summary": "Yes. Always.",
        "tags": "[sse]",
        "theme": "keys",
        "sources": "\n  - title: Overview\n    url: https://learn.microsoft.com/azure/virtual-machines/disk-encryption",
        "reviewed": "2026-11-01",
        "since_2020": "corrected",
        "changed": "The post said otherwise.",
    }
    fields.update(overrides)
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\nBody text.\n"


def make_project(root: Path, questions: dict[str, str] | None = None, ids: dict[str, str] | None = None,
                 retired: str = "{}") -> Path:
    """Write data/ and docs/disk-encryption/<name>.md for each entry; returns the project root."""
    data = root / "data"
    data.mkdir(parents=True)
    (data / "tags.yml").write_text(textwrap.dedent(TAGS))
    (data / "topics.yml").write_text(textwrap.dedent(TOPICS))
    (data / "glossary.yml").write_text(GLOSSARY)
    (data / "comparison.yml").write_text(textwrap.dedent(COMPARISON))
    (data / "requirements.yml").write_text(textwrap.dedent(REQUIREMENTS))
    (data / "retired.yml").write_text(retired)
    questions = {"one.md": question()} if questions is None else questions
    folder = root / "docs" / "disk-encryption"
    folder.mkdir(parents=True)
    for name, text in questions.items():
        (folder / name).write_text(text, encoding="utf-8")
    if ids is None:
        ids = {}
        for name, text in questions.items():
            for line in text.splitlines():
                if line.startswith("id: "):
                    ids.setdefault(line[4:].strip(), f"disk-encryption/{name}")
    (data / "ids.yml").write_text("".join(f"{k}: {v}\n" for k, v in ids.items()) or "{}\n")
    return root
