"""The CSV side files of an import: participant attributes and the speaker map."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from themework.domain.errors import InputError
from themework.domain.text import clean_label, name_key

ROLE_WORDS = {
    "interviewer": "interviewer",
    "int": "interviewer",
    "i": "interviewer",
    "researcher": "interviewer",
    "facilitator": "facilitator",
    "moderator": "facilitator",
    "note-taker": "facilitator",
    "notetaker": "facilitator",
}
_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}


@dataclass(frozen=True)
class ParticipantRow:
    pseudonym: str
    attributes: dict[str, str]
    quote_consent: bool
    line: int


def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    from themework.ingest.decode import decode_bytes

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=path) from None
    text = decode_bytes(data, path, what="a CSV file")
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise InputError("has no header row", file=path, line=1)
    header = [h.strip().lower() for h in reader.fieldnames]
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for row in reader:
            values = {
                h.strip().lower(): (v or "").strip()
                for h, v in row.items()
                if h is not None and not isinstance(v, list)
            }
            if any(values.values()):
                rows.append((reader.line_num, values))
    except csv.Error as exc:
        raise InputError(f"malformed CSV ({exc})", file=path, line=reader.line_num) from None
    return header, rows


def _column(header: list[str], path: Path, *names: str) -> str:
    for name in names:
        if name in header:
            return name
    raise InputError(f"needs a column named {' or '.join(names)}", file=path, line=1)


def read_attributes(path: Path) -> list[ParticipantRow]:
    header, rows = _read_rows(path)
    key = _column(header, path, "participant", "pseudonym")
    out: list[ParticipantRow] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        name = row.get(key, "")
        if not name:
            raise InputError("row has no participant", file=path, line=line)
        if name in seen:
            raise InputError(
                f"participant {name} is listed twice (first on line {seen[name]})",
                file=path,
                line=line,
            )
        seen[name] = line
        consent_raw = row.get("quote_consent", "yes").lower() or "yes"
        if consent_raw not in _TRUE | _FALSE:
            raise InputError(
                "quote_consent must be yes or no", file=path, line=line
            )
        attrs = {k: v for k, v in row.items() if k not in (key, "quote_consent") and v}
        out.append(ParticipantRow(name, attrs, consent_raw in _TRUE, line))
    return out


@dataclass(frozen=True)
class SpeakerTarget:
    pseudonym: str | None  # a participant
    role: str | None  # interviewer or facilitator


def read_speaker_map(path: Path) -> dict[str, SpeakerTarget]:
    header, rows = _read_rows(path)
    label_col = _column(header, path, "label", "speaker")
    target_col = _column(header, path, "pseudonym", "participant", "maps_to", "role")
    out: dict[str, SpeakerTarget] = {}
    for line, row in rows:
        label, target = row.get(label_col, ""), row.get(target_col, "")
        if not label or not target:
            raise InputError("each row needs a label and what it maps to", file=path, line=line)
        role = role_of(target)
        out[clean_label(label)] = SpeakerTarget(None if role else target, role)
    return out


def role_of(label: str) -> str | None:
    return ROLE_WORDS.get(name_key(label))
