"""Project commands: init, info, phase, project withdraw."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from themework.cli.common import JsonOpt, fail, print_json, say, table, workbench
from themework.domain.plural import plural

project_app = typer.Typer(help="Whole-project operations.", no_args_is_help=True)

APPROACH_HELP = "reflexive, codebook or coding-reliability."


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("info")(info)
    app.command("phase")(phase)
    app.add_typer(project_app, name="project")


def init(
    target: str | None = typer.Argument(
        None, help="The project file (NAME.themework) or a database URL; default: --project."
    ),
    name: str | None = typer.Option(None, "--name", help="The project's name."),
    approach: str = typer.Option("reflexive", "--approach", help=APPROACH_HELP),
    question: str = typer.Option("", "--question", help="The research question."),
) -> None:
    """Create a project: a SQLite file (owner-only) or a schema in an empty database."""
    from themework.cli.common import SETTINGS
    from themework.services.workbench import Workbench
    from themework.store.location import SUFFIX, from_string, resolve

    raw = target or SETTINGS.project
    if raw is None:
        raise fail(f"name the project file: themework init study{SUFFIX}")
    location = from_string(raw) if raw else resolve(None)
    project_name = name or (location.path.stem if location.path else "themework project")
    with Workbench.init(
        location, name=project_name, approach=approach, question=question,
        coder=SETTINGS.coder, insecure=SETTINGS.insecure,
    ):
        pass
    say(f"created {location.display()} ({approach} thematic analysis)")
    say(f"next: themework -p {location.display()} import TRANSCRIPTS...")


def info(json_out: bool = JsonOpt) -> None:
    """Show the project's name, question, approach, phase and counts."""
    from themework.services.projects import PHASES

    with workbench() as wb:
        i = wb.projects.info()
    if json_out:
        print_json(i)
        return
    rows: list[list[object]] = [
        ["project", i.name],
        ["location", f"{i.location} ({i.backend})"],
        ["question", i.question or "-"],
        ["approach", i.approach],
        ["phase", f"{i.phase} {PHASES[i.phase]}"],
        ["transcripts", i.transcripts],
        ["participants", i.participants],
        ["active codes", i.codes],
        ["codings", i.codings],
        ["themes", i.themes],
        ["coders", ", ".join(i.coders) or "-"],
        ["retention until", i.retention_date or "-"],
    ]
    table(None, ["", ""], rows)


def phase(
    number: int | None = typer.Argument(None, help="1-6: the phase you are now in."),
    retention: str | None = typer.Option(None, "--retention", help="Delete data by YYYY-MM-DD."),
    json_out: bool = JsonOpt,
) -> None:
    """Show or set the Braun and Clarke phase you say you are in (never inferred)."""
    from themework.services.projects import PHASES

    with workbench() as wb:
        if number is None and retention is None:
            i = wb.projects.info()
        else:
            when = date.fromisoformat(retention) if retention else None
            i = wb.projects.update(phase=number, retention=when)
    if json_out:
        print_json(
            {
                "phase": i.phase,
                "name": PHASES[i.phase],
                "retention_date": i.retention_date,
                "log": list(i.phase_log),
            }
        )
        return
    say(f"phase {i.phase}: {PHASES[i.phase]}")
    for entry in i.phase_log:
        say(f"  {entry.get('date')}  phase {entry.get('phase')}")


@project_app.command("withdraw")
def withdraw(
    participant: str = typer.Argument(..., help="The participant's pseudonym."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Erase a participant who withdrew: transcripts, turns, codings, memos, search rows,
    audit text and backups; the file is compacted so nothing is recoverable."""
    if not yes and not typer.confirm(
        f"Permanently erase everything from participant {participant}? This cannot be undone",
        default=False,
    ):
        raise fail("nothing was changed")
    with workbench() as wb:
        r = wb.participants.withdraw(participant)
    say(f"participant {r.pseudonym} withdrawn")
    say(f"  transcripts deleted: {', '.join(r.transcripts_deleted) or 'none'}")
    redacted = ", ".join(r.transcripts_redacted) or "none"
    say(f"  group transcripts with their turns removed: {redacted}")
    say(f"  codings deleted: {r.codings_deleted}; memos deleted: {r.memos_deleted}")
    say(f"  audit events redacted: {r.events_redacted}")
    for b in r.backups_removed:
        say(f"  removed backup holding their data: {Path(b).name}")
    for place in r.quotes_redacted:
        say(f"  a quote of their words replaced in {place}")
    if not r.file_clean:
        raise fail(
            "another program used the project during the withdrawal: old copies of their "
            "rows stay in the file's write-ahead log until every program using it has "
            "closed it (on PostgreSQL: until the next VACUUM FULL of its tables)"
        )


@project_app.command("blind")
def blind(
    state: str | None = typer.Argument(None, help="on or off (omit to show the record)."),
    json_out: bool = JsonOpt,
) -> None:
    """Record that the team codes blind (independently): while on, every coder's session
    hides the other coders' codings and counts, and the report says which codings were
    made blind."""
    if state not in (None, "on", "off"):
        raise fail("say on or off")
    with workbench() as wb:
        if state is None:
            record = wb.projects.blind_coding()
        else:
            record = wb.projects.set_blind_coding(state == "on")
    if json_out:
        print_json(
            {"on": record.on, "switches": [
                {"on": s.on, "at": s.at.isoformat(), "by": s.by} for s in record.switches
            ]}
        )  # fmt: skip
        return
    if not record.recorded:
        say("blind coding has not been recorded for this project: themework project blind on")
        return
    say(f"blind coding is {'on' if record.on else 'off'}")
    for s in record.switches:
        say(f"  {s.at.strftime('%Y-%m-%d %H:%M')} UTC  {'on' if s.on else 'off'}  by {s.by}")


@project_app.command("copy")
def copy(
    source: str = typer.Argument(..., help="The project to copy (file or database URL)."),
    destination: str = typer.Argument(..., help="A new file, or an empty database URL."),
) -> None:
    """Copy a whole project between SQLite and PostgreSQL (either way), losing nothing."""
    from themework.services.workbench import Workbench
    from themework.store.location import from_string

    report = Workbench.copy(from_string(source), from_string(destination))
    total = sum(report.rows.values())
    say(f"copied {plural(total, 'row')} from {report.source} to {report.destination}")
    for name, n in sorted(report.rows.items()):
        if n:
            say(f"  {name}: {n}")


@project_app.command("merge")
def merge(other: str = typer.Argument(..., help="Another coder's project (file or URL).")) -> None:
    """Bring another coder's project in: transcripts by text, codes by id, alias or name,
    codings with their coder; running it twice adds nothing twice."""
    from themework.store.location import from_string

    with workbench() as wb:
        r = wb.merge(from_string(other))
    say(f"transcripts: {len(r.transcripts_added)} added, {r.transcripts_matched} matched by text")
    say(f"codes: {len(r.codes_added)} added, {r.codes_matched} matched")
    say(
        f"codings: {r.codings_added} added, {r.codings_skipped} already here; coders "
        f"{', '.join(r.coders)}"
    )
    if r.backup:
        say(f"backup before the merge: {r.backup}")
