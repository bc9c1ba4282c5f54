"""Codebook commands: codebook lint|load|dump|merge, and code add|edit|rename|merge|split|...
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from themework.cli.common import JsonOpt, echo, fail, print_json, say, table, workbench
from themework.domain.plural import plural

if TYPE_CHECKING:
    from themework.services.codebook import LoadReport
    from themework.services.codebook_merge import Decision

codebook_app = typer.Typer(help="Codebook files: lint, load, dump, table.",
                           no_args_is_help=True)
code_app = typer.Typer(
    help="Codebook entries: add, edit, rename, merge, split...", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(codebook_app, name="codebook")
    app.add_typer(code_app, name="code")


@codebook_app.command("lint")
def lint(
    files: list[Path] = typer.Argument(..., help="Codebook files: YAML, or REFI-QDA .qdc."),
    json_out: bool = JsonOpt,
) -> None:
    """Check codebook files; every problem as file:line:column (exit 1 if any)."""
    from themework.services.codebook import lint_file

    problems = [problem for f in files for problem in lint_file(f)]
    count = len(problems)
    if json_out:
        print_json({"files": [str(f) for f in files], "problems": problems})
        if count:
            raise typer.Exit(1)
        return
    for problem in problems:
        echo(str(problem))
    if count:
        raise fail(plural(count, "problem"))
    say(f"{plural(len(files), 'file')} OK")


@codebook_app.command("load")
def load(
    file: Path = typer.Argument(..., help="The codebook: YAML, or a REFI-QDA .qdc file."),
    theirs: bool = typer.Option(False, "--theirs", help="Overwrite edits made in the project."),
    prune: bool = typer.Option(
        False, "--prune", help="Delete (not retire) absent codes that have no codings."
    ),
    json_out: bool = JsonOpt,
) -> None:
    """Bring the project in line with a codebook file without losing a coding."""
    with workbench() as wb:
        r = wb.codebook.load(file, theirs=theirs, prune=prune)
    print_load_report(r, json_out)


def print_load_report(r: LoadReport, json_out: bool) -> None:
    """What a codebook load did (also after 'import qdc', which is the same load)."""
    if json_out:
        print_json(r)
        return
    if r.unchanged:
        say("the project already matches the file")
    for label, items in (
        ("added", r.added),
        ("changed", r.changed),
        ("renamed", r.renamed),
        ("reactivated", r.reactivated),
        ("retired", r.retired),
        ("deleted", r.deleted),
        ("themes added", r.themes_added),
        ("themes changed", r.themes_changed),
    ):
        if items:
            say(f"{label} ({len(items)}): " + "; ".join(items))
    if r.backup:
        say(f"backup before the load: {r.backup}")


@codebook_app.command("dump")
def dump(
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here (else stdout)."),
) -> None:
    """Write the project's codebook as YAML: same project, same bytes; ids always written."""
    with workbench() as wb:
        text = wb.codebook.dump()
    if output is None:
        echo(text, nl=False)
        return
    from themework.services.files import write_private  # examples may quote participants

    write_private(output, text)
    say(f"wrote {output}")


@codebook_app.command("table")
def codebook_table(
    fmt: str = typer.Option("md", "--format", help="csv, md or docx."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here (else stdout)."),
    retired: bool = typer.Option(False, "--retired", help="Include retired codes, marked."),
) -> None:
    """The codebook as a table for a methods appendix: name, definition, inclusion,
    exclusion, examples, parent."""
    from themework.export import codebook_table as ct
    from themework.services.files import write_private  # owner-only: it may quote people

    if fmt not in ct.FORMATS:
        raise fail(f"--format is {', '.join(ct.FORMATS)}, not {fmt!r}")
    if fmt == "docx" and output is None:
        raise fail("a docx table needs -o FILE")
    with workbench() as wb:
        doc = wb.codebook.document()
    rows = ct.rows(doc, retired=retired)
    content: str | bytes
    if fmt == "csv":
        content = ct.to_csv(rows)
    elif fmt == "md":
        content = ct.to_markdown(doc.title, rows)
    else:
        content = ct.to_docx(doc.title, rows)
    if output is None:
        assert isinstance(content, str)
        echo(content, nl=False)
        return
    write_private(output, content)  # examples may quote participants
    say(f"wrote {plural(len(rows), 'code')} to {output}")


def _csv(value: str | None) -> list[str] | None:
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]


@code_app.command("list")
def code_list(
    retired: bool = typer.Option(False, "--all", help="Include retired and merged codes."),
    json_out: bool = JsonOpt,
) -> None:
    """The codebook as a tree with coding counts."""
    from dataclasses import replace

    from themework.cli.common import SETTINGS

    with workbench() as wb:
        codes = wb.codes.list(include_retired=retired)
        if SETTINGS.blind or wb.projects.blind_coding().on:  # counts of your own codings only
            from collections import Counter

            mine = Counter(e.code for e in wb.coding.extracts(coder=wb.whoami()))
            codes = [replace(c, codings=mine.get(c.id, 0)) for c in codes]
    if json_out:
        print_json(codes)
        return
    rows = [
        [
            "  " * c.depth + c.name,
            c.id,
            c.codings,
            c.status
            if c.status == "active"
            else f"{c.status}" + (f" into {c.merged_into}" if c.merged_into else ""),
            c.definition[:60],
        ]
        for c in codes
    ]
    table(f"{plural(len(codes), 'code')}", ["code", "id", "codings", "status", "definition"], rows)


@code_app.command("add")
def code_add(
    name: str = typer.Argument(..., help="The code's name."),
    parent: str | None = typer.Option(None, "--parent", help="Parent code."),
    code_id: str | None = typer.Option(None, "--id", help="Stable id (default: from the name)."),
    definition: str = typer.Option("", "--definition"),
    include: str = typer.Option("", "--include", help="Inclusion criteria."),
    exclude: str = typer.Option("", "--exclude", help="Exclusion criteria."),
    keywords: str | None = typer.Option(None, "--keywords", help="Comma-separated."),
    colour: str = typer.Option("", "--colour", help="#rrggbb"),
) -> None:
    """Add a code."""
    with workbench() as wb:
        c = wb.codes.add(
            name,
            parent=parent,
            id=code_id,
            definition=definition,
            include=include,
            exclude=exclude,
            keywords=_csv(keywords) or [],
            colour=colour,
        )
    say(f"added {c.name} ({c.id})")


@code_app.command("edit")
def code_edit(
    code: str = typer.Argument(..., help="Code id, name or alias."),
    definition: str | None = typer.Option(None, "--definition"),
    include: str | None = typer.Option(None, "--include"),
    exclude: str | None = typer.Option(None, "--exclude"),
    keywords: str | None = typer.Option(None, "--keywords", help="Comma-separated."),
    aliases: str | None = typer.Option(None, "--aliases", help="Comma-separated."),
    colour: str | None = typer.Option(None, "--colour"),
) -> None:
    """Edit a code's definition, criteria, keywords, aliases or colour."""
    fields = {
        k: v
        for k, v in {
            "definition": definition,
            "include": include,
            "exclude": exclude,
            "keywords": _csv(keywords),
            "aliases": _csv(aliases),
            "colour": colour,
        }.items()
        if v is not None
    }
    if not fields:
        raise fail(
            "nothing to change: give --definition, --include, --exclude, --keywords, "
            "--aliases or --colour"
        )
    with workbench() as wb:
        c = wb.codes.edit(code, expected_version=None, **fields)
    say(f"edited {c.name} (version {c.version})")


@code_app.command("rename")
def code_rename(code: str, new_name: str) -> None:
    """Rename a code; the old name stays as an alias."""
    with workbench() as wb:
        c = wb.codes.rename(code, new_name)
    say(f"renamed to {c.name} ({c.id})")


@code_app.command("merge")
def code_merge(
    sources: list[str] = typer.Argument(..., help="Codes to merge away."),
    into: str = typer.Option(..., "--into", help="The code that remains."),
) -> None:
    """Merge codes: every coding moves, the old names become aliases."""
    with workbench() as wb:
        c, moved = wb.codes.merge(sources, into)
    say(f"merged {', '.join(sources)} into {c.name}: {plural(moved, 'coding')} moved")


@code_app.command("split")
def code_split(
    code: str = typer.Argument(..., help="The code to split."),
    new_name: str = typer.Argument(..., help="Name of the new code."),
    codings: str | None = typer.Option(None, "--codings", help="Coding ids, comma-separated."),
    match: str | None = typer.Option(
        None, "--match", help="Move codings whose text contains this."
    ),
    definition: str = typer.Option("", "--definition"),
) -> None:
    """Split chosen codings of a code into a new code."""
    from themework.domain.ids import parse_id

    ids = [parse_id(x, "coding") for x in _csv(codings) or []]
    with workbench() as wb:
        c, moved = wb.codes.split(
            code, new_name, coding_ids=ids, match=match, definition=definition
        )
    say(f"split {plural(moved, 'coding')} into {c.name} ({c.id})")


@code_app.command("move")
def code_move(
    code: str,
    parent: str | None = typer.Option(None, "--under", help="New parent (omit: top level)."),
) -> None:
    """Move a code under another (or to the top level)."""
    with workbench() as wb:
        c = wb.codes.move(code, parent)
    say(f"moved {c.name} under {c.parent or 'the top level'}")


@code_app.command("retire")
def code_retire(
    code: str,
    undo: bool = typer.Option(False, "--reactivate", help="Make a retired code active again."),
) -> None:
    """Retire a code: it keeps its codings but takes no new ones."""
    with workbench() as wb:
        c = wb.codes.retire(code, reactivate=undo)
    say(f"{c.name} is {c.status}")


@codebook_app.command("merge")
def merge(
    files: list[Path] = typer.Argument(..., help="Two or more codebook files."),
    output: Path = typer.Option(..., "-o", "--output", help="Where to write the merged codebook."),
    base: Path | None = typer.Option(None, "--base", help="The common ancestor: a 3-way merge."),
    report: Path | None = typer.Option(
        None, "--report", help="Write every decision here (Markdown)."
    ),
    threshold: float = typer.Option(85, "--threshold", help="Score at which names pair (0-100)."),
    interactive: bool = typer.Option(
        False,
        "--interactive",
        help="Ask about every uncertain pair (y/yes/m/merge or n/no/s/separate/skip) and "
        "every conflict.",
    ),
) -> None:
    """Merge codebooks kept in git: by id, name or alias, then fuzzy names and definitions."""
    from themework.services.codebook_merge import merge_files

    result = merge_files(list(files), output, base=base, report=report, threshold=threshold,
                         decide=_ask if interactive else None)
    kinds: dict[str, int] = {}
    for d in result.decisions:
        kinds[d.kind] = kinds.get(d.kind, 0) + 1
    say(
        f"wrote {output}: "
        + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
        + f"; {plural(len(result.conflicts), 'conflict')}"
    )
    undecided = 0
    for d in result.decisions:
        if d.kind == "uncertain" and not d.merged:
            undecided += d.decided_by == "default"
            say(
                f"uncertain, kept apart: {d.left_code.name} / {d.right_code.name} "
                f"({_why(d)})",
                "yellow",
            )
    if undecided:
        say(f"{plural(undecided, 'uncertain pair')} kept apart: --interactive asks about each",
            "yellow")
    for c in result.conflicts:
        say(f"conflict: {c.name or 'codebook'} {c.field}: kept {c.chosen}", "yellow")


# Answers to "merge these two codes?"; Enter keeps them apart, anything else asks again.
MERGE_ANSWERS = frozenset({"y", "yes", "m", "merge"})
APART_ANSWERS = frozenset({"n", "no", "s", "separate", "skip"})


def _ask(item: object) -> str:
    """``--interactive``: the merge's ``decide`` callback, asking on the terminal."""
    from themework.services.codebook_merge import Conflict, Decision

    if isinstance(item, Decision):
        return _ask_pair(item)
    assert isinstance(item, Conflict)
    say(f"conflict in {item.name or 'the codebook'} ({item.field}):")
    for label, value in item.values:
        say(f"  {label}: {value}")
    while True:
        answer = str(typer.prompt(f"keep which ({', '.join(item.choices)})", default=item.chosen))
        if answer in item.choices:
            return answer
        folded = [c for c in item.choices if c.casefold() == answer.strip().casefold()]
        if len(folded) == 1:
            return folded[0]
        say(f"answer one of: {', '.join(item.choices)}", "yellow")


def _why(d: Decision) -> str:
    score = f"score {d.scores.combined:.0f}"
    return score if d.reason in ("score", "") else f"{d.reason}, {score}"


def _ask_pair(d: Decision) -> str:
    s = d.scores
    say(f"{d.left}: {d.left_code.name}  <->  {d.right}: {d.right_code.name}")
    scores = f"name {s.name:.0f}"
    if s.definition is not None:
        scores += f", definition {s.definition:.0f}"
    say(f"  uncertain: {_why(d)} ({scores})")
    for label, code in ((d.left, d.left_code), (d.right, d.right_code)):
        if code.definition:
            say(f"  {label}: {code.definition}")
    while True:
        answer = typer.prompt("merge them? y/m to merge, n/s to keep apart", default="n")
        key = str(answer).strip().casefold()
        if key in MERGE_ANSWERS:
            return "merge"
        if key in APART_ANSWERS:
            return "separate"
        say(
            "answer y, yes, m or merge to merge; n, no, s, separate or skip to keep apart",
            "yellow",
        )
