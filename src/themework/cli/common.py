"""What every command shares: the project option, opening the workbench, output."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

import typer

from themework.export.jsontext import to_json
from themework.gcpause import start_up_ends

if TYPE_CHECKING:
    from rich.console import Console

    from themework.services.workbench import Workbench


@dataclasses.dataclass
class Settings:
    project: str | None = None
    coder: str | None = None
    blind: bool = False
    insecure: bool = False


SETTINGS = Settings()

JsonOpt = typer.Option(False, "--json", help="Print JSON instead of a table.")


# The options every import shares (files, survey answers, REFI-QDA projects), defined once;
# ``what`` names what the command imports in their help.
def replace_opt(what: str) -> Any:
    return typer.Option(
        False, "--replace", help=f"Correct {what} already imported; codings are re-anchored."
    )


def allow_identifiers_opt(what: str) -> Any:
    return typer.Option(
        False, "--allow-identifiers",
        help=f"Import {what} with possible identifiers anyway (recorded in the log).",
    )


@cache
def _safe_console() -> type[Console]:
    """The one terminal boundary: every segment Rich prints passes ``visible``.

    Rich writes its own styles as escape sequences around the text; the text itself, which
    may hold a transcript's ``ESC ] 52`` or a code name's ``ESC [ 2 J``, never reaches the
    terminal raw. ``echo`` and ``print_json`` cover the paths that do not go through Rich.
    Built on first use: ``themework --help`` does not import Rich's console.
    """
    from rich.console import Console
    from rich.segment import Segment

    from themework.domain.safe_text import visible

    class SafeConsole(Console):
        def render(self, renderable: Any, options: Any = None) -> Iterator[Segment]:
            for seg in super().render(renderable, options):
                # Control segments are Rich's own cursor moves: they carry no text.
                yield seg if seg.control else Segment(visible(seg.text), seg.style)

    return SafeConsole


def stdout() -> Console:
    return _safe_console()(highlight=False, soft_wrap=True)


def stderr() -> Console:
    return _safe_console()(stderr=True, highlight=False, soft_wrap=True)


def echo(text: str, *, nl: bool = True) -> None:
    """Print ``text`` as it is (no Rich wrapping or markup), control characters made visible."""
    from themework.domain.safe_text import visible

    typer.echo(visible(text), nl=nl)


@contextmanager
def workbench(project: str | None = None) -> Iterator[Workbench]:
    from themework.services.workbench import Workbench
    from themework.store.location import resolve

    wb = Workbench.open(
        resolve(project or SETTINGS.project), coder=SETTINGS.coder, insecure=SETTINGS.insecure
    )
    start_up_ends()  # the command's own work begins: collect as usual
    try:
        if wb.last_backup:
            stderr().print(f"upgraded the project's schema; backup at {wb.last_backup}")
        yield wb
    finally:
        wb.close()


def print_json(value: Any) -> None:
    sys.stdout.write(to_json(value) + "\n")


def bound_integers(command: Any) -> None:
    """Every command under ``command`` (the tree Typer builds) refuses integer arguments the
    databases cannot store before it runs, naming the parameter: one place for all ids,
    turns, positions and limits typed on the command line (a coding id of 2**63 was an
    OverflowError, shown as "internal error")."""
    from functools import wraps

    from themework.domain.errors import InputError
    from themework.domain.ids import MAX_INT, in_range

    def checked(cmd: Any) -> None:
        labels = {
            p.name: (p.opts[0] if p.param_type_name == "option" else p.name.upper())
            for p in cmd.params
        }
        run = cmd.callback

        @wraps(run)
        def bounded(*args: Any, **kwargs: Any) -> Any:
            for name, value in kwargs.items():
                values = value if isinstance(value, list | tuple) else [value]
                for v in values:
                    if isinstance(v, int) and not isinstance(v, bool) and not in_range(v):
                        raise InputError(
                            f"{labels.get(name, name)} {v} is too large (at most {MAX_INT})"
                        )
            return run(*args, **kwargs)

        cmd.callback = bounded

    stack = [command]
    while stack:
        cmd = stack.pop()
        if getattr(cmd, "callback", None) is not None:
            checked(cmd)
        stack += getattr(cmd, "commands", {}).values()


def print_error(message: str) -> None:
    """The one error line, ``error: message``, on stderr."""
    from rich.text import Text

    stderr().print(Text.assemble(("error: ", "bold red"), message))


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print the error line and return the exit for the caller to raise: ``raise fail(...)``
    shows at the call site, to readers and to mypy, that the command ends there."""
    print_error(message)
    return typer.Exit(code)


def with_flags(message: str, options: Sequence[str]) -> str:
    """A service's message with the command-line options that would get past it: a service
    names them neutrally (``ThemeworkError.options``), the CLI as its own flags."""
    flags = ", ".join("--" + name.replace("_", "-") for name in options)
    return f"{message} ({flags})" if flags else message


def say(message: str, style: str = "") -> None:
    """Print a line of plain text (user data inside is never read as markup)."""
    from rich.text import Text

    stdout().print(Text(message, style=style))


def table(title: str | None, columns: list[str], rows: Sequence[Sequence[object]]) -> None:
    """A table of plain text: cells are never read as Rich markup (a snippet's "[word]"
    or a memo's "[/]" is data, shown as it is)."""
    from rich.table import Table
    from rich.text import Text

    t = Table(title=Text(title) if title else None, show_lines=False, header_style="bold")
    for col in columns:
        t.add_column(Text(col), overflow="fold")
    for row in rows:
        t.add_row(*(Text("" if v is None else str(v)) for v in row))
    stdout().print(t)


def esc(value: object) -> str:
    """Escape Rich markup in user data."""
    from rich.markup import escape

    return escape(str(value))
