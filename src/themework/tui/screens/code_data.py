"""How the Code screen words and finds things in the data it shows (``code_view.CodeView``).

Plain functions: the pickers' entries, the status line, the turn at an offset. Nothing here
touches Textual.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from themework.domain import spans
from themework.domain.plural import plural
from themework.services.coding import Extract
from themework.services.dto import TranscriptInfo, TurnInfo
from themework.tui.screens.code_view import CodeView


def others_coding(view: CodeView, coding_id: int, me: str) -> str | None:
    """The question to ask before removing another coder's coding (None when it is yours)."""
    e = next((x for x in view.extracts if x.id == coding_id), None)
    if e is None or e.coder == me:
        return None
    where = f"turn {e.turn}" if e.turn is not None else f"{e.start}:{e.end}"
    return (f"Remove {e.coder}'s coding #{e.id} ({e.code_name}, {e.transcript} {where})?\n"
            f"It is {e.coder}'s work, not yours. ctrl+z undoes it.")


def merge_code_question(view: CodeView, source: str, target: str) -> str:
    """What merging one code into another will do, asked before it happens."""
    codes = {c.id: c for c in view.codes}
    src, dst = codes.get(source), codes.get(target)
    src_name, dst_name = (src.name if src else source), (dst.name if dst else target)
    moved = plural(src.codings, "coding") if src else "its codings"
    return (f"Merge the code {src_name} into {dst_name}?\n"
            f"{moved} move to {dst_name}; {src_name} stays in the codebook as merged.\n"
            "ctrl+z undoes it.")


def turn_at(turns: Sequence[TurnInfo], offset: int,
            starts: Sequence[int] | None = None) -> TurnInfo | None:
    """The last turn whose label starts at or before ``offset`` (None in the preamble);
    ``starts``, the turns' label starts, when the caller keeps them (5,000 turns: listing
    them again at each cursor move took a millisecond)."""
    i = spans.turn_at([t.label_start for t in turns] if starts is None else starts, offset)
    return turns[i] if i >= 0 else None


def next_participant_turn(turns: Sequence[TurnInfo], turn: TurnInfo | None) -> TurnInfo | None:
    """The first participant's turn after ``turn`` (None when there is none, or no turn)."""
    return next(
        (t for t in turns if turn and t.index > turn.index and t.role == "participant"), None
    )


def code_options(view: CodeView) -> list[tuple[str, str]]:
    """Every code for a picker: its tag, name and aliases."""
    opts = []
    for c in view.codes:
        extra = f"  aka {', '.join(c.aliases)}" if c.aliases else ""
        opts.append((f"{view.tags[c.id]:<4} {c.name}{extra}", c.id))
    return opts


HERE_LINES = 3  # the status line under the reader wraps to this many (code.tcss)


def wrapped(text: str, width: int) -> list[str]:
    """``text`` as a Static wraps it at ``width`` cells: at spaces, a long word broken, never
    at a hyphen (code names are hyphenated ids)."""
    return textwrap.wrap(text, max(width, 1), break_on_hyphens=False) or [""]


def cut_to(text: str, width: int, lines: int) -> str:
    """``text`` as it fits in ``lines`` lines of ``width``, ending in "…" when cut."""
    rows = wrapped(text, width)
    if len(rows) <= lines:
        return text
    return " ".join([*rows[:lines - 1], rows[lines - 1][:max(width - 1, 0)].rstrip() + "…"])


def _coding_here(view: CodeView, e: Extract) -> str:
    """One coding in the status line: its id and coder, and its memos ("#529 alice · 1 memo")."""
    memos = view.memos.get(e.id)
    return f"#{e.id} {e.coder}" + (f" · {plural(memos, 'memo')}" if memos else "")


def here_line(view: CodeView, transcript: str | None, refs: Sequence[tuple[int, str]],
              turn: TurnInfo | None, advance: bool, suggested: int = 0,
              width: int | None = None, selected: str = "") -> str:
    """Where the cursor is: transcript, turn, the mode, the codings (``(id, tag)``) there,
    one entry per code with its codings' ids, coders and memos, and how many suggestions wait
    there for ``a`` or ``X``; ``selected`` says what the selection holds, after the turn.

    The line wraps on screen to ``HERE_LINES`` lines of ``width``. When it would take more,
    the codes go by their tags alone; then the last codes are left out and counted ("… 2
    more"); the line is never cut without saying so."""
    names = {c.id: c.name for c in view.codes}
    by_id = {e.id: e for e in view.extracts}
    by_code: dict[str, list[str]] = {}
    tags: dict[str, str] = {}
    for ref, tag in refs:
        e = by_id.get(ref)
        if e is not None:
            by_code.setdefault(e.code, []).append(_coding_here(view, e))
            tags[e.code] = tag
    where = f"turn {turn.index} {turn.speaker}" if turn else "no turn"
    mode = " · advance on" if advance else ""
    chosen = f" · {selected}" if selected else ""
    waiting = f" · {suggested} suggested (a accepts, X rejects)" if suggested else ""

    def line(named: bool, shown: int = len(by_code)) -> str:
        parts = [f"{tags[code]}{' ' + names.get(code, code) if named else ''} "
                 f"({', '.join(ids)})" for code, ids in list(by_code.items())[:shown]]
        if shown < len(by_code):
            parts.append(f"… {len(by_code) - shown} more")
        coded = "; ".join(parts) or "not coded here"
        return f"{transcript or '-'} · {where}{chosen}{mode} · {coded}{waiting}"

    text = line(named=True)
    if width is None:
        return text
    shown = len(by_code)
    while len(wrapped(text, width)) > HERE_LINES and shown >= 0:
        text = line(named=False, shown=shown)
        shown -= 1
    return cut_to(text, width, HERE_LINES)  # the place and mode alone too long: cut, with "…"


def coding_options(view: CodeView, refs: Sequence[int]) -> list[tuple[str, str]]:
    """The codings ``refs`` for a picker: id, code name and coder."""
    names = {c.id: c.name for c in view.codes}
    by_id = {e.id: e for e in view.extracts}
    return [
        (f"#{ref} {names.get(by_id[ref].code, '')} ({by_id[ref].coder})", str(ref))
        for ref in refs
        if ref in by_id
    ]


def suggestion_options(view: CodeView, refs: Sequence[int]) -> list[tuple[str, str]]:
    """The suggestions ``refs`` for a picker: code name and the words that matched."""
    names = {c.id: c.name for c in view.codes}
    by_id = {sg.id: sg for sg in view.suggestions}
    return [(f"{names.get(by_id[ref].code, '')} (matched {', '.join(by_id[ref].matched)})",
             str(ref)) for ref in refs if ref in by_id]


def transcript_choice(t: TranscriptInfo) -> str:
    """A transcript in the picker: name, participants and its codings."""
    return f"{t.name}  {', '.join(t.participants)}  ({plural(t.codings, 'coding')})"
