"""Coding stripes: which codes cover which lines, and which narrow column each code gets.

Plain data in, plain data out, so the reader's stripes can be tested without a terminal.
A line is a document line of the transcript (``line_starts`` gives the offset of each); a
``Cover`` is one code's stretch on one line, in columns of that line. The layout is made for
the lines on screen only: each code found there gets one column (codings first, then
suggestions as a group apart), ordered by the codebook; when more codes are there than
columns fit, the codes on the cursor's line and those covering most lines keep theirs and
the rest are counted in a ``+N`` column, never dropped silently.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

GLYPHS = "█▓▒░▌▐▞▚▀▄"  # one per column, so a stripe is told apart without its colour
SUGGESTED = "?"  # every suggestion column: suggestions are shown apart from codings
MEMO = "*"  # beside a stripe where a coding that carries a memo starts
CELL = 2  # a column: its glyph and a cell for the memo mark (or a gap)
GAP = 1  # between the codings and the suggestions
MORE = 3  # "+NN": how many codes on the line have no column


@dataclass(frozen=True)
class Span:
    """A coded (or suggested) stretch of the transcript, in offsets."""

    code: str
    start: int
    end: int  # exclusive
    suggested: bool = False
    memo: bool = False


@dataclass(frozen=True)
class Cover:
    """A span's part on one line, in that line's columns."""

    code: str
    start: int
    end: int  # exclusive
    suggested: bool = False
    memo: bool = False  # the span carries a memo and starts on this line


def by_line(spans: Iterable[Span], line_starts: Sequence[int]) -> dict[int, tuple[Cover, ...]]:
    """Line -> the covers on it. Built once per transcript load; the screen then reads only
    the lines it shows."""
    out: dict[int, list[Cover]] = {}
    if not line_starts:
        return {}
    for sp in spans:
        if sp.end <= sp.start:
            continue
        first = max(0, bisect.bisect_right(line_starts, sp.start) - 1)
        last = max(0, bisect.bisect_right(line_starts, sp.end - 1) - 1)
        for line in range(first, last + 1):
            base = line_starts[line]
            end = min(sp.end, line_starts[line + 1]) if line + 1 < len(line_starts) else sp.end
            out.setdefault(line, []).append(
                Cover(sp.code, max(sp.start - base, 0), end - base, sp.suggested,
                      sp.memo and line == first)
            )
    return {line: tuple(covers) for line, covers in out.items()}


def on_segment(covers: Sequence[Cover], start: int, end: int | None) -> list[Cover]:
    """The covers that reach the part ``start:end`` of a line (``None``: to its end), as a
    soft-wrapped line shows it. A memo mark stays with the part where its span starts."""
    out = []
    for c in covers:
        if c.end > start and (end is None or c.start < end):
            memo = c.memo and (c.start >= start or start == 0)
            out.append(c if memo == c.memo else Cover(c.code, c.start, c.end, c.suggested))
    return out


@dataclass(frozen=True)
class Column:
    code: str
    suggested: bool
    x: int  # the first cell
    glyph: str


@dataclass(frozen=True)
class Layout:
    columns: tuple[Column, ...]
    hidden: tuple[tuple[str, bool], ...]  # (code, suggested) with no column, counted in +N
    more_x: int | None  # where the +N column starts (None: every code has a column)

    def column(self, code: str, suggested: bool) -> Column | None:
        return next((c for c in self.columns if c.code == code and c.suggested == suggested),
                    None)


def lay_out(lines: Iterable[Sequence[Cover]], width: int, order: Mapping[str, int],
            prefer: Iterable[str] = ()) -> Layout:
    """Columns for the codes on ``lines`` (the visible ones) in ``width`` cells.

    ``order`` ranks codes (the codebook's order; unknown codes go last, by id); ``prefer``
    (the codes on the cursor's line) keep a column when not all fit, then those covering
    most lines."""
    reach: Counter[tuple[str, bool]] = Counter()
    for covers in lines:
        for key in {(c.code, c.suggested) for c in covers}:
            reach[key] += 1
    wanted = set(prefer)

    def rank(key: tuple[str, bool]) -> tuple[int, str]:
        return order.get(key[0], len(order)), key[0]

    coded = sorted((k for k in reach if not k[1]), key=rank)
    suggested = sorted((k for k in reach if k[1]), key=rank)
    if _cells(len(coded), len(suggested)) <= width:
        keep = set(coded) | set(suggested)
    else:
        keep = set()
        room = width - MORE
        by_need = sorted(coded, key=lambda k: (k[0] not in wanted, -reach[k], rank(k)))
        by_need += sorted(suggested, key=lambda k: (k[0] not in wanted, -reach[k], rank(k)))
        for key in by_need:
            n_coded = sum(not k[1] for k in keep) + (not key[1])
            n_sugg = sum(k[1] for k in keep) + key[1]
            if _cells(n_coded, n_sugg) <= room:
                keep.add(key)
    columns: list[Column] = []
    x = 0
    shown_coded = [k for k in coded if k in keep]
    for i, (code, _) in enumerate(shown_coded):
        columns.append(Column(code, False, x, GLYPHS[i % len(GLYPHS)]))
        x += CELL
    shown_sugg = [k for k in suggested if k in keep]
    if shown_sugg and shown_coded:
        x += GAP
    for code, _ in shown_sugg:
        columns.append(Column(code, True, x, SUGGESTED))
        x += CELL
    hidden = tuple(k for k in coded + suggested if k not in keep)
    return Layout(tuple(columns), hidden, x if hidden else None)


def _cells(coded: int, suggested: int) -> int:
    return CELL * (coded + suggested) + (GAP if coded and suggested else 0)


@dataclass(frozen=True)
class Cell:
    x: int
    text: str
    code: str | None  # None: the +N count
    suggested: bool = False


def cells(layout: Layout, covers: Sequence[Cover]) -> list[Cell]:
    """What one screen line of the stripes shows: a glyph in the column of each code covering
    it (``*`` beside it where a coding with a memo starts) and ``+N`` for codes without one."""
    out: list[Cell] = []
    seen: set[tuple[str, bool]] = set()
    memo = {(c.code, c.suggested) for c in covers if c.memo}
    missing = 0
    for c in covers:
        key = (c.code, c.suggested)
        if key in seen:
            continue
        seen.add(key)
        col = layout.column(*key)
        if col is None:
            missing += 1
            continue
        out.append(Cell(col.x, col.glyph + (MEMO if key in memo else ""), c.code, c.suggested))
    if missing and layout.more_x is not None:
        out.append(Cell(layout.more_x, f"+{missing}", None))
    return sorted(out, key=lambda cell: cell.x)
