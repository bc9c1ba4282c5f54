"""Persistence: SQLAlchemy models, engines, migrations and repositories."""
