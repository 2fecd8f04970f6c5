"""Open a PDF formkit did not make (an attachment, a PDF given to ``check``) with limits.

A PDF from a firm's inbox can be damaged, encrypted, or built to exhaust a reader: a few
hundred kilobytes that inflate to gigabytes, thousands of pages, millions of objects,
thousands of incremental updates. Everything formkit does with such a file runs inside
:func:`limits` (pypdf's own ceilings, lowered), after :func:`inspect` has refused what is
not a whole, readable, unencrypted PDF of sensible size, with one line that says why.

Damage that pypdf would silently repair matters here: a filled form cut off in its last
incremental update still opens, as the blank form it started from. So bytes after the last
``%%EOF`` marker (an unfinished save) or no marker at all (a file cut short) are damage.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator

from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError, PyPdfError

from formkit.errors import FormkitError

MAX_PAGES = 2_000              # a year of bank statements is a few hundred pages
MAX_OBJECTS = 500_000          # an IRS form has a few thousand
MAX_UPDATES = 1_000            # incremental updates (%%EOF markers); a form filled by formkit has one more
MAX_STREAM_BYTES = 32 * 1024 * 1024   # one decompressed stream: a full-page 300 dpi colour scan is about 25 MB
_WHITESPACE = b" \t\r\n\x00\x0c"

# what pypdf raises on damaged files besides its own errors (it parses with Python's builtins)
READ_ERRORS = (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError,
               AssertionError, ZeroDivisionError, OverflowError, MemoryError)


class UntrustedPdfError(FormkitError, ValueError):
    """The PDF cannot be used: ``reason`` says why in one line (the caller names the file)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@contextlib.contextmanager
def limits() -> Iterator[None]:
    """pypdf's resource ceilings for untrusted input, for the duration of the block."""
    with apply_configuration(
        maximum_declared_stream_length=MAX_STREAM_BYTES, array_based_stream_maximum_output_length=MAX_STREAM_BYTES,
        zlib_maximum_output_length=MAX_STREAM_BYTES, lzw_maximum_output_length=MAX_STREAM_BYTES,
        run_length_maximum_output_length=MAX_STREAM_BYTES, brotli_maximum_output_length=MAX_STREAM_BYTES,
        jbig2_maximum_output_length=MAX_STREAM_BYTES, image_maximum_buffer_size=MAX_STREAM_BYTES,
        stream_decoding_work_maximum_length=4 * MAX_STREAM_BYTES, page_tree_maximum_entries=4 * MAX_PAGES,
        page_tree_maximum_page_entries=20 * MAX_PAGES, jbig2dec_binary=None,
    ):
        yield


def damage(data: bytes) -> str | None:
    """Why ``data`` is not a whole PDF judged by its bytes alone (None: nothing seen)."""
    if b"%PDF-" not in data[:1024]:
        return "not a PDF file"
    last = data.rfind(b"%%EOF")
    if last < 0:
        return "damaged: the file was cut short (no %%EOF end marker)"
    tail = b"".join(line for line in data[last + 5:].splitlines() if not line.lstrip(_WHITESPACE).startswith(b"%"))
    tail = tail.strip(_WHITESPACE)  # whitespace and comment lines after the marker are harmless
    if tail:
        return (f"damaged: {len(tail):,} bytes follow the last %%EOF end marker (an unfinished save, or a file "
                "cut short)")
    updates = data.count(b"%%EOF")
    if updates > MAX_UPDATES:
        return f"has {updates:,} incremental updates (at most {MAX_UPDATES:,}); save a fresh copy (print to PDF)"
    return None


def inspect(data: bytes) -> PdfReader:
    """A reader of ``data`` after the checks every untrusted PDF passes; call inside :func:`limits`.

    Raises UntrustedPdfError: not a PDF, damaged, encrypted, too many pages or objects, or a
    page that cannot be read (every page's contents are decoded, within the stream limit).
    """
    reason = damage(data)
    if reason is not None:
        raise UntrustedPdfError(reason)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UntrustedPdfError("is encrypted (password-protected); save an unencrypted copy (for example with "
                                    "'qpdf --decrypt IN OUT', or print it to PDF) and use that")
        size = reader.trailer.get("/Size")
        if isinstance(size, int) and size > MAX_OBJECTS:
            raise UntrustedPdfError(f"has {size:,} objects (at most {MAX_OBJECTS:,})")
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise UntrustedPdfError(f"has {count:,} pages (at most {MAX_PAGES:,}); split it into smaller files")
        if count == 0:
            raise UntrustedPdfError("has no pages")
        for page in reader.pages:  # every page: a broken page tree or stream fails here, not in the packet
            page.mediabox  # noqa: B018
            page.get_contents()
    except UntrustedPdfError:
        raise
    except LimitReachedError:
        raise UntrustedPdfError(f"a stream inflates past {MAX_STREAM_BYTES // (1024 * 1024)} MB (a decompression "
                                "bomb or a damaged file)") from None
    except READ_ERRORS as exc:
        raise UntrustedPdfError(f"not a readable PDF (damaged: {_short(exc)})") from None
    return reader


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__
