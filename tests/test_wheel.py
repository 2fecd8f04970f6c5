"""The wheel is complete: data folders inside, `formkit` works from another directory."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                   check=True, timeout=300)
    (found,) = out.glob("formkit-*.whl")
    return found


def test_wheel_ships_data_folders(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("formkit/data/schemas/case.schema.json", "formkit/data/schemas/common.schema.json",
                     "formkit/data/templates/README.md", "formkit/cli.py"):
        assert required in names, required
    assert any(n.startswith("formkit/data/forms/") and n.endswith(".json") for n in names)
    assert any(n.startswith("formkit/data/standards/") for n in names)


def test_installed_wheel_runs_from_elsewhere(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], check=True, timeout=600)
    exe = env_dir / "bin" / "formkit"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, cwd=elsewhere)
    assert version.returncode == 0 and version.stdout.startswith("formkit ")
    case = ROOT / "examples" / "oic-lump-sum-single.json"
    result = subprocess.run([str(exe), "validate", str(case)], capture_output=True, text=True, cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(": valid")
