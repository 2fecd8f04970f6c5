"""Development sessions: tests, lint, typecheck, bench, demo.

    nox -s tests              # the full test suite (FORMKIT_FORMS_DIR for the official PDFs)
    nox -s lint typecheck     # ruff and mypy --strict
    nox -s bench              # fill speed vs pdftk and plain pypdf, same run
    nox -s demo               # the main job on a bundled example case
"""

from __future__ import annotations

import os

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.reuse_existing_virtualenvs = True

FORMS_DIR_DEFAULT = os.path.join(os.path.dirname(__file__), "..", "shared", "irs-forms")


def _forms_env() -> dict[str, str]:
    forms = os.environ.get("FORMKIT_FORMS_DIR") or FORMS_DIR_DEFAULT
    return {"FORMKIT_FORMS_DIR": os.path.abspath(forms)} if os.path.isdir(forms) else {}


@nox.session
def tests(session: nox.Session) -> None:
    session.install("-e", ".[dev]")
    session.run("pytest", *session.posargs, env=_forms_env())


@nox.session
def lint(session: nox.Session) -> None:
    session.install("ruff")
    session.run("ruff", "check", "src", "tests", "tools", "benchmarks", "noxfile.py")


@nox.session
def typecheck(session: nox.Session) -> None:
    session.install("-e", ".[dev]")
    session.run("mypy", "src/formkit")


@nox.session
def bench(session: nox.Session) -> None:
    session.install("-e", ".[dev]")
    session.run("python", "benchmarks/bench_fill.py", *session.posargs, env=_forms_env())


@nox.session
def demo(session: nox.Session) -> None:
    """Validate, analyze, fill, check and package the lump-sum OIC example into out/demo."""
    session.install(".")
    case = "examples/oic-lump-sum-single.json"
    env = _forms_env()
    session.run("formkit", "validate", case, env=env)
    session.run("formkit", "analyze", case, "--explain", env=env)
    session.run("formkit", "check", case, env=env)
    session.run("formkit", "packet", case, "-o", "out/demo", env=env)
