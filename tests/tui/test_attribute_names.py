"""The attribute names prevalence can be grouped by (offered by the Review and Report
screens), read without gathering each participant's transcripts."""

from __future__ import annotations

from themework.services.workbench import Workbench


def test_attribute_names_are_every_participants_sorted(demo_wb: Workbench) -> None:
    people = demo_wb.participants.list()
    assert people
    expected = tuple(sorted({a for p in people for a in p.attributes}))
    assert expected  # the demo's participants have attributes
    assert demo_wb.participants.attribute_names() == expected

    demo_wb.participants.set(people[0].pseudonym, {"cohort": "2024"})
    assert demo_wb.participants.attribute_names() == tuple(sorted({*expected, "cohort"}))
