"""A small mutation check: does a one-line change that breaks what a reader sees fail a test without a browser?

Each mutant below replaces one exact piece of text in one file of the core. They are applied one at a time to a
scratch copy of the project: a git worktree of HEAD (removed at the end) with the working tree's hooks/, tests/,
docs/, data/, overrides/, mkdocs.yml and pyproject.toml copied over it (with --committed, docs/ and data/ stay
as committed, since writers edit the working copy). The unit, HTML and content tests run against it (`pytest -x`,
tests/browser not collected). A mutant is killed when a test fails, and survives when every test passes.

A run first tests the unmutated copy: tests failing there (content being edited, say) are left out for the
mutants and listed, so they cannot count as kills. A mutant whose text is no longer in its file is reported as
stale: update its lines here when the code moves.

    .venv/bin/python tools/mutants.py              # every mutant (30-150 s each, as busy as the machine is)
    .venv/bin/python tools/mutants.py --committed  # against the content of git HEAD
    .venv/bin/python tools/mutants.py --committed --committed-code  # all of HEAD but the tests
    .venv/bin/python tools/mutants.py --list       # what the mutants are
    .venv/bin/python tools/mutants.py --check      # which of them apply to the code as it is
    .venv/bin/python tools/mutants.py --only glossary-unsorted --keep
    .venv/bin/python tools/mutants.py --project /tmp/mutants-…/project  # a kept copy, after fixing it by hand

`make mutants` runs the first form (MUTANTS_ARGS=--committed for the second).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("hooks", "tests", "docs", "data", "overrides")
FILES = ("mkdocs.yml", "pyproject.toml")
CONTENT = ("docs", "data")
CODE = ("hooks", "overrides", "mkdocs.yml", "pyproject.toml")
TESTS = ("tests/unit", "tests/content", "tests/html")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "node_modules", ".pytest_cache")


@dataclass(frozen=True)
class Edit:
    file: str  # relative to the project root
    original: str  # exact text, found exactly once in the file
    mutated: str


@dataclass(frozen=True)
class Mutant:
    name: str
    file: str
    original: str
    mutated: str
    elsewhere: tuple[Edit, ...] = ()  # the same change where other versions of the code make it

    def edits(self) -> tuple[Edit, ...]:
        return (Edit(self.file, self.original, self.mutated), *self.elsewhere)


FAQSITE = "hooks/faqsite"
MUTANTS = [
    # The twelve of the architecture review (notes/reviews/architecture-2026-12.md, section 2.7), on today's code.
    Mutant("controls-block-emptied", f"{FAQSITE}/pages/question.py",
           "cited = controls_citing(q.id, controls)", "cited = []"),
    Mutant("csv-caveats-blanked", f"{FAQSITE}/export.py",
           'tail = [policies, " ".join(c.evidence), "; ".join(k.title for k in c.caveats)]',
           'tail = [policies, " ".join(c.evidence), ""]'),
    Mutant("not-indexed-blanked", f"{FAQSITE}/pages/markup.py",
           'NOT_INDEXED = "{ data-search-exclude }"', 'NOT_INDEXED = ""'),
    Mutant("jira-escaping-removed", f"{FAQSITE}/pages/question.py",
           r'jira_label = re.sub(r"([\[\]|{}])", r"\\\1", label)', "jira_label = label"),
    Mutant("tag-synonyms-dropped", f"{FAQSITE}/pages/question.py",
           "for keyword in content.tags[tag].keywords:", "for keyword in ():",
           # where the synonyms are shown on the tag's own page instead of on each question page
           (Edit(f"{FAQSITE}/templates/tag.md", '{% if tag.keywords %}', '{% if false %}'),)),
    Mutant("guide-verdicts-inverted", f"{FAQSITE}/pages/compare.py",
           "if matrix.meets(req, option):", "if not matrix.meets(req, option):"),
    Mutant("tag-counts-zero", f"{FAQSITE}/pages/listings.py", "counts[t] += 1", "counts[t] += 0"),
    Mutant("glossary-unsorted", f"{FAQSITE}/pages/listings.py",
           "in sorted(content.glossary.terms.items(), key=lambda t: t[0].lower()):",
           "in content.glossary.terms.items():"),
    Mutant("featured-dropped", f"{FAQSITE}/pages/listings.py",
           "featured = question_list(page, [content.by_id[i] for i in content.featured if i in content.by_id])",
           "featured = question_list(page, [])"),
    Mutant("retired-successor-dropped", f"{FAQSITE}/pages/listings.py", "if entry.successor:", "if False:"),
    Mutant("since-labels-swapped", f"{FAQSITE}/pages/markup.py",
           '"corrected": "Corrected since 2020", "new": "New since 2020"',
           '"corrected": "New since 2020", "new": "Corrected since 2020"'),
    Mutant("topic-description-dropped", f"{FAQSITE}/templates/topic.md", "{{ topic.description }}\n", "\n"),
    # More of the same kind.
    Mutant("home-topic-description-dropped", f"{FAQSITE}/pages/listings.py",
           ': {md_text(topic.description)} "', ': "',
           (Edit(f"{FAQSITE}/pages/listings.py", 'f"    {md_text(topic.description)}", ', ""),)),  # topic cards
    Mutant("partly-shown-raw", f"{FAQSITE}/load/matrix.py", '"partial": "Partly"', '"partial": "partial"'),
    Mutant("conditional-counts-as-met", f"{FAQSITE}/load/matrix.py",
           "return cell.value.lower() in requirement.accept and not cell.condition",
           "return cell.value.lower() in requirement.accept"),
]


def scratch_copy(target: Path, from_head: tuple[str, ...]) -> Path:
    """A git worktree of HEAD in `target` (the build reads review history from git), with the working tree's
    version of every part not in `from_head`."""
    subprocess.run(["git", "worktree", "add", "--quiet", "--detach", str(target), "HEAD"], cwd=ROOT, check=True)
    for part in PARTS:
        if part not in from_head:
            shutil.rmtree(target / part, ignore_errors=True)
            shutil.copytree(ROOT / part, target / part, ignore=IGNORE)
    for name in FILES:
        if name not in from_head:
            shutil.copy2(ROOT / name, target / name)
    return target


def remove_copy(target: Path) -> None:
    subprocess.run(["git", "worktree", "remove", "--force", str(target)], cwd=ROOT, capture_output=True)
    shutil.rmtree(target, ignore_errors=True)
    subprocess.run(["git", "worktree", "prune"], cwd=ROOT, capture_output=True)


def run_tests(project: Path, skip: list[str], stop_first: bool) -> subprocess.CompletedProcess[str]:
    """pytest on the copy; `skip` holds test files not to collect and tests (file::name) to deselect."""
    command = [sys.executable, "-m", "pytest", "-c", "tests/pytest.ini", "--rootdir", ".", "-q", "-rfE",
               "-p", "no:cacheprovider", *TESTS,
               *(f"--deselect={s}" if "::" in s else f"--ignore={s}" for s in skip),
               *(["-x"] if stop_first else ["--continue-on-collection-errors"])]
    env = {**os.environ, "PYTHONPATH": str(project / "hooks"), "NO_MKDOCS_2_WARNING": "1",
           "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)


FAILURE = re.compile(r"^(?:FAILED|ERROR) ([^\s\[]+)", re.MULTILINE)


def failures(result: subprocess.CompletedProcess[str]) -> list[str]:
    """What pytest's short summary reports as failed: tests (without parameters, so every parameter of a test),
    and test files that could not be collected."""
    return list(dict.fromkeys(FAILURE.findall(result.stdout)))


def applicable(project: Path, mutant: Mutant) -> tuple[Edit, str] | None:
    """The first of the mutant's edits whose text is in its file exactly once, with the file's text."""
    for edit in mutant.edits():
        path = project / edit.file
        source = path.read_text(encoding="utf-8") if path.is_file() else ""
        if source.count(edit.original) == 1:
            return edit, source
    return None


def try_mutant(project: Path, mutant: Mutant, skip: list[str]) -> tuple[str, str]:
    """(killed | survived | stale, the test that failed or why)."""
    found = applicable(project, mutant)
    if found is None:
        return "stale", f"{mutant.original!r} is not in {mutant.file} once (nor any alternative)"
    edit, source = found
    path = project / edit.file
    path.write_text(source.replace(edit.original, edit.mutated), encoding="utf-8")
    try:
        result = run_tests(project, skip, stop_first=True)
    finally:
        path.write_text(source, encoding="utf-8")
    if result.returncode == 0:
        return "survived", ""
    if result.returncode in (1, 2):  # tests failed, or the mutant broke collection
        return "killed", (failures(result) or ["(collection)"])[0]
    return "stale", f"pytest exited {result.returncode}: {result.stdout[-300:]}"


PASSED = re.compile(r"(\d+) passed")
MOST_LEFT_OUT = 0.2  # more failing than this without a mutant, and the score would mean little


def baseline(project: Path) -> list[str] | None:
    """The tests and test files failing on the unmutated copy (left out for the mutants); None when too many do."""
    result = run_tests(project, [], stop_first=False)
    failing = failures(result)
    passed = int(match.group(1)) if (match := PASSED.search(result.stdout)) else 0
    if result.returncode not in (0, 1) or len(failing) > MOST_LEFT_OUT * (passed + len(failing)):
        print(result.stdout[-3000:], result.stderr[-2000:], sep="\n", file=sys.stderr)
        print(f"{len(failing)} tests fail and {passed} pass without a mutant", file=sys.stderr)
        return None
    return failing


def report(results: list[tuple[Mutant, str, str, float]]) -> None:
    width = max(len(m.name) for m, *_ in results)
    for mutant, verdict, detail, seconds in results:
        print(f"{verdict:<9} {mutant.name:<{width}}  {seconds:5.0f} s  {detail}")
    killed = sum(1 for _, verdict, *_ in results if verdict == "killed")
    applied = sum(1 for _, verdict, *_ in results if verdict != "stale")
    print(f"\nScore: {killed} of {applied} mutants killed without a browser"
          + (f" ({len(results) - applied} stale)" if applied < len(results) else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--committed", action="store_true", help="docs/ and data/ from git HEAD")
    parser.add_argument("--committed-code", action="store_true",
                        help="hooks/, overrides/, mkdocs.yml, pyproject.toml from git HEAD (tests: the working ones)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME", help="run this mutant (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--keep", action="store_true", help="keep the scratch copy")
    parser.add_argument("--check", action="store_true", help="only say which mutants apply to the copy")
    parser.add_argument("--project", type=Path, help="use this copy as it is (say one kept with --keep and edited);"
                        " each mutated file is restored afterwards")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTANTS if not args.only or m.name in args.only]
    if args.list or not chosen:
        for m in MUTANTS:
            print(m.name + "".join(f"\n    {e.file}: {e.original!r} -> {e.mutated!r}" for e in m.edits()))
        return 0 if chosen else 2
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that the scratch copy is removed
    if args.project:
        return check_only(args.project, chosen) if args.check else run_all(args.project.resolve(), chosen)
    from_head = (CONTENT if args.committed else ()) + (CODE if args.committed_code else ())
    project = scratch_copy(Path(tempfile.mkdtemp(prefix="mutants-")) / "project", from_head)
    try:
        if args.check:
            return check_only(project, chosen)
        return run_all(project, chosen)
    finally:
        if args.keep:
            print(f"scratch copy kept: {project}")
        else:
            remove_copy(project)
            project.parent.rmdir()


def check_only(project: Path, chosen: list[Mutant]) -> int:
    stale = 0
    for mutant in chosen:
        found = applicable(project, mutant)
        stale += found is None
        print(f"{'applies' if found else 'STALE':<8} {mutant.name}" + (f" ({found[0].file})" if found else ""))
    return 1 if stale else 0


def run_all(project: Path, chosen: list[Mutant]) -> int:
    started = time.monotonic()
    skipped = baseline(project)
    if skipped is None:
        print("the unmutated copy does not run its tests: nothing to compare against", file=sys.stderr)
        return 2
    print(f"baseline: {time.monotonic() - started:.0f} s; failing without a mutant, left out: "
          f"{', '.join(skipped) or 'none'}", flush=True)
    results: list[tuple[Mutant, str, str, float]] = []
    for mutant in chosen:
        began = time.monotonic()
        verdict, detail = try_mutant(project, mutant, skipped)
        results.append((mutant, verdict, detail, time.monotonic() - began))
        print(f"{verdict}: {mutant.name}", file=sys.stderr, flush=True)
    report(results)
    return 1 if any(verdict == "stale" for _, verdict, *_ in results) else 0


if __name__ == "__main__":
    sys.exit(main())
