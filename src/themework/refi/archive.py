"""Opening a ``.qdpx`` (a zip) without trusting it.

Nothing is extracted to disk: members are read into memory, and only after the zip's
directory has been checked: no absolute paths, ``..`` parts or drive letters (zip-slip), no
symbolic links, no more than ``MAX_MEMBERS`` members, ``MAX_TOTAL`` bytes unpacked in all,
and no member that unpacks to more than ``MAX_RATIO`` times its packed size (a zip bomb).
Reading stops at the declared size, so a directory that lies about sizes gains nothing.
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from themework.domain.errors import InputError

MAX_TOTAL = 2 * 1024**3  # unpacked bytes in all: ten times the largest real project seen
MAX_RATIO = 200  # text and XML pack 3-20 times; a bomb packs thousands of times
RATIO_FROM = 1024**2  # small members may pack better than that (a run of blank lines)
MAX_MEMBERS = 200_000


class Archive:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self._zip = zipfile.ZipFile(self.path)
        except FileNotFoundError:
            raise InputError("file not found", file=path) from None
        except (zipfile.BadZipFile, OSError):
            raise InputError("not a .qdpx file (not a readable zip archive)", file=path) from None
        self._names = self._check()

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError(f"refused: {len(infos)} members (at most {MAX_MEMBERS})",
                             file=self.path)
        total = 0
        names: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename.replace("\\", "/")
            parts = PurePosixPath(name).parts
            if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in parts:
                raise InputError(
                    f"refused: member {name!r} would be written outside the project "
                    "(an absolute path or '..')", file=self.path,
                )
            if stat.S_ISLNK(info.external_attr >> 16):
                raise InputError(f"refused: member {name!r} is a symbolic link", file=self.path)
            total += info.file_size
            if total > MAX_TOTAL:
                raise InputError(
                    f"refused: unpacks to more than {MAX_TOTAL // 1024**2} MB", file=self.path
                )
            if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                ratio = info.file_size // max(info.compress_size, 1)
                raise InputError(
                    f"refused: member {name!r} unpacks to {ratio} times its packed size "
                    "(a zip bomb?)", file=self.path,
                )
            if not info.is_dir():
                names[name.casefold()] = info
        return names

    def read(self, info: zipfile.ZipInfo) -> bytes:
        try:
            with self._zip.open(info) as f:
                data = f.read(info.file_size + 1)
        except (
            zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError
        ) as exc:  # zlib.error: a damaged deflate stream, passed through by zipfile
            raise InputError(
                f"member {info.filename!r} cannot be read ({type(exc).__name__})", file=self.path
            ) from None
        if len(data) > info.file_size:
            raise InputError(
                f"refused: member {info.filename!r} is larger than the zip says", file=self.path
            )
        return data

    def project_file(self) -> tuple[str, bytes]:
        """``project.qde``, else the one ``<name>.qde`` at the top (ATLAS.ti 26 names it
        after the project)."""
        top = [i for key, i in self._names.items() if "/" not in key and key.endswith(".qde")]
        chosen = next((i for i in top if i.filename.casefold() == "project.qde"), None)
        if chosen is None and len(top) == 1:
            chosen = top[0]
        if chosen is None:
            found = "no .qde file" if not top else f"{len(top)} .qde files"
            raise InputError(f"not a REFI-QDA project: {found} at the top of the archive",
                             file=self.path)
        return chosen.filename, self.read(chosen)

    def source(self, ref: str) -> bytes | None:
        """A file named by ``internal://NAME`` (or a bare name): under ``sources/`` or
        ``Sources/`` (any case), or at the top."""
        name = ref.split("://", 1)[1] if "://" in ref else ref
        name = name.replace("\\", "/").lstrip("/")
        for candidate in (f"sources/{name}", name):
            info = self._names.get(candidate.casefold())
            if info is not None:
                return self.read(info)
        return None
