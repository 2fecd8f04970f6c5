"""One writer at a time per output: an advisory lock beside the path it guards.

``with output_lock(path):`` holds an exclusive ``flock`` on ``.NAME.lock`` in the same folder
as ``path``. A second formkit process writing the same output is refused at once with a
message naming the process that holds it (``wait=None``, the default for the commands), or
waits up to ``wait`` seconds (what a cache writer wants). The kernel drops the lock when its
holder dies, even by SIGKILL, so a lock is never stale; the lock file itself is removed on
release (checked by inode, so a process that opened the old file never shares a lock with
one that created a new file) or left for the next holder to remove.

POSIX only (``fcntl``); elsewhere the lock is a no-op and the docs say so.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from formkit.files.target import OutputError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_POLL = 0.05


class Busy(OutputError):
    """Another process is writing the same output: exit 2, nothing written."""


def lock_path(path: Path) -> Path:
    return path.parent / f".{path.name}.lock"


def _holder(lock_file: Path) -> str:
    try:
        pid = lock_file.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return "another formkit process"
    return f"another formkit process (pid {pid})" if pid.isdigit() else "another formkit process"


def _open_locked(target: Path, lock_file: Path, deadline: float | None) -> int:
    """An fd holding the lock on the file now at ``lock_file`` (the same inode), or raise Busy."""
    assert fcntl is not None
    while True:
        try:
            lock_file.parent.mkdir(parents=True, exist_ok=True)  # as the output's own folder would be
            fd = os.open(lock_file, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError as exc:
            raise OutputError(f"{target}: cannot write the output here ({exc.strerror or exc}); nothing was written"
                              ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if deadline is None or time.monotonic() >= deadline:
                raise Busy(f"{target}: {_holder(lock_file)} is writing it now; "
                           "wait for it to finish and run again") from None
            time.sleep(_POLL)
            continue
        except BaseException:
            os.close(fd)
            raise
        try:
            same = os.fstat(fd).st_ino == os.stat(lock_file).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)  # the holder before us removed the file we opened: lock the new one


_held: set[tuple[str, int]] = set()  # (lock file, thread) this process holds: taking one again is a no-op


@contextlib.contextmanager
def output_lock(path: str | Path, *, wait: float | None = None) -> Iterator[None]:
    """Hold the write lock of ``path`` (a file or a folder); Busy if another process holds it.

    Re-entrant within a thread, so a command can hold the lock for its whole run while the
    writer it calls takes it again.
    """
    target = Path(path)
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    lock_file = lock_path(target)
    key = (os.path.abspath(lock_file), threading.get_ident())
    if key in _held:
        yield
        return
    deadline = None if wait is None else time.monotonic() + wait
    fd = _open_locked(target, lock_file, deadline)
    _held.add(key)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        yield
    finally:
        _held.discard(key)
        with contextlib.suppress(OSError):
            os.unlink(lock_file)
        os.close(fd)
