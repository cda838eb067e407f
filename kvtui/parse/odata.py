"""Tweede Kamer OData v4 JSON: zaken with their actors and documents.

The expand request returns children that the server marks ``Verwijderd: true``
(a withdrawn answer document, a replaced version); tkapi drops them client-side and
so do we, at every level, because one deleted answer would otherwise give a wrong
answer date or a second answer. ``koop_ids_for_zaak`` turns the documents into the
KOOP ids whose text kvtui fetches (the ``ExterneIdentifier`` KOOP published, else one
built from the zaak or Aanhangselnummer), each checked by the number gate so that
nothing from the wire becomes a path unvalidated.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from kvtui.dates import iso_date
from kvtui.numbers import (
    DocNumber,
    NumberKind,
    answer_id_guesses,
    is_safe_id,
    normalise_id,
    parse_number_or_none,
    question_id_guesses,
)
from kvtui.parse.errors import BadDocument
from kvtui.records import TkDocument, Zaak, ZaakActor

QUESTIONS_KIND = "Schriftelijke vragen"
# Document.Soort values whose KOOP text is an Aanhangsel (ah-tk) document.
_APPENDIX_KINDS = ("Antwoord schriftelijke vragen", "Mededeling")


MAX_DEPTH = 32  # OData pages nest about 8 deep; more is an attack, refused in one line
_TOO_DEEP = f"JSON nested deeper than {MAX_DEPTH} levels"


def load_json(data: bytes | str | dict[str, Any]) -> dict[str, Any]:
    """Decode an OData payload; BadDocument for non-JSON, non-objects and error bodies."""
    if isinstance(data, dict):
        obj: Any = data
    else:
        try:
            obj = json.loads(data)
        except RecursionError:
            raise BadDocument(_TOO_DEEP) from None
        except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
            raise BadDocument(f"not JSON: {str(exc)[:120]}") from None
    if _deeper_than(obj, MAX_DEPTH):
        raise BadDocument(_TOO_DEEP)
    if not isinstance(obj, dict):
        raise BadDocument("OData JSON must be an object")
    error = obj.get("error")
    if isinstance(error, dict) and "value" not in obj:
        message = error.get("message") or error.get("code") or "unspecified error"
        raise BadDocument(f"OData error: {str(message)[:200]}")
    return obj


def _deeper_than(obj: Any, limit: int) -> bool:
    """Whether containers nest more than ``limit`` deep; level by level, not recursion,
    so the check itself cannot overflow the stack (nor can whatever walks the result)."""
    level, depth = ([obj] if type(obj) is dict or type(obj) is list else []), 1
    while level:
        if depth > limit:
            return True
        deeper: list[Any] = []
        add = deeper.append
        for node in level:
            for value in node.values() if type(node) is dict else node:
                if type(value) is dict or type(value) is list:
                    add(value)
        level, depth = deeper, depth + 1
    return False


def entities(obj: dict[str, Any], key_field: str) -> list[dict[str, Any]]:
    """The rows of a ``{"value": [...]}`` page or a single entity that has ``key_field``."""
    if "value" in obj:
        rows = obj["value"]
        if not isinstance(rows, list):
            raise BadDocument("OData 'value' is not a list")
        return [row for row in rows if isinstance(row, dict)]
    if key_field in obj:
        return [obj]
    raise BadDocument(f"OData JSON has neither 'value' nor '{key_field}'")


def odata_next_link(data: bytes | str | dict[str, Any]) -> str | None:
    """``@odata.nextLink`` of a page (the server pages at 250 rows), or None."""
    link = load_json(data).get("@odata.nextLink")
    return link if isinstance(link, str) and link.strip() else None


def parse_zaak_json(data: bytes | str | dict[str, Any]) -> list[Zaak]:
    """Every non-deleted Zaak with its non-deleted actors and documents."""
    zaken = []
    for row in _alive(entities(load_json(data), "Nummer")):
        number = _str(row.get("Nummer"))
        if number is None:
            continue  # a zaak without a number cannot be looked up or linked
        zaken.append(
            Zaak(
                number=normalise_id(number) or number,
                title=_str(row.get("Titel")),
                subject=_str(row.get("Onderwerp")),
                started=iso_date(row.get("GestartOp")),
                deadline=iso_date(row.get("Termijn")),
                done=row.get("Afgedaan") if isinstance(row.get("Afgedaan"), bool) else None,
                alias=_str(row.get("Alias")),
                vergaderjaar=_str(row.get("Vergaderjaar")),
                actors=[a for a in map(_actor, _alive(_list(row, "ZaakActor"))) if a],
                documents=[_document(d) for d in _alive(_list(row, "Document"))],
            )
        )
    return zaken


def parse_document_json(data: bytes | str | dict[str, Any]) -> list[str]:
    """Zaak numbers of a ``Document?$filter=DocumentNummer eq '…'&$expand=Zaak`` answer."""
    numbers: list[str] = []
    for doc in _alive(entities(load_json(data), "DocumentNummer")):
        for zaak in _alive(_list(doc, "Zaak")):
            number = normalise_id(_str(zaak.get("Nummer")))
            if number and number not in numbers:
                numbers.append(number)
    return numbers


def koop_ids_for_zaak(zaak: Zaak) -> list[tuple[str, TkDocument]]:
    """The KOOP id of each document: ExterneIdentifier, else the likeliest constructed id.

    Ids that do not pass the number gate are left out rather than guessed at; the
    caller can still fall back to an SRU search by vraagnummer.
    """
    return [(ids[0], doc) for ids, doc, _exact in koop_id_candidates(zaak)]


def koop_id_candidates(zaak: Zaak) -> list[tuple[list[str], TkDocument, bool]]:
    """Per document: the ids to try in order, and whether the first is KOOP's own.

    The ExterneIdentifier is the id as KOOP published it and is used exactly (case and
    zero padding kept). Without it the id is built from the zaak or Aanhangselnummer,
    and a built id is a guess: every form that exists for the period is listed
    (``kv-{zaak}`` in 2009-2010, padded and unpadded answer numbers).
    """
    out: list[tuple[list[str], TkDocument, bool]] = []
    seen: set[str] = set()  # look-up keys: -0007 and -7 are one document
    for doc in zaak.documents:
        exact = _koop_number(doc.external_id)
        found = [exact] if exact else _constructed_ids(zaak, doc)
        keys = {n.key for n in found}
        if found and not keys & seen:
            seen.update(keys)
            out.append(([n.canonical for n in found], doc, exact is not None))
    return out


def _koop_number(value: str | None) -> DocNumber | None:
    number = parse_number_or_none(value, allow_url=False)
    return number if number is not None and number.is_koop_id else None


def _constructed_ids(zaak: Zaak, doc: TkDocument) -> list[DocNumber]:
    if doc.kind == QUESTIONS_KIND:
        number = parse_number_or_none(zaak.number)
        if number is None or number.kind is not NumberKind.ZAAK:
            return []
        guesses = question_id_guesses(number.canonical)
    elif doc.kind.startswith(_APPENDIX_KINDS):
        year = (doc.vergaderjaar or "").replace("-", "")
        nr = doc.appendix_number or ""
        if len(year) != 8 or not year.isdigit() or len(nr) <= 4 or not nr.isdigit():
            return []
        guesses = answer_id_guesses(year, int(nr[4:]))
    else:
        return []
    return [x for x in map(_koop_number, guesses) if x]


def _alive(rows: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    return (row for row in rows if row.get("Verwijderd") is not True)


def _list(row: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = row.get(key)
    if isinstance(value, dict):  # a single-valued navigation property
        value = [value]
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, dict)]


def _str(value: object) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _actor(row: dict[str, Any]) -> ZaakActor | None:
    name = _person_name(row.get("Persoon")) or _str(row.get("ActorNaam"))
    name = name or _str(row.get("ActorAfkorting"))
    if name is None:
        return None
    return ZaakActor(
        relation=_str(row.get("Relatie")) or "",
        name=name,
        party=_str(row.get("ActorFractie")),
        function=_str(row.get("Functie")),
    )


def _person_name(person: object) -> str | None:
    if not isinstance(person, dict) or person.get("Verwijderd") is True:
        return None
    surname = _str(person.get("Achternaam"))
    if surname is None:
        return None
    first = _str(person.get("Roepnaam")) or _str(person.get("Initialen"))
    parts = [first, _str(person.get("Tussenvoegsel")), surname]
    return " ".join(p for p in parts if p)


def _document(row: dict[str, Any]) -> TkDocument:
    return TkDocument(
        kind=_str(row.get("Soort")) or "",
        number=_str(row.get("DocumentNummer")),
        date=iso_date(row.get("Datum")),
        vergaderjaar=_str(row.get("Vergaderjaar")),
        appendix_number=_str(row.get("Aanhangselnummer")),
        external_id=_external_id(row),
        subject=_str(row.get("Onderwerp")),
        title=_str(row.get("Titel")),
    )


def _external_id(row: dict[str, Any]) -> str | None:
    """ExterneIdentifier of the highest non-deleted version (None when empty or unsafe)."""
    versions = list(_alive(_list(row, "DocumentVersie") or _list(row, "HuidigeDocumentVersie")))
    if not versions:
        return None

    def rank(indexed: tuple[int, dict[str, Any]]) -> tuple[int, int]:
        index, version = indexed
        nr = version.get("Versienummer")
        return (nr if isinstance(nr, int) and not isinstance(nr, bool) else -1, index)

    _, latest = max(enumerate(versions), key=rank)
    value = normalise_id(_str(latest.get("ExterneIdentifier")))
    # Kept only when it could name a file: consumers may build paths and URLs from it.
    return value if value and is_safe_id(value) else None
