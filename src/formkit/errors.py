"""The one base of every error formkit raises on purpose.

A script that drives formkit catches ``FormkitError`` and knows it has a message written
for a preparer, never a bug; anything else escaping the API is a bug. Each subclass keeps
the builtin base it had (``ValueError``, ``LookupError``, ...) so older ``except`` clauses
still work, and says with ``exit_code`` what the command returns for it:
1 findings (the input was read and found wanting), 2 unusable input, usage or installation.

This module sits below every layer (case, analysis, forms, checks, packet, pdf): it
imports nothing from formkit.
"""

from __future__ import annotations

EXIT_FINDINGS = 1
EXIT_USAGE = 2


class FormkitError(Exception):
    """An error with a message for the preparer; ``exit_code`` is what the CLI returns."""

    exit_code: int = EXIT_USAGE

