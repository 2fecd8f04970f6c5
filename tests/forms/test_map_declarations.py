"""Every field map says where each value comes from, and what it names exists.

- every field of a converted map has a source of a known kind, and every ``mapper:`` name,
  table, question and box it names exists;
- one vocabulary: every analysis path a map or a rule names is produced by the real analysis
  of the examples (or of the business variant below), so no line can stay blank because a
  name drifted between layers.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import re
from decimal import Decimal
from functools import cache

import pytest

from formkit.analysis import analyze
from formkit.case.model import Address, AssetWithLoan, Case, LifeInsurance, RealEstate, Receivable
from formkit.forms.mapping import Mapper
from formkit.forms.registry import FormRevision, revisions
from formkit.forms.resolve import parse_source
from tests.conftest import EXAMPLES, ROOT
from tests.forms.support import example

KINDS = {"case", "analysis", "mapper", "table", "question", "rows", "rest", "continued", "override", "blank"}
CONVERTED = [r for r in revisions() if r.supported and any(s.source for s in r.fields.values())]
_CALL = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_.]*)(?:\((?P<arg>[^()]*)\))?$")


def _id(rev: FormRevision) -> str:
    return f"{rev.form_id}-{rev.revision}"


def _mapper(rev: FormRevision) -> Mapper:
    module = importlib.import_module(f"formkit.forms.mappers.{rev.form_id}")
    mapper = module.mapper
    assert isinstance(mapper, Mapper)
    return mapper


def test_the_main_forms_are_converted() -> None:
    assert {r.form_id for r in CONVERTED} >= {"f433a", "f433aoi", "f433f"}


@pytest.mark.parametrize("rev", CONVERTED, ids=_id)
def test_every_field_names_a_source_that_exists(rev: FormRevision) -> None:
    mapper = _mapper(rev)
    for key, spec in rev.fields.items():
        assert spec.source is not None, key
        kind, rest = parse_source(spec.source)
        assert kind in KINDS, (key, spec.source)
        if kind == "mapper":
            match = _CALL.match(rest)
            assert match is not None and match["name"] in mapper.values, (key, spec.source)
        if kind in ("override", "blank"):
            assert spec.note, f"{key}: an {kind} field says why in its note"
        if kind == "table":
            table = rev.tables[rest]
            assert any(key.startswith(row + ".") for row in table.rows), (key, rest)
        if kind == "question":
            assert key in rev.questions[rest].boxes.values(), (key, rest)
        if spec.when is not None:
            w_kind, w_rest = parse_source(spec.when.lstrip("!"))
            if w_kind == "mapper":
                match = _CALL.match(w_rest)
                assert match is not None and match["name"] in mapper.predicates, (key, spec.when)


@pytest.mark.parametrize("rev", CONVERTED, ids=_id)
def test_tables_and_questions_name_real_fields(rev: FormRevision) -> None:
    mapper = _mapper(rev)
    for table in rev.tables.values():
        kind, rest = parse_source(table.items)
        assert kind in ("case", "analysis", "mapper"), table.id
        if kind == "mapper":
            assert _CALL.match(rest)["name"] in mapper.items, table.id  # type: ignore[index]
        if table.row is not None:
            assert table.row in mapper.rows, table.id
        # every printed column is a field of the rows (a column some rows lack, like the 2848's
        # notices box on rows 1-2 only, must be on one of them; the resolver refuses to drop a
        # value a row cannot hold)
        printed = [c for c in table.columns.values() if not c.sheet_only] if table.rows else []
        for column in printed:
            keys = [f"{row}.{s}" for row in table.rows
                    for s in (column.boxes.values() if column.boxes else [column.name])]
            assert any(k in rev.fields for k in keys), (table.id, column.name)
        cells = [k for k, s in rev.fields.items() if s.source == f"table:{table.id}"]
        assert all(any(k.startswith(row + ".") for row in table.rows) for k in cells), table.id
    for question in rev.questions.values():
        for key in question.boxes.values():
            assert rev.fields[key].source == f"question:{question.id}", (question.id, key)


# --------------------------------------------------------------------------- one vocabulary


def _everything_case() -> Case:
    """The self-employed example holding one of every kind of asset the forms list."""
    case = example("oic-periodic-joint-self-employed")
    home = Address("2218 E Juanita Ave", "Mesa", "AZ", "85204", county="Maricopa County")
    assets = dataclasses.replace(
        case.assets,
        investments=(AssetWithLoan("Brokerage account", Decimal(4000), kind="stocks", institution="Schwab"),
                     AssetWithLoan("Bitcoin", Decimal(900), kind="digital_asset", institution="Coinbase")),
        life_insurance=(LifeInsurance("Acme Life", "whole", Decimal(50000), cash_value=Decimal(3000)),),
        real_estate=(RealEstate("Rental condo", home, Decimal(150000), loan_balance=Decimal(90000)),),
        personal_effects=(*case.assets.personal_effects,
                          AssetWithLoan("Coin collection", Decimal(2500), kind="collectible")),
        business_assets=(*case.assets.business_assets,
                         AssetWithLoan("Ether", Decimal(600), kind="digital_asset", institution="Kraken")),
        receivables=(Receivable("Mesa HOA", Decimal(1200)), Receivable("J. Ortiz", Decimal(300), kind="note")))
    return dataclasses.replace(case, assets=assets)


@cache
def produced() -> frozenset[str]:
    """Every path the real analysis produces on the examples and the business variant, with
    item indexes replaced by ``{i}`` so table column templates can be compared."""
    cases = [example(p.stem) for p in sorted(EXAMPLES.glob("*.json"))] + [_everything_case()]
    paths: set[str] = set()
    for case in cases:
        paths.update(analyze(case).paths)
    return frozenset(paths | {re.sub(r"\[\d+\]", "[{i}]", p) for p in paths})


def _named_by_maps() -> set[tuple[str, str]]:
    named = set()
    for rev in CONVERTED:
        for key, spec in rev.fields.items():
            kind, rest = parse_source(spec.source or "")
            if kind == "analysis":
                named.add((f"{rev.form_id} {key}", rest))
        for table in rev.tables.values():
            kind, rest = parse_source(table.items)
            if kind == "analysis":
                named.add((f"{rev.form_id} table {table.id}", rest))
            for column in table.columns.values():
                if column.analysis:
                    named.add((f"{rev.form_id} table {table.id}.{column.name}", column.analysis))
    return named


def _named_by_rules() -> set[tuple[str, str]]:
    """Paths the rule conditions ask of the analysis: ``s.amount("oic.box_f")`` and the like."""
    named = set()
    for path in sorted((ROOT / "src" / "formkit" / "checks" / "rules").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "amount"
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                named.add((f"{path.name}:{node.lineno}", node.args[0].value))
    return named


def test_every_analysis_path_a_map_names_is_produced() -> None:
    missing = sorted(f"{where}: {p}" for where, p in _named_by_maps() if p not in produced())
    assert not missing, missing


def test_every_analysis_path_a_rule_names_is_produced() -> None:
    named = _named_by_rules()
    assert len(named) >= 5  # the scan finds the rules' amount(...) calls
    missing = sorted(f"{where}: {p}" for where, p in named if p not in produced())
    assert not missing, missing
