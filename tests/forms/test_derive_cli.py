"""``formkit forms derive`` and ``formkit forms review`` from the command line: the draft and
its review list are written, nothing is overwritten by accident, the doubtful matches are
rendered as PNG, and approval is refused while items are open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from tests.forms.test_registry import formkit

pytestmark = pytest.mark.official_pdf


@pytest.fixture
def env(forms_dir: Path, tmp_path: Path) -> dict[str, str]:
    import os

    e = dict(os.environ)
    e["FORMKIT_FORMS_DIR"] = str(forms_dir)
    e["FORMKIT_CACHE_DIR"] = str(tmp_path / "cache")
    return e


def test_derive_writes_the_draft_and_its_review_list(forms_dir: Path, env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "draft" / "12-2024.json"
    args = ("forms", "derive", str(forms_dir / "f843.pdf"), "--from", "843:8-2011")
    r = formkit(*args, env=env)  # would land next to the hand map in forms/f843/
    assert r.returncode == 2 and "is Form 843 (Rev. 12-2024), already mapped in the registry" in r.stderr
    args = (*args, "-o", str(out))
    r = formkit(*args, env=env)
    assert r.returncode == 0, r.stderr
    assert f"draft written to {out} (review list: {out.with_name('12-2024.review.txt')})" in r.stdout
    assert "24 field(s) carried over (21 with high confidence)" in r.stdout
    draft = json.loads(out.read_text())
    assert (draft["revision"], draft["reviewed"], draft["supported"]) == ("12-2024", False, True)
    assert out.with_name("12-2024.review.txt").read_text() in r.stdout
    r = formkit(*args, env=env)  # never overwrites a map without --force
    assert r.returncode == 2 and "exists; choose another -o or use --force" in r.stderr


def test_review_renders_the_doubtful_matches_and_refuses_approval(
        forms_dir: Path, env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "12-2024.json"
    r = formkit("forms", "derive", str(forms_dir / "f843.pdf"), "--from", "843:8-2011", "-o", str(out), env=env)
    assert r.returncode == 0, r.stderr
    pngs = tmp_path / "png"
    r = formkit("forms", "review", str(out), "--png-dir", str(pngs), env=env)
    assert r.returncode == 0, r.stderr
    assert "3 low-confidence match(es) rendered side by side (old | new)" in r.stdout
    names = sorted(p.name for p in pngs.glob("*.png"))
    assert names == ["01-taxpayer.full_name.png", "02-taxpayer.address.street.png", "03-taxpayer.phone.png"]
    image = Image.open(pngs / names[0]).convert("RGB")
    assert image.width > 2 * image.height  # two crops side by side
    red = sum(1 for x in range(image.width) for y in range(image.height)
              if (px := image.getpixel((x, y))) and px[0] > 200 and px[1] < 60 and px[2] < 60)  # type: ignore[index]
    assert red > 500  # both widgets outlined
    r = formkit("forms", "review", str(out), "--approve", env=env)
    assert r.returncode == 1
    assert "not approved; still open:" in r.stdout and "still marked 'TO REVIEW:'" in r.stdout
    assert json.loads(out.read_text())["reviewed"] is False


def test_unusable_inputs_are_refused_with_a_reason(forms_dir: Path, env: dict[str, str], tmp_path: Path) -> None:
    from pypdf import PdfWriter

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n%%EOF\n")
    blank = tmp_path / "blank.pdf"
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.write(blank)
    cases = [
        ((str(broken), "--from", "2848"), "broken.pdf: not a readable PDF form"),
        ((str(blank), "--from", "2848"), "blank.pdf: has no form fields"),
        ((str(forms_dir / "f2848.pdf"), "--from", "843:12-2024"),
         "no field of Form 843 (Rev. 12-2024) matches a box of this PDF; is it a revision of Form 843?"),
        ((str(forms_dir / "f2848.pdf"), "--from", "2848:9-1999"), "no revision '9-1999' of form '2848'"),
    ]
    for args, message in cases:
        r = formkit("forms", "derive", *args, "-o", str(tmp_path / "out.json"), env=env)
        assert r.returncode == 2 and message in r.stderr, (args, r.stderr)
        assert "Traceback" not in r.stderr
    assert not (tmp_path / "out.json").exists()
    draft = tmp_path / "d.json"
    r = formkit("forms", "derive", str(forms_dir / "f2848.pdf"), "--from", "2848:2-2020", "-o", str(draft), env=env)
    assert r.returncode == 0, r.stderr
    r = formkit("forms", "review", str(draft), "--pdf", str(forms_dir / "f843.pdf"), env=env)
    assert r.returncode == 2 and "not the PDF" in r.stderr and "was derived from (sha256 differs)" in r.stderr
