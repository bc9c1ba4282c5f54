"""``themework demo``: build the sample project and say what to try."""

from __future__ import annotations

from pathlib import Path

import typer

from themework.cli.common import say
from themework.domain.plural import plural


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(
    path: Path = typer.Argument(
        Path("demo.themework"), help="Where to create the sample project."
    ),
    force: bool = typer.Option(False, "--force", help="Replace an existing demo project."),
    open_it: bool = typer.Option(
        True, "--open/--no-open", help="Open it in the workbench when run in a terminal."
    ),
) -> None:
    """Build a ready project from the fictional sample interviews and codebook."""
    import sys

    from themework.demo.build import build_demo

    interactive = open_it and sys.stdin.isatty() and sys.stdout.isatty()
    if path.exists() and not force:
        if interactive:  # running the demo again reopens it
            from themework.cli.tui_cmd import open_tui

            open_tui(project=str(path))
            return
        say(f"{path} already exists (rebuild it with --force)")
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        summary = build_demo(path)
        if interactive:
            from themework.cli.tui_cmd import open_tui

            open_tui(project=str(path))
            return
        say(f"built the sample project at {summary.path.resolve()}")
        say(
            f"  {plural(summary.transcripts, 'transcript')}, {plural(summary.codes, 'code')}, "
            f"{plural(summary.codings, 'coding')} by {', '.join(summary.coders)}"
        )
    say("try:")
    for cmd in (
        "info", "transcripts", "transcript show P01", "code list", "extracts consistency-of-worker",
        'search "turn up"', "participant list", "log",
    ):
        say(f"  themework -p {path} {cmd}")
