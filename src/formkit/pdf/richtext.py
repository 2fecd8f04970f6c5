"""Set lines of styled text on PDF pages in the standard fonts: letters and generated pages.

Text carries ``**bold**`` and ``__italic__`` (a backslash before ``**``, ``__`` or ``\\``
prints it as is), is measured with the Adobe metrics of ``core14``, wrapped greedily at
spaces (a word wider than the line is cut between characters) and set left, right,
centred or justified (the word spacing ``Tw`` of PDF 32000-1 9.3.3 stretches the spaces).

A ``Canvas`` is designed in millimetres from the top-left corner of a US Letter page, as a
letter is laid out; it writes the content streams and a ``SourceDoc`` the composer copies
(nothing embedded, WinAnsi codes, no PDF parser involved). Same calls, same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from formkit.pdf.flow import standard_font, standard_font_dictionary
from formkit.pdf.objects import Obj, Ref, split_refs, split_stream
from formkit.pdf.pages import SourceDoc, SourcePage
from formkit.pdf.syntax import literal, num

MM = 72 / 25.4
PAGE_W, PAGE_H = 215.9, 279.4  # US Letter in mm
Colour = tuple[int, int, int]

#: family -> (bold, italic) -> standard font
FACES: dict[str, dict[tuple[bool, bool], str]] = {
    "Times": {(False, False): "Times-Roman", (True, False): "Times-Bold", (False, True): "Times-Italic",
              (True, True): "Times-BoldItalic"},
    "Helvetica": {(False, False): "Helvetica", (True, False): "Helvetica-Bold", (False, True): "Helvetica-Oblique",
                  (True, True): "Helvetica-BoldOblique"},
}
#: resource name of each face, the same in every document
RESOURCES = {base: f"F{n}" for n, base in enumerate(
    [base for faces in FACES.values() for base in faces.values()], start=1)}


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of text in one face."""

    text: str
    bold: bool = False
    italic: bool = False


def spans(text: str, *, bold: bool = False, italic: bool = False) -> list[Span]:
    """``a **b** __c__`` -> spans; ``**`` and ``__`` toggle bold and italic from the given style."""
    out: list[Span] = []
    buf: list[str] = []
    i, n = 0, len(text)

    def flush() -> None:
        if buf:
            out.append(Span("".join(buf), bold, italic))
            buf.clear()

    while i < n:
        if text[i] == "\\" and i + 1 < n:
            if text.startswith(("**", "__"), i + 1):
                buf.append(text[i + 1:i + 3])
                i += 3
                continue
            if text[i + 1] == "\\":
                buf.append("\\")
                i += 2
                continue
        if text.startswith("**", i):
            flush()
            bold = not bold
            i += 2
            continue
        if text.startswith("__", i):
            flush()
            italic = not italic
            i += 2
            continue
        buf.append(text[i])
        i += 1
    flush()
    return out


def plain(text: str) -> str:
    """The characters ``text`` prints (markers removed, escapes resolved)."""
    return "".join(s.text for s in spans(text))


@dataclass(frozen=True, slots=True)
class Font:
    """A family at a size (points)."""

    family: str
    size: float

    def base(self, bold: bool, italic: bool) -> str:
        return FACES[self.family][(bold, italic)]

    def encode(self, text: str, bold: bool = False, italic: bool = False) -> bytes:
        """WinAnsi codes of ``text``; UnencodableCharacter for a character outside WinAnsi."""
        return standard_font(self.base(bold, italic)).encode(text)

    def width(self, data: bytes, bold: bool = False, italic: bool = False) -> float:
        """Width of encoded ``data`` in mm."""
        return standard_font(self.base(bold, italic)).width(data) * self.size / 1000 / MM


@dataclass(frozen=True, slots=True)
class Piece:
    """Encoded text in one face; ``space`` pieces are where a line may break."""

    data: bytes
    base: str
    width: float
    space: bool = False


@dataclass(frozen=True, slots=True)
class Line:
    pieces: tuple[Piece, ...]
    last: bool  # last line of its paragraph: never justified

    @property
    def width(self) -> float:
        return sum(p.width for p in self.pieces)

    @property
    def spaces(self) -> int:
        return sum(len(p.data) for p in self.pieces if p.space)


def _pieces(text: str, font: Font, bold: bool, italic: bool) -> list[Piece]:
    out: list[Piece] = []
    for span in spans(text, bold=bold, italic=italic):
        base = font.base(span.bold, span.italic)
        for n, word in enumerate(span.text.split(" ")):
            if n:
                data = font.encode(" ", span.bold, span.italic)
                out.append(Piece(data, base, font.width(data, span.bold, span.italic), space=True))
            if word:
                data = font.encode(word, span.bold, span.italic)
                out.append(Piece(data, base, font.width(data, span.bold, span.italic)))
    return out


def _words(pieces: list[Piece]) -> list[tuple[list[Piece], list[Piece]]]:
    """(spaces before, word pieces) groups: a word is the non-space pieces between spaces."""
    words: list[tuple[list[Piece], list[Piece]]] = []
    spaces: list[Piece] = []
    word: list[Piece] = []
    for piece in pieces:
        if piece.space:
            if word:
                words.append((spaces, word))
                spaces, word = [], []
            spaces.append(piece)
        else:
            word.append(piece)
    if word or spaces:
        words.append((spaces, word))
    return words


def _cut(word: list[Piece], width: float, font: Font) -> list[list[Piece]]:
    """A word wider than ``width`` in slices that fit (at least one character each)."""
    chars = [(p, p.data[i:i + 1]) for p in word for i in range(len(p.data))]
    slices: list[list[Piece]] = []
    current: list[tuple[Piece, bytes]] = []
    used = 0.0
    for piece, char in chars:
        w = standard_font(piece.base).width(char) * font.size / 1000 / MM
        if current and used + w > width:
            slices.append(_merge(current, font))
            current, used = [], 0.0
        current.append((piece, char))
        used += w
    if current:
        slices.append(_merge(current, font))
    return slices


def _merge(chars: list[tuple[Piece, bytes]], font: Font) -> list[Piece]:
    out: list[Piece] = []
    for piece, char in chars:
        w = standard_font(piece.base).width(char) * font.size / 1000 / MM
        if out and out[-1].base == piece.base:
            last = out[-1]
            out[-1] = Piece(last.data + char, last.base, last.width + w)
        else:
            out.append(Piece(char, piece.base, w))
    return out


def wrap(text: str, font: Font, width: float, *, bold: bool = False, italic: bool = False) -> list[Line]:
    """``text`` (one paragraph, inline markup) in lines no wider than ``width`` mm; at least one line.
    Spaces at a break are dropped, as a typesetter does."""
    lines: list[Line] = []
    current: list[Piece] = []
    used = 0.0
    for spaces, word in _words(_pieces(text, font, bold, italic)):
        word_w = sum(p.width for p in word)
        if current and used + sum(p.width for p in spaces) + word_w > width:
            lines.append(Line(tuple(current), last=False))
            current, used = [], 0.0
        if not current and lines:
            spaces = []  # no space at the start of a continued line
        if word_w > width:
            slices = _cut(word, width, font)
            for cut in slices[:-1]:
                lines.append(Line((*current, *spaces, *cut), last=False))
                current, spaces, used = [], [], 0.0
            word = slices[-1]
            word_w = sum(p.width for p in word)
        current += [*spaces, *word]
        used += sum(p.width for p in spaces) + word_w
    lines.append(Line(tuple(current), last=True))
    return lines


@dataclass
class Canvas:
    """Pages being drawn; coordinates in mm from the top-left corner."""

    pages: list[list[bytes]] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    def add_page(self) -> int:
        self.pages.append([])
        return len(self.pages)

    def _ops(self, page: int | None) -> list[bytes]:
        return self.pages[-1 if page is None else page - 1]

    def line(self, line: Line, x: float, top: float, height: float, size: float, *, width: float,
             align: str = "L", colour: Colour = (0, 0, 0), page: int | None = None) -> None:
        """Set ``line`` in a cell ``width`` x ``height`` at (x, top): baseline as fpdf2 places it
        (mid-cell plus 0.3 of the font size); ``align`` L, R, C or J (J: not the last line)."""
        if not line.pieces:
            return
        natural = line.width
        tw = 0.0
        if align == "R":
            x += width - natural
        elif align == "C":
            x += (width - natural) / 2
        elif align == "J" and not line.last and line.spaces:
            tw = (width - natural) / line.spaces * MM
        baseline = top + height / 2 + 0.3 * size / MM
        ops = [b"BT\n", _rgb(colour, b"rg"), b"1 0 0 1 " + _n(x * MM) + b" " + _n((PAGE_H - baseline) * MM) + b" Tm\n"]
        if tw:
            ops.append(num(tw) + b" Tw\n")
        runs: list[tuple[str, bytes]] = []
        for piece in line.pieces:
            if runs and runs[-1][0] == piece.base:
                runs[-1] = (piece.base, runs[-1][1] + piece.data)
            else:
                runs.append((piece.base, piece.data))
        for base, data in runs:
            self.used.add(base)
            ops.append(b"/" + RESOURCES[base].encode() + b" " + num(size) + b" Tf " + literal(data) + b" Tj\n")
        if tw:
            ops.append(b"0 Tw\n")
        ops.append(b"ET\n")
        self._ops(page).append(b"".join(ops))

    def rule(self, x0: float, x1: float, y: float, *, colour: Colour, width: float, page: int | None = None) -> None:
        """A horizontal line ``width`` mm thick."""
        yy = _n((PAGE_H - y) * MM)
        self._ops(page).append(_rgb(colour, b"RG") + _n(width * MM) + b" w " + _n(x0 * MM) + b" " + yy + b" m "
                               + _n(x1 * MM) + b" " + yy + b" l S\n")

    def dot(self, cx: float, cy: float, r: float, *, colour: Colour) -> None:
        """A filled circle (four Bezier arcs)."""
        x, y, k = cx * MM, (PAGE_H - cy) * MM, r * MM
        c = k * 0.5523
        path = [b"%s %s m" % (_n(x + k), _n(y)),
                b"%s %s %s %s %s %s c" % (_n(x + k), _n(y + c), _n(x + c), _n(y + k), _n(x), _n(y + k)),
                b"%s %s %s %s %s %s c" % (_n(x - c), _n(y + k), _n(x - k), _n(y + c), _n(x - k), _n(y)),
                b"%s %s %s %s %s %s c" % (_n(x - k), _n(y - c), _n(x - c), _n(y - k), _n(x), _n(y - k)),
                b"%s %s %s %s %s %s c" % (_n(x + c), _n(y - k), _n(x + k), _n(y - c), _n(x + k), _n(y))]
        self._ops(None).append(_rgb(colour, b"rg") + b" ".join(path) + b" f\n")

    def document(self) -> SourceDoc:
        """The pages as a document the composer copies: one font object per face used."""
        objects: dict[Ref, Obj] = {}
        bases = sorted(self.used, key=lambda b: int(RESOURCES[b][1:]))
        font_refs: dict[str, Ref] = {}
        for n, base in enumerate(bases, start=1):
            font_refs[base] = (n, 0)
            objects[(n, 0)] = split_refs(standard_font_dictionary(base))
        fonts = b"".join(b"/" + RESOURCES[b].encode() + b" %d 0 R" % font_refs[b][0] for b in bases)
        resources = split_refs(b"/Font<<" + fonts + b">>" if fonts else b"")
        media = split_refs(b"/MediaBox[0 0 612 792]")
        pages: list[SourcePage] = []
        number = len(bases) + 1
        for ops in self.pages:
            content: Ref = (number, 0)
            objects[content] = split_stream(b"", b"".join(ops))
            pages.append(SourcePage((number + 1, 0), media, resources, split_refs(b""), (content,), (), ()))
            number += 2
        return SourceDoc(objects, tuple(pages), {})


def _n(value: float) -> bytes:
    return num(round(value, 2))


def _rgb(colour: Colour, op: bytes) -> bytes:
    return b" ".join(_n(c / 255) for c in colour) + b" " + op + b"\n"


def text_width(text: str, font: Font, *, bold: bool = False, italic: bool = False) -> float:
    """Width in mm of one line of ``text`` (inline markup) in ``font``."""
    return sum(p.width for p in _pieces(text, font, bold, italic))
