"""Prevalence of codes and themes, and the framework matrix: pure functions.

A theme counts each stretch of text once even when several of its codes (or several coders)
overlap on it: intervals are merged per transcript before anything is counted.

Merging and counting run over columns of numbers (numpy), one per field of the spans, not
over Python objects: at 500,000 codings (issue 15) building a stretch object per extract and
filing each under its groups was most of the time of a prevalence table. ``Merger`` numbers
each span's stretch over the spans' columns (``columns.SpanColumns``, read off a list of
spans when given one); ``_Filing`` counts the stretches and transcripts of each attribute
group (or matrix row) from those numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

import numpy as np

from themework.analysis.columns import CodedSpan, Ints, Numbers, SpanColumns, distinct

UNION = "union"

__all__ = ["BY_PLACE", "UNION", "CodedSpan", "MatrixCell", "Merger", "PrevalenceRow", "Stretch",
           "framework_matrix", "matrix_counts", "prevalence", "stretches"]


class Stretch(NamedTuple):
    transcript: str
    start: int
    end: int
    participants: frozenset[str]
    coding_ids: tuple[int, ...]


# (transcript, start, end, coding_id) by position: itemgetter is the faster of the two on
# named tuples, and stretches sorts every theme's spans with it.
BY_PLACE = itemgetter(1, 4, 5, 0)
_new = tuple.__new__  # skips the named tuple's Python-level constructor, fields in order
_ID, _END, _WHO = (itemgetter(i) for i in (0, 5, 6))


@dataclass(frozen=True)
class PrevalenceRow:
    item: str  # a code or theme id
    coder: str  # a coder's name, or "union"
    group: str | None  # an attribute value, None for the whole data set
    extracts: int  # stretches of text (overlaps counted once)
    transcripts: int
    participants: int
    participants_total: int  # participants in the group (the denominator)


@dataclass(frozen=True)
class Merged:
    """Spans in order of place, merged: per span, the number of its set of participants
    (``Merger``'s) and of its stretch (from 0, in order)."""

    columns: SpanColumns
    who: Ints
    stretch: Ints

    @property
    def where(self) -> Ints:
        return self.columns.where

    @property
    def count(self) -> int:
        """How many stretches."""
        return int(self.stretch[-1]) + 1 if len(self.stretch) else 0


def stretch_numbers(where: Ints, start: Ints, end: Ints) -> Ints:
    """Per span (in order of place), the number of the stretch it falls in: a new stretch
    begins at a new transcript or past the end of every span before it in the transcript
    (spans that overlap or touch merge)."""
    n = len(where)
    if not n:
        return np.zeros(0, np.int64)
    # Each transcript's offsets moved past the previous one's, so that one running maximum
    # of the ends serves every transcript (a new transcript's first start exceeds it).
    run = np.zeros(n, np.int64)
    np.cumsum(where[1:] != where[:-1], out=run[1:])
    run *= int(end.max()) + 1
    starts = run + start
    ends = np.maximum.accumulate(run + end)
    new = np.empty(n, np.bool_)
    new[0] = True
    np.greater(starts[1:], ends[:-1], out=new[1:])
    return np.cumsum(new, dtype=np.int64) - 1


class Merger:
    """Merges lists of spans into stretches, keeping each list's merge while the list lives:
    a report merges every theme's spans for its prevalence tables and again for its matrix.
    ``ordered``: every list comes sorted by ``BY_PLACE`` already, as the analysis service
    reads them, and is not sorted again (at 500,000 codings that sort was a third of a
    prevalence table). Sets of participants are numbered once for all the lists, as in
    ``sets`` first (``SpanColumns``'), so that their groups are worked out once."""

    def __init__(self, ordered: bool = False, sets: list[frozenset[str]] | None = None) -> None:
        self.ordered = ordered
        self.sets: Numbers[frozenset[str]] = Numbers(sets)
        # id -> (the list, its merge): holding the list keeps its id from being reused.
        self._kept: dict[int, tuple[Sequence[CodedSpan], Merged]] = {}

    def merged(self, spans: Sequence[CodedSpan], keep: bool = True) -> Merged:
        kept = self._kept.get(id(spans))
        if kept is not None and kept[0] is spans:
            return kept[1]
        if isinstance(spans, SpanColumns) and self.ordered:
            cols = spans
        else:  # read off the spans, numbering their sets here
            cols = SpanColumns.of(spans if self.ordered else sorted(spans, key=BY_PLACE),
                                  self.sets)
        who = cols.who
        if cols.sets is not self.sets.seen:  # numbered elsewhere: number them here
            who = np.array([self.sets[s] for s in cols.sets], np.int64)[who]
        merged = Merged(cols, who, stretch_numbers(cols.where, cols.start, cols.end))
        if keep:
            self._kept[id(spans)] = (spans, merged)
        return merged

    def stretches(self, spans: Sequence[CodedSpan]) -> list[Stretch]:
        """The stretches as objects, in order of place."""
        m = self.merged(spans)
        ordered, out = m.columns.spans(), []
        if not ordered:
            return []
        firsts = np.flatnonzero(np.diff(m.stretch, prepend=-1)).tolist()
        for a, b in zip(firsts, [*firsts[1:], len(ordered)], strict=True):
            cid, transcript, _code, _coder, start, end, people = ordered[a]
            if b - a == 1:  # most stretches are one coding
                out.append(_new(Stretch, (transcript, start, end, people, (cid,))))
                continue
            some = ordered[a:b]
            for who in map(_WHO, some):
                if who is not people and not who <= people:
                    people = people | who
            out.append(_new(Stretch, (transcript, start, max(map(_END, some)), people,
                                      tuple(map(_ID, some)))))
        return out


def stretches(spans: Iterable[CodedSpan], ordered: bool = False) -> list[Stretch]:
    """Merge overlapping or touching spans per transcript into stretches. ``ordered``: the
    spans come sorted by ``BY_PLACE`` (see ``Merger``)."""
    return Merger(ordered).stretches(list(spans))


class _Filing:
    """Files stretches under the groups (attribute values, or matrix rows) their speakers
    belong to, and counts them: one pass of numpy over every span of a list.

    A stretch counts in a group when any of its spans' speakers does; each set of speakers
    is looked up once (most spans share one of a few: a coding within one turn holds the set
    its speaker's codings share).
    """

    def __init__(self, group_of: Mapping[str, str | None], merger: Merger) -> None:
        self.group_of = group_of
        self.names = sorted({g for g in group_of.values() if g})
        self.number = {g: i for i, g in enumerate(self.names)}
        self.sets = merger.sets
        # Per set of speakers, by its number: how many groups, and where they start in flat.
        self.sizes: Ints = np.zeros(0, np.int64)
        self.offsets: Ints = np.zeros(0, np.int64)
        self.flat: Ints = np.zeros(0, np.int64)

    def _update(self) -> None:
        done = len(self.sizes)
        if done == len(self.sets.seen):
            return
        group_of, number = self.group_of, self.number
        groups = [
            sorted({number[g] for p in who if (g := group_of.get(p))})
            for who in self.sets.seen[done:]
        ]
        sizes = np.fromiter(map(len, groups), np.int64, len(groups))
        self.offsets = np.concatenate(
            [self.offsets, len(self.flat) + np.cumsum(sizes) - sizes])
        self.sizes = np.concatenate([self.sizes, sizes])
        self.flat = np.concatenate(
            [self.flat, np.fromiter((g for gs in groups for g in gs), np.int64)])

    def pairs(self, m: Merged) -> tuple[Ints, Ints]:
        """(span index, group number) for every group of every span's speakers."""
        self._update()
        sizes = self.sizes[m.who]
        span = np.repeat(np.arange(len(m.who)), sizes)
        # the k-th group of a span sits k places after its set's first in ``flat``
        k = np.arange(len(span)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        return span, self.flat[np.repeat(self.offsets[m.who], sizes) + k]

    def counts(self, m: Merged) -> tuple[Ints, Ints]:
        """Per group (by number): its stretches, and the transcripts they lie in."""
        span, group = self.pairs(m)
        size = len(self.names)
        return (
            _per_group(m.stretch[span], group, size),
            _per_group(m.where[span], group, size),
        )


def _per_group(things: Ints, group: Ints, size: int) -> Ints:
    """How many different ``things`` each group holds."""
    both = distinct(things * size + group)
    return np.bincount(both % size, minlength=size).astype(np.int64)


def prevalence(
    items: Mapping[str, Sequence[CodedSpan]],
    attributes: Mapping[str, Mapping[str, str]],
    *,
    by: str | None = None,
    per_coder: bool = False,
    merge: Merger | None = None,
) -> list[PrevalenceRow]:
    """Rows per item (and coder, and attribute group): extracts, transcripts, participants.

    ``attributes`` maps every participant in the study to its attributes: it gives the
    denominators, so a group nobody coded still shows with zero. With ``by``, the rows of the
    whole data set (group None) come first, then one per attribute value. ``merge`` makes
    the stretches (one kept to reuse them).
    """
    merger = merge or Merger()
    value_of: dict[str, str | None] = {}  # each participant's value of ``by``
    if by is not None:
        value_of = {p: a.get(by) or None for p, a in attributes.items()}
    filing = _Filing(value_of, merger)
    persons = _Filing({p: p for p in attributes}, merger)  # each one a group of their own
    group_of_person = np.array(
        [filing.number.get(value_of.get(p) or "", -1) for p in persons.names], np.int64)
    # The whole data set always comes first, so that a table by group still shows the total
    # (and the participants who have no value for the attribute are not lost).
    totals = [len(attributes)] + [0] * len(filing.names)
    for value in value_of.values():
        if value:
            totals[filing.number[value] + 1] += 1
    rows: list[PrevalenceRow] = []
    for item in sorted(items):
        spans = items[item]
        coders = sorted({sp.coder for sp in spans}) if per_coder else [UNION]
        for coder in coders:
            chosen = spans if coder == UNION else [sp for sp in spans if sp.coder == coder]
            # (a coder's own spans are a new list on every call: nothing to keep)
            m = merger.merged(chosen, keep=coder == UNION)
            figures = _figures(m, filing, persons, group_of_person)
            rows += [
                PrevalenceRow(item, coder, group, *f, total)
                for group, f, total in zip([None, *filing.names], figures, totals, strict=True)
            ]
    return rows


def _figures(
    m: Merged, filing: _Filing, persons: _Filing, group_of_person: Ints
) -> list[tuple[int, int, int]]:
    """(extracts, transcripts, participants) of the whole data set, then of each group.
    ``persons`` files under each participant of the study; ``group_of_person`` gives the
    number of each one's group, -1 for none."""
    if not m.count:
        return [(0, 0, 0)] * (len(filing.names) + 1)
    # A participant counts in their group when they speak in any of its stretches, that is
    # in any span at all: the span's stretch is filed under their group.
    present = distinct(persons.pairs(m)[1])
    groups = group_of_person[present]
    people = np.bincount(groups[groups >= 0], minlength=len(filing.names))
    extracts, transcripts = filing.counts(m)
    return [
        (m.count, len(distinct(m.where)), len(present)),
        *zip(extracts.tolist(), transcripts.tolist(), people.tolist(), strict=True),
    ]


def matrix_counts(
    themes: Mapping[str, Sequence[CodedSpan]],
    rows_of: Mapping[str, str | None],
    merge: Merger | None = None,
) -> dict[tuple[str, str], int]:
    """The extracts of ``framework_matrix``'s cells, by (row, theme), for the cells that
    have any: a report's matrix prints only these, and building every cell of 10,000
    participants by 20 themes took it half a second more."""
    merger = merge or Merger()
    filing = _Filing(rows_of, merger)
    counts: dict[tuple[str, str], int] = {}
    for theme, spans in themes.items():
        m = merger.merged(spans)
        if not m.count:
            continue
        extracts = filing.counts(m)[0]
        for row in np.flatnonzero(extracts).tolist():
            counts[(filing.names[row], theme)] = int(extracts[row])
    return counts


@dataclass(frozen=True)
class MatrixCell:
    row: str  # a participant or an attribute value
    theme: str
    extracts: int
    first_coding: int | None  # the first exemplar from this row, else its first extract
    summary: str


def framework_matrix(
    themes: Mapping[str, Sequence[CodedSpan]],
    rows_of: Mapping[str, str | None],
    exemplars: Mapping[str, Sequence[int]],
    notes: Mapping[tuple[str, str], str],
    merge: Merger | None = None,
) -> list[MatrixCell]:
    """Rows (participants, or attribute values via ``rows_of``) by themes.

    ``rows_of`` maps a participant to its row label (itself, or its attribute value).
    """
    merger = merge or Merger()
    filing = _Filing(rows_of, merger)
    cells: list[MatrixCell] = []
    for theme in sorted(themes):
        m = merger.merged(themes[theme])
        by_row = _stretches_by_row(m, filing)
        ids = m.columns.ids.tolist()
        firsts = np.flatnonzero(np.diff(m.stretch, prepend=-1)).tolist()  # by stretch
        # The stretch of each exemplar among these spans, in the order they were starred.
        starred = [(c, int(m.stretch[ids.index(c)])) for c in exemplars.get(theme, ())
                   if c in ids]
        for number, row in enumerate(filing.names):
            mine = by_row[number]
            note = notes.get((row, theme), "") if notes else ""
            if not len(mine):
                cells.append(MatrixCell(row, theme, 0, None, note))
                continue
            # The first exemplar from this row, else the row's first extract.
            first = ids[firsts[int(mine[0])]]
            if starred:
                in_row = set(mine.tolist())
                first = next((c for c, st in starred if st in in_row), first)
            cells.append(MatrixCell(row, theme, len(mine), first, note))
    return cells


def _stretches_by_row(m: Merged, filing: _Filing) -> list[Ints]:
    """Per row (by number), the numbers of the stretches filed under it, in order."""
    span, row = filing.pairs(m)
    count = max(m.count, 1)
    both = distinct(row * count + m.stretch[span])  # by row, then by stretch
    bounds = np.searchsorted(both, np.arange(1, len(filing.names)) * count)
    return np.split(both % count, bounds)
