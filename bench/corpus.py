"""A deterministic synthetic corpus for benchmarks: interviews, participants.csv, codebooks.

    python bench/corpus.py OUT_DIR --transcripts 1000 --turns 60 --codes 60

writes ``OUT_DIR/transcripts/int-0001.txt ...`` (plain text, ``Interviewer: ...`` and
``P0001: ...`` turns alternating), ``OUT_DIR/participants.csv`` and
``OUT_DIR/codebook-60.yaml``. Same arguments, same bytes: everything comes from one seeded
``random.Random`` and a built-in vocabulary. The content is fictional and non-graphic: talk
about how practitioners build trust with young people.

Size: ``--turn-chars`` is the mean length of a turn in characters, label included
(default 160), so 1000 x 60 comes to about 9.6 MB. Interviewer turns are short questions,
participant turns longer answers, some running on to a second paragraph.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

SEED = 20240611

ROLES = [
    ("Social worker", "social work"),
    ("Senior social worker", "social work"),
    ("Detective constable", "police"),
    ("Police constable", "police"),
    ("School nurse", "health"),
    ("Specialist sexual health nurse", "health"),
    ("Detached youth worker", "youth work"),
    ("Youth worker", "youth work"),
    ("Service manager", "management"),
    ("Team manager", "management"),
    ("Senior residential care worker", "residential care"),
    ("Residential care worker", "residential care"),
    ("Designated safeguarding lead", "education"),
    ("Head of year", "education"),
    ("Family support worker", "early help"),
    ("Missing persons coordinator", "early help"),
]
SITES = ["Site A", "Site B", "Site C", "Site D", "Site E"]

# -- sentence vocabulary ------------------------------------------------------------------
OPENERS = [
    "Honestly,", "I think", "To be fair,", "In my experience,", "For me,", "Mostly,",
    "Sometimes", "Looking back,", "If I'm honest,", "Day to day,", "Often", "Really,",
    "I suppose", "You know,", "Over time,", "Early on,", "In this team,", "At the start,",
]
SUBJECTS = [
    "the young people", "a lot of the girls I work with", "the lads on my caseload",
    "the young person", "most of the teenagers we see", "the kids in the unit",
    "the young people at the drop-in", "the ones who have had lots of workers",
    "a fourteen-year-old I worked with", "the young woman I mentioned",
    "the boy from the estate", "the young people in care",
]
PRACTITIONERS = [
    "the worker", "a trusted adult", "my manager", "the school nurse", "the youth worker",
    "the police officer", "the social worker", "the key worker", "the night staff",
    "the team", "the carers", "the outreach worker", "her teacher", "his mentor",
]
VERBS = [
    "noticed", "tested", "remembered", "valued", "picked up on", "responded to",
    "appreciated", "talked about", "came back to", "checked", "relied on", "pushed against",
    "trusted",
]
OBJECTS = [
    "whether you turn up when you said you would", "the small things you follow through on",
    "being the same person every week", "how honest you are about what you can do",
    "whether you listen without rushing them", "the limits of confidentiality",
    "having some choice in where we meet", "not being judged for what happened",
    "a worker who stays through the changes", "being treated as a young person first",
    "a bit of humour in the room", "going at their pace", "being kept informed",
    "someone who explains the plan", "having a say in the review", "a safe space to talk",
    "the promises adults made before", "getting a text back when they needed it",
    "whether the adults talk to each other", "being believed the first time",
]
CONNECTORS = [
    "and that makes a real difference", "so we try to build on that",
    "which takes a lot of patience", "and it does not happen quickly",
    "because they have been let down before", "and supervision helps with that",
    "but caseloads get in the way", "even when nothing seems to be moving",
    "so consistency matters more than anything", "and the relationship is the work",
    "which is why handovers need care", "and it shows in the small moments",
]
SHORT = [
    "They notice everything.", "It takes time.", "That stayed with me.",
    "Same time, same day, every week.", "It's really basic stuff.",
    "You can't rush it.", "That was the start of it.", "It made a difference.",
    "Nobody else had done that.", "We're still learning.", "It's the job, really.",
]
QUESTIONS = [
    "Could you tell me a bit about your role?",
    "How long have you been working with young people?",
    "What does building trust look like in practice?",
    "Can you think of an example where that made a difference?",
    "How do you explain confidentiality to a young person?",
    "What gets in the way of building relationships?",
    "How does supervision support you in this work?",
    "What happens when a worker leaves or a case transfers?",
    "How do you work with other agencies on this?",
    "What would you want a new worker to know?",
    "How do young people show you that they trust you?",
    "Can you say a bit more about that?",
    "What does a good ending look like?",
    "How much choice do young people have in how you meet?",
    "How do you keep going when nothing seems to change?",
    "What role does humour play?",
    "How do you handle it when you have to share information?",
    "What has changed since the new framework came in?",
]
PROMPTS = [
    "So consistency is a big part of it.", "That's really interesting.", "Go on.",
    "Mm-hm. And then?", "Right, I see.", "That sounds difficult.", "Thank you, that's helpful.",
]

# -- codebook vocabulary ------------------------------------------------------------------
HEADS = [
    "Consistency", "Honesty", "Patience", "Availability", "Listening", "Boundaries",
    "Persistence", "Warmth", "Reliability", "Transparency", "Curiosity", "Humour",
    "Flexibility", "Advocacy", "Respect", "Recognition", "Safety", "Choice", "Pace", "Repair",
]
SETTINGS = [
    "with young people", "in first meetings", "across agencies", "during transitions",
    "in supervision", "around confidentiality", "after setbacks", "in outreach",
    "in school settings", "on home visits", "over the phone", "in group work", "with carers",
    "in court processes", "in health appointments", "in residential care", "at endings",
    "in planning meetings", "online", "in the evenings", "with managers", "in case reviews",
    "in the community", "during crises", "through activities",
]
KEYWORDS = [
    "turn up", "reliable", "consistent", "promise", "honest", "listen", "pace", "choice",
    "safe", "humour", "handover", "supervision", "caseload", "confidential", "believed",
    "review", "text", "explain", "patience", "judge", "agency", "carer", "ending", "trust",
]


def _turn_text(rng: random.Random, target: int) -> str:
    """Sentences until about ``target`` characters."""
    parts: list[str] = []
    length = 0
    while length < target:
        roll = rng.random()
        if roll < 0.15:
            sentence = rng.choice(SHORT)
        elif roll < 0.6:
            sentence = (
                f"{rng.choice(OPENERS)} {rng.choice(SUBJECTS)} {rng.choice(VERBS)} "
                f"{rng.choice(OBJECTS)}."
            )
        else:
            sentence = (
                f"{rng.choice(OPENERS)} {rng.choice(PRACTITIONERS)} had to keep "
                f"{rng.choice(OBJECTS)} in mind, {rng.choice(CONNECTORS)}."
            )
        parts.append(sentence[0].upper() + sentence[1:])
        length += len(sentence) + 1
    return " ".join(parts)


def _participant(n: int) -> str:
    return f"P{n:04d}"


def participants(count: int, seed: int = SEED) -> list[dict[str, str]]:
    rng = random.Random(seed * 7 + 1)
    rows = []
    for n in range(1, count + 1):
        role, discipline = rng.choice(ROLES)
        rows.append({
            "participant": _participant(n),
            "role": role,
            "discipline": discipline,
            "site": rng.choice(SITES),
            "wave": str(rng.choice((1, 2))),
            "quote_consent": "yes" if rng.random() < 0.9 else "no",
        })
    return rows


def transcript(n: int, turns: int, person: dict[str, str], turn_chars: int, seed: int) -> str:
    rng = random.Random(seed * 1_000_003 + n)
    label = person["participant"]
    lines = [
        f"Interview {label} - {person['site']} - {person['discipline'].capitalize()}",
        f"Date: Wave {person['wave']}",
        "",
    ]
    # Interviewer turns ~45% of the mean, participant turns ~135% (before overshoot); labels count.
    for i in range(turns):
        if i % 2 == 0:
            if rng.random() < 0.25:
                body = rng.choice(PROMPTS)
            else:
                body = rng.choice(QUESTIONS)
                want = int(turn_chars * 0.45) - len("Interviewer: ")
                if len(body) < want - 40:
                    body = f"{_turn_text(rng, want - len(body) - 1)} {body}"
            lines.append(f"Interviewer: {body}")
        else:
            want = max(20, int(rng.gauss(turn_chars * 1.34, turn_chars * 0.45))) - len(label) - 2
            if want > 300 and rng.random() < 0.3:  # a second paragraph, no label
                first = want // 2
                lines.append(f"{label}: {_turn_text(rng, first)}")
                lines.append(_turn_text(rng, want - first))
            else:
                lines.append(f"{label}: {_turn_text(rng, want)}")
    return "\n".join(lines) + "\n"


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def codebook_yaml(count: int, seed: int = SEED, title: str = "Bench codebook") -> str:
    """``count`` codes with unique names and ids, definitions and keywords."""
    rng = random.Random(seed * 31 + count)
    combos = [f"{h} {s}" for h in HEADS for s in SETTINGS]
    rng.shuffle(combos)
    names = []
    for i in range(count):
        base = combos[i % len(combos)]
        names.append(base if i < len(combos) else f"{base} {i // len(combos) + 1}")
    q = json.dumps  # a JSON string is a valid double-quoted YAML scalar
    out = [f"codebook: {q(title)}", "codes:"]
    for name in names:
        head, _, setting = name.partition(" ")
        definition = (
            f"Talk about {head.lower()} {setting}: how practitioners show it, what young "
            f"people notice, and what gets in the way ({rng.choice(CONNECTORS)})."
        )
        keywords = rng.sample(KEYWORDS, 3)
        out += [
            f"  - name: {q(name)}",
            f"    id: {q(slug(name))}",
            f"    definition: {q(definition)}",
            f"    keywords: [{', '.join(q(k) for k in keywords)}]",
        ]
    return "\n".join(out) + "\n"


def write_codebook(path: Path, count: int, seed: int = SEED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(codebook_yaml(count, seed).encode("utf-8"))
    return path


def write_corpus(
    out: Path,
    transcripts: int = 1000,
    turns: int = 60,
    codes: int = 60,
    turn_chars: int = 160,
    seed: int = SEED,
) -> dict[str, object]:
    tdir = out / "transcripts"
    tdir.mkdir(parents=True, exist_ok=True)
    people = participants(transcripts, seed)
    total = 0
    for n, person in enumerate(people, start=1):
        data = transcript(n, turns, person, turn_chars, seed).encode("utf-8")
        (tdir / f"int-{n:04d}.txt").write_bytes(data)
        total += len(data)
    header = ["participant", "role", "discipline", "site", "wave", "quote_consent"]
    csv_lines = [",".join(header)] + [",".join(p[h] for h in header) for p in people]
    (out / "participants.csv").write_bytes(("\n".join(csv_lines) + "\n").encode("utf-8"))
    codebook = write_codebook(out / f"codebook-{codes}.yaml", codes, seed)
    return {
        "transcripts_dir": str(tdir),
        "participants": str(out / "participants.csv"),
        "codebook": str(codebook),
        "files": transcripts,
        "turns": turns,
        "bytes": total,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="output directory")
    ap.add_argument("--transcripts", type=int, default=1000)
    ap.add_argument("--turns", type=int, default=60, help="turns per transcript")
    ap.add_argument("--codes", type=int, default=60, help="codes in the codebook")
    ap.add_argument("--turn-chars", type=int, default=160, help="mean characters per turn")
    ap.add_argument("--seed", type=int, default=SEED)
    a = ap.parse_args(argv)
    info = write_corpus(a.out, a.transcripts, a.turns, a.codes, a.turn_chars, a.seed)
    print(
        f"{info['files']} transcripts x {info['turns']} turns, {info['bytes'] / 1e6:.2f} MB "
        f"in {info['transcripts_dir']}; {info['participants']}; {info['codebook']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
