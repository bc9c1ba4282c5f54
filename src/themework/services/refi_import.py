"""Importing a REFI-QDA project (``.qdpx``) into this project, in one transaction.

Sources are converted and checked (``refi_prepare``) while those before them are stored;
the first refused rolls the transaction back, so a refused file leaves the project
unchanged. Codes match the project's as a codebook load matches them
(``codebook_sync.match_specs``: GUID of a themework export, then name or alias, then a
close definition) and the rest are added; sets of codes become candidate themes; cases
become participants with their variables as attributes. Audit: one event for the codebook,
themes and participants, one per source (its transcript and codings), one for the memos,
all in one batch, so one undo takes the whole import back.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from themework.domain.errors import Conflict, InputError, ThemeworkError
from themework.domain.plural import plural
from themework.gcpause import gc_paused
from themework.refi import model
from themework.services import refi_store as store
from themework.services import refi_themes
from themework.services import transcript_rows as rows
from themework.services.audit import Entry, new_batch, record_many
from themework.services.changes import ChangeSet
from themework.services.importing import Prepared
from themework.services.parcels import in_parcels
from themework.services.refi_prepare import Placed, PreparedSource, prepare_source, walk
from themework.store.repos.participants import pseudonyms
from themework.store.repos.transcripts import text_hashes, transcript_names

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
        known = pseudonyms(s)
        existing = {t.name: t.text_hash for t in text_hashes(s)}
    # Sources from another themework project were checked on their way into it (or let
    # through there by a researcher, which that project's log records).
    check = not allow_identifiers and not project.origin.lower().startswith("themework")
    jobs = _jobs(project, path, convention, known, check)
    # Workers are forked before the write transaction begins, and prepare sources while
    # this process stores those already prepared; a source refused on the way (or a name
    # taken by another text) rolls back everything stored before it.
    with _prepared(jobs) as outcomes, ctx.store.write() as s:
        sources = _checked(jobs, outcomes, path, existing, check)
        return _store(ctx, s, path, project, convention, sources)


def _jobs(
    project: model.Project, path: Path, convention: str, known: set[str], check: bool
) -> list[_Job]:
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
    return jobs


def _checked(
    jobs: list[_Job], outcomes: Iterator[Done | str], path: Path, existing: dict[str, str],
    check: bool,
) -> Iterator[PreparedSource]:
    """Each source prepared, in order; the first that cannot be imported raises."""
    for job, done in zip(jobs, outcomes, strict=True):
        if isinstance(done, str):
            raise InputError(done)
        ps = PreparedSource(job.source, *done)
        if check:
            _refuse_identifiers(ps, path)
        name = ps.prep.name
        if name in existing and existing[name] != ps.prep.hash:
            raise Conflict(
                f"{path}: a different transcript named {name} is already in the "
                "project; rename one of them first"
            )
        yield ps


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
BATCH = 100  # sources stored per round of statements


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


def _prepare_parcel(indices: Sequence[int]) -> list[Done | str]:
    return [_prepare_one(i) for i in indices]


@contextmanager
def _prepared(jobs: list[_Job]) -> Iterator[Iterator[Done | str]]:
    """Every job prepared, in order, as they become ready: parsing, laying out, checking
    for identifiers and placing selections is pure Python and much of an import's time, so
    from ``PARALLEL_FROM`` sources on forked workers do it (the transcript import's rules:
    fork only with no other thread, one core left to this process, a few parcels out at a
    time) while this process stores. Workers get the jobs by fork, not by pickling, and
    send back plain results."""
    from themework.services.importing import AHEAD, PARCEL, _can_fork, _cores

    global _JOBS
    _JOBS = jobs
    workers = min(4, _cores() - 1)
    pool = None
    try:
        if len(jobs) >= PARALLEL_FROM and workers >= 1 and _can_fork():
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            try:
                pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
                ahead = in_parcels(pool, _prepare_parcel, range(len(jobs)), PARCEL,
                                   workers * AHEAD)
            except OSError:
                if pool is not None:
                    pool.shutdown(cancel_futures=True)
                pool = None
        if pool is None:
            yield (_prepare_one(i) for i in range(len(jobs)))
            return
        try:
            yield ahead
        finally:
            pool.shutdown(cancel_futures=True)
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
    sources: Iterator[PreparedSource],
) -> RefiImport:
    me = ctx.coder_id(s)
    coders = store.coders(ctx, s, project.users, me)
    head = ChangeSet()
    codes, added, matched = store.codes(s, project, head)
    people = store.participants(s, project, [], head)  # the cases, with their variables
    bodies: list[store.Stored] = []
    unplaced: list[str] = []
    used = set(transcript_names(s))  # transcript ids taken
    while chunk := list(islice(sources, BATCH)):
        speakers = {p for ps in chunk for p in ps.prep.pseudonyms}
        people.update(rows.ensure_participants(s, speakers - people.keys(), head))
        stored = store.transcripts(s, chunk, people, used)
        store.codings(s, stored, codes, coders)
        bodies += stored
        unplaced += (u for ps in chunk for u in ps.unplaced)
    extracts = {g: cid for st in bodies for g, cid in st.by_selection.items()}
    themes = refi_themes.themes(s, project, codes, extracts, head)  # narratives cite the codings
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
        str(path), project.name, project.origin, convention, len(bodies),
        sum(len(b.coding_ids) for b in bodies), tuple(added), tuple(matched), len(people),
        memos, len(themes), tuple(unplaced), project.skipped, project.description,
        sum(not b.new for b in bodies),
    )
