"""Language processing: lemmas, keyness, keyword-in-context, code suggestions, identifier checks,
and the content terms of code names and definitions (``terms``) that codebook merging compares.

Offline by default and cheap to import: spaCy, wordfreq and the lookup tables load only inside
the functions that need them (``pipeline.py`` builds and caches the pipelines). Nothing here
imports SQLAlchemy or Textual, and nothing downloads a model or data at run time.
"""
