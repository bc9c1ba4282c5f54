"""Analysis: agreement between coders, co-occurrence, prevalence.

Pure functions over plain data: this package imports neither SQLAlchemy, Textual nor spaCy.
"""
