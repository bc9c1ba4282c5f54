"""Importing a REFI-QDA project (``.qdpx``) into this project, in one transaction.

Everything is read, converted and checked first (``refi_prepare``): a refused file leaves
the project unchanged. Codes match the project's as a codebook load matches them
(``codebook_sync.match_specs``: GUID of a themework export, then name or alias, then a
close definition) and the rest are added; sets of codes become candidate themes; cases
become participants with their variables as attributes. Audit: one event for the codebook,
themes and participants, one per source (its transcript and codings), one for the memos,
all in one batch, so one undo takes the whole import back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from themework.domain.errors import Conflict, InputError, ThemeworkError
from themework.domain.plural import plural
from themework.gcpause import gc_paused
from themework.refi import model
from themework.services import refi_store as store
from themework.services.audit import Entry, new_batch, record_many
from themework.services.changes import ChangeSet
from themework.services.importing import Prepared
from themework.services.refi_prepare import Placed, PreparedSource, prepare_source, walk
from themework.store.models import Participant, Transcript

if TYPE_CHECKING:
    from themework.services.context import ServiceContext


@dataclass(frozen=True)
class RefiImport:
    path: str
    name: str  # the project's name in the file
    origin: str  # the producer as the file names it
    convention: str  # standard, nvivo or atlas: how its offsets were read
    sources: int
    codings: int
    codes_added: tuple[str, ...]
    codes_matched: tuple[str, ...]  # "name in the file -> name here (how)"
    participants: int
    memos: int
    themes: int
    unplaced: tuple[str, ...]  # selections that could not be placed, one line each
    skipped: tuple[str, ...]  # what the file holds that themework cannot use
    description: str = ""  # the project's, in the file (a themework export's question)
    already: int = 0  # sources whose text was here already (a merge of the same file)


@gc_paused()
def import_project(
    ctx: ServiceContext, path: Path, *, allow_identifiers: bool = False
) -> RefiImport:
    from themework.refi.archive import Archive
    from themework.refi.offsets import producer
    from themework.refi.project_read import read_project

    path = Path(path)
    with Archive(path) as archive:
        project, hints = read_project(archive)
    convention = producer(project.origin, hints)
    with ctx.store.read() as s:
        known = set(s.scalars(select(Participant.pseudonym)))
        existing = dict(s.execute(select(Transcript.name, Transcript.text_hash)).all())
    # Sources from another themework project were checked on their way into it (or let
    # through there by a researcher, which that project's log records).
    check = not allow_identifiers and not project.origin.lower().startswith("themework")
    prepared = _prepare(project, path, convention, known, check)
    for ps in prepared:
        if ps.prep.name in existing and existing[ps.prep.name] != ps.prep.hash:
            raise Conflict(
                f"{path}: a different transcript named {ps.prep.name} is already in the "
                "project; rename one of them first"
            )
    with ctx.store.write() as s:
        return _store(ctx, s, path, project, convention, prepared)


def _prepare(
    project: model.Project, path: Path, convention: str, known: set[str], check: bool
) -> list[PreparedSource]:
    codes = frozenset(c.guid for c in walk(project.codes))
    case_of: dict[str, list[str]] = {}
    for case in project.cases:
        for src in case.sources:
            case_of.setdefault(src, []).append(case.name)
    known = known | {c.name for c in project.cases}
    names: set[str] = set()
    jobs = []
    for source in project.sources:
        cases = case_of.get(source.guid, [])
        jobs.append(_Job(source, _unique(source.name, names), path, convention, codes,
                         frozenset(known), cases[0] if len(cases) == 1 else None, check))
    out = []
    for job, done in zip(jobs, _prepared(jobs), strict=True):
        if isinstance(done, str):
            raise InputError(done)
        ps = PreparedSource(job.source, *done)
        if check:
            _refuse_identifiers(ps, path)
        out.append(ps)
    return out


@dataclass(frozen=True)
class _Job:
    source: model.Source
    name: str
    path: Path
    convention: str
    codes: frozenset[str]
    known: frozenset[str]
    case_name: str | None
    check: bool


Done = tuple[Prepared, tuple[Placed, ...], tuple[str, ...]]
_JOBS: list[_Job] = []  # a forked worker's copy of the jobs (never pickled to it)
PARALLEL_FROM = 200  # sources; below this, starting a process costs more than it saves


def _prepare_one(i: int) -> Done | str:
    """One source prepared, or the one-line reason it cannot be (never its text)."""
    job = _JOBS[i]
    try:
        ps = prepare_source(
            job.source, job.name, where=job.path, convention=job.convention, codes=job.codes,
            known=job.known, case_name=job.case_name, check_identifiers=job.check,
        )
    except ThemeworkError as exc:
        return str(exc)
    return ps.prep, ps.placed, ps.unplaced


def _prepared(jobs: list[_Job]) -> list[Done | str]:
    """Every job prepared: parsing, laying out, checking for identifiers and placing
    selections is pure Python and most of an import's time, so from ``PARALLEL_FROM``
    sources on forked workers (the transcript import's rules: fork only with no other
    thread, one core left to this process) take the second half while this process does
    the first. Workers get the jobs by fork, not by pickling, and send back plain results."""
    from themework.services.importing import _can_fork, _cores

    global _JOBS
    _JOBS = jobs
    workers = min(4, _cores() - 1)
    try:
        if len(jobs) < PARALLEL_FROM or workers < 1 or not _can_fork():
            return [_prepare_one(i) for i in range(len(jobs))]
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        half = len(jobs) // (workers + 1)
        try:
            pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        except OSError:
            return [_prepare_one(i) for i in range(len(jobs))]
        with pool:
            ahead = pool.map(_prepare_one, range(half, len(jobs)), chunksize=16)
            mine = [_prepare_one(i) for i in range(half)]
            return mine + list(ahead)
    finally:
        _JOBS = []


def _unique(name: str, taken: set[str]) -> str:
    base = name[:190]
    candidate, n = base, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate.casefold())
    return candidate


def _refuse_identifiers(ps: PreparedSource, path: Path) -> None:
    from themework.services.identifiers import blocking, summary

    found = blocking(list(ps.prep.findings))
    if found:
        raise InputError(
            f"source {ps.prep.name}: {plural(len(found), 'possible identifier')} found, so nothing "
            f"was imported: {summary(found)}. Pseudonymise it first, or import with "
            "them allowed (recorded in the log)",
            file=path,
            options=("allow_identifiers",),
        )


def _store(
    ctx: ServiceContext,
    s: Session,
    path: Path,
    project: model.Project,
    convention: str,
    prepared: list[PreparedSource],
) -> RefiImport:
    me = ctx.coder_id(s)
    coders = store.coders(ctx, s, project.users, me)
    head = ChangeSet()
    codes, added, matched = store.codes(s, project, head)
    people = store.participants(s, project, prepared, head)
    bodies = store.transcripts(s, prepared, people)
    store.codings(s, bodies, codes, coders)
    themes = store.themes(s, project, codes, bodies, head)  # narratives cite the codings
    tail = ChangeSet()
    store.case_links(s, project, bodies, people, tail)
    memos = store.memos(s, project, bodies, codes, themes, people, coders, tail)
    entries = [
        Entry("refi.import",
              f"imported {path.name}: {plural(len(added), 'code')} added, "
              f"{len(matched)} matched, {plural(len(themes), 'theme')}, "
              f"{plural(len(people), 'participant')}", head),
        *(
            Entry("transcript.import",
                  f"imported transcript {b.body.prep.name} from {path.name} "
                  f"({plural(len(b.coding_ids), 'coding')})", b.body.changes)
            for b in bodies if b.new or b.coding_ids
        ),
    ]
    if tail.changes:
        entries.append(
            Entry("refi.import", f"imported {plural(memos, 'memo')} from {path.name}", tail)
        )
    record_many(s, me, entries, new_batch())
    return RefiImport(
        str(path), project.name, project.origin, convention, len(prepared),
        sum(len(b.coding_ids) for b in bodies), tuple(added), tuple(matched), len(people),
        memos, len(themes), tuple(u for ps in prepared for u in ps.unplaced), project.skipped,
        project.description, sum(not b.new for b in bodies),
    )


