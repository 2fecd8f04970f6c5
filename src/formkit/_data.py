"""Locate the data folders (forms/, schemas/, templates/, standards/).

In a wheel they live under ``formkit/data/``; in a source checkout they sit at the
repository top level. One lookup serves both so the code never cares which.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the directory holding the named data folder (e.g. ``"schemas"``)."""
    installed = _PACKAGE_DIR / "data" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE_DIR.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"formkit data folder {name!r} not found (broken installation?)")
