"""``formkit forms fetch`` when the IRS address serves another revision than the one pinned:
the file is described by what it is and how its fields differ, kept aside for ``formkit forms
derive``, and never used as the pinned revision."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from formkit.forms.fingerprint import field_set
from tests.forms.test_registry import formkit, serve

pytestmark = pytest.mark.official_pdf


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if k != "FORMKIT_FORMS_DIR"}
    e["FORMKIT_CACHE_DIR"] = str(tmp_path / "cache")
    return e


def _renamed(pdf: Path, old: str, new: str) -> bytes:
    """The form with one field renamed: stands in for a new IRS revision with a changed field."""
    writer = PdfWriter(clone_from=PdfReader(pdf))
    for page in writer.pages:
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            if annot.get("/T") == old:
                annot[NameObject("/T")] = TextStringObject(new)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_new_revision_is_reported_with_its_field_differences(
        forms_dir: Path, env: dict[str, str], tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    data = _renamed(forms_dir / "f2848.pdf", "TaxpayerTelephone[0]", "TaxpayerDaytimePhone[0]")
    assert len(field_set(data)) == 92
    (mirror / "f2848.pdf").write_bytes(data)
    with serve(mirror) as url:
        env["FORMKIT_IRS_BASE_URL"] = url
        r = formkit("forms", "fetch", "2848", env=env)
    assert r.returncode == 1
    kept = Path(env["FORMKIT_CACHE_DIR"]) / "unverified" / "f2848--1-2021.pdf"
    assert ("Form 2848 (Rev. 1-2021): https://www.irs.gov/pub/irs-pdf/f2848.pdf now serves another file printed "
            "Rev. 1-2021 (sha256 ") in r.stderr and "), not the pinned file: " in r.stderr
    assert "1 field(s) added, 1 removed; added: TaxpayerDaytimePhone[0]; removed: TaxpayerTelephone[0]" in r.stderr
    assert f"Kept as {kept}; draft its field map with 'formkit forms derive {kept} --from 2848'" in r.stderr
    assert kept.read_bytes() == data
    assert not list(Path(env["FORMKIT_CACHE_DIR"]).glob("*.pdf"))


def test_the_same_fields_in_other_bytes_are_not_a_new_revision(
        forms_dir: Path, env: dict[str, str], tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "f656.pdf").write_bytes((forms_dir / "f656.pdf").read_bytes() + b"\n% re-saved\n")
    with serve(mirror) as url:
        env["FORMKIT_IRS_BASE_URL"] = url
        r = formkit("forms", "fetch", "656", env=env)
    assert r.returncode == 1
    assert "the same fields as the pinned file but different bytes" in r.stderr
    assert "formkit forms derive" not in r.stderr


def test_forms_already_here_are_not_downloaded_again(forms_dir: Path, env: dict[str, str]) -> None:
    env["FORMKIT_FORMS_DIR"] = str(forms_dir)
    env["FORMKIT_IRS_BASE_URL"] = "http://127.0.0.1:9"  # nothing listens: any download would fail
    r = formkit("forms", "fetch", "656", "843", env=env)
    assert r.returncode == 0, r.stderr
    assert "Form 656 (Rev. 4-2025): already here, sha256 verified" in r.stdout
