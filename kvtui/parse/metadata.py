"""KOOP ``metadata.xml`` in both of its forms, read into one ``DocumentMetadata``.

KOOP serves the same facts two ways: the flat ``metadata_gegevens`` list of
``<metadata name="OVERHEIDop.vraagnummer" content="…"/>`` (zoek…/{id}/metadata.xml)
and the FRBR ``owms-metadata`` tree whose element names are the same words without the
``DC.``/``OVERHEIDop.`` prefixes (``<overheidop:vraagnummer>…``). Both are reduced to
one key per fact, the last dotted/namespaced part of the name, lower-cased, so that the
older spelling ``vraagNummer`` and a namespace-stripped copy read the same as the rest.

Ids are normalised by ``kvtui.numbers``, element text read by ``kvtui.parse.xmlsafe``
and dates by ``kvtui.dates``, as in the SRU and OData parsers.
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

from kvtui.dates import iso_date
from kvtui.numbers import normalise_id
from kvtui.parse.errors import BadDocument
from kvtui.parse.xmlsafe import local, parse_xml, text_of
from kvtui.records import DocumentMetadata
from kvtui.whitespace import fold_xml as collapse

# Names whose values are lists; every other name keeps its first non-empty value.
_MULTI = {"type", "aanhangsel", "indiener", "ontvanger", "category", "subject"}


@lru_cache(maxsize=4096)
def _short_name(name: str) -> str:
    """``OVERHEIDop.vraagNummer`` / ``{ns}vraagnummer`` / ``dcterms.modified`` → key."""
    name = local(name) if name.startswith("{") else name
    name = name.rsplit(":", 1)[-1]
    return name.rsplit(".", 1)[-1].strip().lower()


def parse_metadata(data: bytes) -> DocumentMetadata:
    """Read ``metadata_gegevens`` or ``owms-metadata``; BadDocument for anything else."""
    root = parse_xml(data)
    kind = local(root.tag)
    if kind == "metadata_gegevens":
        pairs = _gegevens_pairs(root)
    elif kind == "owms-metadata":
        pairs = _owms_pairs(root)
    else:
        raise BadDocument(f"not KOOP metadata (root element {kind[:40]!r})")
    return _from_pairs(pairs)


def _gegevens_pairs(root: etree._Element) -> list[tuple[str, str]]:
    # iter() also reaches nested groups (e.g. gebiedsmarkering); their names differ.
    pairs = []
    for el in root.iter("{*}metadata", "{*}meta"):  # filtered by lxml, in C
        name = el.get("name")
        content = el.get("content")
        if name and content is not None:
            pairs.append((_short_name(name), collapse(content)))
    return pairs


def _owms_pairs(root: etree._Element) -> list[tuple[str, str]]:
    pairs = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el is root or len(el):
            continue  # only leaf elements carry values
        pairs.append((_short_name(el.tag), text_of(el)))
    return pairs


def _from_pairs(pairs: list[tuple[str, str]]) -> DocumentMetadata:
    """Build the record from (key, value) pairs in document order."""
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {key: [] for key in _MULTI}
    for key, value in pairs:
        if not value:
            continue
        if key in multi:
            if value not in multi[key]:
                multi[key].append(value)
        else:
            single.setdefault(key, value)
    appendices = []
    for value in multi["aanhangsel"]:
        norm = normalise_id(value)
        if norm and norm not in appendices:
            appendices.append(norm)
    return DocumentMetadata(
        id=normalise_id(single.get("identifier")),
        title=single.get("title"),
        types=multi["type"],
        publication_name=single.get("publicationname") or single.get("publicatienaam"),
        zaak_number=normalise_id(single.get("vraagnummer")),
        appendices=appendices,
        appendix_number=single.get("aanhangselnummer"),
        submitters=multi["indiener"],
        recipients=multi["ontvanger"],
        submitted=iso_date(single.get("datumindiening")),
        received=iso_date(single.get("datumontvangst")),
        issued=iso_date(single.get("issued")),
        available=iso_date(single.get("available")),
        vergaderjaar=single.get("vergaderjaar"),
        categories=multi["category"] or multi["subject"],
    )
