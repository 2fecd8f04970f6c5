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


@pytest.mark.official_pdf
def test_packet_without_image_attachments_loads_no_fpdf2(tmp_path: Path) -> None:
    # the example's attachments are PDFs: letters and generated pages are typeset by formkit itself
    case = EXAMPLES / "oic-lump-sum-single.json"
    assert "image/" not in case.read_text(encoding="utf-8") and ".png" not in case.read_text(encoding="utf-8")
    modules = imported_modules("packet", str(case), "-o", str(tmp_path / "packet"), "--forms-dir",
                               str(official_forms_dir()))
    assert (tmp_path / "packet" / "packet.pdf").read_bytes().startswith(b"%PDF")
    assert {"formkit.packet.letter", "formkit.pdf.richtext", "jinja2"} <= modules
    assert "fpdf" not in modules  # (Pillow still comes with pypdf, which reads the PDF attachments)
