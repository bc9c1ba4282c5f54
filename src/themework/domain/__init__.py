"""The pure core: plain types, span algebra, codebook schema and errors.

Nothing in this package may import Textual, SQLAlchemy or spaCy (a test checks).
"""
