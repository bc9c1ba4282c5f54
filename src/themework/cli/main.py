"""The ``themework`` entry point: global options, command groups, and error rendering."""

from __future__ import annotations

import logging
import os
import sys

import typer

from themework import __version__
from themework.cli import (
    codebook_cmds,
    coding_cmds,
    demo_cmd,
    history_cmds,
    participant_cmds,
    project_cmds,
    report_cmds,
    theme_cmds,
    transcript_cmds,
)
from themework.cli.common import SETTINGS, fail

app = typer.Typer(
    name="themework",
    help="A terminal workbench for thematic analysis of qualitative interviews.",
    no_args_is_help=False,
    add_completion=False,
    # Typer's pretty tracebacks print local variables: transcript text must never leak.
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"themework {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main(
    ctx: typer.Context,
    project: str | None = typer.Option(
        None,
        "--project",
        "-p",
        help="Project file or database URL (else THEMEWORK_PROJECT, else the one "
        "*.themework file here).",
        show_default=False,
    ),
    coder: str | None = typer.Option(
        None, "--coder", help="Who is working (else THEMEWORK_CODER, else the project default)."
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    SETTINGS.project = project
    SETTINGS.coder = coder
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())


project_cmds.register(app)
transcript_cmds.register(app)
participant_cmds.register(app)
codebook_cmds.register(app)
coding_cmds.register(app)
history_cmds.register(app)
theme_cmds.register(app)
report_cmds.register(app)
demo_cmd.register(app)


def run() -> None:
    """Console-script entry: domain errors become one line and a non-zero exit."""
    logging.basicConfig(level=os.environ.get("THEMEWORK_LOG", "WARNING").upper())
    try:
        code = app(standalone_mode=False)
    except SystemExit:
        raise
    except Exception as exc:
        sys.exit(render_error(exc))
    sys.exit(code if isinstance(code, int) else 0)


def render_error(exc: BaseException) -> int:
    from themework.domain.errors import ThemeworkError

    if isinstance(exc, typer.Abort):
        fail("aborted; nothing was changed")
        return 1
    show = getattr(exc, "show", None)
    if callable(show) and hasattr(exc, "exit_code"):  # usage errors from the parser
        show()
        return int(exc.exit_code)
    if isinstance(exc, ThemeworkError):
        fail(str(exc))
        return 1
    if isinstance(exc, KeyboardInterrupt):
        fail("interrupted; the last change was rolled back")
        return 130
    if os.environ.get("THEMEWORK_DEBUG"):
        raise exc
    name = type(exc).__name__
    module = type(exc).__module__
    if module.startswith("sqlalchemy") or module.startswith(("sqlite3", "psycopg")):
        # Driver messages can quote values: print only the class and the first line of the
        # driver's own message, which names tables and constraints, not data.
        orig = getattr(exc, "orig", None)
        first = str(orig).splitlines()[0] if orig is not None and str(orig) else name
        fail(f"database error: {first}")
        return 1
    fail(f"internal error ({name}); set THEMEWORK_DEBUG=1 to see the traceback")
    return 2
