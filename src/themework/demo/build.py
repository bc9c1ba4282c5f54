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
        for t in wb.transcripts.list():
            for coder in ("alice", "bob"):
                wb.team.set_status(t.name, "done", coder)
        wb.snapshots.take("initial-codebook")
        _themes(wb)
        wb.snapshots.take("themes-defined")
        wb.projects.update(phase=5)
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


THEMES = {
    "relationship-based-practice": (
        "Trust is built through a relationship that lasts: the same worker, turning up as "
        "promised, over time, on the young person's terms.",
        "The relationship is the intervention.",
        "Covers reliability, persistence, warmth and continuity; not the rules that bound the "
        "relationship (see Ethically grounded approach).",
    ),
    "ethically-grounded-approach": (
        "Trust rests on honesty about what will happen to what young people say, and on "
        "boundaries that protect them.",
        "Being honest about the limits of confidentiality earns more trust than false promises.",
        "Covers information sharing, confidentiality, boundaries and language; not practical "
        "reliability.",
    ),
    "child-centred-practice": (
        "Practice starts where the young person is and gives them a voice and real choices.",
        "Young people trust adults who let them shape what happens.",
        "Covers voice, participation, choice and accessible settings.",
    ),
    "skilled-and-knowledgeable-practice": (
        "Workers need knowledge of exploitation, training, supervision and time to use them.",
        "Knowing what to look for, and having the support to act, makes trust safe.",
        "Covers recognition, training, supervision, multi-agency work and workload.",
    ),
}

NARRATIVES = {
    "relationship-based-practice": (
        "Across disciplines, participants described trust as something earned slowly and "
        "lost quickly. Reliability was spoken of in concrete terms: being where they said, "
        "when they said.\n\n{{{{extract:{0}}}}}\n\nThis was not simply punctuality. "
        "Participants framed it as a counter to young people's experience of adults who "
        "leave, so that persistence itself carried meaning.\n\n{{{{extract:{1}}}}}"
    ),
    "ethically-grounded-approach": (
        "Participants resolved the tension between confidentiality and protection by being "
        "explicit early about what they would have to share.\n\n{{{{extract:{0}}}}}\n\n"
        "Honesty about limits was presented as respect rather than risk: young people "
        "were said to trust workers who told them the truth even when it was unwelcome."
    ),
}


def _first_extracts(wb: Workbench, code: str, n: int, consenting: set[str]) -> list[int]:
    out = []
    for e in wb.coding.extracts([code], coder="alice"):
        if e.participant in consenting and len(e.text) > 60:
            out.append(e.id)
        if len(out) == n:
            break
    return out


def _themes(wb: Workbench) -> None:
    consenting = {p.pseudonym for p in wb.participants.list() if p.quote_consent}
    for key, (definition, concept, scope) in THEMES.items():
        wb.themes.define(key, definition=definition, central_concept=concept, scope=scope)
        theme = wb.themes.get(key)
        picks = [i for code in theme.codes[:3] for i in _first_extracts(wb, code, 1, consenting)]
        if key in NARRATIVES and len(picks) >= 2:
            wb.themes.define(key, narrative=NARRATIVES[key].format(*picks))
            wb.themes.set_status(key, "defined")
            rest = picks[2:]
        else:
            wb.themes.set_status(key, "reviewed")
            rest = picks
        for coding_id in rest[:2]:
            wb.themes.add_exemplar(key, coding_id)
    wb.memos.add("project", "Started with the framework's own language in mind; watch for "
                 "importing it into codes rather than hearing participants.", "journal")
    wb.memos.add("theme:relationship-based-practice", "Check whether persistence is a "
                 "sub-theme in its own right.", "memo")
