"""Per-project rule settings, as linters do: disable rules or change their severity.

``[tool.formkit.check]`` in ``pyproject.toml``, or ``[check]`` (or the same
``[tool.formkit.check]``) in ``formkit.toml`` or a file given with ``--config``::

    [tool.formkit.check]
    disable = ["POA-011"]
    severity = { "OIC-030" = "info" }
    strict = false

The file is given with ``--config`` or found by walking up from the input's directory;
the nearest ``formkit.toml``, or ``pyproject.toml`` that has the table, wins.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formkit.checks.catalogue import load_catalogue
from formkit.checks.model import SEVERITIES, Severity
from formkit.errors import FormkitError
from formkit.files.read import InputFileError, read_limited

MAX_CONFIG_BYTES = 1024 * 1024


class ConfigError(FormkitError, ValueError):
    """The configuration file is unreadable or names unknown rules: exit 2."""


@dataclass(frozen=True, slots=True)
class CheckConfig:
    disable: frozenset[str] = frozenset()
    severity: dict[str, Severity] = field(default_factory=dict)
    strict: bool = False
    path: str | None = None


def _table(data: dict[str, Any], name: str) -> dict[str, Any] | None:
    """``[tool.formkit.check]``; also ``[check]`` in any file but a pyproject.toml."""
    tool = data.get("tool")
    section = tool.get("formkit", {}).get("check") if isinstance(tool, dict) else None
    if section is None and name != "pyproject.toml":
        section = data.get("check")
    if section is not None and not isinstance(section, dict):
        raise ConfigError("the check settings must be a table")
    return section


def parse(section: dict[str, Any], source: str) -> CheckConfig:
    known = load_catalogue()
    unknown_keys = set(section) - {"disable", "severity", "strict"}
    if unknown_keys:
        raise ConfigError(f"{source}: unknown setting(s) {', '.join(sorted(unknown_keys))} "
                          "(expected disable, severity, strict)")
    disable = section.get("disable", [])
    if not isinstance(disable, list) or not all(isinstance(x, str) for x in disable):
        raise ConfigError(f"{source}: 'disable' must be a list of rule IDs")
    severity = section.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"{source}: 'severity' must be a table of rule ID = severity")
    for rule_id in [*disable, *severity]:
        if rule_id not in known:
            raise ConfigError(f"{source}: unknown rule {rule_id!r} (see 'formkit rules')")
    levels: dict[str, Severity] = {}
    for rule_id, level in severity.items():
        if level not in SEVERITIES:
            raise ConfigError(f"{source}: severity of {rule_id} must be one of "
                              f"{', '.join(SEVERITIES)}, not {level!r}")
        levels[rule_id] = level
    strict = section.get("strict", False)
    if not isinstance(strict, bool):
        raise ConfigError(f"{source}: 'strict' must be true or false")
    return CheckConfig(frozenset(disable), levels, strict, source)


def _load(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(read_limited(path, MAX_CONFIG_BYTES, what="config file").decode("utf-8"))
    except InputFileError as exc:
        raise ConfigError(str(exc)) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as exc:
        raise ConfigError(f"{path}: cannot read config ({exc})") from None


def load_config(path: str | Path) -> CheckConfig:
    """Read an explicit config file (``--config``)."""
    p = Path(path)
    section = _table(_load(p), p.name)
    return parse(section or {}, str(p))


def find_config(start: str | Path) -> CheckConfig:
    """Walk up from ``start`` (a file or directory) to the nearest config that has settings."""
    here = Path(start).resolve()
    directory = here if here.is_dir() else here.parent
    for folder in (directory, *directory.parents):
        for name in ("formkit.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file():
                section = _table(_load(candidate), name)
                if section is not None or name == "formkit.toml":
                    return parse(section or {}, str(candidate))
    return CheckConfig()
