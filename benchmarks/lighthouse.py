"""Lighthouse scores (mobile) for the main page types, served by nginx as in production.

    cd benchmarks && npm ci && cd .. && .venv/bin/python benchmarks/lighthouse.py
    .venv/bin/python benchmarks/lighthouse.py --runs 3 --pages comparison/ coverage/   # median of 3, two pages

Not part of `make test`: scores vary with machine load, so they are measured and recorded here
(benchmarks/results/lighthouse.json and benchmarks/README.md), not asserted.
"""
from __future__ import annotations

import argparse
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
         "glossary/", "controls/", "controls/mcsb/", "about/", "coverage/", "review-status/", "what-changed/",
         "all-questions/", "recently-reviewed/", "exports/", "q/ENC-028/2026-11-28/"]
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


def lighthouse(url: str) -> dict | None:
    """One Lighthouse run of `url`: its report, or None when the run failed (a Chromium crash under load)."""
    out = subprocess.run(
        [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, capture_output=True, text=True)
    if out.returncode != 0:
        print(f"{url:40} lighthouse failed: {out.stderr.strip().splitlines()[-1:]}", flush=True)
        return None
    return json.loads(out.stdout)


def summary(report: dict) -> dict:
    """The scores, the failing binary audits and the metrics of one report, as results/lighthouse.json holds them."""
    result: dict = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    result["failing_binary_audits"] = [
        a["id"] for a in report["audits"].values()
        if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"]
    result["metrics_ms"] = {m: round(report["audits"][m]["numericValue"]) for m in METRICS}
    return result


def measure(url: str, runs: int) -> dict:
    """The run with the median performance score of `runs` runs (all of them failed: the last error)."""
    done = [summary(r) for r in (lighthouse(url) for _ in range(runs)) if r is not None]
    if not done:
        return {"error": "every run failed"}
    done.sort(key=lambda r: (r["performance"], -r["metrics_ms"]["total-blocking-time"]))
    median = done[(len(done) - 1) // 2]
    if runs > 1:
        median["performance_runs"] = [r["performance"] for r in done]
    return median


def serve_and_measure(pages: list[str], runs: int) -> dict[str, dict]:
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
    results: dict[str, dict] = {}
    try:
        for page in pages:
            results["/" + page] = result = measure(base + page, runs)
            if "error" not in result:
                print(f"{'/' + page:32} " + " ".join(f"{c}={result[c]}" for c in CATEGORIES)
                      + " | " + " ".join(f"{m}={v}" for m, v in result["metrics_ms"].items())
                      + (f"  runs: {result['performance_runs']}" if runs > 1 else "")
                      + (f"  failing: {', '.join(result['failing_binary_audits'])}"
                         if result["failing_binary_audits"] else ""), flush=True)
    finally:
        server.terminate()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="+", metavar="PAGE", choices=PAGES, default=PAGES,
                        help="page paths as in PAGES ('' is the home page); the others keep their recorded results")
    parser.add_argument("--runs", type=int, default=1, metavar="K",
                        help="run Lighthouse K times per page and record the run with the median performance score")
    args = parser.parse_args()
    results = serve_and_measure(args.pages, args.runs)
    target = Path(__file__).parent / "results" / "lighthouse.json"
    target.parent.mkdir(exist_ok=True)
    recorded = json.loads(target.read_text())["pages"] if target.exists() and args.pages != PAGES else {}
    merged = {**recorded, **results}
    pages = {"/" + p: merged["/" + p] for p in PAGES if "/" + p in merged}
    report = {"lighthouse": "12.8.2", "form_factor": "mobile", "pages": pages}
    target.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
