"""The shape of the theme tree: create, rename, place codes, set status, discard, move,
merge and split themes.

A theme may collapse codes that another theme also holds (allowed, reported as a warning).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from themework.domain.codebook import slug_id
from themework.domain.errors import Conflict, InputError
from themework.domain.plural import plural
from themework.domain.text import name_key
from themework.domain.tree import within
from themework.services.audit import now
from themework.services.changes import ChangeSet, image, orm_image
from themework.services.theme_base import ThemeServiceBase
from themework.services.theme_index import STATUSES, ThemeChange
from themework.store.models import Theme
from themework.store.repos import themes as repo
from themework.store.repos.codes import CodeIndex
from themework.store.repos.themes import ThemeIndex

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class ThemeStructureOps(ThemeServiceBase):
    """Operations on the theme tree and on which codes each theme holds."""

    def create(
        self, name: str, *, parent: str | None = None, codes: Sequence[str] = (),
        definition: str = "", theme_id: str | None = None,
    ) -> ThemeChange:
        if not name.strip():
            raise InputError("a theme needs a name")
        with self.ctx.store.write() as s:
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
                "sort_order": repo.next_theme_order(s), "version": 1, "created_at": now(),
            }
            theme = repo.insert_theme(s, values)
            changes = ChangeSet()
            changes.inserted("theme", image(Theme.__table__, {**values, "id": theme.id}))
            warnings = self._link(s, theme, codes, changes)
            self._done(s, "theme.create", f"created theme {name}", changes)
        return self._result(key, warnings)

    def _link(
        self, s: Session, theme: Theme, refs: Sequence[str], changes: ChangeSet
    ) -> list[str]:
        codes = CodeIndex(s)
        existing = {tc.code_id: tc for tc in repo.links_of(s, theme.id)}
        order = 1 + max((tc.sort_order for tc in existing.values()), default=-1)
        added = []
        for ref in refs:
            code = codes.get(ref)
            if code.id in existing or code.id in added:
                continue
            row = {"theme_id": theme.id, "code_id": code.id, "sort_order": order}
            repo.insert_link(s, row)
            changes.inserted("theme_code", row)
            added.append(code.id)
            order += 1
        return self._code_warnings(s, theme, added)

    @staticmethod
    def _code_warnings(s: Session, theme: Theme, code_ids: Sequence[int]) -> list[str]:
        codes = CodeIndex(s)
        out = []
        for cid in code_ids:
            others = repo.other_themes_holding(s, cid, theme.id)
            if others:
                out.append(
                    f"code {codes.by_id[cid].name!r} is also in {', '.join(sorted(others))}"
                )
        return out

    def add_codes(self, theme_ref: str, codes: Sequence[str]) -> ThemeChange:
        with self.ctx.store.write() as s:
            theme = ThemeIndex(s).get(theme_ref)
            changes = ChangeSet()
            warnings = self._link(s, theme, codes, changes)
            index = CodeIndex(s)
            names = ", ".join(index.get(ref).name for ref in codes)  # refs may be keys
            self._done(s, "theme.add-code", f"added {names} to {theme.name}", changes)
            key = theme.key
        return self._result(key, warnings)

    def remove_codes(self, theme_ref: str, codes: Sequence[str]) -> ThemeChange:
        with self.ctx.store.write() as s:
            theme = ThemeIndex(s).get(theme_ref)
            index = CodeIndex(s)
            changes = ChangeSet()
            for ref in codes:
                code = index.get(ref)
                link = repo.link(s, theme.id, code.id)
                if link is None:
                    raise InputError(f"code {code.name!r} is not in theme {theme.name!r}")
                changes.deleted("theme_code", orm_image(link))
                repo.drop(s, [link])
            s.flush()
            names = ", ".join(index.get(ref).name for ref in codes)
            self._done(s, "theme.remove-code", f"removed {names} from {theme.name}", changes)
            key = theme.key
        return self._result(key)

    def rename(self, ref: str, new_name: str, version: int | None = None) -> ThemeChange:
        with self.ctx.store.write() as s:
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

    def set_status(self, ref: str, status: str) -> ThemeChange:
        if status not in STATUSES:
            raise InputError(f"a theme's status is one of {', '.join(STATUSES)}")
        with self.ctx.store.write() as s:
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
        with self.ctx.store.write() as s:
            theme = ThemeIndex(s).get(ref)
            changes = ChangeSet()
            self._lift_children(s, theme, changes)
            self._bump(s, theme, changes, status="discarded")
            self._done(s, "theme.discard", f"discarded theme {theme.name}", changes)
            key = theme.key
        return self._result(key)

    def _lift_children(self, s: Session, theme: Theme, changes: ChangeSet) -> None:
        # A sub-theme under a discarded theme would vanish from lists, analysis and report.
        for child in repo.children_of(s, theme.id):
            self._bump(s, child, changes, parent_id=theme.parent_id)

    def move(self, ref: str, parent: str | None, order: int | None = None) -> ThemeChange:
        """Put a theme under PARENT (None: the top level), at position ORDER (from 1) among
        its new siblings, or after them."""
        if order is not None and order < 1:
            raise InputError("a theme's position among its siblings counts from 1")
        with self.ctx.store.write() as s:
            index = ThemeIndex(s)
            theme = index.get(ref)
            new_parent = index.get(parent) if parent else None
            if within(theme.id, new_parent, index.by_id):
                raise InputError(f"cannot move {theme.name!r} under its own sub-theme")
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
        with self.ctx.store.write() as s:
            index = ThemeIndex(s)
            target = index.get(into)
            changes = ChangeSet()
            codes = CodeIndex(s)
            for ref in sources:
                src = index.get(ref)
                if src.id == target.id:
                    raise InputError(f"cannot merge {src.name!r} into itself")
                links = repo.links_of(s, src.id)
                self._link(s, target, [codes.by_id[tc.code_id].key for tc in links], changes)
                for link in links:
                    changes.deleted("theme_code", orm_image(link))
                repo.drop(s, links)
                have = repo.exemplars_of(s, target.id)
                starred = {ex.coding_id for ex in have}
                n = 1 + max((ex.sort_order for ex in have), default=-1)
                for ex in repo.exemplars_of(s, src.id):
                    if ex.coding_id in starred:
                        # Both themes starred the same extract: the target's entry stays.
                        changes.deleted("exemplar", orm_image(ex))
                        repo.drop(s, [ex])
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
                for child in repo.children_of(s, src.id, but=target.id):
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
        with self.ctx.store.write() as s:
            index = ThemeIndex(s)
            src = index.get(ref)
            if name_key(new_name) in index.by_name:
                raise Conflict(_taken(index.by_name[name_key(new_name)], new_name))
            cindex = CodeIndex(s)
            moving = [cindex.get(c) for c in codes]
            for c in moving:
                if repo.link(s, src.id, c.id) is None:
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
            tid = repo.insert_theme(s, values).id
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
                link = repo.link(s, src.id, c.id)
                assert link is not None  # checked above
                changes.deleted("theme_code", orm_image(link))
                repo.drop(s, [link])
                row = {"theme_id": tid, "code_id": c.id, "sort_order": i}
                s.flush()
                repo.insert_link(s, row)
                changes.inserted("theme_code", row)
            moved_codes = {c.id for c in moving}
            n = 0
            for ex, code_id in repo.exemplars_with_codes(s, src.id):
                if code_id in moved_codes:
                    before = orm_image(ex)
                    ex.theme_id, ex.sort_order = tid, n
                    n += 1
                    s.flush()
                    changes.updated("exemplar", before, orm_image(ex))
            self._done(s, "theme.split",
                       f"split {plural(len(moving), 'code')} of {src.name} into {new_name}",
                       changes)
        return self._result(key)


def _taken(theme: Theme, name: str) -> str:
    if theme.status == "discarded":
        return (
            f"a discarded theme is named {name!r} (id {theme.key}): bring it back with "
            f"'themework theme status {theme.key} candidate', or rename it first"
        )
    return f"a theme named {name!r} already exists"


def _is_under(index: ThemeIndex, theme: Theme, ancestor: Theme) -> bool:
    cur, seen = theme, set()
    while cur.parent_id is not None and cur.parent_id not in seen:
        if cur.parent_id == ancestor.id:
            return True
        seen.add(cur.parent_id)
        cur = index.by_id[cur.parent_id]
    return False
