"""kill -9 in the middle of every operation that writes a lot, on both backends.

Each probe runs the operation once to measure it, then ``THEMEWORK_CRASH_RUNS`` (10) more
times, killed with SIGKILL at a random moment within that duration. After each: the project
opens, its integrity check is clean, its state is the state before or after the operation,
no coding committed earlier is lost, and undo works.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from crash_kit import Tally, closed, crash_trials, drop_pg_copies
from sqlalchemy import text

from support import CODEBOOK, INTERVIEW, SAMPLES, write
from themework.services import audit
from themework.services import coding as coding_service
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.engine import make_engine
from themework.store.location import Location, from_string

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork and SIGKILL")

CODES = ("consistency-of-worker", "time-and-persistence", "warmth-and-informal-contact",
         "honesty-about-information-sharing")
PHRASE = b"turning up when I said I would"  # P01's words, for the withdrawal probe
UNDO_ON = ("P02", "time-and-persistence")


def _requests(transcripts: tuple[str, ...], turns: range, coder: str | None = None
              ) -> list[CodingRequest]:
    return [
        CodingRequest(t, code, Target(turn=n), coder=coder)
        for t in transcripts for n in turns for code in CODES
    ]


@pytest.fixture
def template(location: Location, tmp_path: Path) -> Iterator[Location]:
    """A small coded project: the codebook, three interviews, 40 codings, one backup."""
    wb = Workbench.init(location, name="Crash study", approach="codebook", coder="alice")
    wb.codebook.load(CODEBOOK)
    wb.transcripts.import_files(
        [write(tmp_path / "in" / "P01.txt", INTERVIEW), SAMPLES / "P02.txt", SAMPLES / "P03.txt"]
    )
    wb.coding.apply_many(_requests(("P01",), range(1, 6)) + _requests(("P02",), range(1, 6)))
    wb.backup("earlier")
    with closed(wb) as loc:
        yield loc
    if loc.path is None:
        drop_pg_copies(loc)


def _report(name: str, backend: str, t: Tally) -> None:
    mean = sum(t.durations) / max(1, len(t.durations))
    print(
        f"\ncrash {name} [{backend}]: {t.trials} trials, {t.killed} killed mid-way "
        f"({t.before} left as before, {t.after} as after), codings lost {t.codings_lost}, "
        f"mean {mean:.2f} s"
    )
    assert t.codings_lost == 0


# -- the operations, run in the forked child --------------------------------------------------


def _import(location: Location) -> None:
    with Workbench.open(location) as wb:
        wb.transcripts.import_files([SAMPLES / "P04.txt", SAMPLES / "P05.txt", SAMPLES / "P06.vtt"])


def _bulk_coding(location: Location) -> None:
    with Workbench.open(location, coder="bob") as wb:
        wb.coding.apply_many(_requests(("P02", "P03"), range(1, 30)))


def _undo(location: Location) -> None:
    with Workbench.open(location, coder="alice") as wb:
        wb.history.undo()


def _withdraw(location: Location) -> None:
    with Workbench.open(location) as wb:
        wb.participants.withdraw("P01")


def _migrate(location: Location) -> None:
    Workbench.open(location).close()


# -- the probes ---------------------------------------------------------------------------------


def test_kill_during_import(template: Location, tmp_path: Path, backend: str) -> None:
    _report("import", backend, crash_trials(_import, template, tmp_path, undo_on=UNDO_ON))


def test_kill_during_bulk_coding(template: Location, tmp_path: Path, backend: str) -> None:
    _report("bulk coding", backend,
            crash_trials(_bulk_coding, template, tmp_path, undo_on=UNDO_ON))


@pytest.fixture
def in_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The template's bulk coding stored as 10 events, undone 2 at a time (the fork inherits
    both)."""
    monkeypatch.setattr(coding_service, "BULK_CHUNK", 4)
    monkeypatch.setattr(audit, "CHUNK_EVENTS", 2)


def test_kill_during_undo_of_a_bulk_coding_in_parts(
    in_parts: None, template: Location, tmp_path: Path, backend: str
) -> None:
    _report("undo in parts", backend, crash_trials(_undo, template, tmp_path, undo_on=UNDO_ON))


def test_kill_during_codebook_load(template: Location, tmp_path: Path, backend: str) -> None:
    """A pruning load: every code without codings deleted, the coded ones kept."""
    names = {c: c.replace("-", " ").capitalize() for c in CODES}
    smaller = write(tmp_path / "smaller.yaml", "codes:\n" + "".join(
        f"  - name: {name}\n    id: {code}\n" for code, name in names.items()
    ))

    def load(location: Location) -> None:
        with Workbench.open(location) as wb:
            wb.codebook.load(smaller, prune=True)

    _report("codebook load", backend, crash_trials(load, template, tmp_path, undo_on=UNDO_ON))


def test_kill_during_project_merge(template: Location, tmp_path: Path, backend: str) -> None:
    theirs = from_string(str(tmp_path / "bob.themework"))
    with Workbench.init(theirs, name="Bob's", coder="bob") as bob:
        bob.codebook.load(CODEBOOK)
        bob.transcripts.import_files([SAMPLES / "P02.txt", SAMPLES / "P05.txt"])
        bob.coding.apply_many(_requests(("P02", "P05"), range(1, 30)))

    def merge(location: Location) -> None:
        with Workbench.open(location) as wb:
            wb.merge(theirs)

    _report("project merge", backend, crash_trials(merge, template, tmp_path, undo_on=UNDO_ON))


def test_kill_during_withdraw(template: Location, tmp_path: Path, backend: str) -> None:
    def erased_everywhere(location: Location, which: str) -> None:
        if which != "after" or location.path is None:
            return
        # Their words are in neither the file nor a backup (all of which held them).
        assert not list(location.path.parent.glob(f"{location.path.name}.backups/*"))
        for suffix in ("", "-wal"):
            f = Path(str(location.path) + suffix)
            assert not f.exists() or PHRASE not in f.read_bytes()

    _report("withdraw", backend, crash_trials(
        _withdraw, template, tmp_path, undo_on=UNDO_ON, check=erased_everywhere
    ))


def test_kill_during_a_migration(template: Location, tmp_path: Path, backend: str) -> None:
    _downgrade(template, "0002")
    revision = _revisions(template)
    assert revision == "0002"

    def finished(location: Location, which: str) -> None:
        assert _revisions(location) != "0002"  # opening after the crash finished it

    # The data is the same before and after: the probe judges the schema by its revision,
    # and "before" or "after" by every row the user sees.
    tally = crash_trials(
        _migrate, template, tmp_path, undo_on=UNDO_ON, check=finished, same_state=True,
        reset=lambda location: _downgrade(location, "0002"),
    )
    _report("migration", backend, tally)


def _revisions(location: Location) -> str:
    engine = make_engine(location)
    try:
        with engine.connect() as conn:
            return str(conn.scalar(text("SELECT version_num FROM alembic_version")))
    finally:
        engine.dispose()


def _downgrade(location: Location, revision: str) -> None:
    """Take a project back to an older schema, foreign keys off on SQLite (a batch
    migration's table copy would otherwise cascade into the codings)."""
    from alembic import command
    from alembic.config import Config

    from themework.store import migrate

    cfg = Config()
    cfg.set_main_option("script_location", str(migrate.MIGRATIONS))
    engine = make_engine(location)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                raw = conn.connection.dbapi_connection
                assert raw is not None
                raw.execute("PRAGMA foreign_keys=OFF")
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.downgrade(cfg, revision)
    finally:
        engine.dispose()


def test_a_withdrawal_killed_before_its_rewrite_is_finished_by_doctor(
    backend: str, wb: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the kill landed in VACUUM FULL every time (its longest step): the
    words stayed in the server's files, and nothing said so afterwards."""
    if backend != "postgres":
        pytest.skip("SQLite's secure_delete zeroes the rows in the erasing transaction")
    from themework.services import participants
    from themework.services.backups import integrity_problems

    wb.transcripts.import_files([write(tmp_path / "P01.txt", INTERVIEW)])
    real = participants._rewrite_postgres_tables

    def killed(*_: object) -> bool:
        raise SystemExit("killed")

    monkeypatch.setattr(participants, "_rewrite_postgres_tables", killed)
    with pytest.raises(SystemExit):
        wb.participants.withdraw("P01")
    [problem] = integrity_problems(wb.context)
    assert "cut short" in problem
    monkeypatch.setattr(participants, "_rewrite_postgres_tables", real)
    assert wb.participants.finish_erasure() is True
    assert integrity_problems(wb.context) == []
    assert wb.participants.finish_erasure() is False
