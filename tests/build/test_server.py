"""nginx as people deploy it: the README's command makes a configuration that starts as is, and the
served site gets real redirects, caching rules and the security headers on every response."""
from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from faqsite.release.server import nginx_config
from serving import copy_site, free_port, readable_folder, running_nginx
from support import ROOT

SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options",
                    "cross-origin-opener-policy", "permissions-policy", "cache-control")
IMMUTABLE = "public, max-age=31536000, immutable"
ALIAS = "disk-encryption/bring-your-own-key"  # an old path of ENC-001's page, as a rename leaves it


class Served:
    def __init__(self, folder: Path, port: int, config: str, server: subprocess.Popen[str]) -> None:
        self.folder, self.port, self.config, self.server = folder, port, config, server

    def get(self, path: str) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        connection.close()
        return response


def readme_command(folder: Path, listen: str, *options: str) -> subprocess.CompletedProcess[str]:
    """`PYTHONPATH=hooks .venv/bin/python -m faqsite nginx public LISTEN`, run from `folder`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}
    return subprocess.run([sys.executable, "-m", "faqsite", "nginx", "public", listen, *options], cwd=folder, env=env,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def served(site_dir: Path) -> Iterator[Served]:
    """A published-like folder (public -> public.releases/r1) in a world-readable place, configured by
    the README's command and started with plain `nginx -c nginx.conf`."""
    with readable_folder() as folder:
        release = folder / "public.releases" / "r1"
        copy_site(site_dir, release)
        stub = (release / "q" / "ENC-001" / "index.html").read_text()
        (release / ALIAS).mkdir(parents=True)
        (release / ALIAS / "index.html").write_text(stub.replace('url=../../disk-encryption/own-keys/"',
                                                                 'url=../own-keys/"'))
        (folder / "public").symlink_to("public.releases/r1")
        port = free_port()
        result = readme_command(folder, f"127.0.0.1:{port}")
        assert result.returncode == 0, result.stderr
        (folder / "nginx.conf").write_text(result.stdout)
        with running_nginx(folder / "nginx.conf", port) as server:
            yield Served(folder, port, result.stdout, server)


def test_the_readme_command_makes_a_configuration_that_starts_as_is(served: Served) -> None:
    assert (served.folder / "nginx-runtime").is_dir() and (served.folder / "nginx-runtime" / "nginx.pid").is_file()
    assert "created by that command" in served.config
    assert served.get("/").status == 200


def test_workers_never_run_as_root(served: Served) -> None:
    assert os.geteuid() == 0, "these tests run as root here; the check below is about that case"
    assert re.search(r"^user nobody( \w+)?;$", served.config, re.M)
    workers = subprocess.run(["ps", "-o", "user=", "--ppid", str(served.server.pid)], capture_output=True,
                             text=True).stdout.split()
    assert workers and set(workers) == {"nobody"}
    refused = readme_command(served.folder, "127.0.0.1:1", "--user", "root")
    assert refused.returncode == 1 and "must not run as root" in refused.stderr


@pytest.mark.parametrize("path, expected", [
    ("/", "no-cache"),
    ("/disk-encryption/own-keys/", "no-cache"),
    ("/questions.json", "no-cache"),
    ("/matrix.csv", "no-cache"),
    ("/feed.xml", "no-cache"),
    ("/assets/stylesheets/faq.css", "no-cache"),
    ("/assets/javascripts/faq.js", "no-cache"),
    ("/assets/stylesheets/faq.css?v=0123abcd", IMMUTABLE),
    ("/assets/javascripts/faq.js?v=0123abcd", IMMUTABLE),
    ("BUNDLE", IMMUTABLE),
    ("STYLESHEET", IMMUTABLE),
])
def test_cache_control_by_kind_of_file(served: Served, site_dir: Path, path: str, expected: str) -> None:
    hashed = {"BUNDLE": next((site_dir / "assets" / "javascripts").glob("bundle.*.min.js")),
              "STYLESHEET": next((site_dir / "assets" / "stylesheets").glob("main.*.min.css"))}
    if path in hashed:
        path = "/" + hashed[path].relative_to(site_dir).as_posix()
    response = served.get(path)
    assert response.status == 200 and response.getheader("Cache-Control") == expected


@pytest.mark.parametrize("path", ["/q/ENC-001/", "/q/ENC-001", "/q/enc-001/", "/q/Enc-001", f"/{ALIAS}/", f"/{ALIAS}"])
def test_short_links_and_aliases_are_real_relative_redirects(served: Served, path: str) -> None:
    response = served.get(path)
    assert response.status == 301
    assert response.getheader("Location") == "/disk-encryption/own-keys/"


@pytest.mark.parametrize("path, status", [("/q/ENC-001/", 301), ("/disk-encryption", 301), ("/no/such/page/", 404),
                                          ("/.complete", 404), ("/assets/", 403)])
def test_security_headers_are_on_every_response(served: Served, path: str, status: int) -> None:
    response = served.get(path)
    assert response.status == status
    assert all(response.getheader(name) for name in SECURITY_HEADERS), response.getheaders()
    assert "unsafe-inline" not in response.getheader("Content-Security-Policy", "")
    assert response.getheader("Strict-Transport-Security") is None
    if status == 301:
        assert not response.getheader("Location", "").startswith("http")  # absolute_redirect off


def test_hsts_only_with_the_tls_option(served: Served, tmp_path: Path) -> None:
    port = free_port()
    runtime = tmp_path / "runtime"
    config = tmp_path / "nginx.conf"
    config.write_text(nginx_config(served.folder / "public", f"127.0.0.1:{port}", runtime, hsts=True))
    runtime.mkdir()
    with running_nginx(config, port):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for path in ("/", "/q/ENC-001/", "/missing/"):
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            assert response.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains"
        connection.close()
    assert "Strict-Transport-Security" in readme_command(served.folder, "127.0.0.1:1", "--tls").stdout
    assert "Strict-Transport-Security" not in served.config
