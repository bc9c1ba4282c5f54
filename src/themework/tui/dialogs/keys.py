"""``?``: every binding usable on the current screen, with ids for remapping.

The list wraps to the dialog's width (a key's description and id are never cut or hidden
sideways), and it scrolls up and down only.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.keys import key_to_character
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Label, Static, Tree

# Textual's own bindings worth listing: a tree's moves through its hierarchy and its folding,
# which no other list has. The rest (arrows, Home/End, pages, Enter, scrolling, a text box's
# editing keys) work as in any list or text box, and listed they buried ours.
TEXTUAL_KEPT: dict[type[Widget], frozenset[str]] = {
    Tree: frozenset({"cursor_parent", "cursor_parent_next_sibling", "cursor_previous_sibling",
                     "cursor_next_sibling", "toggle_node", "toggle_expand_all"}),
}


def _usable(screen: Screen[object]) -> set[DOMNode]:
    """The nodes whose bindings a key can reach now: the screen, the app, each widget that can
    take focus (displayed, visible, enabled) and the containers around it. A panel hidden at
    80 columns takes no keys, so its bindings are not listed."""
    nodes: set[DOMNode] = set(screen.ancestors_with_self)
    for widget in screen.focus_chain:
        nodes.update(widget.ancestors_with_self)
    return nodes


def bindings_of(screen: Screen[object]) -> list[Binding]:
    """Every binding with a description a key can reach now on ``screen`` (see ``_usable``),
    once each, in the order of the screen, the app and the widgets on the page.

    A widget of ours lists the bindings of each of our classes it extends (the Code screen's
    reader); of Textual's own classes, only those in ``TEXTUAL_KEPT``."""
    usable = _usable(screen)
    seen = set()
    found = []
    for node in [*screen.ancestors_with_self, *screen.query("*")]:
        if node not in usable:
            continue
        for binding in _declared(type(node)):
            # A widget's "app.undo" is the app's "undo": listed once, under its first key.
            key = (binding.key.split(",")[0].strip(), binding.action.removeprefix("app."))
            if key in seen or not binding.description:
                continue
            seen.add(key)
            found.append(binding)
    return found


def _declared(cls: type[DOMNode]) -> list[Binding]:
    """The bindings ``cls`` and its bases declare: ours all, Textual's as kept."""
    found = []
    for c in cls.__mro__:
        ours = c.__module__.startswith("themework.")
        kept = TEXTUAL_KEPT.get(c, frozenset())
        found += [b for b in c.__dict__.get("BINDINGS", [])
                  if isinstance(b, Binding) and (ours or b.action in kept)]
    return found


class KeysScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    KeysScreen { align: center middle; }
    KeysScreen > Vertical {
        width: 100; max-width: 98%; height: 90%; border: round $accent; background: $surface;
    }
    KeysScreen Label { width: 1fr; padding: 0 1; color: $text-muted; }
    KeysScreen VerticalScroll { height: 1fr; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", id="keys.close"),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.target = screen

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(
                "Keys here (↑↓ scroll, Esc closes). Remap any id in "
                "~/.config/themework/keys.yaml (e.g. 'code.apply: k').",
                markup=False,
            )
            with VerticalScroll(id="keys"):
                yield Static(id="keys-table")

    def on_mount(self) -> None:
        self.query_one("#keys-table", Static).update(self._table())
        self.query_one(VerticalScroll).focus()

    def _table(self) -> Table:
        # Key and id keep their width; the description takes the rest and wraps.
        table = Table(expand=True, box=None, show_edge=False, pad_edge=False, padding=(0, 1),
                      header_style="bold")
        table.add_column("key", max_width=12, overflow="fold")
        table.add_column("what it does", ratio=1)
        table.add_column("id", no_wrap=True, style="dim")
        for b in bindings_of(self.target):
            key = " ".join(self._shown(k.strip(), b.action) for k in b.key.split(","))
            table.add_row(key, Text(b.tooltip or b.description), b.id or "")
        return table

    def _shown(self, key: str, action: str) -> str:
        """A key as the researcher presses it: the character for a named printable key
        ("¡" for ``inverted_exclamation_mark``, sent by option+1 on a Mac), where Textual
        would show the name."""
        char = key_to_character(key)
        if len(key) > 1 and char is not None and char.isprintable() and not char.isspace():
            return char
        return self.app.get_key_display(Binding(key, action))

    def action_close(self) -> None:
        self.dismiss(None)
