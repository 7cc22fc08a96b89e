"""The production web server's configuration (nginx), derived from a built site.

    PYTHONPATH=hooks python -m faqsite nginx SITE_DIR [LISTEN] [--user NAME] [--hsts] > nginx.conf
"""
from __future__ import annotations

import argparse
import grp
import os
import pwd
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from string import Template
from urllib.parse import quote, urljoin, urlsplit

from .csp import script_hashes

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
HSTS = "max-age=31536000; includeSubDomains"
# Paths written into the configuration unquoted; a stub elsewhere keeps working through its meta refresh.
PLAIN_PATH = re.compile(r"[A-Za-z0-9._~/-]+\Z")
SHORT_LINK = re.compile(r"q/([A-Za-z0-9-]+)\Z")
USER_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")
LISTEN = re.compile(r"[A-Za-z0-9_.:\[\]-]+\Z")  # 0.0.0.0:80, [::]:8080, 8080, localhost:80


class ServerConfigError(Exception):
    pass


def content_security_policy(site_dir: Path) -> str:
    scripts = " ".join(["'self'", *script_hashes(site_dir)])
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


def security_headers(site_dir: Path, hsts: bool) -> list[tuple[str, str]]:
    headers = [
        ("Content-Security-Policy", content_security_policy(site_dir)),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
        ("Cache-Control", "$faq_cache_control"),
    ]
    return headers + ([("Strict-Transport-Security", HSTS)] if hsts else [])


class _StubParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refresh: str | None = None
        self.noindex = False
        self.temporary = False  # <meta name="faq-redirect" content="current-version">: export.version_stubs

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag != "meta":
            return
        if (values.get("http-equiv") or "").lower() == "refresh" and "url=" in (values.get("content") or ""):
            self.refresh = (values.get("content") or "").split("url=", 1)[1].strip()
        self.noindex = self.noindex or (values.get("name"), values.get("content")) == ("robots", "noindex")
        self.temporary = self.temporary or (values.get("name"), values.get("content")) == ("faq-redirect",
                                                                                           "current-version")


def redirects(site_dir: Path) -> dict[str, str]:
    """{'/q/ENC-001/': '/disk-encryption/own-keys/', ...}: every redirect stub of the site (an index.html
    with a meta refresh and robots noindex), its target resolved to a path from the site's root.

    Not the address of an answer's current version: it becomes a page once the answer is reviewed again, and
    browsers would keep following a 301 cached before. Its stub redirects through its meta refresh."""
    found: dict[str, str] = {}
    for stub in sorted(site_dir.rglob("index.html")):
        text = stub.read_text(encoding="utf-8", errors="replace")
        source = f"/{stub.parent.relative_to(site_dir).as_posix()}/"
        target = stub_target(source, text) if "refresh" in text and stub.parent != site_dir else None
        if target and PLAIN_PATH.match(source):
            found[source] = target
    return found


def stub_target(source: str, html: str) -> str | None:
    """Where the stub at `source` sends readers, as a path from the site's root; None if it is no stub."""
    parser = _StubParser()
    parser.feed(html)
    if not parser.refresh or not parser.noindex or parser.temporary or urlsplit(parser.refresh).netloc:
        return None
    target = urlsplit(urljoin(source, parser.refresh))
    if target.scheme:
        return None
    return quote(target.path, safe="/%") + (f"#{quote(target.fragment)}" if target.fragment else "")


def redirect_locations(found: dict[str, str]) -> tuple[str, str]:
    """nginx locations: exact ones for each stub (with and without the slash), and case-insensitive ones
    for the short links, which go inside `location ^~ /q/`."""
    exact, any_case = [], []
    for source, target in found.items():
        for path in (source, source.rstrip("/")):
            exact.append(f'        location = {path} {{ return 301 "{target}"; }}')
        short = SHORT_LINK.match(source.strip("/"))
        if short:
            any_case.append(f'            location ~* ^/q/{short.group(1)}/?$ {{ return 301 "{target}"; }}')
    return "\n".join(exact), "\n".join(any_case)


def user_line(user: str | None) -> str:
    """Workers never run as root: `nobody` when the configuration is made as root, unless told otherwise."""
    running_as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    name = user or ("nobody" if running_as_root else None)
    if name is None:
        return "# user: nginx started by a non-root user keeps its workers as that user"
    if not USER_NAME.match(name):
        raise ServerConfigError(f"--user {name!r} is not a user name")
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return f"user {name};"
    if entry.pw_uid == 0:
        raise ServerConfigError(f"--user {name}: the workers must not run as root")
    try:
        return f"user {name} {grp.getgrgid(entry.pw_gid).gr_name};"  # Debian's nobody has no group 'nobody'
    except KeyError:
        return f"user {name};"


def nginx_config(site_dir: Path, listen: str, runtime_dir: Path, user: str | None = None, hsts: bool = False) -> str:
    """A complete nginx.conf serving site_dir on `listen` (e.g. '127.0.0.1:8080'). `hsts` for a site reached
    over HTTPS only (TLS here or at a proxy in front)."""
    if not LISTEN.match(listen):
        raise ServerConfigError(f"{listen!r} is not an address to listen on, like 0.0.0.0:80")
    exact, any_case = redirect_locations(redirects(site_dir))
    headers = "\n".join(f'        add_header {name} "{value}" always;'
                        for name, value in security_headers(site_dir, hsts))
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        USER=user_line(user),
        RUNTIME=str(runtime_dir),
        LISTEN=listen,
        ROOT=str(site_dir),
        HEADERS=headers,
        REDIRECTS=exact,
        ID_REDIRECTS=any_case,
    )


def nginx_command(args: list[str]) -> int:
    """`python -m faqsite nginx`: print the configuration, after creating its runtime folder beside SITE_DIR."""
    parser = argparse.ArgumentParser(prog="python -m faqsite nginx", description=nginx_command.__doc__)
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("listen", nargs="?", default="127.0.0.1:8080")
    parser.add_argument("--user", help="the workers' user (default: nobody when run as root)")
    parser.add_argument("--hsts", "--tls", action="store_true", help="served over HTTPS: add Strict-Transport-Security")
    options = parser.parse_args(args)
    site = options.site_dir.absolute()
    runtime = site.parent / "nginx-runtime"
    try:
        config = nginx_config(site, options.listen, runtime, options.user, options.hsts)
        runtime.mkdir(parents=True, exist_ok=True)
    except (ServerConfigError, OSError) as error:
        print(f"nginx: {error}", file=sys.stderr)
        return 1
    private = private_folder(site)
    if private and "\nuser " in config:  # the workers run as another user
        print(f"nginx: warning: {private} is not readable by other users, so the workers cannot serve the site",
              file=sys.stderr)
    print(config)
    return 0


def private_folder(site_dir: Path) -> Path | None:
    """The first folder on the way to the site that other users may not enter, if any."""
    for folder in [*reversed(site_dir.resolve().parents), site_dir.resolve()]:
        if folder.is_dir() and not folder.stat().st_mode & 0o001:
            return folder
    return None
