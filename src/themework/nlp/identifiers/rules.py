"""The rules: each adds raw findings for one family of identifiers to a list.

Contacts (e-mail, URLs, handles, phones), numbers (NHS, NI, postcodes), dates, addresses,
people, institutions (schools, places, estates) and, for review, runs of capitalised words.
Offsets are into the text given; the checker runs the rules on windows and resolves overlaps.
"""

from __future__ import annotations

import re

from themework.nlp.identifiers.finding import _Raw
from themework.nlp.identifiers.patterns import (
    _ADDRESS_CUE,
    _ADDRESS_NAME,
    _ADDRESS_NUM,
    _BIRTH_CUE,
    _BORN_YEAR,
    _BUILDING,
    _BUILDING_NAME,
    _CAP_RUN,
    _CUED_CAP,
    _DATE_PATTERNS,
    _EMAIL,
    _EMAIL_SPOKEN,
    _ESTATE,
    _HANDLE,
    _HANDLE_CUE,
    _INWARD_UPPER,
    _MONTH_YEAR,
    _NAMED,
    _NAMEWORD,
    _NHS,
    _NHS_CUE,
    _NI,
    _OUTWARD_UPPER,
    _PHONE,
    _PLACE_CUE,
    _PLACE_SUFFIX_RX,
    _POSTCODE,
    _POSTCODE_CUE,
    _SCHOOL,
    _SENTENCE_END,
    _SOCIAL,
    _TITLE_NAME,
    _URL,
    _first_name_rx,
    _place_rx,
)
from themework.nlp.identifiers.pseudonyms import is_pseudonym
from themework.nlp.identifiers.validators import nhs_number_valid, ni_number_valid
from themework.nlp.identifiers.wordlists import (
    _AREA_WORDS,
    _NAMED_AFTER,
    _SCHOOL_GENERIC,
    COMMON_CAPS,
    MONTHS,
    WORD_NAMES,
    WORD_PLACES,
    first_names,
    place_names,
)


def _sentence_start(text: str, pos: int) -> bool:
    """True when ``pos`` begins a sentence or a line (so capitals there prove little)."""
    before = text[max(0, pos - 6):pos]
    return bool(_SENTENCE_END.search(before)) if before.strip() else True


def _is_common(word: str) -> bool:
    return word in COMMON_CAPS or word.rstrip("'’s") in COMMON_CAPS


def _contacts(text: str, out: list[_Raw]) -> None:
    for m in _EMAIL.finditer(text):
        out.append(("email", m.start(), m.end(), "high", "email"))
    for m in _EMAIL_SPOKEN.finditer(text):
        out.append(("email", m.start(), m.end(), "high", "email spoken"))
    for m in _URL.finditer(text):
        s, e = m.start(), m.end()
        while e > s and text[e - 1] in ".,;:!?'\"":
            e -= 1
        url = text[s:e]
        if "@" in url and "/" not in url:
            continue  # the domain of an e-mail address
        if re.fullmatch(r"(?:[A-Za-z]\.){1,3}[A-Za-z]?", url):
            continue  # e.g., i.e.
        has_path = "/" in url.split("//", 1)[-1]
        social = bool(_SOCIAL.search(url))
        explicit = url.lower().startswith(("http", "www."))
        if has_path or social:
            out.append(("url", s, e, "high", "url"))
        elif explicit or re.search(r"\.(?:com|org|net|co\.uk|org\.uk|uk|io)$", url, re.I):
            out.append(("url", s, e, "review", "web domain"))
    for m in _HANDLE.finditer(text):
        if len(m.group()) > 2:
            out.append(("handle", m.start(), m.end(), "high", "@handle"))
    for m in _HANDLE_CUE.finditer(text):
        h = m.group("h")
        if h.startswith("@") or re.search(r"[\d_.]", h):
            out.append(("handle", m.start("h"), m.end("h"), "high", "handle after platform"))
    for m in _PHONE.finditer(text):
        raw = m.group()
        digits = re.sub(r"\D", "", raw)
        national = digits[2:] if raw.startswith("+44") else digits
        national = national.lstrip("0") if raw.startswith("+44") else national[1:]
        if len(national) not in (9, 10) or national[0] not in "123578":
            continue
        if national[0] == "7" and len(national) != 10:
            continue
        conf = "high" if national[0] in "127" else "review"
        out.append(("phone", m.start(), m.end(), conf, "UK phone number"))


def _numbers(text: str, out: list[_Raw]) -> None:
    for m in _NHS.finditer(text):
        number = m.group(1) + m.group(3) + m.group(4)
        if nhs_number_valid(number):
            out.append(("nhs_number", m.start(), m.end(), "high", "NHS number (check digit)"))
        elif _NHS_CUE.search(text[max(0, m.start() - 40):m.start()]):
            out.append(("nhs_number", m.start(), m.end(), "review", "10 digits after NHS"))
    for m in _NI.finditer(text):
        prefix = m.group(1)
        if not (prefix.isupper() or prefix.islower()):
            continue
        suffix = m.group(5) or ""
        if suffix and prefix.isupper() != suffix.isupper():
            suffix = ""
        number = prefix + m.group(2) + m.group(3) + m.group(4) + suffix
        if ni_number_valid(number):
            out.append(("ni_number", m.start(), m.end(), "high", "National Insurance number"))
        elif ni_number_valid(number, need_suffix=False):
            end = m.end(4)
            out.append(("ni_number", m.start(), end, "review", "NI number without suffix"))
    for m in _POSTCODE.finditer(text):
        outward, inward = m.group(1), m.group(2)
        whole = outward + inward
        if not (whole.isupper() or whole.islower()):
            continue
        if _OUTWARD_UPPER.fullmatch(outward.upper()) and _INWARD_UPPER.fullmatch(inward.upper()):
            out.append(("postcode", m.start(), m.end(), "high", "postcode"))
    for m in _POSTCODE_CUE.finditer(text):
        if _OUTWARD_UPPER.fullmatch(m.group(1).upper()):
            out.append(("postcode", m.start(1), m.end(1), "high", "postcode district"))


def _valid_date(d: int, m: int) -> bool:
    return 1 <= d <= 31 and 1 <= m <= 12


def _month_number(name: str) -> int:
    key = name.rstrip(".")[:3].title()
    return [n[:3] for n in MONTHS].index(key) + 1


def _dates(text: str, out: list[_Raw]) -> None:
    for rx in _DATE_PATTERNS:
        for m in rx.finditer(text):
            groups = m.groupdict()
            day = int(groups["d"])
            month = int(groups["m"]) if groups.get("m") else _month_number(groups["mn"])
            if not _valid_date(day, month):
                continue
            s, e = m.start(), m.end()
            if text[s:s + 4].lower() == "the ":
                s += 4
            near = text[max(0, s - 60):s] + " " + text[e:e + 30]
            birth = bool(_BIRTH_CUE.search(near))
            year = groups.get("y")
            if birth:
                out.append(("date_of_birth", s, e, "high", "date near a birth cue"))
            elif year:
                out.append(("date", s, e, "review", "full date"))
    for m in _MONTH_YEAR.finditer(text):
        if _BIRTH_CUE.search(text[max(0, m.start() - 40):m.start()]):
            out.append(("date_of_birth", m.start(), m.end(), "high", "month and year of birth"))
    for m in _BORN_YEAR.finditer(text):
        out.append(("date_of_birth", m.start(1), m.end(1), "review", "year of birth"))


def _addresses(text: str, out: list[_Raw]) -> None:
    for m in _ADDRESS_NUM.finditer(text):
        words = m.group().split()
        if any(_is_common(w.rstrip(",")) for w in words[1:-1]):
            continue
        out.append(("address", m.start(), m.end(), "high", "house number and street"))
    for m in _ADDRESS_NAME.finditer(text):
        words = m.group().split()
        if _is_common(words[0]) or words[0] in ("High", "Main", "Church", "Station"):
            continue
        cued = bool(_ADDRESS_CUE.search(text[max(0, m.start() - 12):m.start()]))
        out.append(("address", m.start(), m.end(), "high" if cued else "review", "street name"))
    for m in _BUILDING.finditer(text):
        out.append(("address", m.start(), m.end(), "high", "flat or unit in a building"))
    for m in _BUILDING_NAME.finditer(text):
        words = m.group().split()
        if not _is_common(words[0]):
            out.append(("address", m.start(), m.end(), "review", "building name"))


def _people(text: str, out: list[_Raw]) -> None:
    names = first_names()
    for m in _TITLE_NAME.finditer(text):
        parts = m.group("n").split()
        if _is_common(parts[0]):
            continue
        end = m.end("n") if len(parts) == 2 and not _is_common(parts[1]) else m.start("n") + len(
            parts[0])
        out.append(("person", m.start(), end, "high", "title and name"))
    for m in _NAMED.finditer(text):
        word = m.group("n")
        if _is_common(word) or is_pseudonym(word):
            continue
        conf = "high" if word in names else "review"
        out.append(("person", m.start("n"), m.end("n"), conf, "name after 'called'"))
    for m in _first_name_rx().finditer(text):
        word = m.group()
        s, e = m.start(), m.end()
        if re.search(r"\b(?:St\.?|Saint)\s+$", text[max(0, s - 7):s]):
            continue  # St John Ambulance, St Helen's: saints name churches, schools, charities
        nxt = re.match(rf"[ \t]+({_NAMEWORD})", text[e:e + 40])
        if nxt and not _is_common(nxt.group(1)) and not is_pseudonym(nxt.group(1)):
            if word in WORD_NAMES and _sentence_start(text, s):
                continue
            end = e + nxt.end(1)
            after = re.match(r"[ \t]+([A-Z][a-z]+)", text[end:end + 20])
            if after and after.group(1) in _NAMED_AFTER:
                # "the Marie Collins Foundation": a name, but an organisation's
                out.append(("person", s, end, "review", "name in an organisation's name"))
                continue
            out.append(("person", s, end, "high", "first name and surname"))
            continue
        if word in WORD_NAMES or word in COMMON_CAPS:
            continue
        if text[e:e + 1] in ("'", "’") and text[e + 1:e + 2] not in ("s", "S"):
            continue  # a word such as "Don't" split oddly; keep possessives
        if not _sentence_start(text, s) or text[e:e + 2] in ("'s", "’s", ", "):
            out.append(("person", s, e, "review", "first name alone"))


def _institutions(text: str, out: list[_Raw]) -> None:
    for m in _SCHOOL.finditer(text):
        words = m.group("name").split()
        keep = list(words)
        while keep and (_is_common(keep[0]) and keep[0] not in ("St", "St.", "Saint")):
            keep.pop(0)
        distinctive = [w for w in keep if w not in _SCHOOL_GENERIC and not _is_common(w)
                       and w not in ("St", "St.", "Saint")]
        if not distinctive:
            continue
        start = m.start("name") + m.group("name").find(keep[0])
        out.append(("school", start, m.end(), "high", "school name"))
    places = place_names()
    for m in _place_rx().finditer(text):
        word = m.group()
        cued = bool(re.search(rf"\b{_PLACE_CUE}\s+(?:the\s+)?$",
                              text[max(0, m.start() - 14):m.start()], re.IGNORECASE))
        if word in WORD_PLACES:
            if cued and not re.match(r"\s+(?:Road|Street|Lane|Avenue)\b", text[m.end():]):
                out.append(("place", m.start(), m.end(), "high", "listed place after a cue"))
            continue
        conf = "high" if cued else "review"
        out.append(("place", m.start(), m.end(), conf, "listed place"))
    for m in _CUED_CAP.finditer(text):
        word = m.group("w")
        head = word.split()[0]
        if word in places or head in places or _is_common(head) or head in first_names():
            continue
        parts = word.split()
        if _PLACE_SUFFIX_RX.match(head) and not is_pseudonym(word):
            out.append(("place", m.start("w"), m.end("w"), "high", "place-like word after a cue"))
        elif len(parts) == 2 and parts[1] in _AREA_WORDS:
            out.append(("place", m.start("w"), m.end("w"), "high", "district after a cue"))
    for m in _ESTATE.finditer(text):
        words = m.group("n").split()
        while words and _is_common(words[0]):
            words.pop(0)
        if words:
            start = m.start("n") + m.group("n").find(words[0])
            out.append(("place", start, m.end(), "high", "named estate"))


def _capital_runs(text: str, out: list[_Raw]) -> None:
    """Review-level: two or more capitalised words inside a sentence, not common words."""
    for m in _CAP_RUN.finditer(text):
        words = m.group().split()
        offset = m.start()
        # Skip leading common words ("Then Kayleigh Morton" -> "Kayleigh Morton").
        while words and _is_common(words[0]):
            offset = text.index(words[0], offset) + len(words[0])
            words.pop(0)
        if len(words) < 2 or any(_is_common(w) for w in words):
            continue
        start = text.index(words[0], offset)
        if _sentence_start(text, start) and words[0] not in first_names():
            continue
        phrase = " ".join(words)
        if is_pseudonym(phrase):
            continue
        out.append(("name", start, m.end(), "review", "capitalised words"))



def _rules(text: str, review: bool) -> list[_Raw]:
    raw: list[_Raw] = []
    _contacts(text, raw)
    _numbers(text, raw)
    _dates(text, raw)
    _addresses(text, raw)
    _people(text, raw)
    _institutions(text, raw)
    if review:
        _capital_runs(text, raw)
    return raw
