"""Mutation testing of the code that decides: src/formkit/analysis, src/formkit/checks and
src/formkit/redact.py, with mutmut (configuration in pyproject.toml, [tool.mutmut]).

    nox -s mutate                       # the mutants of the files changed since main
    nox -s mutate -- analysis           # one piece: analysis, checks, checks/rules, redact,
    nox -s mutate -- src/formkit/analysis/offer.py    # ... or any file or folder under them
    nox -s mutate -- limits             # the functions that decide at the IRS limits (LIMITS)
    nox -s mutate -- all                # everything (hours on two cores: run it in pieces)
    nox -s mutate -- --report           # the score per area and the surviving mutants, no run
    nox -s mutate -- limits --report    # ... of one piece
    nox -s mutate -- formkit.checks.rules.poa.x_signing_window__mutmut_26   # mutmut names (survivors)

The run is incremental by file: by default only the files changed since main are mutated.
mutmut reruns every mutant it is given by name, so a piece named is run whole; to recheck the
survivors after new tests, name them (``--report`` lists them). Results stay in mutants/ for
``--report``. Each mutant runs only the tests that reach its function (the fast suites: tests/analysis, tests/checks,
tests/limits, tests/test_redact.py). ``--report`` counts killed (a test failed, timed out or
the type check refused the mutant) against survived.

mutmut leaves decorated functions alone, which would leave out every check condition (each is
registered with ``@rule("OIC-008", ...)``). ``_mutate_rules`` lets it mutate them: the
decorator stays on mutmut's trampoline (registering the rule once) and is taken off its copies
of the function. mutmut is pinned (noxfile) because this reaches into its internals.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parent.parent
AREAS = {"analysis": "src/formkit/analysis", "checks": "src/formkit/checks", "redact": "src/formkit/redact.py"}
# ``limits``: the functions that decide at the limits issue 19 names (Form 656 low-income table,
# 20% payment, 24-month periodic and 5-month lump-sum terms, 72 months and the CSED, FTA and
# refund windows, 45/60-day signing window, $10,000/$25,000/$50,000 agreements, payment day 28).
# About 1,000 mutants: an hour on two shared cores from scratch, minutes once incremental.
LIMITS = [f"formkit.{name}__mutmut_*" for name in (
    "analysis.offer.x_low_income_threshold", "analysis.offer.x__initial_payment", "analysis.offer.x__months",
    "analysis.installment.x__csed_payment", "analysis.installment.x__payment", "analysis.statute.x_wait_out",
    "analysis.abatement.x__in_lookback", "analysis.abatement.x__refund_window",
    "checks.rules.poa.x_signing_window", "checks.rules.oic.x_low_income_certification",
    "checks.rules.oic.x_lump_sum_initial_payment", "checks.rules.oic.x_payment_term_limits",
    "checks.rules.ia.x_streamlined_limits", "checks.rules.ia.x_guaranteed", "checks.rules.ia.x__doc_payment_details",
    "checks.rules.penalty.x_refund_deadline")]
KILLED = {1, 3, 24, -24, 36, 37, 152, 255}   # mutmut exit codes: failed test, timeout, type check
SURVIVED = {0}


def _module(path: Path) -> str:
    rel = path.relative_to(ROOT / "src").with_suffix("")
    return ".".join(rel.parts)


def _in_scope(path: Path) -> bool:
    rel = path.resolve().relative_to(ROOT).as_posix()
    return any(rel == target or rel.startswith(target + "/") for target in AREAS.values())


def patterns(targets: list[str]) -> list[str]:
    """mutmut name patterns for the files or areas named (``formkit.analysis.offer.*``)."""
    files: list[Path] = []
    names: list[str] = []
    for target in targets:
        if target == "limits" or target.startswith("formkit."):   # a piece named by mutmut names
            names += LIMITS if target == "limits" else [target]
            continue
        path = ROOT / AREAS.get(target, target)
        if not path.exists():
            raise SystemExit(f"mutate: {target}: no such area or path (areas: {', '.join(AREAS)}, all)")
        found = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        files += [f for f in found if _in_scope(f)]
    return sorted({f"{_module(f)}.*" for f in files} | set(names))


def changed_since(base: str) -> list[str]:
    """Files in scope that differ from ``base`` (committed or not)."""
    out = subprocess.run(["git", "diff", "--name-only", base, "--", *AREAS.values()], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.split()
    return [p for p in out if p.endswith(".py") and (ROOT / p).is_file()]


def results() -> dict[str, int | None]:
    """Every mutant's last exit code, from mutmut's records in mutants/."""
    codes: dict[str, int | None] = {}
    for meta in sorted((ROOT / "mutants" / "src").rglob("*.py.meta")):
        codes.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return codes


def _area(name: str) -> str:
    parts = name.split(".")
    return "redact" if parts[1] == "redact" else parts[1]


def report(codes: dict[str, int | None]) -> str:
    by_area: dict[str, Counter[str]] = {}
    survivors: list[str] = []
    for name, code in sorted(codes.items()):
        count = by_area.setdefault(_area(name), Counter())
        state = "killed" if code in KILLED else "survived" if code in SURVIVED else \
            "not run" if code is None else "no tests" if code in (5, 33) else "other"
        count[state] += 1
        if state in ("survived", "no tests"):
            survivors.append(f"{name} ({state})")
    lines = [f"{'area':<10}{'mutants':>9}{'killed':>9}{'survived':>10}{'no tests':>10}{'not run':>9}{'score':>8}"]
    for area, c in sorted(by_area.items()):
        judged = c["killed"] + c["survived"] + c["no tests"]
        score = f"{100 * c['killed'] / judged:.1f}%" if judged else "-"
        lines.append(f"{area:<10}{sum(c.values()):>9}{c['killed']:>9}{c['survived']:>10}{c['no tests']:>10}"
                     f"{c['not run']:>9}{score:>8}")
    lines.append("")
    lines += [f"survivor: {s}" for s in survivors]
    return "\n".join(lines)


def _mutate_rules() -> None:
    """Let mutmut mutate functions whose only decorator is ``@rule(...)`` (checks/registry.py)."""
    import libcst as cst
    from mutmut.mutation import file_mutation as fm

    def is_rule(node: object) -> bool:
        return (isinstance(node, cst.FunctionDef) and len(node.decorators) == 1
                and isinstance(call := node.decorators[0].decorator, cst.Call)
                and isinstance(call.func, cst.Name) and call.func.value == "rule")

    skip = fm.MutationVisitor._skip_node_and_children

    def skip_unless_rule(self: fm.MutationVisitor, node: cst.CSTNode) -> bool:
        if is_rule(node):
            return bool(skip(self, cast(cst.FunctionDef, node).with_changes(decorators=[])))
        return bool(skip(self, node))

    arrange = fm.function_trampoline_arrangement

    def arrange_rule(function: cst.FunctionDef, mutants: Any, class_name: str | None) -> Any:
        declarations, methods, assignments, names = arrange(function, mutants, class_name)
        if is_rule(function):   # the trampoline (first) keeps @rule; the original and mutants do not
            methods = [methods[0], *(m.with_changes(decorators=[]) for m in methods[1:])]
        return declarations, methods, assignments, names

    fm.MutationVisitor._skip_node_and_children = skip_unless_rule  # type: ignore[method-assign]
    fm.function_trampoline_arrangement = arrange_rule


def run_mutmut(names: list[str], jobs: int) -> int:
    """``mutmut run`` in this process, so the patch above reaches its forked workers."""
    from mutmut.__main__ import cli

    os.chdir(ROOT)   # mutmut reads pyproject.toml and writes mutants/ in the current folder
    _mutate_rules()
    try:
        cli(["run", "--max-children", str(jobs), *names], standalone_mode=False)
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", help="analysis, checks, redact, all, or paths (default: changed files)")
    parser.add_argument("--base", default="main", help="git revision the changed files are compared with")
    parser.add_argument("--report", action="store_true", help="only print the score and the survivors")
    parser.add_argument("--jobs", type=int, default=2, help="parallel mutants (default 2: the machine's cores)")
    args = parser.parse_args(argv)
    if not args.report:
        targets = list(AREAS) if args.targets == ["all"] else args.targets or changed_since(args.base)
        if not targets:
            print(f"mutate: no file under {', '.join(AREAS.values())} differs from {args.base}; nothing to run")
        else:
            names = patterns(targets)
            print(f"mutate: {len(names)} piece(s): {' '.join(n.removesuffix('.*') for n in names)}", flush=True)
            code = run_mutmut(names, args.jobs)
            if code not in (0, 1):
                return code
    codes = results()
    if args.targets and args.targets != ["all"]:   # the score of the piece named
        wanted = patterns(args.targets)
        codes = {name: code for name, code in codes.items() if any(fnmatch(name, w) for w in wanted)}
    print(report(codes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
