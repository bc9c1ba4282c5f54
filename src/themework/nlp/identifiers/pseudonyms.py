"""Pseudonyms: recognising the ones a study uses, and writing new ones (``pseudonymise``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, MutableMapping

from themework.nlp.identifiers.finding import Finding
from themework.nlp.identifiers.patterns import _TITLES

_PSEUDONYM_RX = re.compile(
    r"""^(?:
        \[[^\[\]\n]{1,40}\]                                        # [Person 1], [School A]
      | (?:P|FG|R|I|IV|INT|Int|PT|YP|SW|Part|Resp)[-_ ]?\d{1,4}[A-Za-z]?  # P01, FG3, R12
      | (?:Interviewer|Interviewee|Facilitator|Co-?facilitator|Moderator|Researcher
          |Participant|Respondent|Speaker|Young\ person|Person|Practitioner|Professional
          |Site|School|Place|Area|Team|Parent|Carer|Worker|Manager)
        (?:[\ _-]?(?:\d{1,3}|[A-Z]))?                              # Site A, Interviewer 2
    )$""",
    re.VERBOSE,
)


def is_pseudonym(text: str) -> bool:
    """True for P01, FG3, Site A, Interviewer, Young person 2, [Person 1] and the like."""
    return bool(_PSEUDONYM_RX.match(text.strip()))


_NUMBERED = {"person": "Person", "name": "Person"}
_LETTERED = {"school": "School", "place": "Place", "organisation": "Organisation"}
_FIXED = {
    "email": "[email]", "phone": "[phone]", "postcode": "[postcode]",
    "nhs_number": "[NHS number]", "ni_number": "[NI number]",
    "date_of_birth": "[date of birth]", "date": "[date]", "url": "[URL]",
    "handle": "[handle]", "address": "[address]",
}
_TITLE_STRIP = re.compile(rf"^(?:{_TITLES})\.?\s+")


def _norm(original: str) -> str:
    s = _TITLE_STRIP.sub("", original.strip())
    s = re.sub(r"['’]s$", "", s)
    return " ".join(s.split()).casefold()


def _letters(n: int) -> str:
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _next_label(stem: str, key: Mapping[str, str], numbered: bool) -> str:
    used = set(key.values())
    n = 0
    while True:
        label = f"[{stem} {n + 1 if numbered else _letters(n)}]"
        if label not in used:
            return label
        n += 1


def pseudonymise(
    text: str,
    findings: Iterable[Finding],
    key: MutableMapping[str, str] | None = None,
    *,
    replace_known: bool = True,
) -> tuple[str, MutableMapping[str, str]]:
    """Replace findings with consistent labels, extending and returning ``key``.

    ``key`` maps an original (as first seen) to its replacement and is meant to be kept,
    securely, as YAML and reused for every file of a study, so the same person is
    ``[Person 1]`` everywhere. Entries a researcher writes in advance win
    (``{"Jade Thompson": "[Young person 1]"}``). Matching ignores case, titles ("Mrs") and a
    possessive 's; a partial mention ("Jade", "Ms Thompson") takes the label of the one known
    person whose name holds it. People get ``[Person N]``, schools ``[School A]``, places
    ``[Place A]``, organisations ``[Organisation A]``; other kinds a fixed label (``[email]``,
    ``[phone]``, ``[date of birth]``...), which is not stored in the key.

    With ``replace_known`` every other whole-word occurrence of a key's original in the text
    is replaced too, even where the checker found nothing.
    """
    key = {} if key is None else key
    labels = _Labeller(key)
    edits: list[tuple[int, int, str]] = []
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if edits and f.start < edits[-1][1]:
            continue
        label = labels.label_for(f.kind, text[f.start:f.end])
        end = f.end
        if f.kind in _NUMBERED and text[end:end + 2] in ("'s", "’s"):
            label += text[end:end + 2]
            end += 2
        edits.append((f.start, end, label))
    if replace_known and key:
        edits = sorted(edits + _known_mentions(text, key, labels.index, edits))
    return _apply(text, edits), key


class _Labeller:
    """The label of each original, from the key where it is known, else a new one (added
    to the key)."""

    def __init__(self, key: MutableMapping[str, str]) -> None:
        self.key = key
        self.index: dict[str, str] = {_norm(k): v for k, v in key.items()}
        self.people = {k: v for k, v in self.index.items()
                       if v.startswith(("[Person", "[Young person"))}

    def label_for(self, kind: str, original: str) -> str:
        if kind in _FIXED:
            return _FIXED[kind]
        norm = _norm(original)
        if norm in self.index:
            return self.index[norm]
        if kind in _NUMBERED:
            # A partial mention ("Jade") takes the label of the one known person it names.
            parts = set(norm.split())
            owners = {v for k, v in self.people.items() if parts and parts <= set(k.split())}
            if len(owners) == 1:
                return owners.pop()
            label = _next_label(_NUMBERED[kind], self.key, numbered=True)
            self.people[norm] = label
        else:
            label = _next_label(_LETTERED.get(kind, kind.title()), self.key, numbered=False)
        self.key[original.strip()] = label
        self.index[norm] = label
        return label


def _known_mentions(
    text: str, key: MutableMapping[str, str], index: dict[str, str],
    edits: list[tuple[int, int, str]],
) -> list[tuple[int, int, str]]:
    """Whole-word occurrences of the key's originals that no edit covers yet."""
    covered = [(s, e) for s, e, _ in edits]
    originals = sorted(key, key=len, reverse=True)
    rx = re.compile(r"(?<![\w@.])(?:" + "|".join(re.escape(o) for o in originals)
                    + r")(?![\w@])", re.IGNORECASE)
    found: list[tuple[int, int, str]] = []
    for m in rx.finditer(text):
        s, e = m.start(), m.end()
        if any(s < ce and cs < e for cs, ce in covered):
            continue
        known = index.get(_norm(m.group()))
        if known:
            found.append((s, e, known))
            covered.append((s, e))
    return found


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    parts: list[str] = []
    pos = 0
    for s, e, label in edits:
        parts.append(text[pos:s])
        parts.append(label)
        pos = e
    parts.append(text[pos:])
    return "".join(parts)
