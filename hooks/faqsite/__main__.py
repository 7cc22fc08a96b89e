"""Validate the content without building: `PYTHONPATH=hooks python -m faqsite check [ROOT]`."""
from __future__ import annotations

import sys
from pathlib import Path

from .site import ContentError, prepare


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "check":
        print("usage: python -m faqsite check [PROJECT_ROOT]", file=sys.stderr)
        return 2
    root = Path(argv[1]) if len(argv) > 1 else Path.cwd()
    try:
        site = prepare(root / "docs", root / "data", "/", "check")
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"ok: {len(site.content.questions)} questions, {len(site.matrix.properties)} comparison rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
