"""Themes (phases 3 to 5): collate codes into candidate themes, review, define and name.

A theme may collapse codes that another theme also holds (allowed, reported as a warning).
Every operation is one audit event and can be undone; none touches a coding.

The service is composed from parts kept in their own modules: ``theme_index`` (lookups and
plain objects), ``theme_base`` (reading, and what every change ends with),
``theme_structure`` (create, rename, codes, status, move, merge, split) and
``theme_content`` (definition, narrative, exemplars). The names other modules use are
imported from here.
"""

from __future__ import annotations

from themework.services.theme_content import ThemeContentOps, check_trim
from themework.services.theme_index import (
    STATUSES,
    ExemplarInfo,
    ThemeChange,
    ThemeInfo,
    theme_infos,
)
from themework.services.theme_structure import ThemeStructureOps

__all__ = [
    "STATUSES",
    "ExemplarInfo",
    "ThemeChange",
    "ThemeInfo",
    "ThemeService",
    "check_trim",
    "theme_infos",
]


class ThemeService(ThemeStructureOps, ThemeContentOps):
    """Every theme use case, reached as ``wb.themes``."""
