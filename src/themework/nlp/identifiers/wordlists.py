"""Word lists: the shipped first names and places, and the built-in lists of ordinary words.

The shipped lists live in ``themework/nlp/data`` and are read through ``importlib.resources``
(anchored on the ``themework.nlp`` package, so they are found from a source tree and an
installed wheel alike) and cached after the first read.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


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

_SCHOOL_GENERIC = frozenset(_words(
    "Virtual Special Primary Secondary High Grammar Independent State Local Free Further "
    "Education Sixth Form Junior Infant Infants Boarding Residential Mainstream Alternative "
    "Provision Pupil Referral Unit Catholic Church Community Faith Village Comprehensive Prep "
    "Private Public Night Summer Sunday Forest Hospital Medical Nursing Police Training "
    "Business Art Arts Drama Dance Music Language English Maths Science Technical Open "
    "Senior Middle Lower Upper Girls Boys Girls' Boys' Main Old New Big Little Our Her His "
    "Their My Your The A An This That Same Different Whole RC CE CofE C of E R.C. C.E."
))
# Words after a person's name that make it the name of a place or an organisation.
_NAMED_AFTER = frozenset(_words(
    "Foundation Trust Centre Center Institute Project House Hospital School Academy College "
    "Building Hall Library Court Stadium Park Ward Unit Charity Fund Memorial Street Road"
))
_AREA_WORDS = frozenset(_words(
    "Side Green End Heath Common Hill Vale Cross Town Village Moor Bridge Heights Top Bottom "
    "Hulme Park Bank Fold Gate Brow Hey Wood"
))
