"""Files the front ends write for a user: reports, exports, pseudonymised transcripts.

Plain Python (no SQLAlchemy), so a CLI command or a TUI screen can import it cheaply.
"""

from __future__ import annotations

import os
from pathlib import Path

from themework.domain.errors import InputError


def write_private(path: Path, text: str | bytes) -> None:
    """Write ``text`` (UTF-8) or bytes to ``path`` atomically, readable by the owner only.

    What these files hold quotes participants: it must never be readable by others, not even
    for the moment between creating and renaming the file, and a crash must leave either the
    old file or the new one, never half of it.

    A file that cannot be written (a missing folder, no permission, a full disk) is an
    ``InputError`` naming the path and the reason only, never the text, so every command and
    screen that writes reports it as one line.
    """
    path = Path(path)
    try:
        _write_atomically(path, text)
    except OSError as exc:
        raise InputError(
            f"could not write {path}: {exc.strerror or type(exc).__name__}"
        ) from None


def _write_atomically(path: Path, text: str | bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)  # a stale temporary file may have had another mode
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8") if isinstance(text, str) else text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
