"""Files the front ends write for a user: reports, exports, pseudonymised transcripts.

Plain Python (no SQLAlchemy), so a CLI command or a TUI screen can import it cheaply.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

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
        raise _could_not_write(path, exc) from None


def _could_not_write(path: Path, exc: OSError) -> InputError:
    return InputError(f"could not write {path}: {exc.strerror or type(exc).__name__}")


def _open_private(path: Path) -> tuple[Path, int]:
    """A temporary file beside ``path``, owner-only from its creation."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, 0o600)  # a stale temporary file may have had another mode
    return tmp, fd


def _write_atomically(path: Path, text: str | bytes) -> None:
    with _replacing(path, binary=True) as fh:
        fh.write(text.encode("utf-8") if isinstance(text, str) else text)


@contextmanager
def private_writer(path: Path) -> Iterator[TextIO]:
    """A UTF-8 text file to write a large export into line by line, with ``write_private``'s
    promises: owner-only from the start, and in place only once it is whole."""
    with _replacing(Path(path), binary=False, say_unwritable=True) as fh:
        yield fh


@contextmanager
def _replacing(path: Path, *, binary: bool, say_unwritable: bool = False) -> Iterator[Any]:
    """An owner-only temporary file beside ``path`` that replaces it once written whole and
    synced, and is removed if anything fails. With ``say_unwritable`` a file that cannot be
    created is the one-line ``InputError``; later errors are the writer's to report."""
    try:
        tmp, fd = _open_private(path)
    except OSError as exc:
        if say_unwritable:
            raise _could_not_write(path, exc) from None
        raise
    try:
        with os.fdopen(fd, "wb") if binary else os.fdopen(
            fd, "w", encoding="utf-8", newline=""
        ) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
