"""The on-disk cache of compiled templates: same results as compiling, verified on read,
safe under concurrent writers, and a fill from it never loads pypdf."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from formkit.pdf import cache, clear_cache, compile_template, fill
from formkit.pdf.writer import fill_document
from tests.pdf.conftest import official_pdf
from tests.pdf.helpers import all_checkboxes_on, distinct_text_values

pytestmark = pytest.mark.official_pdf


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "templates"
    monkeypatch.setenv(cache.ENV_CACHE_DIR, str(folder))
    clear_cache()
    yield folder
    clear_cache()


def _values(data: bytes) -> dict[str, str | bool]:
    tpl = compile_template(data)
    return {**distinct_text_values(tpl), **all_checkboxes_on(tpl)}


def test_a_cached_template_fills_and_flattens_to_the_same_bytes(cache_dir: Path) -> None:
    data = official_pdf("f433a.pdf")
    values = _values(data)
    compiled = fill_document(data, values)
    assert sorted(p.name for p in cache_dir.iterdir()) == [f"{compiled.template.sha256}.fkt"]
    clear_cache()
    loaded = cache.load(compiled.template.sha256, data)
    assert loaded is not None and loaded is not compiled.template
    again = fill_document(loaded, values)
    assert again.pdf == compiled.pdf
    assert again.flattened() == compiled.flattened()


def _entry(cache_dir: Path, data: bytes) -> Path:
    compile_template(data)
    clear_cache()
    (entry,) = cache_dir.iterdir()
    return entry


@pytest.mark.parametrize("damage", ["truncate", "flip_payload", "other_version", "other_pdf"])
def test_a_damaged_or_foreign_entry_is_a_miss_and_is_rewritten(cache_dir: Path, damage: str) -> None:
    data = official_pdf("f2848.pdf")
    entry = _entry(cache_dir, data)
    good = entry.read_bytes()
    head, _, payload = good.partition(b"\n\n")
    if damage == "truncate":
        entry.write_bytes(good[: len(good) // 2])
    elif damage == "flip_payload":
        entry.write_bytes(head + b"\n\n" + payload[:100] + bytes([payload[100] ^ 0xFF]) + payload[101:])
    elif damage == "other_version":
        entry.write_bytes(good.replace(b"formkit-compiled-template 1\n", b"formkit-compiled-template 0\n", 1))
    else:
        entry.write_bytes(good.replace(entry.stem.encode(), b"0" * 64, 1))
    sha = entry.stem
    assert cache.load(sha, data) is None
    compile_template(data)  # compiles again and stores a good entry
    assert cache.load(sha, data) is not None


def test_off_disables_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV_CACHE_DIR, "off")
    clear_cache()
    assert cache.cache_dir() is None
    compile_template(official_pdf("f843.pdf"))
    clear_cache()


def test_an_unwritable_cache_folder_only_means_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.ENV_CACHE_DIR, str(blocker / "templates"))
    clear_cache()
    data = official_pdf("f843.pdf")
    assert fill(data, {}).startswith(data)
    clear_cache()


def _compile_in_child(data: bytes) -> str:
    clear_cache()
    tpl = compile_template(data)
    return fill(tpl, {}).hex()[-64:]


def test_concurrent_writers_leave_one_good_entry(cache_dir: Path) -> None:
    data = official_pdf("f9465.pdf")
    with ProcessPoolExecutor(max_workers=4) as pool:
        tails = list(pool.map(_compile_in_child, [data] * 8))
    assert len(set(tails)) == 1
    entries = list(cache_dir.iterdir())
    assert len(entries) == 1 and not entries[0].name.startswith(".")
    assert cache.load(entries[0].stem, data) is not None


def test_a_fill_from_the_cache_does_not_load_pypdf(cache_dir: Path, tmp_path: Path) -> None:
    forms = Path(os.environ["FORMKIT_FORMS_DIR"])
    compile_template(official_pdf("f656.pdf"))
    script = (
        "import sys, json\n"
        "from formkit.pdf import compile_template, fill\n"
        f"data = open({str(forms / 'f656.pdf')!r}, 'rb').read()\n"
        "pdf = fill(compile_template(data), {})\n"
        "print(json.dumps([len(pdf) > len(data), sorted(m for m in sys.modules if m.split('.')[0] == 'pypdf')]))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         env={**os.environ, cache.ENV_CACHE_DIR: str(cache_dir)})
    assert json.loads(out.stdout) == [True, []]
