"""The erasing steps of a participant's withdrawal, run inside its one transaction.

Which transcripts are theirs alone (deleted) and which they share (their turns blanked in
place), the rows that go with them, and the audit payloads stripped of their text.
``ParticipantService.withdraw`` runs them in order and then compacts the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from themework.services import audit
from themework.services.audit import redact
from themework.store.models import (
    Coding,
    Suggestion,
    Transcript,
    Turn,
)
from themework.store.repos.audit import unredacted_targets
from themework.store.repos.withdrawal import (
    Erasure,
    codings_in,
    delete_suggestions,
    erase,
    existing_codings,
    group_rows,
    names_of,
    speaking_in,
    text_hashes,
    their_memos,
    unlink,
)

WITHDRAWN = "[withdrawn]"


@dataclass(frozen=True)
class Reach:
    """The transcripts a participant speaks in."""

    tids: list[str]
    alone: list[str]  # no one else speaks: deleted
    shared: list[str]  # group transcripts: their turns are blanked
    names_deleted: tuple[str, ...]
    names_redacted: tuple[str, ...]
    hashes: set[str]
    codings_alone: set[int]  # codings on the transcripts deleted


def reach(s: Session, participant_id: int) -> Reach:
    alone, shared = speaking_in(s, participant_id)
    tids = alone + shared
    return Reach(tids, alone, shared, names_of(s, alone), names_of(s, shared),
                 text_hashes(s, tids), codings_in(s, alone))  # fmt: skip


def delete_rows(s: Session, participant_id: int, where: Reach, gone_codings: set[int]) -> set[int]:
    """Delete the participant and what holds their words; returns the ids of the memos
    deleted."""
    # Memos on them, on their transcripts and on codings of their words: all go, and
    # so does every audit event that carried their text. Unsaved drafts on their
    # transcripts (group ones too) may quote them: they go.
    gone_memos = their_memos(s, participant_id, where.alone, gone_codings)
    erase(s, Erasure(participant_id, gone_memos, gone_codings, where.alone, where.tids,
                     where.hashes))  # fmt: skip
    return gone_memos


class _Cut:
    """Their spans of a transcript's text, each to be replaced by ``WITHDRAWN``."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans

    def touches(self, start: int, end: int) -> bool:
        return any(start < e and end > b for b, e in self.spans)

    def shift(self, offset: int) -> int:
        """Where ``offset`` (outside their spans) lands in the shortened text."""
        delta = 0
        for b, e in self.spans:
            if e <= offset:
                delta += (e - b) - len(WITHDRAWN)
        return offset - delta

    def apply(self, old: str) -> str:
        pieces, pos = [], 0
        for b, e in self.spans:
            pieces += [old[pos:b], WITHDRAWN]
            pos = e
        pieces.append(old[pos:])
        return "".join(pieces)


def blank_turns(s: Session, tid: str, participant_id: int) -> set[int]:
    """Replace a participant's utterances in a group transcript by a marker, in place.

    Their turns keep their numbers (so references to other turns stay right); codings and
    suggestions that touch their words are returned (codings, for the caller to delete with
    their memos) or deleted (suggestions); the rest move with the shortened text.
    """
    from themework.domain.text import text_hash, word_count

    t = s.get_one(Transcript, tid)
    speakers, turns, codings, suggestions = group_rows(s, tid, participant_id)
    cut = _Cut(sorted((u.start, u.end) for u in turns if u.speaker_id in speakers))
    doomed = {c.id for c in codings if cut.touches(c.start, c.end)}
    delete_suggestions(s, [g.id for g in suggestions if cut.touches(g.start, g.end)])
    new_text = cut.apply(t.text)
    _move_turns(turns, speakers, cut)
    _move_marks(codings, doomed, suggestions, cut, new_text)
    t.text = new_text
    t.text_hash = text_hash(new_text)
    t.words = sum(word_count(new_text[u.start : u.end]) for u in turns)
    t.version += 1
    s.flush()
    unlink(s, tid, participant_id, speakers, [u.id for u in turns if u.speaker_id in speakers],
           WITHDRAWN)  # fmt: skip
    # Written: let go of them (one who speaks in 2,000 transcripts held every one's turns
    # and codings to the end).
    for row in (t, *turns, *codings, *suggestions):
        s.expunge(row)
    return doomed


def _move_turns(turns: list[Turn], speakers: set[int], cut: _Cut) -> None:
    """Their turns come to hold the marker alone; the others move with the text."""
    for u in turns:
        u.label_start, u.label_end = cut.shift(u.label_start), cut.shift(u.label_end)
        if u.speaker_id in speakers:
            u.start = cut.shift(u.start)
            u.end = u.start + len(WITHDRAWN)
        else:
            u.start, u.end = cut.shift(u.start), cut.shift(u.end)


def _move_marks(
    codings: list[Coding], doomed: set[int], suggestions: list[Suggestion], cut: _Cut, new_text: str
) -> None:
    """Codings and suggestions clear of their words move with the text."""
    from themework.services.transcript_rows import set_quote

    for c in codings:
        if c.id not in doomed:
            c.start, c.end = cut.shift(c.start), cut.shift(c.end)
            set_quote(c, new_text)
    for g in suggestions:
        if not cut.touches(g.start, g.end):
            g.start, g.end = cut.shift(g.start), cut.shift(g.end)


# Events a withdrawal reads the targets of at a time: a bulk apply's event names 20,000 rows.
TARGET_EVENTS = 50


def redact_events(s: Session, marks: set[str], prefixes: tuple[str, ...] = ()) -> int:
    """Strip text from every audit payload that touched (or referred to) these rows.

    One hop further: a coding seen in such an event that no longer exists (removed before
    the withdrawal, or just now) may have carried a memo quoting them, so events that refer
    to it are redacted as well. The log is read twice by targets alone and the events hit
    are redacted a few at a time: holding every payload took a gigabyte at 500,000 codings.
    """
    marks = marks | {f"@{m}" for m in marks}
    seen: set[int] = set()
    _hits(s, marks, prefixes, seen)
    live = existing_codings(s, seen)
    marks |= {f"{at}coding:{i}" for i in seen - live for at in ("", "@")}
    ids = _hits(s, marks, prefixes)
    for part in audit.events_in_parts(s, ids):
        for event in part:
            event.before = redact(event.before)
            event.after = redact(event.after)
            event.redacted = True
            event.undoable = False
    return len(ids)


def _hits(
    s: Session, marks: set[str], prefixes: tuple[str, ...], seen: set[int] | None = None
) -> list[int]:
    """The ids of the unredacted events that touched or referred to ``marks`` (or a target
    starting with one of ``prefixes``), in order; the codings they name go into ``seen``
    (their targets are not kept: a bulk apply's name 20,000 rows)."""
    found: list[int] = []
    last = 0
    while part := unredacted_targets(s, last, TARGET_EVENTS):
        last = part[-1].id
        for row in part:
            targets = row.targets
            if marks.isdisjoint(targets) and not (
                prefixes and any(t.startswith(prefixes) for t in targets)
            ):
                continue
            found.append(row.id)
            if seen is not None:
                seen |= {int(t[7:]) for t in targets if t.startswith("coding:") and t[7:].isdigit()}
    return found
