"""A small study with everything a REFI-QDA project carries, and a comparable view of it."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import xmlschema
from sqlalchemy import select

from support import CODEBOOK, INTERVIEW, as_coder, write
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.models import (
    Code,
    Coder,
    Coding,
    Memo,
    Participant,
    Theme,
    Transcript,
    TranscriptParticipant,
)

HERE = Path(__file__).resolve().parent
PROJECT_XSD = xmlschema.XMLSchema(HERE / "Project.xsd")

SECOND = """Interviewer: What helps when trust breaks down?
P02: Saying sorry first — then fixing it. Café chats help 😊 a lot.

Actually, the café is where most of it happens.
Interviewer: Thanks.
"""


def build_study(wb: Workbench, tmp_path: Path) -> None:
    wb.codebook.load(CODEBOOK)
    wb.transcripts.import_files(
        [write(tmp_path / "in" / "P01.txt", INTERVIEW), write(tmp_path / "in" / "P02.txt", SECOND)]
    )
    wb.participants.set("P01", {"site": "A", "role": "social worker"})
    wb.participants.set("P02", {"site": "B"}, quote_consent=False)
    bob = as_coder(wb, "bob")
    wb.coding.apply(CodingRequest("P01", "consistency-of-worker", Target(match="turning up")))
    bob.coding.apply(CodingRequest("P01", "consistency-of-worker", Target(turn=2)))
    wb.coding.apply(
        CodingRequest("P01", "Honesty about information sharing",
                      Target(match="what I can and cannot keep private"), memo="key moment")
    )
    wb.coding.apply(CodingRequest("P02", "Owning mistakes and repairing trust",
                                  Target(match="Saying sorry first")))
    bob.coding.apply(CodingRequest("P02", "warmth-and-informal-contact", Target(turn=2)))
    wb.memos.add("project", "Reflexive note: my own youth-work background.", kind="journal")
    wb.memos.add("transcript:P02", "Short interview, noisy café.", kind="note")
    wb.memos.add("code:time-and-persistence", "Maybe a sub-theme?")
    wb.memos.add("participant:P02", "Asked not to be quoted.")
    with wb.store.read() as s:
        theme = s.scalars(select(Theme.key)).first()
    wb.memos.add(f"theme:{theme}", "Central to the story.")


def snapshot(wb: Workbench) -> dict[str, Any]:
    """What must survive an export and import, by names rather than ids."""
    with wb.store.read() as s:
        codes = {c.id: c for c in s.scalars(select(Code))}
        coders = dict(s.execute(select(Coder.id, Coder.name)).all())
        transcripts = {t.id: t for t in s.scalars(select(Transcript))}
        people = {p.id: p for p in s.scalars(select(Participant))}
        themes = {t.id: t.name for t in s.scalars(select(Theme))}
        codings = sorted(
            (transcripts[c.transcript_id].name, codes[c.code_id].name, coders[c.coder_id],
             c.start, c.end, transcripts[c.transcript_id].text[c.start : c.end])
            for c in s.scalars(select(Coding))
        )
        coding_of = {c.id: c for c in s.scalars(select(Coding))}

        def target(m: Memo) -> str:
            if m.target == "coding" and m.coding_id:
                c = coding_of[m.coding_id]
                return f"coding:{transcripts[c.transcript_id].name}:{c.start}:{c.end}"
            ref = {
                "project": "",
                "participant": people[m.participant_id].pseudonym if m.participant_id else "",
                "transcript": transcripts[m.transcript_id].name if m.transcript_id else "",
                "code": codes[m.code_id].name if m.code_id else "",
                "theme": themes[m.theme_id] if m.theme_id else "",
            }.get(m.target, "")
            return f"{m.target}:{ref}"

        memos = sorted(
            (target(m), m.kind, m.text, coders[m.coder_id]) for m in s.scalars(select(Memo))
        )
        links = sorted(
            (people[pid].pseudonym, transcripts[tid].name)
            for tid, pid in s.execute(
                select(TranscriptParticipant.transcript_id, TranscriptParticipant.participant_id)
            )
        )
        return {
            "codes": sorted(
                (c.name, codes[c.parent_id].name if c.parent_id else None, c.definition,
                 c.include, c.exclude, c.colour, c.status)
                for c in codes.values()
            ),
            "texts": sorted((t.name, t.text) for t in transcripts.values()),
            "codings": codings,
            "memos": memos,
            "cases": sorted(
                (p.pseudonym, tuple(sorted(p.attributes.items())), p.quote_consent)
                for p in people.values()
            ),
            "links": links,
        }


def qde_of(path: Path) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read("project.qde")
