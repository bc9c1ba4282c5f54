"""Familiarisation notes and reflexive journal entries as a read-only, scrollable list."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from themework.services.memos import MemoInfo


class MemoList(OptionList):
    """Newest first; each entry is dated and names who wrote it."""

    DEFAULT_CSS = """
    MemoList { height: 1fr; border: none; }
    MemoList:focus { border: none; }
    """

    def show(self, memos: Sequence[MemoInfo]) -> None:
        keep = self.highlighted
        self.clear_options()
        ordered = sorted(
            memos, key=lambda m: (m.entry_date or m.created_at.date(), m.created_at, m.id),
            reverse=True,
        )
        options = []
        for m in ordered:
            day = (m.entry_date or m.created_at.date()).isoformat()
            where = f" · turn {m.turn}" if m.turn is not None else ""
            prompt = Text.assemble((f"{day} {m.coder}{where}", "bold"), "\n", m.text.strip())
            options.append(Option(prompt, id=str(m.id)))
        self.add_options(options)
        if options:
            self.highlighted = min(keep or 0, len(options) - 1)
