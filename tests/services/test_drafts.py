"""Drafts: unsaved workbench text kept in the project, per coder and editor, never audited,
gone with what it is attached to (a withdrawal takes drafts on the participant's transcripts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import SENTINEL, as_coder, write
from themework.domain.errors import InputError, NotFound
from themework.services.workbench import Workbench

GROUP = f"""Focus group FG - Site B

Facilitator: What helps?
FG2: Time.
P01: {SENTINEL} every week.
"""


def test_keep_get_replace_and_drop(wb: Workbench) -> None:
    theme = wb.themes.create("Turning up").theme
    counter = wb.projects.change_counter()
    events = len(wb.history.log())
    assert wb.drafts.get("define", f"theme:{theme.id}") is None

    first = wb.drafts.keep("define", f"theme:{theme.id}", {"narrative": "half a thought"})
    got = wb.drafts.get("define", f"theme:{theme.id}")
    assert got is not None and got.content == {"narrative": "half a thought"}
    assert got.saved_at == first.saved_at
    wb.drafts.keep("define", f"theme:{theme.id}", {"narrative": "a whole thought"})
    got = wb.drafts.get("define", f"theme:{theme.id}")
    assert got is not None and got.content == {"narrative": "a whole thought"}

    # Not an analysis change: no audit event, no reload for other workbenches.
    assert wb.projects.change_counter() == counter and len(wb.history.log()) == events
    # Another coder has drafts of their own; a rename keeps the draft.
    assert as_coder(wb, "bob").drafts.get("define", f"theme:{theme.id}") is None
    wb.themes.rename(theme.id, "Showing up", wb.themes.get(theme.id).version)
    assert wb.drafts.get("define", "theme:Showing up") is not None

    assert wb.drafts.drop("define", f"theme:{theme.id}") is True
    assert wb.drafts.get("define", f"theme:{theme.id}") is None
    assert wb.drafts.drop("define", f"theme:{theme.id}") is False


def test_themes_drafted_lists_this_coders_newest_first(wb: Workbench) -> None:
    first, second = (wb.themes.create(n).theme for n in ("Turning up", "Honesty"))
    assert wb.drafts.themes_drafted("define") == []
    wb.drafts.keep("define", f"theme:{first.id}", {"narrative": "a"})
    wb.drafts.keep("define", f"theme:{second.id}", {"narrative": "b"})
    as_coder(wb, "bob").drafts.keep("define", f"theme:{first.id}", {"narrative": "c"})
    assert wb.drafts.themes_drafted("define") == [second.id, first.id]
    assert wb.drafts.themes_drafted("notes") == []
    drafts = wb.drafts.theme_drafts("define")
    assert [(d.on, d.content, name) for d, name in drafts] == [
        (f"theme:{second.id}", {"narrative": "b"}, "Honesty"),
        (f"theme:{first.id}", {"narrative": "a"}, "Turning up")]
    assert drafts[0][0].saved_at.tzinfo is not None


def test_bad_targets_are_refused(wb: Workbench) -> None:
    with pytest.raises(NotFound):
        wb.drafts.keep("define", "theme:nothing-like-this", {"narrative": "x"})
    with pytest.raises(InputError):
        wb.drafts.keep("define", "code:anything", {"narrative": "x"})
    with pytest.raises(InputError):
        wb.drafts.keep("de:fine", "project", {"text": "x"})


def test_a_withdrawal_takes_drafts_on_their_transcripts(wb: Workbench, tmp_path: Path) -> None:
    report = wb.transcripts.import_files([write(tmp_path / "in" / "FG.txt", GROUP)])
    assert not report.failed
    wb.drafts.keep("note", "transcript:FG", {"text": f"P01 said {SENTINEL}"})
    wb.drafts.keep("journal", "project", {"text": "my own thoughts"})
    wb.participants.withdraw("P01")
    assert wb.drafts.get("note", "transcript:FG") is None  # the group transcript stays
    journal = wb.drafts.get("journal", "project")
    assert journal is not None and journal.content == {"text": "my own thoughts"}
