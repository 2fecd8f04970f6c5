"""Rewrite the reviewed expected analyses (examples/expected/*.analysis.json): a maintainer's
command, never a test's side effect.

    python tools/update_expected.py            # rewrite every example's expected analysis
    python tools/update_expected.py --check    # show what would change, write nothing (exit 1 if any)
    nox -s update_expected                     # the same, in nox's environment

tests/analysis/test_expected.py only compares with these files; after a reviewed change to
the analysis, run this, read the diff (``git diff examples/expected``) and commit it with the
reason. Under CI (``CI`` set to true in any spelling) it refuses to write: a golden rewritten
on the machine that checks it can hide any change.

The analysis runs as of 2026-11-25 (the test's date) with no user-imported standards, so the
files do not depend on who runs this or when.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: python tools/update_expected.py
    sys.path.insert(0, str(ROOT))

from tools.ci import under_ci  # noqa: E402

EXAMPLES = ROOT / "examples"
EXPECTED = EXAMPLES / "expected"
AS_OF = date(2026, 11, 25)


def names() -> list[str]:
    return sorted(p.stem for p in EXAMPLES.glob("*.json"))


def render(name: str) -> str:
    """The example's analysis as the expected file holds it (deterministic JSON)."""
    from formkit.analysis import analyze
    from formkit.case import load_case
    from formkit.commands._common import to_json

    return to_json(analyze(load_case(EXAMPLES / f"{name}.json", today=AS_OF)).to_dict())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="print the differences, write nothing")
    args = parser.parse_args(argv)
    if under_ci() and not args.check:
        print("update_expected: refused under CI: expected files are rewritten only by a maintainer "
              "who reviews the diff (run it locally, without CI=true)", file=sys.stderr)
        return 2
    # never the maintainer's own imported standards tables (formkit standards import)
    os.environ["FORMKIT_DATA_DIR"] = tempfile.mkdtemp(prefix="formkit-expected-")
    changed = 0
    for name in names():
        path = EXPECTED / f"{name}.analysis.json"
        new = render(name)
        old = path.read_text(encoding="utf-8") if path.is_file() else ""
        if new == old:
            continue
        changed += 1
        rel = path.relative_to(ROOT)
        if args.check:
            sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                                       f"a/{rel}", f"b/{rel}"))
        else:
            path.parent.mkdir(exist_ok=True)
            path.write_text(new, encoding="utf-8")
            print(f"rewrote {rel}")
    if not changed:
        print("every expected analysis is up to date")
    return 1 if changed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
