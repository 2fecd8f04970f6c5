"""Read a file the user named, boundedly: regular files only, never more than a limit.

A path in a case or on the command line can name anything: a device that never ends
(``/dev/zero``), a FIFO that blocks until a writer comes, a folder, a 20 GB file. Every
input formkit reads (case files, attachments, PDFs given to ``check``, firm templates,
configuration) goes through :func:`read_limited`, which opens without blocking, refuses
what is not a regular file, and stops at the limit even if the file grows while read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from formkit.errors import FormkitError

_CHUNK = 1024 * 1024


class InputFileError(FormkitError, OSError):
    """An input file cannot be read: one line naming the file and why."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def size_text(size: int) -> str:
    """``10,485,761 bytes``: exact, and with separators it never reads as a nine-digit TIN."""
    return f"{size:,} bytes"


def kind_of(mode: int) -> str | None:
    """What a non-regular file is, in words (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_limited(path: str | Path, limit: int, *, what: str = "file") -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed), at most ``limit`` of them.

    Raises InputFileError for a missing, unreadable, special or too large file.
    """
    try:  # classify first: opening a socket fails and opening a FIFO could wait for a writer
        kind = kind_of(os.stat(path).st_mode)
    except OSError:
        kind = None  # the open below says why
    if kind is not None:
        raise InputFileError(path, f"is {kind}, not a regular file; give the path of a {what}")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputFileError(path, f"{what} not found") from None
    except PermissionError:
        raise InputFileError(path, "permission denied") from None
    except IsADirectoryError:
        raise InputFileError(path, f"is a folder, not a {what}") from None
    except OSError as exc:
        raise InputFileError(path, f"cannot open the {what} ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        kind = kind_of(info.st_mode)
        if kind is not None:
            raise InputFileError(path, f"is {kind}, not a regular file; give the path of a {what}")
        if info.st_size > limit:
            raise InputFileError(path, f"{what} is too large ({size_text(info.st_size)}; at most {size_text(limit)})")
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise InputFileError(path, f"{what} is too large (grew past {size_text(limit)} while read)")
        return b"".join(chunks)
    except OSError as exc:
        if isinstance(exc, InputFileError):
            raise
        raise InputFileError(path, f"cannot read the {what} ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
