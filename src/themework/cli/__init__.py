"""The ``themework`` command line: thin commands over the services.

Modules here import services inside command functions, never at module level, so that
``themework --help`` loads neither SQLAlchemy, Alembic, Textual nor spaCy.
"""
