"""Language help on the command line: words, kwic, suggest, identifier checks, doctor."""

from __future__ import annotations

from pathlib import Path

import typer

from themework.cli.common import JsonOpt, echo, fail, print_json, say, stderr, table, workbench
from themework.cli.transcript_cmds import transcript_app
from themework.domain.plural import plural

suggestion_app = typer.Typer(help="Suggested codings: list, accept, reject.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("words")(words)
    app.command("kwic")(kwic)
    app.command("suggest")(suggest)
    app.add_typer(suggestion_app, name="suggestion")
    app.command("check-identifiers")(check_identifiers)
    app.command("pseudonymise")(pseudonymise)
    app.command("doctor")(doctor)
    transcript_app.command("redact")(redact)


def words(
    by: str | None = typer.Option(None, "--by", help="Per attribute group, with keyness."),
    top: int = typer.Option(20, "--top", help="How many words per group."),
    include_interviewer: bool = typer.Option(False, "--include-interviewer"),
    reference: str | None = typer.Option(
        None, "--reference", help="'english': against general English."
    ),
    json_out: bool = JsonOpt,
) -> None:
    """Most frequent lemmas (no stop words, no labels), and what is distinctive per group."""
    with workbench() as wb:
        rows = wb.language.words(
            by=by, top=top, include_interviewer=include_interviewer, reference=reference
        )
    if json_out:
        print_json(rows)
        return
    table(
        None,
        [by or "group", "word", "count", "per 10k", "keyness (G2)"],
        [[r.group, r.word, r.count, r.per_10k, "-" if r.g2 is None else r.g2] for r in rows],
    )


def kwic(
    term: str = typer.Argument(..., help="A word or phrase."),
    lemma: bool = typer.Option(False, "--lemma", help="Match every form (trust, trusted...)."),
    width: int = typer.Option(40, "--width", help="Characters of context each side."),
    json_out: bool = JsonOpt,
) -> None:
    """Keyword in context across transcripts, with transcript and turn references."""
    with workbench() as wb:
        hits = wb.language.kwic(term, lemma=lemma, width=width)
    if json_out:
        print_json(hits)
        return
    for h in hits:
        echo(f"{h.transcript:>14} {h.turn:>4}  {h.left:>{width}} [{h.match}] {h.right}")
    say(f"{plural(len(hits), 'hit')}")


def suggest(
    transcript: str | None = typer.Option(None, "--transcript"),
    code: str | None = typer.Option(None, "--code"),
    evaluate: bool = typer.Option(False, "--evaluate", help="Precision and recall per code."),
    json_out: bool = JsonOpt,
) -> None:
    """Suggest codings from codebook keywords (matched on lemmas); nothing is coded until
    you accept it. --evaluate compares keywords with the human codings."""
    with workbench() as wb:
        if evaluate:
            scores = wb.language.evaluate()
            if json_out:
                print_json(
                    [
                        {
                            "code": s.code_key,
                            "precision": s.precision,
                            "recall": s.recall,
                            "suggestions": s.suggestions,
                            "human": s.human,
                        }
                        for s in scores
                    ]
                )
                return

            from themework.domain.figures import figure

            def fmt(v: float | None) -> str:
                return figure(v, 2)

            table(
                "keyword suggestions against human codings",
                ["code", "suggestions", "human codings", "precision", "recall"],
                [
                    [s.code_key, s.suggestions, s.human, fmt(s.precision), fmt(s.recall)]
                    for s in scores
                ],
            )
            return
        n = wb.language.suggest(transcript=transcript, code=code)
    if json_out:
        print_json({"new_suggestions": n})
        return
    say(f"{plural(n, 'new suggestion')} "
        "(review them in the Code screen, or 'themework suggestion list')")


@suggestion_app.command("list")
def suggestion_list(
    transcript: str | None = typer.Option(None, "--transcript"),
    status: str = typer.Option("pending", "--status", help="pending, accepted or rejected."),
    json_out: bool = JsonOpt,
) -> None:
    """Suggestions waiting for a decision."""
    with workbench() as wb:
        items = wb.language.suggestions(transcript, status)
    if json_out:
        print_json(items)
        return
    table(
        plural(len(items), f"{status} suggestion"),
        ["#", "transcript", "code", "matched", "text"],
        [[i.id, i.transcript, i.code, ", ".join(i.matched), i.text] for i in items],
    )


@suggestion_app.command("accept")
def suggestion_accept(ids: list[int]) -> None:
    """Accept suggestions: each becomes a coding by you (origin: suggestion)."""
    with workbench() as wb:
        for i in ids:
            wb.language.decide(i, True)
    say(f"accepted {len(ids)}")


@suggestion_app.command("reject")
def suggestion_reject(ids: list[int]) -> None:
    """Reject suggestions: they will not be suggested again."""
    with workbench() as wb:
        for i in ids:
            wb.language.decide(i, False)
    say(f"rejected {len(ids)}")


def check_identifiers(
    paths: list[Path] = typer.Argument(..., help="Transcript files or folders to check."),
    speaker: str | None = typer.Option(None, "--speaker", help="For subtitle cues with no label."),
    show_identifiers: bool = typer.Option(
        False, "--show-identifiers", help="Print what was found in full (masked otherwise)."
    ),
    json_out: bool = JsonOpt,
) -> None:
    """Check files for residual identifiers (exit 1 when something is found or a file cannot
    be read; the other files are still checked)."""
    from themework.services.identifiers import check_files, mask
    from themework.services.importing import transcript_files

    files = transcript_files(list(paths))
    if not files:
        raise fail("no transcript files given")
    checked = check_files(files, speaker)
    unreadable = [c for c in checked if c.error is not None]
    if json_out:
        print_json({"files": [
            {**vars(c), "findings": [
                {**vars(x), "text": x.text if show_identifiers else mask(x.text)}
                for x in c.findings
            ]}
            for c in checked
        ]})
    else:
        for c in checked:
            for item in c.findings:
                echo(item.describe(full=show_identifiers))
        for c in unreadable:
            stderr().print(f"not checked: {c.error}", markup=False)
        n = sum(len(c.findings) for c in checked)
        with_any = sum(1 for c in checked if c.findings)
        read = len(checked) - len(unreadable)
        tail = f"; {len(unreadable)} could not be read" if unreadable else ""
        masked = n and not show_identifiers
        hint = " (masked; --show-identifiers shows them in full)" if masked else ""
        say(f"{plural(n, 'possible identifier')} in {with_any} of {plural(read, 'file')}"
            f"{tail}{hint}")
    high = any(x.confidence == "high" for c in checked for x in c.findings)
    if high or unreadable:
        raise typer.Exit(1)


def pseudonymise(
    paths: list[Path] = typer.Argument(..., help="Transcript files (never changed)."),
    key: Path = typer.Option(
        ..., "--key", help="The pseudonym key (YAML), kept outside the project."
    ),
    out: Path = typer.Option(..., "-o", "--output", help="A folder for the pseudonymised files."),
) -> None:
    """Replace identifiers with consistent pseudonyms ([Person 1], [School A]) in new files."""
    from themework.services.pseudonymise import pseudonymise_files

    done = pseudonymise_files(list(paths), key, out, wrote=lambda target: say(f"wrote {target}"))
    say(f"key: {key} ({plural(done.entries, 'entry', 'entries')}; keep it safe, it links "
        "pseudonyms to people)")


def redact(
    name: str = typer.Argument(..., help="Transcript name."),
    match: str | None = typer.Option(None, "--match", help="The exact text to remove."),
    nth: int | None = typer.Option(None, "--nth", help="Which occurrence of --match."),
    finding: int | None = typer.Option(None, "--finding", help="A finding's number (see --list)."),
    replacement: str = typer.Option("[redacted]", "--with", help="What to put instead."),
    list_findings: bool = typer.Option(False, "--list", help="List possible identifiers."),
) -> None:
    """Remove an identifier noticed after import; codings re-anchor, audit text is redacted."""
    with workbench() as wb:
        if list_findings:
            for i, (start, end, kind, conf, text) in enumerate(wb.transcripts.findings(name), 1):
                echo(f"{i:>3}  {start}:{end}  {kind} ({conf}): {text}")
            return
        result, backups = wb.transcripts.redact(
            name, match=match, nth=nth, finding=finding, replacement=replacement
        )
    say(
        f"redacted {name}: {plural(result.codings, 'coding')}, {result.moved} moved, "
        f"{len(result.flagged)} flagged"
    )
    if backups:
        say("these backups still hold the old text; delete them when you are sure:", "yellow")
        for b in backups:
            say(f"  {b}")


def doctor(json_out: bool = JsonOpt) -> None:
    """What this installation uses: versions, the language pipeline, the project's store
    and its integrity (exit 1 when the project is damaged)."""
    import platform

    from themework import __version__
    from themework.services.doctor import pipeline, project_health

    project, setting = project_health(workbench)
    p = pipeline(setting)
    if json_out:
        print_json(
            {
                "themework": __version__,
                "python": platform.python_version(),
                "project": project,
                "pipeline": p,
            }
        )
        return
    say(f"themework {__version__} on Python {platform.python_version()}")
    if project["problem"] is None:
        say(f"project: {project['location']} ({project['backend']}), schema up to date")
        if project.get("finished_withdrawal"):
            say("finished a withdrawal that was cut short: its tables are rewritten")
        say(f"integrity: {project['integrity']}", "" if project["integrity"] == "ok" else "red")
    else:
        say(f"project: none open ({project['problem']})")
    parts = ", ".join(p.components)
    say(f"language pipeline: {p.name} {p.version} ({p.source}); components {parts}")
    say(
        f"spaCy {p.spacy_version}; lemmas from {p.lemmatizer}; named entities: "
        + ("yes" if p.has_ner else "no (rule-based identifier checks only)")
    )
    if p.problem:
        say(f"problem: {p.problem}", "yellow")
    if project["integrity"] not in (None, "ok"):
        raise fail("the project is damaged: restore a backup ('themework backup list')")
