"""The README's command reference, generated from the real ``--help`` texts.

``python -m themework.cli.reference`` prints it; a test fails when the README drifts.
"""

from __future__ import annotations

from typing import Any

START = "<!-- cli-reference:start -->"
END = "<!-- cli-reference:end -->"


def _walk(command: Any, prefix: str) -> list[tuple[str, Any]]:
    out = [(prefix, command)]
    subs = getattr(command, "commands", None)
    if subs:
        for name in sorted(subs):
            out += _walk(subs[name], f"{prefix} {name}")
    return out


def render() -> str:
    import typer

    from themework.cli.main import app

    root = typer.main.get_command(app)
    parts = [START, ""]
    for path, command in _walk(root, "themework"):
        if getattr(command, "hidden", False):
            continue
        ctx = command.make_context(path, [], resilient_parsing=True)
        ctx.terminal_width = 100
        ctx.max_content_width = 100
        help_text = command.get_help(ctx)
        parts += [f"### `{path}`", "", "```text", help_text.rstrip(), "```", ""]
    parts.append(END)
    return "\n".join(parts)


def update_readme(readme_text: str) -> str:
    head, _, rest = readme_text.partition(START)
    _, _, tail = rest.partition(END)
    return head + render() + tail


if __name__ == "__main__":
    from themework.cli.common import echo

    echo(render())
