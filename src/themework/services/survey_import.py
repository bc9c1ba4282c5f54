"""Importing survey answers: each respondent (a row) becomes a participant with the closed
columns as attributes, each open-text column a source whose turns are the answers, labelled
by respondent. The sources go through the transcript import's own checking and storing
(``TranscriptImport._store_prepared``): one transaction, an audit event per source, the
identifier check, undo, and coding, prevalence, agreement and the report work unchanged."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from themework.domain.errors import InputError
from themework.domain.text import ParsedTranscript, ParsedTurn, render, text_hash, word_count
from themework.gcpause import gc_paused
from themework.ingest.csvfiles import ParticipantRow, SpeakerTarget
from themework.ingest.survey import SurveyTable, read_survey
from themework.services.dto import SurveyReport
from themework.services.importing import Prepared, Refusal, plan_speakers

if TYPE_CHECKING:
    from themework.services.transcript_import import TranscriptImport

    _Base = TranscriptImport
else:
    _Base = object

_NAME_MAX = 200  # transcript.name
_ID_MAX = 100  # participant.pseudonym and speaker.label
_WHAT = {"id": "respondent id", "text": "open-text columns", "attributes": "attribute columns"}


class SurveyImport(_Base):
    """``import survey`` (mixed into ``TranscriptService`` after ``TranscriptImport``)."""

    @gc_paused()
    def import_survey(
        self,
        path: Path,
        *,
        id_column: str,
        text_columns: Sequence[str],
        attribute_columns: Sequence[str] = (),
        name: str | None = None,
        replace: bool = False,
        allow_identifiers: bool = False,
        sheet: str | None = None,
    ) -> SurveyReport:
        path = Path(path)
        table = read_survey(path, sheet)
        id_at = _columns(table, path, [id_column], "id")[0]
        texts = _columns(table, path, text_columns, "text")
        attrs = _columns(table, path, attribute_columns, "attributes")
        if not texts:
            raise InputError("give at least one open-text column", file=path, options=("text",))
        clash = ({id_at} & (set(texts) | set(attrs))) | (set(texts) & set(attrs))
        if clash:
            shown = ", ".join(table.header[i] for i in sorted(clash))
            raise InputError(
                f"a column is given twice among the id, open-text and attribute columns: {shown}",
                file=path, line=1, options=("id", "text", "attributes"),
            )
        people = _respondents(table, path, id_at, attrs)
        prefix = (name if name is not None else path.stem).strip()
        answered: set[str] = set()
        jobs: list[tuple[Path, str]] = []
        outcomes: list[Prepared | Refusal] = []
        answers = empty = 0
        smap = {p.pseudonym: SpeakerTarget(p.pseudonym, None) for p in people}
        label_memo: dict[str, list[Any]] = {}  # every source has the same respondents
        for col in texts:
            source = f"{prefix} - {table.header[col]}"[:_NAME_MAX].strip()
            turns = []
            for (line, cells), person in zip(table.rows, people, strict=True):
                if cells[col]:
                    turns.append(ParsedTurn(person.pseudonym, cells[col], line=line))
                else:
                    empty += 1
            answers += len(turns)
            answered |= {t.label for t in turns}
            jobs.append((path, source))
            outcomes.append(_prepare(path, source, table.header[col], turns, smap, label_memo))
        # Someone who answered no open question is in no source: storing them would leave
        # a participant the prevalence tables count and no extract ever shows.
        stored = [p for p in people if p.pseudonym in answered]
        report = self._store_prepared(
            jobs, iter(outcomes), stored, None,
            replace=replace, allow_identifiers=allow_identifiers, progress=None,
        )
        silent = tuple(p.pseudonym for p in people if p.pseudonym not in answered)
        return SurveyReport(report, len(people), answers, empty, silent)


def _columns(
    table: SurveyTable, path: Path, wanted: Sequence[str], option: str
) -> list[int]:
    """Header positions of the named columns, matched without regard to case or spacing.
    A value that names no column whole is read as a comma-separated list."""
    keys: dict[str, list[int]] = {}
    for i, h in enumerate(table.header):
        keys.setdefault(_key(h), []).append(i)
    names: list[str] = []
    for value in wanted:
        names += [value] if _key(value) in keys else [v for v in value.split(",") if v.strip()]
    missing = [n.strip() for n in names if _key(n) not in keys]
    if missing:
        raise InputError(
            f"no column named {', '.join(missing)} (for the {_WHAT[option]}; the columns are: "
            f"{', '.join(table.header)})", file=path, line=1, options=(option,),
        )
    out: list[int] = []
    for n in names:
        found = keys[_key(n)]
        if len(found) > 1:
            raise InputError(
                f"the header names {n.strip()} more than once (columns "
                f"{', '.join(str(i + 1) for i in found)})", file=path, line=1,
            )
        if found[0] not in out:
            out.append(found[0])
    return out


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def _respondents(
    table: SurveyTable, path: Path, id_at: int, attrs: list[int]
) -> list[ParticipantRow]:
    seen: dict[str, int] = {}
    out = []
    for line, cells in table.rows:
        rid = " ".join(cells[id_at].split())
        if not rid:
            raise InputError("row has no respondent id", file=path, line=line)
        if len(rid) > _ID_MAX:
            raise InputError(
                f"respondent id is longer than {_ID_MAX} characters (is the id column the right "
                "one?)", file=path, line=line, options=("id",),
            )
        if rid in seen:
            raise InputError(
                f"respondent {rid} is listed twice (first on line {seen[rid]})",
                file=path, line=line,
            )
        seen[rid] = line
        values = {_key(table.header[i]): cells[i] for i in attrs if cells[i]}
        out.append(ParticipantRow(rid, values, True, line))
    return out


def _prepare(
    path: Path,
    name: str,
    column: str,
    turns: list[ParsedTurn],
    smap: dict[str, SpeakerTarget],
    label_memo: dict[str, list[Any]],
) -> Prepared | Refusal:
    """One open-text column prepared as ``services.importing.prepare`` prepares a file."""
    from themework.services.identifiers import check_parsed

    if not turns:
        return Refusal(f"{path}: column {column} has no answers")
    parsed = ParsedTranscript("survey", tuple(turns))
    mapped, speakers = plan_speakers(parsed, path, smap, frozenset(smap), name)
    # Allowed findings are still reported, as a transcript import reports them.
    findings = tuple(check_parsed(mapped, path, label_memo=label_memo))
    text, layouts = render(mapped)
    return Prepared(
        path=path, name=name, format="survey", text=text, hash=text_hash(text),
        words=sum(word_count(text[t.start : t.end]) for t in layouts),
        layouts=tuple(layouts), speakers=speakers, findings=findings,
    )
