"""The ``themework`` entry point: global options, command groups, and error rendering."""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from themework import __version__
from themework.cli import (
    backup_cmds,
    codebook_cmds,
    coding_cmds,
    demo_cmd,
    history_cmds,
    language_cmds,
    participant_cmds,
    project_cmds,
    refi_cmds,
    report_cmds,
    survey_cmds,
    table_cmds,
    team_cmds,
    theme_cmds,
    transcript_cmds,
    tui_cmd,
)
from themework.cli.common import SETTINGS, bound_integers, echo, print_error, with_flags
from themework.cli.exit_codes import ExitCode
from themework.gcpause import start_up_begins, start_up_ends


def _root(**extra: Any) -> typer.Typer:
    return typer.Typer(
        name="themework",
        help="A terminal workbench for thematic analysis of qualitative interviews.",
        no_args_is_help=False,
        add_completion=True,
        # Typer's pretty tracebacks print local variables: transcript text must never leak.
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
        **extra,
    )


class _OnDemand(TyperGroup):
    """The root group ``run()`` uses: a subcommand is built from ``app`` when it is looked
    up, so ``themework info`` builds one command, not all eighty (Typer building the whole
    tree was a tenth of a read command's start-up). Listing them (help, completion) and an
    unknown name (whose error suggests the nearest) build the whole tree, as before."""

    whole = False

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands:
            one = _one_command(cmd_name)
            if one is None:
                self._build_whole()
            else:
                self.commands[cmd_name] = one
        return self.commands.get(cmd_name)

    def list_commands(self, ctx: Any) -> list[str]:
        self._build_whole()
        return super().list_commands(ctx)

    def _build_whole(self) -> None:
        if not self.whole:
            # Replaced, not merged: the listing keeps the order the commands were declared in.
            self.commands = dict(_built(app).commands)
            self.whole = True


app = _root()
on_demand = _root(cls=_OnDemand)


def _version(value: bool) -> None:
    if value:
        echo(f"themework {__version__}")
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
    blind: bool = typer.Option(
        False, "--blind", help="Hide other coders' codings and counts (independent coding; "
        "'project blind on' makes it the rule for every coder and records it).",
    ),
    insecure: bool = typer.Option(
        False, "--insecure", help="Allow a database off this machine without TLS."
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    SETTINGS.project = project
    SETTINGS.coder = coder
    SETTINGS.blind = blind
    SETTINGS.insecure = insecure
    if ctx.invoked_subcommand is None:
        import sys

        if sys.stdin.isatty() and sys.stdout.isatty():
            from themework.cli.tui_cmd import open_tui

            open_tui()
        else:
            echo(ctx.get_help())


on_demand.callback(invoke_without_command=True)(main)

project_cmds.register(app)
backup_cmds.register(app)
transcript_cmds.register(app)
participant_cmds.register(app)
codebook_cmds.register(app)
coding_cmds.register(app)
history_cmds.register(app)
theme_cmds.register(app)
report_cmds.register(app)
team_cmds.register(app)
language_cmds.register(app)
refi_cmds.register(app)
survey_cmds.register(app)
table_cmds.register(app)
demo_cmd.register(app)
tui_cmd.register(app)


def _log_level() -> int:
    name = os.environ.get("THEMEWORK_LOG", "WARNING").strip().upper()
    level = logging.getLevelName(name)
    return level if isinstance(level, int) else logging.WARNING


def _built(typer_app: typer.Typer) -> Any:
    """The click command for ``typer_app``, with every integer parameter bounded to what the
    databases store (a coding id of 2**63 was an OverflowError, shown as "internal error")."""
    root = typer.main.get_command(typer_app)
    bound_integers(root)
    return root


def _one_command(name: str) -> Any:
    """The click command for one of ``app``'s subcommands, built alone; None for no such
    name. Built inside a group of its own with ``app``'s settings, as Typer builds it there."""
    commands = [c for c in app.registered_commands if c.name == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return None
    part = typer.Typer(
        add_completion=False,
        pretty_exceptions_short=app.pretty_exceptions_short,
        rich_markup_mode=app.rich_markup_mode,
        suggest_commands=app.suggest_commands,
    )
    part.callback()(_nothing)
    part.registered_commands = commands
    part.registered_groups = groups
    return _built(part).commands[name]


def _nothing() -> None:
    """The placeholder callback that makes a one-command ``typer.Typer`` a group."""


def command() -> Any:
    """The click command tree ``run()`` calls: the root, whose subcommands are built on
    first use (``typer.main.get_command(app)`` builds the whole tree at once)."""
    return _built(on_demand)


def run() -> None:
    """Console-script entry: errors become one line ``error: ...`` and a non-zero exit."""
    logging.basicConfig(level=_log_level())
    start_up_begins()  # ends once the project is open (cli.common.workbench)
    try:
        code = command()(standalone_mode=False, prog_name="themework")
    except SystemExit:
        raise
    except (Exception, KeyboardInterrupt) as exc:
        sys.exit(render_error(exc))
    finally:
        start_up_ends()
    sys.exit(code if isinstance(code, int) else 0)


def render_error(exc: BaseException) -> int:
    from themework.domain.errors import ThemeworkError

    if isinstance(exc, typer.Abort) or type(exc).__name__ == "Abort":
        print_error("aborted; nothing was changed")
        return ExitCode.PROBLEM
    format_message = getattr(exc, "format_message", None)
    if callable(format_message) and hasattr(exc, "exit_code"):
        # Usage errors from the parser (Typer's own click, or click itself).
        ctx = getattr(exc, "ctx", None)
        where = ctx.command_path if ctx is not None else "themework"
        message = " ".join(str(format_message()).split())
        print_error(f"{message} (see '{where} --help')")
        return int(getattr(exc, "exit_code", ExitCode.USAGE))
    if isinstance(exc, ThemeworkError):
        print_error(with_flags(str(exc), exc.options))
        return ExitCode.PROBLEM
    if isinstance(exc, KeyboardInterrupt):
        print_error("interrupted; the last change was rolled back")
        return ExitCode.INTERRUPTED
    if os.environ.get("THEMEWORK_DEBUG"):
        raise exc
    name = type(exc).__name__
    module = type(exc).__module__
    if module.startswith(("sqlalchemy", "sqlite3", "psycopg")):
        print_error(f"database error: {_database_message(exc)}")
        return ExitCode.PROBLEM
    print_error(f"internal error ({name}); set THEMEWORK_DEBUG=1 to see the traceback")
    return ExitCode.USAGE


def _database_message(exc: BaseException) -> str:
    """What went wrong in the database, without any value from a row or a parameter.

    SQLAlchemy's own text carries the statement (and would carry parameters but for
    ``hide_parameters``); PostgreSQL's messages quote values ("invalid input syntax for
    type integer: ..."; "Key (name)=(...) already exists"). SQLite's name only tables,
    columns and constraints. So: SQLite's first line; for PostgreSQL the error's class
    and the schema objects it names; for errors before a server answered (connecting),
    the driver's first line, which names host and user but no password.
    """
    orig = getattr(exc, "orig", None)
    if orig is None and type(exc).__module__.startswith("sqlalchemy"):
        # SQLAlchemy's own errors (a bad URL, a missing driver) name no data.
        own = str(exc).split("[SQL:")[0].strip()
        return own.splitlines()[0] if own else type(exc).__name__
    orig = orig or exc
    text = str(orig).strip()
    first = text.splitlines()[0] if text else type(orig).__name__
    if type(orig).__module__.startswith("sqlite3"):
        return first
    diag = getattr(orig, "diag", None)
    state = getattr(orig, "sqlstate", None)
    if diag is None or state is None:
        return first if type(orig).__name__ == "OperationalError" else type(orig).__name__
    names = [
        f"{label} {value}"
        for label, value in (
            ("table", getattr(diag, "table_name", None)),
            ("column", getattr(diag, "column_name", None)),
            ("constraint", getattr(diag, "constraint_name", None)),
        )
        if value
    ]
    return f"{type(orig).__name__} (SQLSTATE {state}" + "".join(f", {n}" for n in names) + ")"
