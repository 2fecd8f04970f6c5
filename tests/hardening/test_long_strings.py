"""Every step stays bounded whatever string lengths the schema allows.

Issue 17: a 1 MB firm name made ``fill 2848`` run past 120 s, and a Form 843 explanation of
10,000 characters without a space took 121 s to fill, because word wrap measured every
shorter prefix of an over-long word again. Wrapping is now linear: the tests count the glyph
widths it looks up (work done, not wall-clock time) and fill every example with every
free-text string at its schema's maxLength.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any

import pytest

from formkit.errors import FormkitError
from formkit.pdf import flow
from formkit.pdf.fonts import FontInfo, wrap_encoded
from tests.conftest import EXAMPLE_FILES, EXAMPLES, load_example
from tests.hardening.casegen import TODAY, longest_strings

STEP_SECONDS = 10.0  # generous: each step below takes well under a second; the old wrap took minutes


class _CountingWidths(tuple[float, ...]):
    """Glyph widths that count how often they are looked up."""

    lookups = 0

    def __getitem__(self, index: Any) -> Any:
        type(self).lookups += 1
        return super().__getitem__(index)


def _counting_font() -> FontInfo:
    face = flow.font(flow.BOLD)
    assert face.widths is not None
    return dataclasses.replace(face, widths=_CountingWidths(face.widths))


def _lookups_per_glyph(text: bytes) -> float:
    face = _counting_font()
    _CountingWidths.lookups = 0
    lines = wrap_encoded(face, [text], 9, 300)
    assert b"".join(lines).replace(b" ", b"") == text.replace(b" ", b""), "wrapping lost or added text"
    assert all(face.width(line) * 9 / 1000 <= 300 for line in lines)
    return _CountingWidths.lookups / len(text)


@pytest.mark.parametrize("unit", [b"W", b"Wide word "], ids=["one word", "words"])
def test_wrap_looks_up_each_glyph_a_bounded_number_of_times(unit: bytes) -> None:
    per_glyph = {n: _lookups_per_glyph((unit * n)[:n]) for n in (100, 1_000, 10_000, 100_000)}
    # Linear: each glyph is measured at most a few times (its word, its cut, the line), however
    # long the text; the old wrap looked up about n * n / 50 widths for one n-glyph word.
    assert max(per_glyph.values()) <= 4, per_glyph
    assert per_glyph[100_000] <= per_glyph[100] * 1.5 + 0.1, per_glyph


def _timed(run: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    try:
        result = run()
    except FormkitError as exc:  # a clear error is an answer; anything else fails the test
        result = exc
    return time.perf_counter() - start, result


def _steps(data: dict[str, Any], forms: Path) -> list[tuple[str, float, Any]]:
    """Validate, then fill every form of every request's packet, check, and build the packet."""
    from formkit.case import validate_data
    from formkit.checks import check_case
    from formkit.forms.fill import fill_form
    from formkit.packet import build_packet
    from formkit.packet.contents import plan_packet

    result = validate_data(data, today=TODAY)
    assert result.case is not None, [str(p) for p in result.errors]
    case = result.case
    out = []
    for index in range(len(case.requests)):
        plan = plan_packet(case, request_index=index)
        for doc in plan.documents:
            if doc.kind == "form" and doc.revision is not None:
                seconds, filled = _timed(lambda doc=doc: fill_form(
                    doc.revision, case, forms_dir=forms, as_of=TODAY, **doc.options))
                out.append((f"fill {doc.form} (request {index})", seconds, filled))
    out.append(("check", *_timed(lambda: check_case(case, as_of=TODAY))))
    out.append(("packet", *_timed(lambda: build_packet(case, None, forms_dir=forms, as_of=TODAY,
                                                      base_dir=EXAMPLES, force=True))))
    return out


@pytest.mark.parametrize("example", [f.name for f in EXAMPLE_FILES])
def test_every_step_is_bounded_with_every_string_at_its_longest(example: str, forms_dir: Path) -> None:
    """Names, firm names, addresses and free text at their maxLength: each step answers (a result
    or a FormkitError naming what does not fit) within the bound."""
    data = longest_strings(load_example(example))
    for name, seconds, _ in _steps(data, forms_dir):
        assert seconds < STEP_SECONDS, f"{name} took {seconds:.1f} s with every string at its maxLength"


@pytest.mark.parametrize("fill", ["W", "Wide "], ids=["one word", "words"])
@pytest.mark.parametrize("example", [f.name for f in EXAMPLE_FILES])
def test_longest_free_text_is_filled_quickly(example: str, fill: str, forms_dir: Path) -> None:
    """Free text (explanations, statements, descriptions: maxLength 200 and more) at its longest
    fills every form: what the box cannot hold goes to a continuation sheet, in bounded time."""
    data = longest_strings(load_example(example), fill, shortest=200)
    for name, seconds, result in _steps(data, forms_dir):
        assert seconds < STEP_SECONDS, f"{name} took {seconds:.1f} s with free text at its maxLength"
        if name.startswith("fill"):
            assert isinstance(result, bytes), f"{name}: {result}"


def test_fill_time_does_not_grow_with_an_unbroken_explanation(forms_dir: Path) -> None:
    """Scaling: a Form 843 explanation of 10,000 characters without a space fills in about the
    time of one of 1,000 (the old wrap: 121 s against 0.1 s)."""
    from formkit.case import validate_data
    from formkit.forms.fill import fill_form

    def best_of_three(length: int) -> float:
        data = load_example("fta-penalty-abatement.json")
        data["requests"][0]["explanation"] = "W" * length
        case = validate_data(data, today=TODAY).case
        assert case is not None
        times = []
        for _ in range(3):
            start = time.perf_counter()
            fill_form("843", case, forms_dir=forms_dir, as_of=TODAY)
            times.append(time.perf_counter() - start)
        return min(times)

    short, long = best_of_three(1_000), best_of_three(10_000)
    assert long < short * 5 + 0.05, f"1,000 characters: {short:.3f} s, 10,000: {long:.3f} s"
