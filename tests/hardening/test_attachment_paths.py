"""The attachment path rule (docs/files.md): relative inside the case folder, or absolute; no '~'; regular files."""

from __future__ import annotations

import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from formkit.case.model import Attachment
from formkit.packet.attachments import AttachmentError, load_attachment
from tests.conftest import EXAMPLES

CREATED = datetime(2026, 11, 2, tzinfo=UTC)
STATEMENT = EXAMPLES / "docs" / "tgcu-2026-q3.pdf"


def load(path: str, base: Path) -> object:
    return load_attachment(Attachment(document_type="bank_statement", path=path), 0, base,
                           caption="Bank statement", created=CREATED)


def test_relative_inside_the_case_folder_and_absolute_anywhere(tmp_path: Path) -> None:
    (tmp_path / "case" / "docs").mkdir(parents=True)
    shutil.copy(STATEMENT, tmp_path / "case" / "docs" / "s.pdf")
    shutil.copy(STATEMENT, tmp_path / "elsewhere.pdf")
    assert load("docs/s.pdf", tmp_path / "case").pages == 1  # type: ignore[attr-defined]
    assert load(str(tmp_path / "elsewhere.pdf"), tmp_path / "case").pages == 1  # type: ignore[attr-defined]


def test_dot_dot_may_not_climb_out_of_the_case_folder(tmp_path: Path) -> None:
    (tmp_path / "case").mkdir()
    shutil.copy(STATEMENT, tmp_path / "secret.pdf")
    with pytest.raises(AttachmentError) as err:
        load("../secret.pdf", tmp_path / "case")
    assert str(err.value) == ("attachment /attachments/0/path (../secret.pdf): a relative path may not climb out of "
                              "the case file's folder with '..'; move the file beside the case or give its absolute "
                              "path")


def test_tilde_is_not_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    shutil.copy(STATEMENT, tmp_path / "s.pdf")
    with pytest.raises(AttachmentError) as err:
        load("~/s.pdf", tmp_path / "case")
    assert "'~' is not expanded in attachment paths" in str(err.value)


@pytest.mark.parametrize("special", ["device", "fifo", "folder"])
def test_only_regular_files_are_read(tmp_path: Path, special: str) -> None:
    target = tmp_path / "statement.pdf"
    if special == "device":
        target.symlink_to("/dev/zero")
    elif special == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    start = time.perf_counter()
    with pytest.raises(AttachmentError) as err:
        load("statement.pdf", tmp_path)
    assert time.perf_counter() - start < 1
    kind = {"device": "a device", "fifo": "a FIFO (named pipe)", "folder": "a folder"}[special]
    assert str(err.value) == (f"attachment /attachments/0/path (statement.pdf): is {kind}, not a regular file; "
                              f"give the path of a file ({target})")
