"""Backups before destructive operations, listed and restored; none on PostgreSQL, said so."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import CODEBOOK, write
from themework.domain.errors import NotFound, ProjectError
from themework.services.backups import integrity_problems
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.location import from_string

SMALL = """codes:
  - name: Trust
    id: trust
"""


def _project(path: Path, interview: Path, coder: str = "alice") -> Workbench:
    wb = Workbench.init(from_string(str(path)), name="Trust study", coder=coder)
    wb.codebook.load(CODEBOOK)
    wb.transcripts.import_files([interview])
    return wb


def _codings(wb: Workbench) -> int:
    return len(wb.coding.extracts())


def test_a_pruning_load_is_backed_up_and_the_backup_restores_the_codes(
    tmp_path: Path, interview: Path
) -> None:
    with _project(tmp_path / "study.themework", interview) as wb:
        before = len(wb.codes.list())
        report = wb.codebook.load(write(tmp_path / "small.yaml", SMALL), prune=True)
        assert report.backup and len(wb.codes.list()) < before
        [made] = wb.backups.list()
        assert made.reason == "prune" and made.path == report.backup
        folder = Path(made.path).parent
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(Path(made.path).stat().st_mode) == 0o600
        result = wb.backups.restore(made.id[:12])
        assert result.restored == made and result.saved is not None
        assert len(wb.codes.list()) == before
        # The restore kept the pruned state too: restoring that goes back again.
        wb.backups.restore(result.saved.id)
        assert len(wb.codes.list()) < before
        assert integrity_problems(wb.context) == []


def test_a_project_merge_is_backed_up_first(tmp_path: Path, interview: Path) -> None:
    with _project(tmp_path / "bob.themework", interview, "bob") as bob:
        bob.coding.apply(CodingRequest("P01", "consistency-of-worker", Target(match="Every week")))
    with _project(tmp_path / "study.themework", interview) as wb:
        report = wb.merge(from_string(str(tmp_path / "bob.themework")))
        assert report.codings_added == 1 and report.backup
        assert [b.reason for b in wb.backups.list()] == ["merge"]
        wb.backups.restore(wb.backups.list()[0].id)
        assert _codings(wb) == 0


def test_the_newest_five_are_kept_and_a_withdrawal_removes_them_all(
    tmp_path: Path, interview: Path
) -> None:
    with _project(tmp_path / "study.themework", interview) as wb:
        for _ in range(7):
            wb.backup("test")
        assert len(wb.backups.list()) == 5
        result = wb.participants.withdraw("P01")
        assert len(result.backups_removed) == 5 and wb.backups.list() == []


def test_an_unknown_backup_id_is_refused(tmp_path: Path, interview: Path) -> None:
    with (
        _project(tmp_path / "study.themework", interview) as wb,
        pytest.raises(NotFound, match="backup list"),
    ):
        wb.backups.restore("nope")


def test_postgresql_projects_point_to_pg_dump(backend: str, wb: Workbench) -> None:
    if backend != "postgres":
        pytest.skip("PostgreSQL only")
    with pytest.raises(ProjectError, match="pg_dump"):
        wb.backups.list()
    assert integrity_problems(wb.context) == []


def test_a_withdrawal_cut_short_after_its_commit_leaves_no_backup_of_them(
    tmp_path: Path, interview: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The backups went after the commit: a kill between the two kept copies of them."""
    from themework.services.participants import ParticipantService

    def killed(*_: object) -> bool:
        raise SystemExit("killed")

    with _project(tmp_path / "study.themework", interview) as wb:
        wb.backup("earlier")
        monkeypatch.setattr(ParticipantService, "_purge_copies", killed)
        with pytest.raises(SystemExit):
            wb.participants.withdraw("P01")
        assert wb.participants.list() == [] and wb.backups.list() == []


def _holds_p01(backup: str) -> bool:
    conn = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        found = conn.execute("SELECT count(*) FROM participant WHERE pseudonym = 'P01'")
        return bool(found.fetchone()[0])
    finally:
        conn.close()


BACKER = """
import sys
from pathlib import Path
from themework.services.workbench import Workbench
from themework.store.location import from_string
with Workbench.open(from_string(sys.argv[1]), coder="bob") as wb:
    Path(sys.argv[2]).touch()  # about to copy the project
    wb.backup("other")
"""


def test_a_backup_made_by_another_process_during_a_withdrawal_never_holds_them(
    tmp_path: Path, interview: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program backs the project up while the withdrawal is under way (its write
    begun, the old backups already gone): that copy must not keep the participant, and no
    restore, from any list printed before or after, may bring them back."""
    from themework.services.participants import ParticipantService

    path = tmp_path / "study.themework"
    started = tmp_path / "started"
    others: list[subprocess.Popen[bytes]] = []
    drop = ParticipantService._drop_backups

    def drop_then_race(self: ParticipantService) -> tuple[str, ...]:
        removed = drop(self)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        others.append(subprocess.Popen(
            [sys.executable, "-c", BACKER, str(path), str(started)], env=env))
        deadline = time.monotonic() + 60
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)  # long enough for the copy of a small project, had it begun
        return removed

    with _project(path, interview) as wb:
        wb.backup("earlier")
        listed_before = [b.id for b in wb.backups.list()]
        monkeypatch.setattr(ParticipantService, "_drop_backups", drop_then_race)
        result = wb.participants.withdraw("P01")
        assert [Path(b).name.removeprefix("study-").removesuffix(".themework")
                for b in result.backups_removed] == listed_before  # the user is told which
        assert others[0].wait(timeout=120) == 0
        after = wb.backups.list()
        assert [b.reason for b in after] == ["other"]  # made after the withdrawal, by then
        assert not any(_holds_p01(b.path) for b in after)
        for ident in listed_before:
            with pytest.raises(NotFound):
                wb.backups.restore(ident)
        wb.backups.restore(after[0].id)
        assert wb.participants.list() == []
