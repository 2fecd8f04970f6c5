"""A command loads only what it uses: `formkit fill` from a cached template never imports
pypdf, the packet, the checks, the letter typesetting or the other subcommands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from formkit.forms.locate import find
from formkit.forms.registry import supported
from formkit.pdf import compile_template
from tests.conftest import EXAMPLES, ROOT, official_forms_dir


def imported_modules(*args: str) -> set[str]:
    """Module names (each also as its top-level package) a fresh ``formkit ARGS`` process imports."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "formkit", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            names |= {name, name.split(".")[0]}
    return names


@pytest.mark.official_pdf
def test_fill_from_the_template_cache_loads_no_parser_and_no_other_command(tmp_path: Path) -> None:
    forms = official_forms_dir()
    compile_template(find(supported("433-A"), forms).read_bytes())  # the cache now holds it
    modules = imported_modules("fill", "433-A", str(EXAMPLES / "ia-streamlined.json"), "-o",
                               str(tmp_path / "a.pdf"), "--forms-dir", str(forms))
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    assert {"formkit.forms.fill", "formkit.pdf.writer", "formkit.case"} <= modules
    unwanted = {"pypdf", "pdfplumber", "fpdf", "jinja2", "PIL", "urllib.request", "formkit.packet", "formkit.checks",
                "formkit.commands.forms", "formkit.commands.packet", "formkit.commands.check",
                "formkit.forms.fingerprint", "formkit.pdf.compiler"}
    assert not unwanted & modules, sorted(unwanted & modules)


def test_help_still_lists_every_command() -> None:
    done = subprocess.run([sys.executable, "-m", "formkit", "--help"], capture_output=True, text=True, cwd=ROOT,
                          timeout=60)
    assert done.returncode == 0
    for command in ("validate", "analyze", "fill", "check", "packet"):
        assert command in done.stdout
