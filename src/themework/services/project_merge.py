"""Bringing another coder's project into this one (independent coding in separate files).

Transcripts match by the hash of their text, codes by id, alias or name, coders by name.
Codings arrive with their coder; nothing is duplicated when the same project is merged twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from themework.domain.plural import plural
from themework.domain.text import name_key
from themework.services.audit import PART_ROWS, PartedChanges, now
from themework.services.changes import ChangeSet, image
from themework.services.context import ServiceContext
from themework.services.transcript_rows import ensure_participants
from themework.store.bulk import insert_ids
from themework.store.engine import Store
from themework.store.models import (
    Assignment,
    Code,
    Coding,
    Participant,
    Speaker,
    Transcript,
    TranscriptParticipant,
    Turn,
)
from themework.store.repos.coders import coders_by_id
from themework.store.repos.codes import CodeIndex, new_code_id
from themework.store.repos.codings import coding_keys
from themework.store.repos.tables import (
    add_row_id,
    add_rows,
    row_by_id,
    rows_after,
    rows_but,
    table_rows,
    transcript_rows,
)
from themework.store.repos.transcripts import text_hashes, transcript_names
from themework.store.search import add_search_rows


@dataclass(frozen=True)
class MergeReport:
    transcripts_added: tuple[str, ...]
    transcripts_matched: int
    codes_added: tuple[str, ...]
    codes_matched: int
    codings_added: int
    codings_skipped: int
    coders: tuple[str, ...]
    backup: str | None = None


def merge_project(context: ServiceContext, theirs: Store) -> MergeReport:
    """``theirs`` into the context's project, after a backup (the ``Workbench`` opens the
    other project first, so that a typo costs no copy)."""
    made = context.backup("merge")
    report = _merge(context, theirs)
    return MergeReport(**{**report.__dict__, "backup": str(made) if made else None})


def _merge(context: ServiceContext, theirs: Store) -> MergeReport:
    with theirs.read() as o, context.store.write() as s:
        # Written as it goes, PART_ROWS rows an event, one batch (their 500,000 codings were
        # one event, every image held until the end).
        changes = PartedChanges(s, context.coder_id(s), "project.merge")
        tmap, added_t = _merge_transcripts(s, o, changes)
        cmap, added_c = _merge_codes(s, o, changes)
        their_coders = coders_by_id(o)
        coder_ids: dict[int, int] = {
            cid: context.coder_id(s, name) for cid, name in their_coders.items()
        }
        codings_added, skipped = _merge_codings(s, o, tmap, cmap, coder_ids, changes)
        _merge_assignments(s, o, tmap, coder_ids, changes)
        coders = tuple(sorted(their_coders.values()))
        changes.finish(
            f"merged {theirs.location.display()}: {plural(len(added_t), 'transcript')}, "
            f"{plural(len(added_c), 'code')} and "
            f"{plural(codings_added, 'coding')} added"
        )
        return MergeReport(
            tuple(added_t),
            len(tmap) - len(added_t),
            tuple(added_c),
            len(cmap) - len(added_c),
            codings_added,
            skipped,
            coders,
        )


def _merge_transcripts(s: Any, o: Any, changes: ChangeSet) -> tuple[dict[str, str], list[str]]:
    """Their transcripts matched to mine by text hash, the others copied in (under a free
    name and id); returns their id -> my id, and the names added."""
    mine_by_hash = {t.text_hash: t.id for t in text_hashes(s)}
    names = set(transcript_names(s).values())
    tmap: dict[str, str] = {}
    added_t: list[str] = []
    # in the order they were imported, so a name taken twice gets its suffix as before
    theirs = sorted(rows_but(o, Transcript.__table__, "text"), key=lambda t: t["imported_at"])
    people = {p["id"]: p for p in table_rows(o, Participant.__table__)}
    for t in theirs:
        if t["text_hash"] in mine_by_hash:
            tmap[t["id"]] = mine_by_hash[t["text_hash"]]
            continue
        new_id = t["id"] if s.get(Transcript, t["id"]) is None else str(uuid.uuid4())
        name, n = t["name"], 2
        while name in names:
            name, n = f"{t['name']}-{n}", n + 1
        names.add(name)
        row = {**row_by_id(o, Transcript.__table__, t["id"]), "id": new_id, "name": name}
        add_rows(s, Transcript.__table__, row)
        changes.inserted("transcript", image(Transcript.__table__, row))
        tmap[t["id"]] = new_id
        added_t.append(name)
        _copy_body(s, o, people, (t["id"], new_id), changes)
    return tmap, added_t


def _merge_codes(s: Any, o: Any, changes: ChangeSet) -> tuple[dict[int, int], list[str]]:
    """Their codes matched to mine by id, name or alias, the others added (a taken key gets
    ``-merged``); returns their id -> my id, and the names added."""
    index = CodeIndex(s)
    cmap: dict[int, int] = {}
    added_c: list[str] = []
    theirs_codes = table_rows(o, Code.__table__)
    for c in sorted(theirs_codes, key=lambda c: c["id"]):
        mine = _my_code(index, c)
        if mine is not None:
            cmap[c["id"]] = mine.id
            continue
        key = c["key"] if c["key"] not in index.by_key else f"{c['key']}-merged"
        row = {k: v for k, v in c.items() if k not in ("id", "parent_id", "merged_into_id")}
        row.update(key=key, name_key=name_key(c["name"]), created_at=now())
        new_id = new_code_id(s, row)
        changes.inserted("code", image(Code.__table__, {**row, "id": new_id, "parent_id": None}))
        cmap[c["id"]] = new_id
        index = CodeIndex(s)
        added_c.append(c["name"])
    return cmap, added_c


def _my_code(index: CodeIndex, c: dict[str, Any]) -> Code | None:
    mine = index.by_key.get(c["key"]) or index.find(c["name"])
    if mine is None:
        for alias in c["aliases"]:
            mine = index.find(alias)
            if mine is not None:
                break
    return mine


def _merge_codings(
    s: Any,
    o: Any,
    tmap: dict[str, str],
    cmap: dict[int, int],
    coder_ids: dict[int, int],
    changes: ChangeSet,
) -> tuple[int, int]:
    """Their codings under my ids, each one I already hold (same span, code and coder)
    skipped, so merging twice adds nothing; returns how many were added and skipped. Read,
    matched and written a part at a time: neither side's codings are all held at once."""
    added = skipped = last = 0
    while part := rows_after(o, Coding.__table__, last, PART_ROWS):
        last = part[-1]["id"]
        existing = coding_keys(s, {tmap[c["transcript_id"]] for c in part})
        new_rows = []
        for c in part:
            key = (
                tmap[c["transcript_id"]],
                cmap[c["code_id"]],
                c["start"],
                c["end"],
                coder_ids[c["coder_id"]],
            )
            if key in existing:
                skipped += 1
                continue
            existing.add(key)
            new_rows.append(
                {
                    **{k: v for k, v in c.items() if k != "id"},
                    "transcript_id": key[0],
                    "code_id": key[1],
                    "coder_id": key[4],
                    "origin": "merged",
                }
            )
        ids = insert_ids(s, Coding.__table__, new_rows)
        for row, new_id in zip(new_rows, ids, strict=True):
            changes.inserted("coding", image(Coding.__table__, {**row, "id": new_id}))
        added += len(new_rows)
    return added, skipped


def _merge_assignments(
    s: Any, o: Any, tmap: dict[str, str], coder_ids: dict[int, int], changes: ChangeSet
) -> None:
    """Their coders' assignments, where I have none for that transcript and coder."""
    for a in table_rows(o, Assignment.__table__):
        pk = (tmap[a["transcript_id"]], coder_ids[a["coder_id"]])
        if s.get(Assignment, pk) is None:
            row = {"transcript_id": pk[0], "coder_id": pk[1], "status": a["status"]}
            add_rows(s, Assignment.__table__, row)
            changes.inserted("assignment", row)


def _copy_body(
    s: Any, o: Any, people: dict[int, dict[str, Any]], ids: tuple[str, str], changes: ChangeSet
) -> None:
    """Speakers, turns, search rows and participants of a transcript from the other project
    (``people``: theirs by id, read once, not once a transcript)."""
    old_id, new_id = ids
    speakers = transcript_rows(o, Speaker.__table__, old_id)
    wanted = {people[sp["participant_id"]]["pseudonym"] for sp in speakers if sp["participant_id"]}
    attrs = {
        p["pseudonym"]: (p["attributes"], p["quote_consent"])
        for p in people.values()
        if p["pseudonym"] in wanted
    }
    pids = ensure_participants(s, wanted, changes, attrs)
    smap = {}
    for sp in speakers:
        pid = pids[people[sp["participant_id"]]["pseudonym"]] if sp["participant_id"] else None
        row = {
            "transcript_id": new_id,
            "label": sp["label"],
            "role": sp["role"],
            "participant_id": pid,
        }
        sid = add_row_id(s, Speaker.__table__, row)
        changes.inserted("speaker", image(Speaker.__table__, {**row, "id": sid}))
        smap[sp["id"]] = sid
    text = s.get(Transcript, new_id).text
    for tu in transcript_rows(o, Turn.__table__, old_id):
        row = {k: v for k, v in tu.items() if k != "id"}
        row.update(transcript_id=new_id, speaker_id=smap[tu["speaker_id"]])
        tid = add_row_id(s, Turn.__table__, row)
        changes.inserted("turn", image(Turn.__table__, {**row, "id": tid}))
        add_search_rows(
            s, [{"turn_id": tid, "transcript_id": new_id, "body": text[row["start"] : row["end"]]}]
        )
    for pid in sorted(set(pids.values())):
        link = {"transcript_id": new_id, "participant_id": pid}
        add_rows(s, TranscriptParticipant.__table__, link)
        changes.inserted("transcript_participant", link)
