"""The "Exports and feed" page: the published files, their common fields and an example record."""
from __future__ import annotations

import json

from ..paths import SCHEMA_VERSION
from ..text import render, trusted

EXAMPLE = {
    "schema_version": SCHEMA_VERSION,
    "generated": "2026-12-01",
    "revision": "ab8512f3c9d0",
    "questions": [{
        "id": "ENC-046",
        "question": "Can I keep using Azure Disk Encryption after its retirement?",
        "short_answer": "…",
        "url": "https://faq.example/disk-encryption/ade-retirement/",
        "short_link": "https://faq.example/q/ENC-046/",
        "topic": "disk-encryption",
        "tags": ["ade"],
        "reviewed": "2026-11-28",
        "since_2020": "new",
        "changed_since_2020": "…",
        "sources": [{"title": "…", "url": "https://learn.microsoft.com/…", "revision": "2026-09-16"}],
        "controls": ["cis-azure-8.2"],
        "versions": [{"reviewed": "2026-11-28", "url": "https://faq.example/q/ENC-046/2026-11-28/",
                      "commit": "69703be…", "what_changed": "…", "short_answer": "…"}],
    }],
}


def exports_page() -> str:
    return render("exports.md", schema_version=trusted(SCHEMA_VERSION),
                  example=trusted(json.dumps(EXAMPLE, indent=2, ensure_ascii=False)))
