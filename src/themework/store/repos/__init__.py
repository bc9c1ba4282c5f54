"""Repositories: the SQL under the services, each a function of an open session.

Services call these instead of writing the same query twice. Reads return plain rows (named
tuples) so nothing attached to a session leaves the transaction; the code and theme indexes,
and the lookups of a row a service goes on to change, hand back mapped rows. A write takes
the values and hands back the new id or row; recording the change for undo (row images, the
audit event) is the service's job.

- ``transcripts``: a transcript by name or id (mapped ones by name, for an import's
  replacement), renamed; every text (with its name and date, for an export) and text hash
  (of these names or hashes); codings per transcript and coder.
- ``turns``: a transcript's turns and speakers, the turn holding an offset, the per-transcript
  turn tables analysis and reports read; utterance spans of participants (linked to one, or
  in the role) or of everyone, the one query agreement and word counts share.
- ``codes``: every code, resolved by key, name or alias; codings per code (of one coder, too);
  new codes (the mapped row or the id), children, deleting, locking.
- ``codings``: a coding by id, the codings of a code, of transcripts or overlapping a span
  (as mapped rows, for changing them), their memos, deleting them; the keys merging matches
  them by.
- ``extract_rows``: coded extracts as plain rows (by code, coder, id, transcript), for
  extracts and the streamed export; a report's quote; every coding by ids, for a REFI-QDA
  export.
- ``analysis_counts``: every coding with the participants speaking in the turns it covers.
- ``utterances``: speakers' texts in batches and the lemma counts cached, for word counts;
  every turn with its speaker's label, for keyword in context.
- ``suggestions``: keyword suggestions already made or listed; the codings people made.
- ``themes``: every theme, resolved by key or name; their codes and exemplars, and the
  writes of both; matrix notes, read and written.
- ``memos``: memos on an object (or every one), counts per coding, the labels of their
  targets, the keys a REFI-QDA merge matches them by.
- ``snapshots``: snapshots by name.
- ``coders``: coders by name or id (made once), transcript statuses, the spans each coded.
- ``participants``: by pseudonym (mapped, for changing them), with the transcripts they
  speak in or are a case of; their consent.
- ``project``: the project row, its change counter and settings (read and written) and the
  counts ``info`` shows.
- ``audit``: the events undo and redo walk, the log, the events not yet redacted, the last;
  events written in one statement, a batch's summaries rewritten.
- ``record``: what the report's methods paragraph and checklist count (codings per coder);
  doctor's checks (SQLite's own among them).
- ``withdrawal``: the rows a participant's withdrawal reads, changes and deletes; on
  PostgreSQL the transaction id, the older snapshots and the rewrite of every table.
- ``drafts``: unsaved editor drafts. ``tables``: whole tables as plain rows (copying), rows
  written from plain values (a project merge).
"""

from collections.abc import Collection, Iterator
from typing import TypeVar

_T = TypeVar("_T")

IN_PART = 500  # values in one ``IN (...)``: SQLite refuses a statement of over 32,766


def in_parts(values: Collection[_T], size: int = IN_PART) -> Iterator[list[_T]]:
    """``values`` sorted, a part at a time, for an ``IN`` list: a withdrawal, a merge or a
    deletion at 500,000 codings names more rows than a statement may bind."""
    ordered = sorted(values)  # type: ignore[type-var]
    for i in range(0, len(ordered), size):
        yield ordered[i : i + size]
