"""Phase 6, Report: the findings report as it will be exported, and snapshots of the analysis.

The Markdown report is built in a worker (a loading indicator shows meanwhile) and rendered
in the preview. Options: ``+``/``-`` quotes per theme, ``p`` prevalence tables on or off,
``b`` prevalence by a participant attribute. ``e`` exports the report to a Markdown file
(owner-only, written atomically). The side panel lists snapshots of the codebook and themes:
``s`` takes one, ``d`` compares two (either may be "now"), Enter compares the highlighted
one with now. Below 110 columns the panel folds away: ``t`` swaps it with the preview.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, MarkdownViewer, OptionList, Static
from textual.widgets.option_list import Option

from themework.domain.plural import plural
from themework.domain.snapshots import SnapshotDiff
from themework.services.snapshots import CURRENT, SnapshotInfo
from themework.tui.screens.base import NARROW, PhaseScreen
from themework.tui.screens.report_data import (
    ReportOptions,
    ReportView,
    export_report,
    load_report,
)
from themework.tui.services_bridge import in_thread
from themework.tui.widgets.report_viewer import ReportViewer

MAX_QUOTES = 20
DIFF_SECTIONS = (
    ("themes_added", "Themes added"),
    ("themes_removed", "Themes removed"),
    ("themes_renamed", "Themes renamed"),
    ("themes_status", "Theme status"),
    ("themes_moved", "Themes moved"),
    ("codes_between_themes", "Codes moving between themes"),
    ("codes_added", "Codes added"),
    ("codes_removed", "Codes removed"),
    ("codes_renamed", "Codes renamed"),
    ("codes_merged", "Codes merged"),
    ("codes_moved", "Codes moved"),
    ("codes_retired", "Codes retired"),
)


def diff_text(d: SnapshotDiff) -> Group:
    """A diff in words, section by section, items with a hanging indent (no colour needed)."""
    if d.empty:
        return Group(Text("no differences in the codebook or the themes"))
    parts: list[Text | Table] = []
    for attr, title in DIFF_SECTIONS:
        items = getattr(d, attr)
        if not items:
            continue
        if parts:
            parts.append(Text(""))
        parts.append(Text(f"{title} ({len(items)})", style="bold underline"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=1)
        grid.add_column(ratio=1)
        for item in items:
            grid.add_row("•", Text(item))
        parts.append(grid)
    return Group(*parts)


class ReportScreen(PhaseScreen):
    CSS_PATH = "report.tcss"
    PHASE = 6
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "export", "Export", id="report.export",
                tooltip="Write the report to a Markdown file (owner-only)"),
        Binding("plus,equals_sign", "quotes(1)", "Quotes+", id="report.more_quotes",
                tooltip="One more exemplar quote per theme"),
        Binding("minus", "quotes(-1)", "Quotes-", id="report.fewer_quotes",
                tooltip="One fewer exemplar quote per theme"),
        Binding("p", "toggle_prevalence", "Prevalence", id="report.prevalence",
                tooltip="Prevalence tables on or off (off by default in reflexive projects)"),
        Binding("b", "choose_by", "By", id="report.by",
                tooltip="Prevalence by which participant attribute"),
        Binding("s", "snapshot", "Snapshot", id="report.snapshot",
                tooltip="Take a snapshot of the codebook and themes"),
        Binding("d", "diff", "Diff", id="report.diff",
                tooltip="Compare two snapshots (or a snapshot and now)"),
        Binding("c", "toggle_contents", "Contents", id="report.contents", show=False,
                tooltip="Show or hide the report's table of contents"),
        Binding("t", "toggle_side", "Panel", id="report.side",
                tooltip="Show or hide the snapshots panel"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.options = ReportOptions()
        self.view: ReportView | None = None
        self.snapshots: tuple[SnapshotInfo, ...] = ()
        self.compared: tuple[str, str] | None = None
        self.diff: SnapshotDiff | None = None
        self._gen = 0
        self._diff_gen = 0

    # -- layout ----------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        yield Static("", id="rp-options", markup=False)
        with Horizontal(id="rp-body"):
            yield ReportViewer(id="rp-preview", show_table_of_contents=False,
                               open_links=False)
            with Vertical(id="rp-side"):
                yield Label("Snapshots · s take · d diff · Enter: diff with now",
                            classes="rp-head")
                yield OptionList(id="rp-snapshots", markup=False)
                yield Label("Differences", id="rp-diff-title", classes="rp-head")
                with VerticalScroll(id="rp-diff-box"):
                    yield Static("Choose two snapshots to compare (d), or press Enter on one "
                                 "to compare it with now.", id="rp-diff", markup=False)

    def on_mount(self) -> None:  # PhaseScreen.on_mount runs too (Textual calls each class's)
        self.query_one(MarkdownViewer).document.focus()
        self._fill_options()
        self._counts()

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow") or self.app.size.width < NARROW

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        self._build()
        self._load_snapshots()
        if self.compared is not None:
            self._compare(*self.compared)

    def _build(self) -> None:
        wb, options = self.wb, self.options
        self._gen += 1
        gen = self._gen
        self.query_one(MarkdownViewer).loading = True
        self._fill_options()
        in_thread(self.app, lambda: load_report(wb, options),
                  lambda v: self._show(v) if gen == self._gen else None, group="report-build")

    def _show(self, view: ReportView) -> None:
        self.view = view
        self.options = view.options
        viewer = self.query_one(MarkdownViewer)
        gen = self._gen

        async def render() -> None:
            y = viewer.scroll_y
            await viewer.document.update(view.markdown)
            if gen == self._gen:
                viewer.loading = False
                viewer.scroll_to(y=y, animate=False)

        if view.markdown == viewer.document.source:
            viewer.loading = False  # rendering a long report takes seconds: only on change
        else:
            self.run_worker(render(), group="report-render", exclusive=True)
        self._fill_options()
        self.refresh_bindings()

    @property
    def prevalence_shown(self) -> bool:
        if self.options.prevalence is not None:
            return self.options.prevalence
        return self.view is not None and self.view.approach != "reflexive"

    def _fill_options(self) -> None:
        o = self.options
        if self.view is None:
            prevalence = "…"
        elif self.prevalence_shown:
            prevalence = f"by {o.by}" if o.by else "whole data set"
        else:
            prevalence = "off"
        parts = [f"quotes per theme {o.quotes} (+/-)", f"prevalence {prevalence} (p, b)"]
        if self.view is not None:
            parts.append(f"{plural(self.view.themes, 'theme')}, {self.view.approach}")
            if self.view.warnings:
                n = len(self.view.warnings)
                parts.append(f"{plural(n, 'warning')}: check before sharing")
        self.query_one("#rp-options", Static).update(" · ".join(parts))

    def _load_snapshots(self) -> None:
        in_thread(self.app, self.wb.snapshots.list, self._show_snapshots,
                  group="report-snapshots")

    def _show_snapshots(self, snapshots: list[SnapshotInfo]) -> None:
        self.snapshots = tuple(snapshots)
        ol = self.query_one("#rp-snapshots", OptionList)
        keep = ol.highlighted
        ol.clear_options()
        if not snapshots:
            ol.add_option(Option("no snapshots yet: s takes one", disabled=True))
            return
        for s in snapshots:
            label = Text(s.name, style="bold")
            label.append(f"\n  {s.created_at:%Y-%m-%d %H:%M} · {plural(s.codes, 'code')} · "
                         f"{plural(s.themes, 'theme')}", style="dim")
            ol.add_option(Option(label, id=s.name))
        ol.highlighted = min(keep or 0, len(snapshots) - 1)

    # -- options ---------------------------------------------------------------------------
    def action_quotes(self, step: int) -> None:
        n = max(0, min(MAX_QUOTES, self.options.quotes + step))
        if n != self.options.quotes:
            self.options = replace(self.options, quotes=n)
            self._build()

    def action_toggle_prevalence(self) -> None:
        self.options = replace(self.options, prevalence=not self.prevalence_shown)
        self._build()

    def action_choose_by(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        if self.view is None:
            return
        if not self.view.attributes:
            self.notify("participants have no attributes to group by", severity="warning")
            return
        whole = "\x00whole"
        opts = [("(the whole data set)", whole),
                *[(str(a) + ("  (now)" if a == self.options.by else ""), a)
                  for a in self.view.attributes]]

        def chosen(value: str | None) -> None:
            if value is None:
                return
            self.options = replace(self.options, by=None if value == whole else value,
                                   prevalence=True)
            self._build()

        self.app.push_screen(ChooseScreen("Prevalence by which attribute?", opts), chosen)

    def action_toggle_contents(self) -> None:
        from textual.widgets import Tree

        viewer = self.query_one(MarkdownViewer)
        viewer.show_table_of_contents = not viewer.show_table_of_contents
        if viewer.show_table_of_contents:  # Enter on a heading goes there
            self.call_after_refresh(viewer.table_of_contents.query_one(Tree).focus)
        else:
            viewer.document.focus()

    # -- export ----------------------------------------------------------------------------
    def action_export(self) -> None:
        from themework.tui.dialogs.prompt import ConfirmScreen, PromptScreen

        options = self.options
        wb = self.wb

        def write(path: Path) -> None:
            def done(result: tuple[Path, int]) -> None:
                where, themes = result
                self.notify(f"wrote {where} ({plural(themes, 'theme')}, readable by you only)")

            in_thread(self.app, lambda: export_report(wb, options, path), done,
                      group="report-export", doing="exporting the report")

        def chosen(value: str | None) -> None:
            if not value or not value.strip():
                return
            path = Path(value.strip()).expanduser()
            if not path.is_absolute():
                path = Path.cwd() / path
            if path.is_dir():
                self.notify(f"{path} is a folder: give a file name", severity="error")
                return
            if not path.parent.is_dir():
                self.notify(f"there is no folder {path.parent}", severity="error")
                return
            if path.exists():
                self.app.push_screen(ConfirmScreen(f"{path} exists. Replace it?"),
                                     lambda yes: write(path) if yes else None)
                return
            write(path)

        self.app.push_screen(PromptScreen("Write the report (Markdown) to:",
                                          value="report.md"), chosen)

    # -- snapshots -------------------------------------------------------------------------
    def action_snapshot(self) -> None:
        from themework.tui.dialogs.prompt import PromptScreen

        def named(name: str | None) -> None:
            if not name or not name.strip():
                return
            def taken(info: SnapshotInfo) -> None:
                self.changed(f"took snapshot {info.name} ({plural(info.codes, 'code')}, "
                             f"{plural(info.themes, 'theme')})")

            self.write(lambda: self.wb.snapshots.take(name.strip()), taken,
                       doing="taking a snapshot")

        self.app.push_screen(
            PromptScreen("Name of the snapshot", value=f"snapshot-{date.today().isoformat()}"),
            named)

    def action_diff(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        if not self.snapshots:
            self.notify("no snapshots yet: s takes one", severity="warning")
            return
        opts = [(str(s.name) + f"  ({s.created_at:%Y-%m-%d %H:%M})", s.name)
                for s in self.snapshots]
        opts.append(("now (the project as it is)", CURRENT))

        def first(a: str | None) -> None:
            if a is None:
                return

            def second(b: str | None) -> None:
                if b is not None:
                    self._compare(a, b)

            rest = [o for o in opts if o[1] != a]
            self.app.push_screen(ChooseScreen(f"Compare {a!s} with which?", rest), second)

        self.app.push_screen(ChooseScreen("Compare which snapshot (A)?", opts), first)

    @on(OptionList.OptionSelected, "#rp-snapshots")
    def _snapshot_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._compare(event.option.id, CURRENT)

    def _compare(self, a: str, b: str) -> None:
        self.compared = (a, b)
        self._diff_gen += 1
        gen = self._diff_gen
        wb = self.wb

        def show(d: SnapshotDiff) -> None:
            if gen != self._diff_gen:
                return
            self.diff = d
            self.query_one("#rp-diff-title", Label).update(f"Differences: {a} → {b}")
            self.query_one("#rp-diff", Static).update(diff_text(d))
            if self.narrow and not self.has_class("-panel"):
                self.notify("t shows the differences")

        in_thread(self.app, lambda: wb.snapshots.diff(a, b), show, group="report-diff")

    # -- layout actions --------------------------------------------------------------------
    def action_toggle_side(self) -> None:
        self.toggle_class("-panel")
        self.app.stylesheet.update_nodes(
            [self.query_one(MarkdownViewer), self.query_one("#rp-side")])
        if self.query_one("#rp-side").display:
            self.query_one("#rp-snapshots").focus()
        else:
            self.query_one(MarkdownViewer).document.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose_by" and (self.view is None or not self.view.attributes):
            return None  # shown, but greyed out
        return True
