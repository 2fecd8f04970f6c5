"""Hostile PDFs (tests/hardening/hostile.py) given to `formkit check` and attached to a packet.

Each gets its one-line error naming the file (or, for the few a packet can carry safely, is
carried) within 5 s and under 300 MB of memory, measured on the real command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, official_forms_dir
from tests.hardening.hostile import MAKERS

SECONDS = 5.0
MEGABYTES = 300
# what a packet may carry: active content is never run (only pages are copied), an image is never decoded
CARRIED = {"javascript", "many_pages", "image_bomb", "looping_xref"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hostile")
    made = {}
    for name, make in MAKERS.items():
        (root / name).mkdir()
        made[name] = make(root / name)
    return made


# A small process that runs the command as its own child and reports the child's peak memory: Linux
# carries the peak of the process that called exec into the new program, so measuring a child of
# pytest directly would report pytest's own size.
_MEASURE = r"""
import json, os, resource, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as fh:
    json.dump([time.perf_counter() - start, os.waitstatus_to_exitcode(status), usage.ru_maxrss // 1024], fh)
"""


def measure(cmd: list[str], cwd: Path) -> tuple[float, int, int, str]:
    """(seconds, exit code, peak resident MB, output) of one command, killed after 60 s."""
    env = {**os.environ, "FORMKIT_FORMS_DIR": str(official_forms_dir()), "PYTHONPATH": str(ROOT / "src")}
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "measure.json"
        proc = subprocess.run([sys.executable, "-c", _MEASURE, str(report), *cmd], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=60)
        seconds, code, megabytes = json.loads(report.read_text())
    return seconds, code, megabytes, proc.stdout + proc.stderr


def _attach(case_dir: Path, name: str, path: Path) -> Path:
    data = json.loads((EXAMPLES / "ia-streamlined.json").read_text())
    data["attachments"] = [{"document_type": "bank_statement", "path": str(path),
                            "description": f"hostile file {name}"}]
    case = case_dir / f"{name}.json"
    case.write_text(json.dumps(data))
    return case


def test_every_hostile_pdf_gets_its_error_in_time_and_memory(corpus: dict[str, Path], tmp_path: Path) -> None:
    jobs = []
    for name, path in corpus.items():
        jobs.append((name, "check", [sys.executable, "-m", "formkit", "check", str(path)]))
        case = _attach(tmp_path, name, path)
        jobs.append((name, "packet", [sys.executable, "-m", "formkit", "packet", str(case), "-o",
                                      str(tmp_path / f"out-{name}"), "--force"]))
    with ThreadPoolExecutor(max_workers=2) as pool:  # two at a time, as the machine has two cores
        results = list(pool.map(lambda job: (job[0], job[1], *measure(job[2], tmp_path)), jobs))
    table = []
    for name, kind, seconds, code, megabytes, text in results:
        lines = [line for line in text.splitlines() if line.strip()]
        table.append(f"{name:26s} {kind:6s} {seconds:5.2f} s {megabytes:4d} MB exit {code}")
        assert "Traceback" not in text and "internal error" not in text, (name, kind, text)
        assert seconds < SECONDS and megabytes < MEGABYTES, table[-1]
        if kind == "packet" and name in CARRIED:
            assert code == 0, (name, text)
            assert b"/JavaScript" not in (tmp_path / f"out-{name}" / "packet.pdf").read_bytes()
            continue
        assert code == 2, (name, kind, text)
        last = lines[-1]
        shown = str(corpus[name])
        assert shown in last, (name, kind, last)  # one line naming the file
        if kind == "packet":
            assert last.startswith("formkit: error: packet not built: attachment /attachments/0/path"), last
        assert not (tmp_path / f"out-{name}").exists() or name in CARRIED
    print("\n".join(table))


@pytest.mark.parametrize(("name", "reason"), [
    ("zero_bytes", "not a PDF file"), ("random_bytes", "not a PDF file"),
    ("truncated", "damaged: the file was cut short (no %%EOF end marker)"),
    ("encrypted", "is encrypted (password-protected)"), ("encrypted_empty_password", "is encrypted"),
    ("too_many_pages", "has 5,000 pages (at most 2,000)"),
    ("content_bomb", "a stream inflates past 32 MB (a decompression bomb or a damaged file)"),
    ("object_stream_bomb", "a stream inflates past 32 MB"),
    ("deep_xref_chain", "has 20,001 incremental updates (at most 1,000)"),
    ("huge_object_count", "has 10,000,000 objects (at most 500,000)"),
    ("looping_page_tree", "not a readable PDF (damaged: "), ("deep_nesting", "not a readable PDF (damaged: "),
    ("symlink_to_device", "is a device, not a regular file"), ("fifo", "is a FIFO (named pipe), not a regular file"),
])
def test_each_refusal_says_why(corpus: dict[str, Path], name: str, reason: str) -> None:
    from formkit.checks import UnusableInput, check_pdf

    with pytest.raises(UnusableInput) as err:
        check_pdf(corpus[name])
    assert str(err.value).startswith(f"{corpus[name]}: ")
    assert reason in str(err.value)
    assert "\n" not in str(err.value)


def test_a_filled_form_cut_short_is_reported_damaged_not_read_blank(tmp_path: Path) -> None:
    """Regression (issue 17): pypdf repaired a filled form cut inside its last incremental update into the
    blank official form; check read it as a form with findings and packet embedded it blank, both exit 0."""
    from datetime import UTC, datetime

    from formkit import fill, load_case
    from formkit.case.model import Attachment
    from formkit.checks import UnusableInput, check_pdf
    from formkit.packet.attachments import AttachmentError, load_attachment

    filled = fill("656", load_case(EXAMPLES / "oic-lump-sum-single.json"), forms_dir=official_forms_dir())
    last_update = filled.rindex(b"%%EOF", 0, len(filled) - 6)
    cut = tmp_path / "656-cut.pdf"
    cut.write_bytes(filled[: (last_update + len(filled)) // 2])
    whole = tmp_path / "656.pdf"
    whole.write_bytes(filled)
    assert check_pdf(whole).documents  # the whole file is read as Form 656
    with pytest.raises(UnusableInput) as err:
        check_pdf(cut)
    assert str(err.value).startswith(f"{cut}: damaged: ")
    assert str(err.value).endswith("bytes follow the last %%EOF end marker (an unfinished save, or a file cut short)")
    with pytest.raises(AttachmentError, match=r"\(656-cut\.pdf\): damaged: [0-9,]+ bytes follow the last %%EOF"):
        load_attachment(Attachment(document_type="other", path="656-cut.pdf"), 0, tmp_path, caption="x",
                        created=datetime(2026, 11, 2, tzinfo=UTC))
