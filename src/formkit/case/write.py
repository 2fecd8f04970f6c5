"""Write case data back to JSON without turning the preparer's numbers into strings.

A case is read with money as Decimal (never float). The standard JSON encoder cannot
print a Decimal as a number, so each Decimal goes out as a marked string and the mark is
replaced by the number's own digits: ``9870.0`` stays ``9870.0``. Keys keep their order,
so a tool that edits a case (the transcript import) changes only what it means to.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

_MARK = "\u0000formkit-decimal:"
_MARKED = re.compile(r'"\\u0000formkit-decimal:(-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)"')


def _mark(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{_MARK}{value}"
    if isinstance(value, dict):
        return {k: _mark(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_mark(v) for v in value]
    return value


def dumps_case(data: Any) -> bytes:
    """The case as UTF-8 JSON (two-space indent, trailing newline), Decimals as JSON numbers."""
    text = json.dumps(_mark(data), indent=2, ensure_ascii=False)
    return (_MARKED.sub(lambda m: m.group(1), text) + "\n").encode("utf-8")
