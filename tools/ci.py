"""Whether this run is CI's, read one way for the tests and the maintainer tools.

``CI`` set to true in any spelling (``true``, ``TRUE``, ``True``, ``1``, ``yes``) is CI: there
a missing PDF, tool or optional extra fails instead of skipping, and golden files are never
rewritten. tests/test_ci.py checks that nothing else reads ``CI``.
"""

from __future__ import annotations

import os


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}
