"""Inputs are read as regular files of bounded size: no device, FIFO or folder, never past the limit."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from formkit.files.read import InputFileError, read_limited


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    f = tmp_path / "a.json"
    f.write_bytes(b"x" * 1000)
    assert read_limited(f, 1000) == b"x" * 1000


def test_a_symlink_to_a_regular_file_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real.json").write_bytes(b"{}")
    (tmp_path / "link.json").symlink_to(tmp_path / "real.json")
    assert read_limited(tmp_path / "link.json", 10) == b"{}"


def test_too_large_is_refused_before_reading_with_exact_sizes(tmp_path: Path) -> None:
    f = tmp_path / "big.pdf"
    with f.open("wb") as fh:
        fh.truncate(123_456_789)  # sparse: reading it would take seconds, refusing takes none
    start = time.perf_counter()
    with pytest.raises(InputFileError) as err:
        read_limited(f, 100_000_000, what="PDF file")
    assert time.perf_counter() - start < 0.5
    # the separators keep a nine-digit size from being masked as an SSN in messages
    assert str(err.value) == f"{f}: PDF file is too large (123,456,789 bytes; at most 100,000,000 bytes)"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused_without_reading(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist here")
    with pytest.raises(InputFileError) as err:
        read_limited(device, 1024)
    assert str(err.value) == f"{device}: is a device, not a regular file; give the path of a file"


def test_a_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    (tmp_path / "statement.pdf").symlink_to("/dev/zero")
    with pytest.raises(InputFileError, match="is a device, not a regular file"):
        read_limited(tmp_path / "statement.pdf", 1024, what="attachment")


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "case.json"
    os.mkfifo(fifo)
    start = time.perf_counter()
    with pytest.raises(InputFileError) as err:
        read_limited(fifo, 1024, what="case file")
    assert time.perf_counter() - start < 1
    assert str(err.value) == f"{fifo}: is a FIFO (named pipe), not a regular file; give the path of a case file"


def test_a_folder_and_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"is a folder, not a regular file"):
        read_limited(tmp_path, 10)
    with pytest.raises(InputFileError) as err:
        read_limited(tmp_path / "nope.json", 10, what="case file")
    assert str(err.value) == f"{tmp_path / 'nope.json'}: case file not found"


def test_a_unix_socket_is_refused(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(InputFileError, match=r"is a socket, not a regular file"):
            read_limited(path, 10)
