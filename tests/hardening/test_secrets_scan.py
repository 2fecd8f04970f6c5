"""Secrets scan: full SSNs, ITINs, EINs and bank account numbers appear only inside the filled
IRS forms.

Every command a preparer runs on a case (validate, analyze, check, fill, packet, check of the
packet, csed, deadlines, batch) is run on every example, on an ITIN variant and on a sample of
fuzzed cases, with ``FORMKIT_DEBUG=1`` (so an internal error would print its traceback), and
every channel is read: stdout, stderr, JSON reports, the manifest, the ICS calendar, batch's
result files, and the text of every document of the packet that is not an IRS form or the
client's own attachment (cover letter, checklists, summaries), read back with ``pdftotext``.
The secrets are the values the case schema marks ``x-sensitive``, as written and as bare
digits. The filled forms themselves must hold them (the scan would be empty otherwise).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from formkit.cli import main
from formkit.packet.contents import plan_packet
from tests.conftest import EXAMPLE_FILES, EXAMPLES, load_example, unavailable
from tests.hardening.casegen import TODAY, cases, secrets_of

AS_OF = TODAY.isoformat()
SCANNED_SUFFIXES = (".json", ".jsonl", ".txt", ".ics", ".log", ".csv", ".md", ".html")


class Scan:
    """Runs formkit commands in-process and keeps every text they produce, by channel."""

    def __init__(self, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.folder = folder
        self.capsys = capsys
        self.texts: list[tuple[str, str]] = []

    def run(self, *argv: str) -> int:
        code = main(list(argv))
        out, err = self.capsys.readouterr()
        self.texts += [(f"stdout of formkit {' '.join(argv)}", out), (f"stderr of formkit {' '.join(argv)}", err)]
        assert "Traceback" not in err and "internal error" not in err, err
        return code

    def files(self, root: Path) -> None:
        """Every text file under ``root``, and the text of the PDFs formkit wrote itself."""
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            if path.suffix in SCANNED_SUFFIXES:
                self.texts.append((str(path.relative_to(self.folder)), path.read_text(encoding="utf-8")))
            if path.name == "manifest.json":
                self.letters(path)

    def letters(self, manifest: Path) -> None:
        for doc in json.loads(manifest.read_text())["documents"]:
            if doc["kind"] in ("form", "attachment"):
                continue
            text = subprocess.run(["pdftotext", "-layout", str(manifest.parent / doc["file"]), "-"],
                                  capture_output=True, text=True, check=True).stdout
            assert text.strip(), f"{doc['file']}: no text read back"
            self.texts.append((f"{manifest.parent.name}/{doc['file']} ({doc['kind']})", text))

    def leaks(self, secrets: set[str]) -> list[str]:
        return sorted({f"{where}: {secret}" for where, text in self.texts for secret in secrets if secret in text})


def _case_folder(tmp: Path, data: dict[str, Any]) -> Path:
    """The case as a file beside a copy of the bundled documents its attachments name."""
    shutil.copytree(EXAMPLES / "docs", tmp / "docs", dirs_exist_ok=True)
    case = tmp / "case.json"
    case.write_text(json.dumps(data, default=str, indent=1), encoding="utf-8")
    return case


def _every_channel(scan: Scan, case: Path, *, with_forms: bool = True) -> None:
    folder = case.parent / "out"
    for fmt in ("text", "json"):
        scan.run("validate", str(case), "--format", fmt)
        scan.run("analyze", str(case), "--as-of", AS_OF, "--format", fmt)
        scan.run("check", str(case), "--as-of", AS_OF, "--format", fmt)
        scan.run("csed", str(case), "--as-of", AS_OF, "--format", fmt)
        scan.run("deadlines", str(case), "--as-of", AS_OF, "--format", fmt)
    scan.run("analyze", str(case), "--as-of", AS_OF, "--explain")
    scan.run("deadlines", str(case), "--as-of", AS_OF, "--ics", str(folder / "deadlines.ics"))
    if with_forms:
        from formkit.case import load_case

        loaded = load_case(case)
        for index in range(len(loaded.requests)):
            for doc in plan_packet(loaded, request_index=index).documents:
                if doc.kind != "form" or doc.revision is None:
                    continue
                extra = [f"--{k.replace('item_index', 'item')}={v + 1 if k == 'item_index' else v}"
                         for k, v in doc.options.items()]
                scan.run("fill", doc.form, str(case), "--as-of", AS_OF, *extra,
                         "-o", str(folder / "forms" / f"{index}-{doc.key}.pdf"))
    code = scan.run("packet", str(case), "--as-of", AS_OF, "--force", "-o", str(folder / "packet"))
    if code == 0:
        for fmt in ("text", "json"):
            scan.run("check", str(folder / "packet"), "--case", str(case), "--as-of", AS_OF, "--format", fmt)
    scan.run("batch", str(case), "--do", "validate,analyze,check,fill,packet", "--as-of", AS_OF,
             "-o", str(folder / "book"), "--force", "--format", "json")
    scan.files(folder)


def _filled_forms_text(folder: Path) -> str:
    return "\n".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                    check=True).stdout for pdf in sorted((folder / "out" / "forms").glob("*.pdf")))


def _itin_variant() -> dict[str, Any]:
    data = load_example("oic-periodic-joint-self-employed.json")
    data["taxpayer"]["ssn"] = "912-78-4455"  # ITINs: 9NN-7N-NNNN (IRS: ITIN numbers begin with 9)
    return data


VARIANTS = {**{f.stem: (lambda f=f: load_example(f.name)) for f in EXAMPLE_FILES}, "itin": _itin_variant}


@pytest.fixture(autouse=True)
def _debug(monkeypatch: pytest.MonkeyPatch, forms_dir: Path) -> None:
    if shutil.which("pdftotext") is None:
        unavailable("pdftotext (poppler-utils) is needed to read the letters back")
    monkeypatch.setenv("FORMKIT_DEBUG", "1")
    monkeypatch.setenv("FORMKIT_FORMS_DIR", str(forms_dir))


@pytest.mark.slow
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_no_output_channel_holds_a_full_identification_or_account_number(
        variant: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = VARIANTS[variant]()
    secrets = secrets_of(data)
    assert secrets, "every example carries at least one SSN"
    case = _case_folder(tmp_path, data)
    scan = Scan(tmp_path, capsys)
    _every_channel(scan, case)
    assert len(scan.texts) > 40
    assert not scan.leaks(secrets)
    # the numbers are where they belong: inside the filled forms (pdftotext reads the field values)
    on_forms = _filled_forms_text(tmp_path)
    assert any(secret in on_forms for secret in secrets if "-" in secret)


@pytest.mark.slow
@settings(max_examples=4, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(data=cases())
def test_fuzzed_cases_leak_nothing_either(data: dict[str, Any], tmp_path_factory: pytest.TempPathFactory,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path_factory.mktemp("fuzzed")
    case = _case_folder(folder, json.loads(json.dumps(data, default=str), parse_float=Decimal))
    scan = Scan(folder, capsys)
    _every_channel(scan, case, with_forms=False)
    assert not scan.leaks(secrets_of(data))


def test_a_debug_traceback_is_masked(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """FORMKIT_DEBUG=1 prints the traceback of an internal error for a bug report; an
    exception message holding a case's SSN or EIN is masked in it like every other output."""
    from formkit.commands import validate

    def broken(args: Any) -> int:
        raise RuntimeError("unexpected value 512-48-3321 for 12-3456789")

    monkeypatch.setattr(validate, "run", broken)
    code = main(["validate", str(EXAMPLES / "oic-lump-sum-single.json")])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback (most recent call last)" in err and "RuntimeError" in err
    assert "512-48-3321" not in err and "12-3456789" not in err
    assert "***-**-3321" in err


def test_a_malformed_account_number_is_masked_in_its_validation_error(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """The direct-debit account number is marked x-sensitive in the schema, so a value that
    fails validation is named by its last four digits only."""
    data = load_example("ia-streamlined.json")
    data["requests"][0]["direct_debit"]["account_number"] = "123456789012345678"  # 18: one too many
    case = _case_folder(tmp_path, data)
    assert main(["validate", str(case)]) == 1
    out = capsys.readouterr().out
    assert "/requests/0/direct_debit/account_number" in out and "5678" in out
    assert "123456789012345678" not in out
