"""Work for forked worker processes, sent a few parcels at a time, outcomes back in order.

``Executor.map`` sends every item at once and keeps what the workers return until the
caller reaches it: when workers prepare faster than the caller stores, that was every
prepared file of an import in memory at once (320 MB for 10,000 transcripts). Here at
most ``ahead`` parcels are out or waiting; one goes out as one comes back.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

T = TypeVar("T")
R = TypeVar("R")


def in_parcels(
    pool: Executor,
    fn: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    size: int,
    ahead: int,
) -> Iterator[R]:
    """``fn`` over parcels of ``size`` items, its outcomes one by one in order. The first
    parcels are sent now (so a pool that cannot start fails here, not while iterating)."""
    parcels = (items[i : i + size] for i in range(0, len(items), size))
    pending = deque(pool.submit(fn, parcel) for parcel in islice(parcels, ahead))
    return _in_order(pool, fn, pending, parcels)


def _in_order(
    pool: Executor,
    fn: Callable[[Sequence[T]], list[R]],
    pending: deque[Future[list[R]]],
    parcels: Iterator[Sequence[T]],
) -> Iterator[R]:
    while pending:
        outcomes = pending.popleft().result()
        more = next(parcels, None)
        if more is not None:
            pending.append(pool.submit(fn, more))
        yield from outcomes
