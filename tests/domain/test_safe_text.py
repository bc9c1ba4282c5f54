"""The one sanitiser for untrusted text: control characters and spreadsheet formulas."""

from __future__ import annotations

import pytest

from themework.domain.safe_text import csv_cell, csv_row, visible, without_controls


def test_visible_keeps_tab_and_newline_and_shows_every_other_control_one_for_one() -> None:
    text = "a\tb\nc\x1b]52;c;eA==\x07d\x1b[2J\x7f\x9b\x00\r"
    shown = visible(text)
    assert len(shown) == len(text)  # offsets into a transcript still hold
    assert shown == "a\tb\nc␛]52;c;eA==␇d␛[2J␡\ufffd␀␍"
    assert visible("plain words") == "plain words"


def test_without_controls_removes_them() -> None:
    assert without_controls("x\x1b[2Jy\x85z\t") == "x[2Jyz\t"


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'␍=1"),
        ("-", "-"),
        ("-3.5", "-3.5"),
        ("plain \x1b[2J text", "plain ␛[2J text"),
        (42, 42),
    ],
)
def test_csv_cells_are_never_formulas(cell: object, written: object) -> None:
    assert csv_cell(cell) == written


@pytest.mark.parametrize(
    "row",
    [
        (1, "plain", None, 2.5, True, "words\nover lines"),
        (1, "plain", "=1+1"),  # a formula in a later cell
        ("-", "-5", -5, "+3.5"),  # plain numbers a spreadsheet keeps as numbers
        ("a\n-b", "c"),  # a formula character after a newline within a cell: left alone
        ("tab\tinside", "\tat the start", "cr\rinside"),
        ("\x1b[2J", "x\x85y", "\x7f"),
        (None, 3, "@SUM(A1)"),
    ],
)
def test_csv_row_changes_a_row_as_csv_cell_changes_each_cell(row: tuple[object, ...]) -> None:
    assert list(csv_row(row)) == [csv_cell(v) for v in row]
