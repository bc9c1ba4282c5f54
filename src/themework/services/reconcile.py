"""Reconciliation: walk the disagreements code by code and record the agreed version under
a consensus coder, with a memo explaining each decision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from themework.analysis.analysis_set import CONSENSUS
from themework.analysis.reconcile import Component, components, resolve
from themework.domain.errors import InputError, NotFound
from themework.services.coding import CodingRequest, Target
from themework.store.repos.coders import coded_spans
from themework.store.repos.transcripts import texts_of, transcript_names

if TYPE_CHECKING:
    from themework.services.coding import CodingService
    from themework.services.context import ServiceContext
    from themework.services.memos import MemoService

TAKES = ("union", "intersection", "none")


@dataclass(frozen=True)
class Disagreement:
    key: str
    transcript: str
    code: str
    start: int
    end: int
    versions: tuple[tuple[str, tuple[tuple[int, int, str], ...]], ...]  # coder -> spans+text


class ReconcileService:
    def __init__(self, ctx: ServiceContext, *, memos: MemoService, coding: CodingService) -> None:
        self.ctx = ctx
        self.memos = memos
        self.coding = coding

    def _components(
        self, coders: Sequence[str], code: str | None, transcript: str | None
    ) -> tuple[list[Component], dict[str, str], set[tuple[str, str, int, int]]]:
        from themework.store.repos.codes import CodeIndex

        if len(set(coders)) < 2:
            raise InputError("reconciliation compares at least two coders")
        with self.ctx.store.read() as s:
            index = CodeIndex(s)
            names = transcript_names(s)
            texts = {names[tid]: text for tid, text in texts_of(s, names).items()}
            rows = coded_spans(s, [*coders, CONSENSUS])
            want_code = index.get(code).key if code else None
        if transcript and transcript not in texts:
            raise NotFound(f"no transcript named {transcript!r}")
        flat = [
            (names[t], index.by_id[c].key, who, a, b)
            for t, c, who, a, b in rows
            if (want_code is None or index.by_id[c].key == want_code)
            and (transcript is None or names[t] == transcript)
        ]
        settled = {(t, c, a, b) for t, c, who, a, b in flat if who == CONSENSUS}
        return components([f for f in flat if f[2] != CONSENSUS], coders), texts, settled

    def disagreements(
        self, coders: Sequence[str], *, code: str | None = None, transcript: str | None = None
    ) -> list[Disagreement]:
        comps, texts, settled = self._components(coders, code, transcript)
        out = []
        for comp in comps:
            if comp.agreed or _settled(comp, settled):
                continue
            text = texts[comp.transcript]
            out.append(
                Disagreement(
                    comp.key,
                    comp.transcript,
                    comp.code,
                    comp.start,
                    comp.end,
                    tuple(
                        (c, tuple((a, b, text[a:b]) for a, b in spans))
                        for c, spans in comp.coverage
                    ),
                )
            )
        return out

    def decide(self, coders: Sequence[str], key: str, take: str, memo: str = "") -> list[int]:
        """Record the agreed version of one disagreement under the consensus coder."""
        if take not in (*coders, *TAKES):
            raise InputError(f"take one of {', '.join([*coders, *TAKES])}")
        comps, _, _ = self._components(coders, None, None)
        comp = next((c for c in comps if c.key == key), None)
        if comp is None:
            raise NotFound(f"no disagreement {key!r} (list them with 'themework reconcile')")
        spans = resolve(comp, take)
        note = memo.strip() or f"reconciled: took {take}"
        requests = [
            CodingRequest(comp.transcript, comp.code, Target(span=span), CONSENSUS, note)
            for span in spans
        ]
        if not requests:  # "none": say so in a memo on the transcript, so the decision stays
            self.memos.add(f"transcript:{comp.transcript}", f"{key}: {note}", "memo")
            return []
        return self.coding.apply_many(requests, origin="consensus")

    def accept_agreed(self, coders: Sequence[str]) -> int:
        """Record every stretch the coders agree on as consensus, in one batch."""
        comps, _, settled = self._components(coders, None, None)
        requests = [
            CodingRequest(c.transcript, c.code, Target(span=span), CONSENSUS)
            for c in comps
            if c.agreed and not _settled(c, settled)
            for span in c.spans_of(coders[0])
        ]
        return len(self.coding.apply_many(requests, origin="consensus")) if requests else 0


def _settled(comp: Component, settled: set[tuple[str, str, int, int]]) -> bool:
    return any(
        t == comp.transcript and c == comp.code and a < comp.end and b > comp.start
        for t, c, a, b in settled
    )
