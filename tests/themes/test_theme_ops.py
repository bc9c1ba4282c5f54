"""Themes as first-class objects: every operation, its refusals, and that codings survive."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from themes_setup import coded_project, coding_count, codings

from support import as_coder
from themework.domain.errors import Conflict, InputError, NotFound
from themework.services.themes import ThemeService
from themework.services.workbench import Workbench


@pytest.fixture
def ids(wb: Workbench, tmp_path: Path) -> dict[str, int]:
    return coded_project(wb, tmp_path)


def test_create_with_codes_and_a_sub_theme(wb: Workbench, ids: dict[str, int]) -> None:
    before = codings(wb)
    top = wb.themes.create(
        "Reliability", codes=["Turning up", "regularity"], definition="Being there."
    )
    assert top.warnings == ()
    assert top.theme.codes == ("turning-up", "regularity")  # the order given
    assert (top.theme.status, top.theme.definition, top.theme.version) == (
        "candidate", "Being there.", 1,
    )
    sub = wb.themes.create("Small promises", parent="Reliability", codes=["Honesty"])
    assert sub.theme.parent == top.theme.id and sub.theme.depth == 1
    assert wb.themes.get("reliability").children == (sub.theme.id,)
    assert [t.name for t in wb.themes.list()] == ["Reliability", "Small promises"]
    assert wb.themes.unthemed_codes() == ["privacy"]
    with pytest.raises(Conflict):
        wb.themes.create("RELIABILITY")
    with pytest.raises(InputError):
        wb.themes.create("   ")
    with pytest.raises(NotFound):
        wb.themes.create("Elsewhere", codes=["No such code"])
    with pytest.raises(NotFound):
        wb.themes.create("Orphan", parent="No such theme")
    assert [t.name for t in wb.themes.list()] == ["Reliability", "Small promises"]
    assert codings(wb) == before


def test_a_code_in_two_themes_is_allowed_with_a_warning(wb: Workbench, ids: dict[str, int]) -> None:
    wb.themes.create("Reliability", codes=["Turning up"])
    second = wb.themes.create("Presence", codes=["Turning up", "Regularity"])
    assert second.theme.codes == ("turning-up", "regularity")
    assert len(second.warnings) == 1
    assert "Turning up" in second.warnings[0] and "Reliability" in second.warnings[0]
    again = wb.themes.add_codes("Reliability", ["Regularity"])
    assert again.warnings and "Presence" in again.warnings[0]
    # Already there: nothing added, nothing to warn about.
    assert wb.themes.add_codes("Reliability", ["Regularity"]).warnings == ()


def test_rename_and_define_with_versions(wb: Workbench, ids: dict[str, int]) -> None:
    t = wb.themes.create("Reliability").theme
    wb.themes.create("Honesty first")
    renamed = wb.themes.rename("Reliability", "Being reliable", version=t.version).theme
    assert (renamed.name, renamed.id, renamed.version) == ("Being reliable", t.id, t.version + 1)
    assert wb.themes.get("being RELIABLE").id == t.id
    with pytest.raises(Conflict):
        wb.themes.rename(t.id, "honesty first")
    # The version read before the rename is stale now.
    with pytest.raises(Conflict, match="version"):
        wb.themes.rename(t.id, "Reliable", version=t.version)
    with pytest.raises(Conflict, match="version"):
        wb.themes.define(t.id, definition="x", version=t.version)
    defined = wb.themes.define(
        t.id, definition="Turning up.", central_concept="Presence is care.", scope="Not rules.",
        version=renamed.version,
    ).theme
    assert (defined.definition, defined.central_concept, defined.scope) == (
        "Turning up.", "Presence is care.", "Not rules.",
    )
    with pytest.raises(InputError):
        wb.themes.define(t.id)
    assert wb.themes.get(t.id).version == renamed.version + 1


def test_stale_version_from_another_coder_is_a_conflict(wb: Workbench, ids: dict[str, int]) -> None:
    t = wb.themes.create("Reliability").theme
    bob = as_coder(wb, "bob")
    seen_by_bob = bob.themes.get(t.id)
    wb.themes.define(t.id, definition="Alice's definition.", version=t.version)
    with pytest.raises(Conflict):
        bob.themes.define(t.id, definition="Bob's definition.", version=seen_by_bob.version)
    assert wb.themes.get(t.id).definition == "Alice's definition."


def test_narrative_embeds_extracts_by_id_and_refuses_unknown_ones(
    wb: Workbench, ids: dict[str, int]
) -> None:
    wb.themes.create("Reliability", codes=["Turning up"])
    cid = ids["turning-up"]
    text = (
        f"Reliability was concrete.\n\n{{{{extract:{cid}}}}}\n\n"
        f"More analysis {{{{ extract : {cid} }}}}"
    )
    assert wb.themes.define("Reliability", narrative=text).theme.narrative == text
    with pytest.raises(InputError) as err:
        wb.themes.define(
            "Reliability", narrative=f"See {{{{extract:99999}}}} and {{{{extract:{cid}}}}}."
        )
    assert "99999" in str(err.value) and str(cid) not in str(err.value).split("exist")[-1]
    assert wb.themes.get("Reliability").narrative == text


def test_add_and_remove_codes(wb: Workbench, ids: dict[str, int]) -> None:
    wb.themes.create("Reliability", codes=["Turning up"])
    before = codings(wb)
    assert wb.themes.add_codes("Reliability", ["Regularity", "Honesty"]).theme.codes == (
        "turning-up", "regularity", "honesty",
    )
    assert wb.themes.remove_codes("Reliability", ["Regularity"]).theme.codes == (
        "turning-up", "honesty",
    )
    with pytest.raises(InputError):
        wb.themes.remove_codes("Reliability", ["Privacy"])
    assert wb.themes.get("Reliability").codes == ("turning-up", "honesty")
    assert codings(wb) == before
    assert sorted(wb.themes.unthemed_codes()) == ["privacy", "regularity"]


def test_merge_moves_codes_exemplars_sub_themes_and_narrative(
    wb: Workbench, ids: dict[str, int]
) -> None:
    wb.themes.create("Honesty first", codes=["Honesty"])
    wb.themes.define("Honesty first", narrative="Target analysis.")
    wb.themes.add_exemplar("Honesty first", ids["honesty"])
    wb.themes.create("Reliability", codes=["Turning up", "Regularity"])
    wb.themes.create("Weekly", parent="Reliability")
    wb.themes.define(
        "Reliability", narrative=f"Source analysis.\n\n{{{{extract:{ids['turning-up']}}}}}"
    )
    wb.themes.add_exemplar("Reliability", ids["turning-up"])
    wb.themes.add_exemplar("Reliability", ids["regularity"], trimmed="Every week [...]")
    before = codings(wb)

    merged = wb.themes.merge(["Reliability"], into="Honesty first").theme
    assert merged.codes == ("honesty", "turning-up", "regularity")
    assert [(e.coding_id, e.trimmed) for e in merged.exemplars] == [
        (ids["honesty"], None), (ids["turning-up"], None), (ids["regularity"], "Every week [...]"),
    ]
    assert [e.order for e in merged.exemplars] == [0, 1, 2]
    assert merged.children == ("weekly",)
    assert wb.themes.get("Weekly").parent == merged.id
    assert merged.narrative.startswith("Target analysis.")
    assert f"Source analysis.\n\n{{{{extract:{ids['turning-up']}}}}}" in merged.narrative
    source = wb.themes.get("Reliability")
    assert source.status == "discarded" and source.codes == () and source.exemplars == ()
    assert source.children == ()
    assert "Reliability" not in [t.name for t in wb.themes.list()]
    assert codings(wb) == before
    with pytest.raises(InputError):
        wb.themes.merge(["Honesty first"], into="honesty FIRST")


def test_merge_keeps_one_exemplar_when_both_themes_starred_the_same_extract(
    wb: Workbench, ids: dict[str, int]
) -> None:
    wb.themes.create("A", codes=["Turning up"])
    wb.themes.create("B", codes=["Turning up"])
    wb.themes.add_exemplar("A", ids["turning-up"])
    wb.themes.add_exemplar("B", ids["turning-up"], trimmed="turning up [...]")
    merged = wb.themes.merge(["B"], into="A").theme
    assert [(e.coding_id, e.trimmed) for e in merged.exemplars] == [(ids["turning-up"], None)]
    assert merged.codes == ("turning-up",)


def test_merge_a_theme_into_its_own_sub_theme_keeps_a_tree(
    wb: Workbench, ids: dict[str, int]
) -> None:
    wb.themes.create("Top")
    wb.themes.create("Parent", parent="Top", codes=["Honesty"])
    wb.themes.create("Child", parent="Parent", codes=["Privacy"])
    wb.themes.create("Sibling", parent="Parent")
    merged = wb.themes.merge(["Parent"], into="Child").theme
    assert merged.parent == "top"  # takes the source's place
    assert merged.children == ("sibling",)
    assert merged.codes == ("privacy", "honesty")
    names = [(t.name, t.depth) for t in wb.themes.list()]
    assert names == [("Top", 0), ("Child", 1), ("Sibling", 2)]


def test_split_moves_chosen_codes_and_their_exemplars(wb: Workbench, ids: dict[str, int]) -> None:
    wb.themes.create("Top")
    wb.themes.create("Reliability", parent="Top", codes=["Turning up", "Regularity", "Honesty"])
    wb.themes.create("Zest", parent="Top")
    for code in ("turning-up", "regularity", "honesty"):
        wb.themes.add_exemplar("Reliability", ids[code])
    before = codings(wb)
    new = wb.themes.split("Reliability", "Routine", ["Regularity", "Honesty"]).theme
    assert new.name == "Routine" and new.status == "candidate" and new.parent == "top"
    assert new.codes == ("regularity", "honesty")
    assert [e.coding_id for e in new.exemplars] == [ids["regularity"], ids["honesty"]]
    # The new theme sits right after the one it came from.
    assert [t.name for t in wb.themes.list()] == ["Top", "Reliability", "Routine", "Zest"]
    old = wb.themes.get("Reliability")
    assert old.codes == ("turning-up",)
    assert [e.coding_id for e in old.exemplars] == [ids["turning-up"]]
    assert codings(wb) == before
    with pytest.raises(InputError):
        wb.themes.split("Reliability", "Other", ["Privacy"])  # not in the theme
    with pytest.raises(InputError):
        wb.themes.split("Reliability", "Other", [])
    with pytest.raises(Conflict):
        wb.themes.split("Reliability", "routine", ["Turning up"])
    assert wb.themes.get("Reliability").codes == ("turning-up",)


def test_discarding_a_theme_keeps_its_sub_themes(wb: Workbench, ids: dict[str, int]) -> None:
    wb.themes.create("Top")
    wb.themes.create("Reliability", parent="Top", codes=["Turning up"])
    wb.themes.create("Weekly", parent="Reliability", codes=["Regularity"])
    wb.themes.discard("Reliability")
    assert wb.themes.get("Weekly").parent == "top"
    assert [(t.name, t.depth) for t in wb.themes.list()] == [("Top", 0), ("Weekly", 1)]
    wb.themes.set_status("Top", "discarded")  # the same through the status
    assert wb.themes.get("Weekly").parent is None
    assert [s.name for s in wb.report.build().themes] == ["Weekly"]
    with pytest.raises(Conflict, match="discarded"):
        wb.themes.create("reliability")


def test_discard_and_status(wb: Workbench, ids: dict[str, int]) -> None:
    wb.themes.create("Reliability", codes=["Turning up"])
    for status in ("reviewed", "defined", "final", "candidate"):
        assert wb.themes.set_status("Reliability", status).theme.status == status
    with pytest.raises(InputError):
        wb.themes.set_status("Reliability", "done")
    assert wb.themes.get("Reliability").status == "candidate"
    before = codings(wb)
    gone = wb.themes.discard("Reliability").theme
    assert gone.status == "discarded"
    assert wb.themes.list() == []
    assert [t.name for t in wb.themes.list(include_discarded=True)] == ["Reliability"]
    assert "turning-up" in wb.themes.unthemed_codes()
    assert codings(wb) == before


def test_move_refuses_a_cycle(wb: Workbench, ids: dict[str, int]) -> None:
    wb.themes.create("A")
    wb.themes.create("B", parent="A")
    wb.themes.create("C", parent="B")
    with pytest.raises(InputError):
        wb.themes.move("A", "C")
    with pytest.raises(InputError):
        wb.themes.move("A", "A")
    assert wb.themes.get("A").parent is None and wb.themes.get("C").parent == "b"
    assert wb.themes.move("C", None).theme.parent is None
    assert wb.themes.move("B", "C").theme.parent == "c"
    assert [(t.name, t.depth) for t in wb.themes.list()] == [("A", 0), ("C", 0), ("B", 1)]


def test_move_order_is_a_position_among_siblings(wb: Workbench, ids: dict[str, int]) -> None:
    for name in ("A", "B", "C", "D"):
        wb.themes.create(name)
    wb.themes.move("D", None, order=2)
    assert [t.name for t in wb.themes.list()] == ["A", "D", "B", "C"]
    wb.themes.move("A", None, order=4)
    assert [t.name for t in wb.themes.list()] == ["D", "B", "C", "A"]
    wb.themes.move("C", None, order=1)
    assert [t.name for t in wb.themes.list()] == ["C", "D", "B", "A"]


def test_exemplars_add_order_trim_remove(wb: Workbench, ids: dict[str, int]) -> None:
    wb.themes.create("Honesty first", codes=["Honesty", "Privacy"])
    h, p, t = ids["honesty"], ids["privacy"], ids["turning-up"]
    assert wb.themes.add_exemplar("Honesty first", h).warnings == ()
    wb.themes.add_exemplar("Honesty first", p, position=1)
    assert [e.coding_id for e in wb.themes.get("Honesty first").exemplars] == [p, h]
    wb.themes.add_exemplar("Honesty first", t, position=2)
    assert [e.coding_id for e in wb.themes.get("Honesty first").exemplars] == [p, t, h]
    with pytest.raises(Conflict):
        wb.themes.add_exemplar("Honesty first", h)
    with pytest.raises(NotFound):
        wb.themes.add_exemplar("Honesty first", 99999)
    assert wb.themes.get("Honesty first").exemplars[1].coding_id == t
    assert wb.themes.remove_exemplar("Honesty first", t).warnings == ()
    warned = wb.themes.add_exemplar("Honesty first", t, position=2).warnings
    assert len(warned) == 1 and "Turning up" in warned[0]  # not a code of the theme
    # Reorder an existing exemplar.
    wb.themes.order_exemplar("Honesty first", h, 1)
    assert [e.coding_id for e in wb.themes.get("Honesty first").exemplars] == [h, p, t]
    wb.themes.order_exemplar("Honesty first", h, 3)
    assert [e.coding_id for e in wb.themes.get("Honesty first").exemplars] == [p, t, h]
    # Trimming: cuts marked [...] are fine; added, changed or reordered words are not.
    quote = "I tell them what I can and cannot keep private."
    ok = "I tell them [...] cannot keep private."
    assert wb.themes.trim_exemplar("Honesty first", p, ok).theme.exemplars[0].trimmed == ok
    for bad in (
        "I tell them what I can and cannot ever keep private.",  # adds a word
        "I tell them [...] can keep private.",  # drops "not" without marking the cut
        "I tell them [...] not keep private.",  # half of "cannot" is not a word they said
        "ell them what I can",  # cuts inside a word
        "keep private [...] I tell them",  # reorders
        "I always tell them [...] private.",
        "[...]",  # nothing left of the quote
    ):
        with pytest.raises(InputError):
            wb.themes.trim_exemplar("Honesty first", p, bad)
    with pytest.raises(InputError):
        wb.themes.add_exemplar("Honesty first", ids["regularity"], trimmed="Every single week")
    assert wb.themes.get("Honesty first").exemplars[0].trimmed == ok
    assert wb.themes.get("Honesty first").exemplars[0].text == quote
    assert wb.themes.trim_exemplar("Honesty first", p, None).theme.exemplars[0].trimmed is None
    wb.themes.remove_exemplar("Honesty first", t)
    assert [e.coding_id for e in wb.themes.get("Honesty first").exemplars] == [p, h]
    with pytest.raises(NotFound):
        wb.themes.remove_exemplar("Honesty first", t)
    assert coding_count(wb) == 4


def test_a_stale_version_is_caught_when_two_edits_race(
    wb: Workbench, ids: dict[str, int], backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend != "postgres":
        pytest.skip("SQLite serialises writers with BEGIN IMMEDIATE: edits cannot interleave")
    t = wb.themes.create("Reliability").theme
    bob = as_coder(wb, "bob")
    has_read, may_write = threading.Event(), threading.Event()
    original = ThemeService._bump

    def bob_pauses(self: ThemeService, *args: Any, **kwargs: Any) -> None:
        if self.ctx is bob.context:  # bob has read version 1 in his transaction; alice first
            has_read.set()
            may_write.wait(10)
        original(self, *args, **kwargs)

    monkeypatch.setattr(ThemeService, "_bump", bob_pauses)
    refused: list[Exception] = []

    def bob_defines() -> None:
        try:
            bob.themes.define(t.id, definition="Bob's.", version=t.version)
        except Conflict as exc:
            refused.append(exc)

    worker = threading.Thread(target=bob_defines)
    worker.start()
    assert has_read.wait(10)
    wb.themes.define(t.id, definition="Alice's.", version=t.version)
    may_write.set()
    worker.join(20)
    assert len(refused) == 1
    assert wb.themes.get(t.id).definition == "Alice's."


def test_adding_and_removing_codes_are_logged_by_the_codes_names(
    wb: Workbench, ids: dict[str, int]
) -> None:
    # The TUI passes code keys: the status line said "last: added turning-up to Reliability".
    wb.themes.create("Reliability", codes=["Honesty"])
    wb.themes.add_codes("Reliability", ["turning-up", "privacy"])
    assert wb.history.log()[-1].summary == "added Turning up, Privacy to Reliability"
    wb.themes.remove_codes("Reliability", ["turning-up"])
    assert wb.history.log()[-1].summary == "removed Turning up from Reliability"


def test_a_coding_id_beyond_any_database_id_is_not_found(
    wb: Workbench, ids: dict[str, int]
) -> None:
    """Starring coding 2**70 said "no coding", not a database error (SQLite cannot even
    bind it)."""
    wb.themes.create("Honesty first", codes=["Honesty"])
    with pytest.raises(NotFound, match="no coding"):
        wb.themes.add_exemplar("Honesty first", 2**70)
    assert wb.themes.get("Honesty first").exemplars == ()
