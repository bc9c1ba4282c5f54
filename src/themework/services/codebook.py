"""Loading a YAML codebook into the project and dumping it back, deterministically.

Loading never loses a coding: codes absent from the file are retired (deleted only with
``prune`` when nothing is coded with them), and edits made in the project since the last
load or dump are not overwritten unless the caller says ``theirs``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from themework.domain.codebook import (
    CodebookDoc,
    Problem,
    dump_codebook,
    iter_codes,
    lint_codebook,
    parse_codebook,
)
from themework.domain.errors import Conflict, InputError
from themework.domain.text import text_hash
from themework.services import codebook_load as steps
from themework.services import codebook_sync as sync
from themework.services.audit import record
from themework.services.changes import ChangeSet, orm_image
from themework.store.models import Project
from themework.store.repos.codes import CodeIndex
from themework.store.repos.project import project_row
from themework.store.repos.themes import ThemeIndex, theme_code_links

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

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


def is_refi_codebook(path: Path) -> bool:
    """A REFI-QDA codebook by its name (.qdc) or by its content (XML, which no YAML
    codebook starts with: a tool's codebook saved as .xml). A .qdpx (a zip) is refused
    naming the command that reads it, rather than as a binary YAML file."""
    if path.suffix.lower() == ".qdc":
        return True
    try:
        with path.open("rb") as fh:
            head = fh.read(64)
    except OSError:
        return False  # reading it as YAML says why in the usual words
    if head.startswith(b"PK\x03\x04"):
        raise InputError("a zip archive, not a codebook: a REFI-QDA project (.qdpx) comes "
                         "in with 'themework import qdpx FILE'", file=path)
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def lint_file(path: Path) -> list[Problem]:
    if is_refi_codebook(path):  # a REFI-QDA codebook: can it be read and loaded?
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
        project = project_row(s)
        settings = (project.settings if project else None) or {}
        title = settings.get("codebook_title") or (project.name if project else "")
        links = {tid: [code_id for _, code_id in sorted(pairs)]
                 for tid, pairs in theme_code_links(s).items()}
        return sync.export_doc(title, CodeIndex(s), ThemeIndex(s).themes, links)

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
        project = project_row(s)
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
            known = {guid("code", key): key for key in CodeIndex(s).by_key}
        return to_doc(book, title=path.stem, known=known)

    # -- load ------------------------------------------------------------------------------
    def load(self, path: Path, *, theirs: bool = False, prune: bool = False) -> LoadReport:
        if is_refi_codebook(path):  # a REFI-QDA codebook from another tool
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
        project = project_row(s)
        assert project is not None  # a project open for writing has its row
        specs = list(iter_codes(doc))
        plan = sync.match_specs(specs, index)
        if not theirs:
            self._refuse_overwrites(s, project, index, plan, source)
        project_before = orm_image(project)
        changes = ChangeSet()
        tally = steps.CodeTally()
        key_of = steps.add_new_codes(s, plan, index, changes, tally)
        steps.apply_specs(s, plan, index, key_of, changes, tally)
        steps.drop_unclaimed(s, plan, index, prune=prune, changes=changes, tally=tally)
        # Themes may name codes by what the file calls them (new codes without ids, renamed
        # codes), which the index read before the load does not know.
        themes_added, themes_changed = steps.load_themes(s, doc, CodeIndex(s), changes)
        project.settings = {**(project.settings or {}), "codebook_title": doc.title}
        self._mark_synced(s, dump_codebook(self._doc(s)))
        report = LoadReport(
            tuple(tally.added),
            tuple(tally.changed),
            tuple(tally.renamed),
            tuple(tally.retired),
            tuple(tally.deleted),
            tuple(tally.reactivated),
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
                f"loaded codebook {Path(source).name}: {len(tally.added)} added, "
                f"{len(tally.changed)} changed, {len(tally.renamed)} renamed, "
                f"{len(tally.retired)} retired, {len(tally.deleted)} deleted",
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
