"""Transcripts: import, list, read, correct (re-anchoring codings) and search.

Importing lives in ``transcript_import`` (mixed in); a coding's quote and context are set by
``transcript_rows.set_quote``.
"""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import TYPE_CHECKING

from themework.domain.errors import Conflict, InputError
from themework.domain.plural import plural
from themework.services import transcript_rows as rows
from themework.services.audit import record
from themework.services.changes import ChangeSet, orm_image
from themework.services.dto import (
    ReplaceResult,
    SearchHit,
    TranscriptInfo,
    TranscriptText,
    TurnInfo,
)
from themework.services.importing import Prepared
from themework.services.survey_import import SurveyImport
from themework.services.transcript_import import TranscriptImport
from themework.store.repos.participants import pseudonyms
from themework.store.repos.transcripts import (
    coding_progress,
    listing,
    named,
    rename_transcript,
    transcript_entity,
    transcript_row,
)
from themework.store.repos.turns import speaker_turns

if TYPE_CHECKING:
    from themework.services.context import ServiceContext
    from themework.services.projects import ProjectService



class TranscriptService(SurveyImport, TranscriptImport):
    def __init__(self, ctx: ServiceContext, *, projects: ProjectService) -> None:
        self.ctx = ctx
        self.projects = projects

    def replace_text(self, name: str, new_text: str) -> ReplaceResult:
        """Correct a transcript's text (``transcript edit``): the text is re-parsed as turns."""
        from themework.ingest.plain import parse_plain
        from themework.services.importing import plan_speakers

        with self.ctx.store.read() as s:
            t = transcript_row(s, name)
            known = pseudonyms(s)
            old_hash = t.text_hash
        parsed = parse_plain(new_text, Path(f"{name}.txt"))
        mapped, speakers = plan_speakers(parsed, Path(name), {}, known, name)
        from themework.domain.text import render, text_hash, word_count

        text, layouts = render(mapped)
        if text_hash(text) == old_hash:
            return ReplaceResult(name, 0, 0, (), None)
        prep = Prepared(
            Path(name),
            name,
            t.source_format,
            text,
            text_hash(text),
            sum(word_count(text[x.start : x.end]) for x in layouts),
            tuple(layouts),
            speakers,
        )
        made = self.ctx.backup("edit")
        with self.ctx.store.write() as s:
            existing = transcript_entity(s, name)
            changes = ChangeSet()
            pids = rows.ensure_participants(s, set(prep.pseudonyms), changes)
            result = self._replace(s, existing, prep, pids, changes)
            record(
                s,
                self.ctx.coder_id(s),
                "transcript.edit",
                f"corrected transcript {name} ({plural(len(result.flagged), 'coding')} flagged)",
                changes,
            )
        return ReplaceResult(
            result.name, result.codings, result.moved, result.flagged, str(made) if made else None
        )

    def findings(self, name: str) -> list[tuple[int, int, str, str, str]]:
        """Possible identifiers in a stored transcript, for ``transcript redact --finding``."""
        from themework.services.identifiers import stored_findings

        return stored_findings(self.text(name).text)

    def redact(
        self,
        name: str,
        *,
        match: str | None = None,
        nth: int | None = None,
        finding: int | None = None,
        replacement: str = "[redacted]",
    ) -> tuple[ReplaceResult, list[str]]:
        """Replace an identifier noticed after import; codings are re-anchored, the old text
        is stripped from audit payloads, and backups made before are named for deletion."""
        from themework.domain.spans import find_all
        from themework.services.audit import redact as strip
        from themework.store.backup import list_backups
        from themework.store.repos.audit import unredacted_events

        current = self.text(name)
        if finding is not None:
            found = self.findings(name)
            if not 1 <= finding <= len(found):
                raise InputError(f"transcript {name} has findings 1 to {len(found)}")
            start, end = found[finding - 1][:2]
        elif match:
            hits = find_all(current.text, match)
            if not hits:
                raise InputError(f"the text to match does not occur in transcript {name}")
            if len(hits) > 1 and nth is None:
                raise InputError(
                    f"the text occurs {len(hits)} times in {name}: choose one occurrence",
                    options=("nth",),
                )
            k = (nth or 1) - 1
            if not 0 <= k < len(hits):
                raise InputError(f"the occurrence chosen must be between 1 and {len(hits)}")
            start, end = hits[k], hits[k] + len(match)
        else:
            raise InputError("say what to redact: a text to match or a finding's number",
                             options=("match", "finding"))
        new_text = current.text[:start] + replacement + current.text[end:]
        result = self.replace_text(name, new_text)
        with self.ctx.store.write() as s:
            marks = {f"transcript:{current.id}", f"@transcript:{current.id}"}
            for event in unredacted_events(s):
                if marks & set(event.targets):
                    event.before = strip(event.before)
                    event.after = strip(event.after)
                    event.redacted = True
                    event.undoable = False
        path = self.ctx.store.location.path
        if path is not None:  # deleted text must not linger in free pages or the WAL
            from themework.store.backup import vacuum

            vacuum(self.ctx.store.engine)
        older = [str(b) for b in list_backups(path)] if path is not None else []
        if result.backup in older:
            older.remove(result.backup)
            older.append(result.backup)
        return result, older

    # -- reading ---------------------------------------------------------------------------
    def list(self) -> list[TranscriptInfo]:
        with self.ctx.store.read() as s:
            out = [
                TranscriptInfo(t.id, t.name, t.source_format, t.imported_at,
                               tuple(p for p, _ in t.people), {p: dict(a) for p, a in t.people},
                               t.turns, t.words, t.codings)
                for t in listing(s)
            ]
        return sorted(out, key=lambda x: x.name.casefold())

    def coding_progress(self, coder: str | None = None) -> dict[tuple[str, str], int]:
        """Codings per (transcript name, coder), counted by the database; pairs with none
        are left out. With ``coder``, that coder's alone."""
        with self.ctx.store.read() as s:
            return coding_progress(s, coder)

    def text(self, name: str) -> TranscriptText:
        with self.ctx.store.read() as s:
            t = transcript_row(s, name)
            # Plain rows, not Turn objects: building 5,000 ORM objects took half a second
            # of opening a long transcript.
            turns = tuple(
                TurnInfo(u.index, label, role, who, u.label_start, u.label_end, u.start, u.end,
                         u.start_s, u.end_s)
                for u, label, role, who in speaker_turns(s, t.id)
            )
            return TranscriptText(t.id, t.name, t.text, turns)

    def search(self, query: str, limit: int = 50) -> builtins.list[SearchHit]:
        from themework.store.search import search_turns

        with self.ctx.store.read() as s:
            return [SearchHit(*hit) for hit in search_turns(s, query, limit)]

    def rename(self, old: str, new: str) -> None:
        with self.ctx.store.write() as s:
            t = transcript_entity(s, old)
            if named(s, new):
                raise Conflict(f"a transcript named {new!r} already exists")
            before = orm_image(t)
            rename_transcript(s, t.id, new)
            s.refresh(t)
            changes = ChangeSet()
            changes.updated("transcript", before, orm_image(t))
            record(s, self.ctx.coder_id(s), "transcript.rename", f"renamed {old} to {new}", changes)
