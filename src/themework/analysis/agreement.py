"""Agreement between coders: at character level and over discrete units (turns, sentences).

Character level, per code and source: each coder's own codings are merged first (overlapping
or touching codings by one coder count once), clipped to the countable intervals (utterance
spans: labels and blank lines don't count), then all coders' boundaries are swept into
weighted segments, each counting as many units as it has characters; nothing is allocated
per character. Only sources that every compared coder marked done count (or, with
``min_done``, at least that many; the others are missing data, which only Krippendorff's
alpha accepts). Pooled figures come from summed counts, never from averaged coefficients.

The coefficients themselves live in ``agreement_stats`` and the unit types (``UnitSpace``,
``UnitList``) in ``agreement_units``; both are re-exported here.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from themework.analysis.agreement_report import Agreement, Scope, Summariser, Tally, pool
from themework.analysis.agreement_stats import (
    Alpha,
    Kappa,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha_nominal,
    landis_koch,
    pabak,
    percent_agreement,
)
from themework.analysis.agreement_units import UnitList, UnitSpace
from themework.domain.spans import merge_intervals

if TYPE_CHECKING:
    from themework.analysis.agreement_sets import SetAgreement

__all__ = [
    "Agreement",
    "AgreementReport",
    "Alpha",
    "Kappa",
    "UnitList",
    "UnitSpace",
    "character_agreement",
    "cohen_kappa",
    "fleiss_kappa",
    "krippendorff_alpha_nominal",
    "landis_koch",
    "pabak",
    "percent_agreement",
    "unit_agreement",
]

Coding = tuple[str, str, str, int, int]  # source, code, coder, start, end
Decision = tuple[str, Hashable, str, str]  # source, unit, code, coder


_merge = merge_intervals  # overlapping or touching intervals become one


@dataclass(frozen=True)
class AgreementReport:
    """Agreement of ``coders`` on ``codes`` over the counted ``sources``.

    ``by_code_source[(code, source)]`` is one code in one source, ``by_code`` one code pooled
    over the sources: their units are the units themselves. ``by_source`` is one source pooled
    over the codes and ``pooled`` everything: binary agreement over unit x code pairs (each
    unit counts once per code), so their ``n_units`` count pairs, not units. ``n_units`` is
    the number of units in the counted sources, ``source_units`` the same per source.
    ``excluded`` names the sources left out and why. ``speakers`` says whose turns were
    counted ("participants" or "all"); the caller sets it, the statistics don't need it.
    ``sets`` holds the multi-category figures of each exclusive set of codes, by parent code
    (``agreement_sets``), when the caller computed them.
    """

    unit: str
    coders: tuple[str, ...]
    codes: tuple[str, ...]
    sources: tuple[str, ...]
    excluded: tuple[tuple[str, str], ...]
    pooled: Agreement
    by_code: Mapping[str, Agreement]
    by_source: Mapping[str, Agreement]
    by_code_source: Mapping[tuple[str, str], Agreement]
    n_units: int = 0
    source_units: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    min_coders: int = 0
    speakers: str = "all"
    sets: Mapping[str, SetAgreement] = field(default_factory=lambda: MappingProxyType({}))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data: the per code and source cells nested as code -> source -> cell."""
        nested: dict[str, dict[str, Any]] = {}
        for (code, source), cell in self.by_code_source.items():
            nested.setdefault(code, {})[source] = cell.to_dict()
        return {
            "unit": self.unit,
            "speakers": self.speakers,
            "coders": list(self.coders),
            "min_coders": self.min_coders,
            "codes": list(self.codes),
            "sources": list(self.sources),
            "n_units": self.n_units,
            "source_units": dict(self.source_units),
            "pooled_over": f"{self.unit} x code pairs",
            "excluded": [{"source": s, "reason": why} for s, why in self.excluded],
            "pooled": self.pooled.to_dict(),
            "by_code": {code: cell.to_dict() for code, cell in self.by_code.items()},
            "by_source": {source: cell.to_dict() for source, cell in self.by_source.items()},
            "by_code_source": nested,
            "exclusive_sets": {name: figures.to_dict() for name, figures in self.sets.items()},
        }


def _check_coders(coders: Sequence[str], min_done: int | None) -> tuple[tuple[str, ...], int]:
    names = tuple(coders)
    if len(names) < 2 or len(set(names)) != len(names):
        raise ValueError("agreement compares two or more distinct coders")
    need = len(names) if min_done is None else min_done
    if not 2 <= need <= len(names):
        raise ValueError(f"min_done must be between 2 and {len(names)}")
    return names, need


def _counted(
    spaces: Iterable[UnitSpace | UnitList], coders: tuple[str, ...], need: int
) -> tuple[dict[str, int], list[tuple[str, str]], dict[str, UnitSpace | UnitList]]:
    """Judged-coder masks of the counted sources, and the excluded sources with reasons."""
    by_source: dict[str, UnitSpace | UnitList] = {}
    counted: dict[str, int] = {}
    excluded: list[tuple[str, str]] = []
    for space in spaces:
        if space.source in by_source:
            raise ValueError(f"source {space.source!r} is given twice")
        by_source[space.source] = space
        mask = sum(1 << i for i, coder in enumerate(coders) if coder in space.done)
        if mask.bit_count() >= need:
            counted[space.source] = mask
        else:
            missing = ", ".join(c for c in coders if c not in space.done)
            excluded.append((space.source, f"not marked done by {missing}"))
    return counted, sorted(excluded), by_source


def _report(
    unit: str,
    coders: tuple[str, ...],
    need: int,
    codes: tuple[str, ...],
    counted: Mapping[str, int],
    totals: Mapping[str, int],
    tallies: Mapping[tuple[str, str], Tally],
    excluded: list[tuple[str, str]],
) -> AgreementReport:
    summary = Summariser(coders)
    sources = tuple(sorted(counted))
    who = "every one of these coders" if need == len(coders) else f"{need} of these coders"
    nothing = f"no source was marked done by {who}"
    empty_unit = f"there is no countable {unit} here"
    cells: dict[tuple[str, str], Agreement] = {}
    code_tallies: dict[str, Tally] = {code: {} for code in codes}
    source_tallies: dict[str, Tally] = {source: {} for source in sources}
    for code in codes:
        code_tally = code_tallies[code]
        for source in sources:
            tally = tallies.get((code, source))
            if tally is None:
                tally = {(counted[source], 0): totals[source]} if totals[source] else {}
            scope = Scope(code, source, unit, 1, empty_unit)
            cells[(code, source)] = summary.cell(tally, scope)
            for key, weight in tally.items():
                code_tally[key] = code_tally.get(key, 0) + weight
                into = source_tallies[source]
                into[key] = into.get(key, 0) + weight
    n = len(sources)
    empty_pooled = nothing if not n else f"there is no countable {unit} in these sources"
    by_code = {
        code: summary.cell(code_tallies[code], Scope(code, None, unit, n, empty_pooled))
        for code in codes
    }
    by_source = {
        source: summary.cell(
            source_tallies[source],
            Scope(None, source, unit, 1, empty_unit if codes else "no code to compare"),
        )
        for source in sources
    }
    everything = pool(code_tallies.values())
    pooled_empty = empty_pooled if codes else "no code to compare"
    return AgreementReport(
        unit=unit,
        coders=coders,
        codes=codes,
        sources=sources,
        excluded=tuple(excluded),
        pooled=summary.cell(everything, Scope(None, None, unit, n, pooled_empty)),
        by_code=MappingProxyType(by_code),
        by_source=MappingProxyType(by_source),
        by_code_source=MappingProxyType(cells),
        n_units=sum(totals[source] for source in sources),
        source_units=MappingProxyType({source: totals[source] for source in sources}),
        min_coders=need,
    )


def _size(space: UnitSpace | UnitList) -> int:
    return space.length if isinstance(space, UnitSpace) else len(space.units)


def _codes(codes: Iterable[str] | None, used: Iterable[str]) -> tuple[str, ...]:
    if codes is None:
        return tuple(sorted(set(used)))
    return tuple(dict.fromkeys(codes))


def character_agreement(
    codings: Iterable[Coding],
    spaces: Iterable[UnitSpace],
    coders: Sequence[str],
    codes: Iterable[str] | None = None,
    *,
    min_done: int | None = None,
) -> AgreementReport:
    """Agreement at character level.

    ``codings`` are ``(source, code, coder, start, end)`` in code points, end exclusive;
    codings by other coders, of other codes (when ``codes`` is given) or in sources that
    don't count are ignored. ``codes`` defaults to every code the compared coders used.
    """
    names, need = _check_coders(coders, min_done)
    counted, excluded, by_source = _counted(spaces, names, need)
    bits = {coder: 1 << i for i, coder in enumerate(names)}
    wanted = None if codes is None else set(codes)
    groups, used = _spans_by_code(codings, bits, counted, wanted)
    tallies: dict[tuple[str, str], Tally] = {}
    for (code, source), per_coder in groups.items():
        space = by_source[source]
        assert isinstance(space, UnitSpace)
        tallies[(code, source)] = _sweep(space, counted[source], per_coder)
    totals = {source: _size(by_source[source]) for source in counted}
    return _report(
        "character", names, need, _codes(codes, used), counted, totals, tallies, excluded
    )


def _spans_by_code(
    codings: Iterable[Coding],
    bits: Mapping[str, int],
    counted: Mapping[str, int],
    wanted: set[str] | None,
) -> tuple[dict[tuple[str, str], dict[int, list[tuple[int, int]]]], set[str]]:
    """The counted codings' spans by (code, source) and coder bit, and the codes used."""
    groups: dict[tuple[str, str], dict[int, list[tuple[int, int]]]] = {}
    used: set[str] = set()
    for source, code, coder, start, end in codings:
        if start < 0 or end <= start:
            raise ValueError(f"{source}: a coding needs 0 <= start < end, not {start}:{end}")
        bit = bits.get(coder)
        if bit is None or not counted.get(source, 0) & bit:
            continue
        if wanted is not None and code not in wanted:
            continue
        used.add(code)
        per_coder = groups.get((code, source))
        if per_coder is None:
            groups[(code, source)] = {bit: [(start, end)]}
        else:
            per_coder.setdefault(bit, []).append((start, end))
    return groups, used


def _sweep(space: UnitSpace, judged: int, per_coder: dict[int, list[tuple[int, int]]]) -> Tally:
    """Characters of one code in one source by which coders marked them (a bit mask), the
    uncoded rest under mask 0."""
    tally: Tally = {}
    if len(per_coder) == 1:
        ((bit, spans),) = per_coder.items()
        covered = sum(e - s for s, e in space.clip(_merge(spans)))
        if covered:
            tally[(judged, bit)] = covered
    else:
        events: list[tuple[int, int]] = []
        for bit, spans in per_coder.items():
            for s, e in space.clip(_merge(spans)):
                events.append((s, bit))
                events.append((e, bit))
        events.sort()
        covered = 0
        mask = 0
        previous = 0
        for position, bit in events:
            if mask and position > previous:
                key = (judged, mask)
                tally[key] = tally.get(key, 0) + position - previous
                covered += position - previous
            mask ^= bit  # a coder's spans are disjoint and never touch: one event a place
            previous = position
    if space.length > covered:
        tally[(judged, 0)] = space.length - covered
    return tally


def unit_agreement(
    decisions: Iterable[Decision] | Mapping[Decision, bool],
    spaces: Iterable[UnitList],
    coders: Sequence[str],
    codes: Iterable[str] | None = None,
    *,
    unit: str = "unit",
    min_done: int | None = None,
) -> AgreementReport:
    """Agreement over discrete units (turns, sentences), each unit weighing 1.

    ``decisions`` are the ``(source, unit, code, coder)`` where a coder applied a code, or a
    mapping from those to present (True) / absent (False). Every unit of a counted source
    that a coder who marked it done did not give a code counts as absent.
    """
    names, need = _check_coders(coders, min_done)
    counted, excluded, by_source = _counted(spaces, names, need)
    bits = {coder: 1 << i for i, coder in enumerate(names)}
    wanted = None if codes is None else set(codes)
    known = {
        source: set(space.units)
        for source, space in by_source.items()
        if source in counted and isinstance(space, UnitList)
    }
    present: dict[tuple[str, str], dict[Hashable, int]] = {}
    used: set[str] = set()
    items: Iterable[Decision]
    if isinstance(decisions, Mapping):
        items = (key for key, applied in decisions.items() if applied)
    else:
        items = decisions
    for source, item, code, coder in items:
        bit = bits.get(coder)
        if bit is None or not counted.get(source, 0) & bit:
            continue
        if wanted is not None and code not in wanted:
            continue
        if item not in known[source]:
            raise ValueError(f"{source}: {unit} {item!r} is not among its units")
        used.add(code)
        masks = present.setdefault((code, source), {})
        masks[item] = masks.get(item, 0) | bit

    tallies: dict[tuple[str, str], Tally] = {}
    for (code, source), masks in present.items():
        judged = counted[source]
        tally: Tally = {}
        for mask in masks.values():
            tally[(judged, mask)] = tally.get((judged, mask), 0) + 1
        absent = len(known[source]) - len(masks)
        if absent:
            tally[(judged, 0)] = absent
        tallies[(code, source)] = tally
    totals = {source: len(known[source]) for source in counted}
    return _report(unit, names, need, _codes(codes, used), counted, totals, tallies, excluded)
