"""Performance benchmark of the FAQ build and its search (issue 21: one table, with the issue's budgets).

    .venv/bin/python benchmarks/run.py                              # real site, N = 1,000 and N = 5,000
    .venv/bin/python benchmarks/run.py --repeats 3,3,1              # builds of each kind per size (0, 1000, 5000)
    .venv/bin/python benchmarks/run.py --sizes 0,200 --repeats 1    # a quick check of the harness
    .venv/bin/python benchmarks/run.py --report-only                # only: the table again from latest.json
    .venv/bin/python benchmarks/run.py --profile 1000               # only: cProfile of one build at N = 1,000

For each size it makes a corpus (benchmarks/corpus.py: a copy of the project plus N generated questions; N = 0 is
the real site as it is) and measures, alternating, the builds of the same content:

- hook: the site as it is built, `mkdocs build --strict` with hooks/faq.py;
- pregenerated: the pages made in advance (`python -m faqsite pregenerate`, timed on its own) and built by plain
  MkDocs without the hook, into the same site;
- baseline: plain Material on the Markdown files as written, nothing generated ("bare pages");
- zensical: the project `pregenerate --for zensical` writes, built by `.venv-zensical/bin/zensical build --strict
  --clean` (only when that venv exists; "n/a" otherwise).

Each build runs in a fresh wrapper process (benchmarks/_measure.py: wall time, CPU, peak RSS); the median of the
repeats is reported, and the largest peak memory. Then, per size: site and page sizes, what search downloads, and in
Chromium (Playwright, /usr/bin/chromium) the time until search is ready and until the first result, for the hook's
site and the bare pages; one profiled build per MkDocs variant (benchmarks/_shim.py) says where the time goes.

Results: the table on stdout and in benchmarks/results/table.md (with the budgets met or missed and the Lighthouse
table from benchmarks/results/lighthouse.json), everything in benchmarks/results/latest.json. Exit status 1 when a
measured budget is missed.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime
import functools
import gzip
import http.server
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.dont_write_bytecode = True  # importing corpus.py must not leave __pycache__ in benchmarks/
BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "hooks"))
import yaml  # noqa: E402

from corpus import make_corpus  # noqa: E402
from faqsite.pregenerate import DROPPED_ENTRIES, config_entries, entry_value  # noqa: E402

RESULTS = BENCH / "results" / "latest.json"
TABLE = BENCH / "results" / "table.md"
LIGHTHOUSE = BENCH / "results" / "lighthouse.json"
CHROMIUM = "/usr/bin/chromium"
ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
QUERIES = ["BYOK", "temp disk", "key rotation", "Site Recovery", "purge protection"]
ENV = {**{k: v for k, v in os.environ.items() if k != "OFFLINE"}, "NO_MKDOCS_2_WARNING": "1",
       "PYTHONDONTWRITEBYTECODE": "1", "SITE_URL": "https://faq.example.test/"}

# Budgets (issue 21)
HOOK_OVER_BARE_MAX = 1.5                    # hook build <= 1.5 x the bare-pages build, at these N
HOOK_OVER_BARE_AT = (1000, 5000)
SEARCH_READY_MAX_MS = {1000: 1000, 5000: 3000}
FIRST_RESULT_MAX_MS = {1000: 150}            # first result in the page, after the first key
GROWTH = (1000, 5000)                        # time, memory and size at 5,000 <= 5.5 x those at 1,000
GROWTH_MAX = 5.5
LIGHTHOUSE_MIN = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
# The page type behind each URL benchmarks/lighthouse.py measures (a URL not listed here is shown as it is).
PAGE_TYPES = {"/": "home", "/disk-encryption/": "topic", "/disk-encryption/sse-disable/": "question",
              "/comparison/": "comparison", "/decision-guide/": "decision guide", "/tags/ade/": "tag",
              "/glossary/": "glossary", "/controls/": "controls", "/controls/mcsb/": "controls of one framework",
              "/about/": "about", "/coverage/": "coverage",
              "/review-status/": "review status", "/what-changed/": "what changed", "/all-questions/": "all questions",
              "/recently-reviewed/": "recently reviewed", "/exports/": "exports"}

# The programs run.py starts in fresh processes, run by path: one command measured (wall time, peak RSS), one
# build in-process with timers around every event handler, and the generation step as a pre-build.
MEASURE = BENCH / "_measure.py"
SHIM = BENCH / "_shim.py"
PREGENERATE = BENCH / "_pregenerate.py"

VARIANTS = ("hook", "pregenerated", "baseline", "zensical")
PREBUILT = {"pregenerated": "mkdocs", "zensical": "zensical"}  # variant -> `pregenerate --for` target
NAMES = {"hook": "hook", "pregenerated": "pre-generated", "baseline": "bare pages", "zensical": "Zensical"}


# ------------------------------------------------------------------------------------------------ projects

def baseline_config(project: Path) -> Path:
    """mkdocs.yml without the hook (the entries the pre-build drops) and without strict mode: the generated pages
    (topics, tags, comparison, ...) are absent, so the nav entries and the home page's links to them only warn."""
    entries = config_entries((project / "mkdocs.yml").read_text(encoding="utf-8"))
    if "hooks" not in {key for key, _ in entries} or entry_value(entries, "strict") is not True:
        raise SystemExit("benchmarks/run.py: mkdocs.yml no longer has the 'hooks:' list or 'strict: true'")
    kept = "".join(entry for key, entry in entries if key not in DROPPED_ENTRIES and key != "strict")
    path = project / "mkdocs-baseline.yml"
    path.write_text(f"{kept.rstrip()}\n\nstrict: false\n", encoding="utf-8")
    return path


def config_file(project: Path, variant: str) -> Path:
    if variant in PREBUILT:
        return project / variant / "mkdocs.yml"
    return project / ("mkdocs.yml" if variant == "hook" else "mkdocs-baseline.yml")


def site_dir(project: Path, variant: str) -> Path:
    """Where a variant's build goes (Zensical always writes beside its mkdocs.yml)."""
    return project / "zensical" / "site" if variant == "zensical" else project / f"site-{variant}"


def build_command(project: Path, variant: str) -> list[str]:
    config = str(config_file(project, variant))
    if variant == "zensical":  # --clean: no cache from the previous build, so every build is a whole one
        return [str(ZENSICAL), "build", "--strict", "--clean", "-f", config]
    strict = ["--strict"] if variant != "baseline" else []
    return [sys.executable, "-m", "mkdocs", "build", *strict, "-f", config, "--site-dir",
            str(site_dir(project, variant))]


def measured(project: Path, name: str, command: list[str]) -> dict:
    """One command in a fresh _measure.py process: wall, CPU, peak RSS; the 1-minute load average before it."""
    log = project / f"{name}.log"
    load = os.getloadavg()[0]
    out = subprocess.run([sys.executable, str(MEASURE), str(log), *command], cwd=project, env=ENV,
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    if result["returncode"] != 0:
        raise BuildFailed(f"{name} failed in {project}:\n" + log.read_text(encoding="utf-8")[-4000:])
    return {**result, "load": load}


class BuildFailed(Exception):
    """A measured command exited non-zero. Zensical's failing is a result ("failed" in the table); any other stops
    the run, since its figures would mean nothing."""


def prebuild(project: Path, variant: str) -> dict:
    return measured(project, f"pregenerate-{variant}",
                    [sys.executable, str(PREGENERATE), str(project), str(project / variant), PREBUILT[variant]])


def profiled_build(project: Path, variant: str) -> dict:
    site = project / f"site-{variant}-profiled"
    out = subprocess.run([sys.executable, str(SHIM), str(config_file(project, variant)), str(site),
                          "0" if variant == "baseline" else "1", str(project / "data" / "ids.yml")],
                         cwd=project, env=ENV, capture_output=True, text=True)
    shutil.rmtree(site, ignore_errors=True)
    line = next((text for text in out.stdout.splitlines() if text.startswith("SHIM-RESULT ")), None)
    if out.returncode != 0 or line is None:
        raise SystemExit(f"profiled {variant} build failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")
    return json.loads(line[len("SHIM-RESULT "):])


# ------------------------------------------------------------------------------------------------ sizes

def read_ledger(project: Path) -> dict:
    return yaml.safe_load((project / "data" / "ids.yml").read_text(encoding="utf-8")) or {}


def search_files(site: Path) -> list[Path]:
    """What search downloads: every file under search/ and any file named like *search*index*."""
    found = {p for p in (site / "search").rglob("*") if p.is_file()} if (site / "search").is_dir() else set()
    found |= {p for p in site.rglob("*search*index*") if p.is_file()}
    return sorted(found)


def search_download(site: Path) -> dict:
    files = search_files(site)
    raw = [p.read_bytes() for p in files]
    return {"files": {p.relative_to(site).as_posix(): len(b) for p, b in zip(files, raw)},
            "bytes": sum(len(b) for b in raw), "gzip_bytes": sum(len(gzip.compress(b, 6)) for b in raw)}


def site_metrics(site: Path, ledger: dict) -> dict:
    total = files = 0
    for path in site.rglob("*"):
        if path.is_file():
            total += path.stat().st_size
            files += 1
    sizes = []
    for path in ledger.values():
        page = site / str(path)[: -len(".md")] / "index.html"
        if page.is_file():
            sizes.append((page.stat().st_size, page.relative_to(site).as_posix()))
    biggest = max(sizes, default=(0, ""))
    return {
        "site_bytes": total, "files": files, "question_pages": len(sizes),
        "question_html_avg_bytes": round(statistics.fmean(s for s, _ in sizes)) if sizes else None,
        "question_html_max_bytes": biggest[0], "question_html_max_page": biggest[1],
        "search_download": search_download(site),
    }


# ------------------------------------------------------------------------------------------------ search

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


MARK_FIRST_RESULT = """() => {
  window.__bench = {};
  document.addEventListener('keydown', () => { if (!window.__bench.key) window.__bench.key = performance.now(); },
                            {capture: true});
  new MutationObserver((records, observer) => {
    if (document.querySelector('.md-search-result__item')) {
      window.__bench.item = performance.now();
      observer.disconnect();
      // a message posted from the next animation frame is handled once that frame has been painted
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => { window.__bench.painted = performance.now(); };
        channel.port2.postMessage(null);
      });
    }
  }).observe(document.querySelector('.md-search-result'), {childList: true, subtree: true});
}"""
# Each key is held this long and the next one pressed this long after it is let go: about 60 ms a character, faster
# than people type. With Playwright's default (no pause, a key every 5-15 ms) Chromium runs the queued key events
# ahead of the worker's answers, so every result waited for the last key (README, "First result").
KEY_DELAY_MS = 30
SEARCH_READY = """() => { const meta = document.querySelector('.md-search-result__meta');
  return meta !== null && !meta.textContent.includes('Initializing'); }"""


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """The site over HTTP on 127.0.0.1, in a thread; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def one_query(browser: Any, base: str, query: str) -> dict:
    """A first visit (a fresh context, nothing cached): open the home page, open search, wait until it is ready,
    then type the query and time the first result."""
    context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
    fetched: list[str] = []  # every URL the page and its workers request
    context.on("request", lambda request: fetched.append(request.url))
    try:
        page = context.new_page()
        page.goto("./")
        start = time.perf_counter()
        page.click("input.md-search__input")
        page.wait_for_function(SEARCH_READY, timeout=180_000)
        ready = (time.perf_counter() - start) * 1000
        since_navigation = page.evaluate("performance.now()")
        page.evaluate(MARK_FIRST_RESULT)
        start = time.perf_counter()
        page.keyboard.type(query, delay=KEY_DELAY_MS)
        page.wait_for_selector(".md-search-result__item", timeout=60_000)
        typed = (time.perf_counter() - start) * 1000
        page.wait_for_function("window.__bench.painted", timeout=60_000)
        marks = page.evaluate("window.__bench")
        shown = page.eval_on_selector_all(".md-search-result__item > a.md-search-result__link", "els => els.length")
        return {"query": query, "fetched": fetched, "ready_ms": ready, "ready_since_navigation_ms": since_navigation,
                "in_page_ms": marks["item"] - marks["key"], "painted_ms": marks["painted"] - marks["key"],
                "typed_ms": typed, "results_shown": shown}
    finally:
        context.close()


def search_fetched(site: Path, urls: list[str]) -> dict:
    """The files named like *search* that a first visit fetched (the index, the worker), with their bytes on disk."""
    from urllib.parse import unquote, urlsplit
    paths = sorted({unquote(urlsplit(url).path).lstrip("/") for url in urls if "search" in urlsplit(url).path})
    files = {path: (site / path).stat().st_size for path in paths if (site / path).is_file()}
    return {"files": files, "bytes": sum(files.values())}


def search_latency(site: Path, queries: list[str]) -> dict:
    """Search in Chromium: ready (opening search until its meta line no longer says Initializing) and the first
    result, in the page (first keydown to the result in the DOM), painted, and as Playwright sees it. Medians."""
    from playwright.sync_api import sync_playwright

    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            runs = [one_query(browser, base, query) for query in queries]
        finally:
            browser.close()
    out: dict[str, Any] = {"queries": queries, "fetched": search_fetched(site, runs[0].pop("fetched")),
                           "runs": [{k: (round(v, 1) if isinstance(v, float) else v) for k, v in run.items()
                                     if k != "fetched"} for run in runs]}
    for key in ("ready_ms", "ready_since_navigation_ms", "in_page_ms", "painted_ms", "typed_ms"):
        out[f"{key[:-3]}_median_ms"] = round(statistics.median(run[key] for run in runs), 1)
    return out


def searched(site: Path, queries: list[str]) -> dict:
    """search_latency, or the error that stopped it (recorded: a site whose search fails is a result too)."""
    try:
        return search_latency(site, queries)
    except Exception as error:  # noqa: BLE001  (Playwright's timeouts and errors)
        return {"error": f"{type(error).__name__}: {str(error)[:500]}"}


# ------------------------------------------------------------------------------------------------ running

def summary(runs: list[dict]) -> dict:
    return {
        "wall_s": round(statistics.median(r["wall_s"] for r in runs), 2),
        "wall_s_runs": [round(r["wall_s"], 2) for r in runs],
        "peak_rss_mb": round(max(r["maxrss_kb"] for r in runs) / 1024, 1),
        "cpu_s": round(statistics.median(r["user_s"] + r["sys_s"] for r in runs), 2),
        "load_avg_1min": [round(r["load"], 2) for r in runs],
    }


def tolerated(variant: str, step: Callable[[], dict], failures: dict[str, str]) -> dict | None:
    """step(), or None with the failure recorded when it is Zensical's (see BuildFailed)."""
    try:
        return step()
    except BuildFailed as error:
        if variant != "zensical":
            raise SystemExit(str(error)) from None
        log(f"{NAMES[variant]} failed, left out of this size: {str(error)[-300:]}")
        failures[variant] = str(error)[-2000:]
        return None


def alternate(project: Path, n: int, variants: list[str], repeats: int,
              failures: dict[str, str]) -> dict[str, list[dict]]:
    """The variants' builds alternate, so that a busy neighbour slows them alike."""
    runs: dict[str, list[dict]] = {v: [] for v in variants}
    for round_ in range(1, repeats + 1):
        for variant in [v for v in variants if v not in failures]:
            log(f"N = {n}: {NAMES[variant]} build {round_}/{repeats}")
            run = tolerated(variant, functools.partial(measured, project, f"build-{variant}",
                                                       build_command(project, variant)), failures)
            if run is not None:
                runs[variant].append(run)
    return {v: r for v, r in runs.items() if v not in failures}


def measure_variants(project: Path, n: int, variants: tuple[str, ...], repeats: int, profile: bool) -> dict:
    prebuilt, failures = {}, {}
    for variant in [v for v in variants if v in PREBUILT]:
        log(f"N = {n}: pre-generating the pages for {NAMES[variant]}")
        step = tolerated(variant, functools.partial(prebuild, project, variant), failures)
        if step is not None:
            prebuilt[variant] = step
    result: dict[str, Any] = {v: {"error": error} for v, error in failures.items()}
    ledger = read_ledger(project)
    built = alternate(project, n, [v for v in variants if v not in failures], repeats, failures)
    result.update({v: {"error": error} for v, error in failures.items()})
    for variant, runs in built.items():
        entry = summary(runs)
        if variant in prebuilt:
            entry["prebuild_s"] = round(prebuilt[variant]["wall_s"], 2)
            entry["prebuild_peak_rss_mb"] = round(prebuilt[variant]["maxrss_kb"] / 1024, 1)
        entry.update(site_metrics(site_dir(project, variant), ledger))
        if profile and variant != "zensical":
            log(f"N = {n}: profiled {NAMES[variant]} build")
            entry["profile"] = profiled_build(project, variant)
        result[variant] = entry
    return result


def derived(result: dict) -> None:
    """Ratios between the variants, and the hook's own share of its profiled build."""
    hook, base = result["hook"], result["baseline"]
    result["hook_over_bare"] = round(hook["wall_s"] / base["wall_s"], 3)
    result["hook_over_bare_cpu"] = round(hook["cpu_s"] / base["cpu_s"], 3)
    same = result["pregenerated"]
    result["hook_over_pregenerated"] = round(hook["wall_s"] / same["wall_s"], 3)
    if "profile" in hook:
        events = hook["profile"]["events"]
        hook_s = sum(v["s"] for k, v in events.items() if k.startswith("hooks/"))
        result["hook_self_s"] = round(hook_s, 3)
        result["hook_self_share"] = round(hook_s / hook["profile"]["build_s"], 3)


def run_size(n: int, options: argparse.Namespace, repeats: int, source: Path) -> dict:
    log(f"N = {n}: generating the corpus")
    project = make_corpus(n, root=source)
    baseline_config(project)
    result: dict = {"generated": n, "questions": len(read_ledger(project)), "corpus": str(project),
                    "repeats": repeats}
    try:
        result.update(measure_variants(project, n, options.variants, repeats, options.profiled))
        derived(result)
        for variant in ("hook", "baseline"):  # the pre-generated site is the hook's site
            log(f"N = {n}: search in Chromium ({NAMES[variant]})")
            result[variant]["search"] = searched(site_dir(project, variant), options.queries)
    finally:
        if not options.keep:
            shutil.rmtree(project, ignore_errors=True)
    return result


def profile_only(n: int, top: int) -> None:
    """cProfile of one hook build at size n, printed (nothing written to benchmarks/)."""
    import pstats
    project = make_corpus(n)
    try:
        stats_file, site = project / "build.prof", project / "site"
        # cProfile writes its statistics however the program exits: a failed build is told by its missing site
        subprocess.run([sys.executable, "-m", "cProfile", "-o", str(stats_file), "-m", "mkdocs", "build", "-q",
                        "--strict", "--site-dir", str(site)], cwd=project, env=ENV, check=True)
        if not (site / "index.html").is_file():
            raise SystemExit(f"the profiled build at N = {n} failed")
        stats = pstats.Stats(str(stats_file))
        for key in ("cumulative", "tottime"):
            print(f"\n==== N = {n}: top {top} by {key} ====")
            stats.sort_stats(key).print_stats(top)
    finally:
        shutil.rmtree(project, ignore_errors=True)


def fingerprint(project: Path) -> str:
    """Short SHA-256 of the snapshot's files: which state of the project was measured."""
    import hashlib
    digest = hashlib.sha256()
    for path in sorted(p for p in project.rglob("*") if p.is_file()):
        digest.update(path.relative_to(project).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def package_versions() -> dict[str, str | None]:
    from importlib.metadata import PackageNotFoundError, version
    versions: dict[str, str | None] = {}
    for package in ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pyyaml", "playwright"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = None
    return versions


def tool_version(command: list[str]) -> str | None:
    if not Path(command[0]).exists():
        return None
    out = subprocess.run(command, capture_output=True, text=True)
    return (out.stdout or out.stderr).strip() or None


def machine() -> dict:
    info = {line.split(":", 1)[0].strip(): line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines() if ":" in line}
    mem_kb = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), None)
    return {"nproc": os.cpu_count(), "memory_gb": round(mem_kb / 1024 / 1024, 1) if mem_kb else None,
            "cpu": info.get("model name"), "python": platform.python_version(), "platform": platform.platform(),
            "packages": package_versions(), "chromium": tool_version([CHROMIUM, "--version"]),
            "zensical": tool_version([str(ZENSICAL), "--version"])}


# ------------------------------------------------------------------------------------------------ estimate

# Seconds on the quiet 2-core machine of benchmarks/README.md, as a + b x questions, from the CPU times of the check
# of 2026-12-02 at 144 and 344 questions (and the 2026-11-28 run at 1,076 and 5,076): a guide, not a promise.
COST = {"hook": (1.0, 0.07), "pregenerated": (3.0, 0.033), "baseline": (1.3, 0.0105), "zensical": (5.0, 0.045),
        "prebuild": (1.0, 0.015), "corpus": (1.0, 0.002), "search_query": (3.0, 0.004)}


def estimate_s(sizes: list[int], repeats: list[int], real: int, options: argparse.Namespace) -> float:
    def cost(kind: str, questions: int) -> float:
        a, b = COST[kind]
        return a + b * questions

    total = 0.0
    for n, k in zip(sizes, repeats):
        q = real + n
        builds = sum(cost(v, q) for v in options.variants)
        prebuilds = sum(cost("prebuild", q) for v in options.variants if v in PREBUILT)
        profiles = sum(cost(v, q) for v in options.variants if v != "zensical") if options.profiled else 0.0
        searches = 2 * len(options.queries) * cost("search_query", q)
        total += cost("corpus", q) + prebuilds + k * builds + profiles + searches
    return total


# ------------------------------------------------------------------------------------------------ the table

FAILED = float("nan")  # a measure whose step failed (a search that timed out), shown as "failed"


def fmt(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "n/a"
    return "failed" if value != value else f"{value:,.{digits}f}"


def get(result: dict, *keys: str) -> Any:
    """result[k1][k2]...; None when a step is missing (no Zensical, a search that failed)."""
    for key in keys:
        if not isinstance(result, dict) or key not in result:
            return None
        result = result[key]
    return result


def mb(value: int | None) -> float | None:
    return None if value is None else value / 1024 / 1024


def kb(value: int | None) -> float | None:
    return None if value is None else value / 1024


def of(result: dict, variant: str, *keys: str) -> Any:
    """A variant's figure; FAILED when that variant's build failed (Zensical's may, see BuildFailed)."""
    return FAILED if get(result, variant, "error") else get(result, variant, *keys)


def search_figure(result: dict, variant: str, key: str) -> float | None:
    return FAILED if get(result, variant, "search", "error") else get(result, variant, "search", key)


def total_build(result: dict, variant: str) -> float | None:
    wall = of(result, variant, "wall_s")
    return None if wall is None else wall + (get(result, variant, "prebuild_s") or 0)


Row = tuple[str, Callable[[dict], float | None], int]
PAINTED = "First result painted / through Playwright, hook, ms"


def rows() -> list[Row]:
    """Measure, how to read it from one size's result, and its digits. Growth is computed for every row."""
    out: list[Row] = [("Questions (answers)", lambda r: r["questions"], 0)]
    out += [("Build, hook, s (median)", lambda r: get(r, "hook", "wall_s"), 1),
            ("Build, pre-generated: pre-build + MkDocs, s", lambda r: total_build(r, "pregenerated"), 1),
            ("Build, bare pages (plain Material), s", lambda r: get(r, "baseline", "wall_s"), 1),
            ("Build, Zensical: pre-build + Zensical, s", lambda r: total_build(r, "zensical"), 1),
            ("Hook build ÷ bare-pages build", lambda r: r.get("hook_over_bare"), 2),
            ("Pre-build step alone (faqsite pregenerate), s", lambda r: get(r, "pregenerated", "prebuild_s"), 1),
            ("Hook's own code (event handlers), % of its profiled build",
             lambda r: 100 * r["hook_self_share"] if "hook_self_share" in r else None, 0)]
    for variant in VARIANTS:
        out.append((f"Peak memory, {NAMES[variant]}, MB", functools.partial(
            lambda r, v: of(r, v, "peak_rss_mb"), v=variant), 0))
    for variant in ("hook", "baseline", "zensical"):
        out.append((f"Site size, {NAMES[variant]}, MB", functools.partial(
            lambda r, v: mb(of(r, v, "site_bytes")), v=variant), 1))
    out += [("Question page HTML, average, KB (hook)", lambda r: kb(get(r, "hook", "question_html_avg_bytes")), 1),
            ("Question page HTML, largest, KB (hook)", lambda r: kb(get(r, "hook", "question_html_max_bytes")), 1)]
    for variant in ("hook", "baseline"):
        name = NAMES[variant]
        out += [(f"Search download, {name}, KB", functools.partial(
                    lambda r, v: kb(get(r, v, "search_download", "bytes")), v=variant), 0),
                (f"Search download, {name}, KB gzipped", functools.partial(
                    lambda r, v: kb(get(r, v, "search_download", "gzip_bytes")), v=variant), 0),
                (f"Search files a first visit fetches, {name}, KB", functools.partial(
                    lambda r, v: kb(get(r, v, "search", "fetched", "bytes")), v=variant), 0),
                (f"Search ready after opening it, {name}, ms", functools.partial(
                    lambda r, v: search_figure(r, v, "ready_median_ms"), v=variant), 0),
                (f"First result in the page after the first key, {name}, ms", functools.partial(
                    lambda r, v: search_figure(r, v, "in_page_median_ms"), v=variant), 0)]
        if variant == "hook":
            out.append((PAINTED, lambda r: None, 0))
    return out


def painted_cell(result: dict) -> str:
    search = get(result, "hook", "search") or {}
    painted, typed = search.get("painted_median_ms"), search.get("typed_median_ms")
    return "n/a" if painted is None else f"{painted:,.0f} / {typed:,.0f}"


def column_title(n: int, result: dict) -> str:
    answers = f"{result['questions']:,} answers"
    return f"Real site, N = 0 ({answers})" if n == 0 else f"N = {n:,} ({answers})"


def growth_cell(label: str, a: float | None, b: float | None) -> str:
    if label.startswith("Hook"):  # a ratio or a share: its growth says nothing
        return "–"
    if not a or b is None or a != a or b != b:
        return "n/a"
    return f"{b / a:.2f}×"


def main_table(results: dict[int, dict]) -> str:
    sizes = sorted(results)
    growth = all(n in results for n in GROWTH)
    header = ["Measure", *(column_title(n, results[n]) for n in sizes)]
    if growth:
        header.append(f"Growth {GROWTH[0]:,} → {GROWTH[1]:,}")
    lines = ["| " + " | ".join(header) + " |", "| --- |" + " ---: |" * (len(header) - 1)]
    for label, read, digits in rows():
        if label == PAINTED:
            cells = [painted_cell(results[n]) for n in sizes] + (["–"] if growth else [])
        else:
            values = {n: read(results[n]) for n in sizes}
            cells = [fmt(values[n], digits) for n in sizes]
            if growth:
                cells.append(growth_cell(label, values[GROWTH[0]], values[GROWTH[1]]))
        lines.append("| " + " | ".join([label, *cells]) + " |")
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------------ budgets

def check(budget: str, value: float | None, limit: float, shown: str) -> dict:
    if value is not None and value != value:
        return {"budget": budget, "value": "failed (see latest.json)", "met": False}
    return {"budget": budget, "value": shown if value is not None else "not measured",
            "met": None if value is None else value <= limit}


def build_budgets(results: dict[int, dict]) -> list[dict]:
    out = []
    for n in HOOK_OVER_BARE_AT:
        r = results.get(n, {})
        ratio = r.get("hook_over_bare")
        shown = (f"{ratio:.2f}× ({r['hook']['wall_s']:.1f} s ÷ {r['baseline']['wall_s']:.1f} s, medians of "
                 f"{r['repeats']} alternating builds)") if ratio is not None else ""
        out.append(check(f"Build with the hook ≤ {HOOK_OVER_BARE_MAX}× the bare-pages build at N = {n:,}", ratio,
                         HOOK_OVER_BARE_MAX, shown))
    return out


def search_budgets(results: dict[int, dict]) -> list[dict]:
    out = []
    for n, limit in SEARCH_READY_MAX_MS.items():
        ms = search_figure(results.get(n, {}), "hook", "ready_median_ms")
        out.append(check(f"Search index ready ≤ {limit / 1000:g} s at N = {n:,}", ms, limit, f"{fmt(ms, 0)} ms"))
    for n, limit in FIRST_RESULT_MAX_MS.items():
        search = get(results.get(n, {}), "hook", "search") or {}
        ms = search_figure(results.get(n, {}), "hook", "in_page_median_ms")
        shown = (f"{fmt(ms, 0)} ms in the page (painted {fmt(search.get('painted_median_ms'), 0)} ms, "
                 f"through Playwright {fmt(search.get('typed_median_ms'), 0)} ms)")
        out.append(check(f"First result ≤ {limit} ms after the first key at N = {n:,} (in the page)", ms, limit,
                         shown))
    return out


def growth_budgets(results: dict[int, dict]) -> list[dict]:
    a, b = GROWTH
    out = []
    for label, keys in (("build time", ("hook", "wall_s")), ("peak memory", ("hook", "peak_rss_mb")),
                        ("site size", ("hook", "site_bytes"))):
        first, last = get(results.get(a, {}), *keys), get(results.get(b, {}), *keys)
        ratio = last / first if first and last is not None else None
        out.append(check(f"Growth from {a:,} to {b:,} questions ≤ {GROWTH_MAX}× in {label} (hook)", ratio,
                         GROWTH_MAX, f"{ratio:.2f}×" if ratio else ""))
    return out


def lighthouse_pages(report: dict) -> list[dict]:
    """One row per page type of results/lighthouse.json: its four scores and whether it meets the budget."""
    out = []
    for url, page in report.get("pages", {}).items():
        scores = {c: page.get(c) for c in LIGHTHOUSE_MIN}
        met = "error" not in page and all(s is not None and s >= LIGHTHOUSE_MIN[c] for c, s in scores.items())
        kind = PAGE_TYPES.get(url) or ("a version of an answer" if url.startswith("/q/") else url)
        out.append({"page": url, "type": kind, **scores, "met": met,
                    "failing": page.get("failing_binary_audits") or (["error"] if "error" in page else [])})
    return out


def lighthouse_budget(pages: list[dict]) -> dict:
    budget = "Lighthouse mobile: performance ≥ 95, accessibility, best practices and SEO 100 on every page type"
    if not pages:
        return {"budget": budget, "value": "not measured (no results/lighthouse.json)", "met": None}
    missed = [p for p in pages if not p["met"]]
    lowest = min(pages, key=lambda p: p["performance"] if p["performance"] is not None else -1)
    value = (f"{len(pages) - len(missed)} of {len(pages)} page types met; lowest performance "
             f"{lowest['performance']} ({lowest['type']})")
    return {"budget": budget, "value": value, "met": not missed}


def read_lighthouse() -> dict:
    if not LIGHTHOUSE.is_file():
        return {}
    report = json.loads(LIGHTHOUSE.read_text(encoding="utf-8"))
    modified = datetime.datetime.fromtimestamp(LIGHTHOUSE.stat().st_mtime, datetime.timezone.utc)
    return {**report, "file_modified": modified.isoformat(timespec="minutes")}


def status(met: bool | None) -> str:
    return "not measured" if met is None else ("met" if met else "**missed**")


def budget_table(checks: list[dict]) -> str:
    lines = ["| Budget (issue 21) | Measured | Met |", "| --- | --- | --- |"]
    lines += [f"| {c['budget']} | {c['value']} | {status(c['met'])} |" for c in checks]
    return "\n".join(lines)


def lighthouse_table(pages: list[dict]) -> str:
    lines = ["| Page type | Performance | Accessibility | Best practices | SEO | Met | Failing pass/fail audits |",
             "| --- | ---: | ---: | ---: | ---: | --- | --- |"]
    for p in pages:
        scores = [fmt(p[c], 0) for c in LIGHTHOUSE_MIN]
        failing = ", ".join(f"`{a}`" for a in p["failing"]) or "–"
        lines.append(f"| {p['type']} (`{p['page']}`) | " + " | ".join(scores) + f" | {status(p['met'])} | {failing} |")
    return "\n".join(lines)


def loads(results: dict[int, dict]) -> str:
    values = [x for r in results.values() for v in VARIANTS if v in r for x in r[v].get("load_avg_1min", [])]
    return f"{min(values):.2f}–{max(values):.2f}" if values else "n/a"


def breakdown(results: dict[int, dict]) -> str:
    """Where the time goes, from the profiled builds: the hook's events and the faqsite functions inside them, and
    MkDocs' per-page work by kind of page, beside the bare pages'."""
    lines = []
    for n, r in sorted(results.items()):
        if "profile" not in r["hook"]:
            continue
        hp, pp, bp = r["hook"]["profile"], r["pregenerated"]["profile"], r["baseline"]["profile"]
        lines.append(f"N = {n:,}: profiled build {hp['build_s']:.1f} s with the hook, {pp['build_s']:.1f} s "
                     f"pre-generated, {bp['build_s']:.1f} s of the bare pages")
        lines += [f"    event  {key:<40} {v['s']:8.2f} s  ({v['calls']} calls)" for key, v in hp["events"].items()
                  if key.startswith("hooks/") or v["s"] >= 0.5]
        lines += [f"    hook   {key:<40} {v['s']:8.2f} s  ({v['calls']} calls)"
                  for key, v in hp["hook_functions"].items()]
        for key, v in hp["pages"].items():
            base = bp["pages"].get(key)
            beside = f"   bare pages {base['s']:7.2f} s ({base['pages']} pages)" if base else ""
            lines.append(f"    pages  {key:<40} {v['s']:8.2f} s  ({v['pages']} pages){beside}")
    return "\n".join(lines)


def report(record: dict, results: dict[int, dict], checks: list[dict], pages: list[dict]) -> str:
    m = record["machine"]
    variants = record["settings"].get("variants", VARIANTS)
    zensical = m["zensical"] or "n/a (no .venv-zensical)" if "zensical" in variants else "left out (--no-zensical)"
    real = results[0]["questions"] if 0 in results else None
    repeats = ", ".join(f"{r['repeats']} at N = {n:,}" for n, r in sorted(results.items()))
    lines = [
        "# Benchmark (issue 21)", "",
        f"Run of {record['date']}, {record['duration_s']:,} s; project state `{record['project_fingerprint']}`. "
        f"Machine: {m['nproc']} cores ({m['cpu']}), {m['memory_gb']} GB, Python {m['python']}, "
        f"MkDocs {m['packages']['mkdocs']}, Material {m['packages']['mkdocs-material']}, Zensical: {zensical}, "
        f"{m['chromium']}. One-minute load average before each build: {loads(results)}.", "",
        f"Builds alternate ({', '.join(NAMES[v] for v in variants)}), each in a fresh process; the median of the "
        f"repeats ({repeats}) and the largest peak memory are shown. Search figures are medians of "
        f"{len(record['settings']['queries'])} queries, each a first visit in Chromium.",
    ]
    if real is not None:
        lines += ["", f"N = 0 is the real site as it is: {real:,} answers today (the issue's 76 predates them); "
                      "N = 1,000 and N = 5,000 add that many generated questions to it."]
    lines += ["", main_table(results), "", "## Budgets", "", budget_table(checks), ""]
    if any("profile" in r["hook"] for r in results.values()):
        lines += ["## Where the time goes (profiled builds)", "", "```text", breakdown(results), "```", ""]
    if pages:
        lines += [f"## Lighthouse (mobile, {LIGHTHOUSE.name} of {record['lighthouse_modified']})", "",
                  lighthouse_table(pages), ""]
        if any("is-crawlable" in p["failing"] for p in pages):
            lines += ["`is-crawlable` fails where a page asks search engines not to index it (`noindex`), as a "
                      "version of an answer does on purpose; the budget asks for SEO 100 all the same.", ""]
    return "\n".join(lines)


def log(message: str) -> None:
    print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------------ main

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark the FAQ build and its search at scale (issue 21).")
    parser.add_argument("--sizes", default="0,1000,5000",
                        help="generated questions per size, comma-separated; 0 is the real site (default 0,1000,5000)")
    parser.add_argument("--repeats", default="3",
                        help="builds of each kind per size: one number, or one per size (3,3,1); the median is shown")
    parser.add_argument("--quick", action="store_true", help="one build of each kind, 3 queries, no profiled builds")
    parser.add_argument("--no-profile", dest="profiled", action="store_false",
                        help="skip the profiled builds (where the time goes)")
    parser.add_argument("--no-zensical", action="store_true", help="leave the Zensical build out")
    parser.add_argument("--project", type=Path, default=ROOT,
                        help="the project to measure (default: this checkout), e.g. a `git worktree` of HEAD")
    parser.add_argument("--keep", action="store_true", help="keep the corpora and built sites (printed paths)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="JSON results (default results/latest.json)")
    parser.add_argument("--table", type=Path, default=TABLE, help="Markdown table (default results/table.md)")
    parser.add_argument("--profile", type=int, metavar="N", help="only print a cProfile of one build at N")
    parser.add_argument("--report-only", action="store_true",
                        help="measure nothing: write the table again from --output's JSON and results/lighthouse.json")
    args = parser.parse_args(argv)
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    repeats = [int(k) for k in ("1" if args.quick else args.repeats).split(",") if k.strip()]
    if len(repeats) not in (1, len(args.sizes)) or min(repeats) < 1:
        parser.error("--repeats: one number, or one per size")
    args.repeats = repeats * len(args.sizes) if len(repeats) == 1 else repeats
    args.queries = QUERIES[:3] if args.quick else QUERIES
    args.profiled = args.profiled and not args.quick
    with_zensical = ZENSICAL.is_file() and not args.no_zensical
    args.variants = VARIANTS if with_zensical else VARIANTS[:-1]
    return args


def new_record(args: argparse.Namespace, results: dict[int, dict], state: str, estimate: float,
               started: float) -> dict:
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "duration_s": round(time.time() - started), "estimate_s": round(estimate),
        "machine": machine(), "project_fingerprint": state,
        "settings": {"sizes": args.sizes, "repeats": args.repeats, "queries": args.queries,
                     "variants": list(args.variants), "profiled": args.profiled, "site_url": ENV["SITE_URL"]},
        "results": {str(n): r for n, r in results.items()},
    }


def collect(args: argparse.Namespace) -> dict:
    """Every size measured from one snapshot of the project, so that edits made meanwhile do not mix in. The
    record is written after each size, so that a run stopped half-way keeps what it measured (--report-only)."""
    started = time.time()
    source = make_corpus(0, root=args.project)
    project_state = fingerprint(source)
    real = len(read_ledger(source))
    estimate = estimate_s(args.sizes, args.repeats, real, args)
    finish = datetime.datetime.now() + datetime.timedelta(seconds=estimate)
    log(f"sizes {args.sizes}, repeats {args.repeats}, variants {', '.join(args.variants)}, profiled builds "
        f"{'yes' if args.profiled else 'no'}: about {estimate / 60:.0f} min on a quiet 2-core machine "
        f"(until about {finish:%H:%M})")
    results: dict[int, dict] = {}
    try:
        for n, repeats in zip(args.sizes, args.repeats):
            results[n] = run_size(n, args, repeats, source)
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(json.dumps(new_record(args, results, project_state, estimate, started), indent=2)
                                   + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(source, ignore_errors=True)
    return new_record(args, results, project_state, estimate, started)


def judged(record: dict, results: dict[int, dict]) -> tuple[str, list[dict]]:
    """The budgets, with the Lighthouse scores as they are in results/lighthouse.json now, and the report."""
    lighthouse = read_lighthouse()
    pages = lighthouse_pages(lighthouse)
    checks = build_budgets(results) + search_budgets(results) + growth_budgets(results) + [lighthouse_budget(pages)]
    record.update(budgets=checks, lighthouse=pages, lighthouse_modified=lighthouse.get("file_modified"))
    return report(record, results, checks, pages), checks


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.profile is not None:
        profile_only(args.profile, 40)
        return 0
    record = json.loads(args.output.read_text(encoding="utf-8")) if args.report_only else collect(args)
    results = {int(n): r for n, r in record["results"].items()}
    text, checks = judged(record, results)
    print("\n" + text)
    for path, content in ((args.output, json.dumps(record, indent=2) + "\n"), (args.table, text)):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        print(f"Wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0 if all(c["met"] is not False for c in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
