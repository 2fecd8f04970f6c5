"""Continuation sheets: the items a form's table could not hold, with the form's own columns.

Each sheet names the form, revision, section and line it continues ("Form 433-A (Rev. 7-2022),
Section 4, line 13 - continued"), carries the taxpayer's name and masked TIN on every page, and
lists every continued item with every column the form prints for it. The form's totals already
include these items (the analysis adds every item; see ``formkit.forms.resolve``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from formkit.case.model import Case
from formkit.errors import EXIT_FINDINGS, FormkitError
from formkit.forms import format as fmt
from formkit.forms.mapping import Value
from formkit.forms.registry import FormRevision, TableSpec
from formkit.forms.resolve import MappedForm, Overflow, Row
from formkit.pdf.flow import Block, Pair, Para, Rule, check_encodable, typeset
from formkit.pdf.fonts import UnencodableCharacter
from formkit.redact import mask_tin

#: The printed heading of a continuation, as the issue and the forms' "see attachment" read.
HEADING = "{form}, {where} \u2014 continued"


@dataclass(frozen=True, slots=True)
class Unprintable:
    """A continued value the sheet's font cannot print: where it is in the case, and why."""

    pointer: str
    column: str
    message: str


class ContinuationError(FormkitError, ValueError):
    """Continued values the sheet cannot print (reported by the fill as FormFillError)."""

    exit_code = EXIT_FINDINGS

    def __init__(self, problems: list[Unprintable]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.pointer} ({p.column}): {p.message}" for p in problems))


def where(table: TableSpec) -> str:
    """'Section 4, line 13' (or 'line 3' on forms without sections)."""
    line = f"line {table.line}" if not table.line.lower().startswith(("section", "line", "part")) else table.line
    return f"{table.section}, {line}" if table.section and table.section != line else line


def heading(revision: FormRevision, table: TableSpec) -> str:
    return HEADING.format(form=revision.label, where=where(table))


def _field_format(revision: FormRevision, table: TableSpec, column: str) -> str:
    spec = table.columns[column]
    if spec.format is not None:
        return spec.format
    for row in table.rows:
        field = revision.fields.get(f"{row}.{column}")
        if field is not None:
            return field.format
    return "text"


def cell_text(value: Value, form_format: str) -> str:
    """A value as the sheet prints it: like the form, but dates with slashes and money with $."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if form_format in ("money", "money_cents") and isinstance(value, (Decimal, int)):
        return "$" + fmt.render(value, form_format)
    if form_format in ("mmddyyyy", "date"):
        return fmt.render(value, "date")
    if form_format in ("ssn", "ein"):
        return mask_tin(str(value))
    try:
        return fmt.render(value, form_format)
    except ValueError:
        return fmt.text(value)


def _item_blocks(revision: FormRevision, overflow: Overflow, row: Row, problems: list[Unprintable]) -> list[Block]:
    table = overflow.table
    blocks: list[Block] = [Para(f"Item {row.number} (line {table.line})", bold=True, space_before=4, keep_with_next=2)]
    for name, column in table.columns.items():
        value = row.cells.get(name)
        if column.boxes is not None and isinstance(value, str):
            text = value.replace("_", " ").capitalize()  # the box the item ticks, by its name
        else:
            text = cell_text(value, _field_format(revision, table, name))
        try:
            check_encodable(text)
            check_encodable(column.label)
        except UnencodableCharacter as exc:
            problems.append(Unprintable(row.pointer, name, str(exc)))
            continue
        blocks.append(Pair(column.label, text))
    return blocks


def taxpayer_line(case: Case) -> str:
    tp = case.taxpayer
    names = tp.full_name
    if case.is_joint and case.spouse is not None:
        names = f"{tp.full_name} and {case.spouse.full_name}"
    tins = mask_tin(tp.ssn) + (f", {mask_tin(case.spouse.ssn)}" if case.is_joint and case.spouse else "")
    return f"Taxpayer: {names}    SSN/ITIN: {tins}"


def _unprintable_names(case: Case) -> list[Unprintable]:
    """The names the sheet's header prints (``taxpayer_line``) that its font cannot print,
    each by its place in the case (fuzzing found them raised without saying which field)."""
    people = [("taxpayer", case.taxpayer)]
    if case.is_joint and case.spouse is not None:
        people.append(("spouse", case.spouse))
    found = []
    for role, person in people:
        for part in ("first_name", "middle_initial", "last_name", "suffix"):
            try:
                check_encodable(getattr(person, part) or "")
            except UnencodableCharacter as exc:
                found.append(Unprintable(f"/{role}/{part}", "continuation sheet header", str(exc)))
    return found


def field_label(revision: FormRevision, key: str, tooltip: str = "") -> str:
    """How the sheet names a field: its table column's label, else its declared label, else the
    PDF's tooltip, else its key."""
    for table in revision.tables.values():
        for row in table.rows:
            if key.startswith(row + "."):
                column = table.columns.get(key[len(row) + 1:])
                if column is not None:
                    return column.label
    spec = revision.fields.get(key)
    if spec is not None and spec.label:
        return spec.label
    return " ".join(tooltip.split()) or key


def _long_text_blocks(mapped: MappedForm, problems: list[Unprintable]) -> list[Block]:
    if not mapped.long_texts:
        return []
    blocks: list[Block] = [Para(f"{mapped.revision.label}: entries continued from the form", bold=True, size=10.5,
                                space_before=8, keep_with_next=2),
                           Para("Each box below says \"see continuation sheet\" on the form; its full entry is here.",
                                size=8.5),
                           Rule(space_before=2)]
    for item in mapped.long_texts:
        try:
            check_encodable(item.text)
        except UnencodableCharacter as exc:
            problems.append(Unprintable(item.key, item.label, str(exc)))
            continue
        line = f"Line {item.line}" if item.line and not item.line.lower().startswith("section") else (item.line or "")
        blocks.append(Pair(f"{line}: {item.label}".strip(": "), item.text))
    return blocks


def sheet_blocks(mapped: MappedForm) -> tuple[list[Block], list[Unprintable]]:
    """The body of a form's continuation sheets, table by table in form order."""
    revision = mapped.revision
    problems: list[Unprintable] = []
    body: list[Block] = _long_text_blocks(mapped, problems)
    for overflow in mapped.overflows:
        table = overflow.table
        first, last = overflow.rows[0].number, overflow.rows[-1].number
        count = "item" if first == last else "items"
        span = f"{first}" if first == last else f"{first} to {last}"
        body.append(Para(heading(revision, table), bold=True, size=10.5, space_before=8, keep_with_next=3))
        if table.rows:
            note = (f"{table.title}: {count} {span} (the form lists the first {overflow.printed}; every "
                    "total on the form includes the items below).")
        else:
            note = f"{table.title}: the list line {table.line} asks for; the amount on that line is its total."
        body.append(Para(note, size=8.5))
        body.append(Rule(space_before=2))
        for row in overflow.rows:
            body.extend(_item_blocks(revision, overflow, row, problems))
    return body, problems


def pages(mapped: MappedForm, case: Case) -> list[bytes]:
    """Content streams of the continuation pages (none when every item fits on the form)."""
    if not mapped.overflows and not mapped.long_texts:
        return []
    body, problems = sheet_blocks(mapped)
    problems += _unprintable_names(case)
    if problems:
        raise ContinuationError(problems)
    header = [Para(f"Continuation sheet \u2014 {mapped.revision.label}: {mapped.revision.title}", bold=True,
                   size=10),
              Para(taxpayer_line(case), size=9)]
    return typeset(header, body, "Continuation sheet, page {page} of {pages}")


def lines_continued(mapped: MappedForm) -> list[str]:
    """What the continuation sheet holds, line by line ('Section 4, line 13 (3 items)'), for the
    cover letter and the manifest."""
    lines = [f"{where(o.table)} ({len(o.rows)} item{'s' if len(o.rows) != 1 else ''})" for o in mapped.overflows]
    lines += [f"line {t.line}: {t.label} (full entry)" if t.line and t.line[:1].isdigit()
              else f"{t.line or t.key}: {t.label} (full entry)" for t in mapped.long_texts]
    return lines
