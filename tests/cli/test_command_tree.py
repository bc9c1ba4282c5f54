"""The command line builds a subcommand when it runs (``themework info`` builds one command,
not eighty): what it builds is what the whole tree has, option for option."""

from __future__ import annotations

from typing import Any

import typer

from themework.cli import main


def _helps(command: Any, path: str) -> dict[str, str]:
    ctx = command.make_context(path, [], resilient_parsing=True)
    ctx.terminal_width = ctx.max_content_width = 100
    out = {path: command.get_help(ctx)}
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        out |= _helps(sub, f"{path} {name}")
    return out


def _fresh_root() -> Any:
    """The root ``run()`` calls, not yet asked for any command (``command()`` is cached by
    the suite's conftest)."""
    return typer.main.get_command(main.on_demand)


def test_each_command_built_alone_matches_the_whole_tree() -> None:
    whole = typer.main.get_command(main.app)
    for name, expected in whole.commands.items():
        root = _fresh_root()
        alone = root.get_command(None, name)
        assert not root.whole, name  # built alone, not by building everything
        assert _helps(alone, name) == _helps(expected, name)


def test_listing_the_commands_builds_them_all_in_order() -> None:
    root = _fresh_root()
    root.get_command(None, "search")  # one built first must not move up the listing
    assert root.list_commands(None) == list(typer.main.get_command(main.app).commands)
