"""Residual-identifier checks for transcripts that should already be pseudonymised.

Rule-based: regular expressions and shipped word lists, no spaCy, so a whole corpus is checked
in a fraction of a second per megabyte. ``check(text)`` returns ``Finding``s sorted by offset,
without overlaps. A trained pipeline's entities can be added with ``check_with_ner`` (opt-in).

Confidence: "high" findings should block an import until dealt with; "review" findings are
shown for a person to judge and never block. The split:

- high: e-mail addresses; UK phone numbers (geographic 01/02 and mobile 07; 03/05/08
  organisation and freephone numbers are review); full postcodes; NHS numbers whose mod-11
  check digit is right; National Insurance numbers that keep the prefix and suffix rules;
  dates of birth (a date near "born", "DOB", "date of birth", "birthday"); URLs with a path or
  on a social-media site; @handles and handles named after "Snapchat", "Instagram", ...;
  house number + street name + street word; a street name after "on", "in", "off"...; flat or
  unit + building; title + name ("Mrs Patterson", "DC Harris"); a listed first name +
  a surname-like word; a name after "called" / "named"; a school name (a distinctive
  capitalised word + School/Academy/College/High/Primary...); a listed place or a word with a
  place ending (-ton, -ford, -ham, -bury...) after "in", "from", "at"...; "X estate".
- review: a lone listed first name (it may be an agreed pseudonym); other capitalised
  sequences inside a sentence; any other full date (it may be a date of birth or date an
  identifiable event); a year of birth ("born in 2008"); 10 digits that fail the NHS check
  but sit next to "NHS"; an NI number without its suffix letter; a listed place without a cue
  word; a building name; a bare web domain; street names without a cue.

Pseudonyms are never flagged: participant codes (P01, FG3, R12), roles (Interviewer,
Facilitator), sites (Site A) and the bracketed labels ``pseudonymise`` writes ([Person 1]).

``Finding.text`` is the identifying text itself: show it to the researcher, never log it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "KINDS",
    "Finding",
    "check",
    "check_labels",
    "check_with_ner",
    "is_pseudonym",
    "nhs_number_valid",
    "ni_number_valid",
    "pseudonymise",
]

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


# -- word lists -----------------------------------------------------------------------------

def _words(spaced: str) -> list[str]:
    return spaced.split()


def _read_list(name: str) -> frozenset[str]:
    raw = resources.files("themework.nlp").joinpath("data", name).read_text("utf-8")
    return frozenset(
        line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#")
    )


@cache
def first_names() -> frozenset[str]:
    return _read_list("first_names.txt")


@cache
def place_names() -> frozenset[str]:
    return _read_list("places.txt")


MONTHS = _words(
    "January February March April May June July August September October November December"
)
_MONTH_ABBR = _words("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec")
DAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")

# First names that are also ordinary words (or months): never reported alone, and after a
# title or before a surname only when the other word is not an ordinary word either.
WORD_NAMES = frozenset(_words(
    "Will May June April Summer Mark Rose Grace Hope Faith Joy Bill Frank Pat Sue Rob Jack "
    "Dale Kim Jan Val Ed Dan Matt Sam Jo Amber Ruby Holly Jade Poppy Daisy Lily Skye Sky "
    "Destiny Precious Eden Taylor Morgan Lee Brooke Chase Bob Jay Ali Harley Rio Summer Ellis "
    "Kai Shay Casey Bailey Riley Mason Logan Carol Heather Jasmine Kelly Dean Craig Paige "
    "Sandy Penny Robin Ray Rich Drew Neil Sonny Romeo Ross Scott Jess Kate Tom Ben Jenny"
))
# Listed places that are also ordinary words: they count only after a cue word.
WORD_PLACES = frozenset(_words(
    "Reading Bath Sale Bury Street Deal March Hope Wells Grays Kent Sutton Stoke Derby "
    "Burton Kingston Washington Hamilton Newport Perth Ayr Christchurch Stratford Highlands "
    "Rugby Dover Chester Lincoln Durham Poole Hull Brent Barking Harrow Gillingham Reigate "
    "Bangor Newark Kirkby Sussex Devon Essex York Oxford Cambridge"
))

# Capitalised words that are not names: sentence starters, pronouns, days, months, roles,
# services and the words pseudonyms are made of.
COMMON_CAPS = frozenset(_words(
    "The A An And But So Or If When Then Now Well Yes Yeah No Nope Oh Ah Um Er Erm Mm Hmm "
    "Okay Ok OK Right Sure I It Its We They He She You Me Us Them Him Her His Hers Our "
    "Ours Your Yours Their Theirs My Mine This That These Those There Here What Why How "
    "Who Whom Whose Where Which Because Also Just Really Actually Sometimes Often Always "
    "Never Honestly Like Even Still Some Most Many Much More Less All Any Every Each Both "
    "Either Neither Not Nothing Something Anything Everything Someone Anyone Everyone "
    "Nobody Somebody Everybody One Two Three Four Five Six Seven Eight Nine Ten Eleven "
    "Twelve First Second Third Last Next Other Another Do Does Did Done Is Are Was Were Be "
    "Been Being Have Has Had Can Could Will Would Should Shall Might May Must Let Please "
    "Thank Thanks Sorry Hello Hi Bye Good Great Fine Yep Aye Mum Mom Dad Mummy Daddy Nan "
    "Nana Grandma Grandad Granny Gran Auntie Aunty Uncle Brother Sister God Jesus Allah "
    "Christmas Easter Eid Diwali Ramadan Halloween Bonfire New Year Years Day Night "
    "Morning Evening Weekend Week Month Monday Tuesday Wednesday Thursday Friday Saturday "
    "Sunday English British Welsh Scottish Irish Polish Romanian Asian Black White Muslim "
    "Christian Catholic Jewish Sikh Hindu Interviewer Interviewee Facilitator Moderator "
    "Participant Participants Researcher Respondent Speaker Person People Site Sites "
    "Place School Young Child Children Kid Kids Girl Girls Boy Boys Lad Lads Man Men "
    "Woman Women Worker Workers Parent Parents Carer Carers Staff Team Teams Manager "
    "Managers Officer Officers Police Nurse Doctor Teacher Teachers Social Services "
    "Service Care Health Council Court Courts Authority Local Partnership Board Unit Home "
    "Office Hospital Centre Center Project Framework Act Section Order Plan Review Meeting "
    "Conference Panel Hub Network Trust Youth Offending Safeguarding Sexual Exploitation "
    "Criminal Justice Education Early Help Family Families Missing Strategy Multi Agency "
    "Department Government Ministry National County City Town District Borough Region "
    "North South East West Northern Southern Eastern Western Central Upper Lower Greater "
    "Little Great Big Old Street Road Avenue Lane Close Drive Way Crescent Park Hill "
    "Square Court Gardens Terrace Grove Crown Magistrates Family Childline Barnardo "
    "Barnardo's NSPCC CAMHS MASH CSE CCE GP NHS A&E DWP Ofsted Brook Internet Facebook "
    "Instagram Snapchat TikTok Twitter WhatsApp YouTube Google Xbox PlayStation Fortnite "
    "iPhone Android Tesco Asda Aldi Lidl Primark McDonald's KFC Costa Greggs Uber Note "
    "Notes Question Answer Transcript Interview Focus Group Wave Date Time Pause Laughs "
    "Inaudible Crosstalk Yr Year Key Stage Level Form Class Sixth Further Higher Virtual "
    "Special Primary Secondary High Grammar Academy College University Unknown Unclear "
    "Miss Mr Mrs Ms Dr Mx Sir Madam Dear Hey Cheers Wow Gosh Blimp Anyway Obviously "
    "Basically Definitely Probably Maybe Perhaps Absolutely Exactly Totally Certainly "
    "Again Already Almost Around After Before During Until Since While Whilst Although "
    "Though However Therefore Otherwise Instead Meanwhile Besides Plus Only Either Yet "
    "Over Under About Above Below Between Into Onto Out Off On In At To For From With "
    "Without Within By Of Up Down Through Across Along Behind Beyond Near Against "
    "Towards Upon Via Per Than As Else Too Very Quite Rather Pretty Enough Lot Lots Loads "
    "Bit Kind Sort Thing Things Stuff Whatever Whenever Wherever However Whoever Ever "
    "Look Listen See Say Said Tell Told Ask Asked Go Went Come Came Get Got Make Made "
    "Take Took Give Gave Know Knew Think Thought Feel Felt Want Wanted Need Needed Try "
    "Keep Kept Start Started Stop Being Having Doing Going Getting Making Saying "
    "Talking Working Looking Thinking Trying Coming Building Trusting Sitting Walking "
    "Driving Turning Hearing Listening Reading Writing Waiting Telling Asking Giving "
    "Taking Saturday Sundays Mondays Fridays"

)) | frozenset(MONTHS) | frozenset(_MONTH_ABBR) | frozenset(DAYS)

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


# -- validators -----------------------------------------------------------------------------

def nhs_number_valid(number: str) -> bool:
    """Mod-11 check of a 10-digit NHS number (spaces and dashes ignored)."""
    digits = re.sub(r"[\s-]", "", number)
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


_NI_FIRST = set("ABCEGHJKLMNOPRSTWXYZ")  # not D, F, I, Q, U, V
_NI_SECOND = set("ABCEGHJKLMNPRSTWXYZ")  # not D, F, I, O, Q, U, V
_NI_BAD_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def ni_number_valid(number: str, *, need_suffix: bool = True) -> bool:
    """National Insurance number format rules (HMRC): two prefix letters, six digits, A-D.

    The first letter is not D, F, I, Q, U or V; the second not D, F, I, O, Q, U or V; the
    prefixes BG, GB, KN, NK, NT, TN and ZZ are never issued; the suffix is A, B, C or D.
    """
    s = re.sub(r"\s", "", number).upper()
    m = re.fullmatch(r"([A-Z])([A-Z])(\d{6})([A-D]?)", s)
    if not m:
        return False
    a, b, _digits, suffix = m.groups()
    if a not in _NI_FIRST or b not in _NI_SECOND or a + b in _NI_BAD_PREFIXES:
        return False
    return bool(suffix) or not need_suffix


# -- patterns -------------------------------------------------------------------------------

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
_SCHOOL_GENERIC = frozenset(_words(
    "Virtual Special Primary Secondary High Grammar Independent State Local Free Further "
    "Education Sixth Form Junior Infant Infants Boarding Residential Mainstream Alternative "
    "Provision Pupil Referral Unit Catholic Church Community Faith Village Comprehensive Prep "
    "Private Public Night Summer Sunday Forest Hospital Medical Nursing Police Training "
    "Business Art Arts Drama Dance Music Language English Maths Science Technical Open "
    "Senior Middle Lower Upper Girls Boys Girls' Boys' Main Old New Big Little Our Her His "
    "Their My Your The A An This That Same Different Whole RC CE CofE C of E R.C. C.E."
))
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
# Words after a person's name that make it the name of a place or an organisation.
_NAMED_AFTER = frozenset(_words(
    "Foundation Trust Centre Center Institute Project House Hospital School Academy College "
    "Building Hall Library Court Stadium Park Ward Unit Charity Fund Memorial Street Road"
))
_AREA_WORDS = frozenset(_words(
    "Side Green End Heath Common Hill Vale Cross Town Village Moor Bridge Heights Top Bottom "
    "Hulme Park Bank Fold Gate Brow Hey Wood"
))
_ESTATE = re.compile(rf"\b(?P<n>(?:{_CAPWORD}\s+){{1,2}})(?:[Ee]state|Park\s+[Ee]state)\b")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”(\[\n]|--|—|–)\s*$")
_NEWLINE = re.compile(r"\n")


@cache
def _first_name_rx() -> re.Pattern[str]:
    return re.compile(r"\b" + _alternation(first_names()) + r"\b")


@cache
def _place_rx() -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + _alternation(place_names()) + r"(?![\w-])")


# -- the checker ----------------------------------------------------------------------------

_Raw = tuple[str, int, int, str, str]  # kind, start, end, confidence, rule


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


# -- pseudonymisation -----------------------------------------------------------------------

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
    index: dict[str, str] = {_norm(k): v for k, v in key.items()}
    people = {k: v for k, v in index.items() if v.startswith(("[Person", "[Young person"))}

    def label_for(kind: str, original: str) -> str:
        if kind in _FIXED:
            return _FIXED[kind]
        norm = _norm(original)
        if norm in index:
            return index[norm]
        if kind in _NUMBERED:
            parts = set(norm.split())
            owners = {v for k, v in people.items() if parts and parts <= set(k.split())}
            if len(owners) == 1:
                return owners.pop()
        if kind in _NUMBERED:
            label = _next_label(_NUMBERED[kind], key, numbered=True)
        else:
            label = _next_label(_LETTERED.get(kind, kind.title()), key, numbered=False)
        key[original.strip()] = label
        index[norm] = label
        if kind in _NUMBERED:
            people[norm] = label
        return label

    edits: list[tuple[int, int, str]] = []
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if edits and f.start < edits[-1][1]:
            continue
        original = text[f.start:f.end]
        label = label_for(f.kind, original)
        end = f.end
        if f.kind in _NUMBERED and text[end:end + 2] in ("'s", "’s"):
            label += text[end:end + 2]
            end += 2
        edits.append((f.start, end, label))
    if replace_known and key:
        covered = [(s, e) for s, e, _ in edits]
        originals = sorted(key, key=len, reverse=True)
        rx = re.compile(r"(?<![\w@.])(?:" + "|".join(re.escape(o) for o in originals)
                        + r")(?![\w@])", re.IGNORECASE)
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            if any(s < ce and cs < e for cs, ce in covered):
                continue
            known = index.get(_norm(m.group()))
            if known:
                edits.append((s, e, known))
                covered.append((s, e))
        edits.sort()
    parts: list[str] = []
    pos = 0
    for s, e, label in edits:
        parts.append(text[pos:s])
        parts.append(label)
        pos = e
    parts.append(text[pos:])
    return "".join(parts), key
