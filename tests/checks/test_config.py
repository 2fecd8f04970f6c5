"""Rules can be disabled or re-graded per project, as linters do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from formkit.checks import ConfigError, check_case
from formkit.checks.config import find_config, load_config
from tests.checks.helpers import LUMP
from tests.conftest import EXAMPLES, ROOT

# The lump-sum example with 30,410 in savings: it offers 13,500 against a 43,443 minimum
# (OIC-012) and could pay the 46,208.74 in full by the CSED (56,209, OIC-014), both
# warnings; see test_cli_and_examples.FIXTURE_EXPECTED for the arithmetic.
CAN_FULL_PAY = ROOT / "tests" / "checks" / "fixtures" / "warned_oic_can_full_pay.json"


def _case_in(tmp_path: Path, source: Path = CAN_FULL_PAY) -> Path:
    target = tmp_path / "cases" / "2026" / source.name
    target.parent.mkdir(parents=True)
    shutil.copy(source, target)
    return target


def test_without_a_config_the_case_has_both_findings(tmp_path: Path) -> None:
    report = check_case(_case_in(tmp_path))
    assert report.config_file is None
    assert {(f.code, f.severity) for f in report.findings} == {("OIC-012", "warning"),
                                                                  ("OIC-014", "warning")}
    assert report.exit_code() == 0 and report.exit_code(strict=True) == 1


def test_formkit_toml_found_walking_up(tmp_path: Path) -> None:
    case = _case_in(tmp_path)
    (tmp_path / "formkit.toml").write_text(
        '[check]\ndisable = ["OIC-014"]\nseverity = { "OIC-012" = "error" }\n')
    report = check_case(case)
    assert "OIC-014" not in report.ids()
    assert {f.severity for f in report.findings if f.code == "OIC-012"} == {"error"}
    assert report.exit_code() == 1
    assert report.config_file == str(tmp_path / "formkit.toml")
    assert report.rules_disabled == ("OIC-014",)


def test_pyproject_tool_table(tmp_path: Path) -> None:
    case = _case_in(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "firm"\n\n[tool.formkit.check]\ndisable = ["OIC-012", "OIC-014"]\n'
        'strict = true\n')
    config = find_config(case)
    assert config.strict and config.disable == {"OIC-012", "OIC-014"}
    assert check_case(case).findings == ()


def test_pyproject_without_the_table_is_skipped(tmp_path: Path) -> None:
    case = _case_in(tmp_path)
    (case.parent / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tmp_path / "formkit.toml").write_text('[tool.formkit.check]\ndisable = ["OIC-014"]\n')
    assert find_config(case).path == str(tmp_path / "formkit.toml")


def test_explicit_config_wins(tmp_path: Path) -> None:
    case = _case_in(tmp_path)
    (tmp_path / "formkit.toml").write_text('[check]\ndisable = ["OIC-014"]\n')
    other = tmp_path / "strict.toml"
    other.write_text('[check]\nseverity = { "OIC-014" = "error" }\n')
    report = check_case(case, config=other)
    assert {f.severity for f in report.findings if f.code == "OIC-014"} == {"error"}


@pytest.mark.parametrize("text, message", [
    ('[check]\ndisable = ["OIC-999"]\n', "unknown rule 'OIC-999'"),
    ('[check]\nseverity = { "OIC-012" = "fatal" }\n', "must be one of error, warning, info"),
    ('[check]\ndisable = "OIC-012"\n', "must be a list"),
    ('[check]\nignore = ["OIC-012"]\n', "unknown setting(s) ignore"),
    ('[check\n', "cannot read config"),
])
def test_bad_config_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "formkit.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_config(path)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")


def test_packet_manifest_names_the_case(tmp_path: Path) -> None:
    import hashlib
    import json

    from formkit.checks import packet_case
    case = _case_in(tmp_path, EXAMPLES / LUMP)
    folder = case.parent / "out"
    folder.mkdir()
    digest = hashlib.sha256(case.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps({"case": {"file": case.name,
                                                               "sha256": digest}}))
    assert packet_case(folder) == folder.parent / case.name
    case.write_text(case.read_text().replace("2026-0117", "2026-0118"))   # changed since
    assert packet_case(folder) is None
    assert packet_case(tmp_path) is None                                   # no manifest
