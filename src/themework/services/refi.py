"""REFI-QDA exchange: codebooks (``.qdc``) and projects (``.qdpx``) out and in.

A ``.qdc`` comes in through the codebook loader (``codebook load x.qdc`` and
``import qdc x.qdc`` are the same call), so it matches, retires and audits exactly as a
YAML codebook does. Project export and import live in ``refi_export`` and ``refi_import``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from themework.services.codebook import CodebookService, LoadReport
    from themework.services.context import ServiceContext
    from themework.services.refi_export import RefiExport
    from themework.services.refi_import import RefiImport


from themework.services.files import write_private


class RefiService:
    def __init__(self, ctx: ServiceContext, *, codebook: CodebookService) -> None:
        self.ctx = ctx
        self.codebook = codebook

    # -- codebooks -------------------------------------------------------------------------
    def export_qdc(self, path: Path) -> int:
        """Write the codebook as a ``.qdc``; returns the number of codes written."""
        from themework.domain.codebook import iter_codes
        from themework.refi.qdc import write_qdc

        doc = self.codebook.document()
        write_private(path, write_qdc(doc))
        return sum(1 for _ in iter_codes(doc))

    def import_qdc(self, path: Path, *, theirs: bool = False) -> LoadReport:
        return self.codebook.load(path, theirs=theirs)

    # -- projects --------------------------------------------------------------------------
    def export_qdpx(self, path: Path) -> RefiExport:
        """Write the whole project as a ``.qdpx`` (see ``refi_export``)."""
        from themework.services.refi_export import export_project

        return export_project(self.ctx.store, self.codebook, path)

    def import_qdpx(self, path: Path, *, allow_identifiers: bool = False) -> RefiImport:
        """Read a ``.qdpx`` into this project (see ``refi_import``)."""
        from themework.services.refi_import import import_project

        return import_project(self.ctx, path, allow_identifiers=allow_identifiers)
