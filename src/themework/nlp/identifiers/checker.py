"""The checker: find trigger positions, run the rules in windows around them, resolve overlaps.

``check`` (transcript text), ``check_labels`` (speaker labels) and ``check_with_ner`` (rules
plus a trained pipeline's entities, opt-in) are the entry points.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from themework.nlp.identifiers.finding import KINDS, Finding, _Raw
from themework.nlp.identifiers.patterns import _NAMEWORD, _NEWLINE
from themework.nlp.identifiers.pseudonyms import is_pseudonym
from themework.nlp.identifiers.rules import _is_common, _rules
from themework.nlp.identifiers.wordlists import (
    _MONTH_ABBR,
    COMMON_CAPS,
    MONTHS,
    WORD_NAMES,
    _words,
    first_names,
    place_names,
)

if TYPE_CHECKING:
    from spacy.language import Language

_WORDY = frozenset({"person", "name", "school", "place", "organisation", "address"})


def _resolve(text: str, raw: list[_Raw], line_offset: int = 0) -> list[Finding]:
    """Drop pseudonyms and overlaps (high beats review, then longer, then earlier)."""
    rank = {"high": 0, "review": 1}
    chosen: list[_Raw] = []
    taken: list[tuple[int, int]] = []
    trimmed = []
    for kind, s, e, conf, rule in raw:
        if kind in _WORDY and text[e - 2:e] in ("'s", "’s") and e - s > 2:
            e -= 2  # the possessive is not part of the name: "Kayleigh Morton's mum"
        trimmed.append((kind, s, e, conf, rule))
    for item in sorted(trimmed, key=lambda r: (rank[r[3]], -(r[2] - r[1]), r[1],
                                               KINDS.index(r[0]))):
        kind, s, e, conf, rule = item
        if e <= s or is_pseudonym(text[s:e]):
            continue
        if _inside_brackets(text, s, e):
            continue
        i = bisect.bisect_left(taken, (s, e))
        if (i > 0 and taken[i - 1][1] > s) or (i < len(taken) and taken[i][0] < e):
            continue
        taken.insert(i, (s, e))
        chosen.append(item)
    starts = [m.end() for m in _NEWLINE.finditer(text)]
    findings = [
        Finding(kind, s, e, line_offset + bisect.bisect_right(starts, s) + 1, text[s:e],
                "high" if conf == "high" else "review", rule)
        for kind, s, e, conf, rule in chosen
    ]
    findings.sort(key=lambda f: (f.start, f.end))
    return findings


def _inside_brackets(text: str, s: int, e: int) -> bool:
    """True inside a [bracketed label] that pseudonymise wrote (or a transcriber's note)."""
    left = text.rfind("[", max(0, s - 40), s + 1)
    if left < 0 or "]" in text[left:s]:
        return False
    right = text.find("]", e - 1, e + 40)
    return right >= 0 and "\n" not in text[left:right]


# Words that start a rule's match although they are common capitalised words.
_TRIGGER_WORDS = frozenset(_words(
    "Street Road Avenue Lane Close Drive Way Crescent Place Court Gardens Terrace Grove "
    "Hill Park Square Mews Row Walk View Rise Parade Green Vale House Tower Towers Heights "
    "Lodge Mansions Primary Junior Infant Infants Secondary High Grammar Academy College "
    "School Sixth Comprehensive Prep Preparatory Pupil Mr Mrs Ms Miss Mx Dr Doctor Prof "
    "Professor Sir Dame Lady Lord Rev Revd Reverend Father Sister Cllr Councillor Sgt "
    "Sergeant Inspector Constable Judge Auntie Aunty Uncle Nanna Nana Grandma Grandad Flat "
    "Unit Apartment Apt Room Suite Saint"

)) | frozenset(MONTHS) | frozenset(_MONTH_ABBR)
_GATE_COMMON = COMMON_CAPS - _TRIGGER_WORDS
_CAPS_OR_DIGITS = re.compile(r"[A-Z][a-z]+|[0-9]+")
_LITERAL_TRIGGERS = re.compile(r"@|www\.|https?:|_|\.(?:com|co|org|net|uk|io|me|ly|gg|tv)\b| dot ")
_STARTERS = frozenset(".!?:\n\"“(—–[")
_WINDOW = 110  # characters of context kept either side of a trigger
_WIDEN = 300  # at most this much more, to reach whitespace


def _triggers(text: str) -> list[int]:
    """Positions worth a closer look: digits, @, web and handle marks, telling capitals.

    One pass of two cheap expressions over the text; everything else runs only in windows
    around these positions, which keeps a clean corpus fast to check.
    """
    names = first_names()
    places = place_names()
    out: list[int] = []
    n = len(text)
    for m in _CAPS_OR_DIGITS.finditer(text):
        s = m.start()
        word = m.group()
        if word[0] <= "9":  # digits, unless part of a pseudonym such as P01 or FG3
            j = s
            while j > 0 and text[j - 1].isalpha():
                j -= 1
            if j < s:
                k = m.end()
                while k < n and text[k].isalnum():
                    k += 1
                if is_pseudonym(text[j:k]):
                    continue
            out.append(s)
            continue
        if s > 0 and text[s - 1].isalnum():
            continue  # inside a word (McDonald, iPhone)
        j = s - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        initial = j < 0 or text[j] in _STARTERS
        if word in names or word in places or word in _TRIGGER_WORDS:
            out.append(s)
        elif word in _GATE_COMMON:
            continue
        elif not initial:
            out.append(s)
        else:
            e = m.end()
            if text[e:e + 1] == " " and text[e + 1:e + 2].isupper():
                out.append(s)
    out.extend(m.start() for m in _LITERAL_TRIGGERS.finditer(text))
    return out


def _windows(text: str, triggers: list[int]) -> list[tuple[int, int]]:
    """Merge +/- _WINDOW around each trigger, widened to whitespace so no word is cut."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    for pos in sorted(triggers):
        lo = max(0, pos - _WINDOW)
        hi = min(n, pos + _WINDOW)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], hi))
        else:
            spans.append((lo, hi))
    out: list[tuple[int, int]] = []
    for lo, hi in spans:
        # Widen to whitespace, but not without limit (a run with no spaces is cut).
        if lo > 0:
            reach = max(0, lo - _WIDEN)
            cut = max(text.rfind(" ", reach, lo), text.rfind("\n", reach, lo))
            lo = cut + 1 if cut >= 0 else reach
        if hi < n:
            reach = min(n, hi + _WIDEN)
            stops = [i for i in (text.find(" ", hi, reach), text.find("\n", hi, reach)) if i >= 0]
            hi = min(stops) if stops else reach
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out



def _all_rules(text: str, review: bool) -> list[_Raw]:
    """Every rule, run on the windows around triggers (offsets into ``text``)."""
    raw: list[_Raw] = []
    for lo, hi in _windows(text, _triggers(text)):
        chunk = text[lo:hi]
        raw.extend((k, s + lo, e + lo, c, r) for k, s, e, c, r in _rules(chunk, review))
    return raw


def check(text: str, *, review: bool = True) -> list[Finding]:
    """Residual identifiers in ``text`` (a whole transcript, labels and all).

    ``review=False`` returns only high-confidence findings (those that should block).
    """
    raw = _all_rules(text, review)
    if not review:
        raw = [r for r in raw if r[3] == "high"]
    return _resolve(text, raw)


def check_labels(labels: Iterable[str]) -> list[Finding]:
    """Speaker labels that look like real names (or hold any identifier).

    Pseudonyms (P01, FG3, Interviewer, Site A, Young person 2) pass. A label of two or three
    capitalised words ("Jane Smith", as Teams writes) is a high finding; a single listed first
    name is review (some studies use pseudonymous first names). ``line`` is the label's
    1-based position in ``labels``.
    """
    out: list[Finding] = []
    for n, label in enumerate(labels, start=1):
        text = label.strip()
        if not text or is_pseudonym(text):
            continue
        offset = label.find(text)
        hits = check(text)
        if hits:
            out.extend(Finding(f.kind, f.start + offset, f.end + offset, n, f.text,
                               f.confidence, f.rule) for f in hits)
            continue
        words = text.replace(",", " ").split()
        if 2 <= len(words) <= 4 and all(re.fullmatch(_NAMEWORD, w) for w in words) and not any(
                _is_common(w) for w in words):
            out.append(Finding("person", offset, offset + len(text), n, text, "high",
                               "label of capitalised words"))
        elif len(words) == 1 and (words[0] in first_names() or words[0] in WORD_NAMES):
            out.append(Finding("person", offset, offset + len(text), n, text, "review",
                               "label is a first name"))
    return out


_NER_KINDS = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place",
              "ORG": "organisation"}


def check_with_ner(text: str, nlp: Language, *, review: bool = True) -> list[Finding]:
    """``check`` plus entities from a trained pipeline (PERSON, GPE/LOC/FAC, ORG).

    Opt-in and slow (a trained pipeline runs at thousands, not hundreds of thousands, of
    words a second). A PERSON entity of two or more capitalised words is high; every other
    entity is review. Rule findings win where the two overlap.
    """
    raw = _all_rules(text, review)
    keep = {"ner", "entity_ruler", "tok2vec", "transformer", "span_ruler"}
    disable = [name for name in nlp.pipe_names if name not in keep]
    lines: list[tuple[str, int]] = []
    pos = 0
    for chunk in text.split("\n"):
        if chunk.strip():
            lines.append((chunk, pos))
        pos += len(chunk) + 1
    rule_spans = sorted((s, e) for _k, s, e, _c, _r in raw)
    for doc, offset in nlp.pipe(lines, as_tuples=True, disable=disable):
        for ent in doc.ents:
            kind = _NER_KINDS.get(ent.label_)
            if kind is None:
                continue
            words = ent.text.split()
            if not words or all(_is_common(w) for w in words) or is_pseudonym(ent.text):
                continue
            s, e = offset + ent.start_char, offset + ent.end_char
            i = bisect.bisect_left(rule_spans, (s, e))
            if (i > 0 and rule_spans[i - 1][1] > s) or (
                    i < len(rule_spans) and rule_spans[i][0] < e):
                continue  # a rule already covers it
            strong = kind == "person" and len(words) >= 2 and all(
                re.fullmatch(_NAMEWORD, w) for w in words)
            raw.append((kind, s, e, "high" if strong else "review", f"NER {ent.label_}"))
    if not review:
        raw = [r for r in raw if r[3] == "high"]
    return _resolve(text, raw)
