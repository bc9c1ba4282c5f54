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
