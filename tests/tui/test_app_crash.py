"""An unhandled error ends the app with one line that quotes no data.

Textual's own crash report is a traceback with local variables, which can hold transcript
text; the app replaces it through the one private Textual method it overrides
(``WorkbenchApp._fatal_error``). This test fails if a Textual upgrade stops calling it.
"""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from support import SENTINEL
from themework.services.workbench import Workbench
from themework.tui.app import create_app


async def test_a_crash_prints_one_line_without_transcript_text(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="familiarise")
    printed = io.StringIO()
    app.error_console = Console(file=printed, width=200)

    def crash() -> None:
        quote = SENTINEL  # a local, as transcript text would be, that a traceback would show
        raise RuntimeError(quote)

    app.action_keys = crash  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("question_mark")
            await pilot.pause()
    assert app.return_code == 1
    out = printed.getvalue()
    assert "themework stopped: something went wrong (RuntimeError)" in out
    assert "Every change you saw confirmed is saved." in out
    assert SENTINEL not in out
    assert "Traceback" not in out
