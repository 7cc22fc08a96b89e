"""One build in-process, with timers (benchmarks/run.py's profiled build).

    python benchmarks/_shim.py CONFIG_FILE SITE_DIR STRICT(0|1) LEDGER_FILE

Timers go around every registered event handler (by plugin and event), around the faqsite functions the hook
module calls, and around MkDocs' per-page work by kind of page (question, generated, other). The result is one
line on stdout: "SHIM-RESULT {json}".

This reaches into MkDocs 1.6 internals on purpose: `PluginCollection._event_origins` (which plugin or hook
registered a handler) and `mkdocs.commands.build._populate_page` / `_build_page` (the per-page steps). Both
are pinned by the lock file (mkdocs==1.6.1); a change there fails this script with an AttributeError.
"""
from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

HOOK_FUNCTIONS = ("prepare", "pages", "published_files", "decorate")


class Timers:
    def __init__(self) -> None:
        self.events: defaultdict[str, float] = defaultdict(float)
        self.inner: defaultdict[str, float] = defaultdict(float)
        self.pages: defaultdict[str, float] = defaultdict(float)
        self.calls: defaultdict[str, int] = defaultdict(int)
        self.counts: defaultdict[str, int] = defaultdict(int)

    def timed(self, table: defaultdict[str, float], key: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                table[key] += time.perf_counter() - start
                self.calls[key] += 1
        return wrapper

    def per_page(self, step: str, function: Callable[..., Any], kind: Callable[[Any], str]) -> Callable[..., Any]:
        def wrapper(page: Any, *args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(page, *args, **kwargs)
            finally:
                key = f"{step}|{kind(page)}"
                self.pages[key] += time.perf_counter() - start
                self.counts[key] += 1
        return wrapper

    def result(self, build_s: float, process_s: float) -> dict[str, Any]:
        return {
            "build_s": build_s, "process_s": process_s,
            "events": {k: {"s": v, "calls": self.calls[k]} for k, v in sorted(self.events.items())},
            "hook_functions": {k: {"s": v, "calls": self.calls[k]} for k, v in sorted(self.inner.items())},
            "pages": {k: {"s": v, "pages": self.counts[k]} for k, v in sorted(self.pages.items())},
        }


def wrap_handlers(cfg: Any, timers: Timers) -> None:
    """Every registered event handler, and the faqsite functions each hook module imported, timed."""
    plugins = cfg.plugins
    for name, handlers in plugins.events.items():
        for i, method in enumerate(handlers):
            origin = plugins._event_origins.get(method, "<unknown>")
            wrapped = timers.timed(timers.events, f"{origin}|on_{name}", method)
            handlers[i] = wrapped
            plugins._event_origins[wrapped] = origin
    for hook_name, module in (cfg.get("hooks") or {}).items():
        for function in HOOK_FUNCTIONS:
            if hasattr(module, function):
                setattr(module, function, timers.timed(timers.inner, f"{hook_name}|{function}",
                                                       getattr(module, function)))


def wrap_page_steps(mk_build: Any, timers: Timers, question_paths: set[str]) -> None:
    def kind(page: Any) -> str:
        if page.file.generated_by:
            return "generated"
        return "question" if page.file.src_uri in question_paths else "other"

    mk_build._populate_page = timers.per_page("read+markdown", mk_build._populate_page, kind)
    mk_build._build_page = timers.per_page("template+write", mk_build._build_page, kind)


def main(argv: list[str]) -> int:
    config_file, site_dir, strict, ledger_file = argv[0], argv[1], argv[2] == "1", argv[3]
    wall_start = time.perf_counter()  # before MkDocs is imported: process_s includes its import
    import yaml
    from mkdocs.commands import build as mk_build
    from mkdocs.config import load_config

    ledger = yaml.safe_load(Path(ledger_file).read_text(encoding="utf-8")) or {}
    cfg = load_config(config_file=config_file, site_dir=site_dir, strict=strict)
    timers = Timers()
    wrap_handlers(cfg, timers)
    wrap_page_steps(mk_build, timers, {str(p) for p in ledger.values()})
    cfg.plugins.on_startup(command="build", dirty=False)
    build_start = time.perf_counter()
    try:
        mk_build.build(cfg, dirty=False)
    finally:
        cfg.plugins.on_shutdown()
    build_s = time.perf_counter() - build_start
    print("SHIM-RESULT " + json.dumps(timers.result(build_s, time.perf_counter() - wall_start)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
