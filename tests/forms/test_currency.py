"""Revision currency in the registry: release and supersession dates, which revision is
current, and that neither a prior revision nor an unreviewed draft map is ever filled."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from formkit.forms.fill import RevisionNotFillable, fill_form
from formkit.forms.registry import (
    UnknownForm,
    _load,
    find_revision,
    registry_order,
    revision_month,
    revisions,
    supported,
)
from tests.conftest import ROOT
from tests.forms.support import example


def test_every_revision_records_when_it_was_released() -> None:
    for rev in revisions():
        assert rev.currency is not None and rev.currency.released is not None, rev.label
        month, year = rev.revision.split("-")
        # released no earlier than the revision month printed on the form
        assert rev.currency.released >= date(int(year), int(month), 1), rev.label
        assert rev.currency.source, rev.label


def test_prior_revisions_name_their_successor_and_when() -> None:
    old_2848 = find_revision("2848", "2-2020")
    assert old_2848.currency is not None
    assert (old_2848.currency.superseded, old_2848.currency.superseded_by) == (date(2021, 1, 1), "1-2021")
    assert old_2848.currency.superseded_on(date(2021, 1, 1))
    assert not old_2848.currency.superseded_on(date(2020, 12, 31))
    old_843 = find_revision("843", "8-2011")
    assert old_843.currency is not None and old_843.currency.superseded_by == "12-2024"
    # the successor is the revision formkit fills
    assert supported("843").revision == old_843.currency.superseded_by
    assert supported("2848").revision == old_2848.currency.superseded_by


def test_the_current_revisions_are_not_superseded() -> None:
    for rev in revisions():
        if rev.supported:
            assert rev.currency is not None and rev.currency.superseded is None, rev.label


def test_find_revision_by_form_and_revision() -> None:
    assert find_revision("Form 2848", "2-2020").supported is False
    assert find_revision("f843") is supported("843")
    with pytest.raises(UnknownForm, match=r"no revision '3-2019' of form '2848' .*known: 1-2021, 2-2020"):
        find_revision("2848", "3-2019")


def _raw(form_id: str, revision: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((ROOT / "forms" / form_id / f"{revision}.json").read_text())
    return data


def test_a_newer_revision_is_the_current_one() -> None:
    """Two supported revisions side by side (a reviewed successor added): the newest is filled,
    whatever the order of the revision strings ('12-2024' sorts before '8-2025')."""
    newer = _load({**_raw("f843", "12-2024"), "revision": "8-2025", "currency": {"released": "2025-08-01"}})
    current = _load(_raw("f843", "12-2024"))
    prior = _load(_raw("f843", "8-2011"))
    assert sorted([prior, current, newer], key=registry_order) == [newer, current, prior]
    undated = _load({**_raw("f843", "12-2024"), "revision": "1-2026", "currency": None})
    assert revision_month(undated) == date(2026, 1, 1)  # the printed revision month when no date is recorded
    assert sorted([current, undated], key=registry_order) == [undated, current]


def test_a_prior_revision_is_never_filled() -> None:
    with pytest.raises(RevisionNotFillable, match=r"Form 2848 \(Rev\. 2-2020\) is a prior revision"):
        fill_form(find_revision("2848", "2-2020"), example("fta-penalty-abatement"))


def test_an_unreviewed_draft_is_never_filled() -> None:
    draft = _load({**_raw("f2848", "1-2021"), "reviewed": False})
    with pytest.raises(RevisionNotFillable) as err:
        fill_form(draft, example("fta-penalty-abatement"))
    assert "draft derived from a previous revision and not reviewed yet" in str(err.value)
    assert "formkit forms review forms/f2848/1-2021.json" in str(err.value)
    assert err.value.exit_code == 2


def test_forms_list_shows_each_revision_state(tmp_path: Path) -> None:
    from tests.forms.test_registry import formkit

    env = {k: v for k, v in os.environ.items() if k != "FORMKIT_FORMS_DIR"}
    env["FORMKIT_CACHE_DIR"] = str(tmp_path / "cache")
    r = formkit("forms", "list", "--format", "json", "--as-of", "2026-12-05", env=env)
    assert r.returncode == 0, r.stderr
    rows = {(x["form"], x["revision"]): x for x in json.loads(r.stdout)["forms"]}
    assert rows[("2848", "2-2020")]["state"] == "superseded 2021-01-01 by Rev. 1-2021"
    assert rows[("2848", "1-2021")]["state"] == "current (released 2021-01-01)"
    assert rows[("843", "8-2011")]["superseded_by"] == "12-2024"
    r = formkit("forms", "list", "--format", "json", "--as-of", "2020-12-31", env=env)
    rows = {(x["form"], x["revision"]): x for x in json.loads(r.stdout)["forms"]}
    assert rows[("2848", "2-2020")]["state"] == "prior revision"  # not yet replaced on that day
    r = formkit("forms", "list", env=env)
    assert "superseded 2024-12-01 by Rev. 12-2024" in r.stdout


def test_a_draft_is_listed_as_not_reviewed() -> None:
    from formkit.commands.forms import _state

    draft = _load({**_raw("f2848", "1-2021"), "reviewed": False})
    assert _state(draft, date(2026, 1, 1)) == "draft, not reviewed"
