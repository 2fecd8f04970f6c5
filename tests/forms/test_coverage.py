"""Every revision in the forms registry against its official PDF, read by an independent reader
(pypdf): the header pins the file the MANIFEST lists; a supported revision maps or explains
every widget, as the PDF defines it; a prior revision is recognised but never filled.

Form-specific checks of a field map (spot checks of where a field sits, row structure) stay in
that form's test_map_<form_id>.py."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest
from pypdf import PdfReader

from formkit.forms.registry import FormRevision, by_sha256, revisions, supported
from tests.forms.support import FORMATS, field_map, manifest_entry, official_pdf, pdf_widgets

SUPPORTED = [r for r in revisions() if r.supported]
PRIOR = [r for r in revisions() if not r.supported]
MAPPED = [r for r in revisions() if r.fields]  # supported, and prior revisions mapped by hand for derive

# Unmapped widgets are push buttons or read-only cells, except on these forms, where a few are
# left for a person to complete by hand and the reason must say so.
LEFT_TO_A_PERSON = {"f433f": "signature:", "f656": "IRS use only"}

KEY = re.compile(r"^[a-z0-9_]+(\[[1-9][0-9]*\])?(\.[a-z0-9_]+(\[[1-9][0-9]*\])?)*$")


def _id(rev: FormRevision) -> str:
    return f"{rev.form_id}-{rev.revision}"


each_revision = pytest.mark.parametrize("rev", revisions(), ids=_id)
each_supported = pytest.mark.parametrize("rev", SUPPORTED, ids=_id)
each_prior = pytest.mark.parametrize("rev", PRIOR, ids=_id)
each_mapped = pytest.mark.parametrize("rev", MAPPED, ids=_id)


def test_the_registry_has_prior_revisions_to_check() -> None:
    assert SUPPORTED and PRIOR


# --------------------------------------------------------------------------- every revision

@pytest.mark.official_pdf
@each_revision
def test_header_matches_manifest_and_file(rev: FormRevision) -> None:
    pdf = official_pdf(rev)
    fmap = field_map(rev)
    entry = manifest_entry(rev)
    assert (fmap["form"], fmap["form_id"], fmap["revision"]) == (rev.form, rev.form_id, rev.revision)
    assert (fmap["form"], fmap["revision"]) == (entry["form"], entry["revision"])
    assert fmap["supported"] is rev.supported
    if rev.supported:
        assert fmap["urls"] == [f"https://www.irs.gov/pub/irs-pdf/{rev.form_id}.pdf"]
    else:
        year = rev.revision.split("-")[-1]
        assert fmap["urls"] == [f"https://www.irs.gov/pub/irs-prior/{rev.form_id}--{year}.pdf"]
    raw = pdf.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == fmap["sha256"] == entry["sha256"]
    assert len(raw) == fmap["bytes"] == entry["bytes"]
    assert len(PdfReader(pdf).pages) == fmap["pages"] == entry["pages"]


# --------------------------------------------------------------------------- supported revisions

@pytest.mark.official_pdf
@each_mapped
def test_every_widget_is_mapped_or_unmapped_exactly_once(rev: FormRevision) -> None:
    fmap = field_map(rev)
    widgets = pdf_widgets(official_pdf(rev))
    if rev.supported:  # the 843 Rev. 8-2011 copy has widgets outside its AcroForm (unmapped, with the reason)
        assert len(widgets) == manifest_entry(rev)["fields_with_type"] == fmap["field_count"]
    mapped = {spec["pdf"] for spec in fmap["fields"].values()}
    unmapped = set(fmap["unmapped"])
    assert not mapped & unmapped, "a PDF field is both mapped and unmapped"
    assert sorted(set(widgets) - mapped - unmapped) == [], "widgets neither mapped nor unmapped"
    assert sorted((mapped | unmapped) - set(widgets)) == [], "names not in the PDF"
    for name, reason in fmap["unmapped"].items():
        assert len(reason.strip()) > 10, f"{name} unmapped without a reason"


@pytest.mark.official_pdf
@each_supported
def test_unmapped_widgets_are_buttons_or_read_only(rev: FormRevision) -> None:
    widgets = pdf_widgets(official_pdf(rev))
    by_hand = LEFT_TO_A_PERSON.get(rev.form_id)
    for name, reason in field_map(rev)["unmapped"].items():
        w = widgets[name]
        assert (w["kind"] == "pushbutton" or w["readonly"]
                or (by_hand is not None and by_hand in reason)), name


@pytest.mark.official_pdf
@each_mapped
def test_mapped_fields_match_the_pdf(rev: FormRevision) -> None:
    widgets = pdf_widgets(official_pdf(rev))
    for key, spec in field_map(rev)["fields"].items():
        w = widgets[spec["pdf"]]
        assert spec["kind"] == w["kind"], key
        assert spec["page"] == w["page"], key
        assert spec.get("max_length") == w["max_length"], key
        assert spec.get("comb", False) == w["comb"], key
        assert spec.get("multiline", False) == w["multiline"], key
        assert not w["readonly"], f"{key} maps a read-only field"
        # a default a viewer would show as the value is declared, so every fill overwrites it
        assert spec.get("default") == w["default"], key
        if spec["kind"] == "checkbox":
            assert [spec["on"]] == w["on"], key


@each_mapped
def test_no_pdf_field_is_mapped_twice(rev: FormRevision) -> None:
    names = [spec["pdf"] for spec in field_map(rev)["fields"].values()]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


@each_mapped
def test_field_specs_are_well_formed(rev: FormRevision) -> None:
    for key, spec in field_map(rev)["fields"].items():
        assert spec["kind"] in ("text", "checkbox"), key
        assert spec["format"] in FORMATS, key
        assert isinstance(spec["line"], str) and spec["line"], key
        if spec["kind"] == "checkbox":
            assert spec["format"] == "checkbox" and spec["on"], key
        else:
            assert spec["format"] != "checkbox" and "on" not in spec, key


@each_mapped
def test_semantic_keys_are_lowercase_dotted_paths(rev: FormRevision) -> None:
    for key in field_map(rev)["fields"]:
        assert KEY.match(key), key


@each_supported
def test_yes_no_pairs_are_complete(rev: FormRevision) -> None:
    keys = set(field_map(rev)["fields"])
    for key in keys:
        if key.endswith(".yes"):
            assert key.removesuffix(".yes") + ".no" in keys, key
        if key.endswith(".no"):
            assert key.removesuffix(".no") + ".yes" in keys, key


@each_supported
def test_mmddyyyy_fields_take_eight_digits(rev: FormRevision) -> None:
    fields: dict[str, Any] = field_map(rev)["fields"]
    for key, spec in fields.items():
        if spec.get("max_length") == 8 and "mmddyyyy" in spec.get("note", ""):
            assert spec["format"] in ("digits", "mmddyyyy"), key


# --------------------------------------------------------------------------- prior revisions

@pytest.mark.official_pdf
@each_prior
def test_prior_revision_is_recognised_but_not_filled(rev: FormRevision) -> None:
    fmap = field_map(rev)
    assert fmap["supported"] is False
    assert "revision drift" in fmap["note"]
    digest = hashlib.sha256(official_pdf(rev).read_bytes()).hexdigest()
    assert by_sha256(digest) is rev
    current = supported(rev.form_id)
    assert current is not rev and current.supported and current.form == rev.form
