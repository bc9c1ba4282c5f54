"""Transcript commands: import, transcripts, transcript show|edit|rename, search."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from themework.cli.common import (
    JsonOpt,
    allow_identifiers_opt,
    echo,
    esc,
    fail,
    print_json,
    replace_opt,
    say,
    stderr,
    table,
    with_flags,
    workbench,
)
from themework.domain.plural import plural

if TYPE_CHECKING:
    from themework.services.dto import ImportReport

# A larger import lists only the files that need a look: a thousand rows of "imported"
# bury the few that do (and took longer to draw than the import of the last hundred files).
LIST_ALL = 30

transcript_app = typer.Typer(help="One transcript: show, edit, rename.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    # 'import FILES...' itself is registered by refi_cmds, whose 'import' group also
    # reads REFI-QDA files ('import qdc|qdpx FILE') and hands anything else to import_cmd.
    app.command("transcripts")(list_cmd)
    app.command("search")(search)
    app.add_typer(transcript_app, name="transcript")


def import_cmd(
    paths: list[Path] = typer.Argument(..., help="Transcript files: .txt, .docx, .vtt, .srt."),
    attributes: Path | None = typer.Option(
        None,
        "--attributes",
        help="CSV: participant, role, discipline, site, wave, quote_consent...",
    ),
    speaker_map: Path | None = typer.Option(
        None, "--speaker-map", help="CSV: label,pseudonym (a role such as interviewer allowed)."
    ),
    speaker: str | None = typer.Option(
        None, "--speaker", help="Speaker for subtitle cues that carry no label."
    ),
    name: str | None = typer.Option(None, "--name", help="Display name (one file only)."),
    replace: bool = replace_opt("a transcript"),
    allow_identifiers: bool = allow_identifiers_opt("files"),
    ner: bool = typer.Option(
        False, "--ner", help="Also check names with a trained pipeline (slow; opt-in)."
    ),
    show_identifiers: bool = typer.Option(
        False, "--show-identifiers",
        help="Print possible identifiers and name-like labels in full (masked otherwise).",
    ),
    json_out: bool = JsonOpt,
) -> None:
    """Import transcripts; a bad file is refused whole and named, the rest go in."""
    from themework.services.importing import transcript_files

    files = transcript_files(paths)
    if not files:
        raise fail("no transcript files given")
    with workbench() as wb:
        run = partial(
            wb.transcripts.import_files, files, attributes=attributes, speaker_map=speaker_map,
            speaker=speaker, name=name, replace=replace, allow_identifiers=allow_identifiers,
            ner=ner, show_identifiers=show_identifiers,
        )
        quiet = json_out or (len(files) < 20 and not ner)
        report = run() if quiet else _with_progress(run, len(files))
    if json_out:
        print_json(report)
    else:
        _print_import(report)
    for f in report.failed:
        stderr().print(f"[red]failed:[/] {esc(with_flags(f.message, f.options))}")
    if report.failed:
        raise typer.Exit(1)


def _with_progress(run: Callable[..., ImportReport], files: int) -> ImportReport:
    from rich.progress import Progress

    # No auto-refresh: its thread would keep the import from forking the worker
    # processes that read the files (see services.importing.prepare_many).
    with Progress(console=stderr(), transient=True, auto_refresh=False) as bar:
        task = bar.add_task("importing", total=files)
        return run(
            progress=lambda done, total: bar.update(task, completed=done, total=total, refresh=True)
        )


def _print_import(report: ImportReport) -> None:
    shown = [
        f for f in report.files
        if len(report.files) <= LIST_ALL or f.status != "imported" or f.findings
    ]
    rows = [
        [
            f.name,
            f.status,
            f.format,
            f.turns,
            f.words,
            ", ".join(f.participants),
            f.message if f.status != "failed" else "",
        ]
        for f in shown
    ]
    if rows:
        table(
            "import",
            ["transcript", "status", "format", "turns", "words", "participants", "note"],
            rows,
        )
    _print_import_warnings(report)
    if report.backup:
        say(f"backup before replacing: {report.backup}")
    stored = [f for f in report.files if f.status in ("imported", "replaced")]
    say(
        f"{len(stored)} imported, {sum(f.status == 'unchanged' for f in report.files)} "
        f"unchanged, {len(report.failed)} failed"
    )
    if len(shown) < len(report.files):
        say(
            f"{plural(len(report.files) - len(shown), 'file')} imported cleanly are not listed "
            f"({plural(sum(f.turns for f in stored), 'turn', fmt=',')}, "
            f"{plural(sum(f.words for f in stored), 'word', fmt=',')} in all); "
            "'themework transcripts' lists every transcript"
        )


def _print_import_warnings(report: ImportReport) -> None:
    """Codings a replacement could not re-anchor, and possible identifiers in what went in."""
    for f in report.files:
        if f.flagged:
            say(
                f"{f.name}: {plural(len(f.flagged), 'coding')} could not be re-anchored and "
                f"are flagged for review: {', '.join(map(str, f.flagged))}",
                "yellow",
            )
        if f.findings and f.status in ("imported", "replaced"):
            say(f"{f.name}: check these possible identifiers:", "yellow")
            for finding in f.findings:
                say(f"  {finding}")


def list_cmd(json_out: bool = JsonOpt) -> None:
    """List transcripts: participants, attributes, turns, words, codings."""
    with workbench() as wb:
        items = wb.transcripts.list()
    if json_out:
        print_json(items)
        return
    rows = []
    for t in items:
        attrs = "; ".join(
            f"{p}: " + ", ".join(f"{v}" for k, v in sorted(a.items()) if k in ("role", "site"))
            for p, a in t.attributes.items()
        )
        rows.append([t.name, ", ".join(t.participants), attrs, t.turns, t.words, t.codings])
    table(
        f"{plural(len(items), 'transcript')}",
        ["name", "participants", "role, site", "turns", "words", "codings"],
        rows,
    )


@transcript_app.command("show")
def show(
    name: str = typer.Argument(..., help="Transcript name."),
    json_out: bool = JsonOpt,
) -> None:
    """Print a transcript with turn numbers and timestamps."""
    with workbench() as wb:
        t = wb.transcripts.text(name)
    if json_out:
        print_json(t)
        return
    for turn in t.turns:
        stamp = f"[{_clock(turn.start_s)}] " if turn.start_s is not None else ""
        echo(f"{turn.index:>4}  {stamp}{turn.speaker}: {t.text[turn.start : turn.end]}")


def _clock(seconds: float | None) -> str:
    s = int(seconds or 0)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


@transcript_app.command("edit")
def edit(name: str = typer.Argument(..., help="Transcript name.")) -> None:
    """Correct a transcript in $EDITOR; codings are re-anchored, unplaceable ones flagged."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with workbench() as wb:
        current = wb.transcripts.text(name)
        fd, tmp = tempfile.mkstemp(suffix=".txt", prefix="themework-")  # mode 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(current.text)
            if subprocess.call([*editor.split(), tmp]) != 0:
                raise fail("the editor failed; nothing was changed")
            new_text = Path(tmp).read_text(encoding="utf-8")
        finally:
            Path(tmp).unlink(missing_ok=True)
        result = wb.transcripts.replace_text(name, new_text)
    if result.codings == 0 and not result.flagged and result.backup is None:
        say("no change")
        return
    say(f"{name}: {plural(result.codings, 'coding')}, {result.moved} moved, "
        f"{len(result.flagged)} flagged")
    if result.backup:
        say(f"backup before the edit: {result.backup}")


@transcript_app.command("rename")
def rename(old: str, new: str) -> None:
    """Change a transcript's display name."""
    with workbench() as wb:
        wb.transcripts.rename(old, new)
    say(f"renamed {old} to {new}")


def search(
    query: str = typer.Argument(..., help="Words to find (all must occur in a turn)."),
    limit: int = typer.Option(50, "--limit", help="At most this many turns."),
    json_out: bool = JsonOpt,
) -> None:
    """Full-text search across transcripts, ranked, with turn references."""
    with workbench() as wb:
        hits = wb.transcripts.search(query, limit)
    if json_out:
        print_json(hits)
        return
    table(
        f"{plural(len(hits), 'turn')}",
        ["transcript", "turn", "speaker", "text"],
        [[h.transcript, h.turn, h.speaker, h.snippet] for h in hits],
    )
