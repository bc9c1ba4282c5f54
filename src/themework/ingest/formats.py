"""The registry of transcript formats: which suffixes are read, by which reader, and which
a folder import picks up.

A new format is one reader module that calls ``register`` once; ``read_transcript``, the
import of a folder and ``check-identifiers`` all ask this registry, so the suffixes are
listed nowhere else. ``themework.ingest`` imports every reader module, so the registry is
full whichever ingest module is imported first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from themework.domain.text import ParsedTranscript

# (path, default speaker for unlabelled cues) -> parsed transcript
Reader = Callable[[Path, str | None], ParsedTranscript]


@dataclass(frozen=True)
class Format:
    read: Reader
    suffixes: tuple[str, ...]  # read when a file is named, lower case with the dot
    in_folders: tuple[str, ...]  # of those, the ones a folder import picks up


_BY_SUFFIX: dict[str, Format] = {}
_FORMATS: list[Format] = []


def register(
    read: Reader, suffixes: Iterable[str], *, in_folders: Iterable[str] | None = None
) -> None:
    """Register a reader for ``suffixes``; a folder picks up ``in_folders`` (all by default)."""
    named = tuple(s.lower() for s in suffixes)
    picked = named if in_folders is None else tuple(s.lower() for s in in_folders)
    assert set(picked) <= set(named), "a folder can only pick up suffixes that are read"
    taken = [s for s in named if s in _BY_SUFFIX]
    assert not taken, f"suffixes registered twice: {taken}"
    fmt = Format(read, named, picked)
    _FORMATS.append(fmt)
    _BY_SUFFIX.update(dict.fromkeys(named, fmt))


def reader_for(suffix: str) -> Reader | None:
    fmt = _BY_SUFFIX.get(suffix.lower())
    return fmt.read if fmt is not None else None


def supported_suffixes() -> frozenset[str]:
    return frozenset(_BY_SUFFIX)


def folder_suffixes() -> tuple[str, ...]:
    """The suffixes a folder import picks up, in registration order."""
    return tuple(s for fmt in _FORMATS for s in fmt.in_folders)


def expected_formats() -> str:
    """".txt, .docx, .vtt or .srt": what a refusal of an unknown suffix names."""
    shown = folder_suffixes()
    return ", ".join(shown[:-1]) + " or " + shown[-1] if len(shown) > 1 else "".join(shown)


def transcript_files(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the transcripts in folders named (import, check-identifiers)."""
    picked = frozenset(folder_suffixes())
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            # A folder holds transcripts next to READMEs, CSVs and notes: take only the
            # transcript formats (a file named on its own is read whatever its suffix).
            files += sorted(
                f
                for f in p.iterdir()
                if f.is_file()
                and f.suffix.lower() in picked
                and not f.name.startswith((".", "~$"))
            )
        else:
            files.append(p)
    return files
