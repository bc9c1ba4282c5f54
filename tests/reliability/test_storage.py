"""A full disk and a read-only project: one clear error, nothing lost (SQLite).

The disk is a small tmpfs mounted for the test when this process may mount (as root in
CI's container); a read-only project is that tmpfs remounted read-only, or, for a user
who may not mount, the file at 0400 in a folder at 0500 (root ignores permissions, so
there the chmod alone would prove nothing). A full disk is also simulated, mount or not,
by SQLite's ``max_page_count``, which fails a write exactly as a full disk does
("database or disk is full"). PostgreSQL's disk is its server's: not probed here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from crash_kit import state
from sqlalchemy import event

from support import CODEBOOK, INTERVIEW, SAMPLES, write
from themework.domain.errors import ProjectError
from themework.services.backups import integrity_problems
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.location import Location, from_string


def _mount(folder: Path, size: str) -> bool:
    folder.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
    )
    return done.returncode == 0


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[tuple[Path, bool]]:
    """A folder for the project, and whether it is a 4 MB file system of its own."""
    folder = tmp_path / "disk"
    mounted = _mount(folder, "4m")
    try:
        yield folder, mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)


def _coded_project(folder: Path) -> Location:
    location = from_string(str(folder / "study.themework"))
    with Workbench.init(location, name="Disk study", coder="alice") as wb:
        wb.codebook.load(CODEBOOK)
        wb.transcripts.import_files([write(folder / "P01.txt", INTERVIEW)])
        wb.coding.apply(CodingRequest("P01", "time-and-persistence", Target(turn=2)))
    return location


def _fill(folder: Path, leave: int) -> Path:
    """Take all but ``leave`` bytes of the file system."""
    filler = folder / "filler"
    free = shutil.disk_usage(folder).free - leave
    with open(filler, "wb") as fh:
        while free > 0:
            chunk = min(free, 1 << 20)
            try:
                fh.write(b"\0" * chunk)
                fh.flush()
            except OSError:
                break
            free -= chunk
    return filler


def _no_more_pages(wb: Workbench) -> None:
    """The failing write hook when no file system can be mounted."""
    @event.listens_for(wb.store.engine, "connect")
    def _limit(dbapi_conn: object, _record: object) -> None:
        cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
        pages = cur.execute("PRAGMA page_count").fetchone()[0]
        cur.execute(f"PRAGMA max_page_count={pages}")
        cur.close()

    wb.store.engine.dispose()


@pytest.mark.parametrize("full", ["tmpfs", "max_page_count"])
def test_a_full_disk_refuses_an_import_clearly_and_keeps_every_coding(
    disk: tuple[Path, bool], full: str
) -> None:
    """With max_page_count, SQLite rolled the transaction back itself and the user saw
    "database error: no such savepoint: sa_savepoint_1"."""
    folder, mounted = disk
    if full == "tmpfs" and not mounted:
        pytest.skip("needs a small file system of its own (mount as root)")
    mounted = full == "tmpfs"
    location = _coded_project(folder)
    before = state(location)
    filler = _fill(folder, 96 * 1024) if mounted else None
    with Workbench.open(location) as wb:
        if not mounted:
            _no_more_pages(wb)
        with pytest.raises(ProjectError) as refused:
            wb.transcripts.import_files(
                [SAMPLES / "P02.txt", SAMPLES / "P03.txt", SAMPLES / "P06.vtt"]
            )
    assert "could not be written" in str(refused.value)
    assert "Nothing was changed" in str(refused.value)
    if mounted:
        assert "disk holding it is full" in str(refused.value)
        assert filler is not None
        filler.unlink()
    with Workbench.open(location) as wb:
        assert integrity_problems(wb.context) == []
    assert state(location) == before


def test_a_backup_on_a_full_disk_leaves_no_half_copy(disk: tuple[Path, bool]) -> None:
    folder, mounted = disk
    if not mounted:
        pytest.skip("needs a small file system of its own (mount as root)")
    location = _coded_project(folder)
    before = state(location)
    _fill(folder, 96 * 1024)
    smaller = write(folder.parent / "one.yaml", "codes:\n  - name: Trust\n    id: trust\n")
    with Workbench.open(location) as wb:
        with pytest.raises(ProjectError, match="backup before this prune"):
            wb.codebook.load(smaller, prune=True)
        assert wb.backups.list() == []
    assert state(location) == before


def test_a_read_only_project_can_be_read_and_refuses_changes_clearly(
    disk: tuple[Path, bool], tmp_path: Path
) -> None:
    """Read-only media (the tmpfs remounted read-only; chmod where no mount is possible):
    reading works, every change is one clear error, and the project is left whole."""
    folder, mounted = disk
    if not mounted and os.geteuid() == 0:
        pytest.skip("root ignores file permissions and cannot mount here")
    location = _coded_project(folder)
    assert location.path is not None
    before = state(location)
    if mounted:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    else:
        location.path.chmod(0o400)
        folder.chmod(0o500)
    try:
        with Workbench.open(location) as wb:
            assert wb.projects.info().name == "Disk study"
            assert [c.name for c in wb.codebook.document().codes]
            assert wb.report.build().themes  # the codebook file brings its themes
            assert wb.language.words(top=5)  # the lemma cache is skipped, not written
            for change in (
                lambda: wb.coding.apply(CodingRequest("P01", "time-and-persistence",
                                                      Target(turn=4))),
                lambda: wb.codebook.load(CODEBOOK, prune=True),  # its backup too
            ):
                with pytest.raises(ProjectError) as refused:
                    change()
                message = str(refused.value)
                assert "cannot be changed" in message and "\n" not in message
                assert ("read-only file system" if mounted else "permissions") in message
    finally:
        if mounted:
            subprocess.run(["mount", "-o", "remount,rw", str(folder)], check=True)
        else:
            folder.chmod(0o700)
            location.path.chmod(0o600)
    assert state(location) == before
    assert not list(folder.glob("*.backups"))
