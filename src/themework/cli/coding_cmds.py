"""Coding commands: coding apply|remove|list, extracts, memo add|list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from themework.cli.common import JsonOpt, fail, print_json, say, table, workbench
from themework.domain.plural import plural

if TYPE_CHECKING:
    from themework.services.coding import Extract, Target

coding_app = typer.Typer(help="Coded extracts: apply, remove, list.", no_args_is_help=True)
memo_app = typer.Typer(help="Memos, notes and reflexive journal entries.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(coding_app, name="coding")
    app.add_typer(memo_app, name="memo")
    app.command("extracts")(extracts)


def _target(turn: int | None, span: str | None, match: str | None, nth: int | None) -> Target:
    from themework.domain.spans import parse_span
    from themework.services.coding import Target

    return Target(turn=turn, span=parse_span(span) if span else None, match=match, nth=nth)


@coding_app.command("apply")
def apply(
    transcript: str | None = typer.Argument(None, help="Transcript name."),
    code: str | None = typer.Argument(None, help="Code id, name or alias."),
    turn: int | None = typer.Option(None, "--turn", help="Code this turn's utterance (from 1)."),
    span: str | None = typer.Option(None, "--span", help="START:END in characters."),
    match: str | None = typer.Option(None, "--match", help="Exact text to code."),
    nth: int | None = typer.Option(None, "--nth", help="Which occurrence of --match (from 1)."),
    coder: str | None = typer.Option(None, "--coder", help="Who codes (default: the session's)."),
    memo: str | None = typer.Option(None, "--memo", help="A memo on the new coding."),
    from_csv: Path | None = typer.Option(
        None, "--from", help="CSV of many codings (transcript,code,turn|start,end|match,nth,coder)."
    ),
) -> None:
    """Apply a code to a turn, a span or an exact match; or many from a CSV in one go."""
    from themework.cli.common import SETTINGS
    from themework.services.coding import CodingRequest

    who = coder or SETTINGS.coder
    with workbench() as wb:
        if from_csv is not None:
            ids = wb.coding.apply_csv(from_csv, coder=who)
            say(f"applied {plural(len(ids), 'coding')} from {from_csv}")
            return
        if transcript is None or code is None:
            raise fail("give TRANSCRIPT and CODE (or --from FILE.csv)")
        e = wb.coding.apply(
            CodingRequest(transcript, code, _target(turn, span, match, nth), who, memo)
        )
    where = f"turn {e.turn}" if e.turn else "before the first turn"
    say(f"coding {e.id}: {e.code_name} on {e.transcript} {e.start}:{e.end} ({where}) by {e.coder}")


@coding_app.command("remove")
def remove(
    ids: list[int] = typer.Argument(None, help="Coding ids (see 'coding list')."),
    transcript: str | None = typer.Option(None, "--transcript"),
    code: str | None = typer.Option(None, "--code"),
    turn: int | None = typer.Option(None, "--turn"),
    span: str | None = typer.Option(None, "--span"),
    match: str | None = typer.Option(None, "--match"),
    nth: int | None = typer.Option(None, "--nth"),
) -> None:
    """Remove codings by id, or those of --code overlapping a turn, span or match."""
    from themework.cli.common import SETTINGS

    with workbench() as wb:
        chosen = list(ids or [])
        if not chosen:
            if transcript is None or code is None:
                raise fail("give coding ids, or --transcript and --code with --turn/--span/--match")
            chosen = wb.coding.find(
                transcript, code, _target(turn, span, match, nth), SETTINGS.coder
            )
            if not chosen:
                raise fail("no coding of that code there")
        n = wb.coding.remove(chosen)
    say(f"removed {plural(n, 'coding')}")


def _extract_rows(items: Sequence[Extract]) -> list[list[object]]:
    return [
        [
            e.id,
            e.transcript,
            e.turn or "-",
            e.participant or e.speaker or "-",
            f"{e.start}:{e.end}",
            e.code_name,
            e.coder,
            ("! " if e.flagged else "") + e.text.replace("\n", " "),
        ]
        for e in items
    ]


@coding_app.command("list")
def coding_list(
    codes: list[str] = typer.Argument(None, help="Only these codes."),
    coder: str | None = typer.Option(None, "--coder"),
    transcript: str | None = typer.Option(None, "--transcript"),
    json_out: bool = JsonOpt,
) -> None:
    """Every coded extract (the same as 'themework extracts')."""
    extracts(codes, coder, transcript, json_out)


def extracts(
    codes: list[str] = typer.Argument(None, help="Only these codes."),
    coder: str | None = typer.Option(None, "--coder"),
    transcript: str | None = typer.Option(None, "--transcript"),
    json_out: bool = JsonOpt,
) -> None:
    """Coded extracts with transcript, turn, speaker, offsets, coder and text."""
    from themework.cli.common import SETTINGS

    with workbench() as wb:
        if SETTINGS.blind or wb.projects.blind_coding().on:  # independent: only your own
            coder = wb.whoami()
        items = wb.coding.extracts(codes or [], coder=coder, transcript=transcript)
    if json_out:
        print_json(items)
        return
    table(
        f"{plural(len(items), 'extract')}",
        ["#", "transcript", "turn", "speaker", "span", "code", "coder", "text"],
        _extract_rows(items),
    )


@memo_app.command("add")
def memo_add(
    text: str = typer.Argument(..., help="The memo."),
    on: str = typer.Option(
        "project",
        "--on",
        help="project | participant:X | transcript:X | code:X | theme:X | coding:ID",
    ),
    kind: str = typer.Option("memo", "--kind", help="note, memo or journal."),
    entry_date: str | None = typer.Option(None, "--date", help="Journal date YYYY-MM-DD."),
    turn: int | None = typer.Option(
        None, "--turn", help="On a transcript: the turn (number) the note is about."
    ),
) -> None:
    """Attach a memo, a familiarisation note or a dated reflexive journal entry."""
    when = None
    if entry_date:
        try:
            when = date.fromisoformat(entry_date)
        except ValueError:
            raise fail("--date takes a date written YYYY-MM-DD") from None
    with workbench() as wb:
        memo_id = wb.memos.add(on, text, kind, when, turn=turn)
    say(f"memo {memo_id} added on {on}" + (f", turn {turn}" if turn is not None else ""))


@memo_app.command("list")
def memo_list(
    kind: str | None = typer.Option(None, "--kind", help="note, memo or journal."),
    on: str | None = typer.Option(None, "--on", help="Only memos on this target."),
    json_out: bool = JsonOpt,
) -> None:
    """List memos, oldest first."""
    with workbench() as wb:
        items = wb.memos.list(kind, on)
    if json_out:
        print_json(items)
        return
    table(
        f"{plural(len(items), 'memo')}",
        ["#", "on", "kind", "date", "coder", "text"],
        [
            [
                m.id,
                m.target + (f" turn {m.turn}" if m.turn is not None else ""),
                m.kind,
                (m.entry_date or m.created_at.date()).isoformat(),
                m.coder,
                m.text,
            ]
            for m in items
        ],
    )
