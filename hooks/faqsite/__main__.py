"""Command line for the generation step, without MkDocs' own CLI.

    PYTHONPATH=hooks python -m faqsite check [PROJECT_ROOT]      validate the content, build nothing
    PYTHONPATH=hooks python -m faqsite publish TARGET            build, check, then switch TARGET atomically
    PYTHONPATH=hooks python -m faqsite rollback TARGET           switch TARGET back to the release before
    PYTHONPATH=hooks python -m faqsite linkcheck SITE_DIR        check a built site's internal links
    PYTHONPATH=hooks python -m faqsite nginx SITE_DIR [LISTEN] [--user NAME] [--hsts]
                                                                 print an nginx.conf serving SITE_DIR
    PYTHONPATH=hooks python -m faqsite sources [--site SITE_DIR] check cited pages and outbound links (--help)
    PYTHONPATH=hooks python -m faqsite pregenerate OUT [--for mkdocs|zensical]
                                                                 write a project plain MkDocs or Zensical builds
    PYTHONPATH=hooks python -m faqsite staticwebapp SITE_DIR [--write]
                                                                 print (or write) staticwebapp.config.json
"""
from __future__ import annotations

import sys
from pathlib import Path

from .pregenerate import pregenerate_command
from .release.linkcheck import check_site
from .release.publish import publish_command, rollback_command
from .release.server import nginx_command
from .release.staticwebapp import staticwebapp_command
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
        return publish_command(args[0])
    if command == "rollback" and len(args) == 1:
        return rollback_command(args[0])
    if command == "linkcheck" and len(args) == 1:
        problems = check_site(Path(args[0]))
        print("\n".join(problems) or "ok: no broken internal link or anchor",
              file=sys.stderr if problems else sys.stdout)
        return 1 if problems else 0
    if command == "nginx" and args:
        return nginx_command(args)
    if command == "pregenerate" and args:
        return pregenerate_command(args)
    if command == "staticwebapp" and args:
        return staticwebapp_command(args)
    if command == "sources":
        from .upkeep.sources import main as sources  # network code, loaded only for this command
        return sources(args)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
