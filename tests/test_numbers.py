"""Numbers are the gate before any I/O: every accepted form in, everything else out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kvtui.numbers import InvalidNumber, NumberKind, is_safe_id, parse_number


@pytest.mark.parametrize(
    ("given_text", "kind", "canonical", "zaak"),
    [
        ("2020Z12161", NumberKind.ZAAK, "2020Z12161", "2020Z12161"),
        ("  2020z12161 ", NumberKind.ZAAK, "2020Z12161", "2020Z12161"),
        ("kv-tk-2020Z12161", NumberKind.QUESTIONS_ID, "kv-tk-2020Z12161", "2020Z12161"),
        ("KV-TK-2020z12161", NumberKind.QUESTIONS_ID, "kv-tk-2020Z12161", "2020Z12161"),
        ("ah-tk-20192020-3940", NumberKind.ANSWER_ID, "ah-tk-20192020-3940", None),
        ("AH-TK-20072008-2031-H1", NumberKind.ANSWER_ID, "ah-tk-20072008-2031-h1", None),
        ("ah-tk-20082009-3385-n1", NumberKind.ANSWER_ID, "ah-tk-20082009-3385-n1", None),
        ("kv-tk-20062007-KVR27039", NumberKind.QUESTIONS_ID, "kv-tk-20062007-KVR27039", None),
        ("kv-2000100840", NumberKind.QUESTIONS_ID, "kv-2000100840", None),
        ("2020D25948", NumberKind.TK_DOCUMENT, "2020D25948", None),
        (
            "https://zoek.officielebekendmakingen.nl/kv-tk-2020Z12161.html",
            NumberKind.QUESTIONS_ID,
            "kv-tk-2020Z12161",
            "2020Z12161",
        ),
        (
            "https://zoek.officielebekendmakingen.nl/ah-tk-20192020-3940/metadata.xml",
            NumberKind.ANSWER_ID,
            "ah-tk-20192020-3940",
            None,
        ),
        (
            "https://repository.overheid.nl/frbr/officielepublicaties/ah-tk/20192020/"
            "ah-tk-20192020-2197/1/xml/ah-tk-20192020-2197.xml",
            NumberKind.ANSWER_ID,
            "ah-tk-20192020-2197",
            None,
        ),
        (
            "https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id=2020Z12161&did=2020D25948",
            NumberKind.ZAAK,
            "2020Z12161",
            "2020Z12161",
        ),
        (
            "https://www.openkamer.org/kamervraag/2020Z12161/",
            NumberKind.ZAAK,
            "2020Z12161",
            "2020Z12161",
        ),
        ("openkamer.org/kamervraag/2020Z12161/", NumberKind.ZAAK, "2020Z12161", "2020Z12161"),
    ],
)
def test_accepted_forms_normalise(given_text, kind, canonical, zaak):
    number = parse_number(given_text)
    assert number.kind is kind
    assert number.canonical == canonical
    assert number.zaak == zaak
    assert is_safe_id(number.canonical)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   ",
        "../../etc/passwd",
        "kv-tk-2020Z1216; rm",
        "kv-tk-2020Z12161/../../x",
        "2020Z1216",
        "2020Z121611",
        "2020X12161",
        "ah-tk-2019-3940",
        "https://evil.example.com/kv-tk-2020Z12161.html",
        "https://zoek.officielebekendmakingen.nl.evil.com/kv-tk-2020Z12161.html",
        "file:///etc/passwd",
        "javascript:alert(1)//tweedekamer.nl/2020Z12161",
        "https://zoek.officielebekendmakingen.nl/",
        "2020Z12161\x1b]52;c;aGk=\x07",
        "x" * 5000,
    ],
)
def test_refused_before_io_with_the_accepted_forms(bad):
    with pytest.raises(InvalidNumber) as info:
        parse_number(bad)
    message = str(info.value)
    assert "accepted forms" in message
    assert "2020Z12161" in message and "ah-tk-" in message
    assert "\x1b" not in message


@given(st.text(max_size=80))
def test_any_text_is_refused_or_safe(text):
    try:
        number = parse_number(text)
    except InvalidNumber:
        return
    assert is_safe_id(number.canonical)
    assert parse_number(number.canonical) == number


@given(
    st.integers(1990, 2099),
    st.integers(0, 99999),
    st.sampled_from(["", "kv-tk-"]),
    st.booleans(),
)
def test_zaak_forms_roundtrip(year, serial, prefix, lower):
    raw = f"{prefix}{year}Z{serial:05d}"
    number = parse_number(raw.lower() if lower else raw)
    assert number.zaak == f"{year}Z{serial:05d}"
    assert parse_number(number.canonical) == number


# -- unformatted ids and ASCII digits (issue 9 item 16) --------------------------------


@pytest.mark.parametrize(
    ("given_text", "kind", "canonical"),
    [
        ("ah-1151601", NumberKind.ANSWER_ID, "ah-1151601"),
        ("AH-1151601", NumberKind.ANSWER_ID, "ah-1151601"),
        ("kv-2000100840", NumberKind.QUESTIONS_ID, "kv-2000100840"),
        (
            "https://zoek.officielebekendmakingen.nl/ah-1151601/metadata.xml",
            NumberKind.ANSWER_ID,
            "ah-1151601",
        ),
    ],
)
def test_unformatted_koop_ids_are_accepted(given_text, kind, canonical):
    number = parse_number(given_text)
    assert (number.kind, number.canonical, number.zaak) == (kind, canonical, None)
    assert parse_number(number.canonical) == number


# Non-ASCII digits in every place a digit stands, in several scripts.
UNICODE_DIGIT_SHAPES = [
    "２０２０Z１２１６１",  # fullwidth
    "٢٠٢٠Z١٢١٦١",  # Arabic-Indic
    "۲۰۲۰Z۱۲۱۶۱",  # extended Arabic-Indic (Persian)
    "२०२०Z१२१६१",  # Devanagari
    "2020Z1216¹",  # a superscript in the tail
    "²⁰²⁰Z12161",  # superscripts in the year
    "2020Z1216١",  # mixed: one Arabic-Indic digit
    "kv-tk-2020Z１2161",  # mixed inside a KOOP id
    "ah-tk-20192020-٣٩٤٠",  # answer number only
    "ah-１１５１６０１",  # unformatted id
    "kv-२०००१००८४०",
    "2020D２5948",  # TK document number
    "https://zoek.officielebekendmakingen.nl/kv-tk-２０２０Z12161.html",
    "𝟐𝟎𝟐𝟎Z12161",  # mathematical bold digits
]


@pytest.mark.parametrize("bad", UNICODE_DIGIT_SHAPES)
def test_non_ascii_digits_are_refused(bad):
    with pytest.raises(InvalidNumber) as info:
        parse_number(bad)
    assert "accepted forms" in str(info.value)


@given(st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=12))
def test_no_non_ascii_digit_survives(digits):
    for shape in (f"2020Z{digits}", f"ah-{digits}", f"kv-{digits}", f"ah-tk-20192020-{digits}"):
        try:
            number = parse_number(shape)
        except InvalidNumber:
            continue
        assert number.canonical.isascii() and shape.isascii()
