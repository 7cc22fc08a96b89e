"""The evidence pack of a release: one PDF per answer printed from the built site, the exports and a manifest.

It reads a built site folder and nothing else (questions.json says which answers there are, their versions and
the site revision). Each answer's page is printed with headless Chromium, print styles applied.

Two runs over the same build give the same manifest, byte for byte, because the PDFs themselves are made
byte-stable: Chromium's PDFs differ only in the time of printing (CreationDate and ModDate, set here to the
build date) and, in the tagged structure tree, in the browser's DOM node numbers (`/ID (node00000235)`,
which depend on how many nodes scripts had created: renumbered here by rank). Both rewrites
keep every byte offset. So the PDFs' SHA-256 hashes belong in the manifest with every other file's. The zip is made with
fixed timestamps and a fixed order for the same reason.

    PYTHONPATH=hooks python -m faqsite.release.evidence site evidence [--ids ENC-001,ENC-046]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from .. import paths

CHROMIUM = "/usr/bin/chromium"
EXPORTS = (paths.QUESTIONS_JSON, paths.MATRIX_JSON, paths.MATRIX_CSV, paths.CONTROLS_JSON, paths.CONTROLS_CSV,
           paths.FEED, *paths.SCHEMAS.values())
PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:(\d{14})")
NODE_ID = re.compile(rb"\(node(\d{8})\)")
MANIFEST = "manifest.json"


class EvidenceError(Exception):
    pass


def select(questions: list[dict[str, Any]], ids: list[str] | None) -> list[dict[str, Any]]:
    """The answers to print: all of them, or the given IDs (an unknown one is an error, not a silent gap)."""
    if not ids:
        return questions
    by_id = {q["id"]: q for q in questions}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise EvidenceError(f"no such question in questions.json: {', '.join(unknown)}")
    return [by_id[i] for i in ids]


def page_file(site: Path, q: dict[str, Any]) -> Path:
    """The built HTML file of an answer: its URL relative to the site URL (read off its short link)."""
    site_url = q["short_link"].removesuffix(paths.short_link(q["id"]))
    page: str = q["url"].removeprefix(site_url)
    return site / page / "index.html"


def stable_pdf(pdf: bytes, build_date: str) -> bytes:
    """The PDF with the build date as its times and its node IDs numbered in order (same lengths: offsets hold)."""
    stamp = build_date.replace("-", "").encode() + b"000000"
    pdf = PDF_DATE.sub(lambda m: b"/" + m.group(1) + b" (D:" + stamp, pdf)
    # By rank, so that the structure tree's ID index (/IDTree, sorted by ID) stays sorted.
    numbers = {found: b"%08d" % rank for rank, found in enumerate(sorted(set(NODE_ID.findall(pdf))))}
    return NODE_ID.sub(lambda m: b"(node" + numbers[m.group(1)] + b")", pdf)


def print_pdfs(jobs: list[tuple[Path, Path]], chromium: str, parallel: int = 2) -> None:
    """Print each (html file, pdf file) with headless Chromium, a few at a time, each with its own profile."""
    with tempfile.TemporaryDirectory(prefix="faq-evidence-") as profiles:
        pending = list(enumerate(jobs))
        running: list[tuple[subprocess.Popen[bytes], Path]] = []
        while pending or running:
            while pending and len(running) < parallel:
                number, (html, pdf) = pending.pop(0)
                command = [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-background-networking", f"--user-data-dir={profiles}/{number}",
                           # Print once the page's scripts have run, however busy the machine: a fixed order.
                           "--virtual-time-budget=5000", "--run-all-compositor-stages-before-draw",
                           "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.resolve().as_uri()]
                running.append((subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
                                pdf))
            process, pdf = running.pop(0)
            if process.wait(timeout=120) != 0 or not pdf.is_file():
                raise EvidenceError(f"Chromium could not print {pdf.name}")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_evidence(site: Path, out: Path, ids: list[str] | None = None, chromium: str = CHROMIUM) -> dict[str, Any]:
    """Write the pack into out/ (replacing it) and out.zip; return the manifest."""
    data = json.loads((site / paths.QUESTIONS_JSON).read_text(encoding="utf-8"))
    chosen = select(data["questions"], ids)
    if out.exists():
        shutil.rmtree(out)
    (out / "pdf").mkdir(parents=True)
    (out / "exports").mkdir()
    for name in EXPORTS:
        if (site / name).is_file():
            shutil.copyfile(site / name, out / "exports" / name)
    print_pdfs([(page_file(site, q), out / "pdf" / f"{q['id']}.pdf") for q in chosen], chromium)
    for q in chosen:
        pdf = out / "pdf" / f"{q['id']}.pdf"
        pdf.write_bytes(stable_pdf(pdf.read_bytes(), data["generated"]))
    manifest = manifest_of(out, data, chosen)
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_zip(out, out.with_suffix(".zip"), data["generated"])
    return manifest


def manifest_of(out: Path, data: dict[str, Any], chosen: list[dict[str, Any]]) -> dict[str, Any]:
    files = sorted(p for p in out.rglob("*") if p.is_file() and p.name != MANIFEST)
    return {
        "site_revision": data.get("revision"),
        "build_date": data["generated"],
        "schema_version": data.get("schema_version"),
        "questions": [{"id": q["id"], "question": q["question"], "short_link": q["short_link"],
                       "version": q["versions"][0]["url"], "reviewed": q["reviewed"], "pdf": f"pdf/{q['id']}.pdf"}
                      for q in chosen],
        "files": [{"path": p.relative_to(out).as_posix(), "sha256": sha256(p)} for p in files],
    }


def write_zip(folder: Path, target: Path, build_date: str) -> None:
    """A zip of the folder with fixed timestamps and sorted names: the same pack gives the same bytes."""
    year, month, day = (int(part) for part in build_date.split("-"))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", (year, month, day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="faqsite.release.evidence", description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("out", type=Path, help="the pack's folder (replaced); the zip is written beside it")
    parser.add_argument("--ids", help="only these question IDs, comma-separated")
    args = parser.parse_args(argv)
    ids = [i.strip() for i in args.ids.split(",") if i.strip()] if args.ids else None
    try:
        manifest = make_evidence(args.site, args.out, ids)
    except (EvidenceError, OSError, KeyError, json.JSONDecodeError) as error:
        print(f"evidence: {error}", file=sys.stderr)
        return 1
    revision = manifest["site_revision"] or "none (built outside git)"
    print(f"evidence: {len(manifest['questions'])} answers, {len(manifest['files'])} files, site revision "
          f"{revision}: {args.out}/ and {args.out.with_suffix('.zip')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
