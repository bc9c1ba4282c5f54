"""themework: a terminal workbench for thematic analysis of qualitative interviews."""

__version__ = "0.1.0"
