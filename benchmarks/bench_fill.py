"""Fill speed of a complete Form 433-A: formkit (warm, cold) vs plain pypdf vs pdftk.

Every text field gets a distinct value and every checkbox is set, the same values for
all three engines, measured in one run on one machine. Each engine's output is read back
(formkit.pdf.read_fields) so a fast-but-wrong engine would show up in the table.

    FORMKIT_FORMS_DIR=../shared/irs-forms python benchmarks/bench_fill.py [--runs 50]

No assertions: this prints numbers for people; the tests check correctness.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from formkit.pdf import (
    CompiledTemplate,
    FieldKind,
    clear_cache,
    compile_template,
    fill,
    read_fields,
)

FORM = "f433a.pdf"
_FILLER = " Jane Q. Public-Smith, 1234 Main Street, Springfield IL 62704"


def complete_values(tpl: CompiledTemplate) -> dict[str, str | bool]:
    """A distinct value that fits for every text field, True for every checkbox."""
    values: dict[str, str | bool] = {}
    for i, spec in enumerate(tpl.fields.values()):
        if spec.readonly:
            continue
        if spec.kind is FieldKind.CHECKBOX:
            values[spec.name] = True
        elif spec.kind is FieldKind.TEXT:
            widget = spec.widgets[0]
            size = widget.da.font_size if widget.da and widget.da.font_size else 12.0
            capacity = int((widget.width - 6) / (0.72 * size))
            if spec.max_len is not None:
                capacity = min(capacity, spec.max_len)
            token = f"{i:03d}"
            if capacity >= len(token):
                values[spec.name] = (token + _FILLER)[:capacity].rstrip()
            else:
                values[spec.name] = token[-max(capacity, 1):]
    return values


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def pypdf_fill(path: Path, values: Mapping[str, str]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(path))
    for page in writer.pages:
        writer.update_page_form_field_values(page, dict(values), auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _fdf_string(text: str) -> bytes:
    return b"<" + ("\ufeff" + text).encode("utf-16-be").hex().encode() + b">"


def fdf(tpl: CompiledTemplate, values: Mapping[str, str | bool]) -> bytes:
    """An FDF with fully qualified names (UTF-16) for ``pdftk fill_form``."""
    fields = []
    for name, value in values.items():
        if isinstance(value, bool):
            state = tpl.fields[name].on_states[0] if value else "Off"
            v = b"/" + state.encode()
        else:
            v = _fdf_string(value)
        fields.append(b"<</T " + _fdf_string(name) + b"/V " + v + b">>")
    return (b"%FDF-1.2\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<</FDF<</Fields[\n" + b"\n".join(fields)
            + b"]>>>>\nendobj\ntrailer\n<</Root 1 0 R>>\n%%EOF\n")


def correct(tpl: CompiledTemplate, pdf: bytes, values: Mapping[str, str | bool]) -> int:
    """How many of ``values`` read back exactly from ``pdf``."""
    read = read_fields(pdf)
    expected = {k: (tpl.fields[k].on_states[0] if v is True else v) for k, v in values.items()}
    return sum(read.get(k) == v for k, v in expected.items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=50, help="runs for formkit warm")
    parser.add_argument("--slow-runs", type=int, default=5, help="runs for cold/pypdf/pdftk")
    args = parser.parse_args()
    forms = os.environ.get("FORMKIT_FORMS_DIR")
    if not forms or not (Path(forms) / FORM).is_file():
        print(f"set FORMKIT_FORMS_DIR to a directory holding {FORM}", file=sys.stderr)
        return 2
    path = Path(forms) / FORM
    data = path.read_bytes()
    tpl = compile_template(data)
    values = complete_values(tpl)
    n_text = sum(isinstance(v, str) for v in values.values())
    n_box = len(values) - n_text
    pypdf_values = {
        k: ("/" + tpl.fields[k].on_states[0]) if v is True else str(v) for k, v in values.items()
    }

    rows: list[tuple[str, float, int]] = []
    out = fill(tpl, values)
    rows.append(("formkit warm (compiled, in-process)",
                 median_ms(lambda: fill(tpl, values), args.runs), correct(tpl, out, values)))

    def cold() -> bytes:
        clear_cache()
        return fill(data, values)

    rows.append(("formkit cold (compile + fill)", median_ms(cold, args.slow_runs),
                 correct(tpl, cold(), values)))
    rows.append(("pypdf clone+update+write", median_ms(lambda: pypdf_fill(path, pypdf_values),
                                                       args.slow_runs),
                 correct(tpl, pypdf_fill(path, pypdf_values), values)))
    pdftk = shutil.which("pdftk")
    if pdftk:
        with tempfile.TemporaryDirectory() as tmp:
            fdf_path, out_path = Path(tmp) / "values.fdf", Path(tmp) / "out.pdf"
            fdf_path.write_bytes(fdf(tpl, values))
            cmd = [pdftk, str(path), "fill_form", str(fdf_path), "output", str(out_path)]
            rows.append(("pdftk fill_form (FDF, subprocess)",
                         median_ms(lambda: subprocess.run(cmd, check=True), args.slow_runs),
                         correct(tpl, out_path.read_bytes(), values)))

    base = {name: ms for name, ms, _ in rows}
    t_pdftk = base.get("pdftk fill_form (FDF, subprocess)")
    t_pypdf = base["pypdf clone+update+write"]
    print(f"Form 433-A {path.name}: {n_text} text fields + {n_box} checkboxes "
          f"(warm median of {args.runs}, others median of {args.slow_runs})")
    print(f"{'engine':<38} {'median ms':>10} {'vs pdftk':>10} {'vs pypdf':>10} {'read back':>10}")
    for name, ms, ok in rows:
        vs_pdftk = f"{t_pdftk / ms:.1f}x" if t_pdftk else "n/a"
        print(f"{name:<38} {ms:>10.1f} {vs_pdftk:>10} {t_pypdf / ms:>9.1f}x "
              f"{ok:>4}/{len(values)}")
    print("(vs X = X's time / this engine's time: higher is faster)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
