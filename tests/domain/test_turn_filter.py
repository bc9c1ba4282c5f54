"""The filtered reader's derived text keeps every offset true to the transcript."""

from __future__ import annotations

from themework.domain.turn_filter import TurnRange, crosses_hidden, keep_turns, turns_carrying

TEXT = "I: one\nP: two two\n\nI: three\nP: four\nmore four\n"
TURNS = [TurnRange(1, 0, 6), TurnRange(2, 7, 17), TurnRange(3, 19, 27),
         TurnRange(4, 28, 45)]


def test_the_turns_a_code_reaches() -> None:
    assert turns_carrying(TURNS, [(10, 12), (40, 41)]) == [2, 4]
    assert turns_carrying(TURNS, [(3, 20)]) == [1, 2, 3]  # a span over several turns
    assert turns_carrying(TURNS, []) == []


def test_shown_lines_map_back_to_real_offsets() -> None:
    view = keep_turns(TEXT, TURNS, [2, 4])
    assert view.text == "P: two two\nP: four\nmore four"
    assert view.turns == (2, 4)
    for i, line in enumerate(view.text.split("\n")):
        start = view.line_starts[i]
        assert TEXT[start:start + len(line)] == line  # every shown line is the real one


def test_a_span_across_hidden_turns_is_caught() -> None:
    view = keep_turns(TEXT, TURNS, [2, 4])
    assert not crosses_hidden(view, 10, 13)  # inside turn 2
    assert not crosses_hidden(view, 31, 42)  # turn 4's two lines, next to each other
    assert crosses_hidden(view, 10, 32)  # from turn 2 into turn 4 over turn 3
    assert crosses_hidden(view, 20, 22)  # inside a hidden turn


def test_a_mark_running_in_from_a_hidden_turn_is_clipped_to_what_shows() -> None:
    from themework.domain.turn_filter import clip

    view = keep_turns(TEXT, TURNS, [2, 4])
    assert clip(view, 10, 13) == (10, 13)
    assert clip(view, 20, 32) == (28, 32)  # from hidden turn 3 into turn 4
    assert clip(view, 12, 22) == (12, 17)  # from turn 2 into hidden turn 3
    assert clip(view, 19, 26) is None  # wholly hidden
