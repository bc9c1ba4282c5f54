"""``exclusive: true`` (a parent whose children are one set of categories) survives a merge;
sides that disagree about it are a conflict in the account, never settled silently."""

from __future__ import annotations

from merge_helpers import cb, codes, merge

from themework.domain.codebook import CodebookDoc
from themework.merge import Conflict, render_report


def _tone(exclusive: bool, title: str = "Tone") -> CodebookDoc:
    flag = "\n            exclusive: true" if exclusive else ""
    return cb(f"""
        codebook: {title}
        codes:
          - name: Tone
            id: tone{flag}
            children:
              - name: Hopeful
                id: hopeful
              - name: Resigned
                id: resigned
          - name: Trust
            id: trust
    """)


def test_an_exclusive_set_both_sides_declare_stays_exclusive() -> None:
    result = merge(_tone(True), _tone(True))
    assert codes(result.doc)["Tone"].exclusive
    assert not codes(result.doc)["Trust"].exclusive
    assert result.conflicts == ()


def test_an_exclusive_set_only_one_side_has_is_carried() -> None:
    """A code only one file has keeps its set: the merged file must not lose it."""
    other = cb("""
        codebook: Other
        codes:
          - name: Trust
            id: trust
    """)
    assert codes(merge(other, _tone(True)).doc)["Tone"].exclusive


def test_one_side_exclusive_the_other_not_is_a_conflict_in_the_report() -> None:
    result = merge(_tone(False), _tone(True))
    assert not codes(result.doc)["Tone"].exclusive  # the first side, as with any field
    (conflict,) = [c for c in result.conflicts if c.field == "exclusive"]
    assert conflict == Conflict(
        item="code",
        field="exclusive",
        code="tone",
        name="Tone",
        values=(("a.yaml", "false"), ("b.yaml", "true")),
        choices=("a.yaml", "b.yaml"),
        chosen="a.yaml",
        resolution="kept the value from a.yaml (the first side)",
    )
    assert "exclusive" in render_report(result)


def test_deciding_for_the_exclusive_side_makes_the_set_exclusive() -> None:
    def decide(item: object) -> str:
        assert isinstance(item, Conflict)
        return "b.yaml" if item.field == "exclusive" else item.chosen

    result = merge(_tone(False), _tone(True), decide=decide)
    assert codes(result.doc)["Tone"].exclusive


def test_three_way_a_side_that_made_a_set_exclusive_wins_without_conflict() -> None:
    result = merge(_tone(False), _tone(True), base=_tone(False))
    assert codes(result.doc)["Tone"].exclusive
    assert [c for c in result.conflicts if c.field == "exclusive"] == []
