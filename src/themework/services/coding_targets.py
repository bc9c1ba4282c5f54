"""Where a coding goes: a turn number, a span, or an exact text match (with which
occurrence), resolved to offsets in a transcript's text; and the same read from a CSV row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from themework.domain.errors import InputError
from themework.domain.spans import check_span, find_all, parse_span, turn_at
from themework.store.repos.turns import TurnRow


@dataclass(frozen=True)
class Target:
    """Where to code: exactly one of a turn number, a span, or an exact text match."""

    turn: int | None = None
    span: tuple[int, int] | None = None
    match: str | None = None
    nth: int | None = None



def locate(target: Target, name: str, text: str,
           read_turns: Callable[[], list[TurnRow]]) -> tuple[int, int]:
    """Resolve a turn number, span or exact match to offsets (the utterance for a turn);
    ``read_turns`` gives the transcript's turns, read only when the target needs them."""
    given = (target.turn is not None) + (target.span is not None) + (target.match is not None)
    if given != 1:
        raise InputError("say where to code with exactly one of a turn, a span or a text to match",
                         options=("turn", "span", "match"))
    if target.turn is not None:
        turns = read_turns()
        for turn in turns:
            if turn.index == target.turn:
                return turn.start, turn.end
        raise InputError(f"transcript {name} has turns 1 to {len(turns)}, not {target.turn}")
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
            turns = read_turns()
            starts = [t.label_start for t in turns]
            where = ", ".join(
                str(turns[turn_at(starts, h)].index) if turn_at(starts, h) >= 0 else "-"
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
