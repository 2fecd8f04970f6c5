"""Outputs appear whole or not at all, and a rebuild replaces only what formkit wrote.

A file is written as ``.NAME.<8 hex>.partial`` beside its target, synced, and renamed over
it. A folder is written the same way, then swapped in with two renames::

    NAME -> .NAME.<hex>.previous      (the earlier output, kept until the new one is in place)
    .NAME.<hex>.partial -> NAME
    remove .NAME.<hex>.previous

Every write holds the output's lock (:mod:`formkit.files.lock`), so what is found under those
names when the lock is taken is left over from a process that died: :func:`recover` puts a
``.previous`` back when NAME is missing (killed between the renames) and removes the rest.
Every write runs it first, and ``formkit packet --recover`` runs it alone.

Modes (docs/files.md): a new file or folder gets what the user's umask gives any new file;
one that replaces an earlier output keeps the earlier one's permissions.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from formkit.files.lock import output_lock
from formkit.files.target import OutputError, check_file_output, check_folder_output

PARTIAL = "partial"
PREVIOUS = "previous"
_OPEN_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _leftover_re(name: str) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(name)}\.[0-9a-f]{{8}}\.({PARTIAL}|{PREVIOUS})$")


def _sibling(target: Path, kind: str) -> Path:
    return target.parent / f".{target.name}.{secrets.token_hex(4)}.{kind}"


def _failed(target: Path, exc: OSError) -> OutputError:
    return OutputError(f"{target}: cannot write the output ({exc.strerror or exc}); nothing was written")


def fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def recover(target: str | Path) -> list[str]:
    """Undo what a killed write left beside ``target``; what was done, in words. Call under the lock."""
    target = Path(target)
    pattern = _leftover_re(target.name)
    try:
        found = sorted(p for p in target.parent.iterdir() if pattern.match(p.name))
    except FileNotFoundError:
        return []
    done: list[str] = []
    previous = sorted((p for p in found if p.name.endswith(PREVIOUS)), key=lambda p: p.lstat().st_mtime_ns)
    if previous and not os.path.lexists(target):
        os.rename(previous[-1], target)
        done.append(f"restored {target} from {previous[-1].name} (a build was stopped between its two renames)")
        previous.pop()
    for leftover in [*(p for p in found if p.name.endswith(PARTIAL)), *previous]:
        _remove(leftover)
        what = "an unfinished write" if leftover.name.endswith(PARTIAL) else "a replaced output"
        done.append(f"removed {leftover.name} ({what})")
    if done:
        fsync_dir(target.parent)
    return done


def _write_new(path: Path, data: bytes, mode: int | None, moment: datetime | None, sync: bool = True) -> None:
    fd = os.open(path, _OPEN_NEW, 0o666)  # the umask applies, as to any new file
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        if mode is not None:
            os.fchmod(fd, mode)
        if sync:
            os.fsync(fd)
    finally:
        os.close(fd)
    if moment is not None:
        stamp = moment.timestamp()
        os.utime(path, (stamp, stamp))


def _mode_of(path: Path) -> int | None:
    try:
        return stat.S_IMODE(os.lstat(path).st_mode)
    except OSError:
        return None


def write_file(path: str | Path, data: bytes, *, moment: datetime | None = None, sync: bool = True,
               wait: float | None = None) -> Path:
    """Write one output file atomically under its lock; OutputError (nothing written) when it cannot be.

    ``wait``: seconds to wait for another process writing the same path (None: refuse at once,
    with Busy). ``sync=False`` skips fsync, for caches.
    """
    target = check_file_output(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _failed(target, exc) from None
    with output_lock(target, wait=wait):
        try:
            recover(target)
            mode = _mode_of(target)
            tmp = _sibling(target, PARTIAL)
            try:
                _write_new(tmp, data, mode, moment, sync)
                check_file_output(target)  # still nothing but a regular file or nothing
                os.replace(tmp, target)
            except BaseException:
                _remove(tmp)
                raise
            if sync:
                fsync_dir(target.parent)
        except OSError as exc:
            raise _failed(target, exc) from None
    return target


# --- folders ------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Owned:
    """What an earlier output folder holds that formkit wrote: relative path -> sha256 (None: not hashed)."""

    files: Mapping[str, str | None]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _entries(folder: Path) -> list[tuple[str, Path]]:
    """Every file (and link, FIFO, ...) under ``folder`` by relative path, sorted; folders themselves are not."""
    found: list[tuple[str, Path]] = []
    for root, dirs, names in os.walk(folder):
        for name in dirs + names:
            path = Path(root) / name
            if name in dirs and not path.is_symlink():
                continue
            found.append((path.relative_to(folder).as_posix(), path))
    return sorted(found)


def foreign(folder: Path, owned: Owned) -> list[str]:
    """What in ``folder`` formkit did not write (or was changed since): one description each."""
    problems: list[str] = []
    for rel, path in _entries(folder):
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or rel not in owned.files:
            problems.append(f"{rel} (not written by formkit)")
        else:
            expected = owned.files[rel]
            if expected is not None and _sha256(path) != expected:
                problems.append(f"{rel} (changed since formkit wrote it)")
    return problems


def check_replaceable(outdir: Path, owned_of: Callable[[Path], Owned | None], what: str = "output") -> None:
    """OUTDIR is new, empty, or an earlier output holding only what formkit wrote there, unchanged."""
    if not outdir.is_dir():
        return
    if not any(outdir.iterdir()):
        return
    owned = owned_of(outdir)
    if owned is None:
        raise OutputError(f"{outdir}: exists, is not empty and is not a formkit {what}; choose a new or empty "
                          "output folder so nothing else is replaced")
    problems = foreign(outdir, owned)
    if problems:
        shown = ", ".join(problems[:5]) + (f" and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise OutputError(f"{outdir}: holds files that a rebuild would destroy: {shown}; move them out of the "
                          f"folder (or choose another output folder) and run again")


def replace_folder(outdir: str | Path, files: Mapping[str, bytes], *, owned_of: Callable[[Path], Owned | None],
                   moment: datetime | None = None, what: str = "output",
                   write: Callable[[Path, bytes, datetime | None], None] | None = None) -> Path:
    """Write ``files`` (relative path -> bytes) as the folder ``outdir``, replacing an earlier output whole.

    Under the folder's lock: recover leftovers, check that only formkit's own unchanged files
    would be replaced (``owned_of`` reads what the earlier output says it holds), write the
    new folder beside it, and swap it in. OutputError when the folder cannot be used or
    written; the earlier output is then untouched.
    """
    target = check_folder_output(outdir)
    writer = write or (lambda path, data, when: _write_new(path, data, None, when))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _failed(target, exc) from None
    with output_lock(target):
        try:
            recover(target)
            check_replaceable(target, owned_of, what)
            tmp = _sibling(target, PARTIAL)
            os.mkdir(tmp, 0o777)  # the umask applies
            try:
                mode = _mode_of(target) if target.is_dir() else None
                for rel in sorted(files):
                    path = tmp / rel
                    path.parent.mkdir(parents=True, exist_ok=True)
                    writer(path, files[rel], moment)
                for sub in sorted({(tmp / rel).parent for rel in files}, reverse=True):
                    fsync_dir(sub)
                if mode is not None:
                    os.chmod(tmp, mode)
                _swap(tmp, target)
            except BaseException:
                _remove(tmp)
                raise
        except OSError as exc:
            raise _failed(target, exc) from None
    return target


def _swap(new: Path, target: Path) -> None:
    if not os.path.lexists(target):
        os.rename(new, target)
        fsync_dir(target.parent)
        return
    old = _sibling(target, PREVIOUS)
    os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(old, target)
        raise
    fsync_dir(target.parent)
    _remove(old)
