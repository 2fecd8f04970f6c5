"""Write a file so that readers see the old content or the new one, never half of it.

Every file formkit writes outside a packet folder goes through here (filled PDFs, JSON
reports, imported standards, the compiled-template cache): a temporary file beside the
target, synced, then renamed over it. Concurrent writers of the same path each rename a
complete file; the last one wins.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, data: bytes, *, sync: bool = True) -> None:
    """Replace ``path`` by ``data`` atomically (``sync=False`` skips fsync, for caches)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
