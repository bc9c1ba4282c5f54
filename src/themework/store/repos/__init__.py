"""Repositories: the SQL under the services, each a function of an open session.

Services call these instead of writing the same query twice. Reads return plain rows (named
tuples) so nothing attached to a session leaves the transaction; the code and theme indexes,
and the lookups of a row a service goes on to change, hand back mapped rows. A write takes
the values and hands back the new id or row; recording the change for undo (row images, the
audit event) is the service's job.

- ``transcripts``: a transcript by name or id; every text and text hash; codings per
  transcript and coder.
- ``turns``: a transcript's turns and speakers, the turn holding an offset, the per-transcript
  turn tables analysis and reports read.
- ``codes``: every code, resolved by key, name or alias; codings per code (of one coder, too);
  new codes, children, deleting, locking.
- ``codings``: a coding by id, the codings of a code or overlapping a span (as mapped rows,
  for changing them), their memos, deleting them; the keys merging matches them by.
- ``extract_rows``: coded extracts as plain rows, for extracts and the streamed export; a
  report's quote.
- ``analysis_counts``: every coding with the participants speaking in the turns it covers.
- ``utterances``: speakers' texts in batches and the lemma counts cached, for word counts;
  every turn with its speaker's label, for keyword in context.
- ``suggestions``: keyword suggestions already made or listed; the codings people made.
- ``themes``: every theme, resolved by key or name; their codes and exemplars, and the
  writes of both.
- ``memos``: memos on an object, counts per coding, the labels of their targets.
- ``snapshots``: snapshots by name.
- ``coders``: coders by name or id (made once), transcript statuses, the spans each coded.
- ``participants``: by pseudonym, with the transcripts they speak in; their consent.
- ``project``: the project row, its settings and the counts ``info`` shows.
- ``audit``: the events undo and redo walk, the log, the events not yet redacted, the last.
- ``record``: what the report's methods paragraph and checklist count (codings per coder);
  doctor's checks.
- ``withdrawal``: the rows a participant's withdrawal reads, changes and deletes.
- ``drafts``: unsaved editor drafts. ``tables``: whole tables as plain rows (copying).
"""
