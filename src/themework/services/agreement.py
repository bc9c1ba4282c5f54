"""Agreement between coders over a project's data: what counts as a unit, which transcripts
count, and the exclusive sets of codes; the statistics live in ``analysis``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from themework.analysis.agreement import (
    AgreementReport,
    UnitList,
    UnitSpace,
    character_agreement,
    unit_agreement,
)
from themework.analysis.agreement_sets import (
    Row,
    SetAgreement,
    character_rows,
    set_agreement,
    unit_rows,
)
from themework.domain.errors import InputError
from themework.store.repos.coders import coded_spans, coder_names, statuses
from themework.store.repos.codes import CodeIndex
from themework.store.repos.transcripts import texts_of, transcript_id, transcript_names
from themework.store.repos.turns import Speaking, utterance_spans

if TYPE_CHECKING:
    from themework.store.engine import Store

UNITS = ("character", "turn", "sentence")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def agreement(
    store: Store,
    coders: Sequence[str],
    *,
    unit: str = "character",
    codes: Sequence[str] = (),
    transcripts: Sequence[str] = (),
    all_speakers: bool = False,
    min_coders: int | None = None,
) -> AgreementReport:
    """Agreement between coders over the transcripts they all marked done, or at least
    ``min_coders`` of them (the others' values are missing: alpha takes the values
    present, Fleiss' kappa needs complete data and says so).

    The units are the participants' turns (speakers linked to a participant) and what
    lies in them; an interviewer's or facilitator's turn nobody codes would otherwise count
    as agreement that the code is absent. ``all_speakers`` counts every turn. Exclusive
    sets of codes get the multi-category figures in ``report.sets``.
    """
    if unit not in UNITS:
        raise InputError(f"the unit is one of {', '.join(UNITS)}")
    if len(set(coders)) < 2:
        raise InputError("agreement needs at least two different coders")
    if min_coders is not None and not 2 <= min_coders <= len(set(coders)):
        raise InputError(f"the minimum number of coders is between 2 and {len(set(coders))}")
    with store.read() as s:
        data = _read(s, coders, codes, transcripts, all_speakers, with_text=unit == "sentence")
    if unit == "character":
        report = _by_character(data, coders, min_coders)
    else:
        report = _by_unit(data, coders, unit, min_coders)
    return replace(report, speakers="all" if all_speakers else "participants")


@dataclass(frozen=True)
class _Data:
    """What agreement reads, keyed by transcript name: the countable spans (utterances),
    who marked each transcript done, the codings, and texts when sentences are the unit."""

    code_keys: list[str] | None
    sets: dict[str, tuple[str, ...]]
    utterances: dict[str, list[tuple[int, int]]]
    done: dict[str, frozenset[str]]
    codings: list[tuple[str, str, str, int, int]]  # source, code, coder, start, end
    texts: dict[str, str]


def _read(
    s: Session,
    coders: Sequence[str],
    codes: Sequence[str],
    transcripts: Sequence[str],
    all_speakers: bool,
    with_text: bool,
) -> _Data:
    index = CodeIndex(s)
    code_keys = [index.get(c).key for c in codes] or None
    names = transcript_names(s)
    wanted = {transcript_id(s, t) for t in transcripts} or set(names)
    known = set(coder_names(s))
    unknown = [c for c in coders if c not in known]
    if unknown:
        raise InputError(f"no coder named {', '.join(unknown)} in this project")
    done: dict[str, set[str]] = {}
    for row in statuses(s):
        if row.status == "done":
            done.setdefault(row.transcript_id, set()).add(row.coder)
    # A transcript with no participant's turn still counts, with no units.
    utterances: dict[str, list[tuple[int, int]]] = {names[tid]: [] for tid in wanted}
    speaking: Speaking = "everyone" if all_speakers else "participants"
    for tid, start, end in utterance_spans(s, wanted, speaking):
        utterances[names[tid]].append((start, end))
    codings = [
        (names[tid], index.by_id[cid].key, coder, start, end)
        for tid, cid, coder, start, end in coded_spans(s, coders, wanted)
    ]
    texts = {}
    if with_text:
        texts = {names[tid]: text for tid, text in texts_of(s, wanted).items()}
    return _Data(
        code_keys,
        _exclusive_sets(index, code_keys),
        {name: sorted(spans) for name, spans in utterances.items()},
        {names[tid]: frozenset(done.get(tid, set())) for tid in wanted},
        codings,
        texts,
    )


def _by_character(data: _Data, coders: Sequence[str], min_coders: int | None) -> AgreementReport:
    spaces = [
        UnitSpace(name, tuple(spans), data.done[name]) for name, spans in data.utterances.items()
    ]
    report = character_agreement(
        data.codings, spaces, coders, data.code_keys, min_done=min_coders
    )
    counted = set(report.sources)
    rows = {
        parent: character_rows(
            ((sp, _judged(sp.done, coders)) for sp in spaces if sp.source in counted),
            (
                (source, code, coders.index(coder), start, end)
                for source, code, coder, start, end in data.codings
                if code in children and source in counted
            ),
        )
        for parent, children in data.sets.items()
    }
    return replace(report, sets=_sets(data.sets, rows, coders, "character"))


def _by_unit(
    data: _Data, coders: Sequence[str], unit: str, min_coders: int | None
) -> AgreementReport:
    units: dict[str, list[tuple[int, int]]] = {}
    for name, spans in data.utterances.items():
        if unit == "turn":
            units[name] = spans
        else:
            text = data.texts[name]
            units[name] = [
                (a + m.start(), a + m.end())
                for a, b in spans
                for m in _SENTENCE.finditer(text[a:b])
                if m.group().strip()
            ]
    lists = [UnitList(name, tuple(range(len(units[name]))), data.done[name]) for name in units]
    decisions = set()
    for source, code, coder, start, end in data.codings:
        spans = units.get(source, [])
        starts = [a for a, _ in spans]
        i = max(0, bisect.bisect_right(starts, start) - 1)
        while i < len(spans) and spans[i][0] < end:
            if spans[i][1] > start:
                decisions.add((source, i, code, coder))
            i += 1
    report = unit_agreement(
        decisions, lists, coders, data.code_keys, unit=unit, min_done=min_coders
    )
    counted = set(report.sources)
    rows = {
        parent: unit_rows(
            (
                (ul.source, len(ul.units), _judged(ul.done, coders))
                for ul in lists
                if ul.source in counted
            ),
            (
                (source, item, code, coders.index(coder))
                for source, item, code, coder in decisions
                if code in children and source in counted
            ),
        )
        for parent, children in data.sets.items()
    }
    return replace(report, sets=_sets(data.sets, rows, coders, unit))

def _exclusive_sets(index: CodeIndex, wanted: Sequence[str] | None) -> dict[str, tuple[str, ...]]:
    """Each exclusive parent code (all, or those in ``wanted``) with its active children."""
    out: dict[str, tuple[str, ...]] = {}
    for code in index.ordered():
        if not code.exclusive or code.status != "active":
            continue
        if wanted is not None and code.key not in wanted:
            continue
        out[code.key] = tuple(
            c.key for c in index.ordered() if c.parent_id == code.id and c.status == "active"
        )
    return out


def _judged(done: frozenset[str], coders: Sequence[str]) -> tuple[bool, ...]:
    return tuple(c in done for c in coders)


def _sets(
    sets: dict[str, tuple[str, ...]],
    rows: dict[str, list[Row]],
    coders: Sequence[str],
    unit: str,
) -> MappingProxyType[str, SetAgreement]:
    return MappingProxyType(
        {
            parent: set_agreement(parent, children, rows[parent], coders, unit)
            for parent, children in sets.items()
        }
    )
