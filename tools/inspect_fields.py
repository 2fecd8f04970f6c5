"""Dump every fillable field of a PDF form with what a human needs to map it.

For each widget: page, fully qualified name, kind, flags (comb, multiline, max length),
checkbox on-states, rectangle, tooltip (/TU) and the printed words just left of and
above the field (via pdfplumber). Used to write forms/*.json from the real files
rather than by guessing.

    python tools/inspect_fields.py ../shared/irs-forms/f433a.pdf > /tmp/f433a.txt
    python tools/inspect_fields.py --json FILE.pdf > fields.json
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import pdfplumber
from pypdf import PdfReader
from pypdf.generic import DictionaryObject


def _full_name(obj: DictionaryObject) -> str:
    parts: list[str] = []
    node: Any = obj
    while node is not None:
        t = node.get("/T")
        if t is not None:
            parts.append(str(t))
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return ".".join(reversed(parts))


def _inherited(obj: DictionaryObject, key: str) -> Any:
    node: Any = obj
    while node is not None:
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return None


def collect(path: str) -> list[dict[str, Any]]:
    reader = PdfReader(path)
    rows: list[dict[str, Any]] = []
    with pdfplumber.open(path) as plumb:
        for pno, page in enumerate(reader.pages):
            words = plumb.pages[pno].extract_words()
            height = float(page.mediabox.height)
            for annot_ref in page.get("/Annots", []) or []:
                a = annot_ref.get_object()
                if a.get("/Subtype") != "/Widget":
                    continue
                ft = _inherited(a, "/FT")
                ff = int(_inherited(a, "/Ff") or 0)
                rect = [round(float(x), 1) for x in a["/Rect"]]
                x0, y0, x1, y1 = rect
                top = height - y1
                bottom = height - y0
                middle = (top + bottom) / 2
                left = [w["text"] for w in words
                        if x0 - 120 < w["x1"] <= x0 + 2 and abs((w["top"] + w["bottom"]) / 2 - middle) < 6]
                above = [w["text"] for w in words
                         if w["bottom"] <= top + 2 and w["bottom"] > top - 12 and w["x0"] < x1 and w["x1"] > x0]
                kind = {"/Tx": "text", "/Btn": "button", "/Ch": "choice", "/Sig": "signature"}.get(str(ft), str(ft))
                if kind == "button":
                    kind = "pushbutton" if ff & (1 << 16) else ("radio" if ff & (1 << 15) else "checkbox")
                ap = a.get("/AP")
                normal = ap.get_object().get("/N") if ap else None
                normal = normal.get_object() if normal is not None else None
                is_state_dict = kind in ("checkbox", "radio") and normal is not None and "/Subtype" not in normal
                states = sorted(str(k)[1:] for k in normal if k != "/Off") if is_state_dict else []
                rows.append({
                    "page": pno + 1,
                    "name": _full_name(a),
                    "kind": kind,
                    "readonly": bool(ff & 1),
                    "multiline": bool(ff & (1 << 12)) and kind == "text",
                    "comb": bool(ff & (1 << 24)) and kind == "text",
                    "max_length": int(_inherited(a, "/MaxLen")) if _inherited(a, "/MaxLen") is not None else None,
                    "on_states": states,
                    "value": str(_inherited(a, "/V")) if _inherited(a, "/V") is not None else None,
                    "rect": rect,
                    "tooltip": str(_inherited(a, "/TU") or ""),
                    "left_text": " ".join(left[-8:]),
                    "above_text": " ".join(above[-10:]),
                })
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf")
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    args = ap.parse_args()
    rows = collect(args.pdf)
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        return 0
    for r in rows:
        flags = ",".join(f for f in ("readonly", "multiline", "comb") if r[f])
        print(f"p{r['page']} {r['kind']:<9} {r['name']}")
        print(f"    max={r['max_length']} flags={flags or '-'} on={r['on_states']}")
        print(f"    rect={r['rect']} value={r['value']!r}")
        print(f"    tip: {r['tooltip']}")
        print(f"    left: {r['left_text']!r}")
        print(f"    above: {r['above_text']!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
