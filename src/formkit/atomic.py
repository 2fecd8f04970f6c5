"""Write a file so that readers see the old content or the new one, never half of it.

Every file formkit writes outside a packet folder goes through here (filled PDFs, JSON
reports, imported standards, the compiled-template cache). The mechanism lives in
:mod:`formkit.files.atomic` (temp file beside the target, synced, renamed over it, under the
target's lock, leftovers of a killed writer removed); this is its short name for callers.
"""

from __future__ import annotations

from pathlib import Path

from formkit.files.atomic import write_file


def write_atomic(path: str | Path, data: bytes, *, sync: bool = True, wait: float | None = None) -> None:
    """Replace ``path`` by ``data`` atomically; OutputError (a FormkitError) when it cannot be.

    ``sync=False`` skips fsync (caches, whose loss costs only a recompile); ``wait`` seconds
    for another writer of the same path to finish instead of failing at once (caches too).
    """
    write_file(path, data, sync=sync, wait=wait)
