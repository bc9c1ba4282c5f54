"""The theme repository's writes and lookups (store/repos/themes.py), the coding lookups
(store/repos/codings.py) and snapshots (store/repos/snapshots.py), query by query, on
each backend."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.models import Theme
from themework.store.repos import snapshots as snaps
from themework.store.repos import themes as repo
from themework.store.repos.codes import CodeIndex
from themework.store.repos.codings import (
    coding_entity,
    codings_of_code,
    drop_coding,
    existing_coding_ids,
)
from themework.store.repos.themes import ThemeIndex


@pytest.fixture
def project(wb: Workbench, interview: Path) -> Workbench:
    wb.transcripts.import_files([interview])
    for name in ("Turning up", "Honesty", "Privacy"):
        wb.codes.add(name)
    wb.themes.create("Being there", codes=["Turning up", "Honesty"])
    wb.themes.create("Being straight", codes=["Honesty"])
    wb.themes.create("Small things", parent="Being there")
    wb.themes.create("Gone", codes=["Privacy"])
    wb.themes.discard("Gone")
    return wb


def _ids(s: Session) -> tuple[dict[str, int], dict[str, int]]:
    """Code ids and theme ids by name."""
    codes, themes = CodeIndex(s), ThemeIndex(s)
    return ({c.name: c.id for c in codes.codes}, {t.name: t.id for t in themes.themes})


def test_a_new_theme_takes_the_next_order_and_comes_back_mapped(project: Workbench) -> None:
    with project.store.write() as s:
        order = repo.next_theme_order(s)
        assert order == 1 + max(t.sort_order for t in ThemeIndex(s).themes)
        theme = repo.insert_theme(s, {
            "key": "new", "name": "New", "name_key": "new", "definition": "",
            "central_concept": "", "scope": "", "narrative": "", "parent_id": None,
            "status": "candidate", "sort_order": order, "version": 1,
            "created_at": datetime(2026, 1, 2),
        })
        assert isinstance(theme, Theme) and theme.id is not None
        assert ThemeIndex(s).get("New") is theme
        assert repo.next_theme_order(s) == order + 1


def test_children_of_a_theme_in_order_leaving_one_out(project: Workbench) -> None:
    project.themes.create("Also small", parent="Being there")
    project.themes.move("Also small", "Being there", order=1)
    with project.store.read() as s:
        _, themes = _ids(s)
        kids = repo.children_of(s, themes["Being there"])
        assert [t.name for t in kids] == ["Also small", "Small things"]
        but = repo.children_of(s, themes["Being there"], but=themes["Also small"])
        assert [t.name for t in but] == ["Small things"]
        assert repo.children_of(s, themes["Being straight"]) == []


def test_codes_under_a_theme_reach_its_sub_themes(project: Workbench) -> None:
    project.themes.add_codes("Small things", ["Privacy"])
    with project.store.read() as s:
        codes, themes = _ids(s)
        assert repo.codes_under(s, themes["Being there"]) == {
            codes["Turning up"], codes["Honesty"], codes["Privacy"],
        }
        assert repo.codes_under(s, themes["Small things"]) == {codes["Privacy"]}


def test_live_themes_and_other_themes_holding_a_code(project: Workbench) -> None:
    with project.store.read() as s:
        codes, themes = _ids(s)
        # Privacy is only in a discarded theme.
        assert repo.codes_in_live_themes(s) == {codes["Turning up"], codes["Honesty"]}
        others = repo.other_themes_holding(s, codes["Honesty"], themes["Being there"])
        assert others == ["Being straight"]
        assert repo.other_themes_holding(s, codes["Privacy"], themes["Being there"]) == []


def test_links_of_a_theme_and_to_a_code(project: Workbench) -> None:
    with project.store.write() as s:
        codes, themes = _ids(s)
        there = themes["Being there"]
        assert [ln.code_id for ln in repo.links_of(s, there)] == [
            codes["Turning up"], codes["Honesty"],
        ]
        assert [ln.theme_id for ln in repo.links_to(s, codes["Honesty"])] == sorted(
            [there, themes["Being straight"]]
        )
        assert repo.link(s, there, codes["Honesty"]) is not None
        assert repo.link(s, there, codes["Privacy"]) is None
        repo.insert_link(s, {"theme_id": there, "code_id": codes["Privacy"], "sort_order": 5})
        assert repo.links_of(s, there)[-1].code_id == codes["Privacy"]
        repo.drop(s, [repo.links_of(s, there)[0]])
        s.flush()
        assert [ln.code_id for ln in repo.links_of(s, there)] == [
            codes["Honesty"], codes["Privacy"],
        ]
        repo.delete_links_to(s, codes["Honesty"])
        assert repo.links_to(s, codes["Honesty"]) == []
        repo.delete_links_of(s, there)
        assert repo.links_of(s, there) == []


def test_exemplars_of_a_theme_with_their_codes(project: Workbench) -> None:
    one = project.coding.apply(CodingRequest("P01", "Honesty", Target(turn=4)))
    two = project.coding.apply(CodingRequest("P01", "Turning up", Target(turn=2)))
    project.themes.add_exemplar("Being there", one.id)
    project.themes.add_exemplar("Being there", two.id, position=1)
    project.themes.add_exemplar("Being straight", one.id)
    with project.store.write() as s:
        codes, themes = _ids(s)
        there = themes["Being there"]
        assert [e.coding_id for e in repo.exemplars_of(s, there)] == [two.id, one.id]
        assert [(e.coding_id, c) for e, c in repo.exemplars_with_codes(s, there)] == [
            (two.id, codes["Turning up"]), (one.id, codes["Honesty"]),
        ]
        assert [e.theme_id for e in repo.exemplars_starring(s, one.id)] == sorted(
            [there, themes["Being straight"]]
        )
        found = repo.exemplar(s, there, one.id)
        assert found is not None and found.theme_id == there
        assert repo.exemplar(s, themes["Small things"], one.id) is None
        repo.delete_exemplar(s, found.id)
        assert [e.coding_id for e in repo.exemplars_of(s, there)] == [two.id]
        eid = repo.insert_exemplar(
            s, {"theme_id": there, "coding_id": one.id, "sort_order": 7, "trimmed": None}
        )
        assert repo.exemplars_of(s, there)[-1].id == eid


def test_codings_by_id_and_by_code(project: Workbench) -> None:
    one = project.coding.apply(CodingRequest("P01", "Honesty", Target(turn=4)))
    two = project.coding.apply(CodingRequest("P01", "Honesty", Target(turn=2)))
    with project.store.write() as s:
        codes, _ = _ids(s)
        found = coding_entity(s, one.id)
        assert found is not None and found.code_id == codes["Honesty"]
        assert coding_entity(s, 10**6) is None
        assert coding_entity(s, 2**70) is None  # beyond any id: none, not a database error
        assert existing_coding_ids(s, [one.id, 10**6, 2**70]) == {one.id}
        assert existing_coding_ids(s, []) == set()
        assert [c.id for c in codings_of_code(s, codes["Honesty"])] == [one.id, two.id]
        assert [c.id for c in codings_of_code(s, codes["Honesty"], lock=True)] == [
            one.id, two.id,
        ]
        assert codings_of_code(s, codes["Privacy"]) == []
        drop_coding(s, found)
        s.flush()
        assert existing_coding_ids(s, [one.id, two.id]) == {two.id}


def test_snapshots_by_name_oldest_first(project: Workbench) -> None:
    with project.store.write() as s:
        assert snaps.snapshots(s) == [] and snaps.snapshot_named(s, "a") is None
        for name, day in (("later", 3), ("first", 1)):
            snaps.insert_snapshot(
                s, {"name": name, "created_at": datetime(2026, 1, day), "content": {"x": day}}
            )
        assert [x.name for x in snaps.snapshots(s)] == ["first", "later"]
        found = snaps.snapshot_named(s, "later")
        assert found is not None and found.content == {"x": 3}
