"""The schema: one linear chain of migrations, models that agree with it, and projects that
are too new, not projects at all, or due an upgrade."""

from __future__ import annotations

import itertools
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, func, select, text

from themework.domain.errors import ProjectError
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store import migrate, schema
from themework.store.backup import list_backups
from themework.store.engine import make_engine
from themework.store.location import Location, from_string
from themework.store.models import Base, Coding, Turn

INTERVIEW = (
    "Interviewer: How do you build trust?\n"
    "P01: By turning up when I said I would, every week.\n"
    "Interviewer: Thank you.\n"
)


def _scripts() -> ScriptDirectory:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrate.MIGRATIONS))
    return ScriptDirectory.from_config(cfg)


def test_head_revision_is_alembics_head_and_the_chain_is_linear() -> None:
    scripts = _scripts()
    assert scripts.get_heads() == [schema.HEAD_REVISION]
    assert len(scripts.get_bases()) == 1
    chain = list(scripts.walk_revisions())  # newest first
    for rev in chain:
        assert not rev.is_merge_point, rev.revision
        assert not rev.is_branch_point, rev.revision
        assert rev.branch_labels in (None, set()), rev.revision
    assert chain[0].revision == schema.HEAD_REVISION
    for newer, older in itertools.pairwise(chain):
        assert newer.down_revision == older.revision
    # Every revision this code can upgrade from is one it knows, and no other.
    assert set(schema.KNOWN_REVISIONS) == {r.revision for r in chain}


def _ignored(diff: object, dialect: str) -> bool:
    if not isinstance(diff, tuple):
        return False
    kind, obj = diff[0], diff[1]
    name = getattr(obj, "name", "")
    if dialect == "sqlite":
        return kind == "remove_table" and name.startswith("turn_fts")
    return kind == "remove_index" and name == "ix_turn_search_tsv"


def test_models_and_migrations_agree(wb: Workbench) -> None:
    """A project built by the migrations has exactly the tables the models describe."""
    dialect = wb.store.dialect
    with wb.store.engine.connect() as conn:
        mc = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(mc, Base.metadata)
    assert [d for d in diffs if not _ignored(d, dialect)] == []
    # and the ignored objects are really there (search depends on them)
    names = {getattr(d[1], "name", "") for d in diffs if isinstance(d, tuple)}
    if dialect == "sqlite":
        assert "turn_fts" in names
    else:
        assert names == {"ix_turn_search_tsv"}


def _set_revision(location: Location, revision: str) -> None:
    engine = make_engine(location)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": revision})
    finally:
        engine.dispose()


def _revision(location: Location) -> str:
    engine = make_engine(location)
    try:
        with engine.connect() as conn:
            rev = migrate.current_revision(conn)
    finally:
        engine.dispose()
    assert rev is not None
    return rev


def test_a_project_from_a_newer_version_is_refused(wb: Workbench) -> None:
    location = wb.store.location
    wb.close()
    _set_revision(location, "9f3c2a7e1b44")
    with pytest.raises(ProjectError) as err:
        Workbench.open(location)
    assert "written by a newer version of themework" in str(err.value)
    assert "9f3c2a7e1b44" in str(err.value)
    assert _revision(location) == "9f3c2a7e1b44"  # untouched


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "empty file"),
        (b"Interview notes, not a database\n" * 20, "not a SQLite database"),
        (None, "no themework schema"),  # another program's SQLite database
    ],
)
def test_a_file_that_is_not_a_project_is_refused_and_left_alone(
    tmp_path: Path, content: bytes | None, why: str
) -> None:
    path = tmp_path / "notes.themework"
    if content is None:
        other = sqlite3.connect(path)
        other.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        other.execute("INSERT INTO alembic_version VALUES ('ae1027a6acf')")
        other.commit()
        other.close()
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    with pytest.raises(ProjectError) as err:
        Workbench.open(from_string(str(path)))
    message = str(err.value)
    assert why in message and "not a themework project" in message and str(path) in message
    assert "newer version" not in message
    assert path.read_bytes() == before  # not switched to WAL, no header written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.themework"]


def test_an_empty_database_is_not_a_project(location: Location) -> None:
    if location.path is not None:
        sqlite3.connect(location.path).close()  # a valid, empty SQLite file
    with pytest.raises(ProjectError) as err:
        Workbench.open(location)
    assert "not a themework project" in str(err.value)


def test_a_missing_file_is_not_created_by_opening(tmp_path: Path) -> None:
    path = tmp_path / "typo.themework"
    with pytest.raises(ProjectError) as err:
        Workbench.open(from_string(str(path)))
    assert "does not exist" in str(err.value) and "themework init" in str(err.value)
    assert not path.exists()


OLD = "0000_test"


@pytest.fixture
def older_project(wb: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Location:
    """A project that says it is at an older revision this code knows how to upgrade from.

    The "older" revision is simulated, so that the backup and foreign-key precautions can be
    watched from inside the upgrade: KNOWN_REVISIONS gains it, and the upgrade step is
    replaced (per test) by one that does real work. The real 0001 to 0002 step has its own
    test below.
    """
    interview = tmp_path / "in" / "P01.txt"
    interview.parent.mkdir()
    interview.write_text(INTERVIEW, encoding="utf-8")
    wb.transcripts.import_files([interview])
    wb.codes.add("Turning up")
    wb.coding.apply(CodingRequest("P01", "Turning up", Target(match="turning up")))
    location = wb.store.location
    wb.close()
    _set_revision(location, OLD)
    monkeypatch.setattr(migrate, "KNOWN_REVISIONS", (OLD, schema.HEAD_REVISION))
    return location


def _counts(location: Location) -> tuple[int, int]:
    engine = make_engine(location)
    try:
        with engine.connect() as conn:
            return (
                conn.scalar(select(func.count()).select_from(Coding)) or 0,
                conn.scalar(select(func.count()).select_from(Turn)) or 0,
            )
    finally:
        engine.dispose()


def _fake_upgrade(
    steps: list[str], location: Location, extra: Callable[[Connection], None] | None = None
) -> Callable[[Connection], None]:
    def upgrade(conn: Connection) -> None:
        from alembic.operations import Operations

        steps.append("upgrade")
        if location.path is not None:
            # The backup exists, and holds the project as it was before the upgrade.
            backups = list_backups(location.path)
            assert len(backups) == 1 and os.stat(backups[0]).st_mode & 0o777 == 0o600
            with sqlite3.connect(backups[0]) as old:
                assert old.execute("SELECT version_num FROM alembic_version").fetchone() == (OLD,)
            # Foreign keys are off while tables are rebuilt...
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0
            # ...and a batch rebuild of a parent table (copy, drop, rename) must not cascade.
            ops = Operations(MigrationContext.configure(conn))
            with ops.batch_alter_table("transcript", recreate="always"):
                pass
        if extra is not None:
            extra(conn)
        conn.execute(text("UPDATE alembic_version SET version_num = :v"),
                     {"v": schema.HEAD_REVISION})

    return upgrade


def test_an_older_project_is_backed_up_then_upgraded_without_losing_codings(
    older_project: Location, monkeypatch: pytest.MonkeyPatch
) -> None:
    location = older_project
    before = _counts(location)
    assert before[0] == 1 and before[1] == 3
    steps: list[str] = []
    monkeypatch.setattr(migrate, "_alembic_upgrade", _fake_upgrade(steps, location))
    wb = Workbench.open(location)
    try:
        assert steps == ["upgrade"]
        assert _revision(location) == schema.HEAD_REVISION
        assert _counts(location) == before
        if location.path is not None:
            assert wb.last_backup is not None and wb.last_backup.exists()
            assert list_backups(location.path) == [wb.last_backup]
            with wb.store.read() as s:  # foreign keys are back on for normal work
                assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        else:
            assert wb.last_backup is None  # the server's own tooling backs PostgreSQL up
        assert [e.text for e in wb.coding.extracts()] == ["turning up"]
    finally:
        wb.close()
    # Opening again does not upgrade or back up again.
    steps.clear()
    with Workbench.open(location) as again:
        assert again.last_backup is None
    assert steps == []


def test_an_upgrade_that_breaks_references_changes_nothing(
    older_project: Location, monkeypatch: pytest.MonkeyPatch
) -> None:
    location = older_project
    if location.path is None:
        pytest.skip("PostgreSQL checks references itself, inside the transaction")

    def orphan(conn: Connection) -> None:
        conn.execute(text("UPDATE coding SET transcript_id = 'no-such-transcript'"))

    steps: list[str] = []
    monkeypatch.setattr(migrate, "_alembic_upgrade", _fake_upgrade(steps, location, orphan))
    with pytest.raises(ProjectError) as err:
        Workbench.open(location)
    assert "broken references" in str(err.value)
    assert _revision(location) == OLD
    assert _counts(location) == (1, 3)
    engine = make_engine(location)
    try:
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT transcript_id FROM coding")) != "no-such-transcript"
    finally:
        engine.dispose()


def _downgrade(location: Location, revision: str) -> None:
    from alembic import command

    cfg = Config()
    cfg.set_main_option("script_location", str(migrate.MIGRATIONS))
    engine = make_engine(location)
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)
    finally:
        engine.dispose()


def test_a_0001_project_upgrades_to_bulk_search_indexing_and_finds_old_and_new_turns(
    wb: Workbench, tmp_path: Path
) -> None:
    first = tmp_path / "P01.txt"
    first.write_text(INTERVIEW, encoding="utf-8")
    wb.transcripts.import_files([first])
    location = wb.store.location
    wb.close()
    _downgrade(location, "0001")
    assert _revision(location) == "0001"

    wb = Workbench.open(location)
    try:
        assert _revision(location) == schema.HEAD_REVISION
        second = tmp_path / "P02.txt"
        second.write_text(
            "Interviewer: And consistency?\nP02: Keeping promises, however small.\n",
            encoding="utf-8",
        )
        wb.transcripts.import_files([second])
        # Turns indexed by the old trigger and by the new bulk writer are each found once.
        found = {
            word: [(h.transcript, h.turn) for h in wb.transcripts.search(word)]
            for word in ("trust", "turning", "thank", "consistency", "promises")
        }
        assert found == {
            "trust": [("P01", 1)],
            "turning": [("P01", 2)],
            "thank": [("P01", 3)],
            "consistency": [("P02", 1)],
            "promises": [("P02", 2)],
        }
        with wb.store.read() as s:
            if s.get_bind().dialect.name == "sqlite":
                triggers = set(
                    s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
                )
                assert "turn_search_ai" not in triggers
                assert {"turn_search_ad", "turn_search_au"} <= triggers
    finally:
        wb.close()
