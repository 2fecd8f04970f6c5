"""The README's commands run as written on the bundled files.

Every line of every ``sh`` block of README.md is run, in order, in a temporary copy of the
files the README names (``examples/``, the letter templates and the transcripts the tests also
use), with the official PDFs from ``FORMKIT_FORMS_DIR`` and a fresh per-user data folder.
A command passes when it exits 0 (clean) or 1 (findings, as the README says of its exit codes)
without a traceback; exit 2 means the README tells a user to run something that cannot work.
The few lines that cannot run in a test are listed in NOT_RUN with the reason, and each entry
must still match a line of the README.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, require_module

README = ROOT / "README.md"
#: Files the README's commands read, copied into the temporary folder.
BUNDLED = ("examples", "templates", "tests/fixtures/transcripts")
#: Lines not run here (by how they start), with the reason.
NOT_RUN = {
    "git clone": "installation: clones the repository",
    "python3 -m venv": "installation: creates a virtual environment",
    "pip install": "installation: needs the package index",
    "FORMKIT_FORMS_DIR=../shared/irs-forms nox": "runs nox sessions (the test suite itself among them)",
    "nox -s": "runs nox sessions (the test suite itself among them)",
    "formkit forms fetch": "downloads from irs.gov",
    "formkit forms add ~/Downloads": "a PDF the user downloaded",
    "formkit standards import": "changes the user's standards tables; needs a page saved from irs.gov or the "
                                "U.S. Trustee (tests/analysis/test_standards_import.py imports saved pages)",
    "formkit forms derive ~/Downloads": "maintainers: maps a PDF the user downloaded, writes into forms/",
    "formkit forms review forms/": "maintainers: reviews the draft the derive line writes",
    "formkit batch /shared/cases": "needs a Dask cluster at tcp://10.0.0.5:8786",
    "python tools/inspect_fields.py FORM.pdf": "maintainers: any IRS PDF",
}


def shell_lines() -> list[str]:
    """The commands of the README's sh blocks, in order, without their comments."""
    blocks = re.findall(r"^```sh\n(.*?)^```", README.read_text(encoding="utf-8"), re.S | re.M)
    lines = []
    for block in blocks:
        for line in block.splitlines():
            command = re.sub(r"\s+#.*$", "", line).strip()
            if command and not command.startswith("#"):
                lines.append(command)
    return lines


def _not_run(line: str) -> str | None:
    return next((why for start, why in NOT_RUN.items() if line.startswith(start)), None)


def test_every_exception_names_a_readme_line() -> None:
    lines = shell_lines()
    assert len(lines) > 40
    unused = [start for start in NOT_RUN if not any(line.startswith(start) for line in lines)]
    assert not unused, f"NOT_RUN entries that match no README line any more: {unused}"


@pytest.mark.slow
def test_readme_commands_run_as_written(tmp_path: Path, forms_dir: Path) -> None:
    require_module("matplotlib", "the csed --chart line needs the chart extra (pip install 'formkit[chart]')")
    for rel in BUNDLED:
        shutil.copytree(ROOT / rel, tmp_path / rel)
    env = {**os.environ, "FORMKIT_FORMS_DIR": str(forms_dir), "FORMKIT_DATA_DIR": str(tmp_path / ".data"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("FORMKIT_DEBUG", None)
    ran, failed = 0, []
    for line in shell_lines():
        if _not_run(line):
            continue
        done = subprocess.run(["bash", "-c", line], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=300)
        ran += 1
        if done.returncode not in (0, 1) or "Traceback" in done.stderr:
            failed.append(f"$ {line}\n  exit {done.returncode}: {(done.stderr or done.stdout).strip()[-400:]}")
    assert not failed, "README commands that do not run as written:\n" + "\n".join(failed)
    assert ran > 30
