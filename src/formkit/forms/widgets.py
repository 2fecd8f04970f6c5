"""What identifies a form widget on paper: the words printed next to it, its line number,
where it sits on its page, its size, tooltip, name, kind and on-states.

``formkit forms derive`` matches the widgets of a new IRS revision to those of the previous
one by these facts, because the IRS renames fields between revisions (``f1_5[0]`` becomes
``RepresentativesName1[0]``) but rarely changes what is printed beside a box. The widget
facts come from the compiled template (``formkit.pdf``); the printed words from pdfplumber.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from formkit.pdf import compile_template

#: A line number as the IRS prints it at the left margin, in bold: ``1``, ``12``, ``5a``.
_LINE_NUMBER = re.compile(r"^\d{1,2}[a-z]?$")
_SUB_LETTER = re.compile(r"^[a-z]$")
#: The left margin, as a share of the page width, where line numbers are printed.
_MARGIN = 0.13
#: Headings that end the numbered lines start this close to the page edge.
_HEADING = 0.085
#: How far (points) a printed caption may sit from its widget and still name it.
_ABOVE_REACH = 30.0
#: Line spacing (points) up to which two text lines over a box are one caption.
_CAPTION_LEADING = 11.0
_SIDE_GAP = 24.0


@dataclass(frozen=True, slots=True)
class Widget:
    """One fillable field of a PDF as a person sees it on the page.

    ``box`` is the widget rectangle as shares of the page (left, top, right, bottom; top
    down), so pages of any size compare. ``left``, ``above`` and ``right`` are the printed
    words on the same line before the box, in the caption band over it, and after it (the
    label of a checkbox). ``line`` is the form line the widget sits in, as printed.
    """

    name: str
    kind: str
    page: int  # 1-based
    box: tuple[float, float, float, float]
    size: tuple[float, float]  # width, height in points
    on_states: tuple[str, ...]
    max_length: int | None
    multiline: bool
    comb: bool
    readonly: bool
    tooltip: str
    left: str
    above: str
    right: str
    line: str | None

    @property
    def short_name(self) -> str:
        """The last part of the field name (``TaxpayerName[0]``)."""
        return self.name.rsplit(".", 1)[-1]

    @property
    def label(self) -> str:
        """The printed words that name the widget: what follows a checkbox, else what is
        written before or over a text box."""
        if self.kind in ("checkbox", "radio") and self.right:
            return self.right
        return " ".join(p for p in (self.left, self.above) if p)


def _bold(word: dict[str, Any]) -> bool:
    font = str(word.get("fontname", ""))
    return any(mark in font for mark in ("Bd", "Bold", "Blk", "Black", "Heavy"))


def _line_markers(words: Sequence[dict[str, Any]], width: float) -> list[tuple[float, str | None]]:
    """(top, line) of every line number printed in bold at the left margin, top to bottom.

    A lone bold letter at the margin (``b`` under ``5a``) is a sub-line of the number above;
    a bold heading in the number column (``Signature.``, ``Part II``) ends the numbered lines.
    """
    margin = [w for w in words if _bold(w) and w["x0"] < width * _MARGIN]
    margin.sort(key=lambda w: (round(w["top"]), w["x0"]))
    markers: list[tuple[float, str | None]] = []
    number: str | None = None
    numbered_rows = {round(w["top"]) for w in margin if _LINE_NUMBER.match(str(w["text"]))}
    for i, w in enumerate(margin):
        text = str(w["text"])
        if (w["x0"] < width * _HEADING and not _LINE_NUMBER.match(text) and not _SUB_LETTER.match(text)
                and round(w["top"]) not in numbered_rows):
            if number is not None or (markers and markers[-1][1] is not None):
                markers.append((float(w["top"]), None))  # "Signature.", "Paid Preparer", "Part II"
            number = None
            continue
        if _LINE_NUMBER.match(text):
            number = re.sub(r"[a-z]$", "", text)
            nxt = margin[i + 1] if i + 1 < len(margin) else None
            if (nxt is not None and _SUB_LETTER.match(str(nxt["text"]))
                    and abs(nxt["top"] - w["top"]) < 2 and nxt["x0"] - w["x1"] < 8):
                continue  # "5" "a" printed as two words: the letter makes the marker
            markers.append((float(w["top"]), text))
        elif _SUB_LETTER.match(text) and number is not None:
            markers.append((float(w["top"]), number + text))
    return markers


def _words_before(words: Sequence[dict[str, Any]], x0: float, top: float, bottom: float) -> str:
    middle = (top + bottom) / 2
    row = sorted((w for w in words if w["x1"] <= x0 + 2 and w["top"] - 2 <= middle <= w["bottom"] + 2),
                 key=lambda w: -w["x1"])
    kept: list[str] = []
    edge = x0
    for w in row:
        if edge - w["x1"] > _SIDE_GAP:
            break
        kept.append(str(w["text"]))
        edge = w["x0"]
    return " ".join(reversed(kept))


def _words_after(words: Sequence[dict[str, Any]], x1: float, top: float, bottom: float,
                 stops: Sequence[float]) -> str:
    middle = (top + bottom) / 2
    limit = min((s for s in stops if s > x1 + 1), default=float("inf"))
    row = sorted((w for w in words if w["x0"] >= x1 - 1 and w["x1"] <= limit + 1
                  and w["top"] - 2 <= middle <= w["bottom"] + 2), key=lambda w: w["x0"])
    kept: list[str] = []
    edge = x1
    for w in row:
        if w["x0"] - edge > _SIDE_GAP:
            break
        kept.append(str(w["text"]))
        edge = w["x1"]
    return " ".join(kept)


def _words_above(words: Sequence[dict[str, Any]], box: tuple[float, float, float, float],
                 others: Sequence[tuple[float, float, float, float]]) -> str:
    """The caption printed over a box: the nearest text line above it (and the line before
    that when they are spaced as one caption), unless another widget sits in between."""
    x0, top, x1, _ = box
    band = [w for w in words if top - _ABOVE_REACH < w["bottom"] <= top + 2
            and w["x0"] >= x0 - 3 and w["x0"] < x1 and w["x1"] > x0
            and not any(o[0] < w["x1"] and o[2] > w["x0"] and w["bottom"] <= o[1] + 1 and o[3] <= top + 1
                        for o in others)]
    lines: dict[int, list[dict[str, Any]]] = {}
    for w in band:
        lines.setdefault(round(w["top"]), []).append(w)
    kept: list[int] = []
    for line_top in sorted(lines, reverse=True):
        if kept and kept[-1] - line_top > _CAPTION_LEADING:
            break
        kept.append(line_top)
    return " ".join(str(w["text"]) for t in reversed(kept) for w in sorted(lines[t], key=lambda w: w["x0"]))


def read_widgets(pdf: bytes) -> list[Widget]:
    """Every terminal field of the form with what is printed around it, in page order."""
    import pdfplumber  # imported here: only derive and review read the page text

    template = compile_template(pdf)
    found: list[Widget] = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        pages = [(p.width, p.height, p.extract_words(extra_attrs=["fontname"])) for p in doc.pages]
        by_page: dict[int, list[tuple[str, Any]]] = {}
        for name, spec in template.fields.items():
            if spec.widgets and spec.widgets[0].page is not None:
                by_page.setdefault(spec.widgets[0].page, []).append((name, spec))
        carried: tuple[float, str | None] | None = None
        for index, (width, height, words) in enumerate(pages):
            markers = _line_markers(words, width)
            fields = by_page.get(index, [])
            boxes = [(r[0], height - r[3], r[2], height - r[1])
                     for r in (spec.widgets[0].rect for _, spec in fields)]
            for (name, spec), box in zip(fields, boxes, strict=True):
                x0, top, x1, bottom = box
                stops = [b[0] for b in boxes if abs(b[1] - top) < 6]
                above_marks = [m for m in markers if m[0] <= bottom]
                line = above_marks[-1][1] if above_marks else (carried[1] if carried else None)
                found.append(Widget(
                    name=name, kind=str(spec.kind), page=index + 1,
                    box=(round(x0 / width, 4), round(top / height, 4), round(x1 / width, 4),
                         round(bottom / height, 4)),
                    size=(round(x1 - x0, 1), round(bottom - top, 1)),
                    on_states=tuple(spec.on_states), max_length=spec.max_len,
                    multiline=spec.multiline, comb=spec.comb, readonly=spec.readonly,
                    tooltip=spec.tooltip.strip(),
                    left=_words_before(words, x0, top, bottom),
                    above=_words_above(words, box, [b for b in boxes if b != box]),
                    right=_words_after(words, x1, top, bottom, stops),
                    line=line))
            if markers:
                carried = markers[-1]
    found.sort(key=lambda w: (w.page, w.box[1], w.box[0], w.name))
    return found
