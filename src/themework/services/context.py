"""What every service is built from: the store and who is working.

``Workbench`` builds one context and hands it to each service it makes; a service that needs
another service gets it in its constructor. Services reach neither the ``Workbench`` nor each
other through it.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from themework.store import backup as backups
from themework.store.engine import Store
from themework.store.repos.coders import coder_made, coder_named
from themework.store.repos.project import default_coder

CODER_ENV = "THEMEWORK_CODER"


@dataclass(eq=False)
class ServiceContext:
    store: Store
    coder: str | None = None  # the coder named when the project was opened, if any
    last_backup: Path | None = None

    def coder_name(self, session: Session) -> str:
        """Who records changes: the coder named on opening, else THEMEWORK_CODER, else the
        project's default coder, else the database or login user."""
        if self.coder:
            return self.coder
        env = os.environ.get(CODER_ENV)
        if env:
            return env
        default = default_coder(session)
        if default:
            return default
        if self.store.dialect == "postgresql":
            user = self.store.engine.url.username
            if user:
                return user
        try:
            return getpass.getuser()
        except Exception:  # no login name in some containers
            return "coder"

    def coder_id(self, session: Session, name: str | None = None) -> int:
        """The coder's id, created on first use."""
        name = name or self.coder_name(session)
        found = coder_named(session, name)
        if found is not None:
            return found
        from themework.services.audit import now

        return coder_made(session, name, now())

    def backup(self, reason: str) -> Path | None:
        self.store.refuse_if_read_only()  # the copy goes beside the project
        self.last_backup = backups.make_backup(self.store.engine, self.store.location.path, reason)
        return self.last_backup
