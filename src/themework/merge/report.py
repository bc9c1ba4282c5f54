"""A Markdown account of a merge: every decision with its scores, every conflict, every
removal and note. The same result always gives the same text."""

from __future__ import annotations

import re

from themework.domain.codebook import CodeSpec, iter_codes, iter_themes
from themework.domain.plural import plural
from themework.merge.model import Conflict, Decision, MergeResult
from themework.merge.similarity import DEFINITION_OFFER

__all__ = ["render_report"]

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(text: str) -> str:
    """One line of inline Markdown text, with Markdown's special characters escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _code(label: str, code: CodeSpec) -> str:
    shown = f"{_md(label)}: {_md(code.name)}"
    return f"{shown} (`{code.id}`)" if code.id else shown


def _outcome(d: Decision) -> str:
    outcome = "merged" if d.merged else "kept separate"
    if d.decided_by == "callback":
        return f"{outcome} (decided)"
    if d.decided_by == "default":
        return f"{outcome} (undecided)"
    return outcome


def _via(d: Decision) -> str:
    return f"{d.via}: {d.reason}" if d.reason else d.via


def _decisions(decisions: tuple[Decision, ...]) -> list[str]:
    lines = [
        "| # | kind | outcome | left | right | via | name | definition | keywords | combined |",
        "|---:|---|---|---|---|---|---:|---:|---:|---:|",
    ]
    for n, d in enumerate(decisions, 1):
        s = d.scores
        lines.append(
            f"| {n} | {d.kind} | {_outcome(d)} | {_code(d.left, d.left_code)} "
            f"| {_code(d.right, d.right_code)} | {_via(d)} | {_num(s.name)} "
            f"| {_num(s.definition)} | {_num(s.keywords)} | {_num(s.combined)} |"
        )
    return lines


def _conflict(n: int, c: Conflict) -> list[str]:
    if c.item == "codebook":
        head = f"### {n}. codebook {c.field}"
    else:
        named = f"{c.item} `{c.code}` ({_md(c.name)})" if c.code else f"{c.item} {_md(c.name)}"
        head = f"### {n}. {named}: {c.field}"
    lines = [head, ""]
    for label, value in c.values:
        lines.append(f"- {_md(label)}: {_md(value) if value.strip() else '(empty)'}")
    lines += ["", f"Resolution: {_md(c.resolution)}.", ""]
    return lines


def render_report(result: MergeResult) -> str:
    doc = result.doc
    kinds = {k: 0 for k in ("exact", "near", "uncertain", "separate")}
    for d in result.decisions:
        kinds[d.kind] += 1
    sides = ", ".join(f"`{label}`" if "`" not in label else _md(label) for label in result.labels)
    mode = "three-way, against their common base" if result.three_way else "two-way (no base)"
    low = result.threshold - result.band
    lines = [
        "# Codebook merge",
        "",
        f"Merged {sides}: {mode}.",
        f"Fuzzy matching: merged at a combined score of {result.threshold:.1f} or more, or "
        "when the names differ only in case, punctuation, hyphens, word order or plurals; "
        f"uncertain from {low:.1f} up to it, or when the names have the same terms, the "
        f"definitions score {DEFINITION_OFFER:.0f} or more, or one code is the other's "
        "closest match.",
        "",
        "## Summary",
        "",
        f"- merged codebook: {plural(sum(1 for _ in iter_codes(doc)), 'code')}, "
        f"{plural(sum(1 for _ in iter_themes(doc)), 'theme')}",
        "- decisions: " + ", ".join(f"{n} {kind}" for kind, n in kinds.items()),
        f"- conflicts: {len(result.conflicts)}",
        f"- removed: {len(result.removed)}",
        f"- notes: {len(result.notes)}",
        "",
        f"## Decisions ({len(result.decisions)})",
        "",
    ]
    lines += _decisions(result.decisions) if result.decisions else ["None."]
    lines += ["", f"## Conflicts ({len(result.conflicts)})", ""]
    for n, conflict in enumerate(result.conflicts, 1):
        lines += _conflict(n, conflict)
    if not result.conflicts:
        lines += ["None.", ""]
    lines += [f"## Removed ({len(result.removed)})", ""]
    for r in result.removed:
        named = f"`{r.id}` ({_md(r.name)})" if r.id else _md(r.name)
        lines.append(f"- {r.item} {named}: {_md(r.reason)}")
    if not result.removed:
        lines.append("None.")
    lines += ["", f"## Notes ({len(result.notes)})", ""]
    lines += [f"- {_md(note)}" for note in result.notes] or ["None."]
    return "\n".join(lines) + "\n"
