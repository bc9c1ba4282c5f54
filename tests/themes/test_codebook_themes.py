"""Themes kept in the codebook YAML: loaded as candidate themes, dumped back unchanged."""

from __future__ import annotations

from pathlib import Path

import yaml

from support import CODEBOOK, write
from themework.services.workbench import Workbench

BOOK = """\
codebook: Small book
codes:
  - name: Turning up
    id: turning-up
    definition: Being there when promised.
  - name: Honesty
    id: honesty
    definition: Telling the truth.
    children:
      - name: Privacy
        id: privacy
        definition: What stays private.
themes:
  - name: Relationship
    id: relationship
    definition: Trust is a relationship.
    central_concept: The relationship is the intervention.
    scope: Not the rules.
    codes: [turning-up, Honesty]
    children:
      - name: Keeping secrets
        id: keeping-secrets
        codes: [privacy]
"""


def test_themes_in_the_codebook_load_as_candidates_and_dump_back(
    wb: Workbench, tmp_path: Path
) -> None:
    path = write(tmp_path / "book.yaml", BOOK)
    report = wb.codebook.load(path)
    assert report.themes_added == ("Relationship", "Keeping secrets")
    themes = {t.id: t for t in wb.themes.list()}
    rel, sub = themes["relationship"], themes["keeping-secrets"]
    assert rel.status == "candidate" and sub.status == "candidate"
    assert rel.codes == ("turning-up", "honesty")  # a name in the file becomes the code's id
    assert (rel.definition, rel.central_concept, rel.scope) == (
        "Trust is a relationship.", "The relationship is the intervention.", "Not the rules.",
    )
    assert sub.parent == "relationship" and sub.codes == ("privacy",) and rel.children == (
        "keeping-secrets",
    )

    dumped = wb.codebook.dump()
    doc = yaml.safe_load(dumped)
    assert doc["themes"] == [
        {
            "name": "Relationship", "id": "relationship",
            "definition": "Trust is a relationship.",
            "central_concept": "The relationship is the intervention.",
            "scope": "Not the rules.",
            "codes": ["turning-up", "honesty"],
            "children": [
                {"name": "Keeping secrets", "id": "keeping-secrets", "codes": ["privacy"]}
            ],
        }
    ]
    assert wb.codebook.dump() == dumped  # same project, same bytes
    again = wb.codebook.load(write(tmp_path / "dumped.yaml", dumped))
    assert again.unchanged

    # A theme made in the project goes into the next dump; a discarded one leaves it.
    wb.themes.create("Presence", codes=["Turning up"])
    wb.themes.discard("Keeping secrets")
    names = [t["name"] for t in yaml.safe_load(wb.codebook.dump())["themes"]]
    assert names == ["Relationship", "Presence"]
    assert "Keeping secrets" not in wb.codebook.dump()


def test_the_sample_codebook_brings_its_four_themes(wb: Workbench) -> None:
    wb.codebook.load(CODEBOOK)
    themes = wb.themes.list()
    assert [t.name for t in themes] == [
        "Relationship-based practice", "Ethically grounded approach", "Child-centred practice",
        "Skilled and knowledgeable practice",
    ]
    assert all(t.status == "candidate" and t.codes for t in themes)
    assert wb.themes.unthemed_codes() == []
