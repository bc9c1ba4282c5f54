"""No control character from people's text reaches the terminal from any TUI screen.

The transcript, a code, a theme and a memo hold ``ESC ] 52`` (clipboard), ``ESC ] 0``
(title) and ``ESC [ 2 J`` (clear screen). Every line every widget of each screen renders
(what the app writes to the terminal) is read back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.geometry import Region

from support import workers_done, write
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.tui.app import create_app
from themework.tui.widgets.transcript_view import TranscriptView

BAD = "\x1b]52;c;cHduZWQ=\x07\x1b]0;owned\x07\x1b[2J\x9b2J"
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _hostile(wb: Workbench, tmp_path: Path) -> None:
    path = write(tmp_path / "in" / "P01.txt", (
        "Interview P01\n\nInterviewer: How do you build trust?\n"
        f"P01: Turning up {BAD} every week is how trust grows.\n"
    ))
    assert wb.transcripts.import_files([path]).files[0].status == "imported"
    code = wb.codes.add("Trust" + BAD)
    wb.coding.apply(CodingRequest("P01", code.id, Target(turn=2)))
    wb.themes.create("Theme" + BAD, codes=[code.id])
    wb.memos.add("transcript:P01", "note " + BAD, kind="note")


def _drawn(app) -> str:  # type: ignore[no-untyped-def]
    """Every line each shown widget of the screen renders, through the app's line filters."""
    out = []
    for widget in app.screen.query("*"):
        w, h = widget.size
        if not widget.display or w == 0 or h == 0:
            continue
        for strip in widget.render_lines(Region(0, 0, w, h)):
            out.append("".join(seg.text for seg in strip if not seg.control))
    return "\n".join(out)


@pytest.mark.parametrize("mode", ["familiarise", "code", "themes", "review"])
async def test_no_screen_draws_a_control_character(
    sqlite_wb: Workbench, tmp_path: Path, mode: str
) -> None:
    _hostile(sqlite_wb, tmp_path)
    app = create_app(sqlite_wb, start_mode=mode)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await workers_done(app)
        if mode in ("familiarise", "code"):
            app.screen.open("P01")
            await pilot.pause()
            await workers_done(app)
        await pilot.pause()
        app.notify("Trust" + BAD)  # notifications draw names too
        await pilot.pause()
        drawn = _drawn(app)
        assert "owned" in drawn  # the hostile text is on screen...
        assert RAW.search(drawn) is None, repr(RAW.findall(drawn)[:5])  # ...inert
        if mode in ("familiarise", "code"):
            reader = app.screen.query_one(TranscriptView)
            assert "␛]52;c;" in reader.text  # shown, one for one, in the reader
