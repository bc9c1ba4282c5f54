"""GUIDs: derived from themework's own ids, and compared the way real files need.

Exported GUIDs are UUID 5 of a fixed namespace and ``kind:id``, so the same project always
exports the same GUIDs (a re-export diffs cleanly, and another tool's merge recognises the
same code). Files from other tools write GUIDs upper- or lower-case, with or without braces.
"""

from __future__ import annotations

import uuid

# Fixed forever: changing it would change every GUID themework has ever exported.
NAMESPACE = uuid.UUID("6f1d3c2e-8b4a-5e7d-9c10-2a7b4e5f6d81")


def guid(kind: str, ident: object) -> str:
    """The GUID of a themework object: ``kind`` such as ``code``, ``ident`` its stable id."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{ident}"))


def norm_guid(value: str) -> str:
    """A GUID as compared: lower-case, no braces or surrounding space."""
    return value.strip().strip("{}").strip().lower()
