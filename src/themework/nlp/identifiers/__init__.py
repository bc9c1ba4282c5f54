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

from themework.nlp.identifiers.checker import check, check_labels, check_with_ner
from themework.nlp.identifiers.finding import KINDS, Finding
from themework.nlp.identifiers.pseudonyms import is_pseudonym, pseudonymise
from themework.nlp.identifiers.validators import nhs_number_valid, ni_number_valid

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
