"""Persistence: SQLAlchemy models, engines and transactions, migrations, backups, search,
and the repositories services share their lookups through (``repos``)."""
