"""The audit trail on the command line: log, undo, redo."""

from __future__ import annotations

from datetime import datetime

import typer

from themework.cli.common import JsonOpt, fail, print_json, say, table, workbench


def register(app: typer.Typer) -> None:
    app.command("log")(log)
    app.command("undo")(undo)
    app.command("redo")(redo)


def log(
    coder: str | None = typer.Option(None, "--by", help="Only this coder's events."),
    since: str | None = typer.Option(None, "--since", help="YYYY-MM-DD or an ISO time."),
    limit: int = typer.Option(50, "--limit", help="The newest N events (0: all)."),
    json_out: bool = JsonOpt,
) -> None:
    """The audit log: who changed what, when (one event per change, batches grouped)."""
    when = None
    if since:
        try:
            when = datetime.fromisoformat(since)
        except ValueError:
            raise fail("--since takes a date (YYYY-MM-DD) or an ISO time") from None
        if when.tzinfo is None:
            from datetime import UTC

            when = when.replace(tzinfo=UTC)
    with workbench() as wb:
        events = wb.history.log(coder=coder, since=when, newest=limit if limit > 0 else None)
    if limit:
        events = events[-limit:]
    if json_out:
        print_json(events)
        return
    rows = [
        [e.id, e.at.strftime("%Y-%m-%d %H:%M:%S"), e.coder, e.action,
         e.summary + (" (undone)" if e.undone and e.action not in ("undo", "redo") else "")]
        for e in events
    ]
    table(None, ["#", "when (UTC)", "coder", "action", "what"], rows)


def undo() -> None:
    """Undo your last change (a whole batch) by a compensating event."""
    with workbench() as wb:
        done = wb.history.undo()
    for e in done:
        say(f"undid #{e.id}: {e.summary}")


def redo() -> None:
    """Re-apply the change you undid last."""
    with workbench() as wb:
        done = wb.history.redo()
    for e in done:
        say(f"redid #{e.id}: {e.summary}")
