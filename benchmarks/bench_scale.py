"""Firm-scale speed: cold `formkit fill` vs pdftk, warm and cold packets, batch throughput.

Everything is measured in one run on one machine, interleaved with its baseline (pdftk
filling the same 433-A with the same values; plain pypdf doing the same work), so load from
other processes hits both alike. "Cold" is a fresh process with what any installed formkit
has after its first use: compiled Python bytecode and the compiled-template cache. Every
output is read back by tools that share no code with formkit (pdftk, qpdf, pdfplumber,
poppler) before its time counts.

    FORMKIT_FORMS_DIR=../shared/irs-forms python benchmarks/bench_scale.py [--quick]

Prints a Markdown table for the README. No assertions: the tests check correctness.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_fill import fdf  # noqa: E402
from tools.generate_cases import generate  # noqa: E402

FILL_CASE = ROOT / "examples" / "ia-streamlined.json"
PACKET_CASES = {"single OIC, lump sum": ROOT / "examples" / "oic-lump-sum-single.json",
                "joint OIC, periodic": ROOT / "examples" / "oic-periodic-joint-self-employed.json"}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    mem = ""
    try:
        kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return f"{cpu}, {cores} cores{mem}; {platform.system()} {platform.release()}; Python {platform.python_version()}"


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def timed(cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def interleaved(named: dict[str, Callable[[], float]], runs: int) -> dict[str, float]:
    """Median seconds of each callable, run in turn ``runs`` times (after one warm-up each)."""
    for fn in named.values():
        fn()
    times: dict[str, list[float]] = {name: [] for name in named}
    for _ in range(runs):
        for name, fn in named.items():
            times[name].append(fn())
    return {name: statistics.median(t) for name, t in times.items()}


def pdftk_fields(path: Path) -> dict[str, str]:
    """``pdftk dump_data_fields_utf8``: name -> value (a value's further lines continue it)."""
    out = subprocess.run(["pdftk", str(path), "dump_data_fields_utf8"], capture_output=True, text=True,
                         check=True).stdout
    fields: dict[str, str] = {}
    name, in_value = None, False
    for line in out.splitlines():
        if line.startswith("FieldName: "):
            name, in_value = line[len("FieldName: "):], False
        elif line.startswith("FieldValue: ") and name is not None:
            fields[name], in_value = line[len("FieldValue: "):], True
        elif line.startswith(("Field", "---")):
            in_value = False
        elif in_value and name is not None:
            fields[name] += "\n" + line
    return fields


def read_back_packet(path: Path) -> str:
    """qpdf --check, pdftk, pdfplumber and poppler must all read the packet with the same page count."""
    import pdfplumber

    qpdf = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    dump = subprocess.run(["pdftk", str(path), "dump_data"], capture_output=True, text=True, check=True).stdout
    pdftk_pages = int(next(x for x in dump.splitlines() if x.startswith("NumberOfPages:")).split()[1])
    with pdfplumber.open(path) as pdf:
        plumber_pages = len(pdf.pages)
        text = pdf.pages[-1].extract_text() or ""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    poppler_pages = int(next(x for x in info.splitlines() if x.startswith("Pages:")).split()[1])
    render = subprocess.run(["pdftoppm", "-r", "20", "-png", str(path), str(path.parent / "r")],
                            capture_output=True, text=True)
    ok = (qpdf.returncode == 0 and pdftk_pages == plumber_pages == poppler_pages and bool(text)
          and render.returncode == 0 and not render.stderr)
    return f"{'ok' if ok else 'FAILED'} ({poppler_pages} pages)"


def bench_fill(env: dict[str, str], work: Path, runs: int, rows: list[dict[str, Any]]) -> float:
    from formkit.pdf import compile_template, read_fields

    forms = Path(env["FORMKIT_FORMS_DIR"])
    official = forms / "f433a.pdf"
    out = work / "fill.pdf"
    fill_cmd = [sys.executable, "-m", "formkit", "fill", "433-A", str(FILL_CASE), "-o", str(out)]
    subprocess.run(fill_cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    tpl = compile_template(official.read_bytes())
    values: dict[str, str | bool] = {}
    for name, value in read_fields(out.read_bytes()).items():
        values[name] = value != "Off" if tpl.fields[name].kind.value == "checkbox" else value
    (work / "values.fdf").write_bytes(fdf(tpl, values))
    pdftk_cmd = ["pdftk", str(official), "fill_form", str(work / "values.fdf"), "output", str(work / "pdftk.pdf")]
    text = {k: v for k, v in values.items() if isinstance(v, str)}
    (work / "values.json").write_text(json.dumps(text))
    pypdf_cmd = [sys.executable, "-c",
                 "import json, sys\nfrom pypdf import PdfReader, PdfWriter\n"
                 f"w = PdfWriter(clone_from=PdfReader({str(official)!r}))\n"
                 f"v = json.load(open({str(work / 'values.json')!r}))\n"
                 "for p in w.pages: w.update_page_form_field_values(p, v, auto_regenerate=False)\n"
                 f"w.write({str(work / 'pypdf.pdf')!r})\n"]
    medians = interleaved({"formkit": lambda: timed(fill_cmd, env), "pdftk": lambda: timed(pdftk_cmd, env),
                           "pypdf": lambda: timed(pypdf_cmd, env)}, runs)
    ours, theirs = pdftk_fields(out), pdftk_fields(work / "pdftk.pdf")
    same = sum(1 for k, v in text.items() if ours.get(k) == v and theirs.get(k) == v)
    first = work / "first"
    first.mkdir()
    first_env = {**env, "FORMKIT_TEMPLATE_CACHE_DIR": str(first)}
    first_run = timed(fill_cmd, first_env)
    note = f"{len(values)} values; read back by pdftk: {same}/{len(text)} text values in both files"
    rows.append({"what": "`formkit fill 433-A` fresh process (cached template)", "ms": medians["formkit"] * 1000,
                 "vs": medians["pdftk"] / medians["formkit"], "note": note})
    rows.append({"what": "`formkit fill 433-A` fresh process, first use (template compiled)",
                 "ms": first_run * 1000, "vs": medians["pdftk"] / first_run, "note": "once per PDF and version"})
    rows.append({"what": "pdftk fill_form, same values (FDF)", "ms": medians["pdftk"] * 1000, "vs": 1.0,
                 "note": "the baseline"})
    rows.append({"what": "plain pypdf fill, same text values (fresh process)", "ms": medians["pypdf"] * 1000,
                 "vs": medians["pdftk"] / medians["pypdf"], "note": "clone, update, write"})
    return medians["pdftk"]


def bench_packets(env: dict[str, str], work: Path, runs: int, pdftk_s: float, rows: list[dict[str, Any]]) -> None:
    from pypdf import PdfReader, PdfWriter

    from formkit.packet import build_packet

    for label, case in PACKET_CASES.items():
        out = work / f"packet-{case.stem}"
        result = build_packet(case, out)
        documents = len(result.manifest["documents"])
        check = read_back_packet(out / "packet.pdf")
        warm = []
        for _ in range(runs):
            start = time.perf_counter()
            again = build_packet(case)
            warm.append(time.perf_counter() - start)
            assert again.pdf == result.pdf
        rows.append({"what": f"packet, warm in-process: {label} ({documents} documents)",
                     "ms": statistics.median(warm) * 1000, "vs": pdftk_s / statistics.median(warm),
                     "note": f"read back {check}; byte-identical each run"})
        cold_out = work / f"cold-{case.stem}"
        cmd = [sys.executable, "-m", "formkit", "packet", str(case), "-o", str(cold_out)]
        pdftk_cmd = ["pdftk", str(Path(env["FORMKIT_FORMS_DIR"]) / "f433a.pdf"), "fill_form",
                     str(work / "values.fdf"), "output", str(work / "pdftk2.pdf")]
        medians = interleaved({"packet": lambda c=cmd: timed(c, env), "pdftk": lambda c=pdftk_cmd: timed(c, env)},
                              runs)
        same = (cold_out / "packet.pdf").read_bytes() == result.pdf
        rows.append({"what": f"`formkit packet` fresh process: {label}", "ms": medians["packet"] * 1000,
                     "vs": medians["pdftk"] / medians["packet"],
                     "note": f"vs pdftk filling one 433-A in the same run ({medians['pdftk'] * 1000:.0f} ms); "
                             f"same bytes as in-process: {same}"})
        docs = sorted((out / "documents").glob("*.pdf"))
        merge = []
        for _ in range(runs):
            start = time.perf_counter()
            writer = PdfWriter()
            for doc in docs:
                writer.append(PdfReader(doc))
            writer.write(io.BytesIO())
            merge.append(time.perf_counter() - start)
        rows.append({"what": f"plain pypdf: append the {len(docs)} generated documents (no flattening)",
                     "ms": statistics.median(merge) * 1000, "vs": pdftk_s / statistics.median(merge),
                     "note": "merge alone, for scale"})


def bench_batch(env: dict[str, str], work: Path, sizes: tuple[int, int], rows: list[dict[str, Any]]) -> None:
    workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    small, big = sizes
    for count, jobs in ((small, 1), (small, workers), (big, workers)):
        cases = work / f"cases-{count}"
        if not cases.exists():
            generate(count, cases)
        out = work / f"batch-{count}-j{jobs}"
        cmd = [sys.executable, "-m", "formkit", "batch", str(cases), "-o", str(out), "-j", str(jobs), "--force",
               "--format", "json"]
        start = time.perf_counter()
        done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        records = [json.loads(line) for line in done.stdout.splitlines()]
        ok = sum(r["status"] == "ok" for r in records)
        rss = max(r["worker"]["peak_rss_mb"] for r in records)
        rows.append({"what": f"`formkit batch` {count} cases, all 5 steps, -j {jobs}", "ms": seconds * 1000,
                     "rate": count / seconds, "note": f"{ok}/{count} ok; peak RSS per worker {rss:.0f} MB"})
    same = _tree(work / f"batch-{small}-j1") == _tree(work / f"batch-{small}-j{workers}")
    rows.append({"what": f"-j 1 and -j {workers} outputs byte-identical", "note": str(same)})


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".formkit-batch.json"}


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| measurement | time | vs pdftk (×, higher is faster) / rate | notes |", "|---|---:|---:|---|"]
    for r in rows:
        ms = f"{r['ms']:.0f} ms" if "ms" in r and r["ms"] < 10_000 else (f"{r['ms'] / 1000:.1f} s" if "ms" in r
                                                                         else "")
        ratio = f"{r['vs']:.2f}×" if "vs" in r else (f"{r['rate']:.2f} cases/s" if "rate" in r else "")
        lines.append(f"| {r['what']} | {ms} | {ratio} | {r.get('note', '')} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (median)")
    parser.add_argument("--quick", action="store_true", help="small batches (40 and 100 cases), 3 runs")
    parser.add_argument("--only", choices=("fill", "packet", "batch"), help="one part only")
    args = parser.parse_args()
    forms = os.environ.get("FORMKIT_FORMS_DIR")
    missing = [t for t in ("pdftk", "qpdf", "pdfinfo", "pdftoppm") if shutil.which(t) is None]
    if not forms or not (Path(forms) / "f433a.pdf").is_file() or missing:
        print(f"needs FORMKIT_FORMS_DIR with the official PDFs and {', '.join(missing) or 'the tools'}",
              file=sys.stderr)
        return 2
    runs = 3 if args.quick else args.runs
    sizes = (40, 100) if args.quick else (200, 1000)
    with tempfile.TemporaryDirectory(prefix="formkit-bench-") as tmp:
        work = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update({"FORMKIT_FORMS_DIR": str(Path(forms).resolve()), "PYTHONPYCACHEPREFIX": str(work / "pyc"),
                    "FORMKIT_TEMPLATE_CACHE_DIR": str(work / "templates")})
        os.environ["FORMKIT_TEMPLATE_CACHE_DIR"] = env["FORMKIT_TEMPLATE_CACHE_DIR"]
        os.environ["FORMKIT_FORMS_DIR"] = env["FORMKIT_FORMS_DIR"]
        print(f"machine: {machine()}\nload average at start: {load()}", flush=True)
        rows: list[dict[str, Any]] = []
        pdftk_s = bench_fill(env, work, runs, rows) if args.only in (None, "fill", "packet") else 0.0
        if args.only in (None, "packet"):
            bench_packets(env, work, runs, pdftk_s, rows)
        if args.only in (None, "batch"):
            bench_batch(env, work, sizes, rows)
        print(f"load average at end: {load()}\n")
        print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
