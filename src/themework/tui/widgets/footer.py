"""The footer: ``? Keys`` first, so the way to every other key shows at any width.

Textual's footer lists the focused widget's and the screen's keys before the app's, so at 80
columns the app's ``? Keys`` fell off the end. Here it is a key of its own at the left (the
app's binding is hidden from the ordinary list). Keys that do not fit are left out whole, from
the end, rather than cut mid-word at the edge ("A Ad▏").
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.events import Click
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

KEYS_ID = "app.keys"


class KeysKey(Widget):
    """``? Keys`` (or whatever key the keymap gives the list of keys), looking like a key."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeysKey {
        width: auto; height: 1; background: $footer-item-background;
        & > .keys-key--key {
            color: $footer-key-foreground; background: $footer-key-background;
            text-style: bold;
        }
        & > .keys-key--description {
            color: $footer-description-foreground; background: $footer-description-background;
        }
        &:hover { background: $block-hover-background; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"keys-key--key", "keys-key--description"}

    def __init__(self, key_display: str) -> None:
        super().__init__()
        self.key_display = key_display

    def render(self) -> Text:
        return Text.assemble(
            (f" {self.key_display} ", self.get_component_rich_style("keys-key--key")),
            ("Keys ", self.get_component_rich_style("keys-key--description")),
        )

    async def on_click(self, event: Click) -> None:
        await self.app.run_action("app.keys")


class KeysFooter(Footer):
    """Rebuilt only when the keys it shows change: Textual's footer rebuilds itself (a
    widget per key, and a layout of the screen) whenever the bindings may have changed,
    which is on every change of focus and every dialog opened or closed."""

    def __init__(self) -> None:
        super().__init__()
        # The screen's bindings are asked for only once it has composed (they may query it).
        self.screen_ready = False
        self.shown: tuple[object, ...] | None = None  # the keys as last composed

    def keys_shown(self, screen: Screen[object]) -> tuple[object, ...]:
        """What the footer would show for ``screen``: its keys, their names and state."""
        app = self.app
        return (app.ENABLE_COMMAND_PALETTE, self.show_command_palette, self.compact, *(
            (key, b.id, app.get_key_display(b), b.description, b.action, b.group, enabled,
             tooltip)
            for key, (_, b, enabled, tooltip) in screen.active_bindings.items()
            if b.show or b.id == KEYS_ID or key == app.COMMAND_PALETTE_BINDING
        ))

    def bindings_changed(self, screen: Screen[object]) -> None:
        self.screen_ready = True
        if self.shown is not None and screen is self.screen and \
                self.keys_shown(screen) == self.shown:
            return
        super().bindings_changed(screen)
        self.call_after_refresh(self.fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit)

    def fit(self) -> None:
        """Show the keys, in order, while they fit beside ``? Keys`` and the palette key."""
        # By CSS type name: Textual's FooterKey is not exported.
        keys = [w for w in self.query_children("FooterKey")
                if not w.has_class("-command-palette")]
        room = self.size.width - sum(self._width(w) for w in self.children if w not in keys)
        for key in keys:
            width = self._width(key)
            key.display = width <= room
            room = room - width if key.display else -1

    def _width(self, widget: Widget) -> int:
        """The cells ``widget`` takes, laid out or not (a hidden key has no size)."""
        return (widget.get_content_width(self.size, self.app.size)
                + widget.styles.gutter.width + widget.styles.margin.width)

    def compose(self) -> ComposeResult:
        if self.screen_ready:
            self.shown = self.keys_shown(self.screen)
            keys = next(
                (b for _, b, _, _ in self.screen.active_bindings.values() if b.id == KEYS_ID),
                None,
            )
            if keys is not None:
                yield KeysKey(self.app.get_key_display(keys))
        yield from super().compose()
