"""Parse a /DA (default appearance) string into font name, size and colour operator.

Generated appearances must use the form's own font and colour (the IRS forms fill in
navy ``0 0 0.502 rg`` bold), so both come from the field's /DA, not from our taste.
"""

from __future__ import annotations

from dataclasses import dataclass

from formkit.pdf.syntax import num

_COLOUR_OPERANDS = {"g": 1, "rg": 3, "k": 4}


@dataclass(frozen=True, slots=True)
class DefaultAppearance:
    """``font_size`` 0 means auto-size; ``colour`` is e.g. ``b"0 0 0.502 rg"`` or empty."""

    font_name: str
    font_size: float
    colour: bytes


def _is_number(token: str) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


def parse_da(da: str) -> DefaultAppearance | None:
    """The last ``/Font size Tf`` and last colour operator in ``da``; None without Tf.

    Adobe Designer writes some /DA strings twice (``/ZaDb 5.6 Tf 0 g /ZaDb 5.6 Tf 0 g``);
    like a content stream, the last setting wins.
    """
    tokens = da.split()
    font: tuple[str, float] | None = None
    colour = b""
    for i, token in enumerate(tokens):
        if token == "Tf" and i >= 2 and tokens[i - 2].startswith("/") and _is_number(tokens[i - 1]):
            font = (tokens[i - 2][1:], abs(float(tokens[i - 1])))
        elif token in _COLOUR_OPERANDS:
            n = _COLOUR_OPERANDS[token]
            operands = tokens[i - n : i] if i >= n else []
            if len(operands) == n and all(_is_number(t) for t in operands):
                colour = b" ".join(num(float(t)) for t in operands) + b" " + token.encode()
    if font is None:
        return None
    return DefaultAppearance(font[0], font[1], colour)
