"""Backup commands: list the copies made before destructive operations, restore one."""

from __future__ import annotations

import typer

from themework.cli.common import JsonOpt, fail, print_json, say, table, workbench
from themework.domain.plural import plural

backup_app = typer.Typer(
    help="Copies of a SQLite project made before destructive operations.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(backup_app, name="backup")


@backup_app.command("list")
def list_cmd(json_out: bool = JsonOpt) -> None:
    """The project's backups, newest first, with why each was made."""
    with workbench() as wb:
        items = wb.backups.list()
    if json_out:
        print_json(items)
        return
    if not items:
        say("no backups yet: one is made before each change that deletes or overwrites")
        return
    rows = [
        [b.id, b.reason, b.made.strftime("%Y-%m-%d %H:%M:%S"), f"{max(1, b.size // 1024):,} KiB"]
        for b in items
    ]
    table(plural(len(items), "backup"), ["id", "before", "made (UTC)", "size"], rows)


@backup_app.command("restore")
def restore(
    ident: str = typer.Argument(..., metavar="ID", help="A backup's id (or its unique start)."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Put a backup in place of the project; the project as it was is backed up first."""
    with workbench() as wb:
        chosen = wb.backups.find(ident)
        if not yes and not typer.confirm(
            f"Replace the project with backup {chosen.id} (made before: {chosen.reason})?",
            default=False,
        ):
            raise fail("nothing was changed")
        r = wb.backups.restore(chosen.id)
    say(f"restored backup {r.restored.id}")
    if r.saved:
        say(f"the project as it was before is backup {r.saved.id}")
