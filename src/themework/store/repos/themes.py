"""Themes: every theme of a project, resolved by key or name; their codes and exemplars."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from themework.domain.codebook import slug_id
from themework.domain.errors import NotFound
from themework.domain.text import name_key
from themework.store.models import Coding, Exemplar, Theme, ThemeCode, Transcript


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
