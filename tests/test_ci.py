"""``CI`` is read in one place (tools/ci.py ``under_ci``, used by tests/conftest.py and the tools), case-insensitively, so a run
under ``CI=TRUE`` fails on a missing PDF, tool or extra exactly as one under ``CI=true``."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT, official_forms_dir, require_module, unavailable, under_ci

SPELLINGS_ON = ["true", "TRUE", "True", " true ", "1", "yes"]
SPELLINGS_OFF = ["", "false", "FALSE", "0", "no"]


@pytest.mark.parametrize("value", SPELLINGS_ON)
def test_every_spelling_of_true_is_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    assert under_ci()
    with pytest.raises(pytest.fail.Exception, match="no such thing"):
        unavailable("no such thing")


@pytest.mark.parametrize("value", SPELLINGS_OFF)
def test_other_values_are_a_developer_run(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    assert not under_ci()
    with pytest.raises(pytest.skip.Exception, match="no such thing"):
        unavailable("no such thing")


def test_unset_is_a_developer_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert not under_ci()


def test_a_missing_forms_folder_fails_under_ci_true_in_capitals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "TRUE")
    monkeypatch.delenv("FORMKIT_FORMS_DIR", raising=False)
    with pytest.raises(pytest.fail.Exception, match="FORMKIT_FORMS_DIR"):
        official_forms_dir()


def test_a_missing_optional_module_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "True")
    with pytest.raises(pytest.fail.Exception, match="the extra"):
        require_module("formkit_no_such_module", "the extra is not installed")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        require_module("formkit_no_such_module", "the extra is not installed")
    assert require_module("json", "stdlib").dumps([1]) == "[1]"


# Reading CI (os.environ / getenv) or skipping on a missing module anywhere but tools/ci.py would
# bring back a second, different reading.
_OWN_READING = re.compile(r"""(environ(\.get)?\s*[\[(]\s*["']CI["']|getenv\(\s*["']CI["']|importorskip\()""")


def test_no_other_file_reads_ci_or_skips_on_a_missing_module() -> None:
    offenders = []
    for folder in ("tests", "tools", "benchmarks", "src"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path in (ROOT / "tools" / "ci.py", ROOT / "tests" / "test_ci.py"):
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if _OWN_READING.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    for path in (ROOT / "noxfile.py", ROOT / ".ci" / "run"):
        if _OWN_READING.search(path.read_text(encoding="utf-8")):
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, "read CI through tools.ci.under_ci (tests: tests.conftest unavailable / require_module):\n" + \
        "\n".join(offenders)
