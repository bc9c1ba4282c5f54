"""Coding stripes' pure logic: which codes cover which lines, columns, and +N."""

from __future__ import annotations

from themework.domain.stripes import (
    CELL,
    GAP,
    MORE,
    Cover,
    Span,
    by_line,
    cells,
    lay_out,
    on_segment,
)

STARTS = [0, 10, 20, 30]  # four lines of 9 characters and a newline each


def test_a_span_covers_each_line_it_reaches_in_that_lines_columns() -> None:
    rows = by_line([Span("a", 5, 25, memo=True), Span("b", 30, 33, suggested=True)], STARTS)
    assert rows == {
        0: (Cover("a", 5, 10, memo=True),),
        1: (Cover("a", 0, 10),),  # the memo mark stays where the coding starts
        2: (Cover("a", 0, 5),),
        3: (Cover("b", 0, 3, suggested=True),),
    }


def test_an_empty_span_covers_nothing() -> None:
    assert by_line([Span("a", 4, 4)], STARTS) == {}


def test_a_wrapped_part_shows_only_the_covers_reaching_it() -> None:
    covers = [Cover("a", 0, 4, memo=True), Cover("b", 6, 20, memo=True)]
    assert [c.code for c in on_segment(covers, 0, 5)] == ["a"]
    later = on_segment(covers, 10, None)
    assert [(c.code, c.memo) for c in later] == [("b", False)]  # b started on the part before


def test_every_code_gets_a_column_in_codebook_order_suggestions_apart() -> None:
    lines = [[Cover("b", 0, 3)], [Cover("a", 0, 3), Cover("a", 0, 3, suggested=True)]]
    layout = lay_out(lines, width=40, order={"a": 0, "b": 1})
    assert [(c.code, c.suggested, c.x) for c in layout.columns] == [
        ("a", False, 0), ("b", False, CELL), ("a", True, 2 * CELL + GAP)
    ]
    assert layout.columns[0].glyph != layout.columns[1].glyph
    assert layout.columns[2].glyph == "?"
    assert layout.hidden == () and layout.more_x is None


def test_codes_that_do_not_fit_are_counted_never_dropped() -> None:
    codes = [f"c{i}" for i in range(8)]
    lines = [[Cover(c, 0, 1) for c in codes], [Cover("c7", 0, 1)]]
    width = 3 * CELL + MORE
    layout = lay_out(lines, width, order={c: i for i, c in enumerate(codes)}, prefer=["c5"])
    shown = [c.code for c in layout.columns]
    # the cursor's code and the one covering most lines keep a column
    assert "c5" in shown and "c7" in shown and len(shown) == 3
    assert len(layout.hidden) == 5 and layout.more_x == 3 * CELL
    row = cells(layout, lines[0])
    assert row[-1].text == "+5" and row[-1].code is None
    assert [c.code for c in cells(layout, lines[1])] == ["c7"]  # nothing hidden on that line


def test_codings_keep_their_columns_before_suggestions() -> None:
    lines = [[Cover("a", 0, 1), Cover("b", 0, 1, suggested=True), Cover("c", 0, 1),
              Cover("d", 0, 1, suggested=True)]]
    layout = lay_out(lines, width=2 * CELL + MORE, order={})
    assert {(c.code, c.suggested) for c in layout.columns} == {("a", False), ("c", False)}
    assert layout.hidden == (("b", True), ("d", True))
    assert cells(layout, lines[0])[-1].text == "+2"


def test_a_coding_with_a_memo_is_marked_where_it_starts() -> None:
    layout = lay_out([[Cover("a", 0, 1, memo=True)]], width=10, order={})
    assert cells(layout, [Cover("a", 0, 1, memo=True)])[0].text.endswith("*")
    assert not cells(layout, [Cover("a", 0, 1)])[0].text.endswith("*")
