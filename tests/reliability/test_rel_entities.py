"""Old documents' named entities, fuzzed (issue 8, item 4).

A document whose DOCTYPE names an external DTD (``PUBLIC``/``SYSTEM``, as the KOOP
answers of the 1990s do) is read without that DTD; its named entities are mapped from
the standard sets. Two properties over generated documents:

* **Nothing is lost or invented.** Text and attribute values made of any XML text,
  known entity names and unknown ones come out as the known characters and a literal
  ``&name;`` for every unknown name, in every encoding an XML declaration may name.
* **Nothing but ``BadDocument`` escapes**, and nothing is loaded: byte-mutated old
  documents whose DTD points at a local port never connect to it.

``KVTUI_RELIABILITY_SCALE`` multiplies the example counts (CI runs at 1).
"""

from __future__ import annotations

import contextlib
from html.entities import html5
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rel_support import scale

from kvtui.parse.errors import BadDocument
from kvtui.parse.xmlsafe import parse_xml

_BASE = settings(deadline=None, suppress_health_check=list(HealthCheck), print_blob=True)
KNOWN = sorted(k[:-1] for k in html5 if k.endswith(";") and k[:-1] not in {"amp", "lt", "gt"})
KNOWN = [k for k in KNOWN if k not in {"quot", "apos"}]
PREDEFINED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}

# Plain text: any XML character (no controls XML forbids, no surrogates).
_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
        "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\ufffe\uffff\r",
    ),
    max_size=20,
)
_UNKNOWN = st.from_regex(r"[a-z][a-zA-Z0-9]{0,10}", fullmatch=True).filter(
    lambda n: f"{n};" not in html5
)


@st.composite
def piece(draw: st.DrawFn) -> tuple[str, str]:
    """(as written in the document, as it must read).

    Plain tabs and newlines are written as references: in an attribute XML would turn
    them into spaces, while a character a reference stands for (``&#10;``, a mapped
    ``&NewLine;``) is kept, so the same piece reads alike in text and attribute.
    """
    kind = draw(st.sampled_from(["text", "known", "unknown", "predefined", "charref"]))
    if kind == "text":
        t = draw(_TEXT)
        return escape(t, {'"': "&quot;", "\t": "&#9;", "\n": "&#10;"}), t
    if kind == "known":
        name = draw(st.sampled_from(KNOWN))
        return f"&{name};", html5[name + ";"]
    if kind == "unknown":
        name = draw(_UNKNOWN)
        return f"&{name};", f"&{name};"
    if kind == "predefined":
        name = draw(st.sampled_from(sorted(PREDEFINED)))
        return f"&{name};", PREDEFINED[name]
    c = draw(st.sampled_from(["é", "€", "\u00a0", "&", "<"]))
    return f"&#{ord(c)};", c


ENCODINGS = ["utf-8", "utf-16", "utf-16-be", "utf-32", "iso-8859-1", "windows-1252", None]
DOCTYPES = [
    '<!DOCTYPE vraagdoc PUBLIC "-//KVTUI//DTD vraagdoc FICTIEF//NL" "vraagdoc.dtd">',
    '<!DOCTYPE vraagdoc SYSTEM "http://127.0.0.1:{port}/vraagdoc.dtd">',
    '<!DOCTYPE vraagdoc SYSTEM "file:///etc/kvtui-fictief.dtd" [<!ELEMENT al ANY>]>',
]


class _Probe:
    """The run's tally and a local port a loaded DTD would connect to."""

    def __init__(self, listener, tally) -> None:
        self.port = listener.port
        self.connected = listener.connected
        self.tally = tally


@pytest.fixture
def tally_counter(listener, tally) -> _Probe:
    return _Probe(listener, tally)


def _encode(doc: str, encoding: str | None) -> bytes:
    if encoding is None:
        return doc.encode("utf-8")
    declared = "UTF-16" if encoding.startswith("utf-16") else encoding
    text = f'<?xml version="1.0" encoding="{declared}"?>' + doc
    return text.encode(encoding, errors="xmlcharrefreplace")


@given(
    text=st.lists(piece(), max_size=12),
    attr=st.lists(piece(), max_size=6),
    encoding=st.sampled_from(ENCODINGS),
    doctype=st.sampled_from(DOCTYPES),
)
@settings(_BASE, max_examples=scale(1500))
def test_entities_come_out_mapped_or_literal(text, attr, encoding, doctype, tally_counter):
    written = "".join(w for w, _ in text)
    attr_written = "".join(w for w, _ in attr)
    doc = (
        doctype.format(port=tally_counter.port)
        + f'<vraagdoc><al n="{attr_written}">{written}</al></vraagdoc>'
    )
    root = parse_xml(_encode(doc, encoding))
    al = root[0]
    assert (al.text or "") == "".join(r for _, r in text)
    assert al.get("n") == "".join(r for _, r in attr)
    tally_counter.tally["entity_cases"] += 1


@given(
    data=st.binary(max_size=40),
    at=st.integers(min_value=0, max_value=400),
    doctype=st.sampled_from(DOCTYPES),
)
@settings(_BASE, max_examples=scale(1500))
def test_mutated_old_documents_are_refused_or_read(data, at, doctype, tally_counter):
    doc = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        + doctype.format(port=tally_counter.port)
        + "<vraagdoc><body><vragen><vraag><nummer>1</nummer>"
        "<al>caf&eacute; &ndash; &onbekend; (FICTIEF)</al></vraag></vragen></body></vraagdoc>"
    ).encode()
    at = min(at, len(doc))
    with contextlib.suppress(BadDocument):  # refused is fine; anything else fails
        parse_xml(doc[:at] + data + doc[at:])
    tally_counter.tally["entity_cases"] += 1
    assert not tally_counter.connected()
