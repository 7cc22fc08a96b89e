"""Azure Static Web Apps: staticwebapp.config.json (python -m faqsite staticwebapp SITE_DIR) carries what the nginx
configuration guarantees, passes the published schema, and the Static Web Apps CLI's emulator serves the site by it.

staticwebapp.config.schema.json is the schema the Static Web Apps CLI validates with: `schema/staticwebapp.config.json`
of the npm package @azure/static-web-apps-cli 2.0.10 (MIT), the file the CLI loads in dist/core/utils/json.js. The
emulator is that package, installed by `make test` into tests/build/node_modules with --ignore-scripts (keytar, which
only deploying uses, would download a prebuilt binary); it runs offline on 127.0.0.1.
"""
from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest

from faqsite.release.staticwebapp import StaticWebAppError, config_text
from serving import free_port, wait_for_port
from support import ROOT

HERE = Path(__file__).parent
SCHEMA = HERE / "staticwebapp.config.schema.json"
SWA = HERE / "node_modules" / ".bin" / "swa"


@pytest.fixture(scope="module")
def config(site_dir: Path) -> dict:
    return json.loads(config_text(site_dir))


@pytest.fixture(scope="module")
def questions(site_dir: Path) -> list[dict]:
    return json.loads((site_dir / "questions.json").read_text(encoding="utf-8"))["questions"]


def test_the_config_passes_the_published_schema(config: dict) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"] == "Azure Static Web Apps configuration file"
    validator = jsonschema.Draft4Validator(schema)
    assert [error.message for error in validator.iter_errors(config)] == []
    broken = {**config, "routes": [{"route": "/q/ENC-001/", "redirect": "/", "statusCode": "301"}]}
    assert not validator.is_valid(broken)  # the schema can fail


def test_the_command_prints_the_file_under_the_service_limit(site_dir: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "faqsite", "staticwebapp", str(site_dir)], capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "hooks")})
    assert result.returncode == 0, result.stderr
    assert 4000 < len(result.stdout.encode()) <= 20 * 1024
    assert json.loads(result.stdout)["$schema"] == "https://json.schemastore.org/staticwebapp.config.json"


def test_every_short_link_is_a_real_301(config: dict, questions: list[dict]) -> None:
    routes = {route["route"]: route for route in config["routes"]}
    for q in questions:
        route = routes[f"/q/{q['id']}/index.html"]
        assert route["statusCode"] == 301 and route["redirect"] == urlsplit(q["url"]).path
    # one route per short link: the lowercase stubs stay meta refreshes (routes differing only in case are refused)
    assert not any(route.startswith("/q/enc-") for route in routes)


def test_the_headers_are_nginx_s(config: dict) -> None:
    headers = config["globalHeaders"]
    csp = headers["Content-Security-Policy"]
    assert csp.startswith("default-src 'self'; script-src 'self' 'sha256-")
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp and "unsafe-inline" not in csp
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["Cache-Control"] == "no-cache"
    assert config["responseOverrides"] == {"404": {"rewrite": "/404.html", "statusCode": 404}}
    assert config["mimeTypes"][".csv"] == "text/csv; charset=utf-8"
    assert config["mimeTypes"][".json"] == "application/json; charset=utf-8"


def test_only_content_hashed_assets_are_immutable(config: dict) -> None:
    cached = {route["route"]: route["headers"]["Cache-Control"] for route in config["routes"] if "headers" in route}
    assert any(route.startswith("/assets/javascripts/bundle.") for route in cached)
    assert set(cached.values()) == {"public, max-age=31536000, immutable"}
    assert not any(route.endswith(("faq.js", "faq.css", ".html", ".json")) for route in cached)


def stub(site: Path, source: str, target: str) -> None:
    (site / source.strip("/")).mkdir(parents=True)
    (site / source.strip("/") / "index.html").write_text(
        f'<meta name="robots" content="noindex"><meta http-equiv="refresh" content="0; url={target}">')


def test_a_site_over_the_size_limit_or_with_clashing_stubs_is_refused(tmp_path: Path) -> None:
    (tmp_path / "404.html").write_text("not found")
    stub(tmp_path, "/q/ENC-001/", "/a/")
    stub(tmp_path, "/q/enc-001/", "/b/")
    with pytest.raises(StaticWebAppError, match="differ only in case"):
        config_text(tmp_path)
    shutil.rmtree(tmp_path / "q")
    for number in range(400):
        stub(tmp_path, f"/q/ENC-{number:03}/", f"/disk-encryption/answer-{number}/")
    with pytest.raises(StaticWebAppError, match="over Static Web Apps' limit of 20480"):
        config_text(tmp_path)


@pytest.fixture(scope="module")
def emulator(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """The Static Web Apps CLI's emulator serving a copy of the site with its staticwebapp.config.json."""
    if not SWA.exists():
        pytest.fail(f"{SWA} is missing: run `make test` (it installs tests/build/package-lock.json)")
    site = tmp_path_factory.mktemp("swa") / "site"
    shutil.copytree(site_dir, site)
    (site / "staticwebapp.config.json").write_text(config_text(site), encoding="utf-8")
    port = free_port()
    server = subprocess.Popen([str(SWA), "start", str(site), "--host", "127.0.0.1", "--port", str(port),
                               "--swa-config-location", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True, env={**os.environ, "NO_UPDATE_NOTIFIER": "1"}, start_new_session=True)
    try:
        wait_for_port(port, server, timeout=60)
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the CLI and the emulator it started
        server.wait(timeout=10)


def head(port: int, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_the_emulator_redirects_short_links_with_a_301(emulator: int, questions: list[dict]) -> None:
    for q in questions[:: max(1, len(questions) // 12)]:
        for path in (f"/q/{q['id']}/", f"/q/{q['id']}"):
            response = head(emulator, path)
            assert (response.status, urlsplit(response.getheader("Location") or "").path) == \
                (301, urlsplit(q["url"]).path), path


def test_the_emulator_sends_the_headers_caching_and_types(emulator: int, config: dict) -> None:
    page = head(emulator, "/")
    assert page.status == 200
    assert page.getheader("Content-Security-Policy") == config["globalHeaders"]["Content-Security-Policy"]
    assert page.getheader("X-Frame-Options") == "DENY" and page.getheader("Cache-Control") == "no-cache"
    bundle = next(route["route"] for route in config["routes"]
                  if route["route"].startswith("/assets/javascripts/bundle."))
    assert head(emulator, bundle).getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert head(emulator, "/assets/javascripts/faq.js").getheader("Cache-Control") == "no-cache"
    assert head(emulator, "/matrix.csv").getheader("Content-Type") == "text/csv; charset=utf-8"
    assert head(emulator, "/questions.json").getheader("Content-Type") == "application/json; charset=utf-8"


def test_the_emulator_serves_the_404_page(emulator: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", emulator, timeout=10)
    connection.request("GET", "/no-such-page/")
    response = connection.getresponse()
    assert response.status == 404
    assert "This page does not exist" in response.read().decode("utf-8")
