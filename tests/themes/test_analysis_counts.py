"""Codings are placed in turns (analysis.columns, over repos.analysis_counts) exactly as
the first search of in-memory turn tables placed them: on randomised projects with codings
over several turns and in the preamble, several coders and a reconciled transcript, every
analysis gives what that search gave."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text
from themes_setup import focus_group_study

from support import as_coder
from themework.analysis import cooccurrence as co
from themework.analysis.analysis_set import select_spans
from themework.analysis.prevalence import BY_PLACE, CodedSpan, prevalence, stretches
from themework.services.analysis import AnalysisService
from themework.services.coding import CodingRequest
from themework.services.coding_targets import Target
from themework.services.workbench import Workbench
from themework.store.models import Code, Coder, Coding
from themework.store.repos.analysis_counts import Folded, coding_columns_query
from themework.store.repos.turns import speaker_tables

CODES = ["Reliability", "Regularity", "Honesty", "Privacy", "Food"]


def old_spans(wb: Workbench) -> set[CodedSpan]:
    """What ``AnalysisService.spans`` computed before the database placed codings: every
    transcript's turns loaded, each coding's first and last character searched in them."""
    with wb.store.read() as s:
        keys = dict(s.query(Code.id, Code.key).all())
        names = dict(s.query(Coder.id, Coder.name).all())
        tables = speaker_tables(s)
        out = set()
        for c in s.query(Coding).all():
            starts, who = tables.get(c.transcript_id, ([], []))
            first = bisect_right(starts, c.start) - 1
            last = bisect_right(starts, c.end - 1) - 1
            people = frozenset(
                p for i in range(max(first, 0), last + 1) if (p := who[i]) is not None
            ) if last >= 0 else frozenset()
            out.add(CodedSpan(c.id, c.transcript_id, keys[c.code_id], names[c.coder_id],
                              c.start, c.end, people))
    return out


def random_project(wb: Workbench, tmp_path: Path, seed: int) -> None:
    """Two transcripts coded at random spans (often over several turns, sometimes in the
    interview's preamble) by alice, bob and the bench's coder; FG reconciled."""
    focus_group_study(wb, tmp_path)
    rnd = random.Random(seed)
    coders = {n: as_coder(wb, n) for n in ("alice", "bob")} | {"me": wb}
    for name in ("P01", "FG"):
        size = len(wb.transcripts.text(name).text)
        for _ in range(25):
            start = rnd.randrange(0, size - 1)
            end = min(size, start + rnd.choice((1, 5, 30, 120, 400)))
            who = coders[rnd.choice(list(coders))]
            who.coding.apply(CodingRequest(name, rnd.choice(CODES), Target(span=(start, end))))
    # Codings both alice and bob made on FG become its consensus codings.
    fg = len(wb.transcripts.text("FG").text)
    for _ in range(4):
        start = rnd.randrange(0, fg - 50)
        target, code = Target(span=(start, start + rnd.randrange(5, 50))), rnd.choice(CODES)
        for name in ("alice", "bob"):
            coders[name].coding.apply(CodingRequest("FG", code, target))
    assert wb.reconcile.accept_agreed(["alice", "bob"]) >= 1
    parent = wb.themes.create("Being there", codes=["Reliability", "Regularity"]).theme.id
    wb.themes.create("Week by week", parent=parent, codes=["Food"])
    wb.themes.create("Honesty first", codes=["Honesty", "Privacy", "Regularity"])


@pytest.mark.parametrize("seed", [15, 3, 8])
def test_codings_are_placed_in_turns_as_before_and_every_analysis_agrees(
    wb: Workbench, tmp_path: Path, seed: int
) -> None:
    random_project(wb, tmp_path, seed=seed)
    old = old_spans(wb)
    with wb.store.read() as s:
        new = AnalysisService.spans(s)
        assert set(new) == old and len(new) == len(old)
        assert set(AnalysisService.spans(s, "alice")) == {sp for sp in old if sp.coder == "alice"}
    assert any(len(sp.participants) > 1 for sp in old)  # codings over several turns
    assert any(not sp.participants for sp in old)  # in the preamble or an interviewer's turn
    chosen, info = select_spans(old)
    assert info.reconciled == 1
    attrs = {p.pseudonym: dict(p.attributes) for p in wb.participants.list()}
    for by in (None, "site"):
        got = wb.analysis.prevalence("code", by=by)
        items: dict[str, list[CodedSpan]] = {k: [] for k in got.names}
        for sp in chosen:
            items.setdefault(sp.code, []).append(sp)
        assert list(got.rows) == prevalence(items, attrs, by=by)
    pairs = co.by_overlap((sp.transcript, sp.code, sp.start, sp.end) for sp in chosen)
    assert wb.analysis.cooccurrence("overlap").pairs == tuple(pairs)
    matrix = wb.analysis.matrix()
    assert {c.extracts for c in matrix.cells} != {0}


def test_the_rows_of_a_transcript_may_come_in_any_order(
    wb: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neither database promises the order of the values it folds per transcript: shuffled
    within each transcript, codings and turns give the same spans."""
    import themework.services.analysis as service
    from themework.store.repos.analysis_counts import coding_columns, turn_columns

    random_project(wb, tmp_path, seed=3)

    def shuffled(read: Callable[..., Folded]) -> Callable[..., Folded]:
        def read_shuffled(*args: object) -> Folded:
            folded = read(*args)
            rnd, order, at = random.Random(0), [], 0
            for count in folded.counts.tolist():
                rows = list(range(at, at + count))
                rnd.shuffle(rows)
                order += rows
                at += count
            return folded._replace(columns=[c[order] for c in folded.columns])
        return read_shuffled

    monkeypatch.setattr(service, "coding_columns", shuffled(coding_columns))
    monkeypatch.setattr(service, "turn_columns", shuffled(turn_columns))
    with wb.store.read() as s:
        new = AnalysisService.spans(s)
    assert len(new) == len(old_spans(wb)) and set(new) == old_spans(wb)
    assert new == sorted(new, key=BY_PLACE)


def analysis_plan(wb: Workbench) -> str:
    with wb.store.read() as s:
        dialect = s.get_bind().dialect
        sql = str(coding_columns_query(dialect.name).compile(
            dialect=dialect, compile_kwargs={"literal_binds": True}))
        if dialect.name == "postgresql":
            s.execute(text("SET LOCAL enable_seqscan = off"))
            return "\n".join(r[0] for r in s.execute(text("EXPLAIN " + sql)))
        return "sqlite\n" + "\n".join(r[3] for r in s.execute(text("EXPLAIN QUERY PLAN " + sql)))


def test_analysis_reads_the_codings_from_their_index_never_the_coding_table(
    wb: Workbench, tmp_path: Path
) -> None:
    """The plan bench/scale10.py prints at 500,000 codings too (the coding table holds the
    quotes and context, most of a large project's file). PostgreSQL's planner prefers scans
    of tables this small, so there it is asked whether an index can serve at all."""
    random_project(wb, tmp_path, seed=1)
    shown = analysis_plan(wb)
    if "sqlite" in shown:
        assert "COVERING INDEX ix_coding_place" in shown, shown
    else:
        assert "Seq Scan on coding" not in shown, shown


def test_spans_come_in_order_of_place_so_that_stretches_need_not_sort_them(
    wb: Workbench, tmp_path: Path
) -> None:
    """Stretches trust the order the service reads spans in (``ordered``): were a span out
    of place, a theme's extracts would be miscounted."""
    random_project(wb, tmp_path, seed=15)
    with wb.store.read() as s:
        new = AnalysisService.spans(s)
    assert new == sorted(old_spans(wb), key=BY_PLACE)
    themed = [sp for sp in new if sp.code in {sp.code for sp in new[::2]}]
    assert stretches(themed, ordered=True) == stretches(list(reversed(themed)))
    assert 0 < len(stretches(themed)) < len(themed)  # some codings overlap


def test_co_occurrence_reads_codings_unplaced_and_prevalence_after_it_still_counts_people(
    wb: Workbench, tmp_path: Path
) -> None:
    """Co-occurrence reads codings without the participants who speak in them; the spans it
    keeps must not stand in for placed ones in a prevalence table that follows."""
    random_project(wb, tmp_path, seed=3)
    with wb.store.read() as s:
        unplaced = AnalysisService.spans(s, placed=False)
    assert {sp._replace(participants=frozenset()) for sp in old_spans(wb)} == set(unplaced)
    expected = wb.analysis.prevalence("code", by="site")
    fresh = AnalysisService(wb.analysis.ctx)
    for unit in ("overlap", "turn"):
        assert fresh.cooccurrence(unit) == wb.analysis.cooccurrence(unit)
    got = fresh.prevalence("code", by="site")
    assert got == expected and any(r.participants for r in got.rows)
