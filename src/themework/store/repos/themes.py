"""Themes: every theme of a project, resolved by key or name; their codes and exemplars.

Reads and writes of the ``theme``, ``theme_code`` and ``exemplar`` tables. Writes hand back
mapped rows (or ids) for the service to take images of; recording the change is the
service's job.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from themework.domain.codebook import slug_id
from themework.domain.errors import NotFound
from themework.domain.text import name_key
from themework.store.models import (
    Coding,
    Exemplar,
    MatrixNote,
    Participant,
    Theme,
    ThemeCode,
    Transcript,
)


class ThemeIndex:
    def __init__(self, s: Session) -> None:
        self.themes = list(s.scalars(select(Theme)))
        self.by_id = {t.id: t for t in self.themes}
        self.by_key = {t.key: t for t in self.themes}
        self.by_name = {t.name_key: t for t in self.themes}

    def matches(self, ref: str) -> list[tuple[Theme, str]]:
        """Every theme ``ref`` can mean, best first, with how: its id, its name, or its name
        written as an id (a renamed theme keeps its id, so its new name's slug differs)."""
        ref = ref.strip()
        out: list[tuple[Theme, str]] = []
        slug = slug_id(ref, ())
        found = [(self.by_key.get(ref), "id"), (self.by_name.get(name_key(ref)), "name")]
        found += [(t, "slug") for t in self.themes if slug_id(t.name, ()) == slug]
        for t, how in found:
            if t is not None and all(t is not seen for seen, _ in out):
                out.append((t, how))
        return out

    def get(self, ref: str) -> Theme:
        found = self.matches(ref)
        if not found:
            raise NotFound(f"no theme {ref!r} (see 'themework theme list')")
        return found[0][0]

    def meant(self, ref: str) -> str | None:
        """Which theme ``ref`` was taken to mean, when that is not plain: found by its name's
        slug, or also the name of another theme."""
        found = self.matches(ref)
        if not found or (len(found) == 1 and found[0][1] != "slug"):
            return None
        t, how = found[0]
        what = {"id": "the id", "name": "the name", "slug": "the name"}[how]
        note = f"'{ref.strip()}' is {what} of theme {t.key} ({t.name})"
        if len(found) > 1:
            others = ", ".join(f"{o.key} ({o.name})" for o, _ in found[1:])
            note += f"; it also names {others}: give that one's id to mean it"
        return note

    def ordered(self) -> list[Theme]:
        kids: dict[int | None, list[Theme]] = {}
        for t in self.themes:
            kids.setdefault(t.parent_id, []).append(t)
        out: list[Theme] = []

        def walk(parent: int | None) -> None:
            for t in sorted(kids.get(parent, []), key=lambda t: (t.sort_order, t.name_key)):
                out.append(t)
                walk(t.id)

        walk(None)
        return out

    def depth(self, t: Theme) -> int:
        d, cur = 0, t
        while cur.parent_id is not None and d < 50:
            cur = self.by_id[cur.parent_id]
            d += 1
        return d


def theme_code_links(s: Session) -> dict[int, list[tuple[int, int]]]:
    """Per theme id: (sort order, code id) of each code it holds, unsorted."""
    links: dict[int, list[tuple[int, int]]] = {}
    for tc in s.scalars(select(ThemeCode)):
        links.setdefault(tc.theme_id, []).append((tc.sort_order, tc.code_id))
    return links


class ExemplarRow(NamedTuple):
    id: int
    theme_id: int
    coding_id: int
    sort_order: int
    trimmed: str | None
    code_id: int
    quote: str
    transcript: str


def exemplar_rows(s: Session) -> list[ExemplarRow]:
    """Every exemplar with its coding's code, quote and transcript name."""
    q = (
        select(
            Exemplar.id,
            Exemplar.theme_id,
            Exemplar.coding_id,
            Exemplar.sort_order,
            Exemplar.trimmed,
            Coding.code_id,
            Coding.quote,
            Transcript.name,
        )
        .join(Coding, Coding.id == Exemplar.coding_id)
        .join(Transcript, Transcript.id == Coding.transcript_id)
    )
    return [ExemplarRow(*row) for row in s.execute(q)]


def exemplar_codings(s: Session) -> dict[str, list[int]]:
    """Per theme key, the ids of its exemplars' codings in their order."""
    out: dict[str, list[int]] = {}
    for key, coding_id in s.execute(
        select(Theme.key, Exemplar.coding_id)
        .join(Exemplar, Exemplar.theme_id == Theme.id)
        .order_by(Exemplar.sort_order)
    ):
        out.setdefault(key, []).append(coding_id)
    return out


def matrix_notes(s: Session) -> dict[tuple[str, str], str]:
    """The framework matrix's notes, by (participant pseudonym, theme key)."""
    q = (
        select(Participant.pseudonym, Theme.key, MatrixNote.text)
        .join(MatrixNote, MatrixNote.participant_id == Participant.id)
        .join(Theme, Theme.id == MatrixNote.theme_id)
    )
    return {(pseudonym, key): text for pseudonym, key, text in s.execute(q)}


def delete_matrix_note(s: Session, participant_id: int, theme_id: int) -> None:
    s.execute(delete(MatrixNote).where(
        MatrixNote.participant_id == participant_id, MatrixNote.theme_id == theme_id
    ))


def insert_matrix_note(s: Session, row: dict[str, Any]) -> None:
    """A matrix note: ``row`` holds participant_id, theme_id and text."""
    s.execute(insert(MatrixNote), row)


# -- the theme table ---------------------------------------------------------------------


def next_theme_order(s: Session) -> int:
    """The sort order after every theme's (1 for the first theme)."""
    return 1 + (s.scalar(select(func.max(Theme.sort_order))) or 0)


def insert_theme(s: Session, values: dict[str, Any]) -> Theme:
    """A new theme from ``values`` (every column but the id), as the mapped row."""
    tid = s.execute(insert(Theme).returning(Theme.id), values).scalar_one()
    return s.get_one(Theme, tid)


def children_of(s: Session, theme_id: int, but: int | None = None) -> list[Theme]:
    """The sub-themes directly under a theme in their order (leaving out ``but``)."""
    q = select(Theme).where(Theme.parent_id == theme_id)
    if but is not None:
        q = q.where(Theme.id != but)
    return list(s.scalars(q.order_by(Theme.sort_order, Theme.id)))


def codes_under(s: Session, theme_id: int) -> set[int]:
    """Ids of the codes of a theme and of its sub-themes, however deep."""
    kids: dict[int | None, list[int]] = {}
    for tid, parent in s.execute(select(Theme.id, Theme.parent_id)).all():
        kids.setdefault(parent, []).append(tid)
    todo, seen = [theme_id], set()
    while todo:
        cur = todo.pop()
        if cur not in seen:
            seen.add(cur)
            todo += kids.get(cur, [])
    return set(s.scalars(select(ThemeCode.code_id).where(ThemeCode.theme_id.in_(seen))))


def codes_in_live_themes(s: Session) -> set[int]:
    """Ids of the codes some theme not discarded holds."""
    return set(
        s.scalars(
            select(ThemeCode.code_id)
            .join(Theme, Theme.id == ThemeCode.theme_id)
            .where(Theme.status != "discarded")
        )
    )


def other_themes_holding(s: Session, code_id: int, theme_id: int) -> list[str]:
    """Names of the themes, other than ``theme_id`` and not discarded, that hold a code."""
    return list(
        s.scalars(
            select(Theme.name)
            .join(ThemeCode, ThemeCode.theme_id == Theme.id)
            .where(
                ThemeCode.code_id == code_id, Theme.id != theme_id, Theme.status != "discarded"
            )
        )
    )


# -- which codes a theme holds -----------------------------------------------------------


def links_of(s: Session, theme_id: int) -> list[ThemeCode]:
    """A theme's code links in its order."""
    q = select(ThemeCode).where(ThemeCode.theme_id == theme_id)
    return list(s.scalars(q.order_by(ThemeCode.sort_order, ThemeCode.code_id)))


def links_to(s: Session, code_id: int) -> list[ThemeCode]:
    """Every theme's link to a code, by theme."""
    q = select(ThemeCode).where(ThemeCode.code_id == code_id)
    return list(s.scalars(q.order_by(ThemeCode.theme_id)))


def link(s: Session, theme_id: int, code_id: int) -> ThemeCode | None:
    return s.get(ThemeCode, (theme_id, code_id))


def insert_link(s: Session, row: dict[str, int]) -> None:
    """Put a code in a theme: ``row`` holds theme_id, code_id and sort_order."""
    s.execute(insert(ThemeCode), row)


def drop(s: Session, rows: Iterable[ThemeCode | Exemplar]) -> None:
    """Delete these links or exemplars when the session next flushes."""
    for row in rows:
        s.delete(row)


def delete_links_of(s: Session, theme_id: int) -> None:
    """Empty a theme of its codes."""
    s.execute(delete(ThemeCode).where(ThemeCode.theme_id == theme_id))


def delete_links_to(s: Session, code_id: int) -> None:
    """Take a code out of every theme."""
    s.execute(delete(ThemeCode).where(ThemeCode.code_id == code_id))


# -- exemplars ---------------------------------------------------------------------------


def exemplars_of(s: Session, theme_id: int) -> list[Exemplar]:
    """A theme's exemplars in its order."""
    q = select(Exemplar).where(Exemplar.theme_id == theme_id)
    return list(s.scalars(q.order_by(Exemplar.sort_order, Exemplar.id)))


def exemplars_with_codes(s: Session, theme_id: int) -> list[tuple[Exemplar, int]]:
    """A theme's exemplars in its order, each with the id of the code its coding has."""
    q = (
        select(Exemplar, Coding.code_id)
        .join(Coding, Coding.id == Exemplar.coding_id)
        .where(Exemplar.theme_id == theme_id)
        .order_by(Exemplar.sort_order, Exemplar.id)
    )
    return [(ex, code_id) for ex, code_id in s.execute(q).all()]


def exemplars_starring(s: Session, coding_id: int) -> list[Exemplar]:
    """Every theme's exemplar entry for one coding, by theme."""
    q = select(Exemplar).where(Exemplar.coding_id == coding_id)
    return list(s.scalars(q.order_by(Exemplar.theme_id)))


def exemplar(s: Session, theme_id: int, coding_id: int) -> Exemplar | None:
    """A theme's exemplar entry for one coding, if it has one."""
    q = select(Exemplar).where(Exemplar.theme_id == theme_id, Exemplar.coding_id == coding_id)
    return s.scalar(q)


def insert_exemplar(s: Session, values: dict[str, Any]) -> int:
    """Star a coding for a theme; returns the exemplar's id."""
    return s.execute(insert(Exemplar).returning(Exemplar.id), values).scalar_one()


def delete_exemplar(s: Session, exemplar_id: int) -> None:
    s.execute(delete(Exemplar).where(Exemplar.id == exemplar_id))
