"""One exception base: a script catches ``formkit.FormkitError`` and nothing formkit raises on purpose escapes."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest

import formkit
from formkit import cli
from formkit.errors import FormkitError


def _formkit_exception_classes() -> list[type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    root = Path(formkit.__file__).parent
    for source in sorted(root.rglob("*.py")):  # not pkgutil: formkit.forms is a namespace package
        name = ".".join(("formkit", *source.relative_to(root).with_suffix("").parts)).removesuffix(".__init__")
        if name == "formkit.__main__":
            continue  # runs the CLI on import
        module = importlib.import_module(name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, BaseException) and obj.__module__ == name:
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [found[name] for name in sorted(found)]


def test_every_public_exception_class_has_the_one_base() -> None:
    classes = _formkit_exception_classes()
    public = [c for c in classes if not c.__name__.startswith("_")]
    assert len(public) >= 24  # the classes the issue counted, so the walk really found them
    outside = [f"{c.__module__}.{c.__name__}" for c in public if not issubclass(c, FormkitError)]
    assert outside == []


def test_the_old_builtin_bases_still_catch() -> None:
    from formkit.checks.config import ConfigError
    from formkit.forms.registry import UnknownForm
    from formkit.pdf.errors import FillError

    assert issubclass(ConfigError, ValueError)
    assert issubclass(UnknownForm, LookupError)
    assert issubclass(FillError, ValueError)


def test_public_api_names() -> None:
    assert formkit.FormkitError is FormkitError
    for name in ("CaseError", "FormFillError", "PacketBlocked", "PacketError", "StandardsError"):
        assert issubclass(getattr(formkit, name), FormkitError), name
    assert formkit.PacketBlocked.exit_code == 1
    assert formkit.FormFillError.exit_code == 1
    assert formkit.CaseError.exit_code == 2


def test_cli_turns_an_unworded_formkit_error_into_its_exit_code(monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    class Refused(FormkitError):
        exit_code = 1

    def handler(_args: object) -> int:
        raise Refused("nothing to do for 123-45-6789")

    parser = cli.build_parser()
    args = parser.parse_args(["rules"])
    args.handler = handler
    monkeypatch.setattr(cli, "build_parser", lambda only=None: _FixedParser(args))
    assert cli.main(["rules"]) == 1
    err = capsys.readouterr().err
    assert err == "formkit: error: nothing to do for ***-**-6789\n"


class _FixedParser:
    def __init__(self, args: object) -> None:
        self._args = args

    def parse_args(self, _argv: object) -> object:
        return self._args
