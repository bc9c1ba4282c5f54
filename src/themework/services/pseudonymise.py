"""Pseudonymised copies of transcript files: the same person gets the same pseudonym in every
file of a study ([Person 1], [School A]), through a key the researcher keeps outside the
project. The originals are never changed.

Works on files, before anything is stored, so it needs no project.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path

from themework.domain.errors import InputError


@dataclass(frozen=True)
class Pseudonymised:
    files: tuple[Path, ...]  # written, in the order given
    entries: int  # in the key, after this run


def pseudonymise_files(
    paths: list[Path],
    key: Path,
    out: Path,
    *,
    here: Path | None = None,
    wrote: Callable[[Path], None] | None = None,
) -> Pseudonymised:
    """Write a pseudonymised copy of each file of ``paths`` into ``out``, then the key.

    ``key`` (YAML, real name to pseudonym) is read if it exists, extended, and written back
    owner-only; it is refused inside a project folder (``here``, the working folder by
    default, holding a ``*.themework`` project), where it would travel with the project.
    ``wrote`` hears of each file as it is written: a refused file stops the run after the
    files before it, and the key is then left as it was.
    """
    import yaml

    from themework.ingest import read_transcript
    from themework.ingest.decode import decode_bytes
    from themework.nlp.identifiers import check
    from themework.nlp.identifiers import pseudonymise as replace
    from themework.services.files import write_private

    key_path = key.resolve()
    here = (here or Path.cwd()).resolve()
    if list(here.glob("*.themework")) and (key_path.parent == here or here in key_path.parents):
        raise InputError(
            f"{key}: the key links pseudonyms to real names; keep it outside the "
            "project folder (and out of git)"
        )
    if not key_path.parent.is_dir():
        # Checked first: pseudonymised files without their key could never be linked back.
        raise InputError(f"could not write {key}: No such file or directory")
    mapping = _read_key(key, key_path)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for path in paths:
        if out.resolve() == path.resolve().parent:
            raise InputError("write the pseudonymised files to another folder than the originals")
        read_transcript(path)  # refuses unreadable files with their usual message
        if path.suffix.lower() == ".docx":
            raise InputError(
                f"{path}: save it as .txt first (pseudonymising .docx in place is not supported)"
            )
        text = decode_bytes(path.read_bytes(), path)
        new_text, mapping = replace(text, check(text), mapping)
        target = out / path.name
        write_private(target, new_text)
        written.append(target)
        if wrote is not None:
            wrote(target)
    write_private(
        key_path, yaml.safe_dump(dict(sorted(mapping.items())), allow_unicode=True, sort_keys=False)
    )
    return Pseudonymised(tuple(written), len(mapping))


def _read_key(key: Path, key_path: Path) -> MutableMapping[str, str]:
    """The key's mapping of real names to pseudonyms; empty when there is no key yet."""
    from themework.domain.yamlfile import load as load_yaml
    from themework.ingest.decode import decode_bytes

    if not key_path.exists():
        return {}
    loaded = load_yaml(decode_bytes(key_path.read_bytes(), key_path, what="a key (YAML)"),
                       key_path) or {}
    if not isinstance(loaded, dict):
        raise InputError(f"{key}: a key maps real names to pseudonyms")
    return {str(k): str(v) for k, v in loaded.items()}
