"""The analysis set: which codings prevalence, co-occurrence, the framework matrix and the
report count. One rule for all of them, so that their figures agree.

By default: on a transcript that was reconciled (it holds codings of the ``consensus``
coder, which ``reconcile`` records), its consensus codings, and none of the coders' own, so
that a coding the reconciliation rejected counts nowhere; on every other transcript, the
union of every coder's codings. Named coders (``--coders``) replace the rule: their codings,
on every transcript. ``consensus`` is never counted as a coder: it is named only when asked
for by name.

Pure: plain data in, plain data out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from themework.analysis.columns import CodedSpan, Ints, SpanColumns, distinct

__all__ = ["CONSENSUS", "AnalysisSet", "select_columns", "select_spans"]

CONSENSUS = "consensus"  # the coder reconciliation records agreed codings under


@dataclass(frozen=True)
class AnalysisSet:
    """What an analysis counted: ``named`` coders (when given), else the default rule."""

    named: tuple[str, ...]  # the coders asked for; () for the default set
    coders: tuple[str, ...]  # the coders whose own codings count, consensus left out
    reconciled: int  # transcripts counted by their consensus codings (default set only)
    transcripts: int  # transcripts with a counted coding

    def describe(self) -> str:
        """One sentence for the methods paragraph and the tables' captions."""
        who = _names(self.coders) or "no coder"
        if len(self.coders) > 1:
            who += " together (their union)"
        if self.named:
            return f"Analyses count the codings of {_names(self.named)} (chosen by name)."
        if not self.reconciled:
            return f"Analyses count the codings of {who}."
        noun = "transcript" if self.reconciled == 1 else "transcripts"
        return (
            f"Analyses count the consensus codings on the {self.reconciled} reconciled {noun} "
            f"and, on the others, the codings of {who}."
        )


def _names(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def select_spans(
    spans: Iterable[CodedSpan], coders: Sequence[str] | None = None
) -> tuple[list[CodedSpan], AnalysisSet]:
    """The spans of the analysis set, and what it is (see the module)."""
    spans = list(spans)
    rows, info = _chosen(SpanColumns.of(spans), coders)
    return (spans if len(rows) == len(spans) else [spans[i] for i in rows.tolist()]), info


def select_columns(
    spans: SpanColumns, coders: Sequence[str] | None = None
) -> tuple[SpanColumns, AnalysisSet]:
    """``select_spans`` over columns."""
    rows, info = _chosen(spans, coders)
    return (spans if len(rows) == len(spans) else spans.take(rows)), info


def _chosen(spans: SpanColumns, coders: Sequence[str] | None) -> tuple[Ints, AnalysisSet]:
    """The rows of the analysis set, and what it is."""
    name = spans.coders
    number = {n: i for i, n in name.items()}
    if coders:
        rows = np.flatnonzero(np.isin(spans.coder, [number[c] for c in coders if c in number]))
        own = sorted({name[c] for c in distinct(spans.coder[rows]).tolist()} - {CONSENSUS})
        places = len(distinct(spans.where[rows]))
        return rows, AnalysisSet(tuple(coders), tuple(own), 0, places)
    everyone = {name[c] for c in distinct(spans.coder).tolist()}
    own = sorted(everyone - {CONSENSUS})
    if CONSENSUS not in everyone:  # nothing reconciled: every span counts
        places = len(distinct(spans.where))
        return np.arange(len(spans)), AnalysisSet((), tuple(own), 0, places)
    agreed = spans.coder == number[CONSENSUS]
    reconciled = distinct(spans.where[agreed])
    rows = np.flatnonzero(agreed == np.isin(spans.where, reconciled))
    places = len(distinct(spans.where[rows]))
    return rows, AnalysisSet((), tuple(own), len(reconciled), places)
