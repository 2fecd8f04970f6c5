"""End to end: every example's packet, opened with pdfplumber; determinism; atomic output; checks gate."""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pdfplumber
import pytest
from pdfminer.pdftypes import resolve1
from pypdf import PdfReader

from formkit import load_case
from formkit._schemas import registry
from formkit.checks.model import CheckReport, Finding
from formkit.findings import Location
from formkit.forms.fill import LazyAnalysis, mapper_values, render_values
from formkit.forms.registry import supported
from formkit.packet import PacketBlocked, PacketInputError, build_packet
from formkit.packet import build as build_module
from tests.conftest import EXAMPLES, ROOT
from tests.packet.helpers import EXAMPLE_NAMES, example_data, write_case

SCHEMA = json.loads((ROOT / "schemas" / "manifest.schema.json").read_text())

# the documents of each example packet, in order: (kind, form)
ORDER = {
    "oic-lump-sum-single": [("letter", None), ("page", None), ("form", "656"), ("form", "433-A (OIC)"), ("form", "2848"),
                            ("attachment", None), ("attachment", None), ("attachment", None),
                            ("payment_summary", None)],
    "oic-periodic-joint-self-employed": [("letter", None), ("page", None), ("form", "656"), ("form", "433-A (OIC)"),
                                         ("form", "2848"), ("form", "2848")] + [("attachment", None)] * 6
                                        + [("payment_summary", None)],
    "ia-streamlined": [("letter", None), ("form", "9465")],
    "cnc-hardship": [("letter", None), ("form", "433-F"), ("form", "2848")] + [("attachment", None)] * 3,
    "fta-penalty-abatement": [("letter", None), ("form", "843"), ("form", "843"), ("form", "2848")],
}


def build(name: str, out: Path, **kwargs: Any) -> tuple[Any, bool]:
    """Build an example; when the checks block it, build it with --force. Returns (result, was_blocked)."""
    try:
        return build_packet(EXAMPLES / f"{name}.json", out, **kwargs), False
    except PacketBlocked as blocked:
        assert blocked.report.errors
        assert not out.exists(), "a blocked packet must leave nothing behind"
        return build_packet(EXAMPLES / f"{name}.json", out, force=True, **kwargs), True


@pytest.fixture(scope="module")
def packets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Any, bool]]:
    forms = _forms_dir()
    root = tmp_path_factory.mktemp("packets")
    out: dict[str, tuple[Path, Any, bool]] = {}
    for name in EXAMPLE_NAMES:
        result, blocked = build(name, root / name, forms_dir=forms)
        out[name] = (root / name, result, blocked)
    return out


def _forms_dir() -> Path:
    from tests.conftest import official_forms_dir
    return official_forms_dir()


def outline(pdf: pdfplumber.PDF) -> list[tuple[str, int]]:
    pages = {p.page_obj.pageid: n for n, p in enumerate(pdf.pages, start=1)}
    found = []
    for _level, title, dest, action, _se in pdf.doc.get_outlines():
        target = resolve1(dest) if dest else resolve1(resolve1(action)["D"])
        found.append((title, pages[target[0].objid]))
    return found


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_packet_order_bookmarks_pages_and_labels(packets: dict[str, Any], name: str) -> None:
    folder, result, blocked = packets[name]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest == json.loads(json.dumps(result.manifest, default=str))
    jsonschema.validate(manifest, SCHEMA, registry=registry())
    docs = manifest["documents"]
    assert [(d["kind"], d["form"]) for d in docs] == ORDER[name]
    assert manifest["status"] == ("forced" if blocked else "built")
    assert manifest["checks"]["forced"] is blocked and manifest["checks"]["passed"] is not blocked

    with pdfplumber.open(folder / "packet.pdf") as pdf:
        assert len(pdf.pages) == manifest["packet"]["pages"] == sum(d["pages"] for d in docs)
        assert outline(pdf) == [(d["title"], d["packet_pages"]["first"]) for d in docs]
        labels = list(itertools.islice(pdf.doc.get_page_labels(), len(pdf.pages)))
        expected = [f"{d['page_labels']['prefix']}{n}" for d in docs for n in range(1, d["pages"] + 1)]
        assert labels == expected
        letter = words(pdf.pages[0].extract_text() or "")
        case = load_case(EXAMPLES / f"{name}.json")
        assert case.taxpayer.full_name in letter and f"***-**-{case.taxpayer.ssn[-4:]}" in letter
        assert manifest["mail_to"]["lines"][0] in letter
        full_text = "".join(words(p.extract_text() or "") for p in pdf.pages[: docs[1]["packet_pages"]["first"] - 1])
        for d in docs[1:]:
            assert d["title"][:30] in full_text or d["title"][:30] in words(
                " ".join(p.extract_text() or "" for p in pdf.pages[:3])), d["title"]

    reader = PdfReader(folder / "packet.pdf")
    assert "/AcroForm" not in reader.root_object, "forms are flattened in the packet: no field-name collisions"
    assert reader.root_object["/PageMode"] == "/UseOutlines"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_values_on_each_form_in_the_packet(packets: dict[str, Any], name: str) -> None:
    folder, _result, _blocked = packets[name]
    manifest = json.loads((folder / "manifest.json").read_text())
    case = load_case(EXAMPLES / f"{name}.json")
    with pdfplumber.open(folder / "packet.pdf") as pdf:
        for d in manifest["documents"]:
            if d["kind"] != "form":
                continue
            revision = supported(d["form"])
            values = render_values(revision, mapper_values(revision, case, LazyAnalysis(case), **d["mapper_options"]))
            text = words(" ".join(pdf.pages[i - 1].extract_text() or "" for i in
                                  range(d["packet_pages"]["first"], d["packet_pages"]["last"] + 1)))
            checked = 0
            for pdf_name, value in values.items():
                spec = revision.by_pdf_name[pdf_name]
                if not isinstance(value, str) or len(value) < 4 or spec.comb:
                    continue
                expected = value if "\n" not in value and not spec.multiline else " ".join(value.split()[:3])
                assert expected in text, f"{d['title']}: {spec.key} = {value!r} not on its pages"
                checked += 1
            assert checked >= 5, d["title"]
            # the form's own file stays fillable and carries the same values
            own = folder / d["file"]
            assert "/AcroForm" in PdfReader(own).root_object
            assert hashlib.sha256(own.read_bytes()).hexdigest() == d["sha256"]


# Amounts worked out by hand from the example cases and the forms' instructions (the sums are
# written out in tests/forms/test_fill_examples.py HAND_CHECKED), found on the packet's flattened
# pages of that form: the packet is checked against numbers formkit did not produce.
PACKET_HAND_CHECKED = [
    # Form 656 Section 4: the 13,500 offer, 20% of it with the offer, the 10,800 balance
    ("oic-lump-sum-single", "656", ("13,500", "2,700.00", "10,800.00")),
    # Form 433-A (OIC): Box A 11,595, Box D 3,863, Box G 154 x 12 = 1,848, minimum offer 13,443
    ("oic-lump-sum-single", "433-A (OIC)", ("11,595", "3,863", "1,848", "13,443")),
    # Form 9465: line 9 21,000.25, line 10 21,000.25 / 72 rounded up 291.68, line 11a 320.00
    ("ia-streamlined", "9465", ("21,000.25", "291.68", "320.00")),
]


@pytest.mark.parametrize(("name", "form", "amounts"), PACKET_HAND_CHECKED,
                         ids=[f"{n}-{f}" for n, f, _ in PACKET_HAND_CHECKED])
def test_hand_checked_amounts_on_the_packet_pages(packets: dict[str, Any], name: str, form: str,
                                                  amounts: tuple[str, ...]) -> None:
    folder, _r, _b = packets[name]
    manifest = json.loads((folder / "manifest.json").read_text())
    (doc,) = [d for d in manifest["documents"] if d["form"] == form]
    with pdfplumber.open(folder / "packet.pdf") as pdf:
        text = words(" ".join(pdf.pages[n - 1].extract_text() or ""
                              for n in range(doc["packet_pages"]["first"], doc["packet_pages"]["last"] + 1)))
    assert [a for a in amounts if a not in text] == [], f"{form} pages of the {name} packet"


def test_two_forms_843_keep_their_own_values(packets: dict[str, Any]) -> None:
    folder, _r, _b = packets["fta-penalty-abatement"]
    manifest = json.loads((folder / "manifest.json").read_text())
    first, second = [d for d in manifest["documents"] if d["form"] == "843"]
    with pdfplumber.open(folder / "packet.pdf") as pdf:
        one, two = (words(" ".join(pdf.pages[n - 1].extract_text() or "" for n in
                                   range(d["packet_pages"]["first"], d["packet_pages"]["last"] + 1)))
                    for d in (first, second))
    assert "1,485.00" in one and "396.00" not in one
    assert "396.00" in two and "1,485.00" not in two
    assert "6651(a)(1)" in one and "6651(a)(2)" not in one
    assert "6651(a)(2)" in two and "6651(a)(1)" not in two


def test_two_forms_2848_for_spouses_keep_their_own_values(packets: dict[str, Any]) -> None:
    folder, _r, _b = packets["oic-periodic-joint-self-employed"]
    manifest = json.loads((folder / "manifest.json").read_text())
    taxpayer, spouse = [d for d in manifest["documents"] if d["form"] == "2848"]
    with pdfplumber.open(folder / "packet.pdf") as pdf:
        tp = words(pdf.pages[taxpayer["packet_pages"]["first"] - 1].extract_text() or "")
        sp = words(pdf.pages[spouse["packet_pages"]["first"] - 1].extract_text() or "")
    assert "James O. Okafor" in tp and "Patricia A. Okafor" not in tp
    assert "Patricia A. Okafor" in sp and "James O. Okafor" not in sp
    assert taxpayer["mapper_options"] == {"signer": "taxpayer"} and spouse["mapper_options"] == {"signer": "spouse"}


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_no_full_ssn_in_manifest_or_letters(packets: dict[str, Any], name: str) -> None:
    folder, _r, _b = packets[name]
    case = load_case(EXAMPLES / f"{name}.json")
    ssns = [p.ssn for p in (case.taxpayer, case.spouse) if p is not None]
    manifest = (folder / "manifest.json").read_text()
    generated = [folder / d["file"] for d in json.loads(manifest)["documents"] if d["kind"] != "form" and d["file"]]
    for ssn in ssns:
        assert ssn not in manifest and ssn.replace("-", "") not in manifest
        for path in generated:
            with pdfplumber.open(path) as pdf:
                text = " ".join(p.extract_text() or "" for p in pdf.pages)
            assert ssn not in text and ssn.replace("-", "") not in text


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_two_runs_give_the_same_bytes(packets: dict[str, Any], name: str, tmp_path: Path) -> None:
    folder, _r, _b = packets[name]
    _again, _ = build(name, tmp_path / "again", forms_dir=_forms_dir())
    assert _tree(folder) == _tree(tmp_path / "again")
    assert (folder / "packet.pdf").read_bytes() == (tmp_path / "again" / "packet.pdf").read_bytes()


def test_source_date_epoch_sets_the_timestamp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    one, _ = build("ia-streamlined", tmp_path / "a", forms_dir=_forms_dir())
    _two, _ = build("ia-streamlined", tmp_path / "b", forms_dir=_forms_dir())
    assert one.manifest["created"] == "2026-09-21T14:13:20Z"
    assert one.manifest["timestamp_source"] == "SOURCE_DATE_EPOCH"
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(PacketInputError, match="SOURCE_DATE_EPOCH"):
        build_packet(EXAMPLES / "ia-streamlined.json", tmp_path / "c", forms_dir=_forms_dir())


def _leftovers(parent: Path, name: str) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


def test_failure_halfway_leaves_no_output_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}
    real = build_module._write_file

    def failing(path: Path, data: bytes, moment: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real(path, data, moment)

    monkeypatch.setattr(build_module, "_write_file", failing)
    out = tmp_path / "packet"
    with pytest.raises(PacketInputError, match="No space left on device"):
        build("fta-penalty-abatement", out, forms_dir=_forms_dir())
    assert calls["n"] == 3, "the failure was injected halfway through writing"
    assert not out.exists()
    assert _leftovers(tmp_path, "packet") == []


def test_failure_keeps_the_previous_packet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "packet"
    build("fta-penalty-abatement", out, forms_dir=_forms_dir())
    before = _tree(out)

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("injected failure while merging")

    monkeypatch.setattr(build_module.merge, "merge", boom)
    with pytest.raises(RuntimeError, match="injected"):
        build("fta-penalty-abatement", out, forms_dir=_forms_dir())
    assert _tree(out) == before
    assert _leftovers(tmp_path, "packet") == []


def test_rename_failure_puts_the_previous_packet_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "packet"
    build("ia-streamlined", out, forms_dir=_forms_dir())
    before = _tree(out)
    real_rename = build_module.os.rename

    def rename(src: Any, dst: Any) -> None:
        if str(src).endswith(".partial"):
            raise OSError(5, "Input/output error")
        real_rename(src, dst)

    monkeypatch.setattr(build_module.os, "rename", rename)
    with pytest.raises(PacketInputError, match="Input/output error"):
        build("ia-streamlined", out, forms_dir=_forms_dir())
    assert _tree(out) == before
    assert _leftovers(tmp_path, "packet") == []


def test_a_new_packet_replaces_the_previous_one(tmp_path: Path) -> None:
    out = tmp_path / "packet"
    build("ia-streamlined", out, forms_dir=_forms_dir())
    build("fta-penalty-abatement", out, forms_dir=_forms_dir())
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["program"]["id"] == "penalty_abatement"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == sorted(
        ["manifest.json", "packet.pdf", *(d["file"] for d in manifest["documents"] if d["file"])])
    assert _leftovers(tmp_path, "packet") == []


def test_a_folder_that_is_not_a_packet_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("precious")
    with pytest.raises(PacketInputError, match="not a formkit packet"):
        build_packet(EXAMPLES / "ia-streamlined.json", out, forms_dir=_forms_dir())
    assert (out / "thesis.docx").read_text() == "precious"


def _report_with_error() -> CheckReport:
    finding = Finding(code="CHK-999", severity="error", title="Injected", message="injected error for 123-45-6789",
                      location=Location.case("/requests/0"), fix="none", citation="none", area="engine")
    return CheckReport(input="x", input_kind="case", as_of="2026-11-16", findings=(finding,))


def test_check_errors_block_the_packet_unless_forced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_module, "run_checks", lambda path, day, *_: _report_with_error())
    out = tmp_path / "packet"
    with pytest.raises(PacketBlocked) as blocked:
        build_packet(EXAMPLES / "ia-streamlined.json", out, forms_dir=_forms_dir())
    assert blocked.value.exit_code == 1 and not out.exists() and _leftovers(tmp_path, "packet") == []
    result = build_packet(EXAMPLES / "ia-streamlined.json", out, forms_dir=_forms_dir(), force=True)
    manifest = json.loads((out / "manifest.json").read_text())
    assert result.forced and manifest["status"] == "forced"
    assert manifest["checks"] | {"findings": None} == manifest["checks"] | {
        "errors": 1, "passed": False, "forced": True, "findings": None}
    assert manifest["checks"]["findings"][0]["message"] == "injected error for ***-**-6789"
    jsonschema.validate(manifest, SCHEMA, registry=registry())


def test_missing_attachment_is_a_clear_error_and_nothing_is_written(tmp_path: Path) -> None:
    data = example_data("oic-lump-sum-single")
    data["attachments"][1]["path"] = "docs/missing-statement.pdf"
    case_path = write_case(tmp_path / "case", "oic", data)
    out = tmp_path / "packet"
    with pytest.raises(PacketInputError, match=r"attachment /attachments/1/path \(docs/missing-statement\.pdf\): "
                                               "file not found"):
        build_packet(case_path, out, forms_dir=_forms_dir(), force=True)
    assert not out.exists()


def test_image_attachments_become_pages(tmp_path: Path) -> None:
    data = example_data("cnc-hardship")
    data["attachments"] += [
        {"document_type": "other", "description": "Pharmacy receipt (PNG)", "path": "docs/receipt-sample.png"},
        {"document_type": "other", "description": "Pharmacy receipt (JPEG)", "path": "docs/receipt-sample.jpg"},
    ]
    case_path = write_case(tmp_path / "case", "cnc", data)
    result = build_packet(case_path, tmp_path / "packet", forms_dir=_forms_dir(), force=True)
    images = [d for d in result.manifest["documents"] if d["source"].get("type") in ("png", "jpeg")]
    assert [d["source"]["type"] for d in images] == ["png", "jpeg"]
    with pdfplumber.open(tmp_path / "packet" / "packet.pdf") as pdf:
        for d in images:
            page = pdf.pages[d["packet_pages"]["first"] - 1]
            assert len(page.images) == 1 and "Pharmacy receipt" in (page.extract_text() or "")


def test_firm_templates_are_used_and_recorded(tmp_path: Path) -> None:
    firm = tmp_path / "firm"
    (firm / "letters").mkdir(parents=True)
    (firm / "letters" / "installment_agreement.j2").write_text(
        '{% extends "_base.j2" %}{% block subject %}Payment plan request{% endblock %}'
        "{% block body %}Our firm asks for a plan for {{ names }}.{% endblock %}")
    result = build_packet(EXAMPLES / "ia-streamlined.json", tmp_path / "packet", forms_dir=_forms_dir(),
                          templates_dir=firm, force=True)
    letter = result.manifest["documents"][0]
    assert letter["source"]["origin"] == "firm"
    assert result.manifest["templates"]["letters"]["installment_agreement.j2"]["origin"] == "firm"
    with pdfplumber.open(tmp_path / "packet" / "packet.pdf") as pdf:
        assert "Our firm asks for a plan for Kevin M. Brennan." in words(pdf.pages[0].extract_text() or "")


def test_firm_template_with_a_missing_value_is_exit_2_and_names_the_line(tmp_path: Path) -> None:
    firm = tmp_path / "firm"
    (firm / "letters").mkdir(parents=True)
    (firm / "letters" / "installment_agreement.j2").write_text(
        '{% extends "_base.j2" %}\n{% block body %}\nDear {{ taxpayer.salutation }}\n{% endblock %}\n')
    with pytest.raises(PacketInputError, match=r"installment_agreement\.j2: line 3: missing value") as err:
        build_packet(EXAMPLES / "ia-streamlined.json", tmp_path / "packet", forms_dir=_forms_dir(),
                     templates_dir=firm, force=True)
    assert err.value.exit_code == 2
    assert not (tmp_path / "packet").exists()


def test_forms_not_available_is_an_input_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORMKIT_FORMS_DIR", raising=False)
    monkeypatch.setenv("FORMKIT_CACHE_DIR", str(tmp_path / "empty-cache"))
    with pytest.raises(PacketInputError, match="9465"):
        build_packet(EXAMPLES / "ia-streamlined.json", tmp_path / "packet", forms_dir=tmp_path, force=True)


def test_manifest_lists_the_2848_caf_unit_for_separate_filing(packets: dict[str, Any]) -> None:
    _folder, result, _b = packets["fta-penalty-abatement"]
    poa = next(d for d in result.manifest["documents"] if d["form"] == "2848")
    assert poa["file_separately"]["office"] == "memphis_caf"
    # the example carries its CP14, so Form 843 goes to the reply address printed on it
    assert result.manifest["mail_to"]["resolved"] is True
    assert result.manifest["mail_to"]["lines"] == [
        "Department of the Treasury", "Internal Revenue Service", "Kansas City, MO 64999-0010"]
    assert not any("notice" in w for w in result.manifest["warnings"])


def test_packet_pdf_opens_in_an_independent_reader(packets: dict[str, Any]) -> None:
    import subprocess

    from tests.pdf.conftest import require_tool
    qpdf = require_tool("qpdf")
    for folder, _r, _b in packets.values():
        run = subprocess.run([qpdf, "--check", str(folder / "packet.pdf")], capture_output=True, text=True,
                             timeout=120)
        assert run.returncode == 0, run.stdout + run.stderr


def test_packet_pages_match_the_merged_documents(packets: dict[str, Any]) -> None:
    for folder, result, _b in packets.values():
        reader = PdfReader(io.BytesIO((folder / "packet.pdf").read_bytes()))
        assert len(reader.pages) == result.manifest["packet"]["pages"]
        assert hashlib.sha256((folder / "packet.pdf").read_bytes()).hexdigest() == result.manifest["packet"]["sha256"]
