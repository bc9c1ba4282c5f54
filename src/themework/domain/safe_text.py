"""The one sanitiser for untrusted text on its way out: terminal, Markdown, CSV.

Transcripts, code and theme names, file names and memos all come from people, and a
transcript can hold ``ESC ] 52 ; c ; ... BEL`` (write the clipboard), ``ESC ] 0 ;`` (retitle
the terminal) or ``ESC [ 2 J`` (clear the screen). Every front end passes what it prints or
writes through ``visible`` (or, after layout, ``without_controls``) at its one output boundary;
CSV cells also go through ``csv_cell``.

``visible`` maps each control character to exactly one visible character, so offsets into a
transcript still point at the same places after it: C0 controls (tab and newline excepted)
become their Unicode control pictures (ESC shows as ``␛``, so an escape sequence prints as
inert text), DEL becomes ``␡`` and C1 controls, which have no pictures, become ``�``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PICTURES = {
    **{i: chr(0x2400 + i) for i in range(0x20) if chr(i) not in "\t\n"},
    0x7F: "\u2421",
    **{i: "\ufffd" for i in range(0x80, 0xA0)},
}
# A cell starting with one of these is a formula to Excel, LibreOffice and Sheets.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?|-")
# A formula character at a cell's start, searched for in a row's cells joined by newlines
# (with one before the first): a newline within a cell can make it match in vain (the row
# then goes cell by cell), never miss a cell. One alternative with a literal first character
# is quick to search for; one alternation with ``_CONTROL`` took three times as long.
_FORMULA_AFTER_NEWLINE = re.compile(rf"\n[{re.escape(''.join(_FORMULA_START))}]")


def has_control(text: str) -> bool:
    """True when ``text`` holds a character ``visible`` would replace."""
    return _CONTROL.search(text) is not None


def visible(text: str) -> str:
    """``text`` with every control character but tab and newline made visible, one for one."""
    if _CONTROL.search(text) is None:  # the common case: no copy
        return text
    return text.translate(_PICTURES)


def without_controls(text: str) -> str:
    """``text`` with those characters removed: for a renderer that has measured it already
    (terminals give control characters no width, so removing them keeps the layout)."""
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub("", text)


def csv_cell(value: object) -> object:
    """A cell a spreadsheet shows as text: controls visible, no formula at its start.

    Numbers and other non-strings pass through, so numeric columns stay numeric.
    """
    if not isinstance(value, str):
        return value
    # Tab and CR at the start are formula triggers in some spreadsheets; check before
    # ``visible`` turns the CR into a picture.
    if value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        value = "'" + value
    return visible(value)


def csv_row(row: Sequence[object]) -> Sequence[object]:
    """``csv_cell`` of every cell, and the row itself when no cell needs it: two searches a
    row rather than calls a cell (an export writes 500,000 rows of 13 cells)."""
    cells = "\n" + "\n".join(map(str, row))
    if _CONTROL.search(cells) is None and _FORMULA_AFTER_NEWLINE.search(cells) is None:
        return row
    return [csv_cell(v) for v in row]
