"""Every coding as columns of numbers, placed in the turns it covers: what every analysis
counts, built without a Python object per coding (issue 15: 500,000 codings).

A coding covers the turns from the one holding its first character (the last turn whose
label starts at or before it) to the one holding its last character, the rule of
``domain.spans.turn_at``, here searched for every coding at once; a coding in the preamble,
before the first turn, covers none. Its participants are those speaking in those turns.

Pure: numbers in, numbers out.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from operator import itemgetter
from typing import Any, NamedTuple, TypeVar, overload

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
K = TypeVar("K", bound=Hashable)


# Named tuples, not dataclasses: a large project holds 500,000 of these, and building
# frozen dataclasses took a third of the time of a prevalence table.
class CodedSpan(NamedTuple):
    coding_id: int
    transcript: str
    code: str
    coder: str
    start: int
    end: int
    participants: frozenset[str]  # the participants speaking in the turns the coding covers


# (transcript ids, rows per transcript, columns over every row): ``repos.analysis_counts``
Folded = tuple[list[str], Ints, list[Ints]]


class Numbers(dict[K, int]):
    """Numbers things from 0 in the order they are first looked up; ``seen`` lists them
    (the list given, which grows)."""

    def __init__(self, seen: list[K] | None = None) -> None:
        super().__init__()
        self.seen: list[K] = [] if seen is None else seen
        for number, key in enumerate(self.seen):
            self.setdefault(key, number)

    def __missing__(self, key: K) -> int:
        self.seen.append(key)
        number = self[key] = len(self.seen) - 1
        return number


@dataclass(frozen=True, eq=False)
class SpanColumns(Sequence[CodedSpan]):
    """Spans, one column per field: the transcript as its place in ``places``, code and
    coder as their keys in ``codes`` and ``coders`` (database ids, as read), the participants
    as their place in ``sets``. A sequence of ``CodedSpan``, each made when asked for."""

    ids: Ints
    where: Ints
    code: Ints
    coder: Ints
    start: Ints
    end: Ints
    who: Ints
    places: Sequence[str]
    codes: Mapping[int, str]
    coders: Mapping[int, str]
    sets: list[frozenset[str]]

    @classmethod
    def of(
        cls, spans: Sequence[CodedSpan], sets: Numbers[frozenset[str]] | None = None
    ) -> SpanColumns:
        """The columns of these spans (in their order), numbering their sets of
        participants in ``sets``."""
        places: Numbers[str] = Numbers()
        codes: Numbers[str] = Numbers()
        coders: Numbers[str] = Numbers()
        sets = Numbers() if sets is None else sets

        def column(field: int, number: Mapping[Any, int] | None = None) -> Ints:
            values: Iterable[int] = map(itemgetter(field), spans)
            if number is not None:
                values = map(number.__getitem__, values)
            return np.fromiter(values, np.int64, len(spans))

        return cls(
            column(0), column(1, places), column(2, codes), column(3, coders), column(4),
            column(5), column(6, sets), places.seen, dict(enumerate(codes.seen)),
            dict(enumerate(coders.seen)), sets.seen,
        )

    def take(self, index: Ints) -> SpanColumns:
        """These rows only (in order)."""
        return replace(self, **{f: getattr(self, f)[index] for f in _COLUMNS})

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> CodedSpan: ...
    @overload
    def __getitem__(self, index: slice) -> SpanColumns: ...
    def __getitem__(self, index: int | slice) -> CodedSpan | SpanColumns:
        if isinstance(index, slice):
            return self.take(np.arange(len(self))[index])
        return _make_span((
            int(self.ids[index]), self.places[self.where[index]], self.codes[self.code[index]],
            self.coders[self.coder[index]], int(self.start[index]), int(self.end[index]),
            self.sets[self.who[index]],
        ))

    def __iter__(self) -> Iterator[CodedSpan]:
        return iter(self.spans())

    def spans(self) -> list[CodedSpan]:
        # Every field looked up by numpy in an array of objects, and the tuples made by
        # ``map``: no Python code runs per span (a third of the time, at 500,000).
        return list(map(_make_span, zip(
            self.ids.tolist(), _objects(self.places)[self.where].tolist(),
            _objects(self.codes)[self.code].tolist(), _objects(self.coders)[self.coder].tolist(),
            self.start.tolist(), self.end.tolist(), _objects(self.sets)[self.who].tolist(),
            strict=True,
        )))


def _objects(table: Sequence[object] | Mapping[int, object]) -> npt.NDArray[np.object_]:
    """A table as an array of objects, by number (a mapping's keys are small numbers)."""
    keys = range(len(table)) if isinstance(table, Sequence) else table.keys()
    out = np.empty(max(keys, default=-1) + 1, object)
    for key in keys:
        out[key] = table[key]
    return out


def distinct(values: Ints) -> Ints:
    """The different values, sorted (by a sort: numpy's ``unique`` hashes them, several
    times slower on these)."""
    if not len(values):
        return values
    ordered = np.sort(values, kind="stable")  # finds the runs in order (most of them)
    new = np.empty(len(ordered), np.bool_)
    new[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    return ordered[new]


_make_span = partial(tuple.__new__, CodedSpan)  # skips the named tuple's Python constructor
_COLUMNS = ("ids", "where", "code", "coder", "start", "end", "who")


def span_columns(
    codings: Folded,
    turns: Folded | None,
    speaking: Mapping[int, int],
    people: Mapping[int, str],
    codes: Mapping[int, str],
    coders: Mapping[int, str],
) -> SpanColumns:
    """``codings`` (id, code id, coder id, start, end) placed in ``turns`` (label start,
    speaker id; None: not placed, every set of participants empty). ``speaking``: the
    participant id of each speaker linked to one; ``people``: participant id -> pseudonym."""
    names = sorted({*codings[0], *(turns[0] if turns else ())})
    number = {name: i for i, name in enumerate(names)}
    where = _where(codings, number)
    ids, code, coder, start, end = codings[2]
    order = _sorting(where, start, end, ids)  # in order of place
    where, ids, code, coder, start, end = (c[order] for c in (where, ids, code, coder, start,
                                                                end))
    persons = sorted(people)
    sets: list[frozenset[str]] = [frozenset(), *(frozenset((people[p],)) for p in persons)]
    who = np.zeros(len(ids), np.int64)
    if turns is not None and len(ids):
        who = _placed(where, start, end, turns, number, speaking, persons, sets)
    return SpanColumns(ids, where, code, coder, start, end, who, names, codes, coders, sets)


def _sorting(*columns: Ints) -> Ints:
    """The order that sorts rows by these columns (of numbers from 0), the first first.

    Most often by one key made of them all, sorted by a stable sort, which finds the runs
    already in order (the database reads rows nearly sorted): a hundred times faster than
    ``np.lexsort`` at 500,000 codings.
    """
    sizes = [int(c.max(initial=0)) + 1 for c in columns]
    if math.prod(sizes) >= 2**62 or any(int(c.min(initial=0)) < 0 for c in columns):
        return np.lexsort(columns[::-1])
    key = np.zeros(len(columns[0]), np.int64)
    for column, size in zip(columns, sizes, strict=True):
        key *= size
        key += column
    return np.argsort(key, kind="stable")


def _where(folded: Folded, number: Mapping[str, int]) -> Ints:
    """Each row's transcript, by number."""
    return np.repeat(np.array([number[t] for t in folded[0]], np.int64), folded[1])


def _placed(
    where: Ints, start: Ints, end: Ints, turns: Folded, number: Mapping[str, int],
    speaking: Mapping[int, int], persons: Sequence[int], sets: list[frozenset[str]],
) -> Ints:
    """Per coding, the number in ``sets`` of the participants speaking in the turns it
    covers; sets of several participants are added to ``sets``."""
    twhere = _where(turns, number)
    tstart, speaker = turns[2]
    order = _sorting(twhere, tstart)
    twhere, tstart, speaker = twhere[order], tstart[order], speaker[order]
    # The set of each turn's participant: 0 (empty) for an interviewer or facilitator.
    place_of = {p: i + 1 for i, p in enumerate(persons)}
    by_speaker = np.zeros(int(speaker.max(initial=0)) + 1, np.int64)
    for sp, p in speaking.items():
        if sp < len(by_speaker):
            by_speaker[sp] = place_of.get(p, 0)
    turn_set = by_speaker[speaker]
    # One sorted key over every transcript's turns: each transcript's offsets moved past
    # the previous one's.
    size = int(max(start.max(), end.max(), tstart.max(initial=0))) + 2
    keys = twhere * size + tstart
    base = where * size
    first_of = np.searchsorted(keys, base, "left")  # the transcript's first turn
    first = np.maximum(np.searchsorted(keys, base + start, "right") - 1, first_of)
    last = np.searchsorted(keys, base + end - 1, "right") - 1
    who = np.zeros(len(where), np.int64)
    one = (last == first) & (last >= first_of)
    who[one] = turn_set[first[one]]
    known = {s: i for i, s in enumerate(sets)}
    for i in np.flatnonzero(last > first).tolist():  # over several turns: few
        together = frozenset().union(*(sets[t] for t in turn_set[first[i]:last[i] + 1]))
        if together not in known:
            known[together] = len(sets)
            sets.append(together)
        who[i] = known[together]
    return who
