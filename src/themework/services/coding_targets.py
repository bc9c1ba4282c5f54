"""Where a coding goes: a turn number, a span, or an exact text match (with which
occurrence), resolved to offsets in a transcript's text; and the same read from a CSV row."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from themework.domain.errors import InputError
from themework.domain.spans import check_span, find_all, parse_span, turn_at
from themework.store.repos.turns import TurnRow, turn_count, turn_span, turns_of

ONE_BY_ONE = 8  # turns looked up singly in a transcript before all of its turns are read


@dataclass(frozen=True)
class Target:
    """Where to code: exactly one of a turn number, a span, or an exact text match."""

    turn: int | None = None
    span: tuple[int, int] | None = None
    match: str | None = None
    nth: int | None = None


@dataclass
class TranscriptTurns:
    """A transcript's turns, read only as targets need them: one turn by number for the
    first few turn targets (a key in the Code screen codes one turn, and reading all 5,000
    turns of a long transcript was most of the time to save that coding), all of them once
    more are asked for (a CSV codes thousands of turns) or a target needs them all."""

    s: Session
    transcript_id: str
    _all: list[TurnRow] | None = None
    _asked: int = 0
    _by_index: dict[int, TurnRow] = field(default_factory=dict)

    def all(self) -> list[TurnRow]:
        if self._all is None:
            self._all = turns_of(self.s, self.transcript_id)
            self._by_index = {t.index: t for t in self._all}
        return self._all

    def utterance(self, index: int) -> tuple[int, int] | None:
        """The start and end of turn ``index``'s utterance (None: no such turn)."""
        if self._all is None and self._asked < ONE_BY_ONE:
            self._asked += 1
            return turn_span(self.s, self.transcript_id, index)
        self.all()
        t = self._by_index.get(index)
        return None if t is None else (t.start, t.end)

    def count(self) -> int:
        return len(self._all) if self._all is not None else turn_count(self.s, self.transcript_id)


def locate(target: Target, name: str, text: str, turns: TranscriptTurns) -> tuple[int, int]:
    """Resolve a turn number, span or exact match to offsets (the utterance for a turn);
    the transcript's ``turns`` are read only when the target needs them."""
    given = (target.turn is not None) + (target.span is not None) + (target.match is not None)
    if given != 1:
        raise InputError("say where to code with exactly one of a turn, a span or a text to match",
                         options=("turn", "span", "match"))
    if target.turn is not None:
        span = turns.utterance(target.turn)
        if span is not None:
            return span
        raise InputError(f"transcript {name} has turns 1 to {turns.count()}, not {target.turn}")
    if target.span is not None:
        start, end = target.span
        check_span(start, end, len(text), f"transcript {name}")
        return start, end
    needle = target.match or ""
    hits = find_all(text, needle)
    if not hits:
        raise InputError(f"the text to match does not occur in transcript {name}")
    if target.nth is None:
        if len(hits) > 1:
            every = turns.all()
            starts = [t.label_start for t in every]
            where = ", ".join(
                str(every[turn_at(starts, h)].index) if turn_at(starts, h) >= 0 else "-"
                for h in hits[:10]
            )
            raise InputError(
                f"the text to match occurs {len(hits)} times in transcript {name} "
                f"(turns {where}); choose one occurrence, 1 to {len(hits)}",
                options=("nth",),
            )
        return hits[0], hits[0] + len(needle)
    if not 1 <= target.nth <= len(hits):
        raise InputError(f"the occurrence chosen must be between 1 and {len(hits)}")
    h = hits[target.nth - 1]
    return h, h + len(needle)


def csv_target(r: dict[str, str]) -> Target:
    span = None
    if r.get("span"):
        span = parse_span(r["span"])
    elif r.get("start") or r.get("end"):
        s, e = _num(r, "start"), _num(r, "end")
        if s is None or e is None:
            raise InputError("give both start and end")
        span = (s, e)
    return Target(turn=_num(r, "turn"), span=span, match=r.get("match") or None,
                  nth=_num(r, "nth"))


def _num(r: dict[str, str], key: str) -> int | None:
    v = r.get(key)
    if not v:
        return None
    try:
        return int(v)
    except ValueError:
        raise InputError(f"{key} must be a whole number") from None
