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
case data cannot change the layout. Text is set in the PDF core fonts (Times, Helvetica):
nothing is embedded, the output depends on no font file of the machine, and the same
input gives the same bytes (creation date passed in, file id derived from the content).
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
from typing import Any, cast

import jinja2
from fpdf import FPDF
from fpdf.errors import FPDFException
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from formkit._data import data_dir
from formkit.errors import FormkitError
from formkit.files.read import InputFileError, read_limited
from formkit.redact import redact_text

LETTERS_DIR = "letters"
_DIRECTIVE = re.compile(r"^::([a-z]+)\s*$")
SECTIONS = frozenset({"header", "letterhead", "date", "delivery", "to", "re", "title", "body", "table",
                      "closing", "enclosures", "cc"})
_NB = "{formkit-nb}"

# page geometry (mm): US Letter, one-inch side margins
PAGE_W, PAGE_H = 215.9, 279.4
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

class _Page(FPDF):
    """FPDF with the house header, and markdown limited to **bold** and __italic__."""

    MARKDOWN_MARKERS = ("**", "__", "**", "__")  # no ~~strike~~ or --underline--
    MARKDOWN_LINK_REGEX = re.compile(r"(?!)")

    def __init__(self, header_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="letter")
        self.header_text = header_text
        self.set_margins(MARGIN_L, MARGIN_TOP, MARGIN_R)
        self.set_auto_page_break(True, margin=MARGIN_BOTTOM)
        self.alias_nb_pages(_NB)
        self.c_margin = 0

    def header(self) -> None:
        if self.page_no() < 2:
            return
        self.set_y(11)
        self.set_font(SANS, size=8)
        self.set_text_color(*GREY)
        self.cell(TEXT_W * 0.75, 4, self.header_text, align="L", markdown=True)
        self.cell(TEXT_W * 0.25, 4, f"Page {self.page_no()} of {_NB}", align="R")
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(MARGIN_L, 16, PAGE_W - MARGIN_R, 16)
        self.set_text_color(*INK)
        self.set_y(MARGIN_TOP + 5)


def _fits(pdf: _Page, height: float) -> None:
    """Start a new page unless ``height`` more millimetres fit on this one."""
    if pdf.get_y() + height > PAGE_H - MARGIN_BOTTOM:
        pdf.add_page()


def _lines(pdf: _Page, lines: Sequence[str], *, style: str = "", size: float = BODY_PT, family: str = SERIF,
           align: str = "L", leading: float = LEADING, x: float = MARGIN_L, width: float = TEXT_W) -> None:
    pdf.set_font(family, style=style, size=size)
    for line in lines:
        pdf.set_x(x)
        if not line.strip():
            pdf.ln(leading)
            continue
        pdf.multi_cell(width, leading, to_latin1(line), align=align, markdown=True,
                       new_x="LMARGIN", new_y="NEXT")


def _flow(pdf: _Page, lines: Sequence[str], *, size: float = BODY_PT, leading: float = LEADING,
          gap: float = PARA_GAP, justify: bool = True) -> None:
    pdf.set_font(SERIF, size=size)
    for n, (marker, text) in enumerate(blocks(lines)):
        if n:
            pdf.ln(gap if not marker else gap / 2)
        _fits(pdf, leading * 2)
        text = to_latin1(text)
        if not marker:
            pdf.set_x(MARGIN_L)
            pdf.multi_cell(TEXT_W, leading, text, align="J" if justify else "L", markdown=True,
                           new_x="LMARGIN", new_y="NEXT")
            continue
        y = pdf.get_y()
        if marker == "- ":
            pdf.set_fill_color(*INK)
            pdf.circle(MARGIN_L + INDENT / 2 - 0.5, y + leading / 2, 0.55, style="F")
        else:
            pdf.set_xy(MARGIN_L, y)
            pdf.cell(INDENT, leading, marker.strip(), align="L")
        pdf.set_xy(MARGIN_L + INDENT, y)
        pdf.multi_cell(TEXT_W - INDENT, leading, text, align="J" if justify else "L", markdown=True,
                       new_x="LMARGIN", new_y="NEXT")


def _rule(pdf: _Page, y: float | None = None, colour: tuple[int, int, int] = RULE, width: float = 0.25) -> None:
    y = pdf.get_y() if y is None else y
    pdf.set_draw_color(*colour)
    pdf.set_line_width(width)
    pdf.line(MARGIN_L, y, PAGE_W - MARGIN_R, y)


def _letterhead(pdf: _Page, lines: Sequence[str]) -> None:
    if not lines:
        return
    pdf.set_text_color(*INK)
    pdf.set_font(SANS, style="B", size=15)
    pdf.multi_cell(TEXT_W, 7, to_latin1(lines[0]), align="C", markdown=True, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*GREY)
    _lines(pdf, lines[1:], size=9, family=SANS, align="C", leading=4.3)
    pdf.set_text_color(*INK)
    pdf.ln(2.5)
    _rule(pdf, colour=INK, width=0.35)
    pdf.ln(9)


def _re_block(pdf: _Page, lines: Sequence[str]) -> None:
    _fits(pdf, LEADING * (len(lines) + 1))
    y = pdf.get_y()
    pdf.set_font(SERIF, style="B", size=BODY_PT)
    pdf.set_xy(MARGIN_L, y)
    pdf.cell(RE_INDENT, LEADING, "Re:")
    pdf.set_xy(MARGIN_L + RE_INDENT, y)
    for line in lines:
        pdf.set_x(MARGIN_L + RE_INDENT)
        pdf.multi_cell(TEXT_W - RE_INDENT, LEADING, to_latin1(line), align="L", markdown=True,
                       new_x="LMARGIN", new_y="NEXT")


def _rows(pdf: _Page, width: float, text: str) -> int:
    """How many lines ``multi_cell(width, ...)`` sets ``text`` on. A label clearly narrower than
    the cell is one line; only the others are measured by a dry run (fpdf2's line breaking is
    the slow part of a packet)."""
    if "\n" not in text and pdf.get_string_width(text, markdown=True) < width - 2 * pdf.c_margin - 1:
        return 1
    return len(cast(list[str], pdf.multi_cell(width, LEADING, text, dry_run=True, output="LINES", markdown=True)))


def _table(pdf: _Page, lines: Sequence[str]) -> None:
    label_w, amount_w = TEXT_W * 0.72, TEXT_W * 0.28
    for line in lines:
        if not line.strip():
            pdf.ln(LEADING / 2)
            continue
        if line.strip() == "---":
            pdf.ln(0.8)
            _rule(pdf)
            pdf.ln(1.6)
            continue
        label, _, amount = line.partition("|")
        label = label.strip()
        bold = len(label) > 4 and label.startswith("**") and label.endswith("**")
        text = to_latin1(label[2:-2] if bold else label)
        pdf.set_font(SERIF, style="B" if bold else "", size=BODY_PT)
        rows = _rows(pdf, label_w - 4, text)
        _fits(pdf, LEADING * rows + 1)
        y = pdf.get_y()
        pdf.set_xy(MARGIN_L, y)
        pdf.multi_cell(label_w - 4, LEADING, text, align="L", markdown=True, new_x="LMARGIN", new_y="NEXT")
        pdf.set_xy(MARGIN_L + label_w, y + LEADING * (rows - 1))
        pdf.cell(amount_w, LEADING, to_latin1(amount.strip()), align="R", markdown=True)
        pdf.set_xy(MARGIN_L, y + LEADING * rows + 0.9)


def _enclosures(pdf: _Page, lines: Sequence[str]) -> None:
    if not lines:
        return
    heading, items = lines[0], lines[1:]
    pdf.ln(4)
    _fits(pdf, 5.6 + 4.6 * min(len(items), 3) * 1.2)  # the heading never alone at the foot of a page
    pdf.set_font(SERIF, style="B", size=10)
    pdf.multi_cell(TEXT_W, 4.8, to_latin1(heading), align="L", markdown=True, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(0.8)
    _flow(pdf, items, size=10, leading=4.6, gap=0.8, justify=False)


def typeset(markup: str, *, title: str, author: str, created: datetime, source: str = "letter") -> bytes:
    """Letter markup -> PDF bytes. Same markup and ``created`` -> same bytes."""
    sections = parse_markup(markup, source)
    try:
        return _typeset(sections, title=title, author=author, created=created)
    except FPDFException as exc:
        raise LetterError(f"{source}: cannot typeset: {exc}") from None


def _typeset(sections: Sequence[Section], *, title: str, author: str, created: datetime) -> bytes:
    header = next((" ".join(s.lines) for s in sections if s.name == "header"), "")
    pdf = _Page(to_latin1(header))
    pdf.set_title(to_latin1(title))
    pdf.set_author(to_latin1(author))
    pdf.set_creator("formkit")
    pdf.set_creation_date(created)
    pdf.set_lang("en-US")
    pdf.add_page()
    pdf.set_text_color(*INK)
    previous: str | None = None
    for section in sections:
        name, lines = section.name, section.lines
        if name == "header":
            continue
        if previous in ("date", "delivery", "to", "re", "title", "table") and name != "letterhead":
            pdf.ln(LEADING * (0.6 if previous == "delivery" else 1.0))
        if name == "letterhead":
            _letterhead(pdf, lines)
        elif name == "date":
            _lines(pdf, lines)
        elif name == "delivery":
            _lines(pdf, lines, style="B", size=9.5, family=SANS)
        elif name == "to":
            _fits(pdf, LEADING * len(lines))
            _lines(pdf, lines)
        elif name == "re":
            _re_block(pdf, lines)
        elif name == "title":
            pdf.set_font(SANS, style="B", size=13)
            pdf.multi_cell(TEXT_W, 6.5, to_latin1(" ".join(lines)), align="C", markdown=True, new_x="LMARGIN",
                           new_y="NEXT")
        elif name == "body":
            if previous == "body":
                pdf.ln(PARA_GAP)
            _flow(pdf, lines)
        elif name == "table":
            if previous == "body":
                pdf.ln(PARA_GAP)
            _table(pdf, lines)
        elif name == "closing":
            pdf.ln(PARA_GAP + 1)
            _fits(pdf, LEADING * (len(lines) + 1))
            _lines(pdf, lines)
        elif name == "enclosures":
            _enclosures(pdf, lines)
        elif name == "cc":
            pdf.ln(2)
            pdf.set_font(SERIF, size=10)
            for n, line in enumerate(lines):
                pdf.set_x(MARGIN_L)
                pdf.cell(10, 4.8, "cc:" if n == 0 else "")
                pdf.multi_cell(TEXT_W - 10, 4.8, to_latin1(line), markdown=True, new_x="LMARGIN", new_y="NEXT")
        previous = name
    return bytes(pdf.output())


def render_letter(template_name: str, context: Mapping[str, Any], *, templates_dir: Path | None, title: str,
                  author: str, created: datetime) -> tuple[bytes, str]:
    """Render ``template_name`` with ``context`` and typeset it; returns (PDF bytes, markup)."""
    markup = render_markup(template_name, context, templates_dir)
    return typeset(markup, title=title, author=author, created=created, source=template_name), markup
