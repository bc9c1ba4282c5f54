"""A theme is found by its id, its name, or its name written as an id; after a rename the
new name's slug works, and where a reference could mean two themes the one taken is named."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from themework.domain.errors import NotFound
from themework.services.workbench import Workbench
from themework.store.location import from_string


def test_a_renamed_theme_answers_to_its_new_slug(wb: Workbench) -> None:
    wb.themes.create("Being there")
    wb.themes.rename("being-there", "On their terms")
    for ref in ("being-there", "On their terms", "on-their-terms", " ON THEIR TERMS "):
        assert wb.themes.get(ref).id == "being-there", ref
    assert wb.themes.meant("being-there") is None  # its id: plain
    assert wb.themes.meant("On their terms") is None  # its name: plain
    assert wb.themes.meant("on-their-terms") == (
        "'on-their-terms' is the name of theme being-there (On their terms)"
    )
    with pytest.raises(NotFound):
        wb.themes.get("on-their-turf")


def test_a_reference_two_themes_answer_to_takes_the_id_and_says_so(wb: Workbench) -> None:
    wb.themes.create("Being there")
    wb.themes.rename("being-there", "On their terms")
    wb.themes.create("Being there")  # a new theme with the old name: id being-there-2
    assert wb.themes.get("being-there").name == "On their terms"
    assert wb.themes.get("Being there").id == "being-there-2"
    assert wb.themes.meant("being-there") == (
        "'being-there' is the id of theme being-there (On their terms); it also names "
        "being-there-2 (Being there): give that one's id to mean it"
    )


def test_theme_show_names_the_theme_it_took(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from themework.cli import main

    path = tmp_path / "study.themework"
    with Workbench.init(from_string(str(path)), name="t", approach="codebook") as wb:
        wb.themes.create("Being there")
        wb.themes.rename("being-there", "On their terms")
    monkeypatch.setattr(sys, "argv", ["themework", "-p", str(path), "theme", "show",
                                      "on-their-terms"])
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(SystemExit) as done:
        main.run()
    out, err = capsys.readouterr()
    assert not done.value.code, err
    assert out.startswith("On their terms (being-there)")
    assert "note: 'on-their-terms' is the name of theme being-there (On their terms)" in err
