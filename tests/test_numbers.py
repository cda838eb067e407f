"""Numbers are the gate before any I/O: every accepted form in, everything else out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kvtui.numbers import (
    ACCEPTED_FORMS,
    FORMS,
    InvalidNumber,
    NumberKind,
    answer_id_guesses,
    is_safe_id,
    lookup_key,
    parse_number,
    question_id_guesses,
    spellings,
)


@pytest.mark.parametrize(
    ("given_text", "kind", "canonical", "zaak"),
    [
        ("2020Z12161", NumberKind.ZAAK, "2020Z12161", "2020Z12161"),
        ("  2020z12161 ", NumberKind.ZAAK, "2020Z12161", "2020Z12161"),
        ("kv-tk-2020Z12161", NumberKind.QUESTIONS_ID, "kv-tk-2020Z12161", "2020Z12161"),
        ("KV-TK-2020z12161", NumberKind.QUESTIONS_ID, "kv-tk-2020z12161", "2020Z12161"),
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


# -- every id form KOOP publishes (issue 14) ------------------------------------------

ALL_EXAMPLES = [example for form in FORMS for example, _ in form.examples]


@pytest.mark.parametrize("example", ALL_EXAMPLES)
def test_every_documented_form_is_accepted_exactly(example):
    number = parse_number(example)
    assert number.canonical == example  # as published: case and padding kept
    assert is_safe_id(number.canonical) and is_safe_id(number.key)
    assert parse_number(number.canonical) == number
    assert parse_number(number.key).key == number.key
    url = f"https://zoek.officielebekendmakingen.nl/{example}/metadata.xml"
    assert parse_number(url).canonical == example


@pytest.mark.parametrize(
    ("given_text", "kind", "canonical", "key", "zaak"),
    [
        ("kv-2009Z03159", NumberKind.QUESTIONS_ID, "kv-2009Z03159", "kv-2009Z03159", "2009Z03159"),
        ("kv-2010z05856", NumberKind.QUESTIONS_ID, "kv-2010z05856", "kv-2010Z05856", "2010Z05856"),
        ("KV-2009Z14347-H1", NumberKind.QUESTIONS_ID, "kv-2009Z14347-h1", "kv-2009Z14347-h1",
         "2009Z14347"),
        ("kv-tk-2010Z11045-n1", NumberKind.QUESTIONS_ID, "kv-tk-2010Z11045-n1",
         "kv-tk-2010Z11045-n1", "2010Z11045"),
        ("kv-2000100840-h", NumberKind.QUESTIONS_ID, "kv-2000100840-h", "kv-2000100840-h", None),
        ("ah-tk-20102011-ah2134", NumberKind.ANSWER_ID, "ah-tk-20102011-AH2134",
         "ah-tk-20102011-AH2134", None),
        ("ah-tk-20102011-AH0034", NumberKind.ANSWER_ID, "ah-tk-20102011-AH0034",
         "ah-tk-20102011-AH34", None),
        ("kv-tk-2015Z15377A", NumberKind.QUESTIONS_ID, "kv-tk-2015Z15377a", "kv-tk-2015Z15377a",
         "2015Z15377"),
        ("ah-tk-20152016-6a", NumberKind.ANSWER_ID, "ah-tk-20152016-6a", "ah-tk-20152016-6a", None),
        ("kv-tk-2011Z2249", NumberKind.QUESTIONS_ID, "kv-tk-2011Z2249", "kv-tk-2011Z2249", None),
        ("ah-tk-20202021-0001", NumberKind.ANSWER_ID, "ah-tk-20202021-0001", "ah-tk-20202021-1",
         None),
        ("ah-tk-20202021-0043-h1", NumberKind.ANSWER_ID, "ah-tk-20202021-0043-h1",
         "ah-tk-20202021-43-h1", None),
        ("kv-tk-2018z12433", NumberKind.QUESTIONS_ID, "kv-tk-2018z12433", "kv-tk-2018Z12433",
         "2018Z12433"),
        ("https://zoek.officielebekendmakingen.nl/ah-tk-20202021-0001.html", NumberKind.ANSWER_ID,
         "ah-tk-20202021-0001", "ah-tk-20202021-1", None),
    ],
)  # fmt: skip
def test_published_spelling_and_lookup_key(given_text, kind, canonical, key, zaak):
    number = parse_number(given_text)
    assert (number.kind, number.canonical, number.key, number.zaak) == (kind, canonical, key, zaak)
    if "://" not in given_text:  # look-ups take ids, not URLs
        assert lookup_key(given_text) == key


def test_padded_and_unpadded_meet_only_in_the_key():
    padded, plain = parse_number("ah-tk-20202021-0001"), parse_number("ah-tk-20202021-1")
    assert padded.canonical != plain.canonical and padded.key == plain.key
    assert padded != plain


@pytest.mark.parametrize(
    "bad",
    [
        "kv-tk-2020Z123",  # 3-digit tail
        "kv-tk-2020Z1234567",
        "kv-2009Z03159-",
        "kv-2009Z03159-hh1",
        "ah-tk-20202021-",
        "ah-tk-20202021-AH",
        "ah-tk-20202021-1ab",
        "ah-tk-2020202-1",
        "ah-123",
        "kv-tk-2020Z12161\u212a",  # Kelvin sign: re.I would fold it to k
        "\u212av-tk-2020Z12161",
        "ah-tk-20202021-0001/../x",
        "2011Z2249",  # a bare zaak number has five digits
    ],
)
def test_near_misses_are_refused(bad):
    with pytest.raises(InvalidNumber):
        parse_number(bad)


def test_refusal_lists_every_form_with_an_example():
    with pytest.raises(InvalidNumber) as info:
        parse_number("nope")
    for example in ALL_EXAMPLES:
        assert example in str(info.value)


def test_guesses_cover_the_forms_of_the_period():
    assert question_id_guesses("2009Z03159") == ["kv-2009Z03159", "kv-tk-2009Z03159"]
    assert question_id_guesses("2010Z05856") == ["kv-2010Z05856", "kv-tk-2010Z05856"]
    assert question_id_guesses("2020Z12161") == ["kv-tk-2020Z12161"]
    assert answer_id_guesses("20202021", 1) == ["ah-tk-20202021-1", "ah-tk-20202021-0001"]
    assert answer_id_guesses("20192020", 3940) == ["ah-tk-20192020-3940"]
    assert spellings(parse_number("ah-tk-20202021-1")) == [
        "ah-tk-20202021-1",
        "ah-tk-20202021-0001",
    ]
    assert spellings(parse_number("kv-tk-2009Z03159")) == ["kv-tk-2009Z03159", "kv-2009Z03159"]
    assert spellings(parse_number("kv-tk-2010Z11045-n1")) == ["kv-tk-2010Z11045-n1"]


@given(
    st.sampled_from(["ah-tk-20202021-", "AH-TK-20102011-ah", "kv-tk-2018", "kv-", "ah-", ""]),
    st.text(alphabet="0123456789zZ-hHnNaA", max_size=12),
)
def test_index_key_shortcut_equals_the_gate(prefix, tail):
    from kvtui.store.index import id_key

    value = prefix + tail
    assert id_key(value) == lookup_key(value).casefold()


@pytest.mark.parametrize(
    "text",
    ["", "   ", "hallo", "2020Z1216", "٢٠٢٠Z12161", "x" * 3000, "ftp://tweedekamer.nl/2020Z12161",
     "https://example.org/2020Z12161", "https://www.tweedekamer.nl/kamerstukken", "http://[::1"],
)  # fmt: skip
def test_a_refusal_carries_its_reason_for_callers_to_show(text):
    """Callers show ``exc.reason`` (the fetch dialog does); it is the message's own cause,
    one short line, without the quoted input or the list of accepted forms."""
    with pytest.raises(InvalidNumber) as info:
        parse_number(text)
    reason = info.value.reason
    assert reason and "\n" not in reason and len(reason) < 120
    assert str(info.value).splitlines()[0].endswith(": " + reason)
    assert ACCEPTED_FORMS not in reason and (len(text) < 60 or text not in reason)
