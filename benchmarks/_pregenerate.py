"""The generation step as a pre-build, in a fresh process (benchmarks/run.py): `faqsite.pregenerate.pregenerate`,
the function behind `python -m faqsite pregenerate OUT --for TARGET`, writes OUT/docs (decorated and generated
pages, published files), OUT/overrides and OUT/mkdocs.yml (no hook), which plain MkDocs or Zensical builds as is.

    python benchmarks/_pregenerate.py PROJECT OUT mkdocs|zensical

The core is imported from PROJECT/hooks: the corpus's copy, the code being measured.
"""
from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    project, out, target = Path(argv[0]), Path(argv[1]), argv[2]
    sys.path.insert(0, str(project / "hooks"))
    from faqsite.pregenerate import pregenerate

    written = pregenerate(project, out, target)
    print(f"ok: {written} pages for {target} in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
