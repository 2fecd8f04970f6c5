"""Generate N realistic, valid, distinct cases from the bundled examples (for batch tests and
benchmarks): each is one of the five examples with its own case id, surname and SSNs, and
attachment paths made absolute so the cases can live in any folder.

    python tools/generate_cases.py 200 out/cases [--broken 1]

``--broken K`` makes K of the files unusable (truncated JSON), spread evenly. Only identity
changes, never amounts, so every case keeps its example's analysis and checks.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SURNAMES = ("Abara", "Brennan", "Castillo", "Delacroix", "Eriksen", "Fujimoto", "Galloway", "Haddad", "Ibarra",
            "Jovanovic", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okonkwo", "Petrov", "Quintero",
            "Rasmussen", "Sandoval", "Tanaka", "Underwood", "Vasquez", "Whitfield", "Yilmaz", "Zielinski")
_SSN = re.compile(r'"(\d{3})-(\d{2})-(\d{4})"')


def _examples() -> list[tuple[str, dict[str, object]]]:
    return [(p.stem, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(EXAMPLES.glob("*.json"))]


def one_case(index: int, name: str, data: dict[str, object]) -> str:
    """Example ``data`` as case number ``index``: new case id, surname and SSNs; absolute attachments."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    taxpayer = data["taxpayer"]
    assert isinstance(taxpayer, dict)
    old_surname = str(taxpayer["last_name"])
    surname = SURNAMES[(index // 5) % len(SURNAMES)]
    text = text.replace(old_surname, surname)
    serial = 1000 + index % 8999

    def new_ssn(match: re.Match[str]) -> str:
        area = int(match.group(1))
        return f'"{area:03d}-{match.group(2)}-{serial:04d}"'  # area and group kept: valid, still distinct

    text = _SSN.sub(new_ssn, text)
    case = json.loads(text)
    case["case_id"] = f"GEN-{index:05d}"
    for attachment in case.get("attachments", []):
        if attachment.get("path"):
            attachment["path"] = str((EXAMPLES / attachment["path"]).resolve())
    return json.dumps(case, ensure_ascii=False, indent=1) + "\n"


def generate(count: int, folder: Path, *, broken: int = 0) -> list[Path]:
    """Write ``count`` cases into ``folder`` (``case-00000.json`` ...); ``broken`` of them are
    truncated JSON, spread evenly. Returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    examples = _examples()
    spoiled = {round((k + 0.5) * count / broken) for k in range(broken)} if broken else set()
    paths = []
    for index in range(count):
        name, data = examples[index % len(examples)]
        text = one_case(index, name, data)
        if index in spoiled:
            text = text[: len(text) // 2]
        path = folder / f"case-{index:05d}-{name}.json"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--broken", type=int, default=0, help="how many files to make unusable")
    args = parser.parse_args()
    generate(args.count, args.folder, broken=args.broken)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
