"""The two ways the dated data can stop an analysis."""

from __future__ import annotations

from formkit.errors import FormkitError


class StandardsError(FormkitError):
    """A table, year, county or amount the analysis needs is not loaded.

    The message names what is missing (table, effective date, state and county, key) and
    how to supply it; formkit never falls back to another year or area silently.
    """


class StandardsDataError(StandardsError):
    """A standards data file is malformed: the message names the file and the key."""

    def __init__(self, source: str, key: str, message: str) -> None:
        self.source = source
        self.key = key
        super().__init__(f"{source}: {key or '/'}: {message}")
