"""Which ids a fetch tries (exact beats guessed) and which SRU records join a set."""

from __future__ import annotations

import pytest

from kvtui.records import SruRecord
from kvtui.services.targets import Targets, record_belongs


def test_an_exact_id_replaces_a_guess_of_the_same_document():
    t = Targets()
    t.add_guess(["ah-tk-20202021-1", "ah-tk-20202021-0001"])
    t.add_guess(["kv-2009Z03159", "kv-tk-2009Z03159"])
    t.add_exact("ah-tk-20202021-0001")
    t.add_exact("kv-tk-2009z03159")
    assert t.groups() == [["ah-tk-20202021-0001"], ["kv-tk-2009z03159"]]


def test_a_guess_never_displaces_or_doubles_an_exact_id():
    t = Targets()
    t.add_exact("ah-tk-20202021-0001")
    t.add_guess(["ah-tk-20202021-1", "ah-tk-20202021-0001"])
    t.add_exact("ah-tk-20202021-1")  # a second spelling of a known document: first wins
    assert t.groups() == [["ah-tk-20202021-0001"]]
    assert not t.has_questions()
    t.add_guess(["kv-tk-2020Z12161"])
    assert t.has_questions() and len(t.groups()) == 2


def _rec(identifier: str, zaak: str | None) -> SruRecord:
    return SruRecord(identifier=identifier, zaak_number=zaak)


@pytest.mark.parametrize(
    ("record", "belongs"),
    [
        (_rec("ah-tk-20202021-0001", "2020Z20001"), True),
        (_rec("ah-tk-20202021-0001", "2020z20001"), True),
        (_rec("ah-tk-20202021-0001", "2024Z10001"), False),  # another set's vraagnummer
        (_rec("kv-tk-2024Z10001", "2024Z10001"), False),
        (_rec("kv-tk-2024Z10001", None), False),  # spells another zaak
        (_rec("kv-tk-2020Z20001", None), True),  # spells this zaak
        (_rec("kv-2020Z20001", None), True),
        (_rec("ah-tk-20202021-1", None), True),  # a known id, by key
        (_rec("ah-tk-20202021-7", None), False),  # unknown, no vraagnummer
        (_rec("ah-tk-20202021-0001", "not a number"), False),
        (_rec("2020Z20001", None), False),  # a zaak number is not a document
    ],
)
def test_record_membership(record, belongs):
    known = {"ah-tk-20202021-1", "kv-tk-2020Z20001"}
    assert record_belongs(record, "2020Z20001", known) is belongs
