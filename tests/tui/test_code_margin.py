"""The Code screen's margin: every code on a line is shown or counted, real codings first."""

from __future__ import annotations

from typing import Any

import pytest

from screen_text import region_text
from support import workers_done
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.tui.app import create_app
from themework.tui.widgets.margin import CodeMargin

MANY = ["consistency-of-worker", "following-through", "continuity-through-transitions",
        "time-and-persistence", "warmth-and-informal-contact", "professional-boundaries",
        "non-judgemental-stance", "repairing-trust", "young-persons-voice",
        "choice-and-control", "accessible-settings", "multi-agency-working"]


async def _settle(pilot: Any) -> None:
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()


def _expected(wb: Workbench, transcript: str) -> dict[int, tuple[set[str], set[str]]]:
    """Turn -> (codes coded on its line, codes suggested on it), from the services."""
    text = wb.transcripts.text(transcript)
    extracts = wb.coding.extracts(transcript=transcript)
    pending = wb.language.suggestions(transcript)
    out = {}
    for t in text.turns:
        def on(start: int, end: int, t: Any = t) -> bool:
            return start <= t.end and end > t.label_start
        out[t.index] = ({e.code for e in extracts if on(e.start, e.end)},
                        {s.code for s in pending if on(s.start, s.end)})
    return out


def _shown(lines: list[str]) -> dict[int, list[str]]:
    """Turn -> the tags its margin lines show (in order), for turns wholly on screen."""
    out: dict[int, list[str]] = {}
    turn: int | None = None
    tokens: list[str] = []
    for line in lines:
        label, rest = line[:4].strip(), line[4:].split()
        if label.isdigit() or not line.strip():
            if turn is not None:
                out[turn] = tokens
            turn, tokens = (int(label), []) if label.isdigit() else (None, [])
        tokens += [t for t in rest if t != "┆"]
    return out  # the last turn may run off the bottom: left out


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_margin_shows_every_code_or_counts_it_codings_first(
    demo_wb: Workbench, size: tuple[int, int]
) -> None:
    # a short turn (the interviewer's question) with more codes than fit beside it
    for code in MANY:
        demo_wb.coding.apply(CodingRequest("P01", code, Target(turn=3)))
    assert demo_wb.language.suggest(transcript="P01") > 0
    expected = _expected(demo_wb, "P01")
    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=size) as pilot:
        await _settle(pilot)
        app.screen.open("P01")
        await _settle(pilot)
        from themework.tui.screens.code_view import tags_for

        tags = tags_for(demo_wb.codes.list())
        margin = app.screen.query_one(CodeMargin)
        shown = _shown(region_text(app, margin.region))
        assert 3 in shown and len(shown) >= 3
        both = 0
        for turn, tokens in shown.items():
            coded, suggested = expected[turn]
            more = [t for t in tokens if t.startswith("+")]
            real = [t for t in tokens if not t.startswith(("+", "?"))]
            maybe = [t for t in tokens if t.startswith("?")]
            hidden = int(more[0][1:]) if more else 0
            # nothing cut silently: each code is shown whole, or counted in "+N"
            assert len(real) + len(maybe) + hidden == len(coded) + len(suggested), (turn, tokens)
            assert set(real) <= {tags[c] for c in coded}, (turn, tokens)
            assert {t[1:] for t in maybe} <= {tags[c] for c in suggested}, (turn, tokens)
            # real codes first, suggestions after them
            assert tokens == real + maybe + more, (turn, tokens)
            if maybe:
                assert len(real) == len(coded), (turn, tokens)
            both += bool(real and maybe)
        assert shown[3][-1].startswith("+")  # turn 3 has more codes than its lines hold
        assert len(shown[3]) > 2
        assert both, "no turn on screen showed codings and suggestions together"
