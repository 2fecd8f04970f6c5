"""Byte-for-byte the same output whatever the hash seed, time zone and locale of the process.

Each environment runs ``formkit fill``, ``formkit packet`` and ``formkit analyze --format json``
in a fresh process on the same case, without ``--as-of`` (dates come from the case). The time
zones lie 24 hours apart (UTC+14 and UTC-10), so anything reading the wall clock's date or the
local time would differ between them on every day of the year.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

CASE = "oic-periodic-joint-self-employed.json"  # the most documents: 656, 433-A (OIC), two 2848s, letters
ENVIRONMENTS = {
    "seed 0, UTC, C": {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C", "LANG": "C"},
    "seed 0, UTC, C, a second run": {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C", "LANG": "C"},
    "seed 1, UTC+14, C.UTF-8": {"PYTHONHASHSEED": "1", "TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8",
                                "LANG": "C.UTF-8"},
    "random seed, UTC-10, de_DE": {"PYTHONHASHSEED": "random", "TZ": "Pacific/Honolulu", "LC_ALL": "",
                                   "LANG": "de_DE.UTF-8", "LC_NUMERIC": "de_DE.UTF-8", "LC_TIME": "de_DE.UTF-8"},
}


def _run(tmp: Path, name: str, env_changes: dict[str, str], forms: str) -> dict[str, bytes]:
    folder = tmp / name.replace(" ", "_").replace(",", "")
    folder.mkdir()
    shutil.copy(EXAMPLES / CASE, folder / "case.json")
    shutil.copytree(EXAMPLES / "docs", folder / "docs")
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "LC_ALL", "LANG", "LANGUAGE")}
    env.update(env_changes, FORMKIT_FORMS_DIR=forms)
    formkit = [sys.executable, "-m", "formkit"]
    for argv in (["fill", "656", "case.json", "-o", "656.pdf"],
                 ["packet", "case.json", "-o", "packet"]):
        done = subprocess.run([*formkit, *argv], cwd=folder, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    analysis = subprocess.run([*formkit, "analyze", "case.json", "--format", "json"], cwd=folder, env=env,
                              capture_output=True, check=True).stdout
    files = {str(p.relative_to(folder)): p.read_bytes()
             for p in sorted([folder / "656.pdf", *(folder / "packet").rglob("*")]) if p.is_file()}
    return {**files, "analyze --format json": analysis}


@pytest.mark.slow
def test_fill_packet_and_analysis_are_the_same_bytes_in_every_environment(tmp_path: Path, forms_dir: Path) -> None:
    outputs = {name: _run(tmp_path, name, env, str(forms_dir)) for name, env in ENVIRONMENTS.items()}
    first_name, first = next(iter(outputs.items()))
    assert "packet/packet.pdf" in first and "packet/manifest.json" in first and len(first) >= 6
    for name, files in outputs.items():
        assert sorted(files) == sorted(first), f"{name} wrote other files than {first_name}"
        differ = [f for f in files if files[f] != first[f]]
        assert not differ, f"{name} differs from {first_name} in {differ}"
