"""Each example's full analysis equals its reviewed expected output (examples/expected/).

The numbers in those files were checked by hand in test_examples.py and the boundary tests.
This test only reads them: after a reviewed change, a maintainer rewrites them with
``python tools/update_expected.py`` (or ``nox -s update_expected``), reads the diff and commits
it; that command refuses to write under CI.
"""

from __future__ import annotations

import json
import re

import pytest
from tools import update_expected

from tests.analysis.conftest import EXAMPLES, TODAY
from tests.conftest import ROOT

EXPECTED = EXAMPLES / "expected"
NAMES = sorted(p.stem for p in EXAMPLES.glob("*.json"))


@pytest.mark.parametrize("name", NAMES)
def test_example_analysis_matches_expected(name: str) -> None:
    path = EXPECTED / f"{name}.analysis.json"
    assert path.is_file(), f"missing {path}: a maintainer runs python tools/update_expected.py and reviews the diff"
    want, got = json.loads(path.read_text()), json.loads(update_expected.render(name))
    for data in (want, got):
        data.pop("formkit_version")
    assert got["amounts"] == want["amounts"]
    assert got == want


def test_the_tool_analyses_on_the_tests_date() -> None:
    assert update_expected.AS_OF == TODAY
    assert update_expected.names() == NAMES


@pytest.mark.parametrize("value", ["true", "TRUE", "1"])
def test_the_rewrite_is_refused_under_ci(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                         value: str) -> None:
    before = {p.name: p.read_bytes() for p in EXPECTED.iterdir()}
    monkeypatch.setenv("CI", value)
    assert update_expected.main([]) == 2
    assert "refused under CI" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in EXPECTED.iterdir()} == before


def test_check_mode_writes_nothing_and_reports_up_to_date(monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CI", "true")   # --check is allowed under CI: it only reads
    monkeypatch.setenv("FORMKIT_DATA_DIR", "unused")   # the tool sets its own; restored after the test
    before = {p.name: p.read_bytes() for p in EXPECTED.iterdir()}
    assert update_expected.main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in EXPECTED.iterdir()} == before


def test_no_test_writes_a_golden_file() -> None:
    """The old FORMKIT_UPDATE_EXPECTED switch (a test rewriting what it then compared) stays gone."""
    pattern = re.compile(r"FORMKIT_UPDATE_EXPECTED|UPDATE_GOLDEN|--update-goldens?")
    hits = [str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("*.py")
            if p.name != "test_expected.py" and pattern.search(p.read_text(encoding="utf-8"))]
    assert hits == []
