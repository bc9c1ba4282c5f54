"""The compiled regular expressions the rules use, and the pieces they are built from."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from themework.nlp.identifiers.wordlists import _MONTH_ABBR, MONTHS, first_names, place_names


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation grouped by first letter, longest first (faster than a flat list)."""
    groups: dict[str, list[str]] = {}
    for w in sorted(set(words), key=lambda w: (-len(w), w)):
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    parts = []
    for first, rests in sorted(groups.items()):
        parts.append(re.escape(first) + "(?:" + "|".join(rests) + ")")
    return "(?:" + "|".join(parts) + ")"


_EMAIL = re.compile(
    r"(?<![\w.+%-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_])?"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])"
)
# "jordan dot fletcher at outlook dot com", as speech is often transcribed.
_EMAIL_SPOKEN = re.compile(
    r"\b[a-z0-9_]+(?:\s+dot\s+[a-z0-9_]+)*\s+at\s+[a-z0-9-]+(?:\s+dot\s+[a-z0-9-]+)*"
    r"\s+dot\s+(?:com|org|net|co\s+dot\s+uk|org\s+dot\s+uk|uk|gov\s+dot\s+uk)\b",
    re.IGNORECASE,
)
_TLDS = r"(?:com|org|net|uk|io|me|info|tv|co|gov|edu|biz|xyz|ly|app|gg|ie|eu)"
_SOCIAL = re.compile(
    r"(?:facebook|fb|instagram|snapchat|tiktok|twitter|x|youtube|linkedin|onlyfans|"
    r"discord|twitch|reddit|telegram|wa|whatsapp|t)\.(?:com|me|gg|tv)\b", re.IGNORECASE
)
_URL = re.compile(
    r"(?<![\w@./-])(?:(?:https?://|www\.)[^\s<>\"'()\[\]{}]+"
    rf"|(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+{_TLDS}(?:\.[a-z]{{2}})?"
    r"(?:/[^\s<>\"'()\[\]{}]*)?(?![\w@]))",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w@./:+-])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![\w@])")
_HANDLE_CUE = re.compile(
    r"\b(?:snap(?:chat)?|insta(?:gram)?|tik\s?tok|twitter|facebook|discord|twitch|xbox|psn|"
    r"gamer\s?tag|user\s?name|handle|account\s+name|profile\s+name)\b"
    r"[^.\n?!]{0,24}?(?:\bis\b|\bwas\b|\bcalled\b|\bas\b|:)\s*[\"'“‘]?"
    r"(?P<h>@?[A-Za-z0-9_][A-Za-z0-9_.]{1,28}[A-Za-z0-9_])",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?<![\w+/.-])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(0|0)"
    r"\d{1,4}\)?(?:[\s-]?\d{2,6}){1,3}(?![\w/-]|\.\d)"
)
_NHS = re.compile(r"(?<![\w+/.-])(\d{3})([\s-]?)(\d{3})\2(\d{4})(?![\w/-]|\.\d)")
_NHS_CUE = re.compile(r"\bNHS\b|\bhealth\s+(?:service\s+)?number\b", re.IGNORECASE)
_NI = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{2})\s?(\d{2})\s?(\d{2})\s?(\d{2})(?:\s?([A-Da-d]))?(?![A-Za-z0-9])"
)
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{1,2}\d[A-Za-z\d]?)\s?(\d[A-Za-z]{2})(?![A-Za-z0-9])"
)
_OUTWARD_UPPER = re.compile(r"[A-PR-UWYZ](?:[A-HK-Y]?\d\d?|\d[A-HJKPSTUW]|[A-HK-Y]\d[ABEHMNPRV-Y])")
_INWARD_UPPER = re.compile(r"\d[ABD-HJLNP-UW-Z]{2}")
_POSTCODE_CUE = re.compile(
    r"\bpost\s?code\b[^.\n]{0,20}?\b([A-Z]{1,2}\d[A-Z\d]?)(?![A-Za-z0-9])", re.IGNORECASE
)

_MONTH_RX = "(?:" + "|".join(MONTHS) + "|(?:" + "|".join(_MONTH_ABBR) + r")\.?)"
_ORD = r"(?:st|nd|rd|th)?"
_DATE_PATTERNS = [
    # 14/03/2006, 23.11.2007, 2-6-09 (day first, as in the UK)
    re.compile(r"(?<![\w/.-])(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)"
               r"(?P<y>\d{4}|\d{2})(?![\w/-]|\.\d)"),
    # 2006-03-14
    re.compile(r"(?<![\w/.-])(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?![\w/-])"),
    # 14 March 2006, the 5th of August, 14th Mar 06
    re.compile(rf"\b(?:the\s+)?(?P<d>\d{{1,2}}){_ORD}(?:\s+of)?\s+(?P<mn>{_MONTH_RX})"
               rf"(?:,?\s+(?P<y>(?:19|20)\d{{2}}|'\d{{2}}))?(?![\w])"),
    # March 14th, 2006 / March 14
    re.compile(rf"\b(?P<mn>{_MONTH_RX})\s+(?:the\s+)?(?P<d>\d{{1,2}}){_ORD}"
               rf"(?:,?\s+(?P<y>(?:19|20)\d{{2}}))?(?![\w])"),
]
_MONTH_YEAR = re.compile(rf"\b(?P<mn>{_MONTH_RX})\s+(?:of\s+)?(?P<y>(?:19|20)\d{{2}})\b")
_BIRTH_CUE = re.compile(
    r"\b(?:born|birth|birthday|birthdays|b'day|DOB|D\.O\.B|d\.o\.b|dob)\b", re.IGNORECASE
)
_BORN_YEAR = re.compile(r"\bborn\s+(?:in\s+)?(?:(?:early|late|mid)\s+)?((?:19|20)\d{2})\b",
                        re.IGNORECASE)

_STREET_WORDS = (
    "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Cres|Place|Court|Ct|"
    "Gardens|Gdns|Terrace|Grove|Hill|Park|Square|Sq|Mews|Row|Walk|View|Rise|Parade|Green|Vale|"
    "Wharf|Yard|Boulevard|Approach|Croft|Fold|Gate|Brow|Chase|Dale|Fields|End|Lea|Side|Wynd|"
    "Passage|Circus|Embankment|Promenade|Quay|Hey|Meadows|Bank"
)
_STRONG_STREET = (
    "Street|Road|Avenue|Lane|Close|Drive|Crescent|Terrace|Grove|Gardens|Mews|Rise|Parade|Way"
)
# Letters beyond ASCII count (Wójcik, Zoë, Ó Súilleabháin): Latin-1 and Latin Extended-A.
_UP = "A-ZÀ-ÖØ-ÞĀ-ſ"
_LO = "a-zß-öø-ÿĀ-ſ"
_CAPWORD = rf"[{_UP}][{_LO}'’]+(?:-[{_UP}]?[{_LO}'’]+)?"
_ADDRESS_NUM = re.compile(
    rf"(?<![\w/.-])\d{{1,4}}[A-Za-z]?,?\s+(?:{_CAPWORD}\s+){{1,3}}(?:{_STREET_WORDS})\b"
    r"(?:(?<=St|Rd|Dr|Ln|Sq|Ct)\.)?"
)
_ADDRESS_NAME = re.compile(rf"\b(?:{_CAPWORD}\s+){{1,2}}(?:{_STRONG_STREET})\b")
_ADDRESS_CUE = re.compile(
    r"(?:\b(?:on|in|off|at|from|near|along|up|down|onto|round|around|to|into|of|past|by)\s+"
    r"(?:the\s+)?|\d\s*,?\s*)$",
    re.IGNORECASE,
)
_BUILDING = re.compile(
    rf"\b(?:Flat|Unit|Apartment|Apt|Room|Suite)\s+\d{{1,4}}[A-Za-z]?,?\s+"
    rf"(?:{_CAPWORD}\s+){{1,3}}(?:House|Court|Building|Buildings|Lodge|Tower|Towers|Mansions|"
    rf"Centre|Point|Heights|Hall|Place|Block|Works|Mill)\b"
)
_BUILDING_NAME = re.compile(
    rf"\b(?:{_CAPWORD}\s+){{1,2}}(?:House|Tower|Towers|Mansions|Heights|Lodge)\b"
)

_TITLES = (
    "Mr|Mrs|Ms|Miss|Mx|Dr|Doctor|Prof|Professor|Sir|Dame|Lady|Lord|Rev|Revd|Reverend|Father|"
    "Sister|Cllr|Councillor|PC|DC|DS|DI|DCI|DSI|Sgt|Sergeant|Inspector|Constable|Judge|"
    "Auntie|Aunty|Uncle|Nanna|Nana|Grandma|Grandad"
)
# Bounded repeats keep matching linear on long runs of capitals ("ABABAB...").
_NAMEWORD = (
    rf"(?:Mc|Mac|O['’]|D['’])?[{_UP}][{_UP}{_LO}'’]{{0,30}}[{_LO}](?:-[{_UP}][{_LO}'’]{{1,30}})?"
)
_TITLE_NAME = re.compile(rf"\b(?:{_TITLES})\.?\s+(?P<n>{_NAMEWORD}(?:\s+{_NAMEWORD})?)")
_NAMED = re.compile(
    rf"\b(?:called|named|name\s+is|name\s+was|name's|known\s+as)\s+(?P<n>{_NAMEWORD})"
)
_CAP_RUN = re.compile(rf"(?<![\w'’-]){_NAMEWORD}(?:[ \t]+{_NAMEWORD})+")

_SCHOOL_TAIL = (
    "Primary School|Primary Academy|Primary|Junior School|Juniors|Junior|Infant School|Infants|"
    "Infant|High School|High|Secondary School|Secondary|Grammar School|Grammar|Academy|"
    "College|School|Sixth Form College|Sixth Form|Comprehensive|Prep School|Preparatory School|"
    "Pupil Referral Unit|PRU"
)
_SCHOOL = re.compile(
    rf"\b(?P<name>(?:(?:St\.?|Saint)\s+)?(?:{_CAPWORD}\s+){{1,4}}"
    r"(?:(?:RC|R\.C\.|CE|C\.E\.|CofE|C of E)\s+)?)"
    rf"(?P<tail>{_SCHOOL_TAIL})\b"
)
_PLACE_CUE = (
    r"(?:in|from|at|near|to|around|outside|round|towards|toward|across|into|via|between|"
    r"over\s+in|up\s+in|down\s+in|out\s+in|moved\s+to|back\s+to)"
)
_PLACE_SUFFIXES = (
    "ton|tons|ford|ham|bury|borough|brough|burgh|by|caster|cester|chester|mouth|pool|port|"
    "field|ley|leigh|dale|wick|wich|worth|stead|minster|bridge|combe|thorpe|holme|hurst|well|"
    "stoke|stow|sea|shire|wood|bourne|stone|church|mere|moor|gate|den|don|ington"
)
_PLACE_SUFFIX_RX = re.compile(rf"^[A-Z][a-z]+(?:{_PLACE_SUFFIXES})$")
_CUED_CAP = re.compile(
    rf"\b{_PLACE_CUE}\s+(?:the\s+)?(?P<w>[A-Z][a-z]+(?:[- ](?:upon|on|under|in|super|le)[- ]"
    rf"[A-Z][a-z]+|\s+[A-Z][a-z]+)?)",
)
_ESTATE = re.compile(rf"\b(?P<n>(?:{_CAPWORD}\s+){{1,2}})(?:[Ee]state|Park\s+[Ee]state)\b")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”(\[\n]|--|—|–)\s*$")
_NEWLINE = re.compile(r"\n")


@cache
def _first_name_rx() -> re.Pattern[str]:
    return re.compile(r"\b" + _alternation(first_names()) + r"\b")


@cache
def _place_rx() -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + _alternation(place_names()) + r"(?![\w-])")
