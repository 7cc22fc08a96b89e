"""Azure Static Web Apps configuration (staticwebapp.config.json), derived from a built site like nginx.conf.

    PYTHONPATH=hooks python -m faqsite staticwebapp SITE_DIR [--write] > staticwebapp.config.json

It carries what the nginx configuration guarantees: the same security headers and Content-Security-Policy
(faqsite.release.server), real 301s for every redirect stub in the site (short links and renamed pages), the
404 page, Cache-Control (immutable for content-hashed assets, revalidate for everything else) and the MIME types
of the exports. Static Web Apps routes cannot match a regular expression or a query, so each hashed asset gets
an exact route; its routes match in any letter case (so `/q/enc-001/` redirects, as under nginx). The file may
not exceed 20 KB: about 170 short links fit, and the command refuses a site that needs more.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from .server import redirects, security_headers

CONFIG_NAME = "staticwebapp.config.json"
# Static Web Apps refuses a configuration file over 20 KB (its 'Restrictions').
MAX_BYTES = 20 * 1024
SCHEMA_URL = "https://json.schemastore.org/staticwebapp.config.json"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# Content-hashed theme files (bundle.<hash>.min.js, main.<hash>.min.css): the pattern of nginx's cache map.
HASHED_ASSET = re.compile(r"assets/.+\.[0-9a-f]{8,}(\.min)?\.(css|js)\Z")
MIME_TYPES = {
    ".json": "application/json; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".xml": "text/xml; charset=utf-8",
}


class StaticWebAppError(Exception):
    pass


def redirect_routes(site_dir: Path) -> list[dict[str, object]]:
    """A 301 route for each redirect stub. A route naming a folder's index.html also matches the folder with
    and without its slash. Routes match in any letter case, and the service refuses two routes that differ only
    in case, so the stubs of one short link in several cases (/q/ENC-001/, /q/enc-001/) give one route."""
    found: dict[str, tuple[str, str]] = {}
    for source, target in redirects(site_dir).items():
        first = found.setdefault(source.lower(), (source, target))
        if first[1] != target:
            raise StaticWebAppError(f"{first[0]} and {source} differ only in case but redirect to {first[1]} and "
                                    f"{target}: Static Web Apps matches routes in any case")
    return [{"route": f"{source}index.html", "redirect": target, "statusCode": 301}
            for source, target in found.values()]


def cache_routes(site_dir: Path) -> list[dict[str, object]]:
    """Immutable caching for each content-hashed asset (the name changes whenever the content does)."""
    assets = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file())
    return [{"route": f"/{path}", "headers": {"Cache-Control": IMMUTABLE}} for path in assets
            if HASHED_ASSET.match(path)]


def global_headers(site_dir: Path) -> dict[str, str]:
    """The nginx configuration's headers (HSTS included: Static Web Apps serves HTTPS only), with Cache-Control
    set to revalidate: the hashed assets' routes override it."""
    headers = {name: value for name, value in security_headers(site_dir, hsts=True) if name != "Cache-Control"}
    return {**headers, "Cache-Control": REVALIDATE}


def static_web_app_config(site_dir: Path) -> dict[str, object]:
    if not (site_dir / "404.html").is_file():
        raise StaticWebAppError(f"{site_dir} has no 404.html: is it a built site?")
    return {
        "$schema": SCHEMA_URL,
        "trailingSlash": "auto",
        "routes": [*redirect_routes(site_dir), *cache_routes(site_dir)],
        "responseOverrides": {"404": {"rewrite": "/404.html", "statusCode": 404}},
        "globalHeaders": global_headers(site_dir),
        "mimeTypes": MIME_TYPES,
    }


def config_text(site_dir: Path) -> str:
    """The file's text, one route per line so that a review diff shows what changed; refused over 20 KB."""
    entries = []
    for key, value in static_web_app_config(site_dir).items():
        if isinstance(value, list):
            items = ",\n".join(f"    {json.dumps(item, ensure_ascii=False, separators=(',', ':'))}" for item in value)
            entries.append(f'  {json.dumps(key)}: [\n{items}\n  ]')
        else:
            entries.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    text = "{\n" + ",\n".join(entries) + "\n}\n"
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise StaticWebAppError(f"{CONFIG_NAME} would be {size} bytes, over Static Web Apps' limit of {MAX_BYTES}: "
                                "the meta-refresh stubs still redirect, but fewer routes must be written")
    return text


def staticwebapp_command(args: list[str]) -> int:
    """`python -m faqsite staticwebapp SITE_DIR`: print the configuration, or write it into SITE_DIR (--write)."""
    parser = argparse.ArgumentParser(prog="python -m faqsite staticwebapp", description=staticwebapp_command.__doc__)
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("--write", action="store_true", help=f"write SITE_DIR/{CONFIG_NAME} instead of printing")
    options = parser.parse_args(args)
    try:
        text = config_text(options.site_dir)
        if options.write:
            (options.site_dir / CONFIG_NAME).write_text(text, encoding="utf-8")
    except (StaticWebAppError, OSError) as error:
        print(f"staticwebapp: {error}", file=sys.stderr)
        return 1
    if not options.write:
        sys.stdout.write(text)
    return 0
