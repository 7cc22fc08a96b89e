"""The production web server's configuration, derived from a built site."""
from __future__ import annotations

import base64
import hashlib
import os
import re
from pathlib import Path
from string import Template

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)


def inline_script_hashes(site_dir: Path) -> list[str]:
    """CSP source expressions for every inline script that runs on some page.

    Material writes a few small inline scripts into each page (one varies with the page's depth), so
    the set is small and stable; JSON data blocks and external scripts need no hash.
    """
    hashes: set[str] = set()
    for page in site_dir.rglob("*.html"):
        for match in INLINE_SCRIPT.finditer(page.read_text(encoding="utf-8", errors="replace")):
            attrs = match.group("attrs").lower()
            if "src=" in attrs or "application/json" in attrs or not match.group("body").strip():
                continue
            digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
            hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(hashes)


def content_security_policy(site_dir: Path) -> str:
    scripts = " ".join(["'self'", *inline_script_hashes(site_dir)])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def nginx_config(site_dir: Path, listen: str, runtime_dir: Path) -> str:
    """A complete nginx.conf serving site_dir on `listen` (e.g. '127.0.0.1:8080')."""
    running_as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        USER="user root;" if running_as_root else "",  # workers must read the site, wherever it was built
        RUNTIME=str(runtime_dir),
        LISTEN=listen,
        ROOT=str(site_dir),
        CSP=content_security_policy(site_dir),
    )
