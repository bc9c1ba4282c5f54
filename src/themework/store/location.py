"""Where a project lives: a SQLite file path or a database URL.

No SQLAlchemy here: ``themework --help`` and error paths resolve locations cheaply.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from themework.domain.errors import ProjectError

SUFFIX = ".themework"
ENV_VAR = "THEMEWORK_PROJECT"
_URL = re.compile(r"^[a-z][a-z0-9+]*://", re.I)


@dataclass(frozen=True)
class Location:
    url: str
    path: Path | None  # set for a SQLite file

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None

    def display(self) -> str:
        """The location without any password, for messages and logs."""
        return str(self.path) if self.path is not None else redact_url(self.url)


def redact_url(url: str) -> str:
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def from_string(value: str) -> Location:
    if _URL.match(value):
        if value.startswith("sqlite"):
            raw = value.split(":///", 1)[-1]
            path = Path(raw).expanduser().resolve()
            return Location(f"sqlite:///{path}", path)
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value[len("postgresql://") :]
        return Location(value, None)
    path = Path(value).expanduser().resolve()
    return Location(f"sqlite:///{path}", path)


def resolve(explicit: str | None, cwd: Path | None = None) -> Location:
    """``--project``, then ``THEMEWORK_PROJECT``, then the one ``*.themework`` file here."""
    if explicit:
        return from_string(explicit)
    env = os.environ.get(ENV_VAR)
    if env:
        return from_string(env)
    here = cwd or Path.cwd()
    found = sorted(here.glob(f"*{SUFFIX}"))
    if len(found) == 1:
        return from_string(str(found[0]))
    if not found:
        raise ProjectError(
            f"no project given and no *{SUFFIX} file in {here}: create one with "
            f"'themework init NAME{SUFFIX}', or name one with --project/-p or {ENV_VAR}"
        )
    names = ", ".join(p.name for p in found)
    raise ProjectError(f"several projects in {here} ({names}): choose one with --project/-p")
