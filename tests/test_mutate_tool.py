"""``nox -s mutate -- limits`` (tools/mutate.py) names functions by mutmut's mangled names; a
renamed function would leave the piece silently smaller, so each name must still be a function."""

from __future__ import annotations

import importlib

from tools.mutate import LIMITS, patterns


def test_each_limits_name_is_a_function_in_analysis_or_checks() -> None:
    missing = []
    for name in LIMITS:
        module, function = name.removesuffix("__mutmut_*").rsplit(".", 1)
        assert module.startswith(("formkit.analysis.", "formkit.checks.")), name
        if not callable(getattr(importlib.import_module(module), function.removeprefix("x_"), None)):
            missing.append(name)
    assert missing == []


def test_targets_become_mutmut_names() -> None:
    assert patterns(["limits"]) == sorted(LIMITS)
    assert patterns(["src/formkit/redact.py"]) == ["formkit.redact.*"]
    assert patterns(["formkit.analysis.offer.x_compute__mutmut_*"]) == ["formkit.analysis.offer.x_compute__mutmut_*"]
