"""Writing an imported REFI-QDA project's rows (``refi_import`` owns the transaction).

Every row written is reported to a ``ChangeSet`` so that undo takes the import back.
Transcripts, turns and codings go through the bulk paths of a transcript import
(``transcript_rows``, ``store.bulk``): one statement per table per round of sources.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from themework.domain.codebook import iter_codes, slug_id
from themework.domain.spans import quote_fields
from themework.domain.text import name_key
from themework.refi import model
from themework.refi.guids import guid
from themework.refi.qdc import Codebook, to_doc
from themework.services import codebook_sync as sync
from themework.services import transcript_rows as rows
from themework.services.audit import now
from themework.services.changes import ChangeSet, image, orm_image, to_json
from themework.services.refi_prepare import PreparedSource, memo_kind, walk
from themework.services.refi_themes import narrative_notes
from themework.store.bulk import insert_ids, insert_rows
from themework.store.models import Code, Coding, Memo, TranscriptParticipant
from themework.store.repos.codes import CodeIndex, new_code_id, next_code_order
from themework.store.repos.codings import codings_in
from themework.store.repos.memos import MEMO_KEY, memo_keys
from themework.store.repos.participants import participants_by_pseudonym, transcript_links
from themework.store.repos.transcripts import text_hashes

if TYPE_CHECKING:
    from themework.services.context import ServiceContext

CONSENT = "quote_consent"


@dataclass
class Stored:
    body: rows.Body
    source: PreparedSource
    new: bool
    coding_ids: list[int] = field(default_factory=list)
    by_selection: dict[str, int] = field(default_factory=dict)  # selection GUID -> coding id


def coders(
    ctx: ServiceContext, s: Session, users: tuple[model.User, ...], me: int
) -> dict[str, int]:
    """User GUID -> coder id ("" -> the coder running the import)."""
    out = {"": me}
    for user in users:
        name = " ".join(user.name.split())[:100] or f"user-{user.guid[:8]}"
        out[user.guid] = ctx.coder_id(s, name)
    return out


def codes(
    s: Session, project: model.Project, changes: ChangeSet
) -> tuple[dict[str, int], list[str], list[str]]:
    """Code GUID -> code id; names of codes added; "file -> here (how)" of codes matched."""

    index = CodeIndex(s)
    known = {guid("code", c.key): c.key for c in index.codes}
    doc = to_doc(Codebook(project.codes, (), project.origin), known=known)
    specs = list(iter_codes(doc))
    plan = sync.match_specs(specs, index)
    taken = set(index.by_key)
    order = next_code_order(s)
    ids: dict[str, int] = {}
    by_spec: dict[int, int] = {}
    added: list[str] = []
    matched: list[str] = []
    for n, (refi_code, m) in enumerate(zip(walk(project.codes), plan.matches, strict=True)):
        spec = m.spec
        if m.code is not None:
            cid = m.code.id
            matched.append(f"{spec.name} -> {m.code.name} ({m.how})")
        else:
            key = slug_id(spec.name, taken)
            taken.add(key)
            values: dict[str, Any] = {
                "key": key, "name": spec.name, "name_key": name_key(spec.name), "aliases": [],
                "definition": spec.definition, "include": spec.include,
                "exclude": spec.exclude, "examples": [], "keywords": [], "patterns": [],
                "colour": spec.colour, "status": "retired" if spec.retired else "active",
                "sort_order": order + n, "version": 1, "created_at": now(),
                "parent_id": by_spec[id(m.parent)] if m.parent is not None else None,
            }
            cid = new_code_id(s, values)
            values["id"] = cid
            changes.inserted("code", image(Code.__table__, values))
            added.append(spec.name)
        by_spec[id(spec)] = cid
        ids[refi_code.guid] = cid
    return ids, added, matched


def participants(
    s: Session, project: model.Project, prepared: list[PreparedSource], changes: ChangeSet
) -> dict[str, int]:
    """Pseudonym -> participant id, for every speaker and case; cases' variables become
    attributes (added to a participant already here, the file's value winning)."""
    variables = {v.guid: v for v in project.variables}
    wanted: dict[str, tuple[dict[str, str], bool]] = {}
    for case in project.cases:
        attrs: dict[str, str] = {}
        consent = True
        for var_guid, value in case.values:
            var = variables.get(var_guid)
            if var is None or not value:
                continue
            if var.name == CONSENT:
                consent = value.strip().lower() not in ("false", "0", "no")
            else:
                attrs[var.name] = value
        wanted[case.name] = (attrs, consent)
    pseudonyms = {p for ps in prepared for p in ps.prep.pseudonyms} | set(wanted)
    before = participants_by_pseudonym(s, pseudonyms)
    ids = rows.ensure_participants(s, pseudonyms, changes, wanted)
    for pseudonym, person in before.items():
        if pseudonym not in wanted:
            continue
        attrs, consent = wanted[pseudonym]
        merged = {**person.attributes, **attrs}
        if merged != person.attributes or (not consent and person.quote_consent):
            old = orm_image(person)
            person.attributes = merged
            person.quote_consent = person.quote_consent and consent
            s.flush()
            changes.updated("participant", old, orm_image(person))
    return ids


def transcripts(
    s: Session, prepared: list[PreparedSource], people: dict[str, int], used: set[str]
) -> list[Stored]:
    """Store the sources not here yet (``used``: the transcript ids taken, added to)."""
    by_name = {t.name: t.id for t in text_hashes(s, names=[ps.prep.name for ps in prepared])}
    out: list[Stored] = []
    fresh: list[rows.Body] = []
    for ps in prepared:
        if ps.prep.name in by_name:  # the same text: checked before it came here
            out.append(Stored(rows.Body(by_name[ps.prep.name], ps.prep, ChangeSet()), ps, False))
            continue
        tid = _transcript_id(ps.source.guid, used)
        body = rows.Body(tid, ps.prep, ChangeSet())
        fresh.append(body)
        out.append(Stored(body, ps, True))
    rows.insert_transcripts(
        s, [(rows.transcript_values(b.transcript_id, b.prep), b.changes) for b in fresh]
    )
    rows.write_bodies(s, fresh, people)
    return out


def _transcript_id(source_guid: str, used: set[str]) -> str:
    """The source's own GUID where it is a UUID not yet used, so a re-export keeps it."""
    try:
        tid = str(uuid.UUID(source_guid))
    except ValueError:
        tid = str(uuid.uuid4())
    if tid in used:
        tid = str(uuid.uuid4())
    used.add(tid)
    return tid


def codings(
    s: Session, stored: list[Stored], code_ids: dict[str, int], coder_ids: dict[str, int]
) -> None:
    """Every placed selection as a coding (one statement); one already on a transcript that
    was here before (same code, coder and span) is not added twice."""
    have = {
        (c.transcript_id, c.code_id, c.coder_id, c.start, c.end): c.id
        for c in codings_in(s, [st.body.transcript_id for st in stored if not st.new])
    }
    values: list[dict[str, Any]] = []
    owners: list[tuple[Stored, str]] = []
    stamp = now()
    for st in stored:
        tid, text = st.body.transcript_id, st.body.prep.text
        for p in st.source.placed:
            coder = coder_ids.get(p.coder, coder_ids[""])
            key = (tid, code_ids[p.code], coder, p.start, p.end)
            if key in have:  # already here before this import (duplicates within it stay)
                # its notes and the narratives citing it find it as if it had come in now
                st.by_selection.setdefault(p.selection, have[key])
                continue
            values.append({
                "transcript_id": tid, "code_id": code_ids[p.code], "start": p.start,
                "end": p.end, "coder_id": coder, "created_at": p.created or stamp,
                "origin": "imported", **quote_fields(text, p.start, p.end), "flagged": False,
            })
            owners.append((st, p.selection))
    table = Coding.__table__
    for row, new_id, (st, selection) in zip(
        values, insert_ids(s, table, values), owners, strict=True
    ):
        # The row, written already, is its own image: every column, its date as JSON.
        row["id"] = new_id
        row["created_at"] = to_json(row["created_at"])
        st.body.changes.inserted("coding", row)
        st.coding_ids.append(new_id)
        st.by_selection.setdefault(selection, new_id)


def case_links(
    s: Session,
    project: model.Project,
    stored: list[Stored],
    people: dict[str, int],
    changes: ChangeSet,
) -> None:
    """A case's sources are its participant's transcripts (beyond those they speak in)."""
    tid_of = {st.source.source.guid: st.body.transcript_id for st in stored}
    have = transcript_links(s)
    links = []
    for case in project.cases:
        for src in case.sources:
            tid, pid = tid_of.get(src), people[case.name]
            if tid is not None and (tid, pid) not in have:
                have.add((tid, pid))
                links.append({"transcript_id": tid, "participant_id": pid})
    insert_rows(s, TranscriptParticipant.__table__, links)
    for link in links:
        changes.inserted("transcript_participant", link)


def memos(
    s: Session,
    project: model.Project,
    stored: list[Stored],
    code_ids: dict[str, int],
    theme_ids: dict[str, int],
    people: dict[str, int],
    coder_ids: dict[str, int],
    changes: ChangeSet,
) -> int:
    """Notes as memos on what refers to them (a coding, transcript, code, theme or
    participant; the project otherwise). A titled note keeps its title as a first line."""
    target: dict[str, tuple[str, str, Any]] = {}  # note -> (target, column, id)

    def on(notes: tuple[str, ...], kind: str, column: str, ident: Any) -> None:
        for note in notes:
            target.setdefault(note, (kind, column, ident))

    for st in stored:
        tid = st.body.transcript_id
        for sel in st.source.source.selections:
            # A note on a selection that could not be placed stays with its transcript.
            if sel.guid in st.by_selection:
                on(sel.notes, "coding", "coding_id", st.by_selection[sel.guid])
            else:
                on(sel.notes, "transcript", "transcript_id", tid)
        on(st.source.source.notes, "transcript", "transcript_id", tid)
    for code in walk(project.codes):
        on(code.notes, "code", "code_id", code_ids.get(code.guid))
    for group in project.sets:
        if group.guid in theme_ids:
            on(group.notes, "theme", "theme_id", theme_ids[group.guid])
    for case in project.cases:
        on(case.notes, "participant", "participant_id", people.get(case.name))
    narratives = narrative_notes(project, theme_ids)  # they went into the themes
    # A merge of a file merged before (or of this project's own export) adds no memo twice.
    have = memo_keys(s)
    values = []
    for note in project.notes:
        kind, entry, plain = memo_kind(note.name)
        text = note.text if plain or not note.name else f"{note.name}\n\n{note.text}"
        if not text.strip() or note.guid in narratives:
            continue
        where, column, ident = target.get(note.guid, ("project", "", None))
        row = {
            "target": where if ident is not None else "project", "participant_id": None,
            "transcript_id": None, "code_id": None, "theme_id": None, "coding_id": None,
            **({column: ident} if column and ident is not None else {}),
            "kind": kind, "text": text, "coder_id": coder_ids.get(note.coder, coder_ids[""]),
            "created_at": note.created or now(), "entry_date": entry,
        }
        if tuple(row[key] for key in MEMO_KEY) not in have:
            values.append(row)
    table = Memo.__table__
    for row, new_id in zip(values, insert_ids(s, table, values), strict=True):
        row["id"] = new_id
        changes.inserted("memo", image(table, row))
    return len(values)
