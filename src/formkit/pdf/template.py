"""Compile an official PDF form once into everything a fill needs, cached by sha256.

Parsing a 400-field IRS form with pypdf takes a few hundred milliseconds; a fill should
take a few. So a template is compiled once (``compiler``), kept per process, and stored
on disk (``cache``) so that a fresh process loads it in milliseconds without pypdf.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from formkit.pdf import cache as disk
from formkit.pdf.model import CompiledTemplate

#: How many compiled templates a process keeps (the supported forms are a dozen).
CACHE_SIZE = 32

_cache: OrderedDict[str, CompiledTemplate] = OrderedDict()
_cache_lock = threading.Lock()


def compile_template(pdf_bytes: bytes) -> CompiledTemplate:
    """Compile (or fetch from the process or disk cache) the template for ``pdf_bytes``."""
    digest = hashlib.sha256(pdf_bytes).hexdigest()
    with _cache_lock:
        hit = _cache.get(digest)
        if hit is not None:
            _cache.move_to_end(digest)
            return hit
    data = bytes(pdf_bytes)
    compiled = disk.load(digest, data)
    if compiled is None:
        from formkit.pdf.compiler import compile_pdf

        compiled = compile_pdf(data, digest)
        disk.store(compiled)
    with _cache_lock:
        _cache[digest] = compiled
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return compiled


def clear_cache() -> None:
    """Forget every compiled template of this process (the disk cache stays)."""
    with _cache_lock:
        _cache.clear()
