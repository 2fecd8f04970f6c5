"""Shared test helpers: the example cases and the official PDFs directory."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

import pytest
from tools.ci import under_ci

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))


def pytest_configure(config: pytest.Config) -> None:
    """Compiled templates go to a fresh folder per test run (also for the CLI subprocesses),
    never to the user's cache, so no run depends on what an earlier one left there."""
    if "FORMKIT_TEMPLATE_CACHE_DIR" not in os.environ:
        import tempfile

        os.environ["FORMKIT_TEMPLATE_CACHE_DIR"] = tempfile.mkdtemp(prefix="formkit-test-templates-")


def unavailable(reason: str) -> NoReturn:
    """Skip the test for a missing PDF, tool or optional extra; under CI fail it instead."""
    if under_ci():
        pytest.fail(reason)
    pytest.skip(reason, allow_module_level=True)


def require_module(name: str, reason: str) -> Any:
    """``pytest.importorskip`` that fails under CI (the dev extra installs every optional module)."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        unavailable(reason)


def load_example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / name).read_text(), parse_float=Decimal)
    return data


def official_forms_dir() -> Path:
    """The directory of official IRS PDFs, or skip (fail under CI) when it is not configured."""
    value = os.environ.get("FORMKIT_FORMS_DIR")
    if value and Path(value).is_dir():
        return Path(value)
    unavailable("official IRS PDFs not available: set FORMKIT_FORMS_DIR to a directory holding them "
                "(e.g. FORMKIT_FORMS_DIR=../shared/irs-forms)")


@pytest.fixture
def forms_dir() -> Path:
    return official_forms_dir()
