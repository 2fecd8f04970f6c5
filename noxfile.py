"""Development sessions: tests, lint, typecheck, bench, demo.

    nox -s tests              # the full test suite (FORMKIT_FORMS_DIR for the official PDFs)
    nox -s lint typecheck     # ruff and mypy --strict
    nox -s bench              # fill, cold start, packets, batch vs pdftk and plain pypdf, same run
    nox -s demo               # the main job on a bundled example case
    nox -s update_expected    # maintainers: rewrite examples/expected/ after a reviewed change
    nox -s mutate             # mutation testing of analysis, checks, redact (files changed since main)
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
    session.install("-e", ".[dev,dask]")  # dask: the --scheduler test runs a LocalCluster
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
def update_expected(session: nox.Session) -> None:
    """Rewrite the expected analyses (examples/expected/) after a reviewed change; refused under
    CI. ``nox -s update_expected -- --check`` shows the differences and writes nothing."""
    session.install("-e", ".")
    session.run("python", "tools/update_expected.py", *session.posargs)


@nox.session
def mutate(session: nox.Session) -> None:
    """Mutation testing (mutmut) of src/formkit/analysis, src/formkit/checks and redact.py: the files
    changed since main by default; ``-- analysis``, ``-- checks``, ``-- PATH``, ``-- all`` or
    ``-- --report`` (tools/mutate.py). Results are kept in mutants/, so reruns are incremental."""
    session.install("-e", ".[dev]", "mutmut==3.8.1")  # pinned: tools/mutate.py reaches into mutmut
    session.run("python", "tools/mutate.py", *session.posargs, env=_forms_env())


@nox.session
def bench(session: nox.Session) -> None:
    """Fill speed (bench_fill), continuation sheets (bench_continuation) and firm scale
    (bench_scale: cold fill and packets vs pdftk, batch throughput); ``nox -s bench -- --quick``
    runs small batches."""
    session.install("-e", ".[dev]")
    session.run("python", "benchmarks/bench_fill.py", env=_forms_env())
    session.run("python", "benchmarks/bench_continuation.py", env=_forms_env())
    session.run("python", "benchmarks/bench_scale.py", *session.posargs, env=_forms_env())


def _fetch_forms(session: nox.Session) -> None:
    """No forms folder: download and verify the official PDFs into the user cache first; when
    that is not possible, say so in one line with the fix."""
    import shutil
    import subprocess

    formkit = shutil.which("formkit", path=session.bin) or "formkit"
    done = subprocess.run([formkit, "forms", "fetch"], capture_output=True, text=True, check=False)
    if done.returncode == 0:
        session.log("official IRS forms verified (sha256) in the formkit cache, downloaded where missing")
        return
    if "now serves" in done.stderr:
        session.error("the IRS now serves a newer revision of a form formkit fills; see 'formkit forms fetch' "
                      "and map it with 'formkit forms derive', or set FORMKIT_FORMS_DIR to a folder of the "
                      "pinned PDFs")
    session.error("the official IRS forms are not on this machine and could not be downloaded from irs.gov "
                  "(no internet?); fix: download them from https://www.irs.gov/pub/irs-pdf/ into a folder and "
                  "run FORMKIT_FORMS_DIR=that/folder nox -s demo")


@nox.session
def fuzz(session: nox.Session) -> None:
    """10,000 fuzzed cases through validate, analyze, fill, check and packet (CI runs 500)."""
    session.install("-e", ".[dev]")
    env = {**_forms_env(), "FORMKIT_FUZZ_EXAMPLES": "10000"}
    session.run("pytest", "-s", "-p", "no:cacheprovider", "tests/hardening/test_fuzz.py", *session.posargs, env=env)


@nox.session
def demo(session: nox.Session) -> None:
    """Validate, analyze, fill, check and package the lump-sum OIC example into out/demo
    (without a forms folder, the official PDFs are downloaded and verified first)."""
    session.install(".")
    case = "examples/oic-lump-sum-single.json"
    env = _forms_env()
    if not env:
        _fetch_forms(session)
    session.run("formkit", "validate", case, env=env)
    session.run("formkit", "analyze", case, "--explain", env=env)
    session.run("formkit", "check", case, env=env)
    session.run("formkit", "packet", case, "-o", "out/demo", env=env)
