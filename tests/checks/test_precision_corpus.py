"""The precision corpus: realistic good cases must check without an error and build their
packet without --force; realistic bad cases must each be caught by the rule they were
written for.

The cases are the bundled examples with edits (tests/checks/corpus/good.json, bad.json):
'set' and 'delete' take JSON Pointers, 'append' adds items to a list. The two rates the
closing note reports are computed by test_corpus_rates.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from formkit.case import validate_data
from formkit.case.model import Case
from formkit.checks import check_case
from formkit.checks.model import CheckReport
from formkit.packet.build import build_packet
from tests.conftest import load_example
from tests.packet.helpers import write_case

CORPUS = Path(__file__).parent / "corpus"
GOOD: list[dict[str, Any]] = json.loads((CORPUS / "good.json").read_text(encoding="utf-8"))["cases"]
BAD: list[dict[str, Any]] = json.loads((CORPUS / "bad.json").read_text(encoding="utf-8"))["cases"]


def _parts(pointer: str) -> list[str | int]:
    return [int(p) if p.isdigit() else p.replace("~1", "/").replace("~0", "~")
            for p in pointer.strip("/").split("/")]


def _parent(data: Any, pointer: str) -> tuple[Any, str | int]:
    parts = _parts(pointer)
    node = data
    for part in parts[:-1]:
        node = node[part]
    return node, parts[-1]


def case_data(entry: dict[str, Any]) -> dict[str, Any]:
    """The example named by 'base' with the entry's edits (delete last, highest index first)."""
    data = copy.deepcopy(load_example(entry["base"]))
    data["case_id"] = f"corpus-{entry['name']}"
    for pointer, value in entry.get("set", {}).items():
        node, key = _parent(data, pointer)
        node[key] = value
    for pointer, items in entry.get("append", {}).items():
        node, key = _parent(data, pointer)
        node[key].extend(items)
    for pointer in sorted(entry.get("delete", []), key=lambda p: _parts(p), reverse=True):
        node, key = _parent(data, pointer)
        del node[key]
    return data


def load(entry: dict[str, Any]) -> Case:
    from decimal import Decimal
    data = json.loads(json.dumps(case_data(entry), default=str), parse_float=Decimal)
    result = validate_data(data)
    assert result.case is not None, (entry["name"], [str(p) for p in result.errors])
    return result.case


def report_of(entry: dict[str, Any]) -> CheckReport:
    return check_case(load(entry))


def _ids(cases: list[dict[str, Any]]) -> list[str]:
    return [c["name"] for c in cases]


def test_corpus_is_large_enough_and_named_uniquely() -> None:
    assert len(GOOD) >= 30 and len(BAD) >= 30
    names = _ids(GOOD) + _ids(BAD)
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("entry", GOOD, ids=_ids(GOOD))
def test_good_case_has_no_error(entry: dict[str, Any]) -> None:
    report = report_of(entry)
    assert not report.errors, [(f.rule_id, f.where, f.message) for f in report.errors]


@pytest.mark.parametrize("entry", BAD, ids=_ids(BAD))
def test_bad_case_is_caught_by_its_rule(entry: dict[str, Any]) -> None:
    report = report_of(entry)
    caught = [f for f in report.findings if f.rule_id == entry["expect"]]
    assert caught, f"{entry['name']}: {entry['expect']} did not fire; found {sorted(report.ids())}"
    for finding in caught:
        assert finding.where and "{" not in finding.message


@pytest.mark.official_pdf
@pytest.mark.slow
def test_every_good_case_builds_its_packet_without_force(tmp_path: Path, forms_dir: Path) -> None:
    built = []
    for entry in GOOD:
        folder = tmp_path / entry["name"]
        case = write_case(folder, "case", case_data(entry))
        result = build_packet(case, folder / "packet", forms_dir=forms_dir)
        assert not result.forced and result.manifest["checks"]["errors"] == 0, entry["name"]
        built.append(entry["name"])
    assert len(built) == len(GOOD)


def test_corpus_rates() -> None:
    """Precision on good cases (no error) and recall on bad cases (caught by the intended rule)."""
    clean = sum(1 for entry in GOOD if not report_of(entry).errors)
    caught = sum(1 for entry in BAD if entry["expect"] in report_of(entry).ids())
    rates = {"good_without_error": f"{clean}/{len(GOOD)}", "bad_caught": f"{caught}/{len(BAD)}"}
    assert clean == len(GOOD) and caught == len(BAD), rates
