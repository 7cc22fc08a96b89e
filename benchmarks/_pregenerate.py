"""The generation step as a pre-build, in a fresh process (benchmarks/run.py): the decorated and generated pages
and the published files in PROJECT/docs-pregenerated/, and PROJECT/mkdocs-pregenerated.yml to build them with
plain MkDocs, without the hook.

    python benchmarks/_pregenerate.py PROJECT SITE_URL SITE_NAME

The core is imported from PROJECT/hooks: the corpus's copy, the code being measured.
"""
from __future__ import annotations

import datetime
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    project, site_url, site_name = Path(argv[0]), argv[1], argv[2]
    sys.path.insert(0, str(project / "hooks"))
    from faqsite.pregenerate import plain_mkdocs_config, write_docs
    from faqsite.site import prepare

    site = prepare(project / "docs", project / "data", site_url, site_name)
    write_docs(site, project / "docs", project / "docs-pregenerated")
    extra = {"build_date": datetime.date.today().isoformat(), "revision": "benchmark"}
    text = plain_mkdocs_config((project / "mkdocs.yml").read_text(encoding="utf-8"), project / "docs-pregenerated",
                               extra)
    (project / "mkdocs-pregenerated.yml").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
