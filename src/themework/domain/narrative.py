"""Analytic narratives: Markdown with extracts embedded by reference, ``{{extract:ID}}``."""

from __future__ import annotations

import re

EXTRACT_REF = re.compile(r"\{\{\s*extract\s*:\s*(\d+)\s*\}\}")


def extract_ids(narrative: str) -> list[int]:
    return [int(m.group(1)) for m in EXTRACT_REF.finditer(narrative)]
