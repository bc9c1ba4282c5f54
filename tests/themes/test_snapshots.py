"""Snapshots of the codebook and themes: take, list, and diff (also against "now")."""

from __future__ import annotations

import pytest

from themework.domain.errors import Conflict, InputError, NotFound
from themework.services.workbench import Workbench


def _setup(wb: Workbench) -> None:
    for name in ("Turning up", "Regularity", "Honesty", "Privacy", "Boundaries", "Calm", "Food"):
        wb.codes.add(name)
    wb.themes.create("Reliability", codes=["Turning up", "Regularity"])
    wb.themes.create("Honesty first", codes=["Honesty", "Privacy"])
    wb.themes.create("Care")


def test_take_and_list(wb: Workbench) -> None:
    _setup(wb)
    first = wb.snapshots.take("initial")
    assert (first.name, first.codes, first.themes) == ("initial", 7, 3)
    wb.themes.create("Later")
    wb.snapshots.take("second")
    assert [(i.name, i.codes, i.themes) for i in wb.snapshots.list()] == [
        ("initial", 7, 3), ("second", 7, 4),
    ]
    with pytest.raises(Conflict):
        wb.snapshots.take("initial")
    with pytest.raises(InputError):
        wb.snapshots.take("now")
    with pytest.raises(NotFound):
        wb.snapshots.diff("never-taken")
    assert wb.snapshots.diff("second").empty
    wb.history.undo()  # the snapshot is an event like any other
    assert [i.name for i in wb.snapshots.list()] == ["initial"]


def test_diff_names_every_kind_of_change(wb: Workbench) -> None:
    _setup(wb)
    wb.snapshots.take("before")
    # codes
    wb.codes.add("Humour")
    wb.codes.rename("Turning up", "Showing up")
    wb.codes.merge(["Privacy"], into="Honesty")
    wb.codes.move("Calm", "Boundaries")
    wb.codes.retire("Food")
    # themes
    wb.themes.create("Presence")
    wb.themes.rename("Reliability", "Being reliable")
    wb.themes.set_status("Honesty first", "reviewed")
    wb.themes.remove_codes("Being reliable", ["Regularity"])
    wb.themes.add_codes("Presence", ["Regularity", "Boundaries"])
    wb.themes.move("Care", "Presence")
    wb.snapshots.take("after")

    d = wb.snapshots.diff("before", "after")
    assert d.codes_added == ("Humour",)
    assert d.codes_removed == ()
    assert d.codes_renamed == ("Turning up -> Showing up",)
    assert d.codes_merged == ("Privacy into Honesty",)
    assert d.codes_moved == ("Calm: top level -> under Boundaries",)
    assert d.codes_retired == ("Food",)
    assert d.themes_added == ("Presence",)
    assert d.themes_removed == ()
    assert d.themes_renamed == ("Reliability -> Being reliable",)
    assert d.themes_status == ("Honesty first: candidate -> reviewed",)
    assert d.themes_moved == ("Care: top level -> under Presence",)
    assert set(d.codes_between_themes) == {
        "Regularity: Being reliable -> Presence",
        "Boundaries: no theme -> Presence",
        "Privacy: Honesty first -> no theme",  # merged into Honesty, which was there already
    }
    assert not d.empty
    # Against the project as it is now: the same, until something else changes.
    assert wb.snapshots.diff("before") == wb.snapshots.diff("before", "now").__class__(
        **{**d.__dict__, "b": "now"}
    )
    assert wb.snapshots.diff("after").empty
    wb.themes.discard("Presence")
    now = wb.snapshots.diff("after")
    assert now.themes_status == ("Presence: candidate -> discarded",)
    # A discarded theme holds no codes any more, as far as the analysis is concerned.
    assert set(now.codes_between_themes) == {
        "Regularity: Presence -> no theme", "Boundaries: Presence -> no theme",
    }
    # The reverse diff reads the other way round.
    back = wb.snapshots.diff("after", "before")
    assert back.codes_added == () and back.codes_removed == ("Humour",)
    assert back.themes_renamed == ("Being reliable -> Reliability",)


def test_merged_and_discarded_count_as_history_not_as_live(wb: Workbench) -> None:
    """Issue 11, defect 6: info and snapshots counted merged-away codes and discarded themes."""
    _setup(wb)
    wb.snapshots.take("start")
    wb.themes.create("Presence")
    wb.themes.create("Showing up")
    wb.themes.merge(["Showing up"], into="Presence")  # the source is discarded
    wb.themes.create("Passing idea")
    wb.themes.discard("Passing idea")
    wb.codes.merge(["Privacy"], into="Honesty")
    info = wb.projects.info()
    assert (info.codes, info.themes) == (6, 4)  # 7 codes less Privacy; 3 + Presence
    taken = wb.snapshots.take("end")
    assert (taken.codes, taken.themes) == (6, 4)
    assert [(i.codes, i.themes) for i in wb.snapshots.list()] == [(7, 3), (6, 4)]
    d = wb.snapshots.diff("start", "end")
    assert d.themes_added == ("Presence",)
    assert d.codes_added == () and d.codes_merged == ("Privacy into Honesty",)
    assert wb.snapshots.diff("end", "start").themes_removed == ("Presence",)
