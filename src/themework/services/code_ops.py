"""Refining the codebook in the project: add, edit, rename, merge, split, move, retire.

None of these loses a coded extract: merge moves codings, split moves chosen ones, retire
keeps them. Each operation is one audit event and can be undone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from themework.domain.codebook import slug_id
from themework.domain.errors import Conflict, InputError
from themework.domain.plural import plural
from themework.domain.text import name_key
from themework.domain.tree import within
from themework.services import audit
from themework.services.audit import PartedChanges, now, record
from themework.services.changes import ChangeSet, image, orm_image, versioned_update
from themework.services.codes import CodeInfo, code_infos
from themework.store.models import Code, Coding, Exemplar, Memo
from themework.store.repos import themes
from themework.store.repos.codes import (
    CodeIndex,
    children_of,
    insert_code,
    lock_codes,
    next_code_order,
)
from themework.store.repos.codings import (
    coding_entity,
    codings_of_code,
    codings_to_move,
    drop_coding,
    recode,
)
from themework.store.repos.memos import memos_on

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from themework.services.context import ServiceContext

EDITABLE = ("definition", "include", "exclude", "colour", "examples", "keywords", "aliases")


def _fields(unknown: set[str]) -> str:
    """"field x" or "fields x, y": the unknown names in one phrase."""
    return f"{'field' if len(unknown) == 1 else 'fields'}: {', '.join(sorted(unknown))}"


class CodeOpsService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def list(self, include_retired: bool = False, coder: str | None = None) -> list[CodeInfo]:
        """The codebook; with ``coder``, each code's codings count that coder's alone."""
        with self.ctx.store.read() as s:
            return code_infos(s, include_retired, coder)

    def get(self, ref: str) -> CodeInfo:
        with self.ctx.store.read() as s:
            key = CodeIndex(s).get(ref).key
            return next(c for c in code_infos(s, True) if c.id == key)

    @staticmethod
    def _check_name(index: CodeIndex, name: str, exclude: Code | None = None) -> None:
        if not name.strip():
            raise InputError("a code needs a name")
        clash = index.by_name.get(name_key(name)) or index.by_alias.get(name_key(name))
        if clash is not None and clash is not exclude and clash.status != "merged":
            raise Conflict(f"a code named {clash.name!r} already exists ({clash.key})")

    def _update(
        self,
        s: Session,
        code: Code,
        changes: ChangeSet,
        expected_version: int | None = None,
        **values: Any,
    ) -> None:
        versioned_update(s, code, changes, expected_version, **values)

    def add(
        self, name: str, *, parent: str | None = None, id: str | None = None, **fields: Any
    ) -> CodeInfo:
        with self.ctx.store.write() as s:
            index = CodeIndex(s)
            self._check_name(index, name)
            if id is not None and id in index.by_key:
                raise Conflict(f"the id {id!r} is taken by {index.by_key[id].name!r}")
            parent_id = index.get(parent).id if parent else None
            key = id or slug_id(name, set(index.by_key))
            unknown = set(fields) - set(EDITABLE)
            if unknown:
                raise InputError(f"unknown code {_fields(unknown)}")
            values = {
                "key": key,
                "name": name.strip(),
                "name_key": name_key(name),
                "aliases": list(fields.get("aliases", [])),
                "definition": fields.get("definition", ""),
                "include": fields.get("include", ""),
                "exclude": fields.get("exclude", ""),
                "examples": list(fields.get("examples", [])),
                "keywords": list(fields.get("keywords", [])),
                "patterns": [],
                "colour": fields.get("colour", ""),
                "parent_id": parent_id,
                "status": "active",
                "sort_order": next_code_order(s),
                "version": 1,
                "created_at": now(),
            }
            new_id = insert_code(s, values).id
            changes = ChangeSet()
            changes.inserted("code", image(Code.__table__, {**values, "id": new_id}))
            record(s, self.ctx.coder_id(s), "code.add", f"added code {name}", changes)
        return self.get(key)

    def edit(self, ref: str, expected_version: int | None = None, **fields: Any) -> CodeInfo:
        unknown = set(fields) - set(EDITABLE)
        if unknown:
            raise InputError(f"unknown code {_fields(unknown)}")
        if fields.get("colour"):
            import re

            if not re.fullmatch(r"#[0-9a-fA-F]{6}", fields["colour"]):
                raise InputError("a colour is written #rrggbb")
        with self.ctx.store.write() as s:
            code = CodeIndex(s).get(ref)
            changes = ChangeSet()
            self._update(s, code, changes, expected_version, **fields)
            record(s, self.ctx.coder_id(s), "code.edit", f"edited code {code.name}", changes)
            key = code.key
        return self.get(key)

    def rename(self, ref: str, new_name: str, expected_version: int | None = None) -> CodeInfo:
        with self.ctx.store.write() as s:
            index = CodeIndex(s)
            code = index.get(ref)
            self._check_name(index, new_name, exclude=code)
            old = code.name
            aliases = [a for a in code.aliases if name_key(a) != name_key(new_name)]
            if name_key(old) != name_key(new_name) and old not in aliases:
                aliases.append(old)  # the old name still finds the code
            changes = ChangeSet()
            self._update(
                s,
                code,
                changes,
                expected_version,
                name=new_name.strip(),
                name_key=name_key(new_name),
                aliases=aliases,
            )
            record(
                s, self.ctx.coder_id(s), "code.rename", f"renamed code {old} to {new_name}", changes
            )
            key = code.key
        return self.get(key)

    def merge(self, sources: Sequence[str], into: str) -> tuple[CodeInfo, int]:
        """Move every coding of SOURCES to INTO; sources become aliases, marked merged."""
        with self.ctx.store.write() as s:
            lock_codes(s)
            index = CodeIndex(s)
            target = index.get(into)
            changes = PartedChanges(s, self.ctx.coder_id(s), "code.merge")
            moved = 0
            aliases = list(target.aliases)
            for ref in sources:
                src = index.get(ref)
                if src.id == target.id:
                    raise InputError(f"cannot merge {src.name!r} into itself")
                moved += _move_codings(s, src, target, changes)
                if _is_under(index, target, src):
                    # Otherwise the target would become its own ancestor and drop out of the tree.
                    self._update(s, target, changes, parent_id=src.parent_id)
                for child in children_of(s, src.id):
                    self._update(s, child, changes, parent_id=target.id)
                _relink_themes(s, src, target, changes)
                for name in [src.name, *src.aliases]:
                    if name_key(name) not in {name_key(a) for a in aliases} | {target.name_key}:
                        aliases.append(name)
                self._update(s, src, changes, status="merged", merged_into_id=target.id)
            self._update(s, target, changes, aliases=aliases)
            changes.finish(
                f"merged {', '.join(sources)} into {target.name} ({plural(moved, 'coding')} moved)"
            )
            key = target.key
        return self.get(key), moved

    def split(
        self,
        ref: str,
        new_name: str,
        *,
        coding_ids: Sequence[int] = (),
        match: str | None = None,
        definition: str = "",
    ) -> tuple[CodeInfo, int]:
        """Move chosen codings (by id, or those whose text contains MATCH) to a new code."""
        if not coding_ids and not match:
            raise InputError("say which codings move: give coding ids or a text to match",
                             options=("match",))
        with self.ctx.store.write() as s:
            index = CodeIndex(s)
            src = index.get(ref)
            self._check_name(index, new_name)
            codings = codings_of_code(s, src.id)
            chosen = _chosen(codings, src, coding_ids, match)
            key = slug_id(new_name, set(index.by_key))
            values = _split_code_values(src, key, new_name, definition)
            new_id = insert_code(s, values).id
            changes = PartedChanges(s, self.ctx.coder_id(s), "code.split")
            changes.inserted("code", image(Code.__table__, {**values, "id": new_id}))
            for c in chosen:
                changes.updated("coding", {"id": c.id, "code_id": src.id},
                                {"id": c.id, "code_id": new_id})  # fmt: skip
            recode(s, [c.id for c in chosen], new_id)
            changes.finish(f"split {plural(len(chosen), 'coding')} of {src.name} into {new_name}")
        return self.get(key), len(chosen)

    def move(self, ref: str, parent: str | None) -> CodeInfo:
        with self.ctx.store.write() as s:
            index = CodeIndex(s)
            code = index.get(ref)
            new_parent = index.get(parent) if parent else None
            if within(code.id, new_parent, index.by_id):
                raise InputError(f"cannot move {code.name!r} under its own descendant")
            changes = ChangeSet()
            self._update(s, code, changes, parent_id=new_parent.id if new_parent else None)
            where = new_parent.name if new_parent else "the top level"
            record(
                s, self.ctx.coder_id(s), "code.move", f"moved {code.name} under {where}", changes
            )
            key = code.key
        return self.get(key)

    def retire(self, ref: str, reactivate: bool = False) -> CodeInfo:
        with self.ctx.store.write() as s:
            code = CodeIndex(s).get(ref)
            if code.status == "merged":
                raise InputError(f"{code.name!r} was merged; undo the merge instead")
            changes = ChangeSet()
            self._update(s, code, changes, status="active" if reactivate else "retired")
            verb = "reactivated" if reactivate else "retired"
            record(
                s,
                self.ctx.coder_id(s),
                f"code.{'reactivate' if reactivate else 'retire'}",
                f"{verb} code {code.name}",
                changes,
            )
            key = code.key
        return self.get(key)


def _is_under(index: CodeIndex, code: Code, ancestor: Code) -> bool:
    seen: set[int] = set()
    cur = code
    while cur.parent_id is not None and cur.parent_id not in seen:
        if cur.parent_id == ancestor.id:
            return True
        seen.add(cur.parent_id)
        cur = index.by_id[cur.parent_id]
    return False


def _repoint(s: Session, old_id: int, new_id: int, changes: ChangeSet) -> None:
    """Hand a coding's memos and exemplars to the coding that replaces it (the database
    would cascade them away unrecorded); a theme never stars the same coding twice."""
    hangers: list[Memo | Exemplar] = [
        *memos_on(s, coding_id=old_id), *themes.exemplars_starring(s, old_id),
    ]
    starred = {ex.theme_id for ex in themes.exemplars_starring(s, new_id)}
    for dep in hangers:
        if isinstance(dep, Exemplar) and dep.theme_id in starred:
            changes.deleted("exemplar", orm_image(dep))
            themes.drop(s, [dep])
            s.flush()
            continue
        before = orm_image(dep)
        dep.coding_id = new_id
        s.flush()
        changes.updated(dep.__tablename__, before, orm_image(dep))
        if isinstance(dep, Exemplar):
            starred.add(dep.theme_id)


def _move_codings(s: Session, src: Code, target: Code, changes: ChangeSet) -> int:
    """Give the target code every coding of ``src``, read and moved a part at a time; a
    coding the same coder already made of the same span with the target is folded into that
    one. Returns how many moved."""
    moved = after = 0
    while part := codings_to_move(s, src.id, target.id, after, audit.PART_ROWS):
        here: dict[tuple[str, int, int, int], int] = {}  # moved in this part, not yet written
        ids: list[int] = []
        for cid, tid, start, end, coder, twin in part:
            same = (tid, start, end, coder)
            into = twin if twin is not None else here.get(same)
            if into is None:
                changes.updated("coding", {"id": cid, "code_id": src.id},
                                {"id": cid, "code_id": target.id})  # fmt: skip
                ids.append(cid)
                here[same] = cid
            else:
                _fold(s, cid, into, changes)
        recode(s, ids, target.id)
        moved += len(part)
        after = part[-1][0]
    return moved


def _fold(s: Session, coding_id: int, into: int, changes: ChangeSet) -> None:
    """Drop a coding for the same one of the target code, handing it its memos first."""
    coding = coding_entity(s, coding_id)
    assert coding is not None  # read and locked by this transaction
    before = orm_image(coding)
    _repoint(s, coding_id, into, changes)
    changes.deleted("coding", before)
    drop_coding(s, coding)
    s.flush()


def _relink_themes(s: Session, src: Code, target: Code, changes: ChangeSet) -> None:
    """Themes that held ``src`` hold the target instead (once), in the same place."""
    for link in themes.links_to(s, src.id):
        changes.deleted("theme_code", orm_image(link))
        has = themes.link(s, link.theme_id, target.id)
        themes.drop(s, [link])
        s.flush()
        if has is None:
            row = {
                "theme_id": link.theme_id,
                "code_id": target.id,
                "sort_order": link.sort_order,
            }
            themes.insert_link(s, row)
            changes.inserted("theme_code", row)


def _chosen(
    codings: list[Coding], src: Code, coding_ids: Sequence[int], match: str | None
) -> list[Coding]:
    """The codings of ``src`` a split moves: those named by id (each must be one of its
    codings), else those whose text contains ``match``."""
    if coding_ids:
        chosen = [c for c in codings if c.id in set(coding_ids)]
        missing = set(coding_ids) - {c.id for c in chosen}
        if missing:
            ids = ", ".join(map(str, sorted(missing)))
            raise InputError(
                f"coding {ids} is not a coding of {src.name!r}" if len(missing) == 1
                else f"codings {ids} are not codings of {src.name!r}"
            )
    else:
        needle = (match or "").casefold()
        chosen = [c for c in codings if needle in c.quote.casefold()]
        if not chosen:
            raise InputError(f"no coding of {src.name!r} contains that text")
    return chosen


def _split_code_values(src: Code, key: str, new_name: str, definition: str) -> dict[str, Any]:
    """The new code of a split: a sibling of ``src``, in its place in the order."""
    return {
        "key": key,
        "name": new_name.strip(),
        "name_key": name_key(new_name),
        "aliases": [],
        "definition": definition,
        "include": "",
        "exclude": "",
        "examples": [],
        "keywords": [],
        "patterns": [],
        "colour": "",
        "parent_id": src.parent_id,
        "status": "active",
        "sort_order": src.sort_order,
        "version": 1,
        "created_at": now(),
    }
