"""Lighthouse scores (mobile) for the main page types, served by nginx as in production.

    cd benchmarks && npm ci && cd .. && .venv/bin/python benchmarks/lighthouse.py

Not part of `make test`: scores vary with machine load, so they are measured and recorded here
(benchmarks/results/lighthouse.json and benchmarks/README.md), not asserted.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))
from faqsite.release.server import nginx_config  # noqa: E402

PAGES = ["", "disk-encryption/", "disk-encryption/sse-disable/", "comparison/", "decision-guide/", "tags/ade/",
         "glossary/", "controls/", "about/", "coverage/", "review-status/", "what-changed/", "all-questions/",
         "recently-reviewed/", "exports/", "q/ENC-028/2026-12-01/"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# What the performance score is made of, in ms (simulated mobile: slow 4G and a 4x slower CPU).
METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "speed-index"]
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
LIGHTHOUSE = Path(__file__).parent / "node_modules" / ".bin" / "lighthouse"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    os.chmod(work, 0o755)  # nginx's workers (nobody when run as root) must read the site
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": base}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(work / "site")],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    (work / "nginx.conf").write_text(nginx_config(work / "site", f"127.0.0.1:{port}", work))
    server = subprocess.Popen(["/usr/sbin/nginx", "-c", str(work / "nginx.conf"), "-p", str(work)])
    time.sleep(0.5)
    results: dict[str, dict[str, float]] = {}
    try:
        for page in PAGES:
            out = subprocess.run(
                [str(LIGHTHOUSE), base + page, "--output=json", "--output-path=stdout", "--quiet",
                 f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
                env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, capture_output=True, text=True)
            if out.returncode != 0:  # a run that fails (a Chromium crash under load) is recorded, not fatal
                print(f"{'/' + page:32} lighthouse failed: {out.stderr.strip().splitlines()[-1:]}", flush=True)
                results["/" + page] = {"error": out.stderr.strip()[-500:]}  # type: ignore[dict-item]
                continue
            report = json.loads(out.stdout)
            results["/" + page] = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
            failing = [a["id"] for a in report["audits"].values()
                       if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"]
            results["/" + page]["failing_binary_audits"] = failing
            metrics = {m: round(report["audits"][m]["numericValue"]) for m in METRICS}
            results["/" + page]["metrics_ms"] = metrics
            print(f"{'/' + page:32} " + " ".join(f"{c}={results['/' + page][c]}" for c in CATEGORIES)
                  + " | " + " ".join(f"{m}={v}" for m, v in metrics.items())
                  + (f"  failing: {', '.join(failing)}" if failing else ""), flush=True)
    finally:
        server.terminate()
    target = Path(__file__).parent / "results" / "lighthouse.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps({"lighthouse": "12.8.2", "form_factor": "mobile", "pages": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
