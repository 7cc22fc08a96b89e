"""Command line for the generation step, without MkDocs' own CLI.

    PYTHONPATH=hooks python -m faqsite check [PROJECT_ROOT]      validate the content, build nothing
    PYTHONPATH=hooks python -m faqsite publish TARGET            build, check, then switch TARGET atomically
    PYTHONPATH=hooks python -m faqsite linkcheck SITE_DIR        check a built site's internal links
    PYTHONPATH=hooks python -m faqsite nginx SITE_DIR [LISTEN]   print an nginx.conf serving SITE_DIR
"""
from __future__ import annotations

import sys
from pathlib import Path

from .linkcheck import check_site
from .publish import PublishError, publish
from .server import nginx_config
from .site import ContentError, prepare


def check(root: Path) -> int:
    try:
        site = prepare(root / "docs", root / "data", "/", "check")
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"ok: {len(site.content.questions)} questions, {len(site.matrix.properties)} comparison rows")
    return 0


def main(argv: list[str]) -> int:
    command, args = (argv[0], argv[1:]) if argv else ("", [])
    if command == "check" and len(args) <= 1:
        return check(Path(args[0]) if args else Path.cwd())
    if command == "publish" and len(args) == 1:
        try:
            release = publish(Path.cwd(), Path(args[0]))
        except PublishError as error:
            print(f"publish: nothing changed: {error}", file=sys.stderr)
            return 1
        print(f"published {release} at {args[0]}")
        return 0
    if command == "linkcheck" and len(args) == 1:
        problems = check_site(Path(args[0]))
        print("\n".join(problems) or "ok: no broken internal link or anchor", file=sys.stderr if problems else sys.stdout)
        return 1 if problems else 0
    if command == "nginx" and len(args) in (1, 2):
        site = Path(args[0]).absolute()
        print(nginx_config(site, args[1] if len(args) == 2 else "127.0.0.1:8080", site.parent / "nginx-runtime"))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
