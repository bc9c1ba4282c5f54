"""The schema revision this code writes. A test checks it equals Alembic's head."""

HEAD_REVISION = "0006"
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006")
