"""Theme commands (phases 3 to 5): theme ..., snapshot ..."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from themework.cli.common import JsonOpt, fail, print_json, say, stderr, table, workbench
from themework.domain.plural import plural

if TYPE_CHECKING:
    from themework.domain.snapshots import SnapshotDiff
    from themework.services.theme_index import ThemeChange

theme_app = typer.Typer(help="Themes: create, define, collate codes, review.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(theme_app, name="theme")
    app.command("snapshot")(snapshot)


def _warn(change: ThemeChange) -> None:
    for w in change.warnings:
        stderr().print(f"warning: {w}", markup=False)


@theme_app.command("list")
def theme_list(
    all_: bool = typer.Option(False, "--all", help="Include discarded themes."),
    json_out: bool = JsonOpt,
) -> None:
    """Themes and sub-themes in order, with their codes and status."""
    with workbench() as wb:
        themes = wb.themes.list(include_discarded=all_)
        unthemed = wb.themes.unthemed_codes()
    if json_out:
        print_json({"themes": themes, "codes_in_no_theme": unthemed})
        return
    table(f"{plural(len(themes), 'theme')}", ["theme", "id", "status", "codes", "exemplars"],
          [["  " * t.depth + t.name, t.id, t.status, ", ".join(t.codes), len(t.exemplars)]
           for t in themes])
    if unthemed:
        say(f"codes in no theme yet: {', '.join(unthemed)}")


@theme_app.command("show")
def theme_show(theme: str, json_out: bool = JsonOpt) -> None:
    """One theme: definition, concept, scope, narrative, codes and exemplars."""
    with workbench() as wb:
        t = wb.themes.get(theme)
        note = wb.themes.meant(theme)
    if note:
        stderr().print(f"note: {note}", markup=False)
    if json_out:
        print_json(t)
        return
    say(f"{t.name} ({t.id}) - {t.status}", "bold")
    for label, value in (("definition", t.definition),
                         ("central organising concept", t.central_concept),
                         ("scope", t.scope), ("parent", t.parent or ""),
                         ("sub-themes", ", ".join(t.children)), ("codes", ", ".join(t.codes))):
        if value:
            say(f"{label}: {value}")
    if t.narrative:
        say("narrative:")
        say(t.narrative)
    for e in t.exemplars:
        say(f"exemplar {e.order + 1}: coding {e.coding_id} ({e.transcript}, {e.code})"
            + (" trimmed" if e.trimmed else ""))


@theme_app.command("create")
def theme_create(
    name: str,
    codes: list[str] = typer.Option(None, "--code", help="A code to collate (repeatable)."),
    parent: str | None = typer.Option(None, "--parent", help="Make it a sub-theme of this."),
    definition: str = typer.Option("", "--definition"),
) -> None:
    """Create a candidate theme (or sub-theme), optionally with codes."""
    with workbench() as wb:
        c = wb.themes.create(name, parent=parent, codes=codes or [], definition=definition)
    _warn(c)
    say(f"created theme {c.theme.name} ({c.theme.id})")


@theme_app.command("rename")
def theme_rename(theme: str, new_name: str) -> None:
    """Rename a theme."""
    with workbench() as wb:
        c = wb.themes.rename(theme, new_name)
    say(f"renamed to {c.theme.name}")


@theme_app.command("define")
def theme_define(
    theme: str,
    definition: str | None = typer.Option(None, "--definition"),
    concept: str | None = typer.Option(None, "--concept", help="The central organising concept."),
    scope: str | None = typer.Option(None, "--scope"),
) -> None:
    """Set a theme's definition, central organising concept and scope."""
    with workbench() as wb:
        c = wb.themes.define(theme, definition=definition, central_concept=concept, scope=scope)
    say(f"defined {c.theme.name}")


@theme_app.command("narrative")
def theme_narrative(
    theme: str,
    text: str | None = typer.Argument(None, help="Markdown; embed extracts as {{extract:ID}}."),
    from_file: typer.FileText = typer.Option(
        None, "--file", help="Read the narrative from a file."
    ),
) -> None:
    """Write a theme's analytic narrative (Markdown with {{extract:ID}} references)."""
    body = from_file.read() if from_file is not None else text
    if body is None:
        raise fail("give the narrative as text or --file FILE")
    with workbench() as wb:
        c = wb.themes.define(theme, narrative=body)
    say(f"narrative of {c.theme.name}: {plural(len(body.split()), 'word')}")


@theme_app.command("add-code")
def theme_add_code(theme: str, codes: list[str]) -> None:
    """Collate codes into a theme (a code may sit in several themes: you are warned)."""
    with workbench() as wb:
        c = wb.themes.add_codes(theme, codes)
    _warn(c)
    say(f"{c.theme.name}: {', '.join(c.theme.codes)}")


@theme_app.command("remove-code")
def theme_remove_code(theme: str, codes: list[str]) -> None:
    """Take codes out of a theme (their codings are untouched)."""
    with workbench() as wb:
        c = wb.themes.remove_codes(theme, codes)
    say(f"{c.theme.name}: {', '.join(c.theme.codes) or 'no codes'}")


@theme_app.command("merge")
def theme_merge(sources: list[str], into: str = typer.Option(..., "--into")) -> None:
    """Merge themes: codes, exemplars, sub-themes and narrative move; sources are discarded."""
    with workbench() as wb:
        c = wb.themes.merge(sources, into)
    say(f"merged into {c.theme.name}: {', '.join(c.theme.codes) or 'no codes'}")


@theme_app.command("split")
def theme_split(
    theme: str, new_name: str,
    codes: list[str] = typer.Option(..., "--code", help="A code that moves (repeatable)."),
) -> None:
    """Split chosen codes (and their exemplars) into a new theme."""
    with workbench() as wb:
        c = wb.themes.split(theme, new_name, codes)
    say(f"created {c.theme.name} with {', '.join(c.theme.codes)}")


@theme_app.command("move")
def theme_move(
    theme: str,
    under: str | None = typer.Option(None, "--under", help="New parent (omit: top level)."),
    order: int | None = typer.Option(None, "--order", help="Position among its siblings."),
) -> None:
    """Make a theme a sub-theme of another, or reorder it."""
    with workbench() as wb:
        c = wb.themes.move(theme, under, order)
    say(f"{c.theme.name} is under {c.theme.parent or 'the top level'}")


@theme_app.command("discard")
def theme_discard(theme: str) -> None:
    """Discard a theme (kept in the log; its codes return to 'no theme' if nowhere else)."""
    with workbench() as wb:
        c = wb.themes.discard(theme)
    say(f"discarded {c.theme.name}")


@theme_app.command("status")
def theme_status(
    theme: str,
    status: str = typer.Argument(..., help="candidate, reviewed, defined or final."),
) -> None:
    """Set a theme's status."""
    with workbench() as wb:
        c = wb.themes.set_status(theme, status)
    say(f"{c.theme.name} is {c.theme.status}")


@theme_app.command("exemplar")
def theme_exemplar(
    theme: str,
    coding: int = typer.Argument(..., help="The coding (extract) id."),
    remove: bool = typer.Option(False, "--remove", help="Unstar it."),
    trim: str | None = typer.Option(
        None, "--trim", help="A shortened quote; mark cuts with [...] ('' restores the whole)."
    ),
    position: int | None = typer.Option(None, "--position", help="Where in the order (from 1)."),
) -> None:
    """Star an extract as an exemplar of a theme, trim its quote, reorder it, or unstar it."""
    with workbench() as wb:
        if remove:
            c = wb.themes.remove_exemplar(theme, coding)
        elif any(e.coding_id == coding for e in wb.themes.get(theme).exemplars):
            if trim is None and position is None:
                raise fail(
                    f"coding {coding} is already an exemplar: give --trim, --position or --remove"
                )
            if trim is not None:
                c = wb.themes.trim_exemplar(theme, coding, trim or None)
            if position is not None:
                c = wb.themes.order_exemplar(theme, coding, position)
        else:
            c = wb.themes.add_exemplar(theme, coding, trim or None, position)
    _warn(c)
    starred = ", ".join(str(e.coding_id) for e in c.theme.exemplars)
    say(f"{c.theme.name}: exemplars {starred or 'none'}")


def snapshot(
    words: list[str] = typer.Argument(
        ..., help="NAME to record a snapshot; 'list'; or 'diff A [B]' (B defaults to now)."
    ),
    json_out: bool = JsonOpt,
) -> None:
    """Record the codebook and themes (snapshot NAME), list them, or diff two (snapshot diff A B).
    """
    verb = words[0]
    with workbench() as wb:
        if verb == "list" and len(words) == 1:
            items = wb.snapshots.list()
            if json_out:
                print_json(items)
                return
            table(None, ["snapshot", "taken (UTC)", "codes", "themes"],
                  [[i.name, i.created_at.strftime("%Y-%m-%d %H:%M"), i.codes, i.themes]
                   for i in items])
            return
        if verb == "diff":
            if len(words) not in (2, 3):
                raise fail("use: snapshot diff A [B]")
            d = wb.snapshots.diff(words[1], words[2] if len(words) == 3 else "now")
            _print_diff(d, json_out)
            return
        if len(words) != 1:
            raise fail("use: snapshot NAME, snapshot list, or snapshot diff A [B]")
        info = wb.snapshots.take(verb)
    if json_out:
        print_json(info)
        return
    say(f"snapshot {info.name}: {plural(info.codes, 'code')}, {plural(info.themes, 'theme')}")


def _print_diff(d: SnapshotDiff, json_out: bool) -> None:
    if json_out:
        print_json(d)
        return
    if d.empty:
        say(f"no change between {d.a} and {d.b}")
        return
    for field in d.__dataclass_fields__:
        if field in ("a", "b"):
            continue
        items = getattr(d, field)
        if items:
            say(field.replace("_", " ") + ":", "bold")
            for item in items:
                say(f"  {item}")
