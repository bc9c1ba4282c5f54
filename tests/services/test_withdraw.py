"""A participant withdraws: nothing they said survives anywhere in the project.

Their one-to-one transcript goes; their turns in a focus group become "[withdrawn]" while
everyone else's words and codings stay where they were (quote == text slice); search, memos,
audit payloads, undo, backups and, on SQLite, the bytes of the file, its WAL and SHM hold
nothing of theirs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from support import SENTINEL, as_coder, write
from themework.domain.errors import NotFound, UndoRefused
from themework.domain.text import text_hash
from themework.services.coding import CodingRequest, Target
from themework.services.withdraw_erase import WITHDRAWN
from themework.services.workbench import Workbench
from themework.store.backup import backup_dir, list_backups
from themework.store.models import AuditEvent, Code, Suggestion, Transcript

# A second word only they said: FTS5 stores index terms lower-cased and split at the
# hyphens, so the file is also searched for this one (no other term starts with "zy", so
# prefix compression cannot hide it).
RARE = "zyzzogeton"

ONE_TO_ONE = f"""Interview P01 - Site A

Interviewer: How do you build trust with young people?
P01: By turning up, every week. I call it {SENTINEL} and {RARE}, my own word for it.
Interviewer: Anything else?
P01: Being honest about the limits of {SENTINEL}.
"""

FOCUS_GROUP = f"""Focus group FG - Site B

Facilitator: Welcome, everyone. What helps young people trust you?
FG2: Time. Being around long enough that they know you are staying.
P01: Consistency, and {SENTINEL} {RARE} every single week.
FG3: I agree with that, honesty matters most of all.
Facilitator: And what gets in the way?
P01: Caseloads. {SENTINEL} again, sorry.
FG2: Staff turnover is the big one for us.
"""


def _import(wb: Workbench, tmp_path: Path) -> None:
    a = write(tmp_path / "in" / "P01.txt", ONE_TO_ONE)
    b = write(tmp_path / "in" / "FG.txt", FOCUS_GROUP)
    report = wb.transcripts.import_files([a, b])
    assert not report.failed, report


def _code(wb: Workbench, transcript: str, code: str, target: Target, **kw: Any) -> int:
    return wb.coding.apply(CodingRequest(transcript, code, target, **kw)).id


def _all_rows(wb: Workbench) -> list[tuple[str, str]]:
    """(table, repr of row) for every row of every table, FTS shadow tables included."""
    out = []
    with wb.store.read() as s:
        names = inspect(s.connection()).get_table_names()
        if wb.store.dialect == "sqlite":
            names = list(
                s.scalars(text("SELECT name FROM sqlite_master WHERE type IN ('table')"))
            )
        for name in names:
            for row in s.execute(text(f'SELECT * FROM "{name}"')):
                out.append((name, repr(tuple(row))))
    return out


def _assert_gone_from_tables(wb: Workbench) -> None:
    leaks = [
        (name, row[:200]) for name, row in _all_rows(wb)
        if SENTINEL.casefold() in row.casefold() or "quokka" in row.casefold()
        or RARE in row.casefold()
    ]
    assert leaks == []


def _assert_gone_from_files(wb: Workbench, tmp_path: Path) -> None:
    path = wb.store.location.path
    assert path is not None
    wb.close()  # let SQLite checkpoint and tidy up as it would at the end of a command
    needles = [SENTINEL.encode(), SENTINEL.encode("utf-16-le"), RARE.encode(), b"QUOKKA"]
    files = [
        p for p in tmp_path.rglob("*") if p.is_file() and not p.is_relative_to(tmp_path / "in")
    ]
    assert path in files
    for f in files:
        data = f.read_bytes()
        for needle in needles:
            assert needle not in data, f"{needle!r} found in {f.name}"


def test_withdrawal_erases_a_participant_everywhere(
    wb: Workbench, tmp_path: Path, backend: str
) -> None:
    _import(wb, tmp_path)
    wb.codes.add("Turning up")
    wb.codes.add("Honesty")
    wb.codes.add("Barriers")
    bob = as_coder(wb, "bob")

    # Codings on their words (one-to-one and group), on others' words, and straddling both.
    mine_1to1 = _code(wb, "P01", "Turning up", Target(match="By turning up"))
    mine_group = _code(wb, "FG", "Turning up", Target(match="Consistency"))
    # removed before the withdrawal, with a memo quoting them (not the newest id, so that
    # SQLite does not hand the id to a later coding)
    removed = _code(wb, "FG", "Barriers", Target(match="Caseloads"))
    wb.memos.add(f"coding:{removed}", f"before removing it: {SENTINEL}")
    wb.memos.add("project", "first reflexive entry", kind="journal")  # nor the memo's id
    fg_text = wb.transcripts.text("FG").text
    span = (fg_text.index("staying."), fg_text.index("Consistency") + len("Consistency"))
    _code(wb, "FG", "Turning up", Target(span=span))  # straddles FG2's words and theirs
    before_theirs = _code(wb, "FG", "Turning up", Target(match="Being around long enough"))
    after_theirs = _code(wb, "FG", "Honesty", Target(match="honesty matters most"))
    whole_turn = _code(bob, "FG", "Honesty", Target(turn=4))
    last = _code(bob, "FG", "Barriers", Target(match="Staff turnover"))
    wb.coding.remove([removed])
    undone = _code(wb, "FG", "Barriers", Target(match="again, sorry"))
    wb.history.undo()
    wb.history.redo()
    assert any(e.id == undone for e in wb.coding.extracts())

    # Memos quoting them, and memos that must survive.
    wb.memos.add("participant:P01", f"P01 coined {SENTINEL}")
    wb.memos.add("transcript:P01", f"note on {SENTINEL}", kind="note")
    wb.memos.add(f"coding:{mine_1to1}", f"why {SENTINEL}")
    wb.memos.add(f"coding:{mine_group}", f"group {SENTINEL}")
    kept_memo = wb.memos.add(f"coding:{after_theirs}", "honesty across agencies")
    wb.memos.add("transcript:FG", "the group warmed up slowly", kind="note")
    wb.participants.set("P01", {"site": f"Site {RARE}"})  # the audit must not keep this
    wb.themes.create("Reliability", codes=["Turning up", "Honesty"])
    wb.themes.add_exemplar("Reliability", mine_group)
    wb.themes.add_exemplar("Reliability", after_theirs)
    wb.analysis.matrix_note("P01", "Reliability", f"summary: {SENTINEL}")
    wb.analysis.matrix_note("FG2", "Reliability", "values time")

    fg_before = wb.transcripts.text("FG")
    p01_hash = text_hash(wb.transcripts.text("P01").text)
    before = {e.id: e for e in wb.coding.extracts()}
    assert wb.transcripts.search("quokka")
    if backend == "sqlite":
        wb.backup("manual")
        assert list_backups(wb.store.location.path)  # type: ignore[arg-type]

    result = wb.participants.withdraw("P01")

    assert result.pseudonym == "P01"
    assert result.transcripts_deleted == ("P01",)
    assert result.transcripts_redacted == ("FG",)
    assert result.codings_deleted == 4  # mine_1to1, mine_group, straddle, undone
    assert result.memos_deleted == 4
    assert result.events_redacted > 0
    if backend == "sqlite":
        assert result.backups_removed and list_backups(wb.store.location.path) == []  # type: ignore[arg-type]

    # The one-to-one transcript is gone, the group transcript keeps everyone else.
    assert [t.name for t in wb.transcripts.list()] == ["FG"]
    assert [p.pseudonym for p in wb.participants.list()] == ["FG2", "FG3"]
    with pytest.raises(NotFound):
        wb.participants.set("P01", {"site": "x"})
    fg = wb.transcripts.text("FG")
    assert [t.index for t in fg.turns] == [t.index for t in fg_before.turns]
    for old, new in zip(fg_before.turns, fg.turns, strict=True):
        assert (new.speaker, new.role) == (old.speaker, old.role)
        if old.participant == "P01":
            assert fg.text[new.start : new.end] == WITHDRAWN
            assert new.participant is None
            assert fg.text[new.label_start : new.label_end] == "P01"
        else:
            assert new.participant == old.participant
            assert fg.text[new.start : new.end] == fg_before.text[old.start : old.end]
            assert fg.text[new.label_start : new.label_end] == old.speaker
    assert SENTINEL not in fg.text and RARE not in fg.text

    # Everyone else's codings stay, anchored to the same words.
    after = {e.id: e for e in wb.coding.extracts()}
    assert set(after) == {before_theirs, after_theirs, whole_turn, last}
    for cid, e in after.items():
        assert e.text == fg.text[e.start : e.end] == before[cid].text
        assert (e.turn, e.code, e.coder) == (before[cid].turn, before[cid].code, before[cid].coder)
    assert after[after_theirs].start < before[after_theirs].start  # it moved with the text

    # Search finds nothing of theirs; others' words are still found at the right turn.
    assert wb.transcripts.search("quokka") == []
    assert wb.transcripts.search(SENTINEL) == []
    assert wb.transcripts.search(RARE) == []
    assert wb.transcripts.search("Consistency") == []
    assert [(h.transcript, h.turn) for h in wb.transcripts.search("honesty")] == [("FG", 4)]

    memos = wb.memos.list()
    assert {m.text for m in memos} == {
        "honesty across agencies", "the group warmed up slowly", "first reflexive entry"
    }
    assert any(m.id == kept_memo and m.target == f"coding:{after_theirs}" for m in memos)

    exemplars = wb.themes.get("Reliability").exemplars
    assert [e.coding_id for e in exemplars] == [after_theirs]

    # The audit trail says what happened but holds none of their words.
    with wb.store.read() as s:
        for ev in s.scalars(select(AuditEvent)):
            blob = json.dumps([ev.summary, ev.before, ev.after, ev.targets], ensure_ascii=False)
            assert SENTINEL not in blob and RARE not in blob, ev.action
            assert p01_hash not in blob, f"{ev.action} keeps the withdrawn transcript's hash"
    assert wb.history.log()[-1].action == "participant.withdraw"

    # No undo can bring anything back.
    for _ in range(50):
        try:
            wb.history.undo()
        except UndoRefused:
            break
    for _ in range(50):
        try:
            wb.history.redo()
        except UndoRefused:
            break
    _assert_gone_from_tables(wb)
    assert SENTINEL not in wb.transcripts.text("FG").text

    if backend == "sqlite":
        _assert_gone_from_files(wb, tmp_path)
    else:
        _assert_gone_from_server_files(wb)


def _assert_gone_from_server_files(wb: Workbench) -> None:
    """PostgreSQL: read the relation files of this database (tables, indexes, TOAST)."""
    import os

    with wb.store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("CHECKPOINT"))  # write every page the server holds to its files
        root = Path(conn.execute(text("SHOW data_directory")).scalar_one())
        files = [
            root / rel
            for (rel,) in conn.execute(text(
                "SELECT pg_relation_filepath(oid) FROM pg_class "
                "WHERE relkind IN ('r', 'i', 't') AND pg_relation_filepath(oid) IS NOT NULL "
                "AND relnamespace NOT IN (SELECT oid FROM pg_namespace "
                "WHERE nspname IN ('pg_catalog', 'information_schema'))"
            ))
        ]
    if not os.access(root, os.R_OK | os.X_OK):
        pytest.skip(f"cannot read the server's data directory {root} here")
    needles = [SENTINEL.encode(), RARE.encode()]
    segments = [f for path in files for f in path.parent.glob(path.name + "*") if f.is_file()]
    assert segments, "no relation files found"
    for f in segments:
        data = f.read_bytes()
        for needle in needles:
            i = data.find(needle)
            assert i < 0, f"{needle!r} in {f.name}: {data[max(0, i - 400) : i + 60]!r}"


def test_bytes_are_gone_while_the_project_stays_open(sqlite_wb: Workbench, tmp_path: Path) -> None:
    """A TUI keeps the project open: the file and its WAL must be clean right away."""
    _import(sqlite_wb, tmp_path)
    sqlite_wb.codes.add("Turning up")
    _code(sqlite_wb, "FG", "Turning up", Target(match="Consistency"))
    sqlite_wb.backup("manual")
    sqlite_wb.participants.withdraw("P01")
    path = sqlite_wb.store.location.path
    assert path is not None
    with sqlite_wb.store.read() as s:  # a reader still connected
        s.execute(text("SELECT count(*) FROM turn")).scalar()
        for suffix in ("", "-wal", "-shm"):
            f = Path(f"{path}{suffix}")
            if f.exists():
                data = f.read_bytes()
                assert SENTINEL.encode() not in data and RARE.encode() not in data, suffix
    assert not any(backup_dir(path).glob("*"))


def test_suggestions_in_a_group_transcript_follow_the_text(wb: Workbench, tmp_path: Path) -> None:
    _import(wb, tmp_path)
    code = wb.codes.add("Honesty")
    fg = wb.transcripts.text("FG")
    theirs = fg.text.index(RARE)
    others = fg.text.index("honesty matters")
    with wb.store.write() as s:
        tid = s.scalar(select(Transcript.id).where(Transcript.name == "FG"))
        cid = s.scalar(select(Code.id))
        for start, word in ((theirs, RARE), (others, "honesty")):
            s.add(Suggestion(
                transcript_id=tid, code_id=cid, start=start, end=start + len(word),
                matched=[word], status="pending",
            ))
    assert code.id
    wb.participants.withdraw("P01")
    new = wb.transcripts.text("FG").text
    with wb.store.read() as s:
        rows = s.execute(select(Suggestion.start, Suggestion.end, Suggestion.matched)).all()
    assert [(new[a:b], m) for a, b, m in rows] == [("honesty", ["honesty"])]


def test_withdrawing_an_unknown_participant_changes_nothing(wb: Workbench, tmp_path: Path) -> None:
    _import(wb, tmp_path)
    counter = wb.projects.change_counter()
    with pytest.raises(NotFound):
        wb.participants.withdraw("P99")
    assert wb.projects.change_counter() == counter
    assert len(wb.transcripts.list()) == 2


def test_withdrawal_waits_for_no_reader_and_refuses_while_one_holds_the_file(
    sqlite_wb: Workbench, tmp_path: Path
) -> None:
    """With another program reading the file, withdraw said "withdrawn" while their words
    stayed in the file and its WAL: now it refuses, changing nothing, until it is closed."""
    import sqlite3

    from themework.domain.errors import ProjectError

    _import(sqlite_wb, tmp_path)
    path = sqlite_wb.store.location.path
    assert path is not None
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN")
        other.execute("SELECT count(*) FROM turn").fetchone()
        sqlite_wb.codes.add("Turning up")  # a write after their read began: WAL frames
        with pytest.raises(ProjectError, match="another program is reading"):
            sqlite_wb.participants.withdraw("P01")
        assert "P01" in [p.pseudonym for p in sqlite_wb.participants.list()]
    finally:
        other.close()
    result = sqlite_wb.participants.withdraw("P01")
    assert result.file_clean
    assert "P01" not in [p.pseudonym for p in sqlite_wb.participants.list()]


def test_quotes_of_their_words_elsewhere_are_replaced_and_listed(
    wb: Workbench, tmp_path: Path
) -> None:
    """A memo quoting them kept their words in the file after they withdrew."""
    _import(wb, tmp_path)
    quote = "by turning up, every week. I call it"
    wb.memos.add("project", f"Striking: {quote} that too", kind="journal")
    wb.memos.add("project", "FG2: being around long enough that they know you are staying")
    wb.themes.create("Reliability")
    said = f"As one put it, '{quote.capitalize()}'."
    wb.themes.define("Reliability", definition=said, narrative=said)  # a snapshot keeps one
    wb.snapshots.take("before")

    result = wb.participants.withdraw("P01")

    texts = sorted(m.text for m in wb.memos.list())
    assert texts == [
        "FG2: being around long enough that they know you are staying",  # not theirs: kept
        "Striking: [quote withdrawn] that too",
    ]
    assert wb.themes.get("Reliability").narrative == "As one put it, '[quote withdrawn]'."
    assert any(p.startswith("memo ") for p in result.quotes_redacted)
    assert "theme 'Reliability': narrative" in result.quotes_redacted
    assert "theme 'Reliability': definition" in result.quotes_redacted
    assert "snapshot 'before'" in result.quotes_redacted
    needle = "turning up, every week"
    with wb.store.read() as s:
        for name in ("memo", "theme", "snapshot", "audit_event"):
            for row in s.execute(text(f'SELECT * FROM "{name}"')):
                assert needle not in repr(tuple(row)).replace("\\n", " "), name
