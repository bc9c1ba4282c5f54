"""``themework tui`` (and ``themework`` alone): open the workbench in the terminal."""

from __future__ import annotations

import os
import sys

import typer

from themework.cli.common import SETTINGS, fail, workbench


def register(app: typer.Typer) -> None:
    app.command("tui")(tui)


def tui(
    colours: str = typer.Option("auto", "--colours", help="16, 256, truecolor or auto."),
    phase: int | None = typer.Option(None, "--phase", help="Open on this phase's screen (1-6)."),
) -> None:
    """Open the workbench: one screen per phase (keys 1-6), ? lists the keys."""
    open_tui(colours, phase)


def open_tui(colours: str = "auto", phase: int | None = None, project: str | None = None) -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise fail(
            "the workbench needs a terminal; every job also has a command (themework --help)"
        )
    from themework.tui.config import choose_colours, load_keymap

    system = choose_colours(colours)
    if system is not None:
        os.environ["TEXTUAL_COLOR_SYSTEM"] = system
    keymap = load_keymap()
    from themework.tui.app import MODES_BY_PHASE, create_app

    with workbench(project or SETTINGS.project) as wb:
        required = wb.projects.blind_coding().on  # the team codes blind: no way round it
        create_app(
            wb, keymap=keymap, start_mode=MODES_BY_PHASE.get(phase or 0),
            blind=SETTINGS.blind or required, blind_required=required,
        ).run()
