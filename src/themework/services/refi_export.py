"""Exporting the project as a REFI-QDA project (``.qdpx``).

What goes out: coders as users; the codebook (hierarchy, descriptions, colours); every
transcript as a text source with its codings as ``PlainTextSelection``s (coder and time on
each); memos as notes, referred to from what they are about (the project, a transcript, a
code, a coding; a theme's from its set, a participant's through a link to their case);
participants as cases with their attributes as variables (and ``quote_consent``); themes
as sets of their codes (REFI-QDA's many-to-many grouping: NVivo's sets, ATLAS.ti's code
groups), each with its definition as the description, a sub-theme's naming its parent on
a last line, and its narrative as a note named "Narrative". GUIDs derive from stable ids,
so re-exports diff cleanly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from themework import __version__
from themework.domain.codebook import iter_codes, iter_themes
from themework.gcpause import gc_paused
from themework.refi import model
from themework.refi.guids import guid
from themework.refi.qdc import NARRATIVE_NOTE, RefiSet, codes_of, with_parent
from themework.store.repos.coders import coders_by_id
from themework.store.repos.codes import CodeIndex
from themework.store.repos.extract_rows import coding_rows
from themework.store.repos.memos import memos_on
from themework.store.repos.participants import participants_by_pseudonym, transcript_links
from themework.store.repos.project import project_row
from themework.store.repos.themes import ThemeIndex
from themework.store.repos.transcripts import dated_texts

if TYPE_CHECKING:
    from themework.domain.codebook import CodebookDoc
    from themework.services.codebook import CodebookService
    from themework.store.engine import Store
    from themework.store.models import Theme

CONSENT = "quote_consent"  # the participant field exported as a Boolean variable


@dataclass(frozen=True)
class RefiExport:
    path: str
    sources: int
    codings: int
    codes: int
    cases: int
    notes: int
    users: int


@gc_paused()
def export_project(store: Store, codebook: CodebookService, path: Path) -> RefiExport:
    from themework.refi.project_write import write_qdpx
    from themework.services.files import write_private

    with store.read() as s:
        project = build_project(codebook, s)
    write_private(path, write_qdpx(project))
    return RefiExport(
        str(path),
        len(project.sources),
        sum(len(src.selections) for src in project.sources),
        _count(project.codes),
        len(project.cases),
        len(project.notes),
        len(project.users),
    )


def _count(codes: tuple[object, ...]) -> int:
    return sum(1 + _count(getattr(c, "children", ())) for c in codes)


def build_project(codebook: CodebookService, s: Session) -> model.Project:
    row = project_row(s)
    doc = codebook.document(s)
    coders = coders_by_id(s)
    users = {cid: guid("user", name) for cid, name in coders.items()}
    code_key = _code_keys(s)
    themes = ThemeIndex(s).themes
    theme_key = {t.id: t.key for t in themes}

    notes: list[model.Note] = []
    on: dict[tuple[str, object], list[str]] = defaultdict(list)  # (target, id) -> note GUIDs
    for memo in memos_on(s):
        note = guid("memo", memo.id)
        name = memo.kind + (f" {memo.entry_date.isoformat()}" if memo.entry_date else "")
        notes.append(model.Note(note, name, memo.text, users[memo.coder_id], memo.created_at))
        ref = {
            "project": None,
            "participant": memo.participant_id,
            "transcript": memo.transcript_id,
            "code": code_key.get(memo.code_id or 0),
            "theme": theme_key.get(memo.theme_id or 0),
            "coding": memo.coding_id,
        }[memo.target]
        on[(memo.target, ref)].append(note)

    sources = _sources(s, users, code_key, on)
    code_notes = {str(key): tuple(on[(t, key)]) for (t, key) in list(on) if t == "code"}
    variables, cases = _cases(s, on)
    # Users are the coders whose work is in the file (not everyone who ever opened it).
    worked = {n.coder for n in notes} | {x.coder for src in sources for x in src.selections}
    sets = _theme_sets(themes, doc, on, notes)
    return model.Project(
        name=row.name if row else "themework project",
        description=row.question if row else "",
        origin=f"themework {__version__}",
        users=tuple(
            model.User(users[cid], name)
            for cid, name in sorted(coders.items(), key=lambda r: r[1])
            if users[cid] in worked
        ),
        codes=codes_of(doc, code_notes),
        sources=sources,
        notes=tuple(notes),
        sets=tuple(sets),
        project_notes=tuple(on[("project", None)]),
        variables=variables,
        cases=cases,
    )


def _theme_sets(
    themes: list[Theme], doc: CodebookDoc, on: dict[tuple[str, object], list[str]],
    notes: list[model.Note],
) -> list[RefiSet]:
    """Every theme as a set of its codes; its narrative joins ``notes``."""
    known = {c.id for c, _ in iter_codes(doc)}
    narratives = {
        t.key: (t.narrative, t.created_at) for t in themes if t.narrative and t.narrative.strip()
    }
    out = []
    for theme, parent in iter_themes(doc):
        members = dict.fromkeys(guid("code", ref) for ref in theme.codes if ref in known)
        own = list(on[("theme", theme.id)])
        if theme.id in narratives:
            text, at = narratives[theme.id]
            note = guid("narrative", theme.id)
            notes.append(model.Note(note, NARRATIVE_NOTE, text, "", at))
            own.insert(0, note)
        description = with_parent(theme.definition, parent.name if parent else None)
        out.append(RefiSet(guid("theme", theme.id), theme.name, description, tuple(members),
                           tuple(own)))
    return out


def _code_keys(s: Session) -> dict[int, str]:
    """Code id -> the key of the code it stands for now (a merged code's survivor)."""
    rows = CodeIndex(s).by_id
    out: dict[int, str] = {}
    for cid, code in rows.items():
        seen = {cid}
        while code.status == "merged" and code.merged_into_id and code.merged_into_id not in seen:
            seen.add(code.merged_into_id)
            code = rows[code.merged_into_id]
        out[cid] = code.key
    return out


def _sources(
    s: Session,
    users: dict[int, str],
    code_key: dict[int, str],
    on: dict[tuple[str, object], list[str]],
) -> tuple[model.Source, ...]:
    by_transcript: dict[str, list[model.Selection]] = defaultdict(list)
    texts = {tid: (name, text, at) for tid, name, text, at in dated_texts(s)}
    for cid, tid, code_id, start, end, coder_id, created in coding_rows(s):
        text = texts[tid][1]
        by_transcript[tid].append(
            model.Selection(
                guid("coding", cid), start, end, guid("code", code_key[code_id]),
                users[coder_id], created, text[start:end], tuple(on.get(("coding", cid), ())),
            )
        )
    out = []
    for tid, (name, text, at) in sorted(texts.items(), key=lambda kv: kv[1][0]):
        selections = sorted(by_transcript[tid], key=lambda x: (x.start, x.end, x.code, x.guid))
        out.append(
            model.Source(tid, name, text, tuple(selections), tuple(on.get(("transcript", tid), ())),
                         at)
        )
    return tuple(out)


def _cases(
    s: Session, on: dict[tuple[str, object], list[str]]
) -> tuple[tuple[model.Variable, ...], tuple[model.Case, ...]]:
    sources: dict[int, list[str]] = defaultdict(list)
    for tid, pid in transcript_links(s):
        sources[pid].append(tid)
    people = sorted(participants_by_pseudonym(s).values(), key=lambda p: p.pseudonym)
    names = sorted({k for p in people for k in (p.attributes or {})} - {CONSENT})
    variables = [model.Variable(guid("variable", n), n) for n in names]
    if people:
        variables.append(model.Variable(guid("variable", CONSENT), CONSENT, "Boolean"))
    cases = []
    for p in people:
        attrs = p.attributes or {}
        values = [(guid("variable", n), str(attrs[n])) for n in names if attrs.get(n) is not None]
        values.append((guid("variable", CONSENT), "true" if p.quote_consent else "false"))
        cases.append(
            model.Case(
                guid("participant", p.pseudonym), p.pseudonym, tuple(values),
                tuple(sorted(sources[p.id])), tuple(on.get(("participant", p.id), ())),
            )
        )
    return tuple(variables), tuple(cases)
