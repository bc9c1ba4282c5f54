"""Plain data the Familiarise screen shows, built in workers from the services.

Nothing here touches Textual: the loaders run in thread workers and return frozen objects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from rich.cells import cell_len

from themework.domain.plural import plural
from themework.domain.spans import turn_at
from themework.services.dto import TranscriptText, TurnInfo
from themework.services.memos import MemoInfo
from themework.services.workbench import Workbench


@dataclass(frozen=True)
class TranscriptRow:
    name: str
    participants: tuple[str, ...]
    roles: tuple[str, ...]
    sites: tuple[str, ...]
    turns: int
    words: int
    codings: int
    by_coder: dict[str, int]


@dataclass(frozen=True)
class Overview:
    rows: tuple[TranscriptRow, ...]
    coders: tuple[str, ...]
    journal: tuple[MemoInfo, ...]

    def row(self, name: str) -> TranscriptRow | None:
        return next((r for r in self.rows if r.name == name), None)


@dataclass(frozen=True)
class Reading:
    text: TranscriptText
    notes: tuple[MemoInfo, ...]

    @property
    def name(self) -> str:
        return self.text.name

    @cached_property
    def label_starts(self) -> list[int]:
        return [t.label_start for t in self.text.turns]

    def turn_at(self, offset: int) -> TurnInfo | None:
        """The turn whose label starts at or before ``offset`` (None in the preamble)."""
        i = turn_at(self.label_starts, offset)
        return self.text.turns[i] if i >= 0 else None

    def turn(self, index: int) -> TurnInfo | None:
        return next((t for t in self.text.turns if t.index == index), None)

    @cached_property
    def noted(self) -> dict[int, int]:
        """Turn index -> how many notes are on that turn."""
        counts: dict[int, int] = {}
        for note in self.notes:
            if note.turn is not None:
                counts[note.turn] = counts.get(note.turn, 0) + 1
        return counts

    def margin_labels(self, row_of: Callable[[int], int]) -> dict[int, str]:
        """The margin's label for each turn's first row: its number and time, and a ``*``
        where a note is on the turn (the notes panel is off screen at 80 columns)."""
        return {row_of(t.label_start): turn_label(t) + ("*" if t.index in self.noted else "")
                for t in self.text.turns}


def _distinct(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def load_overview(wb: Workbench, me: str = "") -> Overview:
    """Every transcript with its people and coding progress per coder, and the journal."""
    # Counted by the database: loading every extract to count them took 7 to 9 s at 1,000
    # transcripts.
    per = wb.transcripts.coding_progress()
    coders = tuple(sorted({c for _, c in per} | ({me} if me else set()), key=str.casefold))
    rows = []
    for t in wb.transcripts.list():
        people = [t.attributes.get(p, {}) for p in t.participants]
        rows.append(TranscriptRow(
            t.name, t.participants,
            _distinct(a.get("role", "") for a in people),
            _distinct(a.get("site", "") for a in people),
            t.turns, t.words, t.codings,
            {c: per.get((t.name, c), 0) for c in coders},
        ))
    journal = tuple(wb.memos.list(kind="journal", on="project"))
    return Overview(tuple(rows), coders, journal)


def load_reading(wb: Workbench, name: str) -> Reading:
    text = wb.transcripts.text(name)
    notes = tuple(wb.memos.list(kind="note", on=f"transcript:{text.name}"))
    return Reading(text, notes)


# -- formatting ----------------------------------------------------------------------------
def hms(seconds: float | None) -> str:
    """``[hh:mm:ss]`` for a turn's start time, or "" when the transcript has none."""
    if seconds is None:
        return ""
    whole = int(seconds)
    return f"[{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}]"


def summarise(values: Sequence[str], width: int) -> str:
    """Values joined by commas, cut to ``width`` with an ellipsis."""
    joined = ", ".join(values)
    return joined if len(joined) <= width else joined[: width - 1].rstrip(", ") + "…"


def here_line(reading: Reading, turn: TurnInfo | None, roles: Sequence[str]) -> str:
    """Where the reader's cursor is: transcript, turn, speaker, time, who took part."""
    parts = [reading.name]
    count = len(reading.text.turns)
    if turn is None:
        parts.append(f"{plural(count, 'turn')}")
    else:
        who = turn.speaker if turn.role == "participant" else f"{turn.speaker} ({turn.role})"
        stamp = hms(turn.start_s)
        parts.append(f"turn {turn.index} of {count} · {who}" + (f" {stamp}" if stamp else ""))
        if turn.index in reading.noted:
            parts.append(f"{plural(reading.noted[turn.index], 'note')} on this turn")
    if roles:
        parts.append(summarise(roles, 40))
    return " · ".join(parts)


def turn_label(turn: TurnInfo) -> str:
    stamp = hms(turn.start_s)
    return f"{turn.index:>3}" + (f" {stamp}" if stamp else "")


def coder_headers(coders: Sequence[str], digits: Sequence[int],
                  room: int) -> tuple[list[str], int]:
    """The headers of the coder columns that fit ``room`` cells beside the fixed columns
    (each column takes two more for its padding), and how many coders are left out (shown as
    one "+N" column), so that the table never scrolls sideways: the names whole; else each cut
    with "…" to its counts' width (3 at least); else the first that fit."""
    def width(labels: Sequence[str]) -> int:
        return sum(max(len(label), d) + 2 for label, d in zip(labels, digits, strict=False))

    if width(coders) <= room:
        return list(coders), 0
    cut = [c if len(c) <= max(d, 3) else c[: max(d, 3) - 1] + "…"
           for c, d in zip(coders, digits, strict=True)]
    if width(cut) <= room:
        return cut, 0
    shown = len(coders) - 1
    while shown > 0 and width(cut[:shown]) + len(f"+{len(coders) - shown}") + 2 > room:
        shown -= 1
    return cut[:shown], len(coders) - shown


FIXED_COLUMNS = ("transcript", "participants", "role", "site", "turns", "words", "codings")
MORE_CODERS = "\0more"  # the key of the "+N" column (no coder's name)


@dataclass(frozen=True)
class TranscriptTableCells:
    keys: tuple[str, ...]  # the columns' keys
    labels: tuple[str, ...]  # their headers
    rows: tuple[tuple[str, tuple[object, ...]], ...]  # (transcript, cells)


def transcript_table(overview: Overview, narrow: bool, width: int) -> TranscriptTableCells:
    """The transcripts table's cells, summarised for the width; the coder columns take what
    the fixed ones leave of ``width``, so that the table never scrolls sideways and cuts a
    header ("benc")."""
    fixed = [(
        r.name,
        summarise(r.participants, 10 if narrow else 18),
        summarise(r.roles, 14 if narrow else 28),
        summarise(r.sites, 8 if narrow else 14),
        r.turns, r.words, r.codings,
    ) for r in overview.rows]
    used = sum(max([cell_len(head), *(cell_len(str(cells[i])) for cells in fixed)]) + 2
               for i, head in enumerate(FIXED_COLUMNS))
    digits = [max((len(str(r.by_coder.get(c, 0))) for r in overview.rows), default=1)
              for c in overview.coders]
    heads, left_out = coder_headers(overview.coders, digits, width - used)
    shown = overview.coders[: len(heads)]
    more = ("",) if left_out else ()  # "+N": coders left out for want of room
    return TranscriptTableCells(
        (*FIXED_COLUMNS, *shown, *((MORE_CODERS,) if left_out else ())),
        (*FIXED_COLUMNS, *heads, *((f"+{left_out}",) if left_out else ())),
        tuple((r.name, (*cells, *(r.by_coder.get(c, 0) for c in shown), *more))
              for cells, r in zip(fixed, overview.rows, strict=True)),
    )
