"""Prevalence of codes and themes, and the framework matrix: pure functions.

A theme counts each stretch of text once even when several of its codes (or several coders)
overlap on it: intervals are merged per transcript before anything is counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

UNION = "union"


# Named tuples, not dataclasses: a large project holds 50,000 of these per analysis, and
# building frozen dataclasses took a third of the time of a prevalence table.
class CodedSpan(NamedTuple):
    coding_id: int
    transcript: str
    code: str
    coder: str
    start: int
    end: int
    participants: frozenset[str]  # the participants speaking in the turns the coding covers


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


@dataclass(frozen=True)
class PrevalenceRow:
    item: str  # a code or theme id
    coder: str  # a coder's name, or "union"
    group: str | None  # an attribute value, None for the whole data set
    extracts: int  # stretches of text (overlaps counted once)
    transcripts: int
    participants: int
    participants_total: int  # participants in the group (the denominator)


def stretches(spans: Iterable[CodedSpan], ordered: bool = False) -> list[Stretch]:
    """Merge overlapping or touching spans per transcript into stretches.

    One sort and one pass over plain tuples: a prevalence table runs this over every
    theme's spans. ``ordered``: the spans come sorted by ``BY_PLACE`` already, as the
    analysis service reads them, and are not sorted again (at 500,000 codings that sort was
    a third of a prevalence table: its keys touch every span, spread over the whole heap).
    """
    out: list[Stretch] = []
    current: str | None = None
    start = end = 0
    people: frozenset[str] = frozenset()
    ids: list[int] = []
    for cid, transcript, _code, _coder, s, e, who in (
        spans if ordered else sorted(spans, key=BY_PLACE)
    ):
        if transcript != current or s > end:
            if current is not None:
                out.append(_new(Stretch, (current, start, end, people, tuple(ids))))
            current, start, end, people, ids = transcript, s, e, who, [cid]
            continue
        if e > end:
            end = e
        if who is not people and not who <= people:
            people = people | who
        ids.append(cid)
    if current is not None:
        out.append(_new(Stretch, (current, start, end, people, tuple(ids))))
    return out


class KeptStretches:
    """``stretches``, kept for each list of spans it was given while that list lives: a
    report merges every theme's spans for its prevalence tables and again for its matrix.
    ``ordered``: every list comes sorted by ``BY_PLACE`` (see ``stretches``)."""

    def __init__(self, ordered: bool = False) -> None:
        self.ordered = ordered
        # id -> (the list, its stretches): holding the list keeps its id from being reused.
        self._kept: dict[int, tuple[Sequence[CodedSpan], list[Stretch]]] = {}

    def __call__(self, spans: Sequence[CodedSpan]) -> list[Stretch]:
        kept = self._kept.get(id(spans))
        if kept is None or kept[0] is not spans:
            kept = self._kept[id(spans)] = (spans, stretches(spans, self.ordered))
        return kept[1]


Merge = Callable[[Sequence[CodedSpan]], list[Stretch]]


def prevalence(
    items: Mapping[str, Sequence[CodedSpan]],
    attributes: Mapping[str, Mapping[str, str]],
    *,
    by: str | None = None,
    per_coder: bool = False,
    merge: Merge = stretches,
) -> list[PrevalenceRow]:
    """Rows per item (and coder, and attribute group): extracts, transcripts, participants.

    ``attributes`` maps every participant in the study to its attributes: it gives the
    denominators, so a group nobody coded still shows with zero. With ``by``, the rows of the
    whole data set (group None) come first, then one per attribute value. ``merge`` makes
    the stretches (``KeptStretches`` to reuse them).
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
    order = sorted(groups, key=lambda g: (g is not None, g or ""))
    filing = _Filing(value_of)
    rows: list[PrevalenceRow] = []
    for item in sorted(items):
        spans = items[item]
        coders = sorted({sp.coder for sp in spans}) if per_coder else [UNION]
        for coder in coders:
            chosen = spans if coder == UNION else [sp for sp in spans if sp.coder == coder]
            # (a coder's own spans are a new list on every call: nothing to reuse)
            merged = (merge if coder == UNION else stretches)(chosen) if chosen else []
            in_group = filing.file(merged) if by is not None else {}
            in_group[None] = merged
            for group in order:
                members = groups[group]
                mine = in_group.get(group, ())
                people = set().union(*map(_WHO, mine)) & members if mine else ()
                rows.append(
                    PrevalenceRow(
                        item, coder, group, len(mine), len(set(map(_WHERE, mine))),
                        len(people), len(members),
                    )
                )
    return rows


_WHERE = itemgetter(0)  # a stretch's transcript
_WHO = itemgetter(3)  # a stretch's participants


class _Filing:
    """Files stretches under the rows or groups their speakers belong to, in one pass.

    Most stretches share one of a few sets of speakers (a coding within one turn holds the
    set its speaker's codings share), so each set's groups are worked out once.
    """

    def __init__(self, group_of: Mapping[str, str | None]) -> None:
        self.group_of = group_of
        self.known: dict[frozenset[str], tuple[str, ...]] = {}

    def file(self, merged: Sequence[Stretch]) -> dict[str | None, list[Stretch]]:
        known, group_of = self.known, self.group_of
        out: dict[str | None, list[Stretch]] = {}
        for st in merged:
            who = st[3]
            found = known.get(who)
            if found is None:
                found = known[who] = tuple(
                    sorted({g for p in who if (g := group_of.get(p))})
                )
            for group in found:
                if group in out:
                    out[group].append(st)
                else:
                    out[group] = [st]
        return out


def matrix_counts(
    themes: Mapping[str, Sequence[CodedSpan]],
    rows_of: Mapping[str, str | None],
    merge: Merge = stretches,
) -> dict[tuple[str, str], int]:
    """The extracts of ``framework_matrix``'s cells, by (row, theme), for the cells that
    have any: a report's matrix prints only these, and building every cell of 10,000
    participants by 20 themes took it half a second more."""
    filing = _Filing(rows_of)
    counts: dict[tuple[str, str], int] = {}
    for theme, spans in themes.items():
        for row, mine in filing.file(merge(spans) if spans else []).items():
            if row is not None:  # (the filing never makes a row None)
                counts[(row, theme)] = len(mine)
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
    merge: Merge = stretches,
) -> list[MatrixCell]:
    """Rows (participants, or attribute values via ``rows_of``) by themes.

    ``rows_of`` maps a participant to its row label (itself, or its attribute value).
    """
    row_labels = sorted({r for r in rows_of.values() if r})
    filing = _Filing(rows_of)
    cells: list[MatrixCell] = []
    for theme in sorted(themes):
        merged = merge(themes[theme]) if themes[theme] else []
        starred = list(exemplars.get(theme, ()))
        # One pass over the stretches, filed under each row they touch (never rows x stretches).
        by_row = filing.file(merged)
        for row in row_labels:
            mine = by_row.get(row)
            note = notes.get((row, theme), "") if notes else ""
            if not mine:
                cells.append(MatrixCell(row, theme, 0, None, note))
                continue
            # The first exemplar from this row, else the row's first extract.
            first = mine[0].coding_ids[0]
            if starred:
                in_row = {cid for st in mine for cid in st.coding_ids}
                first = next((c for c in starred if c in in_row), first)
            cells.append(MatrixCell(row, theme, len(mine), first, note))
    return cells
