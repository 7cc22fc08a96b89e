"""Screenshots of the main page types at desktop and phone width, for reading the reader's page by eye.

    .venv/bin/python benchmarks/screenshots.py SITE_DIR [OUT_DIR]

Serves SITE_DIR on 127.0.0.1 and drives Debian's Chromium (never a downloaded browser). First screen only:
what a reader sees before scrolling is the point (the short answer above the fold on a phone).
"""
from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {"home": "", "question": "disk-encryption/encryption-at-host/", "comparison": "comparison/",
         "decision-guide": "decision-guide/"}
WIDTHS = {1280: 900, 390: 844}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main(site: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    server, base = serve(site)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for width, height in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for name, path in PAGES.items():
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(out / f"{name}-{width}.png"))
                print(out / f"{name}-{width}.png")
            page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else Path("benchmarks/results/screenshots"))
