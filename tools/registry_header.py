"""Write fingerprint and field_count into every forms/*/*.json from the official PDFs.

    python tools/registry_header.py ../shared/irs-forms

The PDFs are found by sha256, so their file names do not matter.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from formkit.forms.fingerprint import field_set, fingerprint

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    pdf_dir = Path(sys.argv[1])
    by_hash = {hashlib.sha256(p.read_bytes()).hexdigest(): p for p in pdf_dir.glob("*.pdf")}
    for path in sorted((ROOT / "forms").glob("*/*.json")):
        data = json.loads(path.read_text())
        if not isinstance(data, dict) or "sha256" not in data:
            continue  # a data file beside the maps, not a revision
        pdf = by_hash.get(data["sha256"])
        if pdf is None:
            print(f"{path}: official PDF not found in {pdf_dir}", file=sys.stderr)
            continue
        fields = field_set(pdf.read_bytes())
        data["fingerprint"] = fingerprint(fields)
        data["field_count"] = len(fields)
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        print(f"{path}: {len(fields)} fields, fingerprint {data['fingerprint'][:12]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
