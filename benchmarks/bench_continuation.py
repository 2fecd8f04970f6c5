"""What continuation sheets cost: a Form 433-A (OIC) whose tables hold 30 items beyond the rows.

Measured warm (templates compiled, analysis computed once), in one run: the full fill of the
30-item case, the same fill of the example (nothing continued), and the continuation pages
alone (typesetting + appending). Each output is read back with pdftotext, so a fast fill that
lost an item would show up.

    FORMKIT_FORMS_DIR=../shared/irs-forms python benchmarks/bench_continuation.py [--runs 30]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import subprocess
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from formkit import load_case
from formkit.analysis import analyze
from formkit.case.model import Address, AssetWithLoan, BankAccount, Case, RealEstate, Vehicle
from formkit.forms import continuation
from formkit.forms.fill import fill_form_document, mapped_form
from formkit.forms.registry import supported

ROOT = Path(__file__).resolve().parents[1]


def thirty_items(case: Case) -> Case:
    """Ten extra accounts, vehicles, properties and valuables each: 30+ items on the sheets."""
    home = Address("2218 E Juanita Ave", "Mesa", "AZ", "85204", county="Maricopa County")
    assets = dataclasses.replace(
        case.assets,
        bank_accounts=tuple(BankAccount(f"Bank {k}", "savings", Decimal(1000 + k)) for k in range(12)),
        vehicles=tuple(Vehicle(2010 + k, "Kia", f"Rio {k}", Decimal(4000 + k)) for k in range(12)),
        real_estate=tuple(RealEstate(f"Lot {k}", home, Decimal(20000 + k)) for k in range(12)),
        personal_effects=tuple(AssetWithLoan(f"Painting {k}", Decimal(700 + k), kind="art") for k in range(12)),
    )
    return dataclasses.replace(case, assets=assets)


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    forms_dir = os.environ.get("FORMKIT_FORMS_DIR")
    revision = supported("433-A (OIC)")
    base = load_case(ROOT / "examples" / "oic-lump-sum-single.json")
    crowded = thirty_items(base)
    plain_analysis, crowded_analysis = analyze(base), analyze(crowded)
    mapped = mapped_form(revision, crowded, crowded_analysis)
    continued = sum(len(o.rows) for o in mapped.overflows)

    def plain() -> object:
        return fill_form_document(revision, base, analysis=plain_analysis, forms_dir=forms_dir)

    def full() -> object:
        return fill_form_document(revision, crowded, analysis=crowded_analysis, forms_dir=forms_dir)

    def sheets_only() -> object:
        return continuation.pages(mapped, crowded)

    plain(), full()  # warm: templates compiled, caches filled
    rows = {
        "fill, nothing continued": median_ms(plain, args.runs),
        f"fill, {continued} items continued": median_ms(full, args.runs),
        "continuation pages alone (typeset)": median_ms(sheets_only, args.runs),
    }
    pdf = full().pdf  # type: ignore[attr-defined]
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    listed = sum(f"Rio {k}" in text for k in range(12))
    print(f"Form 433-A (OIC), {len(sheets_only())} continuation pages; read back: {listed}/12 vehicles")  # type: ignore[arg-type]
    print("| measure | warm, median ms |")
    print("|---|---|")
    for name, ms in rows.items():
        print(f"| {name} | {ms:.1f} |")
    cost = rows[f"fill, {continued} items continued"] - rows["fill, nothing continued"]
    print(f"| continuation cost (difference) | {cost:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
