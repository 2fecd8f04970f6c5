"""Every rule: each scenario that should trigger it does, each that should pass it does.

The scenarios live by area in test_rules_oic.py, test_rules_ia_cnc_penalty.py and
test_rules_poa_xf_att.py; test_catalogue.py checks that every rule has both kinds.
"""

from __future__ import annotations

import pytest

from tests.checks import (
    test_rules_completeness,
    test_rules_currency,
    test_rules_ia_cnc_penalty,
    test_rules_oic,
    test_rules_poa_xf_att,
)
from tests.checks.helpers import Scenario, assert_passes, assert_triggers

AREAS = (test_rules_oic, test_rules_ia_cnc_penalty, test_rules_poa_xf_att, test_rules_currency, test_rules_completeness)
ALL_TRIGGERS: dict[str, Scenario] = {k: v for m in AREAS for k, v in m.TRIGGER.items()}
ALL_PASSES: dict[str, Scenario] = {k: v for m in AREAS for k, v in m.PASS.items()}


@pytest.mark.parametrize("key", sorted(ALL_TRIGGERS))
def test_triggers(key: str) -> None:
    assert_triggers(key, ALL_TRIGGERS[key])


@pytest.mark.parametrize("key", sorted(ALL_PASSES))
def test_passes(key: str) -> None:
    assert_passes(key, ALL_PASSES[key])
