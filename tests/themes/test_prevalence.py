"""Prevalence without double counting, per coder, per attribute group, via turn speakers."""

from __future__ import annotations

from pathlib import Path

import pytest
from themes_setup import code, focus_group_study, span

from support import as_coder
from themework.analysis.prevalence import PrevalenceRow
from themework.domain.errors import InputError
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench


@pytest.fixture
def study(wb: Workbench, tmp_path: Path) -> Workbench:
    return focus_group_study(wb, tmp_path)


def rows(p, item: str) -> dict[tuple[str, str | None], PrevalenceRow]:  # type: ignore[no-untyped-def]
    return {(r.coder, r.group): r for r in p.rows if r.item == item}


def test_a_theme_counts_overlapping_codes_on_one_stretch_once(study: Workbench) -> None:
    wb = study
    wb.themes.create("Being there", codes=["Reliability", "Regularity"])
    code(wb, "FG", "Reliability", span(wb, "FG", "Turning up every week"))
    code(wb, "FG", "Regularity", span(wb, "FG", "every week builds trust"))
    code(wb, "FG", "Regularity", span(wb, "FG", "week in and week out"))  # a second stretch
    code(wb, "P01", "Reliability", span(wb, "P01", "turning up when I said I would"))
    p = wb.analysis.prevalence("theme")
    (row,) = rows(p, "being-there").values()
    assert (row.extracts, row.transcripts, row.participants, row.participants_total) == (3, 2, 2, 4)
    assert p.coders == "union" and p.transcripts_total == 2
    by_code = wb.analysis.prevalence("code")
    assert rows(by_code, "reliability")[("union", None)].extracts == 2
    assert rows(by_code, "regularity")[("union", None)].extracts == 2
    assert rows(by_code, "food")[("union", None)].extracts == 0  # uncoded codes still show
    with pytest.raises(InputError):
        wb.analysis.prevalence("paragraph")


def test_a_sub_themes_codes_count_in_the_parent_once(study: Workbench) -> None:
    wb = study
    wb.themes.create("Honesty first", codes=["Honesty"])
    wb.themes.create("Privacy kept", parent="Honesty first", codes=["Privacy"])
    code(wb, "FG", "Honesty", span(wb, "FG", "Being honest about what you have to share"))
    code(wb, "FG", "Privacy", span(wb, "FG", "what you have to share, and when."))
    p = wb.analysis.prevalence("theme")
    assert rows(p, "honesty-first")[("union", None)].extracts == 1
    assert rows(p, "privacy-kept")[("union", None)].extracts == 1


def test_two_coders_on_one_stretch_count_once_in_union_and_apart_per_coder(
    study: Workbench,
) -> None:
    wb = study
    bob = as_coder(wb, "bob")
    wb.themes.create("Being there", codes=["Reliability"])
    target = span(wb, "FG", "Turning up every week builds trust")
    code(wb, "FG", "Reliability", target)
    bob.coding.apply(CodingRequest("FG", "Reliability", target))
    bob.coding.apply(CodingRequest("P01", "Reliability", span(wb, "P01", "Every week, same time.")))
    union = wb.analysis.prevalence("theme")
    assert rows(union, "being-there")[("union", None)].extracts == 2
    per = wb.analysis.prevalence("theme", per_coder=True)
    assert per.coders == "per-coder"
    got = rows(per, "being-there")
    assert (got[("alice", None)].extracts, got[("alice", None)].participants) == (1, 1)
    assert (got[("bob", None)].extracts, got[("bob", None)].participants) == (2, 2)
    assert ("union", None) not in got
    only_bob = wb.analysis.prevalence("theme", coders=["bob"])
    assert rows(only_bob, "being-there")[("union", None)].extracts == 2


def test_groups_have_their_own_denominators(study: Workbench) -> None:
    wb = study
    wb.themes.create("Honesty first", codes=["Honesty", "Privacy"])
    code(wb, "FG", "Honesty", span(wb, "FG", "Being honest about what you have to share"))
    code(wb, "FG", "Privacy", span(wb, "FG", "keeping it private"))
    code(wb, "P01", "Honesty", span(wb, "P01", "Then I am honest about it."))
    code(wb, "P01", "Privacy", span(wb, "P01", "cannot keep private"))
    p = wb.analysis.prevalence("theme", by="site")
    assert p.by == "site"
    got = rows(p, "honesty-first")
    # Site A: P01 and FG3 (FG3 said nothing coded); Site B: FG1 and FG2, both coded.
    a, b, whole = got[("union", "Site A")], got[("union", "Site B")], got[("union", None)]
    assert (a.participants, a.participants_total, a.extracts, a.transcripts) == (1, 2, 2, 1)
    assert (b.participants, b.participants_total, b.extracts, b.transcripts) == (2, 2, 2, 1)
    assert (whole.participants, whole.participants_total, whole.extracts) == (3, 4, 4)
    with pytest.raises(InputError):
        wb.analysis.prevalence("theme", by="shoe size")


def test_participants_are_the_speakers_of_the_coded_turns(study: Workbench) -> None:
    wb = study
    wb.themes.create("Food and honesty", codes=["Food", "Honesty"])
    code(wb, "FG", "Food", span(wb, "FG", "Food helps. Honestly, food."))  # FG3's turn
    code(wb, "FG", "Honesty", span(wb, "FG", "What builds trust?"))  # the facilitator's
    p = wb.analysis.prevalence("theme", by="role")
    got = rows(p, "food-and-honesty")
    assert got[("union", None)].extracts == 2  # both stretches count as extracts ...
    assert got[("union", None)].participants == 1  # ... but only FG3 is a participant
    assert got[("union", "Nurse")].participants == 1
    assert got[("union", "Youth worker")].participants == 0
    assert got[("union", "Police")].participants == 0


def test_a_coding_across_turns_counts_everyone_speaking_in_it(study: Workbench) -> None:
    wb = study
    wb.themes.create("Being there", codes=["Reliability"])
    whole = wb.transcripts.text("FG").text
    start = whole.index("What builds trust?")
    end = whole.index("builds trust, week in")
    code(wb, "FG", "Reliability", Target(span=(start, end)))  # the question and FG1's answer
    got = rows(wb.analysis.prevalence("theme"), "being-there")
    assert (got[("union", None)].participants, got[("union", None)].extracts) == (1, 1)
    m = wb.analysis.matrix()
    assert {c.row: c.extracts for c in m.cells if c.theme == "being-there"} == {
        "FG1": 1, "FG2": 0, "FG3": 0, "P01": 0,
    }


def test_prevalence_read_again_follows_every_change_including_another_clients(
    study: Workbench,
) -> None:
    """Spans are kept between reads (a report asks several times); any change, by this
    client or another one sharing the project, must show at the next read."""
    wb = study
    bob = as_coder(wb, "bob")  # a second client on the same project
    wb.themes.create("Being there", codes=["Reliability"])

    def extracts() -> int:
        return rows(wb.analysis.prevalence("theme"), "being-there")[("union", None)].extracts

    assert extracts() == 0
    code(wb, "FG", "Reliability", span(wb, "FG", "Turning up every week"))
    assert extracts() == 1
    bob.coding.apply(CodingRequest("P01", "Reliability", span(wb, "P01", "Every week, same time.")))
    assert extracts() == 2
    wb.history.undo()  # alice's coding goes
    assert extracts() == 1
    assert wb.analysis.matrix().cells  # the matrix shares the kept spans
    assert sum(c.extracts for c in wb.analysis.matrix().cells) == 1
