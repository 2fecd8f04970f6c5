"""OIC-042 / XF-008: a form whose revision the IRS had replaced by the as-of date.

The registry today records no successor for the revisions formkit fills (only for the prior
2848 and 843 revisions), so the scenarios record one the way a maintainer would: the
superseding date and revision added to the registry entry.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from formkit.checks.model import CheckReport
from formkit.forms import registry
from formkit.forms.registry import Currency
from formkit.packet.build import PacketBlocked, build_packet
from tests.checks.helpers import FTA, LUMP, Table, check, example, findings, pdf_doc
from tests.conftest import EXAMPLES

TRIGGER, PASS = Table(), Table()

REPLACED = date(2026, 4, 15)  # a made-up posting date of a Form 656 Rev. 4-2026, for the scenarios


@contextlib.contextmanager
def superseded(form_id: str, on: date, by: str) -> Iterator[None]:
    """The registry with the current revision of ``form_id`` replaced on ``on`` by ``by``."""
    real = registry.revisions()
    changed = tuple(dataclasses.replace(r, currency=Currency(
        released=r.currency.released if r.currency else None, superseded=on, superseded_by=by, source="test"))
        if r.form_id == form_id and r.supported else r for r in real)
    saved = registry.revisions
    registry.revisions = lambda: changed  # type: ignore[assignment]
    try:
        yield
    finally:
        registry.revisions = saved  # type: ignore[assignment]


@TRIGGER("OIC-042")
def _t042() -> CheckReport:
    with superseded("f656", REPLACED, "4-2026"):
        return check(example(LUMP), with_forms=True)  # prepared 2026-11-02


@TRIGGER("OIC-042 filled pdf")
def _t042pdf() -> CheckReport:
    with superseded("f656", REPLACED, "4-2026"):
        return check(docs=[pdf_doc("f656", source="656.pdf")], as_of=date(2026, 5, 1))


@PASS("OIC-042")
def _p042() -> CheckReport:
    return check(example(LUMP), with_forms=True)  # nothing newer recorded: the current form


@PASS("OIC-042 before the new revision")
def _p042before() -> CheckReport:
    with superseded("f656", REPLACED, "4-2026"):
        return check(example(LUMP), with_forms=True, as_of=date(2026, 4, 14))


@TRIGGER("XF-008")
def _tx008() -> CheckReport:
    with superseded("f2848", date(2026, 6, 1), "6-2026"):
        return check(example(FTA), with_forms=True)  # prepared 2026-11-18, with a 2848


@PASS("XF-008")
def _px008() -> CheckReport:
    return check(example(FTA), with_forms=True)


@PASS("XF-008 older pdf")
def _px008old() -> CheckReport:
    # Rev. 2-2020 was superseded in 2021, but XF-006 already reports an older revision's PDF
    return check(docs=[pdf_doc("f2848", revision="2-2020", supported=False)])


def test_the_offer_error_names_the_dates_and_cites_the_irm() -> None:
    (finding,) = findings(_t042(), "OIC-042")
    assert finding.severity == "error"
    assert finding.message.startswith("Form 656 is Rev. 4-2025 (the revision formkit fills); the IRS replaced it "
                                      "with Rev. 4-2026 on 2026-04-15, before the as-of date 2026-11-02.")
    assert 'IRM 8.23.1.5.1(3) (material changes of 08-23-2021): "Form 656 must be received with the most ' \
           'current revision date"' in finding.citation
    assert "Fill the current Form 656 (Rev. 4-2026)" in finding.fix


def test_other_forms_get_a_warning() -> None:
    (finding,) = findings(_tx008(), "XF-008")
    assert finding.severity == "warning" and "Form 2848 is Rev. 1-2021" in finding.message
    assert not findings(_tx008(), "OIC-042")


def test_a_packet_dated_after_a_superseding_form_656_is_blocked(tmp_path: Path) -> None:
    with superseded("f656", REPLACED, "4-2026"), pytest.raises(PacketBlocked) as blocked:
        build_packet(EXAMPLES / LUMP, tmp_path / "packet")
    errors = [f for f in blocked.value.report.errors if f.code == "OIC-042"]
    assert len(errors) == 1 and "IRM 8.23.1.5.1(3)" in errors[0].citation
    assert not (tmp_path / "packet").exists()
