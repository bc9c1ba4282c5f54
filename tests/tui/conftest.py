"""TUI fixtures: a copy of the session's demo project (``demo_file``, tests/conftest.py) per
test, and the Pilot helpers."""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from support import record_notes, settle
from themework.services.workbench import Workbench
from themework.store.location import from_string


@pytest.fixture(scope="session", autouse=True)
def _textual_css_parsed_once() -> None:
    """Every Pilot test starts a new app, and each app's stylesheet parsed the CSS of every
    widget class again (its own cache holds 64 sources, fewer than one app has): a tenth of
    a Pilot test's time. The parsed rules depend only on the CSS text, where it came from
    and the theme's variables, and Textual never changes them after parsing (one stylesheet
    reuses them across its own re-parses), so the test process parses each source once.
    On a Textual whose stylesheet has no such method, nothing changes."""
    from textual.css.stylesheet import Stylesheet

    original = Stylesheet.__dict__.get("_parse_rules")
    if original is None or getattr(original, "shared_by_tests", False):
        return
    parsed: dict[tuple[Any, ...], Any] = {}

    def parse_rules(self: Stylesheet, css: str, read_from: Any, is_default_rules: bool = False,
                    tie_breaker: int = 0, scope: str = "") -> Any:
        key = (frozenset(self._variables.items()), css, read_from, is_default_rules,
               tie_breaker, scope)
        rules = parsed.get(key)
        if rules is None:
            rules = parsed[key] = original(self, css, read_from, is_default_rules,
                                           tie_breaker, scope)
        return rules

    parse_rules.shared_by_tests = True  # type: ignore[attr-defined]
    Stylesheet._parse_rules = parse_rules  # type: ignore[method-assign]


@pytest.fixture
def demo_wb(demo_file: Path, tmp_path: Path) -> Iterator[Workbench]:
    """A fresh copy of the demo project for one test, opened as coder 'carol'."""
    target = tmp_path / "demo.themework"
    shutil.copy(demo_file, target)
    wb = Workbench.open(from_string(str(target)), coder="carol")
    try:
        yield wb
    finally:
        wb.close()


# -- Pilot helpers (fixtures, since tests never import from conftest) --------------------------
async def type_text(pilot: Any, text: str) -> None:
    """Type text key by key, as a researcher would."""
    await pilot.press(*["space" if c == " " else c for c in text])


def send_burst(app: Any, *keys: str) -> None:
    """Keys arriving all at once, as tmux send-keys or ssh deliver them: every key is queued
    before the app handles the first (``pilot.press`` waits between keys)."""
    from textual import events

    for key in keys:
        char = " " if key == "space" else key if len(key) == 1 else None
        app.post_message(events.Key(key, char))


@pytest.fixture
def burst() -> Callable[..., None]:
    """``burst(app, "c", *"cho")``: see ``send_burst``; then ``await ready(app, pilot)``."""
    return send_burst


@pytest.fixture
def ready() -> Callable[[Any, Any], Awaitable[None]]:
    """``await ready(app, pilot)``: see ``settle``."""
    return settle


@pytest.fixture
def notes() -> Callable[[Any], list[tuple[str, str]]]:
    """``seen = notes(app)``: see ``record_notes``."""
    return record_notes


@pytest.fixture
def typing() -> Callable[[Any, str], Awaitable[None]]:
    """``await typing(pilot, "words")``: see ``type_text``."""
    return type_text


@pytest.fixture
def snap_compare(snap_compare: Callable[..., bool]) -> Callable[..., bool]:
    """The plugin's snap_compare, with every cursor held still before the picture is taken.

    A focused Input or TextArea blinks its cursor every half second, so on a busy machine the
    same screen was drawn with and without it and a snapshot failed at random.
    """

    def compare(app: Any, *, run_before: Callable[[Any], Awaitable[None]] | None = None,
                **options: Any) -> bool:
        async def before(pilot: Any) -> None:
            if run_before is not None:
                await run_before(pilot)
            for screen in pilot.app.screen_stack:
                for widget in screen.query("Input, TextArea"):
                    widget.cursor_blink = False
            await pilot.pause()

        return snap_compare(app, run_before=before, **options)

    return compare
