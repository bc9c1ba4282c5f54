"""The steps of loading a codebook doc into the project, inside the caller's transaction.

``CodebookService.load`` runs them in order: add the codes the file brings, bring every
matched code in line with its spec, retire (or prune) the codes the file left out, then the
themes and their code lists. Each step records its row images in the ``ChangeSet`` so that
the load is undone as one step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from themework.domain.codebook import CodebookDoc, CodeSpec, ThemeSpec, iter_themes, slug_id
from themework.domain.text import name_key
from themework.services import codebook_sync as sync
from themework.services.audit import now
from themework.services.changes import ChangeSet, image, orm_image
from themework.store.models import Code, Theme
from themework.store.repos import codes as code_repo
from themework.store.repos import themes as theme_repo
from themework.store.repos.codes import CodeIndex
from themework.store.repos.memos import memos_on

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass
class CodeTally:
    """Names of the codes each kind of change touched, in the order the load met them."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)  # "old -> new (how)"
    reactivated: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


def add_new_codes(
    s: Session, plan: sync.Plan, index: CodeIndex, changes: ChangeSet, tally: CodeTally
) -> dict[int, str]:
    """Insert a code for each spec nothing matched; returns each spec's code key by
    ``id(spec)``, so that parents can be found once every code exists."""
    taken = set(index.by_key)
    key_of: dict[int, str] = {}
    for order, m in enumerate(plan.matches):
        spec = m.spec
        if m.code is None:
            key = spec.id or slug_id(spec.name, taken)
            taken.add(key)
            values = _new_code_values(spec, key, order)
            new_code = code_repo.insert_code(s, values)
            new_id = values["id"] = new_code.id
            changes.inserted("code", image(Code.__table__, values))
            index.by_id[new_id] = new_code
            index.by_key[key] = new_code
            m.code = new_code
            tally.added.append(spec.name)
        key_of[id(spec)] = m.code.key
    return key_of


def _new_code_values(spec: CodeSpec, key: str, order: int) -> dict[str, Any]:
    return {
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


def apply_specs(
    s: Session,
    plan: sync.Plan,
    index: CodeIndex,
    key_of: dict[int, str],
    changes: ChangeSet,
    tally: CodeTally,
) -> None:
    """Make every matched code say what its spec says, in the file's order; a code whose
    content changed gets a new version and is reported as changed, renamed or reactivated."""
    for order, m in enumerate(plan.matches):
        code = m.code
        assert code is not None
        before = orm_image(code)
        parent = index.by_key[key_of[id(m.parent)]] if m.parent is not None else None
        was_status = code.status
        old_name = code.name
        _copy_spec(code, m, parent, order)
        s.flush()
        after = orm_image(code)
        if _differs(before, after):
            code.version += 1
            s.flush()
            after = orm_image(code)
            if before.get("id") is not None and code.name not in tally.added:
                if was_status != "active" and code.status == "active":
                    tally.reactivated.append(code.name)
                elif old_name != code.name:
                    tally.renamed.append(f"{old_name} -> {code.name} ({_how(m)})")
                else:
                    tally.changed.append(code.name)
        changes.updated("code", before, after)


def _copy_spec(code: Code, m: sync.Match, parent: Code | None, order: int) -> None:
    spec = m.spec
    old_name = code.name
    code.name = spec.name
    code.name_key = name_key(spec.name)
    aliases = list(spec.aliases)
    # A code found by an alias or its definition keeps its old name as an alias, so that
    # what people called it still finds it.
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


def drop_unclaimed(
    s: Session,
    plan: sync.Plan,
    index: CodeIndex,
    *,
    prune: bool,
    changes: ChangeSet,
    tally: CodeTally,
) -> None:
    """Codes the file no longer names: deleted with ``prune`` when nothing is coded with
    them, otherwise retired (never deleted, so no coding is lost)."""
    claimed = {m.code.id for m in plan.matches if m.code is not None}
    counts = code_repo.coding_counts(s)
    for code in index.codes:
        if code.id in claimed or code.status == "merged":
            continue
        if prune and not counts.get(code.id):
            _delete_code(s, code, changes)
            tally.deleted.append(code.name)
        elif code.status == "active":
            before = orm_image(code)
            code.status = "retired"
            code.version += 1
            s.flush()
            changes.updated("code", before, orm_image(code))
            tally.retired.append(code.name)


def _delete_code(s: Session, code: Code, changes: ChangeSet) -> None:
    # What the database would unlink or cascade away with the code is recorded
    # first, so that undo can put it back (children before their parent).
    for child in code_repo.children_of(s, code.id):
        before = orm_image(child)
        child.parent_id = None
        s.flush()
        changes.updated("code", before, orm_image(child))
    for memo in memos_on(s, code_id=code.id):
        changes.deleted("memo", orm_image(memo))
    for link in theme_repo.links_to(s, code.id):
        changes.deleted("theme_code", orm_image(link))
    theme_repo.delete_links_to(s, code.id)
    changes.deleted("code", orm_image(code))
    code_repo.delete_code(s, code.id)


def load_themes(
    s: Session, doc: CodebookDoc, index: CodeIndex, changes: ChangeSet
) -> tuple[list[str], list[str]]:
    """Add or update the file's themes and set each one's codes; returns the names of the
    themes added and changed."""
    index_of_themes = theme_repo.ThemeIndex(s)
    by_key, by_name = index_of_themes.by_key, index_of_themes.by_name
    added: list[str] = []
    changed: list[str] = []
    keys_by_spec: dict[int, Theme] = {}
    for order, (spec, parent) in enumerate(iter_themes(doc)):
        theme = (by_key.get(spec.id) if spec.id else None) or by_name.get(name_key(spec.name))
        parent_theme = keys_by_spec.get(id(parent)) if parent is not None else None
        if theme is None:
            theme = _add_theme(s, spec, parent_theme, order, by_key, changes)
            added.append(spec.name)
        elif _update_theme(s, theme, spec, parent_theme, order, changes):
            changed.append(spec.name)
        keys_by_spec[id(spec)] = theme
        relinked = _link_codes(s, theme, spec, index, changes)
        if relinked and spec.name not in added and spec.name not in changed:
            changed.append(spec.name)
    return added, changed


def _add_theme(
    s: Session,
    spec: ThemeSpec,
    parent_theme: Theme | None,
    order: int,
    by_key: dict[str, Theme],
    changes: ChangeSet,
) -> Theme:
    key = spec.id or slug_id(spec.name, set(by_key))
    values = {
        "key": key,
        "name": spec.name,
        "name_key": name_key(spec.name),
        "status": "candidate",
        "definition": spec.definition,
        "central_concept": spec.central_concept,
        "scope": spec.scope,
        "narrative": "",
        "sort_order": order,
        "version": 1,
        "created_at": now(),
        "parent_id": parent_theme.id if parent_theme else None,
    }
    theme = theme_repo.insert_theme(s, values)
    by_key[key] = theme
    changes.inserted("theme", image(Theme.__table__, {**values, "id": theme.id}))
    return theme


def _update_theme(
    s: Session,
    theme: Theme,
    spec: ThemeSpec,
    parent_theme: Theme | None,
    order: int,
    changes: ChangeSet,
) -> bool:
    """Whether the theme's content changed. Fields the file leaves empty keep the project's
    text, and a discarded theme the file names comes back as a candidate."""
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
    differs = _differs(before, orm_image(theme))
    changes.updated("theme", before, orm_image(theme))
    return differs


def _link_codes(
    s: Session, theme: Theme, spec: ThemeSpec, index: CodeIndex, changes: ChangeSet
) -> bool:
    """Give the theme exactly the codes the file lists, in its order; whether they changed."""
    wanted = []
    for ref in spec.codes:
        code = index.find(ref)
        if code is not None and code.id not in wanted:
            wanted.append(code.id)
    links = theme_repo.links_of(s, theme.id)
    if [ln.code_id for ln in links] == wanted:
        return False
    for ln in links:
        changes.deleted("theme_code", orm_image(ln))
    theme_repo.delete_links_of(s, theme.id)
    for i, cid in enumerate(wanted):
        row = {"theme_id": theme.id, "code_id": cid, "sort_order": i}
        theme_repo.insert_link(s, row)
        changes.inserted("theme_code", row)
    return True


def _patterns(patterns: Any) -> list[Any]:
    return [list(p) if isinstance(p, tuple) else p for p in patterns]


_BOOKKEEPING = {"sort_order", "version"}


def _differs(before: dict[str, Any], after: dict[str, Any]) -> bool:
    return any(before.get(k) != v for k, v in after.items() if k not in _BOOKKEEPING)


def _how(m: sync.Match) -> str:
    if m.how == "definition":
        return f"matched by definition, {m.score:.0f}%"
    return f"matched by {m.how}"
