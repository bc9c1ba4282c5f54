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


_SECRET_PARAM = re.compile(r"^(?:password|passwd|pwd|sslpassword)$", re.I)


def redact_url(url: str) -> str:
    """The URL with any password (in the user part or the query) replaced by ``***``.

    Errs on the side of hiding: the user part ends at the last ``@`` before the query, so
    an unencoded ``@``, ``:`` or ``/`` in a password is hidden too.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    main, qsep, query = rest.partition("?")
    at = main.rfind("@")
    if at >= 0:
        user, colon, _password = main[:at].partition(":")
        main = (f"{user}:***" if colon else user) + main[at:]
    if qsep:
        params = []
        for param in query.split("&"):
            key, eq, _value = param.partition("=")
            params.append(f"{key}=***" if eq and _SECRET_PARAM.match(key.strip()) else param)
        query = "&".join(params)
    return f"{scheme}://{main}{qsep}{query}"


def from_string(value: str) -> Location:
    if _URL.match(value):
        if value.startswith("sqlite"):
            raw = value.split(":///", 1)[-1]
            path = Path(raw).expanduser().resolve()
            return Location(f"sqlite:///{path}", path)
        for plain in ("postgresql://", "postgres://"):  # psycopg 3 is the driver we ship
            if value.startswith(plain):
                value = "postgresql+psycopg://" + value[len(plain) :]
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
