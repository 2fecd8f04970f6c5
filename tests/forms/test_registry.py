"""The forms registry: pinned revisions, lookup by hash, add/fetch/verify, revision drift."""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from formkit.forms.fingerprint import field_set, fingerprint
from formkit.forms.registry import revisions, supported
from tests.conftest import ROOT

SUPPORTED = {"433-A": "7-2022", "433-A (OIC)": "4-2025", "433-F": "7-2024", "656": "4-2025",
             "843": "12-2024", "2848": "1-2021", "9465": "9-2020"}


def formkit(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "formkit", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, env=env)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """Environment for the formkit subprocess: an empty cache and no FORMKIT_FORMS_DIR."""
    e = {k: v for k, v in os.environ.items() if k != "FORMKIT_FORMS_DIR"}
    e["FORMKIT_CACHE_DIR"] = str(tmp_path / "cache")
    return e


def test_registry_lists_the_supported_revisions() -> None:
    assert {r.form: r.revision for r in revisions() if r.supported} == SUPPORTED
    assert supported("433aoi").form == "433-A (OIC)"
    assert supported("Form 656").revision == "4-2025"
    prior = {(r.form, r.revision) for r in revisions() if not r.supported}
    assert {("843", "8-2011"), ("2848", "2-2020")} <= prior


def test_pinned_hashes_and_fingerprints_match_the_official_files(forms_dir: Path) -> None:
    manifest = {(m["form"], m["revision"]): m for m in json.loads((forms_dir / "MANIFEST.json").read_text())}
    for rev in revisions():
        entry = manifest[(rev.form, rev.revision)]
        data = (forms_dir / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == rev.sha256 == entry["sha256"]
        assert rev.fingerprint == fingerprint(field_set(data)), rev.label
        assert rev.field_count == entry["fields_with_type"], rev.label


def test_forms_list_shows_presence(forms_dir: Path, env: dict[str, str]) -> None:
    r = formkit("forms", "list", "--forms-dir", str(forms_dir), "--format", "json", env=env)
    assert r.returncode == 0, r.stderr
    rows = {(x["form"], x["revision"]): x for x in json.loads(r.stdout)["forms"]}
    assert all(rows[(f, rev)]["present"] for f, rev in SUPPORTED.items())
    r = formkit("forms", "list", env=env)
    assert "missing (formkit forms fetch)" in r.stdout


def test_forms_add_stores_official_and_refuses_prior_revisions(forms_dir: Path, env: dict[str, str]) -> None:
    r = formkit("forms", "add", str(forms_dir / "f2848.pdf"), env=env)
    assert r.returncode == 0 and "Form 2848 (Rev. 1-2021): official file, sha256 verified; stored as" in r.stdout
    r = formkit("forms", "add", str(forms_dir / "f2848--2020-02.pdf"), env=env)
    assert r.returncode == 1
    assert ("Form 2848 (Rev. 2-2020) is a prior revision formkit does not fill; closest known revision is "
            "Form 2848 (Rev. 1-2021):") in r.stdout
    assert "fields added:" in r.stdout and "fields removed:" in r.stdout
    r = formkit("forms", "add", str(forms_dir / "f843--2011-08.pdf"), env=env)
    assert r.returncode == 1 and "Form 843 (Rev. 8-2011) is a prior revision formkit does not fill" in r.stdout
    stored = sorted(p.name for p in Path(env["FORMKIT_CACHE_DIR"]).glob("*.pdf"))
    assert stored == ["f2848--1-2021--f2848.pdf"]


def test_modified_copy_is_not_used(forms_dir: Path, env: dict[str, str], tmp_path: Path) -> None:
    copy = tmp_path / "f656.pdf"
    copy.write_bytes((forms_dir / "f656.pdf").read_bytes() + b"\n% touched\n")
    r = formkit("forms", "add", str(copy), env=env)
    assert r.returncode == 1
    assert "unknown revision" in r.stdout and "same fields as Form 656 (Rev. 4-2025) but different bytes" in r.stdout


def test_fill_names_the_prior_revision_it_found(forms_dir: Path, env: dict[str, str], tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    shutil.copy(forms_dir / "f843--2011-08.pdf", old)
    r = formkit("fill", "843", "examples/fta-penalty-abatement.json", "--forms-dir", str(old), "-o",
                str(tmp_path / "x.pdf"), env=env)
    assert r.returncode == 2
    assert "Form 843 (Rev. 12-2024) is not available" in r.stderr
    assert "Form 843 (Rev. 8-2011), an unsupported revision (29 field(s) added, 85 removed against Rev. 12-2024)" in r.stderr
    assert not (tmp_path / "x.pdf").exists()


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """A local stand-in for www.irs.gov serving a folder's files by their IRS file names."""
    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            return str(directory / Path(path.split("?")[0]).name)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def irs_mirror(forms_dir: Path) -> Iterator[str]:
    with serve(forms_dir) as url:
        yield url


def test_fetch_downloads_and_verifies(irs_mirror: str, env: dict[str, str]) -> None:
    env["FORMKIT_IRS_BASE_URL"] = irs_mirror
    r = formkit("forms", "fetch", "656", "2848", env=env)
    assert r.returncode == 0, r.stderr
    assert "Form 656 (Rev. 4-2025): downloaded, sha256 verified" in r.stdout
    r = formkit("forms", "list", "--format", "json", env=env)
    present = {x["form"] for x in json.loads(r.stdout)["forms"] if x["present"]}
    assert present == {"656", "2848"}


def test_fetch_rejects_a_file_whose_hash_differs(env: dict[str, str], forms_dir: Path, tmp_path: Path) -> None:
    stale = tmp_path / "mirror"
    stale.mkdir()
    shutil.copy(forms_dir / "f843--2011-08.pdf", stale / "f843.pdf")  # the site serves another revision
    with serve(stale) as url:
        env["FORMKIT_IRS_BASE_URL"] = url
        r = formkit("forms", "fetch", "843", env=env)
    assert r.returncode == 1
    assert ("Form 843 (Rev. 12-2024): https://www.irs.gov/pub/irs-pdf/f843.pdf now serves Form 843 (Rev. 8-2011) "
            "(sha256 78b7ef177254…), not the pinned file: 29 field(s) added, 85 removed") in r.stderr
    assert not list(Path(env["FORMKIT_CACHE_DIR"]).glob("*.pdf"))  # never stored as a form formkit uses
    assert (Path(env["FORMKIT_CACHE_DIR"]) / "unverified" / "f843--8-2011.pdf").is_file()


def test_verify_finds_the_official_prefix(forms_dir: Path, env: dict[str, str], tmp_path: Path) -> None:
    filled = tmp_path / "filled.pdf"
    r = formkit("fill", "9465", "examples/ia-streamlined.json", "--forms-dir", str(forms_dir), "-o", str(filled),
                env=env)
    assert r.returncode == 0, r.stderr
    r = formkit("forms", "verify", str(filled), env=env)
    assert r.returncode == 0
    assert "starts with the unmodified official Form 9465 (Rev. 9-2020)" in r.stdout
    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF-1.4\n%%EOF\n")
    r = formkit("forms", "verify", str(other), env=env)
    assert r.returncode == 1
