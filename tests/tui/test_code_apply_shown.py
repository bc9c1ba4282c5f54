"""A coding made in the Code screen shows from what saving it returned, with its code's and
its transcript's counts, as a reload would show them, without reading them again."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from support import reading
from themework.services.workbench import Workbench
from themework.tui.screens import code as code_screen
from themework.tui.widgets.code_codebook import CodebookTree


async def test_a_coding_made_by_r_1_shows_with_its_counts_without_a_reload(
    demo_wb: Workbench, burst: Callable[..., None],
    ready: Callable[[Any, Any], Awaitable[None]], monkeypatch: pytest.MonkeyPatch,
) -> None:
    turns = [t for t in demo_wb.transcripts.text("P02").turns if t.participant]
    reloads: list[str] = []
    real = code_screen.load_codings

    def counted(wb: Workbench, transcript: str, blind_as: str | None = None) -> Any:
        reloads.append(transcript)
        return real(wb, transcript, blind_as)

    monkeypatch.setattr(code_screen, "load_codings", counted)
    async with reading(demo_wb, "P02") as (app, pilot, reader):
        screen = app.screen
        reader.move_cursor(reader.location_of(turns[0].start))
        burst(app, "c", "enter", "escape")  # through the picker: the code becomes recent
        await ready(app, pilot)
        reloads.clear()
        reader.move_cursor(reader.location_of(turns[1].start))
        burst(app, "r", "1")
        await ready(app, pilot)
        assert reloads == []  # reading them all again took as long as saving, at 5,000 turns
        assert screen.view.extracts == tuple(demo_wb.coding.extracts(transcript="P02"))
        made = next(e for e in screen.view.extracts if e.start == turns[1].start)
        count = next(c.codings for c in demo_wb.codes.list() if c.id == made.code)
        assert screen.query_one("#codebook", CodebookTree).labels[made.code].endswith(
            f"({count})")
        coded = next(t.codings for t in demo_wb.transcripts.list() if t.name == "P02")
        assert ("P02", f"P02  ({coded})") in screen.transcripts.listed
        # The transcript's codings are still read again after a change made elsewhere.
        burst(app, "ctrl+z")
        await ready(app, pilot)
        assert made not in screen.view.extracts
