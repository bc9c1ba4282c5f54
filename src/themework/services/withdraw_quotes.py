"""A withdrawing participant's words quoted elsewhere: in memos, notes and the journal, theme
texts and narratives, exemplar trims, framework-matrix notes, unsaved drafts and snapshots.

Deleting their transcripts does not reach a researcher's memo that quotes them. Each quote
of five words or more (``domain.quotes``) is replaced in place; the caller redacts the audit
events of the rows changed here (``marks``), and no event records the old text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from themework.domain.quotes import redact_quotes, shingles
from themework.store.repos.withdrawal import spoken_texts, written

THEME_FIELDS = ("definition", "central_concept", "scope", "narrative")


@dataclass
class QuoteSweep:
    changed: list[str] = field(default_factory=list)  # "memo 12 (journal)", ...
    marks: set[str] = field(default_factory=set)  # audit targets of the rows changed


def their_words(s: Session, participant_id: int, transcript_ids: list[str]) -> frozenset[Any]:
    """Shingles of everything the participant said (read before their turns are removed)."""
    return shingles(spoken_texts(s, participant_id, transcript_ids))


def sweep(s: Session, said: frozenset[Any]) -> QuoteSweep:
    """Replace quotes of ``said`` wherever researchers write; say what changed."""
    out = QuoteSweep()
    if not said:
        return out
    rows = written(s)
    for memo in rows.memos:
        memo.text, n = redact_quotes(memo.text, said)
        if n:
            out.changed.append(f"memo {memo.id} ({memo.kind} on {memo.target})")
            out.marks.add(f"memo:{memo.id}")
    for theme in rows.themes:
        for name in THEME_FIELDS:
            new, n = redact_quotes(getattr(theme, name) or "", said)
            if n:
                setattr(theme, name, new)
                out.changed.append(f"theme {theme.name!r}: {name.replace('_', ' ')}")
                out.marks.add(f"theme:{theme.id}")
    for ex in rows.trimmed:
        new, n = redact_quotes(ex.trimmed or "", said)
        if n:
            ex.trimmed = new
            out.changed.append(f"exemplar {ex.id} (trimmed quote)")
            out.marks.add(f"exemplar:{ex.id}")
    for note in rows.matrix_notes:
        note.text, n = redact_quotes(note.text, said)
        if n:
            out.changed.append("framework-matrix note")
            out.marks.add(f"matrix_note:{note.participant_id}/{note.theme_id}")
    for draft in rows.drafts:  # unsaved workbench text (not audited)
        content, n = _redact_tree(draft.content, said)
        if n:
            draft.content = content
            out.changed.append(f"unsaved draft {draft.id}")
    for snap in rows.snapshots:
        content, n = _redact_tree(snap.content, said)
        if n:
            snap.content = content
            out.changed.append(f"snapshot {snap.name!r}")
            out.marks.add(f"snapshot:{snap.id}")
    s.flush()
    return out


def _redact_tree(value: Any, said: frozenset[Any]) -> tuple[Any, int]:
    if isinstance(value, str):
        return redact_quotes(value, said)
    if isinstance(value, dict):
        total, out = 0, {}
        for k, v in value.items():
            out[k], n = _redact_tree(v, said)
            total += n
        return out, total
    if isinstance(value, list):
        items = [_redact_tree(v, said) for v in value]
        return [v for v, _ in items], sum(n for _, n in items)
    return value, 0
