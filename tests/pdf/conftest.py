"""Official IRS PDFs and external tools for the PDF tests: skip locally, fail under CI.

The PDFs are not in the repository (the IRS publishes them; we pin them by sha256), so a
developer without them gets a clear skip, while CI (``CI=true``) must never silently
test nothing: there a missing PDF, a wrong revision or a missing tool is a failure.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import unavailable

#: The revisions these tests were written against (sha256 from the IRS files).
PINNED: dict[str, str] = {
    "f433a.pdf": "014012816286dd7ed15a3583cb696507fbe58e0bdb7e62544a011e3bcfe8b073",
    "f2848.pdf": "14377021f95856c453d903aae6a178d8371b3a96e65c28418862394d9f8c2d8e",
    "f843.pdf": "03ca49bde54cbde77b927968f632f459eb83506de5dde29e874fb59d4dd95bfc",
    "f9465.pdf": "ee30ea90c10ccdcfbd43dc05454a10d111db0bf10e9e17bac4e6100ce25d6225",
    "f843--2011-08.pdf": "78b7ef17725437bb05ba33afbbc5978db45739bed8096c7d45fe91e768be592e",
    "f433aoi.pdf": "d6d037f202f531ea31474ee79efbe2cbb532a75359200f330bbed7fded866439",
    "f656.pdf": "27fcdf0873049dc58391a71cf36339aeb6c3c25aaf5edec134d0c310540fb7ea",
}


@cache
def _read_official(name: str) -> bytes:
    forms = os.environ.get("FORMKIT_FORMS_DIR")
    if not forms:
        unavailable("official IRS PDFs not available: set FORMKIT_FORMS_DIR to the directory "
                    "holding them (e.g. FORMKIT_FORMS_DIR=../shared/irs-forms)")
    path = Path(forms) / name
    if not path.is_file():
        unavailable(f"{name} not found in FORMKIT_FORMS_DIR={forms}")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if name in PINNED and digest != PINNED[name]:
        unavailable(f"{path} is not the pinned revision (sha256 {digest}, "
                    f"expected {PINNED[name]})")
    return data


def official_pdf(name: str) -> bytes:
    """Bytes of an official PDF from FORMKIT_FORMS_DIR (skip/fail if unavailable)."""
    return _read_official(name)


def require_tool(tool: str) -> str:
    """Path of an external program (pdftk, qpdf, pdftoppm, pdftotext) or skip/fail."""
    path = shutil.which(tool)
    if path is None:
        unavailable(f"{tool} is not installed")
    return path


@pytest.fixture(scope="session")
def official() -> Callable[[str], bytes]:
    """``official("f433a.pdf")`` -> bytes of the pinned official PDF."""
    return official_pdf
