"""The boundary tests run on the shipped standards only, never the developer's imported tables."""

from __future__ import annotations

from tests.analysis.conftest import isolated_user_data

__all__ = ["isolated_user_data"]
