"""Where an output may go: a new path, or what formkit may replace. Checked before anything is written.

The rule (docs/files.md): an output file is a new path or an existing regular file; an
output folder is a new path or an existing folder. A device, FIFO, socket, or a folder
where a file is wanted (and the reverse) is a usage error. A symbolic link as the output
itself is refused rather than followed or replaced: formkit never writes through a link it
did not make, and never turns a link into a file. Links in the folders above are fine.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from formkit.errors import FormkitError
from formkit.files.read import kind_of


class OutputError(FormkitError):
    """The output cannot be written where asked: exit 2, one line, nothing written."""


def _existing(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return None  # a parent is a file: reported by _check_parents
    except OSError as exc:
        raise OutputError(f"{path}: cannot use this output path ({exc.strerror or exc})") from None


def _check_parents(path: Path) -> None:
    """The nearest existing folder above ``path`` must be a folder, not a file."""
    for parent in path.parents:
        try:
            info = os.stat(parent)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise OutputError(f"{path}: cannot use this output path ({exc.strerror or exc})") from None
        if not stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{path}: {parent} is a file, not a folder; choose an output path in a folder")
        return


def _refuse_link(path: Path, wanted: str) -> None:
    raise OutputError(f"{path}: is a symbolic link (to {os.readlink(path)}); formkit does not write through or "
                      f"replace links: give the {wanted} path itself")


def check_file_output(path: str | Path) -> Path:
    """``path`` as an output file: new, or a regular file formkit may replace; else OutputError."""
    if not str(path).strip():
        raise OutputError("the output path is empty; give a file name such as out/656.pdf")
    target = Path(path)
    info = _existing(target)
    if info is None:
        _check_parents(target)
        return target
    if stat.S_ISLNK(info.st_mode):
        _refuse_link(target, "file")
    kind = kind_of(info.st_mode)
    if kind is not None:
        raise OutputError(f"{target}: is {kind}; the output must be a new path or a regular file")
    return target


def check_folder_output(path: str | Path) -> Path:
    """``path`` as an output folder: new, or an existing folder (whose contents the caller checks)."""
    if not str(path).strip():
        raise OutputError("the output folder is empty; give a folder name such as out/packet")
    target = Path(path)
    info = _existing(target)
    if info is None:
        _check_parents(target)
        return target
    if stat.S_ISLNK(info.st_mode):
        _refuse_link(target, "folder")
    if not stat.S_ISDIR(info.st_mode):
        kind = kind_of(info.st_mode) or "a file"
        raise OutputError(f"{target}: is {kind}, not a folder; choose a new output folder")
    return target
