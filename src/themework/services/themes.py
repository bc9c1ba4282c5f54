"""Themes (phases 3 to 5): collate codes into candidate themes, review, define and name.

A theme may collapse codes that another theme also holds (allowed, reported as a warning).
Every operation is one audit event and can be undone; none touches a coding.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from themework.domain.codebook import slug_id
from themework.domain.errors import Conflict, InputError, NotFound
from themework.domain.text import name_key
from themework.services.audit import now, record
from themework.services.changes import ChangeSet, image, orm_image, versioned_update
from themework.services.codes import CodeIndex
from themework.store.models import Coding, Exemplar, Theme, ThemeCode

if TYPE_CHECKING:
    from themework.services.workbench import Workbench

STATUSES = ("candidate", "reviewed", "defined", "final", "discarded")


@dataclass(frozen=True)
class ExemplarInfo:
    id: int
    coding_id: int
    order: int
    trimmed: str | None
    transcript: str
    code: str
    text: str


@dataclass(frozen=True)
class ThemeInfo:
    id: str
    name: str
    status: str
    parent: str | None
    order: int
    definition: str
    central_concept: str
    scope: str
    narrative: str
    codes: tuple[str, ...]  # code ids in the theme's order
    children: tuple[str, ...]
    exemplars: tuple[ExemplarInfo, ...]
    depth: int
    version: int
    created_at: datetime


@dataclass(frozen=True)
class ThemeChange:
    theme: ThemeInfo
    warnings: tuple[str, ...] = ()


class ThemeIndex:
    def __init__(self, s: Session) -> None:
        self.themes = list(s.scalars(select(Theme)))
        self.by_id = {t.id: t for t in self.themes}
        self.by_key = {t.key: t for t in self.themes}
        self.by_name = {t.name_key: t for t in self.themes}

    def get(self, ref: str) -> Theme:
        t = self.by_key.get(ref.strip()) or self.by_name.get(name_key(ref))
        if t is None:
            raise NotFound(f"no theme {ref!r} (see 'themework theme list')")
        return t

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


def theme_infos(s: Session, include_discarded: bool = False) -> list[ThemeInfo]:
    from themework.store.models import Transcript

    index = ThemeIndex(s)
    codes = CodeIndex(s)
    links: dict[int, list[tuple[int, int]]] = {}
    for tc in s.scalars(select(ThemeCode)):
        links.setdefault(tc.theme_id, []).append((tc.sort_order, tc.code_id))
    ex_rows = s.execute(
        select(Exemplar, Coding.code_id, Coding.quote, Transcript.name)
        .join(Coding, Coding.id == Exemplar.coding_id)
        .join(Transcript, Transcript.id == Coding.transcript_id)
    ).all()
    exemplars: dict[int, list[ExemplarInfo]] = {}
    for ex, code_id, quote, tname in ex_rows:
        exemplars.setdefault(ex.theme_id, []).append(
            ExemplarInfo(ex.id, ex.coding_id, ex.sort_order, ex.trimmed, tname,
                         codes.by_id[code_id].key, quote)
        )
    out = []
    for t in index.ordered():
        if t.status == "discarded" and not include_discarded:
            continue
        kids = tuple(
            c.key for c in index.ordered()
            if c.parent_id == t.id and (include_discarded or c.status != "discarded")
        )
        out.append(
            ThemeInfo(
                t.key, t.name, t.status,
                index.by_id[t.parent_id].key if t.parent_id else None,
                t.sort_order, t.definition, t.central_concept, t.scope, t.narrative,
                tuple(codes.by_id[c].key for _, c in sorted(links.get(t.id, []))),
                kids,
                tuple(sorted(exemplars.get(t.id, []), key=lambda e: (e.order, e.id))),
                index.depth(t), t.version, t.created_at,
            )
        )
    return out


class ThemeService:
    def __init__(self, wb: Workbench) -> None:
        self.wb = wb

    # -- reading ---------------------------------------------------------------------------
    def list(self, include_discarded: bool = False) -> list[ThemeInfo]:
        with self.wb.store.read() as s:
            return theme_infos(s, include_discarded)

    def get(self, ref: str) -> ThemeInfo:
        with self.wb.store.read() as s:
            key = ThemeIndex(s).get(ref).key
            return next(t for t in theme_infos(s, True) if t.id == key)

    def unthemed_codes(self) -> builtins.list[str]:
        """Active codes in no (non-discarded) theme: what phase 3 still has to place."""
        with self.wb.store.read() as s:
            codes = CodeIndex(s)
            placed = set(
                s.scalars(
                    select(ThemeCode.code_id)
                    .join(Theme, Theme.id == ThemeCode.theme_id)
                    .where(Theme.status != "discarded")
                )
            )
            return [c.key for c in codes.ordered() if c.status == "active" and c.id not in placed]

    # -- helpers ---------------------------------------------------------------------------
    def _bump(self, s: Session, t: Theme, changes: ChangeSet, version: int | None = None,
              **values: Any) -> None:
        versioned_update(s, t, changes, version, **values)

    def _done(self, s: Session, action: str, summary: str, changes: ChangeSet) -> None:
        record(s, self.wb.coder_id(s), action, summary, changes)

    def _result(self, key: str, warnings: Sequence[str] = ()) -> ThemeChange:
        return ThemeChange(self.get(key), tuple(warnings))

    @staticmethod
    def _code_warnings(s: Session, theme: Theme, code_ids: Sequence[int]) -> builtins.list[str]:
        codes = CodeIndex(s)
        out = []
        for cid in code_ids:
            others = s.scalars(
                select(Theme.name)
                .join(ThemeCode, ThemeCode.theme_id == Theme.id)
                .where(ThemeCode.code_id == cid, Theme.id != theme.id, Theme.status != "discarded")
            ).all()
            if others:
                out.append(
                    f"code {codes.by_id[cid].name!r} is also in {', '.join(sorted(others))}"
                )
        return out

    # -- writing ---------------------------------------------------------------------------
    def create(
        self, name: str, *, parent: str | None = None, codes: Sequence[str] = (),
        definition: str = "", theme_id: str | None = None,
    ) -> ThemeChange:
        if not name.strip():
            raise InputError("a theme needs a name")
        with self.wb.store.write() as s:
            index = ThemeIndex(s)
            if name_key(name) in index.by_name:
                raise Conflict(_taken(index.by_name[name_key(name)], name))
            if theme_id is not None and theme_id in index.by_key:
                raise Conflict(f"the id {theme_id!r} is taken")
            parent_id = index.get(parent).id if parent else None
            key = theme_id or slug_id(name, set(index.by_key), fallback="theme")
            values = {
                "key": key, "name": name.strip(), "name_key": name_key(name),
                "definition": definition, "central_concept": "", "scope": "", "narrative": "",
                "parent_id": parent_id, "status": "candidate",
                "sort_order": 1 + (s.scalar(select(func.max(Theme.sort_order))) or 0),
                "version": 1, "created_at": now(),
            }
            tid = s.execute(insert(Theme).returning(Theme.id), values).scalar_one()
            changes = ChangeSet()
            changes.inserted("theme", image(Theme.__table__, {**values, "id": tid}))
            theme = s.get_one(Theme, tid)
            warnings = self._link(s, theme, codes, changes)
            self._done(s, "theme.create", f"created theme {name}", changes)
        return self._result(key, warnings)

    def _link(
        self, s: Session, theme: Theme, refs: Sequence[str], changes: ChangeSet
    ) -> builtins.list[str]:
        codes = CodeIndex(s)
        existing = {
            tc.code_id: tc
            for tc in s.scalars(select(ThemeCode).where(ThemeCode.theme_id == theme.id))
        }
        order = 1 + max((tc.sort_order for tc in existing.values()), default=-1)
        added = []
        for ref in refs:
            code = codes.get(ref)
            if code.id in existing or code.id in added:
                continue
            row = {"theme_id": theme.id, "code_id": code.id, "sort_order": order}
            s.execute(insert(ThemeCode), row)
            changes.inserted("theme_code", row)
            added.append(code.id)
            order += 1
        return self._code_warnings(s, theme, added)

    def add_codes(self, theme_ref: str, codes: Sequence[str]) -> ThemeChange:
        with self.wb.store.write() as s:
            theme = ThemeIndex(s).get(theme_ref)
            changes = ChangeSet()
            warnings = self._link(s, theme, codes, changes)
            self._done(s, "theme.add-code", f"added {', '.join(codes)} to {theme.name}", changes)
            key = theme.key
        return self._result(key, warnings)

    def remove_codes(self, theme_ref: str, codes: Sequence[str]) -> ThemeChange:
        with self.wb.store.write() as s:
            theme = ThemeIndex(s).get(theme_ref)
            index = CodeIndex(s)
            changes = ChangeSet()
            for ref in codes:
                code = index.get(ref)
                link = s.get(ThemeCode, (theme.id, code.id))
                if link is None:
                    raise InputError(f"code {code.name!r} is not in theme {theme.name!r}")
                changes.deleted("theme_code", orm_image(link))
                s.delete(link)
            s.flush()
            self._done(s, "theme.remove-code", f"removed {', '.join(codes)} from {theme.name}",
                       changes)
            key = theme.key
        return self._result(key)

    def rename(self, ref: str, new_name: str, version: int | None = None) -> ThemeChange:
        with self.wb.store.write() as s:
            index = ThemeIndex(s)
            theme = index.get(ref)
            clash = index.by_name.get(name_key(new_name))
            if clash is not None and clash.id != theme.id:
                raise Conflict(_taken(clash, new_name))
            old = theme.name
            changes = ChangeSet()
            self._bump(s, theme, changes, version, name=new_name.strip(),
                       name_key=name_key(new_name))
            self._done(s, "theme.rename", f"renamed theme {old} to {new_name}", changes)
            key = theme.key
        return self._result(key)

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
        with self.wb.store.write() as s:
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

    def set_status(self, ref: str, status: str) -> ThemeChange:
        if status not in STATUSES:
            raise InputError(f"a theme's status is one of {', '.join(STATUSES)}")
        with self.wb.store.write() as s:
            theme = ThemeIndex(s).get(ref)
            changes = ChangeSet()
            if status == "discarded":
                self._lift_children(s, theme, changes)
            self._bump(s, theme, changes, status=status)
            self._done(s, "theme.status", f"{theme.name} is now {status}", changes)
            key = theme.key
        return self._result(key)

    def discard(self, ref: str) -> ThemeChange:
        """Discard a theme; its sub-themes stay, moving up to where it was."""
        with self.wb.store.write() as s:
            theme = ThemeIndex(s).get(ref)
            changes = ChangeSet()
            self._lift_children(s, theme, changes)
            self._bump(s, theme, changes, status="discarded")
            self._done(s, "theme.discard", f"discarded theme {theme.name}", changes)
            key = theme.key
        return self._result(key)

    def _lift_children(self, s: Session, theme: Theme, changes: ChangeSet) -> None:
        # A sub-theme under a discarded theme would vanish from lists, analysis and report.
        for child in s.scalars(
            select(Theme).where(Theme.parent_id == theme.id).order_by(Theme.sort_order, Theme.id)
        ).all():
            self._bump(s, child, changes, parent_id=theme.parent_id)

    def move(self, ref: str, parent: str | None, order: int | None = None) -> ThemeChange:
        """Put a theme under PARENT (None: the top level), at position ORDER (from 1) among
        its new siblings, or after them."""
        if order is not None and order < 1:
            raise InputError("a theme's position among its siblings counts from 1")
        with self.wb.store.write() as s:
            index = ThemeIndex(s)
            theme = index.get(ref)
            new_parent = index.get(parent) if parent else None
            cur = new_parent
            while cur is not None:
                if cur.id == theme.id:
                    raise InputError(f"cannot move {theme.name!r} under its own sub-theme")
                cur = index.by_id.get(cur.parent_id) if cur.parent_id else None
            parent_id = new_parent.id if new_parent else None
            changes = ChangeSet()
            siblings = [
                t for t in index.ordered() if t.parent_id == parent_id and t.id != theme.id
            ]
            pos = len(siblings) if order is None else min(order - 1, len(siblings))
            siblings.insert(pos, theme)
            # Renumber the siblings so that the position holds whatever order they had.
            for i, t in enumerate(siblings, start=1):
                if t.id == theme.id:
                    continue
                if t.sort_order != i:
                    before = orm_image(t)
                    t.sort_order = i
                    s.flush()
                    changes.updated("theme", before, orm_image(t))
            self._bump(s, theme, changes, parent_id=parent_id, sort_order=pos + 1)
            where = new_parent.name if new_parent else "the top level"
            self._done(s, "theme.move", f"moved {theme.name} under {where}", changes)
            key = theme.key
        return self._result(key)

    def merge(self, sources: Sequence[str], into: str) -> ThemeChange:
        """Fold themes into one: codes, exemplars and sub-themes move; sources are discarded."""
        with self.wb.store.write() as s:
            index = ThemeIndex(s)
            target = index.get(into)
            changes = ChangeSet()
            codes = CodeIndex(s)
            for ref in sources:
                src = index.get(ref)
                if src.id == target.id:
                    raise InputError(f"cannot merge {src.name!r} into itself")
                refs = [codes.by_id[tc.code_id].key for tc in sorted(
                    s.scalars(select(ThemeCode).where(ThemeCode.theme_id == src.id)),
                    key=lambda x: x.sort_order)]
                self._link(s, target, refs, changes)
                for link in list(s.scalars(select(ThemeCode).where(ThemeCode.theme_id == src.id))):
                    changes.deleted("theme_code", orm_image(link))
                    s.delete(link)
                have = list(s.scalars(select(Exemplar).where(Exemplar.theme_id == target.id)))
                starred = {ex.coding_id for ex in have}
                n = 1 + max((ex.sort_order for ex in have), default=-1)
                for ex in list(s.scalars(
                    select(Exemplar).where(Exemplar.theme_id == src.id)
                    .order_by(Exemplar.sort_order, Exemplar.id)
                )):
                    if ex.coding_id in starred:
                        # Both themes starred the same extract: the target's entry stays.
                        changes.deleted("exemplar", orm_image(ex))
                        s.delete(ex)
                        s.flush()
                        continue
                    before = orm_image(ex)
                    ex.theme_id, ex.sort_order = target.id, n
                    starred.add(ex.coding_id)
                    n += 1
                    s.flush()
                    changes.updated("exemplar", before, orm_image(ex))
                if _is_under(index, target, src):
                    # Merging a theme into its own sub-theme: the target takes its place,
                    # or it would become its own ancestor and drop out of the tree.
                    self._bump(s, target, changes, parent_id=src.parent_id)
                for child in list(s.scalars(
                    select(Theme).where(Theme.parent_id == src.id, Theme.id != target.id)
                    .order_by(Theme.sort_order, Theme.id)
                )):
                    self._bump(s, child, changes, parent_id=target.id)
                extra = src.narrative.strip()
                if extra:
                    joined = (target.narrative.rstrip() + "\n\n" + extra).strip()
                    self._bump(s, target, changes, narrative=joined)
                self._bump(s, src, changes, status="discarded")
            s.flush()
            self._done(s, "theme.merge", f"merged {', '.join(sources)} into {target.name}", changes)
            key = target.key
        return self._result(key)

    def split(self, ref: str, new_name: str, codes: Sequence[str]) -> ThemeChange:
        """Move chosen codes (and exemplars coded with them) to a new sibling theme."""
        if not codes:
            raise InputError("say which codes move to the new theme")
        with self.wb.store.write() as s:
            index = ThemeIndex(s)
            src = index.get(ref)
            if name_key(new_name) in index.by_name:
                raise Conflict(_taken(index.by_name[name_key(new_name)], new_name))
            cindex = CodeIndex(s)
            moving = [cindex.get(c) for c in codes]
            for c in moving:
                if s.get(ThemeCode, (src.id, c.id)) is None:
                    raise InputError(f"code {c.name!r} is not in theme {src.name!r}")
            key = slug_id(new_name, set(index.by_key), fallback="theme")
            values = {
                "key": key, "name": new_name.strip(), "name_key": name_key(new_name),
                "definition": "", "central_concept": "", "scope": "", "narrative": "",
                "parent_id": src.parent_id, "status": "candidate", "sort_order": src.sort_order,
                "version": 1, "created_at": now(),
            }
            siblings = [t for t in index.ordered() if t.parent_id == src.parent_id]
            values["sort_order"] = siblings.index(src) + 2
            tid = s.execute(insert(Theme).returning(Theme.id), values).scalar_one()
            changes = ChangeSet()
            changes.inserted("theme", image(Theme.__table__, {**values, "id": tid}))
            # The new theme comes right after the one it was split from.
            for i, t in enumerate(siblings, start=1):
                want = i if i <= siblings.index(src) + 1 else i + 1
                if t.sort_order != want:
                    before = orm_image(t)
                    t.sort_order = want
                    s.flush()
                    changes.updated("theme", before, orm_image(t))
            for i, c in enumerate(moving):
                link = s.get_one(ThemeCode, (src.id, c.id))
                changes.deleted("theme_code", orm_image(link))
                s.delete(link)
                row = {"theme_id": tid, "code_id": c.id, "sort_order": i}
                s.flush()
                s.execute(insert(ThemeCode), row)
                changes.inserted("theme_code", row)
            moved_codes = {c.id for c in moving}
            n = 0
            for ex, code_id in s.execute(
                select(Exemplar, Coding.code_id).join(Coding, Coding.id == Exemplar.coding_id)
                .where(Exemplar.theme_id == src.id).order_by(Exemplar.sort_order)
            ).all():
                if code_id in moved_codes:
                    before = orm_image(ex)
                    ex.theme_id, ex.sort_order = tid, n
                    n += 1
                    s.flush()
                    changes.updated("exemplar", before, orm_image(ex))
            self._done(s, "theme.split",
                       f"split {len(moving)} codes of {src.name} into {new_name}", changes)
        return self._result(key)

    # -- exemplars -------------------------------------------------------------------------
    def add_exemplar(self, ref: str, coding_id: int, trimmed: str | None = None,
                     position: int | None = None) -> ThemeChange:
        with self.wb.store.write() as s:
            theme = ThemeIndex(s).get(ref)
            coding = s.get(Coding, coding_id)
            if coding is None:
                raise NotFound(f"no coding {coding_id}")
            if trimmed is not None:
                check_trim(coding.quote, trimmed)
            rows = list(s.scalars(
                select(Exemplar).where(Exemplar.theme_id == theme.id)
                .order_by(Exemplar.sort_order, Exemplar.id)
            ))
            if any(r.coding_id == coding_id for r in rows):
                raise Conflict(f"coding {coding_id} is already an exemplar of {theme.name!r}")
            warnings = []
            if coding.code_id not in _codes_under(s, theme):
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
            eid = s.execute(insert(Exemplar).returning(Exemplar.id), values).scalar_one()
            changes.inserted("exemplar", image(Exemplar.__table__, {**values, "id": eid}))
            self._done(s, "theme.exemplar", f"starred coding {coding_id} for {theme.name}", changes)
            key = theme.key
        return self._result(key, warnings)

    def order_exemplar(self, ref: str, coding_id: int, position: int) -> ThemeChange:
        """Move an exemplar to POSITION (from 1) in the theme's order."""
        if position < 1:
            raise InputError("an exemplar's position counts from 1")
        with self.wb.store.write() as s:
            theme = ThemeIndex(s).get(ref)
            rows = list(s.scalars(
                select(Exemplar).where(Exemplar.theme_id == theme.id)
                .order_by(Exemplar.sort_order, Exemplar.id)
            ))
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
        with self.wb.store.write() as s:
            theme = ThemeIndex(s).get(ref)
            ex = s.scalar(select(Exemplar).where(
                Exemplar.theme_id == theme.id, Exemplar.coding_id == coding_id
            ))
            if ex is None:
                raise NotFound(f"coding {coding_id} is not an exemplar of {theme.name!r}")
            changes = ChangeSet()
            changes.deleted("exemplar", orm_image(ex))
            s.execute(delete(Exemplar).where(Exemplar.id == ex.id))
            self._done(s, "theme.exemplar", f"unstarred coding {coding_id} for {theme.name}",
                       changes)
            key = theme.key
        return self._result(key)

    def trim_exemplar(self, ref: str, coding_id: int, trimmed: str | None) -> ThemeChange:
        with self.wb.store.write() as s:
            theme = ThemeIndex(s).get(ref)
            ex = s.scalar(select(Exemplar).where(
                Exemplar.theme_id == theme.id, Exemplar.coding_id == coding_id
            ))
            if ex is None:
                raise NotFound(f"coding {coding_id} is not an exemplar of {theme.name!r}")
            if trimmed is not None:
                check_trim(s.get_one(Coding, coding_id).quote, trimmed)
            changes = ChangeSet()
            before = orm_image(ex)
            ex.trimmed = trimmed
            s.flush()
            changes.updated("exemplar", before, orm_image(ex))
            self._done(s, "theme.exemplar", f"trimmed the quote of coding {coding_id}", changes)
            key = theme.key
        return self._result(key)


def _taken(theme: Theme, name: str) -> str:
    if theme.status == "discarded":
        return (
            f"a discarded theme is named {name!r} (id {theme.key}): bring it back with "
            f"'themework theme status {theme.key} candidate', or rename it first"
        )
    return f"a theme named {name!r} already exists"


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


def _codes_under(s: Session, theme: Theme) -> set[int]:
    """Ids of the codes of THEME and of its sub-themes, however deep."""
    kids: dict[int | None, list[int]] = {}
    for tid, parent in s.execute(select(Theme.id, Theme.parent_id)).all():
        kids.setdefault(parent, []).append(tid)
    todo, seen = [theme.id], set()
    while todo:
        cur = todo.pop()
        if cur not in seen:
            seen.add(cur)
            todo += kids.get(cur, [])
    return set(s.scalars(select(ThemeCode.code_id).where(ThemeCode.theme_id.in_(seen))))


def _is_under(index: ThemeIndex, theme: Theme, ancestor: Theme) -> bool:
    cur, seen = theme, set()
    while cur.parent_id is not None and cur.parent_id not in seen:
        if cur.parent_id == ancestor.id:
            return True
        seen.add(cur.parent_id)
        cur = index.by_id[cur.parent_id]
    return False


def _check_extract_refs(s: Session, narrative: str) -> None:
    from themework.domain.narrative import extract_ids

    ids = extract_ids(narrative)
    if not ids:
        return
    found = set(s.scalars(select(Coding.id).where(Coding.id.in_(ids))))
    missing = sorted(set(ids) - found)
    if missing:
        raise InputError(
            f"the narrative refers to extracts that do not exist: {', '.join(map(str, missing))}"
        )
