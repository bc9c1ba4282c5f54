"""REFI-QDA exchange: ``.qdc`` codebooks and ``.qdpx`` projects, read and written.

Pure code over bytes and plain data (no database): ``xml`` parses untrusted XML safely,
``guids`` derives and compares GUIDs, ``qdc`` converts codebooks, ``archive`` opens a
``.qdpx`` zip defensively, ``offsets`` converts each producer's selection offsets, and
``project`` reads and writes ``project.qde``. ``services/refi*.py`` store and load them.
"""
