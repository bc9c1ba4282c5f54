"""Build the demo project from the shipped sample data, through the services only.

The codings are made deterministically from the codebook's keywords (the sentence around
the first few keyword hits in participants' turns), by two coders who agree on most but not
all of them, so that every later screen and report has something real to show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.location import from_string

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")
HITS_PER_CODE_AND_TRANSCRIPT = 2


def data_dir() -> Path:
    """The sample data: inside the installed package, or beside it in a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parents[2]):
        if (candidate / "transcripts_sample" / "participants.csv").is_file():
            return candidate
    raise FileNotFoundError("the sample data is missing from this installation")


@dataclass(frozen=True)
class DemoSummary:
    path: Path
    transcripts: int
    codes: int
    codings: int
    coders: tuple[str, ...]


def build_demo(path: Path) -> DemoSummary:
    data = data_dir()
    samples = data / "transcripts_sample"
    files = sorted(p for p in samples.iterdir() if p.suffix in (".txt", ".vtt", ".docx"))
    location = from_string(str(path))
    with Workbench.init(
        location,
        name="Building trust with young people at risk of CSE (sample)",
        approach="codebook",
        question="How do professionals build trust with young people at risk of child "
        "sexual exploitation, and what helps or hinders them?",
        coder="alice",
    ) as wb:
        report = wb.transcripts.import_files(files, attributes=samples / "participants.csv")
        if report.failed:
            raise RuntimeError(f"sample data failed to import: {report.failed[0].message}")
        wb.codebook.load(data / "codebooks" / "cse-trust.yaml")
        requests = demo_codings(wb)
        wb.coding.apply_many([r for r in requests if r.coder == "alice"])
        wb.coding.apply_many([r for r in requests if r.coder == "bob"])
        wb.projects.update(phase=2)
        info = wb.projects.info()
    return DemoSummary(path, info.transcripts, info.codes, info.codings, info.coders)


def demo_codings(wb: Workbench) -> list[CodingRequest]:
    codes = wb.codes.list()
    out: list[CodingRequest] = []
    for t in wb.transcripts.list():
        text = wb.transcripts.text(t.name)
        spans = [
            (m.start() + turn.start, m.end() + turn.start)
            for turn in text.turns
            if turn.role == "participant"
            for m in _SENTENCE.finditer(text.text[turn.start : turn.end])
        ]
        for n, code in enumerate(codes):
            words = [k.lower() for k in code.keywords]
            hits = [
                (s, e) for s, e in spans
                if any(re.search(rf"\b{re.escape(w)}", text.text[s:e].lower()) for w in words)
            ][:HITS_PER_CODE_AND_TRANSCRIPT]
            for i, (s, e) in enumerate(hits):
                start = s + len(text.text[s:e]) - len(text.text[s:e].lstrip())
                target = Target(span=(start, e))
                out.append(CodingRequest(t.name, code.id, target, "alice"))
                # The second coder agrees on most extracts and trims some differently.
                if (n + i) % 4 != 3:
                    bob_end = e if (n + i) % 5 else max(start + 1, e - 10)
                    out.append(CodingRequest(t.name, code.id, Target(span=(start, bob_end)), "bob"))
    return out
