"""Cover letters and generated pages: Jinja2 templates -> letter markup -> typeset PDF.

Templates run in Jinja2's immutable sandbox with ``StrictUndefined``: a missing value is
an error naming the template line, never a blank in a letter that goes to the IRS. The
context holds plain strings, lists and dicts only (no case objects, no full SSN).

A template renders *letter markup*: sections introduced by a line ``::name``, each
typeset its own way::

    ::header      running header of pages 2+ (one line)
    ::letterhead  centred; the first line large and bold, then a rule
    ::date        ::delivery  ::to  ::closing     one output line per input line
    ::re          the subject block, bold, after a "Re:" label
    ::title       a centred heading
    ::body        paragraphs (blank line between them); "- " bullets, "1. " numbered items;
                  **bold** and __italic__ inline
    ::table       rows "label | amount", right-aligned amounts; "---" draws a rule
    ::enclosures  a heading line, then "- " items

Values a template prints are escaped (``**``, ``__``, backslashes, a ``::name`` line), so
case data cannot change the layout. Text is set in the PDF core fonts (Times, Helvetica)
by ``formkit.pdf.richtext``: nothing is embedded, the output depends on no font file of the
machine, and the same input gives the same bytes (creation date passed in, file id derived
from the content). The pages go into a packet as typeset, without being parsed back.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from formkit._data import data_dir
from formkit._version import __version__
from formkit.errors import FormkitError
from formkit.files.read import InputFileError, read_limited
from formkit.packet.merge import pdf_date
from formkit.pdf.compose import Part, compose
from formkit.pdf.fonts import UnencodableCharacter
from formkit.pdf.pages import SourceDoc
from formkit.pdf.richtext import PAGE_H, PAGE_W, Canvas, Colour, Font, Line, text_width, wrap
from formkit.redact import redact_text

LETTERS_DIR = "letters"
_DIRECTIVE = re.compile(r"^::([a-z]+)\s*$")
SECTIONS = frozenset({"header", "letterhead", "date", "delivery", "to", "re", "title", "body", "table",
                      "closing", "enclosures", "cc"})
# page geometry (mm): US Letter, one-inch side margins
MARGIN_L = MARGIN_R = 25.4
MARGIN_TOP = 19.0
MARGIN_BOTTOM = 22.0
TEXT_W = PAGE_W - MARGIN_L - MARGIN_R
SERIF, SANS = "Times", "Helvetica"
BODY_PT = 11.0
LEADING = 5.3            # mm per body line (about 1.36 x 11 pt)
PARA_GAP = 2.6
INDENT = 6.0             # list hanging indent
RE_INDENT = 14.0
INK = (20, 20, 20)
GREY = (95, 95, 95)
RULE = (150, 150, 150)

_TYPOGRAPHY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2026": "...", "\u2022": "\u00b7", "\u00a0": " ",
    "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200b": "", "\u2010": "-", "\u2011": "-",
    # Latin letters that Unicode does not decompose into a base letter and an accent
    "\u0110": "D", "\u0111": "d", "\u0141": "L", "\u0142": "l", "\u0152": "OE", "\u0153": "oe",
    "\u0126": "H", "\u0127": "h", "\u0131": "i", "\u0166": "T", "\u0167": "t",
})


class LetterError(FormkitError, ValueError):
    """A template could not be rendered or typeset; the message names the template and line."""


# --- values and filters ---------------------------------------------------------------------------

def money(value: Decimal | int | str) -> str:
    """``Decimal('11500')`` -> ``$11,500.00`` (cents always shown, half-up)."""
    amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def long_date(value: date) -> str:
    """``date(2026, 11, 2)`` -> ``November 2, 2026``."""
    return f"{value:%B} {value.day}, {value.year}"


def join_and(items: Sequence[str], conjunction: str = "and") -> str:
    """``['a', 'b', 'c']`` -> ``a, b and c``."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def to_latin1(text: str) -> str:
    """Typographic punctuation to its plain form; letters outside Latin-1 lose their accents
    (``Nguyễn`` -> ``Nguyen``); anything else is an error naming the character."""
    text = text.translate(_TYPOGRAPHY)
    try:
        text.encode("latin-1")
        return text
    except UnicodeEncodeError:
        pass
    out: list[str] = []
    for ch in text:
        if ord(ch) < 256:
            out.append(ch)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        try:
            base.encode("latin-1")
        except UnicodeEncodeError:
            raise LetterError(f"character {ch!r} (U+{ord(ch):04X}) cannot be set in the letter fonts; "
                              "write it in Latin letters") from None
        out.append(base)
    return "".join(out)


def escape_value(value: Any) -> str:
    """What ``{{ value }}`` prints: a string with any TIN masked and markup characters escaped. None is an error."""
    if value is None:
        raise LetterError("a value the template prints is empty (None); guard it with {% if ... %}")
    if isinstance(value, bool):
        raise LetterError(f"a value the template prints is a yes/no flag ({value}); use it in {{% if %}}")
    text = redact_text(str(value))  # free text (source of funds, hardship statement) may hold a TIN: mask it
    text = text.replace("\\", "\\\\").replace("**", "\\**").replace("__", "\\__")
    return "\n".join("\\" + line if _DIRECTIVE.match(line) else line for line in text.split("\n"))


# --- the template environment ---------------------------------------------------------------------

def template_dirs(templates_dir: Path | None) -> list[Path]:
    """Where templates are looked up: the firm's folder (and its ``letters/``) first, then formkit's."""
    dirs: list[Path] = []
    if templates_dir is not None:
        dirs += [templates_dir / LETTERS_DIR, templates_dir]
    dirs.append(data_dir("templates") / LETTERS_DIR)
    return dirs


MAX_TEMPLATE_BYTES = 1024 * 1024


class _BoundedLoader(jinja2.FileSystemLoader):
    """Jinja's folder loader, but a template is read as a regular file of bounded size."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            filename = os.path.join(folder, *pieces)
            if os.path.isfile(filename):
                break
        else:
            raise jinja2.TemplateNotFound(template)
        try:
            data = read_limited(filename, MAX_TEMPLATE_BYTES, what="template")
            text = data.decode(self.encoding)
        except InputFileError as exc:
            raise LetterError(str(exc)) from None
        except UnicodeDecodeError as exc:
            raise LetterError(f"{filename}: not UTF-8 text (byte {exc.start})") from None
        mtime = os.path.getmtime(filename)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return text, os.path.normpath(filename), uptodate


@cache
def environment(templates_dir: Path | None = None) -> jinja2.Environment:
    """One sandboxed environment per templates folder and process: templates compile once
    (Jinja re-reads a template whose file changed)."""
    env = ImmutableSandboxedEnvironment(
        loader=_BoundedLoader([str(d) for d in template_dirs(templates_dir)]),
        undefined=jinja2.StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, finalize=escape_value,
    )
    env.filters.update({"money": money, "long_date": long_date, "join_and": join_and})
    return env


def _template_line(exc: BaseException, template_name: str) -> int | None:
    """The template line a runtime error happened on (Jinja maps its frames to template lines)."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(template_name) or filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render_markup(template_name: str, context: Mapping[str, Any], templates_dir: Path | None = None) -> str:
    """Render a template to letter markup; every failure is a LetterError naming the template line."""
    env = environment(templates_dir)
    try:
        template = env.get_template(template_name)
        return template.render(**context)
    except jinja2.TemplateNotFound as exc:
        searched = ", ".join(str(d) for d in template_dirs(templates_dir))
        raise LetterError(f"template {exc.name!r} not found (searched {searched})") from None
    except jinja2.TemplateSyntaxError as exc:
        raise LetterError(f"{exc.filename or exc.name or template_name}: line {exc.lineno}: "
                          f"template syntax error: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        line = _template_line(exc, template_name)
        where = f"line {line}: " if line else ""
        raise LetterError(f"{template_name}: {where}missing value: {exc.message}") from None
    except jinja2.exceptions.SecurityError as exc:
        raise LetterError(f"{template_name}: not allowed in a template: {exc}") from None
    except LetterError as exc:
        line = _template_line(exc, template_name)
        where = f"line {line}: " if line else ""
        raise LetterError(f"{template_name}: {where}{exc}") from None
    except jinja2.TemplateError as exc:
        raise LetterError(f"{template_name}: {exc}") from None
    except (TypeError, ValueError, ArithmeticError, LookupError) as exc:
        line = _template_line(exc, template_name)
        where = f"line {line}: " if line else ""
        raise LetterError(f"{template_name}: {where}{type(exc).__name__}: {exc}") from None


# --- markup --------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Section:
    name: str
    lines: tuple[str, ...]


def parse_markup(markup: str, source: str = "letter") -> list[Section]:
    sections: list[Section] = []
    name: str | None = None
    lines: list[str] = []
    for number, raw in enumerate(markup.splitlines(), start=1):
        line = raw.rstrip()
        match = _DIRECTIVE.match(line)
        if match:
            if name is not None:
                sections.append(Section(name, tuple(lines)))
            name, lines = match.group(1), []
            if name not in SECTIONS:
                raise LetterError(f"{source}: line {number}: unknown section ::{name} "
                                  f"(known: {', '.join(sorted(SECTIONS))})")
            continue
        if line.startswith("\\::"):
            line = line[1:]
        if name is None:
            if line.strip():
                raise LetterError(f"{source}: line {number}: text before the first ::section line")
            continue
        lines.append(line)
    if name is not None:
        sections.append(Section(name, tuple(lines)))
    return [Section(s.name, _trim(s.lines)) for s in sections]


def _trim(lines: tuple[str, ...]) -> tuple[str, ...]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


_ITEM = re.compile(r"^(\s*)(- |\d+\. )(.*)$")


def blocks(lines: Sequence[str]) -> list[tuple[str, str]]:
    """Flow text -> [(marker, text)]: marker '' for a paragraph, '- ' or 'N. ' for a list item.
    Consecutive lines join into one paragraph (or continue the item above)."""
    out: list[tuple[str, str]] = []
    current: list[str] | None = None
    for line in lines:
        if not line.strip():
            current = None
            continue
        item = _ITEM.match(line)
        if item:
            out.append((item.group(2), item.group(3).strip()))
            current = [item.group(3).strip()]
            continue
        if current is None:
            out.append(("", line.strip()))
            current = [line.strip()]
        else:
            marker, text = out[-1]
            out[-1] = (marker, f"{text} {line.strip()}")
    return out


# --- typesetting -----------------------------------------------------------------------------------

class _Setter:
    """A cursor over the pages being drawn: the y position, breaks to a new page when a line
    does not fit above the bottom margin, and the running header of pages 2+."""

    def __init__(self, header: str) -> None:
        self.canvas = Canvas()
        self.header = header
        self.y = 0.0
        self.add_page()

    def add_page(self) -> None:
        self.y = MARGIN_TOP if self.canvas.add_page() == 1 else MARGIN_TOP + 5

    def fits(self, height: float) -> None:
        """Start a new page unless ``height`` more millimetres fit on this one."""
        if self.y + height > PAGE_H - MARGIN_BOTTOM:
            self.add_page()

    def ln(self, height: float) -> None:
        self.y += height

    def text(self, text: str, *, leading: float = LEADING, x: float = MARGIN_L, width: float = TEXT_W,
             family: str = SERIF, size: float = BODY_PT, bold: bool = False, align: str = "L",
             colour: Colour = INK) -> None:
        """A paragraph (inline markup) wrapped to ``width``, one line per ``leading`` mm."""
        for line in wrap(to_latin1(text), Font(family, size), width, bold=bold):
            if self.y + leading > PAGE_H - MARGIN_BOTTOM:
                self.add_page()
            self.canvas.line(line, x, self.y, leading, size, width=width, align=align, colour=colour)
            self.y += leading

    def cell(self, text: str, *, x: float, width: float, height: float = LEADING, family: str = SERIF,
             size: float = BODY_PT, bold: bool = False, align: str = "L", colour: Colour = INK,
             y: float | None = None, page: int | None = None) -> None:
        """One line of text in a box at (x, y) (default: the cursor); the cursor does not move."""
        line = Line(wrap(to_latin1(text), Font(family, size), 1e9, bold=bold)[0].pieces, last=True)
        self.canvas.line(line, x, self.y if y is None else y, height, size, width=width, align=align,
                         colour=colour, page=page)

    def rule(self, colour: Colour = RULE, width: float = 0.25) -> None:
        self.canvas.rule(MARGIN_L, PAGE_W - MARGIN_R, self.y, colour=colour, width=width)

    def finish(self) -> SourceDoc:
        """Draw the running header on pages 2+ (now that the page count is known)."""
        total = len(self.canvas.pages)
        for page in range(2, total + 1):
            size = 8.0
            while size > 5 and text_width(self.header, Font(SANS, size)) > TEXT_W * 0.75 - 2:
                size -= 0.5  # a long header shrinks rather than run into the page number
            self.cell(self.header, x=MARGIN_L, width=TEXT_W * 0.75, height=4, family=SANS, size=size,
                      colour=GREY, y=11, page=page)
            self.cell(f"Page {page} of {total}", x=MARGIN_L + TEXT_W * 0.75, width=TEXT_W * 0.25, height=4,
                      family=SANS, size=8, align="R", colour=GREY, y=11, page=page)
            self.canvas.rule(MARGIN_L, PAGE_W - MARGIN_R, 16, colour=RULE, width=0.2, page=page)
        return self.canvas.document()


def _lines(out: _Setter, lines: Sequence[str], *, bold: bool = False, size: float = BODY_PT, family: str = SERIF,
           align: str = "L", leading: float = LEADING, colour: Colour = INK) -> None:
    for line in lines:
        if not line.strip():
            out.ln(leading)
            continue
        out.text(line, bold=bold, size=size, family=family, align=align, leading=leading, colour=colour)


def _heading(text: str) -> bool:
    """A paragraph set wholly in bold (``**Payment**``): it must not end a page alone."""
    return len(text) > 4 and text.startswith("**") and text.endswith("**") and "**" not in text[2:-2]


def _flow(out: _Setter, lines: Sequence[str], *, size: float = BODY_PT, leading: float = LEADING,
          gap: float = PARA_GAP, justify: bool = True, keep_after: float = 0.0) -> None:
    """Paragraphs and list items. A paragraph starts on a new page unless two of its lines fit;
    a heading paragraph also keeps the first two lines of what follows it (``keep_after`` mm
    when it is the last block of the section)."""
    align = "J" if justify else "L"
    items = blocks(lines)
    for n, (marker, text) in enumerate(items):
        if n:
            out.ln(gap if not marker else gap / 2)
        need = leading * 2
        if not marker and _heading(text):
            need = leading + (keep_after if n + 1 == len(items) else gap + leading * 2)
        out.fits(need)
        if not marker:
            out.text(text, size=size, leading=leading, align=align)
            continue
        if marker == "- ":
            out.canvas.dot(MARGIN_L + INDENT / 2 - 0.5, out.y + leading / 2, 0.55, colour=INK)
        else:
            out.cell(marker.strip(), x=MARGIN_L, width=INDENT, height=leading, size=size)
        out.text(text, x=MARGIN_L + INDENT, width=TEXT_W - INDENT, size=size, leading=leading, align=align)


def _letterhead(out: _Setter, lines: Sequence[str]) -> None:
    if not lines:
        return
    out.text(lines[0], leading=7, family=SANS, size=15, bold=True, align="C")
    _lines(out, lines[1:], size=9, family=SANS, align="C", leading=4.3, colour=GREY)
    out.ln(2.5)
    out.rule(colour=INK, width=0.35)
    out.ln(9)


def _re_block(out: _Setter, lines: Sequence[str]) -> None:
    out.fits(LEADING * (len(lines) + 1))
    out.cell("Re:", x=MARGIN_L, width=RE_INDENT, bold=True)
    for line in lines:
        out.text(line, x=MARGIN_L + RE_INDENT, width=TEXT_W - RE_INDENT, bold=True)


def _table_row(line: str) -> tuple[str, str, bool]:
    """``label | amount`` -> (label, amount, bold row); a row ``**label**`` is bold throughout."""
    label, _, amount = line.partition("|")
    label = label.strip()
    bold = _heading(label)
    return (label[2:-2] if bold else label), amount.strip(), bold


def _is_note(line: str) -> bool:
    """A row that only annotates the row above (``__note__ |``): kept on the same page with it."""
    label, amount, _bold = _table_row(line)
    return not amount and len(label) > 4 and label.startswith("__") and label.endswith("__")


def _row_height(line: str, width: float) -> float:
    label, _amount, bold = _table_row(line)
    return LEADING * len(wrap(to_latin1(label), Font(SERIF, BODY_PT), width, bold=bold)) + 0.9


def _table(out: _Setter, lines: Sequence[str]) -> None:
    label_w, amount_w = TEXT_W * 0.72, TEXT_W * 0.28
    for n, line in enumerate(lines):
        if not line.strip():
            out.ln(LEADING / 2)
            continue
        if line.strip() == "---":
            out.ln(0.8)
            out.rule()
            out.ln(1.6)
            continue
        label, amount, bold = _table_row(line)
        height = _row_height(line, label_w - 4)
        following = lines[n + 1] if n + 1 < len(lines) else ""
        out.fits(height + (_row_height(following, label_w - 4) if _is_note(following) and not _is_note(line) else 0))
        top = out.y
        out.text(label, width=label_w - 4, bold=bold)
        out.cell(amount, x=MARGIN_L + label_w, width=amount_w, bold=bold, align="R", y=out.y - LEADING)
        out.y = max(out.y, top + LEADING) + 0.9


def _enclosures(out: _Setter, lines: Sequence[str]) -> None:
    if not lines:
        return
    heading, items = lines[0], lines[1:]
    out.ln(4)
    out.fits(5.6 + 4.6 * min(len(items), 3) * 1.2)  # the heading never alone at the foot of a page
    out.text(heading, leading=4.8, size=10, bold=True)
    out.ln(0.8)
    _flow(out, items, size=10, leading=4.6, gap=0.8, justify=False)


def typeset_document(markup: str, *, source: str = "letter") -> SourceDoc:
    """Letter markup -> its pages, ready for the composer (no PDF parser involved)."""
    sections = parse_markup(markup, source)
    try:
        return _typeset(sections)
    except UnencodableCharacter as exc:
        raise LetterError(f"{source}: cannot typeset: character {exc.char!r} (U+{ord(exc.char):04X}) "
                          "has no code in the PDF core fonts (WinAnsi)") from None


def typeset(markup: str, *, title: str, author: str, created: datetime, source: str = "letter") -> bytes:
    """Letter markup -> PDF bytes. Same markup and ``created`` -> same bytes."""
    return document_pdf(typeset_document(markup, source=source), title=title, author=author, created=created)


def document_pdf(doc: SourceDoc, *, title: str, author: str, created: datetime) -> bytes:
    """A typeset document as a PDF of its own (documents/ beside the packet)."""
    stamp = pdf_date(created)
    return compose([Part(doc)], info={"Title": to_latin1(title), "Author": to_latin1(author), "Creator": "formkit",
                                      "Producer": f"formkit {__version__}", "CreationDate": stamp,
                                      "ModDate": stamp})[0]


def _typeset(sections: Sequence[Section]) -> SourceDoc:
    header = next((" ".join(s.lines) for s in sections if s.name == "header"), "")
    out = _Setter(header)
    previous: str | None = None
    for index, section in enumerate(sections):
        name, lines = section.name, section.lines
        if name == "header":
            continue
        if previous in ("date", "delivery", "to", "re", "title", "table") and name != "letterhead":
            out.ln(LEADING * (0.6 if previous == "delivery" else 1.0))
        if name == "letterhead":
            _letterhead(out, lines)
        elif name == "date":
            _lines(out, lines)
        elif name == "delivery":
            _lines(out, lines, bold=True, size=9.5, family=SANS)
        elif name == "to":
            out.fits(LEADING * len(lines))
            _lines(out, lines)
        elif name == "re":
            _re_block(out, lines)
        elif name == "title":
            out.text(" ".join(lines), leading=6.5, family=SANS, size=13, bold=True, align="C")
        elif name == "body":
            if previous == "body":
                out.ln(PARA_GAP)
            following = next((s.name for s in sections[index + 1:] if s.name != "header"), None)
            _flow(out, lines, keep_after=PARA_GAP + LEADING * 2 if following in ("body", "table") else 0.0)
        elif name == "table":
            if previous == "body":
                out.ln(PARA_GAP)
            _table(out, lines)
        elif name == "closing":
            out.ln(PARA_GAP + 1)
            out.fits(LEADING * (len(lines) + 1))
            _lines(out, lines)
        elif name == "enclosures":
            _enclosures(out, lines)
        elif name == "cc":
            out.ln(2)
            for n, line in enumerate(lines):
                if n == 0:
                    out.fits(4.8)
                    out.cell("cc:", x=MARGIN_L, width=10, height=4.8, size=10)
                out.text(line, x=MARGIN_L + 10, width=TEXT_W - 10, leading=4.8, size=10)
        previous = name
    return out.finish()


def render_letter(template_name: str, context: Mapping[str, Any], *, templates_dir: Path | None, title: str,
                  author: str, created: datetime) -> tuple[bytes, str]:
    """Render ``template_name`` with ``context`` and typeset it; returns (PDF bytes, markup)."""
    markup = render_markup(template_name, context, templates_dir)
    return typeset(markup, title=title, author=author, created=created, source=template_name), markup


def render_document(template_name: str, context: Mapping[str, Any], *, templates_dir: Path | None
                    ) -> tuple[SourceDoc, str]:
    """Render ``template_name`` with ``context`` and typeset it; returns (pages, markup)."""
    markup = render_markup(template_name, context, templates_dir)
    return typeset_document(markup, source=template_name), markup
