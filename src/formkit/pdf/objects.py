"""Relocatable PDF objects: serialized bytes that can be renumbered without parsing again.

A packet copies the objects of many documents into one file, so every object number must
change. An ``Obj`` keeps its serialized body split around its indirect references; writing
it under a new numbering is a join. Objects come from pypdf at compile/import time
(``serialize.relocatable``) or from our own bytes (``split_refs``, a small lexer that skips
strings and comments, so ``(see 1 0 R)`` inside a string is never mistaken for a reference).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

Ref = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Obj:
    """One object body, split at its references: ``parts[0] ref0 parts[1] ref1 ... parts[-1]``.

    For a stream, ``parts`` hold the dictionary entries without /Length and without the
    enclosing ``<<`` ``>>``, and ``stream`` the raw (still encoded) data.
    """

    parts: tuple[bytes, ...]
    refs: tuple[Ref, ...] = ()
    stream: bytes | None = None

    def render(self, number: Callable[[Ref], int | None]) -> bytes:
        """The body with every reference renumbered (``null`` where ``number`` gives None)."""
        parts = self.parts
        if not self.refs:
            body = parts[0]
        else:
            out = [parts[0]]
            for i, r in enumerate(self.refs):
                n = number(r)
                out.append(b"%d 0 R" % n if n is not None else b"null")
                out.append(parts[i + 1])
            body = b"".join(out)
        if self.stream is None:
            return body
        return b"<<" + body + b"/Length %d>>\nstream\n" % len(self.stream) + self.stream + b"\nendstream"


_WS = rb"[\x00\t\n\x0c\r ]"
#: A reference, or the start of something inside which references cannot occur.
_SCAN = re.compile(
    rb"(?<![^\x00\t\n\x0c\r ()<>\[\]{}%])(\d+)" + _WS + rb"+(\d+)" + _WS + rb"+R(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])"
    rb"|(\()|((?<!<)<(?!<))|(%)"
)
_HEX_END = re.compile(rb">")
_EOL = re.compile(rb"[\r\n]")


def _skip_literal(data: bytes, pos: int) -> int:
    """Index after the literal string starting at ``data[pos] == "("`` (balanced parentheses)."""
    depth = 0
    i = pos
    n = len(data)
    while i < n:
        c = data[i]
        if c == 0x5C:  # backslash escapes the next byte
            i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unterminated string in PDF object")


def split_refs(body: bytes) -> Obj:
    """A non-stream object body (``<<...>>``, ``[...]``, ...) as an ``Obj``."""
    parts: list[bytes] = []
    refs: list[Ref] = []
    start = 0
    pos = 0
    while True:
        match = _SCAN.search(body, pos)
        if match is None:
            break
        if match.group(1) is not None:
            parts.append(body[start:match.start()])
            refs.append((int(match.group(1)), int(match.group(2))))
            start = pos = match.end()
        elif match.group(3) is not None:
            pos = _skip_literal(body, match.start())
        elif match.group(4) is not None:
            end = _HEX_END.search(body, match.end())
            if end is None:
                raise ValueError("unterminated hex string in PDF object")
            pos = end.end()
        else:
            eol = _EOL.search(body, match.end())
            pos = eol.end() if eol is not None else len(body)
    parts.append(body[start:])
    return Obj(tuple(parts), tuple(refs))


def split_stream(dict_entries: bytes, data: bytes) -> Obj:
    """A stream from its dictionary entries (no ``<<``/``>>``, no /Length) and raw data."""
    plain = split_refs(dict_entries)
    return Obj(plain.parts, plain.refs, data)
