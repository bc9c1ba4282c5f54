"""What a theme says: its definition and narrative, and the exemplars that show it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from themework.domain.errors import Conflict, InputError, NotFound
from themework.services.changes import ChangeSet, image, orm_image
from themework.services.theme_base import ThemeServiceBase
from themework.services.theme_index import ThemeChange
from themework.store.models import Exemplar
from themework.store.repos import themes as repo
from themework.store.repos.codes import CodeIndex
from themework.store.repos.codings import coding_entity, existing_coding_ids
from themework.store.repos.themes import ThemeIndex

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class ThemeContentOps(ThemeServiceBase):
    """Writing a theme's definition and narrative, and choosing its exemplars."""

    # -- definition and narrative ----------------------------------------------------------
    def define(
        self, ref: str, *, definition: str | None = None, central_concept: str | None = None,
        scope: str | None = None, narrative: str | None = None, version: int | None = None,
    ) -> ThemeChange:
        values = {
            k: v for k, v in {
                "definition": definition, "central_concept": central_concept, "scope": scope,
                "narrative": narrative,
            }.items() if v is not None
        }
        if not values:
            raise InputError("nothing to change: give a definition, concept, scope or narrative")
        with self.ctx.store.write() as s:
            theme = ThemeIndex(s).get(ref)
            if narrative is not None:
                _check_extract_refs(s, narrative)
            changes = ChangeSet()
            self._bump(s, theme, changes, version, **values)
            action = "theme.narrative" if set(values) == {"narrative"} else "theme.define"
            verb = "wrote the narrative of" if action == "theme.narrative" else "defined"
            self._done(s, action, f"{verb} {theme.name}", changes)
            key = theme.key
        return self._result(key)

    # -- exemplars -------------------------------------------------------------------------
    def add_exemplar(self, ref: str, coding_id: int, trimmed: str | None = None,
                     position: int | None = None) -> ThemeChange:
        with self.ctx.store.write() as s:
            theme = ThemeIndex(s).get(ref)
            coding = coding_entity(s, coding_id)
            if coding is None:
                raise NotFound(f"no coding {coding_id}")
            if trimmed is not None:
                check_trim(coding.quote, trimmed)
            rows = repo.exemplars_of(s, theme.id)
            if any(r.coding_id == coding_id for r in rows):
                raise Conflict(f"coding {coding_id} is already an exemplar of {theme.name!r}")
            warnings = []
            if coding.code_id not in repo.codes_under(s, theme.id):
                code = CodeIndex(s).by_id[coding.code_id]
                warnings.append(
                    f"coding {coding_id} is coded {code.name!r}, which is not among the codes "
                    f"of {theme.name!r} or its sub-themes"
                )
            changes = ChangeSet()
            pos = len(rows) if position is None else max(0, min(position - 1, len(rows)))
            for i, r in enumerate(rows):
                want = i if i < pos else i + 1
                if r.sort_order != want:
                    before = orm_image(r)
                    r.sort_order = want
                    s.flush()
                    changes.updated("exemplar", before, orm_image(r))
            values = {
                "theme_id": theme.id, "coding_id": coding_id, "sort_order": pos,
                "trimmed": trimmed,
            }
            eid = repo.insert_exemplar(s, values)
            changes.inserted("exemplar", image(Exemplar.__table__, {**values, "id": eid}))
            self._done(s, "theme.exemplar", f"starred coding {coding_id} for {theme.name}", changes)
            key = theme.key
        return self._result(key, warnings)

    def order_exemplar(self, ref: str, coding_id: int, position: int) -> ThemeChange:
        """Move an exemplar to POSITION (from 1) in the theme's order."""
        if position < 1:
            raise InputError("an exemplar's position counts from 1")
        with self.ctx.store.write() as s:
            theme = ThemeIndex(s).get(ref)
            rows = repo.exemplars_of(s, theme.id)
            ex = next((r for r in rows if r.coding_id == coding_id), None)
            if ex is None:
                raise NotFound(f"coding {coding_id} is not an exemplar of {theme.name!r}")
            rows.remove(ex)
            rows.insert(min(position - 1, len(rows)), ex)
            changes = ChangeSet()
            for i, r in enumerate(rows):
                if r.sort_order != i:
                    before = orm_image(r)
                    r.sort_order = i
                    s.flush()
                    changes.updated("exemplar", before, orm_image(r))
            self._done(s, "theme.exemplar",
                       f"moved exemplar {coding_id} of {theme.name} to {position}", changes)
            key = theme.key
        return self._result(key)

    def remove_exemplar(self, ref: str, coding_id: int) -> ThemeChange:
        with self.ctx.store.write() as s:
            theme = ThemeIndex(s).get(ref)
            ex = repo.exemplar(s, theme.id, coding_id)
            if ex is None:
                raise NotFound(f"coding {coding_id} is not an exemplar of {theme.name!r}")
            changes = ChangeSet()
            changes.deleted("exemplar", orm_image(ex))
            repo.delete_exemplar(s, ex.id)
            self._done(s, "theme.exemplar", f"unstarred coding {coding_id} for {theme.name}",
                       changes)
            key = theme.key
        return self._result(key)

    def trim_exemplar(self, ref: str, coding_id: int, trimmed: str | None) -> ThemeChange:
        with self.ctx.store.write() as s:
            theme = ThemeIndex(s).get(ref)
            ex = repo.exemplar(s, theme.id, coding_id)
            if ex is None:
                raise NotFound(f"coding {coding_id} is not an exemplar of {theme.name!r}")
            if trimmed is not None:
                coding = coding_entity(s, coding_id)
                assert coding is not None  # an exemplar's coding (deleting one drops it)
                check_trim(coding.quote, trimmed)
            changes = ChangeSet()
            before = orm_image(ex)
            ex.trimmed = trimmed
            s.flush()
            changes.updated("exemplar", before, orm_image(ex))
            self._done(s, "theme.exemplar", f"trimmed the quote of coding {coding_id}", changes)
            key = theme.key
        return self._result(key)


def check_trim(quote: str, trimmed: str) -> None:
    """A trimmed quote keeps the extract's words in order; cuts are marked ``[...]``.

    Each piece between the marks must be a run of whole words of the extract, found after
    the previous piece: nothing added, reordered, or cut out of the middle of a word.
    """
    pieces = [p.strip() for p in trimmed.split("[...]")]
    if not any(pieces):
        raise InputError("a trimmed quote must keep some of the extract's words")
    pos = 0
    for piece in pieces:
        if not piece:
            continue
        found = _find_words(quote, piece, pos)
        if found == -1:
            raise InputError(
                "a trimmed quote may only cut words out of the extract (marking each cut "
                "with [...]); it cannot add, change or reorder words"
            )
        pos = found + len(piece)


def _find_words(text: str, piece: str, pos: int) -> int:
    """Where PIECE occurs in TEXT at or after POS without splitting a word, else -1."""
    found = text.find(piece, pos)
    while found != -1:
        end = found + len(piece)
        cuts_start = found > 0 and text[found - 1].isalnum() and piece[0].isalnum()
        cuts_end = end < len(text) and text[end].isalnum() and piece[-1].isalnum()
        if not cuts_start and not cuts_end:
            return found
        found = text.find(piece, found + 1)
    return -1


def _check_extract_refs(s: Session, narrative: str) -> None:
    from themework.domain.narrative import extract_ids

    ids = extract_ids(narrative)
    if not ids:
        return
    found = existing_coding_ids(s, ids)
    missing = sorted(set(ids) - found)
    if missing:
        raise InputError(
            f"the narrative refers to extracts that do not exist: {', '.join(map(str, missing))}"
        )
