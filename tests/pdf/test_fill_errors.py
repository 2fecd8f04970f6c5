"""Bad values are refused with one FillError naming every field, never cut or replaced."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from formkit.pdf import MIN_FONT_SIZE, CompiledTemplate, FillError, compile_template, fill
from tests.pdf.conftest import official_pdf

pytestmark = pytest.mark.official_pdf

P1 = "topmostSubform[0].Page1[0]."
NAME = P1 + "c1[0].Lines1a-b[0].p1-t4[0]"  # 433-A 1a, MaxLen 45, single line
ADDRESS = P1 + "c1[0].Lines1a-b[0].p1-t5[0]"  # 433-A 1b, multiline
AREA_CODE = P1 + "c1[0].Line1c[0].p1-t6c[0]"  # 433-A 1d, MaxLen 3
MARRIED = P1 + "c1[0].C1_01_2a[0]"  # 433-A 2a checkbox, on-state "1"
PIN = "topmostSubform[0].Page2[0].f2_4[0]"  # 843 Identity Protection PIN, comb, MaxLen 6


@pytest.fixture(scope="module")
def f433a() -> CompiledTemplate:
    return compile_template(official_pdf("f433a.pdf"))


@pytest.fixture(scope="module")
def f843() -> CompiledTemplate:
    return compile_template(official_pdf("f843.pdf"))


def _problems(tpl: CompiledTemplate, values: dict[str, str | bool]) -> dict[str, str]:
    with pytest.raises(FillError) as info:
        fill(tpl, values)
    return {p.field: p.message for p in info.value.problems}


def _single_line_without_max_len(tpl: CompiledTemplate) -> str:
    return next(
        s.name for s in tpl.fields.values()
        if s.kind == "text" and s.max_len is None and not s.multiline
    )


def test_fixture_premises(f433a: CompiledTemplate, f843: CompiledTemplate) -> None:
    assert f843.fields[PIN].comb and f843.fields[PIN].max_len == 6
    assert f433a.fields[AREA_CODE].max_len == 3 and not f433a.fields[AREA_CODE].comb
    assert f433a.fields[ADDRESS].multiline
    assert f433a.fields[MARRIED].on_states == ("1",)


def test_comb_longer_than_max_len(f843: CompiledTemplate) -> None:
    problems = _problems(f843, {PIN: "1234567"})
    assert "at most 6" in problems[PIN]
    fill(f843, {PIN: "123456"})  # exactly MaxLen is fine


def test_max_len_exceeded(f433a: CompiledTemplate) -> None:
    assert "at most 3" in _problems(f433a, {AREA_CODE: "7135"})[AREA_CODE]


@pytest.mark.parametrize("text", ["Łukasz Nowak", "Smith 😀", "王小明"])
def test_unencodable_character_names_field_and_character(
    f433a: CompiledTemplate, text: str
) -> None:
    message = _problems(f433a, {NAME: text})[NAME]
    bad = next(c for c in text if c not in "Smith ukasz Nowak")
    assert f"U+{ord(bad):04X}" in message
    assert "WinAnsi" in message


def test_winansi_beyond_ascii_is_fine(f433a: CompiledTemplate) -> None:
    pdf = fill(f433a, {NAME: "José Ñúñez – O’Brien “Jr.” €"})
    assert b"/V <feff" in pdf  # stored as UTF-16 text string


def test_text_too_wide_even_at_minimum_size(f433a: CompiledTemplate) -> None:
    field = _single_line_without_max_len(f433a)
    message = _problems(f433a, {field: "W" * 300})[field]
    assert f"{MIN_FONT_SIZE:g} pt" in message and "shorten" in message


def test_multiline_too_long(f433a: CompiledTemplate) -> None:
    message = _problems(f433a, {ADDRESS: "word " * 400})[ADDRESS]
    assert re.search(r"needs \d+ lines at 6 pt but the box has room for \d+", message)


def test_line_break_in_single_line_field(f433a: CompiledTemplate) -> None:
    assert "line break" in _problems(f433a, {NAME: "a\nb"})[NAME]


def test_long_text_shrinks_instead_of_failing(f433a: CompiledTemplate) -> None:
    text = "WM" * 21  # 42 of the widest capitals: 293 pt at 8 pt in a 248 pt box
    pdf = fill(f433a, {NAME: text})
    reader = PdfReader(io.BytesIO(pdf))
    widget = reader.get_object(f433a.fields[NAME].widgets[0].ref[0])
    content = widget["/AP"]["/N"].get_data()
    match = re.search(rb"/HelveticaLTStd-Bold ([\d.]+) Tf", content)
    assert match is not None
    assert MIN_FONT_SIZE <= float(match.group(1)) < 8.0


def test_type_and_state_errors(f433a: CompiledTemplate) -> None:
    problems = _problems(f433a, {NAME: True, MARRIED: "Maybe", AREA_CODE: 713})  # type: ignore[dict-item]
    assert "needs a str, got bool" in problems[NAME]
    assert "'Maybe' is not a state" in problems[MARRIED] and "1" in problems[MARRIED]
    assert "needs a str, got int" in problems[AREA_CODE]


def test_unknown_field_suggests_close_name(f433a: CompiledTemplate) -> None:
    typo = NAME.replace("p1-t4", "p1-t4x")
    message = _problems(f433a, {typo: "x"})[typo]
    assert "no such field" in message and NAME in message


def test_readonly_and_pushbutton_refused() -> None:
    tpl = compile_template(official_pdf("f2848.pdf"))
    readonly = next(s.name for s in tpl.fields.values() if s.readonly)
    button = next(s.name for s in tpl.fields.values() if s.kind == "pushbutton")
    problems = _problems(tpl, {readonly: "x", button: True})
    assert problems[readonly] == "field is read-only"
    assert "pushbutton fields cannot be filled" in problems[button]


def test_all_problems_reported_at_once(f433a: CompiledTemplate) -> None:
    values: dict[str, str | bool] = {
        NAME: "Łukasz",
        AREA_CODE: "12345",
        MARRIED: "Maybe",
        ADDRESS: "word " * 400,
        "no.such.field": "x",
        P1 + "c1[0].Line1c[0].p1-t7c[0]": "555-0142",  # a good value among bad ones
    }
    with pytest.raises(FillError) as info:
        fill(f433a, values)
    fields = [p.field for p in info.value.problems]
    assert sorted(fields) == sorted([NAME, AREA_CODE, MARRIED, ADDRESS, "no.such.field"])
    assert "(and 4 more)" in str(info.value)
