"""What the checker reports: ``Finding``, its kinds and confidences."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Confidence = Literal["high", "review"]
KINDS: tuple[str, ...] = (
    "email", "phone", "postcode", "nhs_number", "ni_number", "date_of_birth", "date", "url",
    "handle", "address", "person", "name", "school", "place", "organisation",
)


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    start: int  # offsets into the checked text, end exclusive
    end: int
    line: int  # 1-based line of ``start`` (for labels: 1-based position in the list)
    text: str  # the identifying text: show it, never log it
    confidence: Confidence
    rule: str = ""  # which rule fired, for the report

    @property
    def blocking(self) -> bool:
        return self.confidence == "high"


_Raw = tuple[str, int, int, str, str]  # kind, start, end, confidence, rule
