"""Loading a YAML codebook into the project and dumping it back, deterministically.

Loading never loses a coding: codes absent from the file are retired (deleted only with
``prune`` when nothing is coded with them), and edits made in the project since the last
load or dump are not overwritten unless the caller says ``theirs``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from themework.domain.codebook import (
    CodebookDoc,
    Problem,
    dump_codebook,
    iter_codes,
    iter_themes,
    lint_codebook,
    parse_codebook,
    slug_id,
)
from themework.domain.errors import Conflict, InputError
from themework.domain.text import name_key, text_hash
from themework.services import codebook_sync as sync
from themework.services.audit import now, record
from themework.services.changes import ChangeSet, image, orm_image
from themework.store.models import Code, Coding, Memo, Project, Theme, ThemeCode
from themework.store.repos.codes import CodeIndex

if TYPE_CHECKING:
    from themework.services.context import ServiceContext


@dataclass(frozen=True)
class LoadReport:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    renamed: tuple[str, ...]  # "old -> new (how)"
    retired: tuple[str, ...]
    deleted: tuple[str, ...]
    reactivated: tuple[str, ...]
    themes_added: tuple[str, ...]
    themes_changed: tuple[str, ...]
    backup: str | None = None

    @property
    def unchanged(self) -> bool:
        return not any(
            (
                self.added,
                self.changed,
                self.renamed,
                self.retired,
                self.deleted,
                self.reactivated,
                self.themes_added,
                self.themes_changed,
            )
        )


def read_file(path: Path) -> str:
    from themework.ingest.decode import decode_bytes

    try:
        return decode_bytes(path.read_bytes(), path, what="a codebook (YAML)")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=path) from None


def lint_file(path: Path) -> list[Problem]:
    if path.suffix.lower() == ".qdc":  # a REFI-QDA codebook: can it be read and loaded?
        from themework.ingest.decode import read_file_bytes
        from themework.refi.qdc import read_qdc

        try:
            read_qdc(read_file_bytes(path), path)
        except InputError as exc:
            return [Problem(str(path), exc.line or 1, exc.column or 1, exc.message)]
        return []
    return lint_codebook(read_file(path), str(path))


class CodebookService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- dump ------------------------------------------------------------------------------
    def _doc(self, s: Session) -> CodebookDoc:
        project = s.scalar(select(Project))
        settings = (project.settings if project else None) or {}
        title = settings.get("codebook_title") or (project.name if project else "")
        index = CodeIndex(s)
        themes = list(s.scalars(select(Theme)))
        links: dict[int, list[int]] = {}
        for tc in s.scalars(select(ThemeCode).order_by(ThemeCode.sort_order, ThemeCode.code_id)):
            links.setdefault(tc.theme_id, []).append(tc.code_id)
        return sync.export_doc(title, index, themes, links)

    def document(self, session: Session | None = None) -> CodebookDoc:
        """The project's codebook as a doc (ids on every code and theme), for exporters;
        in ``session`` when the caller reads more in the same transaction."""
        if session is not None:
            return self._doc(session)
        with self.ctx.store.read() as s:
            return self._doc(s)

    def dump(self) -> str:
        """The project's codebook as YAML; marks the project as in step with that text."""
        with self.ctx.store.write() as s:
            text = dump_codebook(self._doc(s))
            self._mark_synced(s, text)
            return text

    def _mark_synced(self, s: Session, text: str) -> None:
        project = s.scalar(select(Project))
        if project is None:
            return
        project.codebook_hash = text_hash(text)
        project.settings = {
            **(project.settings or {}),
            "codebook_sync": sync.project_fingerprints(CodeIndex(s)),
        }

    def _qdc_doc(self, path: Path) -> CodebookDoc:
        """A ``.qdc`` file as a codebook doc; codes whose GUID themework derived from one of
        this project's codes come back to that code (by id), the rest match by name."""
        from themework.ingest.decode import read_file_bytes
        from themework.refi.guids import guid
        from themework.refi.qdc import read_qdc, to_doc

        book = read_qdc(read_file_bytes(path), path)
        with self.ctx.store.read() as s:
            known = {guid("code", key): key for key in s.scalars(select(Code.key))}
        return to_doc(book, title=path.stem, known=known)

    # -- load ------------------------------------------------------------------------------
    def load(self, path: Path, *, theirs: bool = False, prune: bool = False) -> LoadReport:
        if path.suffix.lower() == ".qdc":  # a REFI-QDA codebook from another tool
            doc = self._qdc_doc(path)
        else:
            doc = parse_codebook(read_file(path), str(path))
        backup = None
        if prune or theirs:  # codes may be deleted or their definitions overwritten
            made = self.ctx.backup("prune" if prune else "theirs")
            backup = str(made) if made else None
        with self.ctx.store.write() as s:
            report = self._load(s, doc, theirs=theirs, prune=prune, source=str(path))
        return LoadReport(**{**report.__dict__, "backup": backup})

    def _load(
        self, s: Session, doc: CodebookDoc, *, theirs: bool, prune: bool, source: str
    ) -> LoadReport:
        index = CodeIndex(s)
        project = s.get_one(Project, s.scalar(select(Project.id)))
        specs = list(iter_codes(doc))
        plan = sync.match_specs(specs, index)
        if not theirs:
            self._refuse_overwrites(s, project, index, plan, source)
        project_before = orm_image(project)
        changes = ChangeSet()
        added, changed, renamed, reactivated = [], [], [], []
        taken = set(index.by_key)
        key_of: dict[int, str] = {}  # id(spec) -> key
        for order, m in enumerate(plan.matches):
            spec = m.spec
            if m.code is None:
                key = spec.id or slug_id(spec.name, taken)
                taken.add(key)
                values = {
                    "key": key,
                    "name": spec.name,
                    "name_key": name_key(spec.name),
                    "aliases": list(spec.aliases),
                    "definition": spec.definition,
                    "include": spec.include,
                    "exclude": spec.exclude,
                    "examples": list(spec.examples),
                    "keywords": list(spec.keywords),
                    "patterns": _patterns(spec.patterns),
                    "colour": spec.colour,
                    "status": "retired" if spec.retired else "active",
                    "exclusive": spec.exclusive,
                    "sort_order": order,
                    "version": 1,
                    "created_at": now(),
                    "parent_id": None,
                }
                new_id = s.execute(insert(Code).returning(Code.id), values).scalar_one()
                values["id"] = new_id
                changes.inserted("code", image(Code.__table__, values))
                new_code = s.get_one(Code, new_id)
                index.by_id[new_id] = new_code
                index.by_key[key] = new_code
                m.code = new_code
                added.append(spec.name)
            key_of[id(spec)] = m.code.key
        for order, m in enumerate(plan.matches):
            code, spec = m.code, m.spec
            assert code is not None
            before = orm_image(code)
            parent = index.by_key[key_of[id(m.parent)]] if m.parent is not None else None
            was_status = code.status
            old_name = code.name
            code.name = spec.name
            code.name_key = name_key(spec.name)
            aliases = list(spec.aliases)
            if (
                m.how in ("alias", "definition")
                and old_name != spec.name
                and name_key(old_name) not in {name_key(a) for a in aliases}
            ):
                aliases.append(old_name)
            code.aliases = aliases
            code.definition, code.include, code.exclude = (
                spec.definition,
                spec.include,
                spec.exclude,
            )
            code.examples, code.keywords = list(spec.examples), list(spec.keywords)
            code.patterns = _patterns(spec.patterns)
            code.colour = spec.colour
            code.status = "retired" if spec.retired else "active"
            code.exclusive = spec.exclusive
            code.merged_into_id = None
            code.parent_id = parent.id if parent is not None else None
            code.sort_order = order
            s.flush()
            after = orm_image(code)
            if _differs(before, after):
                code.version += 1
                s.flush()
                after = orm_image(code)
                if before.get("id") is not None and code.name not in added:
                    if was_status != "active" and code.status == "active":
                        reactivated.append(code.name)
                    elif old_name != code.name:
                        renamed.append(f"{old_name} -> {code.name} ({_how(m)})")
                    else:
                        changed.append(code.name)
            changes.updated("code", before, after)
        claimed = {m.code.id for m in plan.matches if m.code is not None}
        retired, deleted = [], []
        counts = dict(
            s.execute(select(Coding.code_id, func.count()).group_by(Coding.code_id)).all()
        )
        for code in index.codes:
            if code.id in claimed or code.status == "merged":
                continue
            if prune and not counts.get(code.id):
                # What the database would unlink or cascade away with the code is recorded
                # first, so that undo can put it back (children before their parent).
                for child in s.scalars(select(Code).where(Code.parent_id == code.id)):
                    before = orm_image(child)
                    child.parent_id = None
                    s.flush()
                    changes.updated("code", before, orm_image(child))
                for memo in s.scalars(select(Memo).where(Memo.code_id == code.id)):
                    changes.deleted("memo", orm_image(memo))
                for link in s.scalars(select(ThemeCode).where(ThemeCode.code_id == code.id)):
                    changes.deleted("theme_code", orm_image(link))
                s.execute(delete(ThemeCode).where(ThemeCode.code_id == code.id))
                changes.deleted("code", orm_image(code))
                s.execute(delete(Code).where(Code.id == code.id))
                deleted.append(code.name)
            elif code.status == "active":
                before = orm_image(code)
                code.status = "retired"
                code.version += 1
                s.flush()
                changes.updated("code", before, orm_image(code))
                retired.append(code.name)
        # Themes may name codes by what the file calls them (new codes without ids, renamed
        # codes), which the index read before the load does not know.
        themes_added, themes_changed = self._load_themes(s, doc, CodeIndex(s), changes)
        project.settings = {**(project.settings or {}), "codebook_title": doc.title}
        self._mark_synced(s, dump_codebook(self._doc(s)))
        report = LoadReport(
            tuple(added),
            tuple(changed),
            tuple(renamed),
            tuple(retired),
            tuple(deleted),
            tuple(reactivated),
            tuple(themes_added),
            tuple(themes_changed),
        )
        if not report.unchanged:
            # Undo must put back the sync baseline too, or reloading the same file after an
            # undo is refused as if the project had been edited.
            changes.updated("project", project_before, orm_image(project))
            record(
                s,
                self.ctx.coder_id(s),
                "codebook.load",
                f"loaded codebook {Path(source).name}: {len(added)} added, {len(changed)} changed, "
                f"{len(renamed)} renamed, {len(retired)} retired, {len(deleted)} deleted",
                changes,
            )
        return report

    def _refuse_overwrites(
        self, s: Session, project: Project, index: CodeIndex, plan: sync.Plan, source: str
    ) -> None:
        synced: dict[str, str] | None = (project.settings or {}).get("codebook_sync")
        if synced is None:
            return  # never loaded or dumped: nothing of the project's own to protect
        current = sync.project_fingerprints(index)
        edited = {k for k, fp in current.items() if synced.get(k) != fp}
        if not edited:
            return
        at_risk = []
        matched = {m.code.key: m for m in plan.matches if m.code is not None}
        for key in sorted(edited):
            code = index.by_key[key]
            parent = index.by_id[code.parent_id].key if code.parent_id else None
            m = matched.get(key)
            if m is None:
                if code.status == "active":
                    at_risk.append(f"{code.name} (would be retired)")
                continue
            wanted_parent = None
            if m.parent is not None:
                pm = next((x for x in plan.matches if x.spec is m.parent), None)
                wanted_parent = pm.code.key if pm and pm.code else m.parent.id
            if sync.code_fields(code, parent) != sync.spec_fields(m.spec, wanted_parent):
                fields = [
                    f
                    for f, v in sync.code_fields(code, parent).items()
                    if v != sync.spec_fields(m.spec, wanted_parent)[f]
                ]
                at_risk.append(f"{code.name} ({', '.join(fields)})")
        if at_risk:
            raise Conflict(
                f"{source}: the project's codebook was changed since it was last loaded or "
                f"dumped, and loading would overwrite: {'; '.join(at_risk)}. "
                "Dump it first (themework codebook dump -o FILE) and merge, or load the file's "
                "version over the project's",
                options=("theirs",),
            )

    def _load_themes(
        self, s: Session, doc: CodebookDoc, index: CodeIndex, changes: ChangeSet
    ) -> tuple[list[str], list[str]]:
        themes = list(s.scalars(select(Theme)))
        by_key = {t.key: t for t in themes}
        by_name = {t.name_key: t for t in themes}
        added, changed = [], []
        keys_by_spec: dict[int, Theme] = {}
        for order, (spec, parent) in enumerate(iter_themes(doc)):
            theme = (by_key.get(spec.id) if spec.id else None) or by_name.get(name_key(spec.name))
            parent_theme = keys_by_spec.get(id(parent)) if parent is not None else None
            if theme is None:
                key = spec.id or slug_id(spec.name, set(by_key))
                theme = Theme(
                    key=key,
                    name=spec.name,
                    name_key=name_key(spec.name),
                    status="candidate",
                    definition=spec.definition,
                    central_concept=spec.central_concept,
                    scope=spec.scope,
                    narrative="",
                    sort_order=order,
                    version=1,
                    created_at=now(),
                    parent_id=parent_theme.id if parent_theme else None,
                )
                s.add(theme)
                s.flush()
                by_key[key] = theme
                changes.inserted("theme", orm_image(theme))
                added.append(spec.name)
            else:
                before = orm_image(theme)
                theme.name, theme.name_key = spec.name, name_key(spec.name)
                theme.definition = spec.definition or theme.definition
                theme.central_concept = spec.central_concept or theme.central_concept
                theme.scope = spec.scope or theme.scope
                theme.parent_id = parent_theme.id if parent_theme else theme.parent_id
                theme.sort_order = order
                if theme.status == "discarded":
                    theme.status = "candidate"
                s.flush()
                if _differs(before, orm_image(theme)):
                    changed.append(spec.name)
                changes.updated("theme", before, orm_image(theme))
            keys_by_spec[id(spec)] = theme
            wanted = []
            for ref in spec.codes:
                code = index.find(ref)
                if code is not None and code.id not in wanted:
                    wanted.append(code.id)
            links = list(s.scalars(select(ThemeCode).where(ThemeCode.theme_id == theme.id)))
            if [ln.code_id for ln in sorted(links, key=lambda x: x.sort_order)] != wanted:
                for ln in links:
                    changes.deleted("theme_code", orm_image(ln))
                s.execute(delete(ThemeCode).where(ThemeCode.theme_id == theme.id))
                for i, cid in enumerate(wanted):
                    row = {"theme_id": theme.id, "code_id": cid, "sort_order": i}
                    s.execute(insert(ThemeCode), row)
                    changes.inserted("theme_code", row)
                if spec.name not in added and spec.name not in changed:
                    changed.append(spec.name)
        return added, changed


def _patterns(patterns: Any) -> list[Any]:
    return [list(p) if isinstance(p, tuple) else p for p in patterns]


_BOOKKEEPING = {"sort_order", "version"}


def _differs(before: dict[str, Any], after: dict[str, Any]) -> bool:
    return any(before.get(k) != v for k, v in after.items() if k not in _BOOKKEEPING)


def _how(m: sync.Match) -> str:
    if m.how == "definition":
        return f"matched by definition, {m.score:.0f}%"
    return f"matched by {m.how}"
