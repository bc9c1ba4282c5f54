"""What a running Textual app shows, as lines of plain text (for layout tests).

It renders the current screen the way ``App.export_screenshot`` does (the snapshot tests use
the same path), so a test sees what a user sees: text cut at the edge, widgets drawn over by
a dialog, a footer key that did not fit.
"""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from textual.geometry import Region


def screen_lines(app: Any) -> list[str]:
    """Every row of the screen as the terminal would show it (dialogs over what they cover)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False,
                      safe_box=False)
    # Private, but the same call export_screenshot makes; Textual is pinned exactly.
    render = app.screen._compositor.render_update(full=True,
                                                   screen_stack=app._background_screens)
    console.print(render)
    return console.export_text(styles=False).split("\n")[:height]


def region_text(app: Any, region: Region) -> list[str]:
    """The rows of ``region`` (e.g. a widget's ``region``) as shown on screen."""
    lines = screen_lines(app)
    return [line[region.x:region.right].ljust(region.width)
            for line in lines[region.y:region.bottom]]


def flat(lines: list[str]) -> str:
    """The lines joined, with runs of spaces and borders folded, for 'is this text shown'."""
    return " ".join(" ".join(lines).replace("│", " ").split())
