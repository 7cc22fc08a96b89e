"""Performance benchmark of the FAQ build (issue 8, "Performance at scale").

    .venv/bin/python benchmarks/run.py                      # real site, N = 1,000 and N = 5,000
    .venv/bin/python benchmarks/run.py --sizes 0,1000       # N = 0 is the real site as it is
    .venv/bin/python benchmarks/run.py --quick              # one build per variant, 3 search queries
    .venv/bin/python benchmarks/run.py --profile 1000       # only: cProfile of one build at N = 1,000

For each size it makes a corpus (benchmarks/corpus.py: a copy of the project plus N generated questions) and
measures three builds:

- hook: the site as it is built, `mkdocs build --strict` with hooks/faq.py;
- pregenerated: the same pages made in advance by the generation step (faqsite.pregenerate, timed on its
  own) and built by plain MkDocs without the hook, into the same site. "The hook adds" compares these two;
- baseline: plain Material on the same Markdown files as written, nothing generated.

For each it measures:

- build wall time and peak memory: `mkdocs build` in a fresh wrapper process that reads
  resource.getrusage(RUSAGE_CHILDREN) once the build exits (median of --repeats builds);
- the time spent in each hook event (and in the faqsite functions inside them), and the MkDocs time spent
  reading/rendering question pages, generated pages and other pages: one more build, in-process in a fresh
  subprocess, with timers wrapped around the registered event handlers after the config is loaded;
- site size, average and largest HTML of a question page, search index size;
- in Chromium, the time from typing a query to the first search result (median of 5 queries).

Results: a table on stdout, the budgets met or not, and benchmarks/results/latest.json.
"""
from __future__ import annotations

import argparse
import datetime
import functools
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
from pathlib import Path
from typing import Any

sys.dont_write_bytecode = True  # importing corpus.py must not leave __pycache__ in benchmarks/
BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "hooks"))
import yaml  # noqa: E402

from corpus import make_corpus  # noqa: E402
from faqsite.pregenerate import DROPPED_ENTRIES, config_entries, entry_value, read_config  # noqa: E402

RESULTS = BENCH / "results" / "latest.json"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
QUERIES = ["BYOK", "temp disk", "key rotation", "Site Recovery", "purge protection"]
ENV = {**{k: v for k, v in os.environ.items() if k != "OFFLINE"}, "NO_MKDOCS_2_WARNING": "1",
       "PYTHONDONTWRITEBYTECODE": "1", "SITE_URL": "https://faq.example.test/"}

# Budgets (issue 8)
HOOK_OVERHEAD_MAX = 0.10      # the hook adds at most 10% to the build time of the same pages without it
GROWTH_SLACK = 1.2            # 5x the questions may cost at most 6x (1.2 x linear)
QUESTION_PAGE_MAX = 40 * 1024  # average HTML of a question page
SEARCH_MS_MAX = 300           # first search result at N = 1,000

# The programs run.py starts in fresh processes, run by path: one command measured (wall time, peak RSS), one
# build in-process with timers around every event handler, and the generation step as a pre-build.
MEASURE = BENCH / "_measure.py"
SHIM = BENCH / "_shim.py"
PREGENERATE = BENCH / "_pregenerate.py"


# ------------------------------------------------------------------------------------------------ projects

def config_value(project: Path, key: str) -> Any:
    """One top-level entry of the project's mkdocs.yml, read the way the pre-build reads it."""
    return read_config((project / "mkdocs.yml").read_text(encoding="utf-8"))[key]


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


CONFIGS = {"hook": "mkdocs.yml", "pregenerated": "mkdocs-pregenerated.yml", "baseline": "mkdocs-baseline.yml"}


def pregenerate(project: Path) -> dict:
    shutil.rmtree(project / "docs-pregenerated", ignore_errors=True)
    out = subprocess.run([sys.executable, str(MEASURE), str(project / "pregenerate.log"), sys.executable,
                          str(PREGENERATE), str(project), ENV["SITE_URL"], str(config_value(project, "site_name"))],
                         cwd=project, env=ENV, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    if result["returncode"] != 0:
        raise SystemExit("pre-generation failed:\n" + (project / "pregenerate.log").read_text(encoding="utf-8")[-4000:])
    return result


def build_command(project: Path, variant: str, site_dir: Path) -> list[str]:
    strict = ["--strict"] if variant != "baseline" else []
    return [sys.executable, "-m", "mkdocs", "build", *strict, "-f", str(project / CONFIGS[variant]),
            "--site-dir", str(site_dir)]


def measured_build(project: Path, variant: str, site_dir: Path) -> dict:
    log = project / f"build-{variant}.log"
    out = subprocess.run([sys.executable, str(MEASURE), str(log), *build_command(project, variant, site_dir)],
                         cwd=project, env=ENV, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    if result["returncode"] != 0:
        raise SystemExit(f"{variant} build failed in {project}:\n" + log.read_text(encoding="utf-8")[-4000:])
    return result


def profiled_build(project: Path, variant: str, site_dir: Path) -> dict:
    config = project / CONFIGS[variant]
    out = subprocess.run([sys.executable, str(SHIM), str(config), str(site_dir), "0" if variant == "baseline" else "1",
                          str(project / "data" / "ids.yml")], cwd=project, env=ENV, capture_output=True, text=True)
    line = next((text for text in out.stdout.splitlines() if text.startswith("SHIM-RESULT ")), None)
    if out.returncode != 0 or line is None:
        raise SystemExit(f"profiled {variant} build failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")
    return json.loads(line[len("SHIM-RESULT "):])


def site_metrics(site: Path, project: Path) -> dict:
    total = files = 0
    largest = (0, "")
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            files += 1
            if path.suffix == ".html" and size > largest[0]:
                largest = (size, path.relative_to(site).as_posix())
    ledger = yaml.safe_load((project / "data" / "ids.yml").read_text(encoding="utf-8")) or {}
    sizes = []
    biggest = (0, "")
    for path in ledger.values():
        page = site / str(path)[: -len(".md")] / "index.html"
        if page.is_file():
            size = page.stat().st_size
            sizes.append(size)
            if size > biggest[0]:
                biggest = (size, page.relative_to(site).as_posix())
    index = site / "search" / "search_index.json"
    return {
        "site_bytes": total, "files": files,
        "question_pages": len(sizes),
        "question_html_avg_bytes": round(statistics.fmean(sizes)) if sizes else None,
        "question_html_max_bytes": biggest[0], "question_html_max_page": biggest[1],
        "largest_html_bytes": largest[0], "largest_html_page": largest[1],
        "search_index_bytes": index.stat().st_size if index.is_file() else None,
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


def search_latency(site: Path, queries: list[str]) -> dict:
    """Time from typing a query to the first result, in Chromium, on the home page: as Playwright sees it,
    in the page (first keydown to the result in the DOM) and once painted. Medians over the queries."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    typed, in_page, painted, ready, hits = [], [], [], [], {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
            page = context.new_page()
            for query in queries:
                page.goto("./")
                start = time.perf_counter()
                page.click("input.md-search__input")
                page.wait_for_function(
                    "!document.querySelector('.md-search-result__meta').textContent.includes('Initializing')",
                    timeout=180_000)
                ready.append((time.perf_counter() - start) * 1000)
                page.evaluate(MARK_FIRST_RESULT)
                start = time.perf_counter()
                page.keyboard.type(query)
                page.wait_for_selector(".md-search-result__item", timeout=60_000)
                typed.append((time.perf_counter() - start) * 1000)
                page.wait_for_function("window.__bench.painted", timeout=60_000)
                marks = page.evaluate("window.__bench")
                in_page.append(marks["item"] - marks["key"])
                painted.append(marks["painted"] - marks["key"])
                hits[query] = page.eval_on_selector_all(".md-search-result__item > a.md-search-result__link",
                                                        "els => els.length")
            context.close()
            browser.close()
    finally:
        server.shutdown()
    return {
        "queries": queries, "first_result_ms": [round(t, 1) for t in typed],
        "first_result_median_ms": round(statistics.median(typed), 1),
        "in_page_keydown_to_result_ms": [round(t, 1) for t in in_page],
        "in_page_median_ms": round(statistics.median(in_page), 1),
        "keydown_to_painted_ms": [round(t, 1) for t in painted],
        "painted_median_ms": round(statistics.median(painted), 1),
        "index_ready_median_ms": round(statistics.median(ready), 1),
        "results_shown": hits,
    }


# ------------------------------------------------------------------------------------------------ running

def summary(runs: list[dict]) -> dict:
    return {
        "wall_s": round(statistics.median(r["wall_s"] for r in runs), 2),
        "wall_s_runs": [round(r["wall_s"], 2) for r in runs],
        "peak_rss_mb": round(max(r["maxrss_kb"] for r in runs) / 1024, 1),
        "cpu_s": round(statistics.median(r["user_s"] + r["sys_s"] for r in runs), 2),
        "load_avg_1min": [round(r["load"], 2) for r in runs],
    }


def run_size(n: int, repeats: int, queries: list[str], search: bool, keep: bool, source: Path) -> dict:
    log(f"N = {n}: generating the corpus")
    project = make_corpus(n, root=source)
    baseline_config(project)
    ledger = yaml.safe_load((project / "data" / "ids.yml").read_text(encoding="utf-8")) or {}
    result: dict = {"generated": n, "questions": len(ledger), "corpus": str(project)}
    variants = tuple(CONFIGS)
    try:
        log(f"N = {n}: pre-generating the pages")
        step = pregenerate(project)
        result["pregenerate_s"] = round(step["wall_s"], 2)
        result["pregenerate_peak_rss_mb"] = round(step["maxrss_kb"] / 1024, 1)
        # the variants' builds alternate, so that a busy neighbour slows them alike
        runs: dict[str, list[dict]] = {v: [] for v in variants}
        for round_ in range(1, repeats + 1):
            for variant in variants:
                log(f"N = {n}: {variant} build {round_}/{repeats}")
                load = os.getloadavg()[0]
                runs[variant].append({**measured_build(project, variant, project / f"site-{variant}"), "load": load})
        for variant in variants:
            site = project / f"site-{variant}"
            entry = summary(runs[variant])
            entry.update(site_metrics(site, project))
            log(f"N = {n}: profiled {variant} build")
            entry["profile"] = profiled_build(project, variant, project / f"site-{variant}-profiled")
            shutil.rmtree(project / f"site-{variant}-profiled", ignore_errors=True)
            result[variant] = entry
            if search and variant != "pregenerated":  # the same site as the hook's
                log(f"N = {n}: search in Chromium ({variant})")
                entry["search"] = search_latency(site, queries)
        hook, same, base = result["hook"], result["pregenerated"], result["baseline"]
        result["hook_overhead"] = round(hook["wall_s"] / same["wall_s"] - 1, 3)
        result["hook_overhead_cpu"] = round(hook["cpu_s"] / same["cpu_s"] - 1, 3)
        result["over_bare_pages"] = round(hook["wall_s"] / base["wall_s"] - 1, 3)
        result["over_bare_pages_cpu"] = round(hook["cpu_s"] / base["cpu_s"] - 1, 3)
        events = hook["profile"]["events"]
        hook_s = sum(v["s"] for k, v in events.items() if k.startswith("hooks/"))
        result["hook_self_s"] = round(hook_s, 3)
        result["hook_self_share"] = round(hook_s / hook["profile"]["build_s"], 3)
    finally:
        if not keep:
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


def machine() -> dict:
    model = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        mem_kb = None
    versions = {}
    for package in ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pyyaml", "playwright"):
        try:
            from importlib.metadata import version
            versions[package] = version(package)
        except Exception:  # noqa: BLE001
            versions[package] = None
    chromium = None
    if Path(CHROMIUM).exists():
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip() or None
    return {"nproc": os.cpu_count(), "memory_gb": round(mem_kb / 1024 / 1024, 1) if mem_kb else None,
            "cpu": model, "python": platform.python_version(), "platform": platform.platform(),
            "packages": versions, "chromium": chromium}


def budgets(results: dict[int, dict], search_at: int) -> list[dict]:
    out = []
    for n, r in sorted(results.items()):
        # Judged on the hook's own time, measured directly: the end-to-end difference from the pre-generated
        # build is that time plus the run-to-run noise of two separate builds, printed beside it.
        out.append({"budget": f"hook adds <= {HOOK_OVERHEAD_MAX:.0%} to the build time (N = {n:,})",
                    "value": f"{r['hook_self_share']:.0%} of the build in its event handlers; end to end "
                             f"{r['hook_overhead']:+.0%} wall / {r['hook_overhead_cpu']:+.0%} CPU against the same "
                             f"pages pre-generated, {r['over_bare_pages']:+.0%} wall against the bare pages",
                    "met": r["hook_self_share"] <= HOOK_OVERHEAD_MAX})
    sizes = sorted(n for n in results if n > 0)
    for a, b in zip(sizes, sizes[1:]):
        limit = GROWTH_SLACK * b / a
        for label, key in (("build time", "wall_s"), ("peak memory", "peak_rss_mb"), ("site size", "site_bytes")):
            ratio = results[b]["hook"][key] / results[a]["hook"][key]
            out.append({"budget": f"{label} N = {b:,} at most {limit:g}x N = {a:,}", "value": f"{ratio:.2f}x",
                        "met": ratio <= limit})
    for n, r in sorted(results.items()):
        avg = r["hook"]["question_html_avg_bytes"]
        out.append({"budget": f"question page HTML averages <= 40 KB (N = {n:,})", "value": f"{avg / 1024:.1f} KB",
                    "met": avg <= QUESTION_PAGE_MAX})
    if search_at in results and "search" in results[search_at]["hook"]:
        # Judged in the page, from the first keydown to the first result in the DOM: the typed figure adds
        # Playwright's own round trips and polling, the painted one headless Chromium's software compositor.
        search = results[search_at]["hook"]["search"]
        ms = search["in_page_median_ms"]
        out.append({"budget": f"first search result <= {SEARCH_MS_MAX} ms after the first key (N = {search_at:,})",
                    "value": f"{ms:.0f} ms in the page (painted {search['painted_median_ms']:.0f} ms, typed through "
                             f"Playwright {search['first_result_median_ms']:.0f} ms)",
                    "met": ms <= SEARCH_MS_MAX})
    else:
        out.append({"budget": f"first search result <= {SEARCH_MS_MAX} ms (N = {search_at:,})",
                    "value": "not measured", "met": None})
    return out


def table(results: dict[int, dict]) -> str:
    def mb(b: int | None) -> str:
        return "-" if b is None else f"{b / 1024 / 1024:.1f}"

    header = ("| N generated | questions | build s (hook / pregenerated / base) | pre-build s | hook adds (wall / CPU) "
              "| over bare pages | hook self s | peak MB (hook / base) "
              "| site MB (hook / base) | files (hook / base) | question page KB avg / max (hook) | "
              "(base) | search index MB (hook / base) | first result ms in the page (hook / base) |")
    lines = [header, "|" + "|".join([" ---: "] * (header.count("|") - 1)) + "|"]
    for n, r in sorted(results.items()):
        h, p, b = r["hook"], r["pregenerated"], r["baseline"]
        hs = h.get("search", {}).get("in_page_median_ms")
        bs = b.get("search", {}).get("in_page_median_ms")
        lines.append(
            f"| {n:,} | {r['questions']:,} | {h['wall_s']:.1f} / {p['wall_s']:.1f} / {b['wall_s']:.1f} | "
            f"{r['pregenerate_s']:.1f} | {r['hook_overhead']:+.0%} / {r['hook_overhead_cpu']:+.0%} | "
            f"{r['over_bare_pages']:+.0%} | "
            f"{r['hook_self_s']:.1f} ({r['hook_self_share']:.0%}) | {h['peak_rss_mb']:.0f} / {b['peak_rss_mb']:.0f} | "
            f"{mb(h['site_bytes'])} / {mb(b['site_bytes'])} | {h['files']:,} / {b['files']:,} | "
            f"{h['question_html_avg_bytes'] / 1024:.1f} / {h['question_html_max_bytes'] / 1024:.1f} | "
            f"{b['question_html_avg_bytes'] / 1024:.1f} / {b['question_html_max_bytes'] / 1024:.1f} | "
            f"{mb(h['search_index_bytes'])} / {mb(b['search_index_bytes'])} | "
            f"{'-' if hs is None else f'{hs:.0f}'} / {'-' if bs is None else f'{bs:.0f}'} |")
    return "\n".join(lines)


def breakdown(results: dict[int, dict]) -> str:
    """Where the hook build's time goes, from the profiled build."""
    lines = []
    for n, r in sorted(results.items()):
        hp, pp, bp = r["hook"]["profile"], r["pregenerated"]["profile"], r["baseline"]["profile"]
        lines.append(f"N = {n:,}: profiled build {hp['build_s']:.1f} s with the hook, {pp['build_s']:.1f} s of the "
                     f"same pages pre-generated, {bp['build_s']:.1f} s of the bare pages")
        for key, v in hp["events"].items():
            if key.startswith("hooks/") or v["s"] >= 0.5:
                lines.append(f"    event  {key:<40} {v['s']:8.2f} s  ({v['calls']} calls)")
        for key, v in hp["hook_functions"].items():
            lines.append(f"    hook   {key:<40} {v['s']:8.2f} s  ({v['calls']} calls)")
        for key, v in hp["pages"].items():
            base = bp["pages"].get(key)
            beside = f"   baseline {base['s']:7.2f} s ({base['pages']} pages)" if base else ""
            lines.append(f"    pages  {key:<40} {v['s']:8.2f} s  ({v['pages']} pages){beside}")
        for key, v in pp["pages"].items():
            lines.append(f"    pages, pre-generated  {key:<25} {v['s']:8.2f} s  ({v['pages']} pages)")
    return "\n".join(lines)


def log(message: str) -> None:
    print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the FAQ build at scale (issue 8).")
    parser.add_argument("--sizes", default="0,1000,5000",
                        help="generated questions per run, comma-separated; 0 is the real site (default 0,1000,5000)")
    parser.add_argument("--quick", action="store_true",
                        help="one build per variant, 3 search queries, search only at --search-at")
    parser.add_argument("--repeats", type=int, help="builds per variant, the median is reported (default 3)")
    parser.add_argument("--search-at", type=int, default=1000, help="N whose search latency is budgeted")
    parser.add_argument("--search-only-at", action="store_true",
                        help="measure search only at --search-at (the default with --quick), not at every N")
    parser.add_argument("--keep", action="store_true", help="keep the corpora and built sites (printed paths)")
    parser.add_argument("--output", type=Path, default=RESULTS,
                        help="JSON results (default benchmarks/results/latest.json)")
    parser.add_argument("--profile", type=int, metavar="N", help="only print a cProfile of one build at N")
    args = parser.parse_args(argv)

    if args.profile is not None:
        profile_only(args.profile, 40)
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    repeats = args.repeats or (1 if args.quick else 3)
    queries = QUERIES[:3] if args.quick else QUERIES
    started = time.time()
    # one snapshot of the project for every size, so that edits made while the benchmark runs do not mix in
    source = make_corpus(0)
    project_state = fingerprint(source)
    results: dict[int, dict] = {}
    try:
        for n in sizes:
            only_at = args.search_only_at or args.quick
            results[n] = run_size(n, repeats, queries, not only_at or n == args.search_at, args.keep, source)
    finally:
        shutil.rmtree(source, ignore_errors=True)
    checks = budgets(results, args.search_at)

    print("\n" + table(results))
    print("\nWhere the time goes (profiled build; hook events and faqsite functions, MkDocs per kind of page):")
    print(breakdown(results))
    print("\nBudgets:")
    for check in checks:
        status = "MET" if check["met"] else ("not measured" if check["met"] is None else "MISSED")
        print(f"  [{status}] {check['budget']}: {check['value']}")

    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "duration_s": round(time.time() - started),
        "machine": machine(),
        "project_fingerprint": project_state,
        "settings": {"sizes": sizes, "repeats": repeats, "queries": queries, "search_at": args.search_at,
                     "site_url": ENV["SITE_URL"]},
        "results": {str(n): r for n, r in results.items()},
        "budgets": checks,
    }, indent=2) + "\n", encoding="utf-8")
    print(f"\nWrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 0 if all(c["met"] is not False for c in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
