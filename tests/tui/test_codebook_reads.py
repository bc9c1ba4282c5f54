"""Editing or renaming a code reads it in a worker: the app thread never waits on the
project (a slow database froze the whole screen while the form was being filled)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.widgets import Input

from support import pause_for_workers as _ready
from themework.services.workbench import Workbench
from themework.tui.app import create_app
from themework.tui.dialogs.choose import ChooseScreen
from themework.tui.dialogs.code_edit import CodeEditScreen
from themework.tui.dialogs.prompt import PromptScreen

CODE = "consistency-of-worker"


@pytest.mark.parametrize("key", ["E", "R"])
async def test_edit_and_rename_read_the_code_off_the_app_thread(
    demo_wb: Workbench, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    real_get = demo_wb.codes.get
    threads: list[threading.Thread] = []

    def get(code_id: str, *args: Any, **kw: Any) -> Any:
        threads.append(threading.current_thread())
        return real_get(code_id, *args, **kw)

    monkeypatch.setattr(demo_wb.codes, "get", get)
    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(app, pilot)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, ChooseScreen)
        app.screen.dismiss(CODE)
        await _ready(app, pilot)
        name = real_get(CODE).name
        if key == "E":
            assert isinstance(app.screen, CodeEditScreen)
            assert app.screen.code.id == CODE and app.screen.code.name == name
        else:
            assert isinstance(app.screen, PromptScreen)
            assert app.screen.query_one(Input).value == name
        assert threads and threading.main_thread() not in threads
