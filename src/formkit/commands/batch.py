"""``formkit batch INPUT... --do STEPS -o OUTDIR``: the single-case commands over many cases.

Exit codes as for the single commands, the worst over all cases: 0 every case clean,
1 findings in some case (invalid, check errors, packet not built), 2 some case unusable or
a usage error. One case's failure never stops the others.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from formkit.commands._common import EXIT_OK, UsageError, emit, emit_error, import_packet_machinery

_STEPS = ("validate", "analyze", "check", "fill", "packet")


def _steps(text: str) -> tuple[str, ...]:
    chosen = tuple(s.strip() for s in text.split(",") if s.strip())
    unknown = [s for s in chosen if s not in _STEPS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"unknown step(s) {', '.join(unknown) or '(none)'}; choose from "
                                         f"{','.join(_STEPS)}")
    return chosen


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _workers(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"-j needs a whole number of workers, 1 or more (got {text!r})")
    return n


def register(sub: Any) -> None:
    p = sub.add_parser(
        "batch", help="run validate/analyze/check/fill/packet over many cases, in parallel",
        description="Run the chosen steps on every case: files, folders (every *.json below) or glob patterns. "
        "Each case's outputs go to OUTDIR/<case>/ (validation.json, analysis.json, check.json, forms/, packet/), "
        "byte for byte what the single commands write. A case whose inputs, forms, standards and formkit "
        "version did not change since its last clean run is skipped (--force rebuilds). Exit 0 all clean, "
        "1 findings in some case, 2 some case unusable.")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="case file, folder of cases, or glob pattern")
    p.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="output folder (one subfolder per case)")
    p.add_argument("--do", type=_steps, default=_STEPS, metavar="STEPS",
                   help=f"comma-separated steps (default: {','.join(_STEPS)})")
    p.add_argument("-j", "--jobs", type=_workers, metavar="N", help="worker processes (default: one per core)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on a Dask cluster (tcp://host:8786); needs pip install 'formkit[dask]' and case files "
                   "and OUTDIR on storage the workers share")
    p.add_argument("--force", action="store_true", help="rebuild every case, changed or not")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="json: one JSON object per case (schemas/batch-result.schema.json)")
    p.add_argument("--forms-dir", metavar="DIR", help="folder holding the official IRS PDFs")
    p.add_argument("--templates", metavar="DIR", help="the firm's letter templates and packets.json")
    p.add_argument("--as-of", type=_date, metavar="DATE", help="analysis, checks and letter date (YYYY-MM-DD)")
    p.set_defaults(handler=run)


def _progress(total: int) -> Any:
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="case", file=sys.stderr, dynamic_ncols=True, leave=False)


def run(args: argparse.Namespace) -> int:
    from formkit.batch import incremental
    from formkit.batch.discover import NoCases, discover
    from formkit.batch.run import default_jobs, run_batch
    from formkit.batch.steps import Options

    out = Path(args.output)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: exists and is not a folder")
    try:
        jobs = discover(args.inputs, out)
    except NoCases as exc:
        raise UsageError(str(exc)) from None
    templates = str(Path(args.templates).resolve()) if args.templates else None
    if templates is not None and not Path(templates).is_dir():
        raise UsageError(f"--templates {args.templates}: not a folder")
    options = Options(steps=tuple(args.do), forms_dir=str(Path(args.forms_dir).resolve()) if args.forms_dir else None,
                      templates_dir=templates, as_of=args.as_of.isoformat() if args.as_of else None,
                      data_digest=incremental.data_digest(templates), force=args.force)
    workers = args.jobs or default_jobs()
    if not args.scheduler:
        _warm(options.steps)
    bar = _progress(len(jobs))
    records: list[dict[str, Any]] = []

    def on_done(record: dict[str, Any]) -> None:
        if bar is not None:
            bar.update(1)

    def on_result(_index: int, record: dict[str, Any]) -> None:
        records.append(record)
        if args.format == "json":
            line = json.dumps(record, sort_keys=True, ensure_ascii=False)
            if bar is not None:
                bar.clear()
            emit(line)
        elif record["exit_code"] != EXIT_OK:
            if bar is not None:
                bar.clear()
            emit(f"{record['case']}: {record['status']}: {record.get('message', '')}")

    try:
        seconds = run_batch(jobs, options, workers=workers, scheduler=args.scheduler, on_result=on_result,
                            on_done=on_done)
    finally:
        if bar is not None:
            bar.close()
    summary = summary_table(records, seconds, "Dask cluster" if args.scheduler else f"{workers} worker(s)")
    if args.format == "json":
        emit_error(summary)
    else:
        emit(summary)
    return max((r["exit_code"] for r in records), default=EXIT_OK)


def _warm(steps: tuple[str, ...]) -> None:
    """Import what the steps use once, here: forked workers start with it loaded."""
    import formkit.analysis
    import formkit.case

    if {"check", "packet"} & set(steps):
        import formkit.checks
    if {"fill", "packet"} & set(steps):
        import formkit.forms.fill
        import formkit.pdf.writer
    if "packet" in steps:
        import_packet_machinery()
        import formkit.packet.build  # noqa: F401


def summary_table(records: list[dict[str, Any]], seconds: float, where: str) -> str:
    """Counts per step and status, then per case, with the run's throughput."""
    n = len(records)
    rate = f"{n / seconds:.1f} cases/s" if seconds > 0 else "-"
    lines = [f"formkit batch: {n} case(s) in {seconds:.1f} s ({rate}, {where})",
             f"{'':<10}{'ok':>8}{'findings':>10}{'error':>8}{'not run':>9}"]
    for step in _STEPS:
        counts = Counter(r["steps"][step]["status"] for r in records if step in r.get("steps", {}))
        if counts:
            lines.append(f"{step:<10}{counts['ok']:>8}{counts['findings']:>10}{counts['error']:>8}"
                         f"{counts['not_run']:>9}")
    cases = Counter(r["status"] for r in records)
    skipped = sum(1 for r in records if r.get("skipped"))
    lines.append(f"{'cases':<10}{cases['ok']:>8}{cases['findings']:>10}{cases['error']:>8}"
                 + (f"   ({skipped} unchanged, skipped)" if skipped else ""))
    return "\n".join(lines)
