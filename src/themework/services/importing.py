"""Preparing parsed files for storage: speaker mapping, identity, layout.

Nothing here writes; ``transcripts.TranscriptService`` stores what this prepares, so a bad
file is refused before any row of it exists.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from themework.domain.errors import InputError, ThemeworkError
from themework.domain.plural import plural
from themework.domain.text import (
    ParsedTranscript,
    ParsedTurn,
    TurnLayout,
    clean_label,
    name_key,
    render,
    text_hash,
    word_count,
)
from themework.ingest import is_participant_code
from themework.ingest.csvfiles import SpeakerTarget, role_of

# The front ends reach ingest through the services: the CLI asks here which files of the
# folders named are transcripts (the format registry decides).
from themework.ingest.formats import transcript_files as transcript_files
from themework.services.dto import ImportedFile
from themework.services.parcels import in_parcels

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

# Labels that are plainly pseudonyms or roles need no mapping; anything else may be a real
# name (Teams and Zoom write display names) and must be mapped before it is stored.
_RESPONDENT = {"r", "respondent", "interviewee", "participant"}


@dataclass(frozen=True)
class SpeakerPlan:
    label: str  # as stored (already mapped)
    role: str  # interviewer, facilitator, participant
    pseudonym: str | None


@dataclass(frozen=True)
class Prepared:
    path: Path
    name: str
    format: str
    text: str
    hash: str
    words: int
    layouts: tuple[TurnLayout, ...]
    speakers: tuple[SpeakerPlan, ...]
    findings: tuple[Any, ...] = ()  # residual identifiers (services.identifiers.FileFinding)
    show_identifiers: bool = False  # report them in full, not masked

    @property
    def pseudonyms(self) -> tuple[str, ...]:
        return tuple(sorted({s.pseudonym for s in self.speakers if s.pseudonym}))


def display_names(paths: list[Path], explicit: str | None) -> list[str]:
    """File stems; stems that clash within one import take their folder's name in front."""
    if explicit is not None:
        if len(paths) != 1:
            raise InputError("a display name needs exactly one file")
        return [explicit.strip()]
    stems = [p.stem for p in paths]
    names = []
    for path, stem in zip(paths, stems, strict=True):
        if stems.count(stem) > 1:
            name = f"{path.parent.name}-{stem}" if path.parent.name else stem
            names.append(name)
        else:
            names.append(stem)
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return out


def plan_speakers(
    parsed: ParsedTranscript,
    path: Path,
    speaker_map: dict[str, SpeakerTarget],
    known: AbstractSet[str],
    transcript_name: str,
    show_identifiers: bool = False,
) -> tuple[ParsedTranscript, tuple[SpeakerPlan, ...]]:
    plans: dict[str, SpeakerPlan] = {}
    unmapped: list[str] = []
    for turn in parsed.turns:
        raw = clean_label(turn.label)
        if raw in plans or raw in unmapped:
            continue
        target = speaker_map.get(raw)
        if target is not None:
            if target.role is not None:
                plans[raw] = SpeakerPlan(target.role.capitalize(), target.role, None)
            else:
                pseudonym = target.pseudonym or raw
                plans[raw] = SpeakerPlan(pseudonym, "participant", pseudonym)
            continue
        role = role_of(raw)
        if role:
            plans[raw] = SpeakerPlan(raw, role, None)
        elif raw in known or is_participant_code(raw):
            pseudonym = transcript_name if name_key(raw) in _RESPONDENT else raw
            plans[raw] = SpeakerPlan(raw, "participant", pseudonym)
        else:
            unmapped.append(raw)
    if unmapped:
        from themework.services.identifiers import SHOW_HINT, mask

        shown = sorted(unmapped) if show_identifiers else sorted(mask(u) for u in unmapped)
        raise InputError(
            f"{plural(len(unmapped), 'speaker label')} "
            f"{'looks like a name and has' if len(unmapped) == 1 else 'look like names and have'}"
            f" no pseudonym: "
            f"{', '.join(shown)}. Map each to a pseudonym with a speaker map (a CSV file with "
            "columns label,pseudonym; a pseudonym may be a role such as interviewer)"
            + ("" if show_identifiers else f"; {SHOW_HINT}"),
            file=path,
            options=("speaker_map",) if show_identifiers else ("speaker_map", "show_identifiers"),
        )
    turns = tuple(
        ParsedTurn(plans[clean_label(t.label)].label, t.text, t.start_s, t.end_s, t.line)
        for t in parsed.turns
    )
    mapped = ParsedTranscript(parsed.format, turns, parsed.preamble)
    by_label = {p.label: p for p in plans.values()}
    return mapped, tuple(by_label[k] for k in sorted(by_label))


def prepare(
    path: Path,
    name: str,
    *,
    speaker_map: dict[str, SpeakerTarget],
    known: AbstractSet[str],
    default_speaker: str | None,
    check_identifiers: bool = True,
    ner: Language | None = None,
    show_identifiers: bool = False,
) -> Prepared:
    from themework.ingest import read_transcript

    parsed = read_transcript(path, default_speaker=default_speaker)
    if not parsed.turns:
        raise InputError("no speaker turns found", file=path)
    mapped, speakers = plan_speakers(parsed, path, speaker_map, known, name, show_identifiers)
    from themework.services.identifiers import check_parsed

    findings = tuple(check_parsed(mapped, path, ner)) if check_identifiers else ()
    text, layouts = render(mapped)
    return Prepared(
        path=path,
        name=name,
        format=parsed.format,
        text=text,
        hash=text_hash(text),
        words=sum(word_count(text[t.start : t.end]) for t in layouts),
        layouts=tuple(layouts),
        speakers=speakers,
        findings=findings,
        show_identifiers=show_identifiers,
    )


# -- many files at once --------------------------------------------------------------------
# Reading, parsing and checking files is pure Python and the bulk of a large import's time;
# from this many files on, it is shared among worker processes (one per core, at most 4).
PARALLEL_FROM = 200
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_MAX_WORKERS = 4


@dataclass(frozen=True)
class PrepareOptions:
    """What every file of one import is prepared with (sent once to each worker)."""

    speaker_map: dict[str, SpeakerTarget]
    known: frozenset[str]
    default_speaker: str | None
    show_identifiers: bool = False  # refusals name labels in full, not masked


_settings: PrepareOptions | None = None  # a worker's copy, set by _start_worker


def _start_worker(settings: PrepareOptions, parent: int) -> None:
    global _settings
    _settings = settings
    _die_with(parent)


def _die_with(parent: int) -> None:
    """End this worker when the importing process dies, even by SIGKILL.

    Otherwise a worker blocked on its pipe (it holds both ends, inherited by the fork) waits
    forever, keeping the project file open. Linux's parent-death signal does it; the signal
    is set after the fork, so a parent that died in between is caught by the check after.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
        return
    if os.getppid() != parent:
        os._exit(1)


@dataclass(frozen=True)
class Refusal:
    """Why a file cannot be imported, in one line, and the parts of the request that would
    get past it (``ThemeworkError.options``): a worker process sends this back, not the error,
    since an exception pickles without its keyword arguments."""

    message: str
    options: tuple[str, ...] = ()


def prepare_or_fail(
    job: tuple[Path, str], settings: PrepareOptions | None = None, ner: Language | None = None
) -> Prepared | Refusal:
    """A prepared file, or why it cannot be imported (never its text)."""
    path, name = job
    use = settings or _settings
    assert use is not None, "prepare_or_fail needs settings (or a started worker)"
    try:
        return prepare(
            path, name, speaker_map=use.speaker_map, known=use.known,
            default_speaker=use.default_speaker, ner=ner,
            show_identifiers=use.show_identifiers,
        )
    except ThemeworkError as exc:
        return Refusal(str(exc), exc.options)
    except OSError as exc:
        return Refusal(f"{path}: cannot read ({exc.strerror})")


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    """Forked workers start at once and, unlike spawned ones, never re-run the caller's
    script. Forking is safe only with no other thread about (one may hold a lock the child
    would inherit), so the TUI, which imports from a worker thread, prepares in-process."""
    import threading

    return sys.platform.startswith("linux") and threading.active_count() == 1


@contextmanager
def prepared_in_order(
    jobs: Sequence[tuple[Path, str]], settings: PrepareOptions, ner: Language | None = None
) -> Iterator[Iterator[Prepared | Refusal]]:
    """``prepare_or_fail`` for every job, in order, as they become ready.

    From ``PARALLEL_FROM`` files on (and without ``ner``, a pipeline that cannot be sent to
    another process) worker processes prepare the files ahead while the caller stores those
    already done. The workers touch no database connection: they are forked before the
    caller's write transaction begins, read files and return plain objects. If processes
    cannot be started here (no /dev/shm in some containers), or a worker dies, the files
    not yet done are prepared in this process.
    """
    # One core stays with the caller, which stores files while the workers read more.
    workers = min(_MAX_WORKERS, _cores() - 1)
    pool = None
    if ner is None and len(jobs) >= PARALLEL_FROM and workers >= 1 and _can_fork():
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        try:
            pool = ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker,
                initargs=(settings, os.getpid()),
            )
            ahead = in_parcels(pool, _prepare_parcel, jobs, PARCEL, workers * AHEAD)
        except OSError:
            log.info("worker processes unavailable; preparing files in this process")
            if pool is not None:
                pool.shutdown(cancel_futures=True)
            pool = None
    if pool is None:
        yield (prepare_or_fail(job, settings, ner) for job in jobs)
        return
    try:
        yield _with_fallback(ahead, jobs, settings)
    finally:
        pool.shutdown(cancel_futures=True)


PARCEL = 50  # files a worker prepares per task
AHEAD = 4  # parcels per worker out or waiting, at most: a prepared file is 32 KB


def _prepare_parcel(jobs: Sequence[tuple[Path, str]]) -> list[Prepared | Refusal]:
    return [prepare_or_fail(job) for job in jobs]


def _with_fallback(
    ahead: Iterator[Prepared | Refusal], jobs: Sequence[tuple[Path, str]], settings: PrepareOptions
) -> Iterator[Prepared | Refusal]:
    from concurrent.futures.process import BrokenProcessPool

    done = 0
    try:
        for outcome in ahead:
            yield outcome
            done += 1
    except BrokenProcessPool:
        log.info("a worker process stopped; preparing the remaining files in this process")
        for job in jobs[done:]:
            yield prepare_or_fail(job, settings)


def refuse_identifiers(prep: Prepared) -> None:
    """Refuse a prepared source that holds identifiers the import was not told to allow."""
    from themework.services.identifiers import SHOW_HINT, blocking, summary

    found = blocking(list(prep.findings))
    full = prep.show_identifiers
    if found:
        raise InputError(
            f"{plural(len(found), 'possible identifier')} found, so it was not imported: "
            f"{summary(found, full=full)}. Pseudonymise it first (themework pseudonymise), or "
            "import it allowing them (recorded in the log)"
            + ("" if full else f"; {SHOW_HINT}"),
            file=prep.path,
            options=("allow_identifiers",) if full else ("allow_identifiers", "show_identifiers"),
        )


def screened_chunk(
    jobs: Sequence[tuple[Path, str]],
    outcomes: Iterator[Prepared | Refusal],
    indices: range,
    results: dict[int, ImportedFile],
    allow_identifiers: bool,
) -> list[tuple[int, Prepared]]:
    """The prepared sources of the jobs at ``indices`` (their outcomes come next from
    ``outcomes``) that may be stored; a job that failed to prepare, or holds identifiers not
    allowed, goes to ``results`` as failed."""
    chunk: list[tuple[int, Prepared]] = []
    for i in indices:
        outcome = next(outcomes)
        path, display = jobs[i]
        if isinstance(outcome, Refusal):
            results[i] = ImportedFile(str(path), display, "failed",
                                      message=outcome.message, options=outcome.options)
            continue
        try:
            if not allow_identifiers:
                refuse_identifiers(outcome)
        except ThemeworkError as exc:
            results[i] = ImportedFile(str(path), display, "failed", message=str(exc),
                                      options=exc.options)
            continue
        chunk.append((i, outcome))
    return chunk
