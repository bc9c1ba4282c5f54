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
from themework.store.location import Location, from_string

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


def build_demo(path: Path, location: Location | None = None) -> DemoSummary:
    """Build the demo at PATH (a SQLite file), or in LOCATION when given (e.g. an empty
    PostgreSQL database; PATH is then only reported back)."""
    data = data_dir()
    samples = data / "transcripts_sample"
    files = sorted(p for p in samples.iterdir() if p.suffix in (".txt", ".vtt", ".docx"))
    location = location or from_string(str(path))
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


# The extracts each narrative embeds, in order, and the extracts starred as exemplars:
# (code, words the extract holds). They are chosen so that the quotes bear out the claims
# around them; one that the keyword coding missed is coded here (by the first coder).
NARRATIVE_EXTRACTS = {
    "relationship-based-practice": (
        ("consistency-of-worker",
         "It's turning up when you say you'll turn up. If I say I'll be there at four"),
        ("time-and-persistence",
         "He'd just sit there with his hood up, or he'd not be in. And I kept going. "
         "Same time, same day, every week."),
    ),
    "ethically-grounded-approach": (
        ("confidentiality-limits",
         "I won't ever say to a young person, \"this stays between us,\" because it doesn't. "
         "If they tell me something that means they or someone else is at risk, I have to act "
         "on it. So I tell them that at the very start, in plain language."),
    ),
}
EXEMPLARS = {
    "relationship-based-practice": (
        ("continuity-through-transitions",
         "And every time a social worker leaves, a young person has to start again. I've had "
         "young people say to me"),
        ("warmth-and-informal-contact",
         "Some of the best conversations I've had have been in the car"),
    ),
    "ethically-grounded-approach": (
        ("professional-boundaries",
         "I'm always honest with them that I'm a social worker, I'm not their mate. I'll say, "
         "I'm here for you, but I've also got a job to do"),
        ("repairing-trust", "And that you have to own it when you get it wrong. I went back "
         "and apologised. Properly. Not a police apology, a real one."),
    ),
    "child-centred-practice": (
        ("young-persons-voice",
         "Wherever possible I give them a say, even if the decision itself isn't theirs."),
        ("starting-where-they-are",
         "So you have to leave room for it. You can't rush them out because the bell's going."),
    ),
    "skilled-and-knowledgeable-practice": (
        ("recognising-exploitation", "An older boyfriend, gifts, going missing from school"),
        ("training-and-knowledge", "We've had some really good training through the framework"),
    ),
}


def _extract_with(wb: Workbench, code: str, words: str) -> int:
    """The first coder's extract of CODE holding WORDS; coded now (the whole sentences
    around the words) if there is none."""
    for e in wb.coding.extracts([code], coder="alice"):
        if words in e.text:
            return e.id
    for t in wb.transcripts.list():
        text = wb.transcripts.text(t.name).text
        at = text.find(words)
        if at == -1:
            continue
        start = max(text.rfind(c, 0, at) for c in ".!?\n") + 1
        while text[start].isspace():
            start += 1
        end = at + len(words)
        if text[end - 1] not in ".!?":
            stops = [i for i in (text.find(c, end) for c in ".!?\n") if i != -1]
            end = min(stops) + 1 if stops else len(text)
        while end < len(text) and text[end] in "\"'\u201d\u2019)":
            end += 1  # the closing quotation mark of a sentence that ends in one
        request = CodingRequest(t.name, code, Target(span=(start, end)), "alice")
        return wb.coding.apply(request).id
    raise RuntimeError(f"the sample data no longer holds {words!r}")


def _themes(wb: Workbench) -> None:
    for key, (definition, concept, scope) in THEMES.items():
        wb.themes.define(key, definition=definition, central_concept=concept, scope=scope)
        if key in NARRATIVES:
            embedded = [_extract_with(wb, code, words) for code, words in NARRATIVE_EXTRACTS[key]]
            wb.themes.define(key, narrative=NARRATIVES[key].format(*embedded))
            wb.themes.set_status(key, "defined")
        else:
            wb.themes.set_status(key, "reviewed")
        for code, words in EXEMPLARS[key]:
            wb.themes.add_exemplar(key, _extract_with(wb, code, words))
    wb.memos.add("project", "Started with the framework's own language in mind; watch for "
                 "importing it into codes rather than hearing participants.", "journal")
    wb.memos.add("theme:relationship-based-practice", "Check whether persistence is a "
                 "sub-theme in its own right.", "memo")
