"""Pausing the cyclic garbage collector around bulk work."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector while many small objects are built.

    A collection walks every object the process holds, and building 60,000 turn rows or
    50,000 coded spans set one off every few hundred allocations: a fifth of an import and
    a third of a prevalence table. Reference counting still frees everything that is not a
    cycle; the collector runs as before once the block ends. Also a decorator.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


# Full collections once per this many collections of the middle generation (Python's
# default is 10).
OLDEST_EVERY = 100


def collect_oldest_rarely() -> None:
    """Collect the oldest generation ten times more rarely, for a long interactive session.

    The workbench holds a large heap (50,000 coded spans cached, a transcript's turns, each
    screen's widgets), and a full collection walks all of it: at 1,000 transcripts each
    took a few tenths of a second, and one landed in most first visits of a screen (the
    Report screen's, the Define screen's). Reference counting frees everything that is not a
    cycle as before; cyclic garbage waits a little longer.
    """
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, OLDEST_EVERY)


# The youngest generation's threshold while a command starts (Python's default is 700).
# Importing SQLAlchemy, the models and the services builds some 110,000 objects that live
# as long as the process; collecting every 700 of them walked them again and again (with
# ``start_up_ends``, 0.07 G fewer instructions of the 2.2 G that ``themework info`` takes).
START_UP_YOUNG = 200_000
_before_start_up: tuple[int, int, int] | None = None


def start_up_begins() -> None:
    """Collect rarely until ``start_up_ends``: the command line's start-up builds mostly
    long-lived objects (modules, classes, mapped tables), so collecting is wasted work. The
    collector still runs (every START_UP_YOUNG allocations): a command that never reaches
    ``start_up_ends`` keeps collecting its cycles."""
    global _before_start_up
    if _before_start_up is None:
        _before_start_up = gc.get_threshold()
        gc.set_threshold(START_UP_YOUNG, *_before_start_up[1:])


def start_up_ends() -> None:
    """The thresholds as they were before ``start_up_begins``: the command's own work
    begins (the project is open). Does nothing when start-up was not begun or has ended."""
    global _before_start_up
    if _before_start_up is not None:
        # What start-up built goes straight to the oldest generation, unexamined (through
        # the permanent one): else the first young collection walked all of it at once.
        gc.freeze()
        gc.unfreeze()
        gc.set_threshold(*_before_start_up)
        _before_start_up = None
