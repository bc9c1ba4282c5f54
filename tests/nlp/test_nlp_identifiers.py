"""The rule-based residual-identifier checker: each kind, validators, labels, pseudonyms."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from themework.nlp.identifiers import (
    Finding,
    check,
    check_labels,
    is_pseudonym,
    nhs_number_valid,
    ni_number_valid,
    pseudonymise,
)

SAMPLES = Path(__file__).resolve().parents[2] / "transcripts_sample"


def _found(text: str, kind: str, *, confidence: str | None = None) -> list[str]:
    return [
        f.text
        for f in check(text)
        if f.kind == kind and (confidence is None or f.confidence == confidence)
    ]


@pytest.mark.parametrize(
    ("kind", "sentence", "expected"),
    [
        ("email", "Write to kay.m99@example.co.uk today.", "kay.m99@example.co.uk"),
        ("email", "It's sam at gmail dot com, all lower case.", "sam at gmail dot com"),
        ("phone", "Ring 07700 900123 any time.", "07700 900123"),
        ("phone", "Her mobile is +44 7700 900 456.", "+44 7700 900 456"),
        ("phone", "The office is 020 7946 0018.", "020 7946 0018"),
        ("phone", "Try 0161-496-0999 after six.", "0161-496-0999"),
        ("phone", "Or +44 (0)113 496 0000 in the day.", "+44 (0)113 496 0000"),
        ("postcode", "The house is at LS6 2QQ now.", "LS6 2QQ"),
        ("postcode", "Send it to EC1A 1BB please.", "EC1A 1BB"),
        ("nhs_number", "NHS number 943 476 5919 on the form.", "943 476 5919"),
        ("ni_number", "Her NI is HZ 12 34 56 C.", "HZ 12 34 56 C"),
        ("date_of_birth", "She was born on 14/03/2008 in the winter.", "14/03/2008"),
        ("date_of_birth", "DOB: 3rd May 2009.", "3rd May 2009"),
        ("date_of_birth", "His birthday is the 5th of August.", "5th of August"),
        ("url", "See https://example.com/profile/kay for it.", "https://example.com/profile/kay"),
        ("url", "Her page was facebook.com/kay.morton.", "facebook.com/kay.morton"),
        ("handle", "They messaged @kayz_xo every night.", "@kayz_xo"),
        ("handle", "Her snapchat is kayz_2009 I think.", "kayz_2009"),
        ("address", "The flat at 27 Cedar Close was raided.", "27 Cedar Close"),
        ("address", "They hung around on Hatherley Road at night.", "Hatherley Road"),
        ("person", "My manager, Mrs Patterson, was brilliant.", "Mrs Patterson"),
        ("person", "We spoke to DC Harris about it.", "DC Harris"),
        ("person", "Then Jordan Fletcher turned up.", "Jordan Fletcher"),
        ("person", "There was a girl called Keira in the group.", "Keira"),
        ("school", "She moved to Castlebrook High in Year 9.", "Castlebrook High"),
        ("school", "He was at St Aidan's Catholic College.", "St Aidan's Catholic College"),
        ("school", "Her sister went to Oakfield Primary School.", "Oakfield Primary School"),
        ("place", "She came up from Hartlepool on the train.", "Hartlepool"),
        ("place", "They all met in Fallowford most nights.", "Fallowford"),
        ("place", "I cover the Ravensworth estate.", "Ravensworth estate"),
    ],
)
def test_each_kind_high(kind: str, sentence: str, expected: str) -> None:
    text = f"P04: {sentence}"
    assert _found(text, kind, confidence="high") == [expected], check(text)


@pytest.mark.parametrize(
    ("kind", "sentence", "expected"),
    [
        ("person", "I rang Chloe's mum the next day.", "Chloe"),  # lone first name
        ("name", "We met Aleksandra Nowak at the hub.", "Aleksandra Nowak"),
        ("date", "The review was on 12/05/2023.", "12/05/2023"),  # a full date, no birth cue
        ("date_of_birth", "She was born in 2008, I think.", "2008"),
        ("phone", "Childline's other number is 0800 800 5000.", "0800 800 5000"),
        ("place", "Liverpool were playing that night.", "Liverpool"),  # no cue word
        ("url", "The charity site is www.example.org.uk.", "www.example.org.uk"),
    ],
)
def test_uncertain_findings_are_review(kind: str, sentence: str, expected: str) -> None:
    text = f"P04: {sentence}"
    assert _found(text, kind, confidence="review") == [expected], check(text)
    assert not [f for f in check(text) if f.blocking]


@pytest.mark.parametrize(
    "sentence",
    [
        "P01: At Site A we had the Youth Offending Team, Children's Services and the MASH.",
        "Interviewer: Thanks, FG3. And you, P02?",
        "FG1: The Crown Court took eighteen months; Section 47 enquiries take days.",
        "P05: Year 9 is where it starts, about one in five of them, 24/7 on their phones.",
        "P05: We use the Brook traffic light tool and ring 999 or 101 if we must.",
        "P01: Father Christmas came on the 24th; she was fourteen in March.",
        "P02: Honestly? Trust takes time. Consistency matters. Permission to spend the time.",
        "P03: I'd say [Person 1] at [School A] in [Place B] was on my caseload.",
        "P03: At 10:30 on Tuesday, about 2019, the Virtual School got involved.",
        "P04: The High Street, the Local Authority, the Safeguarding Partnership.",
        "P04: QQ 12 34 56 C is the sample NI number and 123 456 7890 fails the check.",
        "P02: It's a mile off. Sometimes, Will, you just wait.",
    ],
)
def test_pseudonyms_and_everyday_text_are_not_blocking(sentence: str) -> None:
    assert [f for f in check(sentence) if f.blocking] == []


@pytest.mark.parametrize(
    "label",
    [
        "P01",
        "P0001",
        "FG3",
        "R12",
        "Interviewer",
        "Facilitator",
        "Site A",
        "Young person 2",
        "Interviewer 2",
        "[Person 1]",
    ],
)
def test_is_pseudonym(label: str) -> None:
    assert is_pseudonym(label)


def test_is_pseudonym_rejects_names() -> None:
    assert not is_pseudonym("Jane Smith")
    assert not is_pseudonym("Kayleigh")


def test_nhs_check_digit() -> None:
    assert nhs_number_valid("943 476 5919")
    assert nhs_number_valid("9434765919")
    assert nhs_number_valid("401-023-6590")  # remainder 0 -> check digit 11 -> 0
    assert not nhs_number_valid("943 476 5918")  # wrong check digit
    assert not nhs_number_valid("7210045830")  # the check digit would be 10: never issued
    assert not nhs_number_valid("94347659")
    assert _found("NHS no 943 476 5919.", "nhs_number") == ["943 476 5919"]
    assert _found("Ref 943 476 5918.", "nhs_number") == []
    assert _found("Her NHS number, 943 476 5918, bounced.", "nhs_number", confidence="review") == [
        "943 476 5918"
    ]


def test_ni_number_rules() -> None:
    assert ni_number_valid("AB 12 34 56 C")
    assert ni_number_valid("ab123456d")
    assert not ni_number_valid("AB 12 34 56 E")  # suffix A-D only
    assert not ni_number_valid("DA 12 34 56 A")  # D never first
    assert not ni_number_valid("AO 12 34 56 A")  # O never second
    assert not ni_number_valid("QQ 12 34 56 A")  # Q never used
    for prefix in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
        assert not ni_number_valid(f"{prefix} 12 34 56 A")
    assert not ni_number_valid("AB 12 34 56")
    assert ni_number_valid("AB 12 34 56", need_suffix=False)
    assert _found("NI AB 12 34 56 today", "ni_number", confidence="review") == ["AB 12 34 56"]


def test_findings_carry_lines_and_offsets() -> None:
    text = "Interviewer: Hello.\n\nP01: Ring 07700 900123.\nP01: Or kay@example.com."
    found = check(text)
    assert [(f.kind, f.line) for f in found] == [("phone", 3), ("email", 4)]
    assert all(text[f.start : f.end] == f.text for f in found)


def test_check_high_only() -> None:
    text = "P01: Chloe rang Mrs Patterson. I rang Chloe's mum."
    assert {f.confidence for f in check(text, review=False)} == {"high"}


def test_speaker_labels() -> None:
    labels = [
        "Interviewer",
        "P01",
        "FG3",
        "Site A",
        "Jane Smith",
        "Kayleigh",
        "Mum",
        "Dr Patel",
        "jane@example.com",
    ]
    found = {f.line: f for f in check_labels(labels)}
    assert set(found) == {5, 6, 8, 9}
    assert found[5].kind == "person" and found[5].confidence == "high"
    assert found[6].confidence == "review"
    assert found[8].text == "Dr Patel" and found[9].kind == "email"


def test_pseudonymise_is_consistent_across_texts() -> None:
    first = (
        "P01: Kayleigh Morton was placed in Rochdale. Later Kayleigh said Mrs Patterson "
        "at Oakfield Primary had rung. Email kay@example.com or 07700 900123."
    )
    second = (
        "P02: Ms Morton and Jordan Fletcher both went to Oakfield Primary before "
        "Rochdale. Kayleigh Morton's mum rang Mrs Patterson from Oldham."
    )
    key: dict[str, str] = {"Jordan Fletcher": "[Young person 1]"}
    new_first, key = pseudonymise(first, check(first), key)
    new_second, key = pseudonymise(second, check(second), key)
    assert new_first == (
        "P01: [Person 1] was placed in [Place A]. Later [Person 1] said [Person 2] at "
        "[School A] had rung. Email [email] or [phone]."
    )
    assert new_second == (
        "P02: [Person 1] and [Young person 1] both went to [School A] before [Place A]. "
        "[Person 1]'s mum rang [Person 2] from [Place B]."
    )
    # The key is plain YAML and makes the next run produce the same labels.
    reloaded = yaml.safe_load(yaml.safe_dump(dict(key), sort_keys=False))
    again, _ = pseudonymise(first, check(first), dict(reloaded))
    assert again == new_first
    assert "kay@example.com" not in reloaded  # fixed labels are not stored
    # Pseudonymised text has nothing left to block.
    assert [f for f in check(new_first) + check(new_second) if f.blocking] == []


def test_pseudonymise_replaces_known_names_the_checker_missed() -> None:
    key = {"Zebedee": "[Young person 3]"}
    text = "P01: Zebedee came back, ZEBEDEE said. Zebedeeville is a made-up town."
    new, _ = pseudonymise(text, [], key)
    assert new == (
        "P01: [Young person 3] came back, [Young person 3] said. Zebedeeville is a made-up town."
    )
    assert pseudonymise(text, [], dict(key), replace_known=False)[0] == text


def test_sample_transcripts_block_nothing() -> None:
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text("utf-8")
        assert [f for f in check(text) if f.blocking] == [], path.name


def test_finding_is_frozen() -> None:
    f = Finding("email", 0, 3, 1, "a@b", "high")
    with pytest.raises(AttributeError):
        f.kind = "x"  # type: ignore[misc]


def test_pathological_runs_stay_fast() -> None:
    """Long runs without spaces or of capitals must not make a regex go quadratic."""
    for text in (
        "P01: 1 " + "AB" * 30_000 + "1 end",
        "http://" + "a/" * 50_000,
        "@" * 50_000 + " a@b.com",
        "1 " * 50_000,
    ):
        start = time.perf_counter()
        check(text)
        # A guard against catastrophic backtracking (minutes), not a speed target.
        assert time.perf_counter() - start < 20.0
