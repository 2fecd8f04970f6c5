"""Text rendering: a worksheet a preparer can hand to a client, with the work shown on request."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from formkit.analysis.expenses import LINES as EXPENSE_LINES
from formkit.analysis.explained import Explained
from formkit.analysis.findings import Finding
from formkit.analysis.money import fmt
from formkit.analysis.result import Analysis
from formkit.analysis.schedule import Schedule

WIDTH = 96
AMOUNT = 14

Section = tuple[str, Callable[[str], bool]]


def _prefix(*prefixes: str) -> Callable[[str], bool]:
    return lambda path: path.startswith(prefixes)


def _oic_lines(low: int, high: int, extra: tuple[str, ...] = ()) -> Callable[[str], bool]:
    def match(path: str) -> bool:
        if path in extra:
            return True
        if not path.startswith("oic.line_"):
            return False
        digits = "".join(ch for ch in path[len("oic.line_"):].split(".")[0] if ch.isdigit())
        return digits != "" and low <= int(digits) <= high
    return match


SECTIONS: tuple[Section, ...] = (
    ("Balance owed and collection period", _prefix("balance.", "total_balance", "ia.months_to_csed")),
    ("Monthly income", _prefix("income.")),
    ("Business income and expenses (Form 433-A (OIC) Section 6)", _oic_lines(12, 29, ("oic.box_c",))),
    ("Household income (Section 7, lines 30-38)", _oic_lines(30, 38, ("oic.box_d",))),
    ("Living expenses: actual, standard, allowable", _prefix("expenses.")),
    ("Household expenses (Section 7, lines 39-51) and remaining income",
     _oic_lines(39, 51, ("oic.box_e", "oic.box_f", "rmi", "rmi.six_year_rule"))),
    ("Personal assets (Section 3)", _oic_lines(1, 7, ("oic.box_a", "oic.full_pay.box_a"))),
    ("Business assets (Section 5)", _oic_lines(8, 11, ("oic.box_b",))),
    ("Minimum offer (Section 8) and Form 656",
     lambda p: p.startswith("oic.") and not p.startswith("oic.line_")
     and p not in ("oic.box_a", "oic.box_b", "oic.box_c", "oic.box_d", "oic.box_e", "oic.box_f",
                   "oic.full_pay.box_a")),
    ("Installment agreements (Form 9465)", lambda p: p.startswith(("ia.", "f9465.")) and p != "ia.months_to_csed"),
    ("Currently not collectible", _prefix("cnc.")),
    ("Penalty relief", _prefix("abatement.")),
)


def _amount(line: Explained) -> str:
    if line.unit == "months":
        return f"{fmt(line.amount)} mo"
    if line.unit == "count":
        return fmt(line.amount)
    return fmt(line.amount)


def _row(label: str, amount: str, indent: int = 2) -> str:
    room = WIDTH - indent - AMOUNT - 1
    text = label if len(label) <= room else label[: room - 1] + "…"
    return f"{' ' * indent}{text.ljust(room, '.')} {amount.rjust(AMOUNT)}"


def _wrap(text: str, indent: int) -> list[str]:
    words, out, current = text.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > WIDTH - indent:
            out.append(" " * indent + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        out.append(" " * indent + current)
    return out


def _explain(line: Explained) -> list[str]:
    out = _wrap(f"= {line.formula}", 6)
    for item in line.inputs:
        ref = f"  [{item.ref}]" if item.ref and item.ref != item.name else ""
        out += _wrap(f"{item.display()}{ref}", 8)
    if line.citation:
        out += _wrap(f"source: {line.citation}", 6)
    if line.note:
        out += _wrap(f"note: {line.note}", 6)
    if line.sources:
        out += _wrap(f"case: {', '.join(line.sources)}", 6)
    return out


def _heading(title: str) -> list[str]:
    return ["", title.upper(), "-" * min(len(title), WIDTH)]


def _findings(title: str, findings: Iterable[Finding]) -> list[str]:
    items = list(findings)
    out = _heading(title)
    if not items:
        return [*out, "  none"]
    for f in items:
        out += _wrap(f"[{f.code}] {f.message}" + (f" (at {f.where})" if f.path else ""), 2)
        if f.citation:
            out += _wrap(f"({f.citation})", 6)
    return out


def _expense_table(analysis: Analysis) -> list[str]:
    out = _heading("Allowable living expenses at a glance")
    out.append(f"  {'line':<5}{'expense':<38}{'actual':>14}{'standard':>14}{'on the form':>14}")
    standard_of = {"food_clothing_misc": "national", "out_of_pocket_health": "out_of_pocket_health",
                   "housing_utilities": "housing_utilities", "vehicle_ownership": "vehicle_ownership",
                   "vehicle_operating": "vehicle_operating", "public_transportation": "public_transportation"}
    for number, key, label in EXPENSE_LINES:
        actual = analysis.amount(f"expenses.actual.{key}")
        if key == "secured_debts_other":
            parts = [analysis.amount(f"expenses.actual.{k}") for k in
                     ("secured_debts", "required_payroll_deductions", "other_allowed")]
            actual = sum((p for p in parts if p is not None), Decimal(0))
        standard = analysis.amount(f"expenses.standard.{standard_of[key]}") if key in standard_of else None
        form = analysis.amount(f"oic.line_{number}")
        cells = [fmt(v) if v is not None else "-" for v in (actual, standard, form)]
        out.append(f"  {number:<5}{label[:37]:<38}{cells[0]:>14}{cells[1]:>14}{cells[2]:>14}")
    return out


def _options(analysis: Analysis) -> list[str]:
    out = _heading("Recommendation")
    for kind, title in (("collection", "Collection alternatives"), ("penalty_relief", "Penalty relief")):
        ranked = [o for o in analysis.options if o.kind == kind and o.rank is not None]
        considered = [o for o in analysis.options if o.kind == kind]
        if not considered:
            continue
        out.append(f"  {title}:")
        if not ranked:
            out.append("    none fits on these numbers")
        for o in ranked:
            amount = analysis.amount(o.amount_path) if o.amount_path else None
            tail = f": {fmt(amount)}" if amount is not None else ""
            blocked = f"  BLOCKED by {', '.join(o.blocked_by)}" if o.blocked_by else ""
            out.append(f"  {o.rank}. {o.title}{tail}{blocked}")
            for reason in o.reasons:
                out += _wrap(f"- {reason}", 6)
            out += _wrap(f"({'; '.join(o.citations)})", 6)
    for o in (o for o in analysis.options if o.kind == "strategy"):
        out.append(f"  To weigh: {o.title}")
        for reason in o.reasons:
            out += _wrap(f"- {reason}", 6)
        out += _wrap(f"({'; '.join(o.citations)})", 6)
    others = [o for o in analysis.options if o.rank is None and o.kind != "strategy"]
    if others:
        out += _heading("Considered, not recommended")
        for o in others:
            why = "not eligible" if not o.eligible else "payment above the remaining monthly income"
            out.append(f"  - {o.title}: {why}")
            for reason in o.reasons:
                out += _wrap(f"- {reason}", 6)
    return out


def _criteria(analysis: Analysis, explain: bool) -> list[str]:
    if not analysis.criteria:
        return []
    out = _heading("Tests")
    for c in analysis.criteria:
        label = f"{c.label} [{c.path}]" if explain else c.label
        out += _wrap(f"{label}: {c.display()}", 2)
        if explain:
            out += _wrap(f"source: {c.citation}", 6)
            if c.note:
                out += _wrap(f"note: {c.note}", 6)
    return out


def _summary(schedule: Schedule) -> str:
    """'1 x 637.13, then 22 x 637.13, final 637.01' in a few words."""
    amounts = [p.amount for p in schedule.payments]
    groups: list[tuple[int, Decimal]] = []
    for a in amounts:
        if groups and groups[-1][1] == a:
            groups[-1] = (groups[-1][0] + 1, a)
        else:
            groups.append((1, a))
    return ", then ".join(f"{n} x {a:,.2f}" for n, a in groups)


def _schedules(analysis: Analysis, explain: bool) -> list[str]:
    if not analysis.schedules:
        return []
    out = _heading("Payment schedules (to the cent; the last payment absorbs the rounding)")
    for s in analysis.schedules:
        title = f"{s.title} [{s.path}]" if explain else s.title
        out.append(_row(title, fmt(s.total)))
        out += _wrap(f"{len(s.payments)} payment(s): {_summary(s)}"
                     + (f"; {s.unpaid:,.2f} left unpaid" if s.unpaid > 0 else ""), 6)
        if not explain:
            continue
        for p in s.payments:
            when = p.due.isoformat() if p.due else p.when
            extra = f" ({p.when})" if p.due and p.when else ""
            out.append(f"      {p.number:>3}  {when + extra:<48}{p.amount:>14,.2f}  left {p.balance_after:>12,.2f}")
        out += _wrap(f"source: {s.citation}", 6)
        if s.note:
            out += _wrap(f"note: {s.note}", 6)
    return out


def render(analysis: Analysis, explain: bool = False) -> str:
    """The worksheet as text; with ``explain`` every line shows its formula, inputs and source."""
    out = [f"formkit collection analysis: case {analysis.case_id}, as of {analysis.as_of.isoformat()}",
           f"formkit {analysis.formkit_version}. Money in US dollars a month unless stated; form lines "
           "in whole dollars."]
    out += _options(analysis)
    out += _findings("Blocking problems", analysis.blockers)
    out += _findings("Warnings", analysis.warnings)
    out += _expense_table(analysis)
    shown: set[str] = set()
    for title, match in SECTIONS:
        lines = [line for line in analysis.lines if match(line.path) and line.path not in shown
                 and (explain or line.amount or line.inputs)]
        if not lines:
            continue
        out += _heading(title)
        for line in lines:
            shown.add(line.path)
            label = f"{line.label} [{line.path}]" if explain else line.label
            out.append(_row(label, _amount(line)))
            if explain:
                out += _explain(line)
    rest = [line for line in analysis.lines if line.path not in shown and not any(m(line.path) for _, m in SECTIONS)]
    if rest:
        out += _heading("Other lines")
        for line in rest:
            out.append(_row(f"{line.label} [{line.path}]" if explain else line.label, _amount(line)))
            if explain:
                out += _explain(line)
    out += _criteria(analysis, explain)
    out += _schedules(analysis, explain)
    out += _findings("Notes", analysis.notes)
    out += _heading("Standards and form constants used")
    for v in analysis.standards:
        out += _wrap(f"- {v.label} [{v.confidence}] ({v.source}): {v.reference}", 2)
    return "\n".join(out) + "\n"
