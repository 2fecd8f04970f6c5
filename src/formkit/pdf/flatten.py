"""Flatten a filled PDF for printing: draw each widget's appearance into the page.

The print copy must show exactly what the filled form shows, with no form left that a
viewer could re-render (or an XFA engine replace). A form formkit filled itself is
flattened from its compiled template (``FilledForm.flattened``, no parsing); this is the
path for any other PDF: it is taken apart with pypdf once and composed again, widgets
drawn and dropped with the AcroForm and the structure tree. Deterministic: no clock.
"""

from __future__ import annotations

from formkit.pdf.compose import Part, compose
from formkit.pdf.importer import import_pdf


def flatten(filled_bytes: bytes) -> bytes:
    """A print copy of a filled PDF: field appearances drawn into the pages, no form."""
    return compose([Part(import_pdf(filled_bytes))])[0]
