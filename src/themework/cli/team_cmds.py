"""Team commands: assign, transcript status, agreement."""

from __future__ import annotations

from typing import Any

import typer

from themework.cli.common import JsonOpt, echo, fail, print_json, say, stderr, table, workbench
from themework.cli.transcript_cmds import transcript_app
from themework.domain.plural import plural


def register(app: typer.Typer) -> None:
    app.command("assign")(assign)
    app.command("agreement")(agreement)
    app.command("reconcile")(reconcile)
    transcript_app.command("status")(status)


def assign(
    coder: str = typer.Argument(..., help="The coder."),
    transcripts: list[str] = typer.Argument(..., help="Transcripts to give them."),
) -> None:
    """Assign transcripts to a coder (for double coding)."""
    with workbench() as wb:
        n = wb.team.assign(coder, transcripts)
    say(f"assigned {plural(n, 'new transcript')} to {coder}")


def status(
    name: str | None = typer.Argument(None, help="Transcript (omit to list every status)."),
    value: str | None = typer.Argument(None, help="not-started, in-progress or done."),
    coder: str | None = typer.Option(None, "--coder", help="Whose status (default: yours)."),
    json_out: bool = JsonOpt,
) -> None:
    """Show, or set, how far a coder has got with a transcript (agreement counts 'done')."""
    from themework.cli.common import SETTINGS

    with workbench() as wb:
        if name is not None:
            if value is None:
                raise fail("give the status: not-started, in-progress or done")
            row = wb.team.set_status(name, value, coder or SETTINGS.coder)
            say(f"{row.transcript}: {row.status} for {row.coder}")
            return
        rows = wb.team.statuses()
    if json_out:
        print_json(rows)
        return
    table(
        None, ["transcript", "coder", "status"], [[r.transcript, r.coder, r.status] for r in rows]
    )


def agreement(
    coders: str = typer.Option(..., "--coders", help="Two or more coders, comma-separated."),
    unit: str = typer.Option("character", "--unit", help="character, turn or sentence."),
    codes: list[str] = typer.Option(None, "--code", help="Only these codes (repeatable)."),
    transcripts: list[str] = typer.Option(None, "--transcript", help="Only these transcripts."),
    all_speakers: bool = typer.Option(
        False,
        "--all-speakers",
        help="Count interviewers' and facilitators' turns too (default: participants' only).",
    ),
    min_coders: int | None = typer.Option(
        None,
        "--min-coders",
        help="Count a transcript when at least N of the coders marked it done (default: all).",
    ),
    json_out: bool = JsonOpt,
    md: bool = typer.Option(False, "--md", help="Print a Markdown table."),
) -> None:
    """Inter-coder agreement per code, per transcript and pooled (kappa, alpha, PABAK), over
    the participants' turns unless --all-speakers."""
    names = [c.strip() for c in coders.split(",") if c.strip()]
    with workbench() as wb:
        report = wb.team.agreement(
            names,
            unit=unit,
            codes=codes or [],
            transcripts=transcripts or [],
            all_speakers=all_speakers,
            min_coders=min_coders,
        )
        approach = wb.projects.info().approach
        code_names = {c.id: c.name for c in wb.codes.list(include_retired=True)}
    if approach == "reflexive" and not json_out:
        stderr().print(
            "note: this is a reflexive project; agreement statistics are offered here, "
            "not required by the approach",
            markup=False,
        )
    if json_out:
        print_json(report.to_dict())
        return
    from themework.analysis import agreement_table as laid

    _show_table(f"agreement of {', '.join(report.coders)} by {unit}", list(laid.header(report)),
                [list(r) for r in (laid.pooled_row(report), *laid.code_rows(report, code_names),
                                   *laid.transcript_rows(report))], md)  # fmt: skip
    if report.sets:
        _sets_table(report, md)
    for line in _notes(report):
        say(line)
    for source, reason in report.excluded:
        say(f"not counted: {source} ({reason})")
    if not report.sources:
        every = report.min_coders == len(names)
        who = "every coder" if every else plural(report.min_coders, "coder")
        raise fail(
            f"no transcript is marked done by {who} compared: "
            "themework transcript status NAME done --coder CODER"
        )


def _sets_table(report: Any, md: bool) -> None:
    """Exclusive sets: one categorical variable each, the multi-category statistics."""
    header = ["exclusive set", "categories", "units", "agreement", "kappa", "alpha",
              "Landis & Koch", "conflicting"]  # fmt: skip
    from themework.analysis.agreement_table import figures, units

    rows = []
    for name, s in sorted(report.sets.items()):
        observed, kappa, _, alpha, label = figures(s)
        rows.append([name, ", ".join(s.categories), units(report, s.n_units), observed, kappa,
                     alpha, label, str(s.conflicting)])  # fmt: skip
    kind = "Cohen's kappa" if len(report.coders) == 2 else "Fleiss' kappa"
    _show_table(f"exclusive sets ({kind}, Krippendorff's nominal alpha)", header, rows, md)


def _show_table(title: str, header: list[str], rows: list[list[str]], md: bool) -> None:
    """A table on the terminal, or as Markdown (no title: the reader's document has one)."""
    if md:
        from themework.export.markdown import table as md_table

        echo(md_table(tuple(header), tuple(tuple(r) for r in rows)))
    else:
        table(title, header, rows)


def _notes(report: Any) -> list[str]:
    """What the figures count, under the table."""
    whose = (
        "participants' turns only (--all-speakers counts interviewers and facilitators too)"
        if report.speakers == "participants"
        else "every speaker's turns, interviewers and facilitators included"
    )
    within = "" if report.unit == "turn" else f"{report.unit}s in "
    done_by = (
        "every coder"
        if report.min_coders == len(report.coders)
        else f"at least {report.min_coders} of the {len(report.coders)} coders "
        "(alpha over the values present; Fleiss' kappa needs every coder)"
    )
    notes = [
        f"counted: {within}{whose}, in transcripts marked done by {done_by}",
        "pooled rows: present/absent agreement over every "
        f"{report.unit} x code pair, each {report.unit} counted once per code",
    ]
    if report.sets:
        notes.append(
            "exclusive sets: each unit takes one code of the set or none; 'conflicting' counts "
            "a coder's units given two codes of one set (left out as missing values)"
        )
    if report.unit == "character":
        notes.append(
            "character level: each character is a unit; alpha is Krippendorff's nominal alpha "
            "over characters, kappa the per-character kappa NVivo's coding comparison reports"
        )
    return notes


def reconcile(
    coders: str = typer.Option(..., "--coders", help="The coders to reconcile, comma-separated."),
    code: str | None = typer.Option(None, "--code", help="Only this code."),
    transcript: str | None = typer.Option(None, "--transcript", help="Only this transcript."),
    decide: str | None = typer.Option(None, "--decide", help="A disagreement's key."),
    take: str | None = typer.Option(None, "--take", help="A coder, union, intersection or none."),
    memo: str = typer.Option("", "--memo", help="Why: recorded with the decision."),
    accept_agreed: bool = typer.Option(False, "--accept-agreed", help="Record agreed stretches."),
    interactive: bool = typer.Option(False, "--interactive", help="Walk through them here."),
    json_out: bool = JsonOpt,
) -> None:
    """Walk the disagreements code by code and record the agreed version (coder 'consensus')."""
    names = [c.strip() for c in coders.split(",") if c.strip()]
    with workbench() as wb:
        if accept_agreed:
            agreed = wb.reconcile.accept_agreed(names)
            say(f"recorded {plural(agreed, 'agreed coding')} as consensus")
            return
        if decide is not None:
            if take is None:
                raise fail("say which version to keep with --take")
            ids = wb.reconcile.decide(names, decide, take, memo)
            say(f"recorded {plural(len(ids), 'consensus coding')} for {decide}")
            return
        items = wb.reconcile.disagreements(names, code=code, transcript=transcript)
        if json_out:
            print_json(items)
            return
        if not items:
            say("no disagreements left")
            return
        for i, d in enumerate(items, start=1):
            say(
                f"[{i}/{len(items)}] {d.code} in {d.transcript} ({d.start}:{d.end})  key {d.key}",
                "bold",
            )
            table(
                None,
                [c for c, _ in d.versions],
                [
                    [
                        "\n---\n".join(text for _, _, text in spans) or "(not coded)"
                        for _, spans in d.versions
                    ]
                ],
            )
            if interactive:
                choice = typer.prompt(
                    f"keep: {', '.join(names)}, union, intersection, none, or skip", default="skip"
                )
                if choice == "skip":
                    continue
                why = typer.prompt("why (recorded as a memo)", default="")
                wb.reconcile.decide(names, d.key, choice, why)
                say(f"recorded: {choice}")
