"""User settings for the TUI: remapped keys and the colour mode.

Keys live in ``$XDG_CONFIG_HOME/themework/keys.yaml`` (default ``~/.config/...``) as
``binding-id: key`` pairs, e.g. ``code.apply: k``; ``?`` in the app lists every id.
"""

from __future__ import annotations

import os
from pathlib import Path

from themework.domain.errors import InputError
from themework.domain.yamlfile import load

COLOUR_SYSTEMS = {"16": "standard", "256": "256", "truecolor": "truecolor"}


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "themework"


def load_keymap(path: Path | None = None) -> dict[str, str]:
    path = path or config_dir() / "keys.yaml"
    if not path.is_file():
        return {}
    data = load(path.read_text(encoding="utf-8"), path) or {}
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise InputError("must map binding ids to keys, e.g. 'code.apply: k'", file=path)
    return dict(data)


def choose_colours(requested: str | None) -> str | None:
    """The Textual colour system for ``--colours`` (or None to let Textual detect it).

    ``auto`` picks 16 colours on terminals that announce no more (common in locked-down
    remote desktops), where Textual's own guess can be too optimistic.
    """
    if requested in (None, "auto"):
        term = os.environ.get("TERM", "")
        if os.environ.get("COLORTERM") or "256" in term or "direct" in term:
            return None
        return "standard" if term else None
    if requested not in COLOUR_SYSTEMS:
        raise InputError(f"--colours takes 16, 256, truecolor or auto, not {requested!r}")
    return COLOUR_SYSTEMS[requested]
