"""Killing a warmed, forked process in the middle of an operation, and judging what is left.

A trial copies a template project (a file copy on SQLite, ``CREATE DATABASE ... TEMPLATE``
on PostgreSQL), forks this already-imported test process to run the operation on the copy
(no new interpreter, so a trial costs the operation, not Python's start-up), and sends
SIGKILL after a random delay within the operation's measured duration. The state left must
be the state before or the state after the operation, nothing in between.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import signal
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from themework.services.backups import integrity_problems
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.engine import make_engine
from themework.store.location import Location, from_string

FORK = multiprocessing.get_context("fork")
RUNS = int(os.environ.get("THEMEWORK_CRASH_RUNS", "10"))

Operation = Callable[[Location], object]


def copies(template: Location, tmp: Path) -> Iterator[Location]:
    """Fresh copies of a closed template project, one per ``next()``."""
    for n in range(1_000_000):
        if template.path is not None:
            target = tmp / f"trial-{n}.themework"
            shutil.copyfile(template.path, target)
            os.chmod(target, 0o600)
            yield from_string(str(target))
        else:
            yield pg_copy(template)


def pg_copy(template: Location) -> Location:
    from sqlalchemy.engine import make_url

    url = make_url(template.url)
    name = f"{url.database}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{url.database}"'))
    finally:
        admin.dispose()
    return from_string(url.set(database=name).render_as_string(hide_password=False))


def drop_pg_copies(template: Location) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(template.url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            names = conn.scalars(
                text("SELECT datname FROM pg_database WHERE datname LIKE :p"),
                {"p": f"{url.database}\\_%"},
            ).all()
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def _child(op: Operation, location: Location) -> None:
    op(location)


def run_forked(op: Operation, location: Location, kill_after: float | None) -> tuple[bool, float]:
    """Run ``op`` in a forked child; kill it after ``kill_after`` seconds. Returns whether
    it was killed before it ended, and how long it ran."""
    started = time.monotonic()
    child = FORK.Process(target=_child, args=(op, location), daemon=True)
    child.start()
    child.join(kill_after)
    killed = child.is_alive()
    if killed:
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
    child.join()
    if not killed:
        assert child.exitcode == 0, f"the operation failed in the child ({child.exitcode})"
    return killed, time.monotonic() - started


def state(location: Location) -> dict[str, Any]:
    """What a user would see of the project, without ids the database chose (read with a
    plain engine: opening a project at an older schema would upgrade it)."""
    engine = make_engine(location)
    try:
        with Session(engine) as s:
            return _rows(s)
    finally:
        engine.dispose()


def _rows(s: Session) -> dict[str, Any]:
    def q(sql: str) -> frozenset[tuple[Any, ...]]:
        return frozenset(tuple(r) for r in s.execute(text(sql)))

    return {
        "transcripts": q("SELECT name, text_hash FROM transcript"),
        "turns": q("SELECT count(*) FROM turn"),
        "participants": q("SELECT pseudonym FROM participant"),
        "codes": q("SELECT id, name, status FROM code"),
        "themes": q("SELECT name, status FROM theme"),
        "codings": codings(s),
        "memos": q("SELECT count(*) FROM memo"),
    }


def codings(s: Any) -> frozenset[tuple[Any, ...]]:
    return frozenset(
        tuple(r) for r in s.execute(text(
            'SELECT t.name, c.code_id, c.start, c."end", k.name FROM coding c '
            "JOIN transcript t ON t.id = c.transcript_id JOIN coder k ON k.id = c.coder_id"
        ))
    )


def undo_works(location: Location, transcript: str, code: str) -> None:
    """A new coding, undone: the count goes back to what it was."""
    with Workbench.open(location, coder="checker") as wb:
        with wb.store.read() as s:
            before = len(codings(s))
        wb.coding.apply(CodingRequest(transcript, code, Target(turn=1)))
        wb.history.undo()
        with wb.store.read() as s:
            assert len(codings(s)) == before, "undo after the crash did not remove the coding"


@dataclass
class Tally:
    trials: int = 0
    killed: int = 0
    before: int = 0
    after: int = 0
    codings_lost: int = 0
    durations: list[float] = field(default_factory=list)


@contextmanager
def closed(wb: Workbench) -> Iterator[Location]:
    location = wb.store.location
    wb.close()
    yield location


def crash_trials(
    op: Operation,
    template: Location,
    tmp: Path,
    *,
    undo_on: tuple[str, str],
    check: Callable[[Location, str], None] | None = None,
    runs: int = RUNS,
    seed: int = 0,
    same_state: bool = False,
    reset: Callable[[Location], None] | None = None,
) -> Tally:
    """Measure ``op`` once, then kill it ``runs`` times at random; every trial must end in
    the state before or the state after, with the database's integrity intact.

    On SQLite every trial starts from a fresh copy of the template. On PostgreSQL a copy
    costs a database (dropping one takes the server a checkpoint, seconds on a loaded
    machine), so every trial reuses one, its rows put back from the template (or by
    ``reset``, for a probe whose template is at another schema).
    """
    rng = random.Random(seed)
    fresh = copies(template, tmp)
    before = state(template)
    measured = next(fresh)
    killed, duration = run_forked(op, measured, None)
    after = state(measured)
    assert same_state or before != after, "the operation changed nothing: nothing to crash"
    kept = before["codings"] & after["codings"]
    tally = Tally()
    for _ in range(runs):
        if measured.path is None:
            location = measured
            (reset or partial(reload, template))(location)
        else:
            location = next(fresh)
        killed, took = run_forked(op, location, rng.uniform(0.0, duration))
        tally.trials += 1
        tally.killed += killed
        tally.durations.append(took)
        with Workbench.open(location) as wb:  # recovers (and finishes a migration)
            wb.participants.finish_erasure()  # as 'themework doctor' does
            assert integrity_problems(wb.context) == []
        now = state(location)
        which = "before" if now == before else "after" if now == after else "neither"
        assert which != "neither", _difference(now, before, after)
        tally.before += which == "before"
        tally.after += which == "after"
        tally.codings_lost += len(kept - now["codings"])
        if check is not None:
            check(location, which)
        undo_works(location, *undo_on)
    return tally


def reload(template: Location, location: Location) -> None:
    """Put the template's rows back into a PostgreSQL copy."""
    from themework.services.copying import copy_rows

    source, target = make_engine(template), make_engine(location)
    try:
        with Session(source) as rs, Session(target) as ws, ws.begin():
            copy_rows(rs, ws)
    finally:
        source.dispose()
        target.dispose()


def _difference(now: dict[str, Any], before: dict[str, Any], after: dict[str, Any]) -> str:
    keys = [k for k in now if now[k] != before[k] and now[k] != after[k]]
    return f"half-done: {', '.join(keys)} match neither the state before nor after"
