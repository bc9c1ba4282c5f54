"""Repositories: the lookups services share, each a function of an open session.

Services call these instead of writing the same query twice. Reads return plain rows (named
tuples) so nothing attached to a session leaves the transaction; the code and theme indexes
hand back mapped rows because the services that resolve a reference often go on to change it.

- ``transcripts``: a transcript by name or id; codings per transcript and coder.
- ``turns``: a transcript's turns and speakers, the turn holding an offset, the per-transcript
  turn tables analysis and reports read.
- ``codes``: every code, resolved by key, name or alias; codings per code (of one coder, too).
- ``themes``: every theme, resolved by key or name; their codes and exemplars.
- ``codings``: codings by id or overlapping a span, their memos, deleting them.
- ``coders``: coders by name (made once), transcript statuses, the spans each coded.
- ``participants``: by pseudonym, with the transcripts they speak in.
- ``project``: the project row, its settings and the counts ``info`` shows.
- ``audit``: the events undo and redo walk, the log, the events not yet redacted.
- ``record``: what the report's methods paragraph and checklist count; doctor's checks.
- ``withdrawal``: the rows a participant's withdrawal reads, changes and deletes.
- ``drafts``: unsaved editor drafts. ``tables``: whole tables as plain rows (copying).
"""
