"""GUIDs: derived from themework's own ids, and compared the way real files need.

Exported GUIDs are UUID 5 of a fixed namespace and ``kind:id``, so the same project always
exports the same GUIDs (a re-export diffs cleanly, and another tool's merge recognises the
same code). Files from other tools write GUIDs upper- or lower-case, with or without braces.
"""

from __future__ import annotations

import hashlib
import uuid

# Fixed forever: changing it would change every GUID themework has ever exported.
NAMESPACE = uuid.UUID("6f1d3c2e-8b4a-5e7d-9c10-2a7b4e5f6d81")
_NS = NAMESPACE.bytes


def guid(kind: str, ident: object) -> str:
    """The GUID of a themework object: ``kind`` such as ``code``, ``ident`` its stable id.

    ``uuid.uuid5`` exactly (a test checks), computed directly: an export derives one for
    every coding twice, and ``uuid.UUID`` objects cost ten times the hash."""
    digest = bytearray(hashlib.sha1(_NS + f"{kind}:{ident}".encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def norm_guid(value: str) -> str:
    """A GUID as compared: lower-case, no braces or surrounding space."""
    return value.strip().strip("{}").strip().lower()
