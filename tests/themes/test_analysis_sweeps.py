"""The sweeps of prevalence, the framework matrix and co-occurrence were rewritten for speed
(issue 15: 500,000 codings); on random spans, with overlaps, touching codings, ties and
stretches over several speakers, they give exactly what the versions before did (kept here,
as they were, as the reference)."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations

import numpy as np
import pytest

from themework.analysis import cooccurrence as co
from themework.analysis.analysis_set import CONSENSUS, AnalysisSet, select_columns, select_spans
from themework.analysis.columns import SpanColumns
from themework.analysis.prevalence import (
    BY_PLACE,
    UNION,
    CodedSpan,
    MatrixCell,
    Merger,
    PrevalenceRow,
    Stretch,
    framework_matrix,
    matrix_counts,
    prevalence,
    stretches,
)

Pair = co.Pair


def old_stretches(spans: Iterable[CodedSpan]) -> list[Stretch]:
    """Merge overlapping or touching spans per transcript, one span at a time."""
    out: list[Stretch] = []
    for sp in sorted(spans, key=lambda sp: (sp.transcript, sp.start, sp.end, sp.coding_id)):
        last = out[-1] if out else None
        if last is None or last.transcript != sp.transcript or sp.start > last.end:
            out.append(Stretch(sp.transcript, sp.start, sp.end, sp.participants,
                               (sp.coding_id,)))
        else:
            out[-1] = Stretch(last.transcript, last.start, max(last.end, sp.end),
                              last.participants | sp.participants,
                              (*last.coding_ids, sp.coding_id))
    return out


def old_prevalence(
    items: Mapping[str, Sequence[CodedSpan]],
    attributes: Mapping[str, Mapping[str, str]],
    *,
    by: str | None = None,
    per_coder: bool = False,
) -> list[PrevalenceRow]:
    """Rows per item (and coder, and attribute group): extracts, transcripts, participants.

    ``attributes`` maps every participant in the study to its attributes: it gives the
    denominators, so a group nobody coded still shows with zero. With ``by``, the rows of the
    whole data set (group None) come first, then one per attribute value.
    """
    # The whole data set always comes first, so that a table by group still shows the total
    # (and the participants who have no value for the attribute are not lost).
    groups: dict[str | None, set[str]] = {None: set(attributes)}
    value_of: dict[str, str] = {}  # each participant's value of ``by``
    if by is not None:
        for person, attrs in attributes.items():
            value = attrs.get(by)
            if value:
                groups.setdefault(value, set()).add(person)
                value_of[person] = value
    rows: list[PrevalenceRow] = []
    for item in sorted(items):
        spans = items[item]
        coders = sorted({sp.coder for sp in spans}) if per_coder else [UNION]
        for coder in coders:
            chosen = spans if coder == UNION else [sp for sp in spans if sp.coder == coder]
            merged = old_stretches(chosen) if chosen else []
            # File each stretch under the groups its speakers belong to, in one pass.
            in_group: dict[str | None, list[Stretch]] = {None: merged}
            if by is not None:
                for st in merged:
                    for value in {value_of.get(p) for p in st.participants}:
                        if value:
                            in_group.setdefault(value, []).append(st)
            for group in sorted(groups, key=lambda g: (g is not None, g or "")):
                members = groups[group]
                mine = in_group.get(group, [])
                people = set().union(*(st.participants for st in mine)) & members if mine else set()
                rows.append(
                    PrevalenceRow(
                        item, coder, group, len(mine), len({st.transcript for st in mine}),
                        len(people), len(members),
                    )
                )
    return rows



def old_framework_matrix(
    themes: Mapping[str, Sequence[CodedSpan]],
    rows_of: Mapping[str, str | None],
    exemplars: Mapping[str, Sequence[int]],
    notes: Mapping[tuple[str, str], str],
) -> list[MatrixCell]:
    """Rows (participants, or attribute values via ``rows_of``) by themes.

    ``rows_of`` maps a participant to its row label (itself, or its attribute value).
    """
    row_labels = sorted({r for r in rows_of.values() if r})
    cells: list[MatrixCell] = []
    for theme in sorted(themes):
        merged = old_stretches(themes[theme]) if themes[theme] else []
        starred = list(exemplars.get(theme, ()))
        # One pass over the stretches, filed under each row they touch (never rows x stretches).
        by_row: dict[str, list[Stretch]] = {}
        for st in merged:
            for row in {rows_of.get(p) for p in st.participants}:
                if row:
                    by_row.setdefault(row, []).append(st)
        for row in row_labels:
            mine = by_row.get(row, [])
            ids = [cid for st in mine for cid in st.coding_ids]
            in_row = set(ids)
            first = next((c for c in starred if c in in_row), ids[0] if ids else None)
            cells.append(MatrixCell(row, theme, len(mine), first, notes.get((row, theme), "")))
    return cells

def old_by_overlap(spans: Iterable[tuple[str, str, int, int]]) -> list[Pair]:
    """``spans``: (transcript, code, start, end). Sweep each transcript's boundaries once."""
    per_transcript: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for transcript, code, start, end in spans:
        per_transcript[transcript].append((start, 1, code))
        per_transcript[transcript].append((end, -1, code))
    cover: dict[str, int] = defaultdict(int)
    inter: dict[tuple[str, str], int] = defaultdict(int)
    runs: dict[tuple[str, str], int] = defaultdict(int)
    for events in per_transcript.values():
        events.sort(key=lambda e: (e[0], e[1]))
        active: dict[str, int] = defaultdict(int)
        prev_pos: int | None = None
        prev_pairs: set[tuple[str, str]] = set()
        i = 0
        while i < len(events):
            pos = events[i][0]
            if prev_pos is not None and pos > prev_pos:
                length = pos - prev_pos
                codes = sorted(c for c, k in active.items() if k > 0)
                for c in codes:
                    cover[c] += length
                pairs = set(combinations(codes, 2))
                for p in pairs:
                    inter[p] += length
                    if p not in prev_pairs:
                        runs[p] += 1
                prev_pairs = pairs
            while i < len(events) and events[i][0] == pos:
                _, kind, code = events[i]
                active[code] += kind
                i += 1
            prev_pos = pos
            if not any(k > 0 for k in active.values()):
                prev_pairs = set()
    return sorted(
        (
            Pair(a, b, runs[p], round(inter[p] / (cover[a] + cover[b] - inter[p]), 4))
            for p in inter
            for a, b in [p]
        ),
        key=lambda p: (-p.jaccard, -p.n, p.a, p.b),
    )



PEOPLE = {f"P{i}": {"site": "AB"[i % 2], "role": ("nurse", "police", "")[i % 3]}
          for i in range(1, 8)}


def random_spans(seed: int) -> list[CodedSpan]:
    rnd = random.Random(seed)
    people = [*PEOPLE, "P9"]  # P9 speaks but has no attributes
    out = []
    for cid in rnd.sample(range(1, 1000), 160):
        start = rnd.randrange(0, 300)
        end = start + rnd.choice((1, 3, 10, 40))
        who = frozenset(rnd.sample(people, rnd.choice((0, 1, 1, 1, 2))))
        out.append(CodedSpan(cid, rnd.choice("xyz"), rnd.choice("abcd"),
                             rnd.choice(("alice", "bob")), start, end, who))
    # ties in place, touching codings of one code
    out.append(out[0]._replace(coding_id=1000, code="b"))
    out.append(out[1]._replace(coding_id=1001, start=out[1].end, end=out[1].end + 5))
    return out


@pytest.mark.parametrize("seed", range(8))
def test_one_merger_kept_over_spans_in_order_gives_what_the_old_sweeps_gave(seed: int) -> None:
    """As the analysis service calls them: every list in order of place, one ``Merger``
    kept for a report's prevalence tables, its matrix counts and the matrix."""
    items: dict[str, list[CodedSpan]] = {"none": []}
    for sp in sorted(random_spans(seed), key=BY_PLACE):
        items.setdefault(sp.code, []).append(sp)
        items.setdefault("all", []).append(sp)
    merger = Merger(ordered=True)
    for by in (None, "site", "role"):
        assert prevalence(items, PEOPLE, by=by, merge=merger) == old_prevalence(
            items, PEOPLE, by=by)
    for rows_of in ({p: p for p in PEOPLE}, {p: a["role"] for p, a in PEOPLE.items()}):
        got = framework_matrix(items, rows_of, {"all": [1000, 1001]}, {}, merger)
        assert got == old_framework_matrix(items, rows_of, {"all": [1000, 1001]}, {})
        assert matrix_counts(items, rows_of, merger) == {
            (c.row, c.theme): c.extracts for c in got if c.extracts}
    assert merger.stretches(items["all"]) == old_stretches(items["all"])


def old_select_spans(
    spans: list[CodedSpan], coders: Sequence[str] | None = None
) -> tuple[list[CodedSpan], AnalysisSet]:
    """The analysis set's rule one span at a time, as it was written first."""
    if coders:
        chosen = [sp for sp in spans if sp.coder in coders]
        own = sorted({sp.coder for sp in chosen} - {CONSENSUS})
        return chosen, AnalysisSet(tuple(coders), tuple(own), 0,
                                   len({sp.transcript for sp in chosen}))
    own = sorted({sp.coder for sp in spans} - {CONSENSUS})
    reconciled = {sp.transcript for sp in spans if sp.coder == CONSENSUS}
    chosen = [sp for sp in spans if (sp.coder == CONSENSUS) == (sp.transcript in reconciled)]
    return chosen, AnalysisSet((), tuple(own), len(reconciled),
                               len({sp.transcript for sp in chosen}))


@pytest.mark.parametrize("seed", range(8))
def test_the_analysis_set_and_prevalence_over_columns_give_what_the_old_ones_gave(
    seed: int,
) -> None:
    """As the service runs them since issue 15: the spans as columns, the analysis set
    chosen over them, each theme's spans taken from them."""
    rnd = random.Random(seed)
    spans = sorted(random_spans(seed), key=BY_PLACE)
    # a consensus coder on some transcripts (or none), agreeing with some codings
    for sp in rnd.sample(spans, rnd.choice((0, 5, 30))):
        spans.append(sp._replace(coding_id=sp.coding_id + 5000, coder=CONSENSUS))
    spans.sort(key=BY_PLACE)
    for coders in (None, ["alice"], ["bob", CONSENSUS], ["nobody"]):
        expected, info = old_select_spans(spans, coders)
        chosen, got = select_columns(SpanColumns.of(spans), coders)
        assert (chosen.spans(), got) == (expected, info)
        assert select_spans(spans, coders) == (expected, info)
        merger = Merger(ordered=True, sets=chosen.sets)
        items = {code: chosen.take(np.flatnonzero(chosen.code == number))
                 for number, code in chosen.codes.items()}
        lists = {code: [sp for sp in expected if sp.code == code] for code in items}
        for by in (None, "site", "role"):
            assert prevalence(items, PEOPLE, by=by, merge=merger) == old_prevalence(
                lists, PEOPLE, by=by)
            assert prevalence(items, PEOPLE, by=by, per_coder=True, merge=merger) == (
                old_prevalence(lists, PEOPLE, by=by, per_coder=True))
            # a merger numbering the sets of participants its own way
            assert prevalence(items, PEOPLE, by=by, merge=Merger(ordered=True)) == (
                old_prevalence(lists, PEOPLE, by=by))
        rows_of = {p: a["site"] for p, a in PEOPLE.items()}
        assert framework_matrix(items, rows_of, {"a": [1000]}, {}, merger) == (
            old_framework_matrix(lists, rows_of, {"a": [1000]}, {}))


@pytest.mark.parametrize("seed", range(8))
def test_the_faster_sweeps_give_what_the_old_ones_gave(seed: int) -> None:
    spans = random_spans(seed)
    items: dict[str, list[CodedSpan]] = {"none": []}
    for sp in spans:
        items.setdefault(sp.code, []).append(sp)
    items["ab"] = [sp for sp in spans if sp.code in "ab"]
    for by in (None, "site", "role"):
        for per_coder in (False, True):
            assert prevalence(items, PEOPLE, by=by, per_coder=per_coder) == old_prevalence(
                items, PEOPLE, by=by, per_coder=per_coder)
    exemplars = {"ab": [spans[5].coding_id, spans[3].coding_id], "c": [999999]}
    notes = {("P1", "a"): "a note"}
    for rows_of in ({p: p for p in PEOPLE}, {p: a["site"] for p, a in PEOPLE.items()}):
        got = framework_matrix(items, rows_of, exemplars, notes)
        assert got == old_framework_matrix(items, rows_of, exemplars, notes)
        # the report's matrix, counts alone
        assert matrix_counts(items, rows_of) == {
            (c.row, c.theme): c.extracts for c in got if c.extracts}
    assert any(c.extracts > 1 for c in got)
    assert stretches(spans) == old_stretches(spans)
    quads = [(sp.transcript, sp.code, sp.start, sp.end) for sp in spans]
    assert co.by_overlap(quads) == old_by_overlap(quads)
    assert co.by_overlap(quads)
