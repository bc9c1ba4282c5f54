"""The pseudonymisation check: residual identifiers in files, before anything is stored.

Rule-based (regular expressions and word lists, no spaCy) so that it runs on every import.
A finding of high confidence blocks the import; a review-level one (a lone first name that
may be an agreed pseudonym) is reported and does not block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from themework.domain.errors import InputError
from themework.domain.text import ParsedTranscript

if TYPE_CHECKING:
    from spacy.language import Language

# Shown after a refusal or a listing that masks what it found.
SHOW_HINT = "they can be shown in full"
_WORD = re.compile(r"[^\W_]+")
_ADDRESS = re.compile(r"@|://|^www\.", re.I)


def mask(text: str) -> str:
    """What was found, recognisable to whoever knows the file but not readable by others:
    each word keeps its first character ("J*** S****"); an address keeps its punctuation
    and top-level domain ("j***@e******.com")."""
    words = list(_WORD.finditer(text))
    keep_last = bool(_ADDRESS.search(text)) and len(words) > 1
    out, pos = [], 0
    for i, m in enumerate(words):
        out.append(text[pos : m.start()])
        word = m.group()
        last_label = keep_last and i == len(words) - 1 and text[m.start() - 1 : m.start()] == "."
        out.append(word if last_label else word[0] + "*" * (len(word) - 1))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


@dataclass(frozen=True)
class FileFinding:
    file: str
    line: int
    kind: str
    text: str  # the identifying words: shown to the researcher on request, never logged
    confidence: str  # high or review

    def describe(self, full: bool = False) -> str:
        shown = self.text if full else mask(self.text)
        return f"{self.file}:{self.line}: {self.kind} ({self.confidence}): {shown}"

    def __str__(self) -> str:
        return self.describe()


def check_parsed(
    parsed: ParsedTranscript,
    path: Path | str,
    ner: Language | None = None,
    label_memo: dict[str, list[Any]] | None = None,
) -> list[FileFinding]:
    """Rule-based findings, plus a trained pipeline's entities when ``ner`` is one.

    ``label_memo`` keeps each label's findings across calls: a survey's sources share their
    respondents' labels, and checking 10,000 labels once per question cost more than
    checking the answers."""
    from themework.nlp.identifiers import check as rules
    from themework.nlp.identifiers import check_labels

    def check(text: str) -> list[Any]:
        if ner is None:
            return rules(text)
        from themework.nlp.identifiers import check_with_ner

        return check_with_ner(text, ner)

    out: list[FileFinding] = []
    if parsed.preamble.strip():
        out += [
            FileFinding(str(path), f.line, f.kind, f.text, f.confidence)
            for f in check(parsed.preamble)
        ]
    first_line: dict[str, int] = {}
    for turn in parsed.turns:
        first_line.setdefault(turn.label, turn.line)
        for f in check(turn.text):
            out.append(FileFinding(str(path), turn.line + f.line - 1, f.kind, f.text, f.confidence))
    memo: dict[str, list[Any]] = {} if label_memo is None else label_memo
    fresh = [label for label in first_line if label not in memo]
    memo.update((label, []) for label in fresh)
    for f in check_labels(fresh):
        memo[fresh[f.line - 1]].append(f)
    for label, line in first_line.items():
        out += [
            FileFinding(str(path), line, f"speaker label: {f.kind}", f.text, f.confidence)
            for f in memo[label]
        ]
    return sorted(out, key=lambda f: (f.line, f.kind, f.text))


@dataclass(frozen=True)
class FileCheck:
    """One file checked: its findings, or why it could not be read (``error``)."""

    file: str
    findings: tuple[FileFinding, ...] = ()
    error: str | None = None


def check_files(paths: list[Path], default_speaker: str | None = None) -> list[FileCheck]:
    """Findings per file, in the order given. A file that cannot be read is reported with
    the reason and the others are still checked, as an import goes on past a bad file."""
    from themework.ingest import read_transcript

    out = []
    for p in paths:
        try:
            parsed = read_transcript(p, default_speaker=default_speaker)
        except InputError as exc:
            out.append(FileCheck(str(p), error=str(exc) if exc.file else f"{p}: {exc}"))
            continue
        out.append(FileCheck(str(p), tuple(check_parsed(parsed, p))))
    return out


def blocking(findings: list[FileFinding]) -> list[FileFinding]:
    return [f for f in findings if f.confidence == "high"]


def summary(findings: list[FileFinding], limit: int = 20, full: bool = False) -> str:
    """Kinds and lines, with the text masked unless ``full``."""
    shown = "; ".join(
        f"line {f.line} {f.kind}: {f.text if full else mask(f.text)}" for f in findings[:limit]
    )
    more = f"; and {len(findings) - limit} more" if len(findings) > limit else ""
    return shown + more


def stored_findings(text: str) -> list[tuple[int, int, str, str, str]]:
    """Findings in a stored transcript: (start, end, kind, confidence, text), numbered by the
    caller from 1 in this order."""
    from themework.nlp.identifiers import check

    return [(f.start, f.end, f.kind, f.confidence, f.text) for f in check(text)]
