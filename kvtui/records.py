"""The *parsed* records: what one source file holds, read on its own.

``ParsedDocument`` (a KOOP document), ``DocumentMetadata`` (its ``metadata.xml``),
``SruRecord`` (an SRU search record) and ``Zaak`` (TK open data) say what one file
holds, as faithfully and as tolerantly as the parsers can read it; nothing is inferred
across files. ``kvtui.assemble`` combines them into the ``Kamervraag`` of
``kvtui.model``, which is all that the index, the renderers and the reader use: they do
not load this module, so ``kvtui show`` and the reader's start-up do not create these
classes.

No imports beyond the standard library and ``kvtui.model``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kvtui.model import DocKind, Footnote, Person


@dataclass(slots=True)
class Item:
    """One numbered question or answer block as printed in a document.

    ``numbers`` is every question number the label names (``Vraag 5, 6`` gives
    ``(5, 6)``; ``5 t/m 7`` gives ``(5, 6, 7)``); empty when the label has no number,
    in which case ``index`` (1-based position among its siblings) keeps its place.
    """

    label: str
    numbers: tuple[int, ...]
    paragraphs: list[str]
    footnotes: list[Footnote] = field(default_factory=list)
    index: int = 0

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(slots=True)
class PersonRef(Person):
    """A person as a source names them: often only a surname or initials (the fields of
    the assembled ``Person``, which the assembler fills from these and the other sources)."""


@dataclass(slots=True)
class ParsedDocument:
    """A KOOP document (XML or HTML, new or old form) read on its own."""

    id: str | None
    kind: DocKind
    zaak_number: str | None = None
    vergaderjaar: str | None = None
    question_description: str | None = None  # kamervraagomschrijving type="vraag"
    answer_description: str | None = None  # kamervraagomschrijving type="antwoord"
    subject: str | None = None  # kamervraagonderwerp
    submitted: dt.date | None = None  # ingezonden
    received: dt.date | None = None  # ontvangen (answer or notice)
    submitters: list[PersonRef] = field(default_factory=list)
    addressees: list[PersonRef] = field(default_factory=list)
    answerers: list[PersonRef] = field(default_factory=list)
    questions: list[Item] = field(default_factory=list)
    answers: list[Item] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)  # kamervraagopmerking paragraphs
    loose_text: list[str] = field(default_factory=list)  # fallback: unstructured paragraphs
    warnings: list[str] = field(default_factory=list)
    # Footnotes that belong to no question or answer (in a notice, or an HTML page
    # whose notes are never referenced), kept so that nothing is dropped.
    footnotes: list[Footnote] = field(default_factory=list)
    title: str | None = None  # DC.title when the document itself carries it (HTML head)
    related_ids: list[str] = field(default_factory=list)  # OVERHEIDop.aanhangsel in HTML head


@dataclass(slots=True)
class DocumentMetadata:
    """``{id}/metadata.xml`` (``metadata_gegevens`` or ``owms-metadata``)."""

    id: str | None
    title: str | None = None
    types: list[str] = field(default_factory=list)
    publication_name: str | None = None
    zaak_number: str | None = None  # OVERHEIDop.vraagnummer
    appendices: list[str] = field(default_factory=list)  # OVERHEIDop.aanhangsel
    appendix_number: str | None = None
    submitters: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    submitted: dt.date | None = None
    received: dt.date | None = None
    issued: dt.date | None = None
    available: dt.date | None = None
    vergaderjaar: str | None = None
    categories: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SruRecord:
    """One record of an SRU ``gzd`` search response."""

    identifier: str
    title: str | None = None
    types: list[str] = field(default_factory=list)
    zaak_number: str | None = None
    publication_name: str | None = None
    appendix_number: str | None = None
    vergaderjaar: str | None = None
    issued: dt.date | None = None
    available: dt.date | None = None
    item_urls: dict[str, str] = field(default_factory=dict)  # manifestation -> URL
    preferred_url: str | None = None


@dataclass(slots=True)
class ZaakActor:
    relation: str  # Indiener, Medeindiener, Gericht aan, …
    name: str  # best full name: Roepnaam [Tussenvoegsel] Achternaam, else ActorNaam
    party: str | None = None
    function: str | None = None


@dataclass(slots=True)
class TkDocument:
    kind: str  # Document.Soort
    number: str | None  # DocumentNummer, e.g. 2020D25948
    date: dt.date | None
    vergaderjaar: str | None = None
    appendix_number: str | None = None  # Aanhangselnummer, e.g. 192003940
    external_id: str | None = None  # latest non-deleted DocumentVersie.ExterneIdentifier
    subject: str | None = None  # Onderwerp
    title: str | None = None


@dataclass(slots=True)
class Zaak:
    """A TK OData ``Zaak`` with its (non-deleted) actors and documents."""

    number: str
    title: str | None = None
    subject: str | None = None
    started: dt.date | None = None  # GestartOp
    deadline: dt.date | None = None  # Termijn
    done: bool | None = None  # Afgedaan
    alias: str | None = None
    vergaderjaar: str | None = None
    actors: list[ZaakActor] = field(default_factory=list)
    documents: list[TkDocument] = field(default_factory=list)


# ---------------------------------------------------------------------------
# The assembled Kamervraag
# ---------------------------------------------------------------------------
