"""Themes from an imported REFI-QDA project's sets (``refi_store`` writes the rest).

A themework export carries each theme as a set, with its sub-theme parent in the
description and its narrative as a note named "Narrative" (refi/qdc.py); other producers'
sets become themes when they group codes.
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from themework.domain.codebook import slug_id
from themework.domain.text import name_key
from themework.refi import model
from themework.refi.guids import guid
from themework.refi.qdc import NARRATIVE_NOTE, parent_of
from themework.services.audit import now
from themework.services.changes import ChangeSet, orm_image
from themework.store.models import Theme
from themework.store.repos.themes import ThemeIndex, insert_link, links_of


def themes(
    s: Session, project: model.Project, code_ids: dict[str, int], extracts: dict[str, int],
    changes: ChangeSet,
) -> dict[str, int]:
    """Set GUID -> theme id, for sets of codes (found by name, else created).

    From a themework export every set is a theme (one grouping only sub-themes has no
    codes), a sub-theme under the parent its description names, and the note named
    "Narrative" among its notes its narrative (refi/qdc.py), its extract references
    pointed at the codings as stored here (``extracts``: selection GUID -> coding id)."""
    ours = from_themework(project)
    narratives = {
        g: _renumber(text, extracts) for g, text in theme_narratives(project).items()
    } if ours else {}
    existing = dict(ThemeIndex(s).by_name)
    taken = {t.key for t in existing.values()}
    out: dict[str, int] = {}
    for n, group in enumerate(project.sets):
        members = [code_ids[g] for g in group.codes if g in code_ids]
        if not members and not ours:
            continue
        definition, parent = parent_of(group.description) if ours else (group.description, None)
        theme = existing.get(name_key(group.name))
        if theme is None:
            key = slug_id(group.name, taken, fallback="theme")
            taken.add(key)
            above = existing.get(name_key(parent)) if parent else None
            theme = Theme(
                key=key, name=group.name, name_key=name_key(group.name),
                definition=definition, central_concept="", scope="",
                narrative=narratives.get(group.guid, ""), status="candidate", sort_order=n,
                version=1, created_at=now(), parent_id=above.id if above else None,
            )
            s.add(theme)
            s.flush()
            existing[theme.name_key] = theme
            changes.inserted("theme", orm_image(theme))
        elif not theme.narrative and narratives.get(group.guid):
            before = orm_image(theme)
            theme.narrative = narratives[group.guid]  # a narrative here already is kept
            s.flush()
            changes.updated("theme", before, orm_image(theme))
        linked = {link.code_id for link in links_of(s, theme.id)}
        for i, cid in enumerate(dict.fromkeys(members)):
            if cid not in linked:
                row = {"theme_id": theme.id, "code_id": cid, "sort_order": len(linked) + i}
                insert_link(s, row)
                changes.inserted("theme_code", row)
        out[group.guid] = theme.id
    return out


def _renumber(narrative: str, extracts: dict[str, int]) -> str:
    """``{{extract:N}}`` of the exporting project as the same coding's id here; one whose
    coding did not come in is said so, never left to name another coding."""
    from themework.domain.narrative import EXTRACT_REF

    def one(m: re.Match[str]) -> str:
        here = extracts.get(guid("coding", int(m.group(1))))
        return f"{{{{extract:{here}}}}}" if here is not None else "(an extract not imported)"

    return EXTRACT_REF.sub(one, narrative)


def narrative_notes(project: model.Project, theme_ids: dict[str, int]) -> set[str]:
    """The notes of a themework export that are narratives of the themes imported."""
    if not from_themework(project):
        return set()
    named = {n.guid for n in project.notes if n.name == NARRATIVE_NOTE}
    return {n for g in project.sets if g.guid in theme_ids for n in g.notes} & named


def from_themework(project: model.Project) -> bool:
    return project.origin.lower().startswith("themework")


def theme_narratives(project: model.Project) -> dict[str, str]:
    """Set GUID -> the text of its "Narrative" note, in a themework export."""
    named = {n.guid: n for n in project.notes if n.name == NARRATIVE_NOTE}
    out: dict[str, str] = {}
    for group in project.sets:
        found = [named[g] for g in group.notes if g in named]
        if found:
            out[group.guid] = found[0].text
    return out
