"""The evidence pack: a PDF per answer printed from the built site, the exports and a manifest that two runs
over the same build write identically (a handful of answers, to stay fast)."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from faqsite.release.evidence import EvidenceError, make_evidence

IDS = ["ENC-046", "ENC-001", "MIG-001"]


def pdf_text(pdf: Path) -> str:
    """The PDF's text with all white space removed (a printed line may wrap anywhere, URLs included); -raw keeps
    a hyphen at the end of a line, which pdftotext would otherwise join away ('2026-12-' + '01')."""
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(text.split())


@pytest.fixture(scope="module")
def packs(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict]:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is needed to read the PDFs back: apt-get install poppler-utils")
    root = tmp_path_factory.mktemp("evidence")
    manifest = make_evidence(site_dir, root / "one" / "evidence", IDS)
    make_evidence(site_dir, root / "two" / "evidence", IDS)
    return root / "one", root / "two", manifest


def test_two_runs_over_one_build_write_the_same_manifest_and_zip(packs: tuple[Path, Path, dict]) -> None:
    one, two, _ = packs
    first, second = (json.loads((pack / "evidence" / "manifest.json").read_text()) for pack in (one, two))
    differ = [a["path"] for a, b in zip(first["files"], second["files"]) if a != b]
    assert (one / "evidence" / "manifest.json").read_bytes() == (two / "evidence" / "manifest.json").read_bytes(), \
        differ
    assert (one / "evidence.zip").read_bytes() == (two / "evidence.zip").read_bytes()


def test_the_manifest_hashes_every_file_and_names_each_answer_version(packs, site_dir: Path) -> None:
    one, _, manifest = packs
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert {"pdf/ENC-046.pdf", "pdf/ENC-001.pdf", "pdf/MIG-001.pdf", "exports/questions.json",
            "exports/questions.schema.json", "exports/matrix.json", "exports/controls.json", "exports/feed.xml"} \
        <= set(listed)
    for path, digest in listed.items():
        assert hashlib.sha256((one / "evidence" / path).read_bytes()).hexdigest() == digest, path
    exported = json.loads((site_dir / "questions.json").read_text())
    assert manifest["site_revision"] == exported["revision"] and manifest["build_date"] == exported["generated"]
    assert [q["id"] for q in manifest["questions"]] == IDS
    records = {q["id"]: q for q in exported["questions"]}
    for q in manifest["questions"]:
        assert q["version"] == records[q["id"]]["versions"][0]["url"]
        assert q["version"].endswith(f"/q/{q['id']}/{q['reviewed']}/")


def test_each_pdf_shows_the_answer_its_links_review_date_and_revision(packs) -> None:
    one, _, manifest = packs
    for q in manifest["questions"]:
        text = pdf_text(one / "evidence" / q["pdf"])
        for expected in (q["id"], q["question"], q["short_link"], q["version"], f"reviewed {q['reviewed']}"):
            assert "".join(expected.split()) in text, (q["id"], expected)
        if manifest["site_revision"]:
            assert "".join(f"site revision {manifest['site_revision']}".split()) in text, q["id"]
    other = next(q for q in manifest["questions"] if q["id"] == "ENC-046")["question"]
    assert "".join(other.split()) not in pdf_text(one / "evidence" / "pdf" / "MIG-001.pdf")


def test_an_unknown_id_is_refused(site_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(EvidenceError, match="ENC-999"):
        make_evidence(site_dir, tmp_path / "evidence", ["ENC-001", "ENC-999"])


def test_what_varies_between_two_prints_is_made_stable_without_moving_a_byte() -> None:
    from faqsite.release.evidence import stable_pdf
    one = b"/CreationDate (D:20261201233425+00'00')\n/ID (node00000235)\n/ID (node00000236)\n/IDTree [(node00000235)]"
    two = b"/CreationDate (D:20261201233911+00'00')\n/ID (node00000241)\n/ID (node00000242)\n/IDTree [(node00000241)]"
    assert stable_pdf(one, "2026-12-01") == stable_pdf(two, "2026-12-01") == (
        b"/CreationDate (D:20261201000000+00'00')\n/ID (node00000000)\n/ID (node00000001)\n/IDTree [(node00000000)]")
    assert len(stable_pdf(one, "2026-12-01")) == len(one)
