"""Alembic environment: always run with a connection handed in by ``store.migrate``."""

from __future__ import annotations

from alembic import context

from themework.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by a misuse of the alembic CLI
    raise RuntimeError("themework migrations run through 'themework', not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
