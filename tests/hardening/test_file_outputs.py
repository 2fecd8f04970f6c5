"""`formkit fill -o`: only a new path or a regular file is written; anything else is one exit-2 line, nothing written.

Regression tests for issue 17: as root, `-o /dev/full` replaced the device node with a regular file
holding the form, `-o` onto a symlink replaced the link, and output-side failures (read-only
filesystem, full disk, a path under a file, an empty path) were internal errors.
"""

from __future__ import annotations

import errno
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from formkit import cli
from formkit.files import atomic
from formkit.files.atomic import write_file
from formkit.files.target import OutputError
from tests.conftest import EXAMPLES, ROOT, official_forms_dir

CASE = str(EXAMPLES / "oic-lump-sum-single.json")


def fill(out: str, *, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    pre = (lambda: os.umask(umask)) if umask is not None else None
    return subprocess.run([sys.executable, "-m", "formkit", "fill", "656", CASE, "-o", out,
                           "--forms-dir", str(official_forms_dir())], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, preexec_fn=pre)


def _one_line(r: subprocess.CompletedProcess[str], expected: str) -> None:
    assert r.returncode == 2, r.stdout + r.stderr
    assert r.stderr.strip() == expected
    assert r.stdout == ""


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_is_not_replaced(tmp_path: Path) -> None:
    device = tmp_path / "full"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # a second /dev/full
    r = fill(str(device))
    _one_line(r, f"formkit: error: {device}: is a device; the output must be a new path or a regular file")
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full"]


def test_a_symlink_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    (tmp_path / "real.pdf").write_bytes(b"keep")
    (tmp_path / "link.pdf").symlink_to("real.pdf")
    r = fill(str(tmp_path / "link.pdf"))
    _one_line(r, f"formkit: error: {tmp_path / 'link.pdf'}: is a symbolic link (to real.pdf); formkit does not "
                 "write through or replace links: give the file path itself")
    assert os.readlink(tmp_path / "link.pdf") == "real.pdf" and (tmp_path / "real.pdf").read_bytes() == b"keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.pdf", "real.pdf"]


@pytest.mark.parametrize("kind", ["fifo", "socket", "folder"])
def test_special_files_and_folders_are_usage_errors(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "out.pdf"
    sock = socket.socket(socket.AF_UNIX)
    if kind == "fifo":
        os.mkfifo(out)
    elif kind == "socket":
        sock.bind(str(out))
    else:
        out.mkdir()
    try:
        r = fill(str(out))
    finally:
        sock.close()
    shown = {"fifo": "a FIFO (named pipe)", "socket": "a socket", "folder": "a folder"}[kind]
    _one_line(r, f"formkit: error: {out}: is {shown}; the output must be a new path or a regular file")
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_an_empty_path_and_a_path_under_a_file(tmp_path: Path) -> None:
    _one_line(fill(""), "formkit: error: the output path is empty; give a file name such as out/656.pdf")
    (tmp_path / "case.json").write_text("{}")
    r = fill(str(tmp_path / "case.json" / "656.pdf"))
    _one_line(r, f"formkit: error: {tmp_path / 'case.json' / '656.pdf'}: {tmp_path / 'case.json'} is a file, not a "
                 "folder; choose an output path in a folder")


@pytest.mark.parametrize(("err", "words"), [(errno.ENOSPC, "No space left on device"),
                                            (errno.EROFS, "Read-only file system")])
def test_disk_full_or_read_only_is_one_line_and_leaves_the_old_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], err: int,
        words: str) -> None:
    out = tmp_path / "656.pdf"
    out.write_bytes(b"the previous form")

    def failing(path: Path, data: bytes, *args: object) -> None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the temp file exists, half written
        os.write(fd, data[:100])
        os.close(fd)
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(atomic, "_write_new", failing)
    code = cli.main(["fill", "656", CASE, "-o", str(out), "--forms-dir", str(official_forms_dir())])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.strip() == f"formkit: error: {out}: cannot write the output ({words}); nothing was written"
    assert out.read_bytes() == b"the previous form"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["656.pdf"]


def test_modes_follow_the_umask_and_a_replaced_file_keeps_its_own(tmp_path: Path) -> None:
    """One rule (docs/files.md) for fill and packet alike."""
    r = fill(str(tmp_path / "new.pdf"), umask=0o027)
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE((tmp_path / "new.pdf").stat().st_mode) == 0o640
    private = tmp_path / "private.pdf"
    private.write_bytes(b"x")
    private.chmod(0o600)
    assert fill(str(private), umask=0o022).returncode == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600 and private.read_bytes().startswith(b"%PDF-")


def test_a_killed_write_leaves_a_partial_that_the_next_write_removes(tmp_path: Path) -> None:
    out = tmp_path / "656.pdf"
    (tmp_path / ".656.pdf.0123abcd.partial").write_bytes(b"half a form")
    (tmp_path / ".656.pdf.lock").write_text("99999\n")  # left by the killed writer; the kernel freed its lock
    (tmp_path / ".656.pdfx.0123abcd.partial").write_bytes(b"another output's")  # not this output's: kept
    write_file(out, b"%PDF-1.7 whole")
    assert out.read_bytes() == b"%PDF-1.7 whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".656.pdfx.0123abcd.partial", "656.pdf"]


def test_write_file_refuses_what_it_must_not_replace(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    with pytest.raises(OutputError, match="is a folder"):
        write_file(tmp_path / "d", b"x")
