"""Fuzzing: cases drawn from the case schema go through validate, analyze, fill, check and packet.

Nothing may escape but a ``formkit.FormkitError`` (the documented errors, each with a message
for the preparer); every step ends within STEP_SECONDS; a case that validates either
analyses, fills and packs or gets such an error; and no full SSN, EIN or bank account
number of the case reaches a message, a report or a manifest.

500 examples here (CI); ``nox -s fuzz`` runs 10,000 (FORMKIT_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings

from formkit.errors import FormkitError
from tests.conftest import EXAMPLES, official_forms_dir
from tests.hardening.casegen import TODAY, cases, near_valid, secrets_of

EXAMPLES_COUNT = int(os.environ.get("FORMKIT_FUZZ_EXAMPLES", "500"))
STEP_SECONDS = 30.0  # "never hangs": the slowest step seen is well under a second on an idle machine
T = TypeVar("T")
SEEN: Counter[str] = Counter()
SLOWEST: dict[str, float] = {}

FUZZ = settings(max_examples=EXAMPLES_COUNT, deadline=None, derandomize=os.environ.get("FORMKIT_FUZZ_SEED") is None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
                database=None)


def leaks(text: str, secrets: set[str]) -> list[str]:
    return [s for s in secrets if s in text]


def step(name: str, run: Callable[[], T]) -> T | FormkitError:
    """Run one pipeline step: its result, or the FormkitError it raised; anything else fails the test."""
    start = time.perf_counter()
    try:
        result: T | FormkitError = run()
    except FormkitError as exc:
        result = exc
        SEEN[f"{name}: {type(exc).__name__}"] += 1
    elapsed = time.perf_counter() - start
    kind = name.split()[0]
    SLOWEST[kind] = max(SLOWEST.get(kind, 0.0), elapsed)
    assert elapsed < STEP_SECONDS, f"{name} took {elapsed:.1f} s"
    return result


def pipeline(data: dict[str, Any], forms: Path) -> None:
    from formkit.analysis import analyze
    from formkit.case import validate_data
    from formkit.checks import check_case
    from formkit.checks.render import to_data, to_text
    from formkit.forms.fill import fill_form
    from formkit.packet import build_packet
    from formkit.packet.contents import plan_packet

    secrets = secrets_of(data)
    said: list[str] = []
    result = step("validate", lambda: validate_data(data, today=TODAY))
    assert not isinstance(result, FormkitError)
    said += [str(p) for p in result.problems]
    if result.case is None:
        SEEN["invalid"] += 1
        assert result.errors, "an invalid case names at least one error"
        assert not [s for line in said for s in leaks(line, secrets)], "a validation message holds a full TIN"
        return
    SEEN["valid"] += 1
    case = result.case
    analysis = step("analyze", lambda: analyze(case, as_of=TODAY))
    if isinstance(analysis, FormkitError):
        said.append(str(analysis))
    else:
        said.append(json.dumps(analysis.as_dict(), default=str) if hasattr(analysis, "as_dict") else "")
    for index in range(len(case.requests)):
        plan = step("plan", lambda index=index: plan_packet(case, request_index=index))  # type: ignore[misc]
        if isinstance(plan, FormkitError):
            said.append(str(plan))
            continue
        for doc in plan.documents:
            if doc.kind == "form" and doc.revision is not None:
                filled = step(f"fill {doc.form}", lambda doc=doc: fill_form(  # type: ignore[misc]
                    doc.revision, case, forms_dir=forms, as_of=TODAY, **doc.options))
                if isinstance(filled, FormkitError):
                    said.append(str(filled))
                else:
                    SEEN["filled"] += 1
    report = step("check", lambda: check_case(case, as_of=TODAY))
    if isinstance(report, FormkitError):
        said.append(str(report))
    else:
        said += [to_text(report, False), json.dumps(to_data(report, False), default=str)]
    packet = step("packet", lambda: build_packet(case, None, forms_dir=forms, as_of=TODAY, base_dir=EXAMPLES,
                                                 force=True))
    if isinstance(packet, FormkitError):
        said.append(str(packet))
        said += [str(d) for d in getattr(packet, "details", ())]
    else:
        SEEN["packed"] += 1
        said.append(packet.contents["manifest.json"].decode("utf-8"))
    leaked = [s for line in said for s in leaks(line, secrets)]
    assert not leaked, f"full identification or account numbers in messages, reports or manifest: {leaked}"


@pytest.mark.slow
@FUZZ
@given(data=cases())
def test_fuzzed_valid_cases_travel_the_whole_pipeline(data: dict[str, Any]) -> None:
    pipeline(data, official_forms_dir())


@pytest.mark.slow
@settings(FUZZ, max_examples=max(EXAMPLES_COUNT // 5, 20))
@given(data=near_valid())
def test_near_valid_cases_get_errors_not_exceptions(data: dict[str, Any]) -> None:
    pipeline(data, official_forms_dir())


def test_report_what_the_fuzzer_saw() -> None:
    """Printed for the closing note (pytest -s); runs after the two above in file order."""
    print(f"fuzz ({EXAMPLES_COUNT} + {max(EXAMPLES_COUNT // 5, 20)} examples): {dict(sorted(SEEN.items()))}; "
          f"slowest step (s): { {k: round(v, 2) for k, v in sorted(SLOWEST.items())} }")
