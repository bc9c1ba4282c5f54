"""Coded extracts as mapped rows, for the services that change them: one by id, the
codings of a code, which ids exist. (Plain rows for reading many: ``extract_rows``.)"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from themework.domain.ids import in_range
from themework.store.models import Coding


def coding_entity(s: Session, coding_id: int) -> Coding | None:
    """The mapped coding with this id, if there is one."""
    return s.get(Coding, coding_id) if in_range(coding_id) else None


def existing_coding_ids(s: Session, ids: Iterable[int]) -> set[int]:
    """Which of ``ids`` name a coding (ids out of the database's range name none)."""
    wanted = [i for i in ids if in_range(i)]
    return set(s.scalars(select(Coding.id).where(Coding.id.in_(wanted)))) if wanted else set()


def codings_of_code(s: Session, code_id: int, *, lock: bool = False) -> list[Coding]:
    """Every coding of a code, by id; ``lock``: held until the transaction ends, so that
    an undo deleting one of them waits (or is seen to have happened)."""
    q = select(Coding).where(Coding.code_id == code_id).order_by(Coding.id)
    if lock:
        q = q.with_for_update()
    return list(s.scalars(q))


def drop_coding(s: Session, coding: Coding) -> None:
    """Delete a coding when the session next flushes."""
    s.delete(coding)
