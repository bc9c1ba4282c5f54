"""Preparing a REFI-QDA project's sources for storage, before anything is written.

Each text source becomes a transcript in the canonical layout (``domain.text.render``):
its speaker turns where it has ``Label: ...`` lines, else one turn of the case it belongs
to. Each selection's offsets are converted from the producer's convention
(``refi.offsets``) into the LF text, then mapped into the stored text through the diff of
the two (``domain.anchor.OffsetMap``, offsets only, never a search), and checked against
the selection's quote where the file stores one: its name, when that is words of the
source (a name found nowhere in it is a title, as ATLAS.ti's quotations may carry). A
selection that does not land exactly is listed, never shifted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from themework.domain.anchor import OffsetMap
from themework.domain.errors import InputError
from themework.domain.text import ParsedTranscript, ParsedTurn, normalise, render, text_hash
from themework.domain.text import word_count as count_words
from themework.refi import model
from themework.refi.offsets import Converter
from themework.refi.qdc import RefiCode
from themework.services.importing import Prepared, plan_speakers

FALLBACK_LABEL = "Participant"


@dataclass(frozen=True)
class Placed:
    """A selection's coding, placed in the stored text."""

    selection: str  # the selection's GUID
    code: str  # the code's GUID
    coder: str  # the user's GUID, or ""
    start: int
    end: int
    created: datetime | None
    notes: tuple[str, ...]


@dataclass(frozen=True)
class PreparedSource:
    source: model.Source
    prep: Prepared
    placed: tuple[Placed, ...]
    unplaced: tuple[str, ...]


def prepare_source(
    source: model.Source,
    name: str,
    *,
    where: Path,
    convention: str,
    codes: AbstractSet[str],
    known: AbstractSet[str],
    case_name: str | None,
    check_identifiers: bool,
) -> PreparedSource:
    converter = Converter(source.text, convention)
    lf = converter.lf_text
    clean = normalise(lf)
    label = f"{where}: source {name}"
    if not clean.strip():
        raise InputError(f"source {name} is empty", file=where)
    mapped, speakers = plan_speakers(
        _parse(clean, label, case_name, known), Path(label), {}, known, name
    )
    findings: tuple[object, ...] = ()
    if check_identifiers:
        from themework.services.identifiers import check_parsed

        findings = tuple(check_parsed(mapped, label))
    text, layouts = render(mapped)
    prep = Prepared(
        path=Path(label), name=name, format="qdpx", text=text, hash=text_hash(text),
        words=sum(count_words(text[t.start : t.end]) for t in layouts), layouts=tuple(layouts),
        speakers=speakers, findings=findings,
    )
    placed, unplaced = _place(source, name, converter, lf, text, codes)
    return PreparedSource(source, prep, tuple(placed), tuple(unplaced))


def _parse(
    text: str, label: str, case_name: str | None, known: AbstractSet[str]
) -> ParsedTranscript:
    from themework.ingest.plain import NO_TURNS, parse_plain

    try:
        return parse_plain(text, label)
    except InputError as exc:
        if exc.message != NO_TURNS:
            raise
    turns = _turns_of_known(text, known)
    if turns:
        return ParsedTranscript("qdpx", turns)
    # No speaker labels (field notes, an essay, a survey answer): one turn by the case the
    # source belongs to, or by "Participant" (who becomes a participant named after it).
    return ParsedTranscript("qdpx", (ParsedTurn(case_name or FALLBACK_LABEL, text.strip()),))


def _turns_of_known(text: str, known: AbstractSet[str]) -> tuple[ParsedTurn, ...]:
    """Turns whose labels are cases or participants, where no line reads as a speaker
    label: survey answers by respondent ids such as 1001, which no label starts with."""
    turns: list[list[str]] = []
    for n, line in enumerate(text.split("\n"), start=1):
        head, sep, rest = line.partition(": ")
        if sep and head in known:
            turns.append([head, rest, str(n)])
        elif turns:
            turns[-1][1] += "\n" + line
        elif line.strip():
            return ()  # text before the first label: not turns of these people
    return tuple(ParsedTurn(who, said.strip(), line=int(n)) for who, said, n in turns)


def _place(
    source: model.Source,
    name: str,
    converter: Converter,
    lf: str,
    text: str,
    codes: AbstractSet[str],
) -> tuple[list[Placed], list[str]]:
    mapping = None if lf == text else OffsetMap(lf, text)
    flat: list[str] = []  # the source's words, made once a name does not match
    placed: list[Placed] = []
    unplaced: list[str] = []
    for sel in source.selections:
        where = f"{name}: selection {sel.start}-{sel.end}"
        if sel.code not in codes:
            unplaced.append(f"{where}: its code is not in the codebook")
            continue
        start, end = converter.to_lf(sel.start), converter.to_lf(sel.end)
        if start is None or end is None or end <= start:
            unplaced.append(f"{where}: outside the text or inside a character")
            continue
        if mapping is not None:
            start, end = mapping.map(start), mapping.map(end, is_end=True)
            if start is None or end is None or end <= start:
                unplaced.append(f"{where}: its text is not in the stored transcript")
                continue
        if sel.quote.strip() and not same_text(sel.quote, text[start:end]):
            flat = flat or [_words(lf)]
            if _quotes(sel.quote, flat[0]):
                unplaced.append(f"{where}: the text at these offsets is not the selection's text")
                continue
        if not text[start:end].strip():
            unplaced.append(f"{where}: only white space")
            continue
        placed.append(
            Placed(sel.guid, sel.code, sel.coder, start, end, sel.created, sel.notes)
        )
    return placed, unplaced


def same_text(quote: str, span: str) -> bool:
    """A stored quote matches the span: the same words (line ends and runs of spaces
    aside), or its beginning when the producer shortened it (with an ellipsis, or cut at a
    fixed length with none)."""
    if quote == span:  # the common case (themework writes the span itself): no copies
        return True
    q = " ".join(unicodedata.normalize("NFC", quote).split())
    t = " ".join(unicodedata.normalize("NFC", span).split())
    if q == t or (q and t.startswith(q)):
        return True
    for tail in ("...", "…"):
        if q.endswith(tail) and len(q) > len(tail) and t.startswith(q[: -len(tail)].rstrip()):
            return True
    return False


def _words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _quotes(name: str, flat: str) -> bool:
    """Whether a selection's name is words of its source, so its quote (offsets that miss
    it are wrong), rather than a title its coder gave it (ATLAS.ti's renamed quotations),
    which says nothing about where the selection lies."""
    q = _words(name)
    for tail in ("...", "…"):
        q = q.removesuffix(tail).rstrip()
    return bool(q) and q in flat


def walk(codes: tuple[RefiCode, ...]) -> Iterator[RefiCode]:
    for code in codes:
        yield code
        yield from walk(code.children)


_KIND = re.compile(r"^(note|memo|journal)(?: (\d{4}-\d{2}-\d{2}))?$")


def memo_kind(name: str) -> tuple[str, date | None, bool]:
    """(kind, entry date, whether the name was only that) of a note named by themework."""
    m = _KIND.match(name.strip())
    if m is None:
        return "memo", None, False
    return m.group(1), date.fromisoformat(m.group(2)) if m.group(2) else None, True
