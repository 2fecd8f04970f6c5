"""The catalogue (data) and the conditions (code) describe the same rules."""

from __future__ import annotations

import json
import re
import string

import jsonschema
import pytest

from formkit._schemas import registry
from formkit.checks import load_catalogue, rule_ids
from formkit.checks.catalogue import parameters_for
from formkit.checks.registry import ENGINE_RULES, REGISTRY
from tests.checks.helpers import rule_of
from tests.checks.test_rules import ALL_PASSES, ALL_TRIGGERS
from tests.conftest import ROOT

SCHEMAS = ROOT / "schemas"


def schema_validator(name: str, pointer: str = "") -> jsonschema.Draft202012Validator:
    target = {"$ref": f"https://formkit.dev/schemas/{name}{pointer}"}
    return jsonschema.Draft202012Validator(target, registry=registry())


def test_catalogue_and_code_have_the_same_ids() -> None:
    assert set(load_catalogue()) == set(rule_ids())
    assert set(ENGINE_RULES).isdisjoint(REGISTRY)


def test_at_least_forty_rules() -> None:
    assert len([r for r in load_catalogue().values() if r.area != "engine"]) >= 40


def test_catalogue_entries_follow_the_schema() -> None:
    data = json.loads((ROOT / "rules" / "catalogue.json").read_text())
    validator = schema_validator("rules.schema.json", "#/$defs/catalogue_rule")
    for entry in data["rules"]:
        validator.validate(entry)
    ids = [e["id"] for e in data["rules"]]
    assert ids == sorted(ids), "keep the catalogue in ID order"


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_templates_only_use_simple_placeholders() -> None:
    for meta in load_catalogue().values():
        for name in _placeholders(meta.message) | _placeholders(meta.fix):
            assert re.fullmatch(r"[a-z_]+", name), (meta.id, name)


def test_every_message_names_the_place() -> None:
    """Conditions pass a {detail} naming the field or line (or specific amounts)."""
    for meta in load_catalogue().values():
        assert "{detail}" in meta.message, meta.id


@pytest.mark.parametrize("rule_id", sorted(load_catalogue()))
def test_every_rule_has_a_trigger_and_a_pass_scenario(rule_id: str) -> None:
    assert any(rule_of(k) == rule_id for k in ALL_TRIGGERS), f"{rule_id}: no triggering test"
    assert any(rule_of(k) == rule_id for k in ALL_PASSES), f"{rule_id}: no passing test"


def test_dollar_thresholds_come_from_data() -> None:
    p = parameters_for(__import__("datetime").date(2026, 11, 1))
    assert p.money("form_656", "application_fee") == 205
    assert p.number("installment_agreements", "streamlined.max_months") == 72
    assert p.number("form_2848", "representative_sign_days") == 45
    assert p.number("offer_processability", "recent_return_copy_weeks") == 10
    old = parameters_for(__import__("datetime").date(2024, 1, 1))
    assert old.number("offer_processability", "recent_return_copy_weeks") == 12
