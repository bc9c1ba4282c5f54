"""REFI-QDA exchange: codebooks (``.qdc``) and projects (``.qdpx``) out and in.

A ``.qdc`` comes in through the codebook loader (``codebook load x.qdc`` and
``import qdc x.qdc`` are the same call), so it matches, retires and audits exactly as a
YAML codebook does. Project export and import live in ``refi_export`` and ``refi_import``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from themework.domain.codebook import CodebookDoc
from themework.refi.guids import guid
from themework.store.models import Code

if TYPE_CHECKING:
    from themework.services.codebook import LoadReport
    from themework.services.refi_export import RefiExport
    from themework.services.refi_import import RefiImport
    from themework.services.workbench import Workbench
    from themework.store.engine import Store


def qdc_doc(store: Store, path: Path) -> CodebookDoc:
    """A ``.qdc`` file as a codebook doc; codes whose GUID themework derived from one of
    this project's codes come back to that code (by id), the rest match by name."""
    from themework.ingest.decode import read_file_bytes
    from themework.refi.qdc import read_qdc, to_doc

    book = read_qdc(read_file_bytes(path), path)
    with store.read() as s:
        known = {guid("code", key): key for key in s.scalars(select(Code.key))}
    return to_doc(book, title=path.stem, known=known)


from themework.services.files import write_private  # noqa: E402


class RefiService:
    def __init__(self, wb: Workbench) -> None:
        self.wb = wb

    # -- codebooks -------------------------------------------------------------------------
    def export_qdc(self, path: Path) -> int:
        """Write the codebook as a ``.qdc``; returns the number of codes written."""
        from themework.domain.codebook import iter_codes
        from themework.refi.qdc import write_qdc

        doc = self.wb.codebook.document()
        write_private(path, write_qdc(doc))
        return sum(1 for _ in iter_codes(doc))

    def import_qdc(self, path: Path, *, theirs: bool = False) -> LoadReport:
        return self.wb.codebook.load(path, theirs=theirs)

    # -- projects --------------------------------------------------------------------------
    def export_qdpx(self, path: Path) -> RefiExport:
        """Write the whole project as a ``.qdpx`` (see ``refi_export``)."""
        from themework.services.refi_export import export_project

        return export_project(self.wb, path)

    def import_qdpx(self, path: Path, *, allow_identifiers: bool = False) -> RefiImport:
        """Read a ``.qdpx`` into this project (see ``refi_import``)."""
        from themework.services.refi_import import import_project

        return import_project(self.wb, path, allow_identifiers=allow_identifiers)
