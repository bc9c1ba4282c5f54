"""Merging codebook files kept in git (``themework codebook merge``): read them, merge them
(by id, name or alias, then similar names and definitions), and write the merged codebook and
the report of every decision, owner-only (a codebook's examples may quote participants).

Works on files, not on a project. ``Decision`` and ``Conflict`` are what a front end's
``decide`` callback is asked about.
"""

from __future__ import annotations

from pathlib import Path

from themework.domain.errors import InputError
from themework.merge.model import Conflict, Decide, Decision, MergeResult

__all__ = ["Conflict", "Decision", "merge_files"]


def merge_files(
    files: list[Path],
    output: Path,
    *,
    base: Path | None = None,
    report: Path | None = None,
    threshold: float = 85,
    decide: Decide | None = None,
) -> MergeResult:
    """Merge ``files`` (three-way against ``base`` when given) into ``output``, and write the
    decisions to ``report`` (Markdown) when given. Each file is labelled by its name without
    suffix, or by its path when two names clash. Nothing is written if the merged codebook
    would not pass lint."""
    from themework.domain.codebook import dump_codebook, lint_codebook, parse_codebook
    from themework.merge import merge_codebooks, render_report
    from themework.services.codebook import read_file
    from themework.services.files import write_private

    if len(files) < 2:
        raise InputError("give at least two codebooks to merge")
    docs = [(f.stem, parse_codebook(read_file(f), str(f))) for f in files]
    if len({label for label, _ in docs}) != len(docs):
        docs = [(str(f), doc) for f, (_, doc) in zip(files, docs, strict=True)]
    base_doc = parse_codebook(read_file(base), str(base)) if base else None

    result = merge_codebooks(docs, base_doc, threshold, decide)
    text = dump_codebook(result.doc)
    problems = lint_codebook(text, str(output))
    if problems:  # never write a codebook that would not load
        raise InputError(
            "the merged codebook does not pass lint:\n" + "\n".join(map(str, problems))
        )
    write_private(output, text)
    if report is not None:
        write_private(report, render_report(result))
    return result
