"""Blind (independent) coding as the project records it.

A team that wants independent coding says so once for the project (``themework project blind
on``); from then on every coder's session hides the other coders' codings and counts, as
``--blind`` does for one session. The project keeps each switch on and off with its time and
who made it, so the report can say of the codings themselves whether they were made blind:
a coding made while the switch was on was made without seeing anyone else's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

__all__ = ["BLIND_KEY", "BlindCoding", "BlindSwitch", "blind_record"]

BLIND_KEY = "blind_coding"  # in the project's settings: the list of switches


@dataclass(frozen=True)
class BlindSwitch:
    on: bool
    at: datetime
    by: str


@dataclass(frozen=True)
class BlindCoding:
    """Every switch of blind coding, oldest first; ``on`` is the current state."""

    switches: tuple[BlindSwitch, ...] = ()

    @property
    def on(self) -> bool:
        return bool(self.switches) and self.switches[-1].on

    @property
    def recorded(self) -> bool:
        return bool(self.switches)

    @property
    def since(self) -> datetime | None:
        """When the current blind period began (None when blind coding is off)."""
        return self.switches[-1].at if self.on else None

    def blind_at(self, when: datetime) -> bool:
        """Whether a coding made at ``when`` was made blind."""
        when = _utc(when)
        state = False
        for switch in self.switches:
            if _utc(switch.at) > when:
                break
            state = switch.on
        return state

    def before_first(self, when: datetime) -> bool:
        """Whether a coding made at ``when`` came before anything was recorded."""
        return not self.switches or _utc(when) < _utc(self.switches[0].at)

    def count_blind(self, times: Iterable[datetime]) -> tuple[int, int]:
        """(made blind, in all) over the codings made at ``times``."""
        made = [self.blind_at(t) for t in times]
        return sum(made), len(made)

    def raw(self) -> list[dict[str, Any]]:
        """The settings' form: JSON values."""
        return [{"on": s.on, "at": s.at.isoformat(), "by": s.by} for s in self.switches]


def blind_record(settings: Mapping[str, Any] | None) -> BlindCoding:
    """The record in a project's settings (an empty one when blind coding was never set)."""
    switches = []
    for entry in (settings or {}).get(BLIND_KEY) or ():
        try:
            at = datetime.fromisoformat(str(entry["at"]))
        except (KeyError, TypeError, ValueError):
            continue  # an entry not written by themework: it proves nothing
        switches.append(BlindSwitch(bool(entry.get("on")), at, str(entry.get("by", ""))))
    return BlindCoding(tuple(sorted(switches, key=lambda s: s.at)))


def _utc(when: datetime) -> datetime:
    """SQLite gives back times without their zone; themework writes them in UTC."""
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when
