"""A small study for the report tests: consent, a focus group, and a hostile transcript."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from support import INTERVIEW, SENTINEL, write
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench

FOCUS_GROUP = f"""Facilitator: What builds trust?
FG1: Turning up every week builds trust, week in and week out.
FG3: Food helps. Honestly, {SENTINEL} food.
FG2: Being honest about what you have to share, and when.
Facilitator: Anything else?
FG1: Nothing, thanks.
"""

# Markdown and HTML that must reach the reader as the participant's literal words.
HOSTILE_LINES = (
    "# Heading",
    "<script>alert(1)</script>",
    "| a | b |",
    "|---|---|",
    "[link](http://x) and **bold** and `code` and ![img](http://x/i.png) and <http://auto.link>",
    "1. list",
    "2) list",
    "> quote",
    "---",
    "<b>bold</b> &amp; &#60;script&#62; <!-- comment --> _under_ ~~strike~~",
    "Setext",
    "===",
    "    indented four",
    "* star",
    "+ plus",
    "- dash",
    "~~~",
    "```",
    "<div>",
    "[ref]: http://x",
    "trailing backslash \\",
)
HOSTILE = (
    "Interviewer: Tell me what you think.\nH01: " + "\n".join(HOSTILE_LINES)
    + "\nInterviewer: Thanks.\n"
)

PEOPLE = (
    "participant,site,role,quote_consent\n"
    "P01,Site A,Social worker,yes\n"
    "H01,Site A,Teacher,yes\n"
    "FG1,Site B,Youth worker,yes\n"
    "FG2,Site B,Youth worker,yes\n"
    "FG3,Site A,Nurse,no\n"
)


@dataclass(frozen=True)
class Study:
    wb: Workbench
    p01: int  # P01's extract "turning up when I said I would"
    fg1: int  # FG1's "Turning up every week builds trust"
    fg3: int  # FG3's food, no consent
    across: int  # from FG1's turn into FG3's
    fg2: int
    hostile: int  # H01's whole turn


def _at(wb: Workbench, transcript: str, text: str) -> Target:
    whole = wb.transcripts.text(transcript).text
    start = whole.index(text)
    return Target(span=(start, start + len(text)))


def build_study(wb: Workbench, tmp_path: Path) -> Study:
    files = [
        write(tmp_path / "in" / "P01.txt", INTERVIEW),
        write(tmp_path / "in" / "FG.txt", FOCUS_GROUP),
        write(tmp_path / "in" / "H01.txt", HOSTILE),
    ]
    report = wb.transcripts.import_files(
        files, attributes=write(tmp_path / "people.csv", PEOPLE), allow_identifiers=True
    )
    assert not report.failed
    for name in ("Reliability", "Food", "Honesty", "Odd talk"):
        wb.codes.add(name, definition=f"About {name.lower()}.")

    def code(transcript: str, code: str, target: Target) -> int:
        return wb.coding.apply(CodingRequest(transcript, code, target)).id

    p01 = code("P01", "Reliability", _at(wb, "P01", "turning up when I said I would"))
    fg1 = code("FG", "Reliability", _at(wb, "FG", "Turning up every week builds trust"))
    fg3 = code("FG", "Food", _at(wb, "FG", f"Food helps. Honestly, {SENTINEL} food."))
    whole = wb.transcripts.text("FG").text
    start = whole.index("week in and week out")
    across = code("FG", "Food", Target(span=(start, whole.index("food.\n") + 5)))
    fg2 = code("FG", "Honesty", _at(wb, "FG", "Being honest about what you have to share"))
    hostile = code("H01", "Odd talk", Target(turn=2))

    wb.themes.create("Being there", codes=["Reliability", "Food"])
    wb.themes.define(
        "Being there", definition="Turning up.", central_concept="Presence is care.",
        narrative=(
            f"Reliability was concrete.\n\n{{{{extract:{p01}}}}}\n\nFood mattered too."
            f"\n\n{{{{extract:{fg3}}}}}"
        ),
    )
    for coding in (fg1, fg3, across):
        wb.themes.add_exemplar("Being there", coding)
    wb.themes.create("Honesty first", codes=["Honesty"])
    wb.themes.add_exemplar("Honesty first", fg2)
    wb.themes.create("Odd talk", codes=["Odd talk"])
    wb.themes.add_exemplar("Odd talk", hostile)
    return Study(wb, p01, fg1, fg3, across, fg2, hostile)
