"""Shared test helpers: the example cases and the official PDFs directory."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))


def pytest_configure(config: pytest.Config) -> None:
    """Compiled templates go to a fresh folder per test run (also for the CLI subprocesses),
    never to the user's cache, so no run depends on what an earlier one left there."""
    if "FORMKIT_TEMPLATE_CACHE_DIR" not in os.environ:
        import tempfile

        os.environ["FORMKIT_TEMPLATE_CACHE_DIR"] = tempfile.mkdtemp(prefix="formkit-test-templates-")


def load_example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / name).read_text(), parse_float=Decimal)
    return data


def official_forms_dir() -> Path:
    """The directory of official IRS PDFs, or skip (fail under CI) when it is not configured."""
    value = os.environ.get("FORMKIT_FORMS_DIR")
    if value and Path(value).is_dir():
        return Path(value)
    reason = ("official IRS PDFs not available: set FORMKIT_FORMS_DIR to a directory holding them "
              "(e.g. FORMKIT_FORMS_DIR=../shared/irs-forms)")
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def forms_dir() -> Path:
    return official_forms_dir()
