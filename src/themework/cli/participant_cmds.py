"""Participant commands: list and set attributes or quote consent."""

from __future__ import annotations

import typer

from themework.cli.common import JsonOpt, fail, print_json, say, table, workbench
from themework.domain.plural import plural

participant_app = typer.Typer(help="Participants and their attributes.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(participant_app, name="participant")


@participant_app.command("list")
def list_cmd(json_out: bool = JsonOpt) -> None:
    """Participants with attributes, quote consent and transcripts."""
    with workbench() as wb:
        items = wb.participants.list()
    if json_out:
        print_json(items)
        return
    keys = sorted({k for p in items for k in p.attributes})
    rows = [
        [p.pseudonym, *[p.attributes.get(k, "") for k in keys],
         "yes" if p.quote_consent else "no", ", ".join(p.transcripts)]
        for p in items
    ]
    table(
        plural(len(items), "participant"),
        ["participant", *keys, "quote consent", "transcripts"],
        rows,
    )


@participant_app.command("set")
def set_cmd(
    pseudonym: str = typer.Argument(..., help="The participant."),
    pairs: list[str] = typer.Argument(None, help="Attributes as key=value."),
    consent: str | None = typer.Option(None, "--quote-consent", help="yes or no."),
    unset: list[str] = typer.Option(None, "--unset", help="Remove an attribute."),
) -> None:
    """Set attributes (site=Site B) or quote consent of a participant."""
    attrs: dict[str, str] = {}
    for i, pair in enumerate(pairs or [], start=1):
        key, eq, value = pair.partition("=")
        if not eq or not key.strip():
            # Not echoed: a mistyped argument may hold anything.
            raise fail(f"attribute {i} is not in the form key=value (e.g. site=Site B)")
        attrs[key.strip().lower()] = value.strip()
    flag = None
    if consent is not None:
        if consent.lower() not in ("yes", "no"):
            raise fail("--quote-consent takes yes or no")
        flag = consent.lower() == "yes"
    with workbench() as wb:
        p = wb.participants.set(pseudonym, attrs, flag, list(unset or []))
    say(f"{p.pseudonym}: " + ", ".join(f"{k}={v}" for k, v in sorted(p.attributes.items()))
        + f"; quote consent {'yes' if p.quote_consent else 'no'}")
