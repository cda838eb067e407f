"""FICTIONAL Kamervragen for kvtui's fake services, written in the real wire formats.

Every person, question and answer here is made up for kvtui's tests ("FICTIEF voorbeeld
voor kvtui" stands in every text). The shapes follow the real services: TK OData JSON with
expanded ZaakActor/Persoon and Document/DocumentVersie, KOOP ``officiele-publicatie``
XML, ``metadata_gegevens`` metadata, the zoek.officielebekendmakingen.nl HTML layout and
SRU ``gzd`` records. Payloads are generated from small descriptions so a benchmark can
ask for hundreds of sets.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

NS = uuid.UUID("6a1f0c8e-3c1b-4d7e-9a55-0f0b6c9d2e11")
FICTIEF = "FICTIEF voorbeeld voor kvtui"


def _gid(*parts: object) -> str:
    return str(uuid.uuid5(NS, "/".join(map(str, parts))))


@dataclass
class Doc:
    """One TK document of a zaak and its KOOP counterpart (when published)."""

    soort: str  # TK Document.Soort
    koop_id: str | None  # None: not (yet) at KOOP
    date: str  # ISO date
    doc_number: str
    external_id: str | None = "same"  # "same" → koop_id; None → empty ExterneIdentifier
    aanhangselnummer: str | None = None
    onderwerp: str | None = None
    answers: list[tuple[str, str]] = field(default_factory=list)  # (label, text)
    remark: str | None = None
    deleted: bool = False
    html_only: bool = False  # KOOP has only the HTML page (old documents)
    in_sru: bool = True
    renamed_from: str | None = None  # an old KOOP id that now redirects to koop_id
    old_text_kept: bool = False  # the renamed document's XML is still served at the old id


@dataclass
class Set:
    number: str
    vergaderjaar: str
    submitted: str
    title: str
    submitter: tuple[str, str, str, str]  # initials, roepnaam, achternaam, fractie
    minister: tuple[str, str, str, str]  # initials, roepnaam, achternaam, functie
    questions: list[tuple[str, str]]  # (label, text)
    docs: list[Doc]
    alias: str | None = None
    topics: tuple[str, ...] = ("Openbare orde en veiligheid | Organisatie en beleid",)

    @property
    def question_doc(self) -> Doc:
        return next(d for d in self.docs if d.soort == "Schriftelijke vragen")


# ---------------------------------------------------------------------------
# The six (seven) fictional sets
# ---------------------------------------------------------------------------


def _q(n: int, text: str) -> tuple[str, str]:
    return (f"Vraag {n}", f"{text} ({FICTIEF})")


def _a(label: str, text: str) -> tuple[str, str]:
    return (label, f"{text} ({FICTIEF})")


def fictional_sets() -> list[Set]:
    sub = ("J.P.", "Jannie", "Veldkamp", "GroenRechts")
    mini = ("K.", "Karel", "Dijkgraaf-Zonnebloem", "minister van Waterbeheer")
    return [
        Set(
            "2024Z10001",
            "2023-2024",
            "2024-01-10",
            "Fictieve gemalen op Vlieland",
            sub,
            mini,
            [
                _q(1, "Kent u het bericht over de gemalen?"),
                _q(2, "Waarom staan ze stil?"),
                _q(3, "Wat gaat u doen?"),
            ],
            [
                Doc("Schriftelijke vragen", "kv-tk-2024Z10001", "2024-01-10", "2024D00101"),
                Doc(
                    "Antwoord schriftelijke vragen",
                    "ah-tk-20232024-1001",
                    "2024-02-05",
                    "2024D00102",
                    aanhangselnummer="232401001",
                    answers=[
                        _a("Antwoord 1", "Ja."),
                        _a("Antwoord 2", "Door een storing."),
                        _a("Antwoord 3", "Ik laat ze repareren."),
                    ],
                ),
            ],
        ),
        Set(
            "2024Z10002",
            "2023-2024",
            "2024-01-11",
            "Fictieve dijken bij Texel",
            sub,
            mini,
            [_q(1, "Zijn de dijken veilig?"), _q(2, "Wanneer komt het rapport?")],
            [
                Doc("Schriftelijke vragen", "kv-tk-2024Z10002", "2024-01-11", "2024D00201"),
                Doc(
                    "Mededeling (uitstel antwoord)",
                    "ah-tk-20232024-1002",
                    "2024-02-01",
                    "2024D00202",
                    aanhangselnummer="232401002",
                    remark="De vragen kunnen niet binnen de gebruikelijke termijn worden "
                    f"beantwoord. ({FICTIEF})",
                ),
            ],
        ),
        Set(
            "2024Z10003",
            "2023-2024",
            "2024-01-12",
            "Fictief zand op de Veluwe",
            sub,
            mini,
            [_q(1, "Hoeveel zand ligt er?")],
            [Doc("Schriftelijke vragen", "kv-tk-2024Z10003", "2024-01-12", "2024D00301")],
        ),
        Set(
            "2024Z10004",
            "2023-2024",
            "2024-01-13",
            "Fictieve sluizen in Zeeland",
            sub,
            mini,
            [_q(1, "Gaan de sluizen dicht?")],
            [
                Doc("Schriftelijke vragen", "kv-tk-2024Z10004", "2024-01-13", "2024D00401"),
                Doc(
                    "Mededeling",
                    "ah-tk-20232024-1004",
                    "2024-01-20",
                    "2024D00402",
                    aanhangselnummer="232401004",
                    onderwerp="Vragen ingetrokken door het lid Veldkamp",
                    remark=f"Deze vragen zullen als ingetrokken worden beschouwd. ({FICTIEF})",
                ),
            ],
        ),
        Set(
            "2024Z10005",
            "2023-2024",
            "2024-01-14",
            "Fictieve bruggen in Friesland",
            sub,
            mini,
            [
                _q(1, "Welke bruggen?"),
                _q(2, "Waarom?"),
                _q(3, "Sinds wanneer?"),
                _q(4, "Hoe duur?"),
            ],
            [
                Doc("Schriftelijke vragen", "kv-tk-2024Z10005", "2024-01-14", "2024D00501"),
                Doc(
                    "Antwoord schriftelijke vragen",
                    "ah-tk-20232024-1005",
                    "2024-02-10",
                    "2024D00502",
                    aanhangselnummer="232401005",
                    answers=[
                        _a("Antwoord 1", "Drie bruggen."),
                        _a("Antwoord 2, 3", "Sinds vorig jaar, door slijtage."),
                        _a("Antwoord 4", "Twee miljoen euro."),
                    ],
                ),
            ],
        ),
        Set(
            "2024Z10006",
            "2023-2024",
            "2024-01-15",
            "Fictieve veerboten op de Waddenzee",
            sub,
            mini,
            [_q(1, "Varen de veerboten?"), _q(2, "Ook in de winter?")],
            [
                Doc("Schriftelijke vragen", "kv-tk-2024Z10006", "2024-01-15", "2024D00601"),
                Doc(
                    "Antwoord schriftelijke vragen",
                    "ah-tk-20232024-1006",
                    "2024-02-12",
                    "2024D00602",
                    aanhangselnummer="232401006",
                    answers=[_a("Antwoord 1", "Ja."), _a("Antwoord 2", "Dat zoek ik uit.")],
                ),
                Doc(
                    "Antwoord schriftelijke vragen (nader)",
                    "ah-tk-20232024-1106",
                    "2024-03-01",
                    "2024D00603",
                    aanhangselnummer="232401106",
                    answers=[_a("Antwoord 2", "Ook in de winter.")],
                ),
            ],
        ),
        # An old set: empty ExterneIdentifier everywhere; the questions live under
        # kv-{Alias}; the answer has no Aanhangselnummer, so only SRU can name it.
        Set(
            "2009Z01007",
            "2008-2009",
            "2009-01-20",
            "Fictieve molens in Kinderdijk",
            sub,
            mini,
            [_q(1, "Draaien de molens nog?")],
            [
                Doc(
                    "Schriftelijke vragen",
                    "kv-2009007007",
                    "2009-01-20",
                    "2009D01071",
                    external_id=None,
                ),
                Doc(
                    "Antwoord schriftelijke vragen",
                    "ah-tk-20082009-1007",
                    "2009-02-20",
                    "2009D01072",
                    external_id=None,
                    answers=[_a("Antwoord 1", "Ja, op zaterdag.")],
                ),
            ],
            alias="2009007007",
        ),
    ]


def id_form_sets() -> list[Set]:
    """FICTIONAL sets whose KOOP ids take the rarer forms KOOP publishes (issue 14).

    Each id keeps its published spelling on the wire: a lower-case z, zero padding,
    suffixes, an AH number, a 4-digit zaak tail, the 2009-2010 ``kv-{zaak}``; some are
    named by the Kamer (ExterneIdentifier), some must be guessed, one was renamed.
    """
    sub = ("T.", "Tineke", "Vormvast", "Spellingpartij")
    mini = ("V.", "Victor", "Variant", "minister van Schrijfwijzen")

    def one(number, vj, date, title, question_id, *later, **question):
        """A set whose questions document (``question_id``, with ``question``'s other
        ``Doc`` fields) is dated the set's day and numbered after its zaak."""
        doc_number = question.pop("doc_number", number.replace("Z", "D"))
        asked = Doc("Schriftelijke vragen", question_id, date, doc_number, **question)
        return Set(number, vj, date, title, sub, mini, [_q(1, f"Hoe heet {title}?")],
                   [asked, *later])  # fmt: skip

    def antwoord(koop_id, date, nr, **kw):
        return Doc("Antwoord schriftelijke vragen", koop_id, date, nr,
                   answers=[_a("Antwoord 1", "Zo heet het.")], **kw)  # fmt: skip

    return [
        # 2009-2010: the questions are kv-{zaak}; the Kamer names no id, so it is guessed.
        one(
            "2009Z03901",
            "2008-2009",
            "2009-05-04",
            "fictieve kv-vorm",
            "kv-2009Z03901",
            antwoord(
                "ah-tk-20082009-3901",
                "2009-06-01",
                "2009D03902",
                external_id=None,
                aanhangselnummer="080903901",
            ),
            external_id=None,
        ),
        # A lower-case z, as published, named by the Kamer.
        one("2010Z05802", "2009-2010", "2010-03-02", "fictieve kleine z", "kv-2010z05802"),
        # A zero-padded answer named by the Kamer ...
        one(
            "2020Z20001",
            "2020-2021",
            "2020-10-01",
            "fictieve opvulling",
            "kv-tk-2020Z20001",
            antwoord(
                "ah-tk-20202021-0001", "2020-10-20", "2020D20002", aanhangselnummer="202100001"
            ),
        ),
        # ... and one the Kamer does not name: -2 is tried, -0002 exists.
        one(
            "2020Z20002",
            "2020-2021",
            "2020-10-02",
            "fictieve geraden opvulling",
            "kv-tk-2020Z20002",
            antwoord(
                "ah-tk-20202021-0002",
                "2020-10-21",
                "2020D20004",
                external_id=None,
                aanhangselnummer="202100002",
            ),
            doc_number="2020D20003",
        ),
        one(
            "2018Z10433",
            "2017-2018",
            "2018-06-01",
            "fictief AH-nummer",
            "kv-tk-2018z10433",
            antwoord("ah-tk-20172018-AH2134", "2018-07-01", "2018D10434"),
        ),
        one(
            "2010Z11045",
            "2010-2011",
            "2010-07-20",
            "fictief n1-achtervoegsel",
            "kv-tk-2010Z11045-n1",
        ),
        one(
            "2015Z15377",
            "2015-2016",
            "2015-09-01",
            "fictieve letter",
            "kv-tk-2015Z15377a",
            antwoord("ah-tk-20152016-6a", "2015-10-01", "2015D15378"),
        ),
        one("2011Z02249", "2010-2011", "2011-02-01", "fictieve korte staart", "kv-tk-2011Z2249"),
        one("2009Z14347", "2009-2010", "2009-11-01", "fictieve herdruk", "kv-2009Z14347-h1"),
        one(
            "2008Z00840",
            "2007-2008",
            "2008-01-10",
            "fictieve ongeformatteerde ids",
            "kv-2000100840-h1",
            Doc(
                "Mededeling (uitstel antwoord)",
                "ah-1151601",
                "2008-02-01",
                "2008D00841",
                remark=f"Het antwoord komt later. ({FICTIEF})",
            ),
        ),
        # Renamed at KOOP, text kept: only the metadata must be found through the redirect.
        one(
            "2024Z10902",
            "2023-2024",
            "2024-04-02",
            "fictieve halve naamswijziging",
            "kv-tk-2024Z10902-n1",
            external_id="kv-tk-2024Z10902",
            renamed_from="kv-tk-2024Z10902",
            old_text_kept=True,
        ),
        # Renamed at KOOP: the Kamer still names the old id, which redirects to the new.
        one(
            "2024Z10901",
            "2023-2024",
            "2024-04-01",
            "fictieve naamswijziging",
            "kv-tk-2024Z10901-n1",
            external_id="kv-tk-2024Z10901",
            renamed_from="kv-tk-2024Z10901",
        ),
    ]


def generated_sets(count: int, start: int = 20000) -> list[Set]:
    """``count`` answered fictional sets for benchmarks."""
    out: list[Set] = []
    sub = ("A.", "Anna", "Benchmark", "Testpartij")
    mini = ("B.", "Bert", "Meetlat", "minister van Metingen")
    for i in range(count):
        nr = f"2023Z{start + i:05d}"
        ah = f"ah-tk-20222023-{start + i}"
        out.append(
            Set(
                nr,
                "2022-2023",
                "2023-03-01",
                f"Fictieve meting {i}",
                sub,
                mini,
                [_q(1, f"Wat is meting {i}?"), _q(2, "En waarom?")],
                [
                    Doc("Schriftelijke vragen", f"kv-tk-{nr}", "2023-03-01", f"2023D{i:05d}"),
                    Doc(
                        "Antwoord schriftelijke vragen",
                        ah,
                        "2023-03-20",
                        f"2023D{50000 + i:05d}",
                        aanhangselnummer=f"2223{start + i:05d}",
                        answers=[
                            _a("Antwoord 1", f"Meting {i} is goed."),
                            _a("Antwoord 2", "Daarom."),
                        ],
                    ),
                ],
            )
        )
    return out


def mixed_sets(count: int, start: int = 30000) -> list[Set]:
    """``count`` fictional sets in a period's usual mix, one started each day: of every
    eight, two answered after a delay notice, one postponed, one open, four answered."""
    import datetime as dt

    out = generated_sets(count, start)
    for i, s in enumerate(out):
        s.submitted = (dt.date(2023, 3, 1) + dt.timedelta(days=i % 365)).isoformat()
        notice = Doc(
            "Mededeling (uitstel antwoord)",
            f"ah-tk-20222023-{start + count + i}",
            "2023-03-15",
            f"2023D{70000 + i:05d}",
            aanhangselnummer=f"2223{start + count + i:05d}",
            remark=f"De vragen kunnen niet binnen drie weken worden beantwoord. ({FICTIEF})",
        )
        if i % 4 == 1:
            s.docs = s.docs[:1] + ([notice] if i % 8 == 5 else [])
        elif i % 4 == 2:
            s.docs.insert(1, notice)
    return out


# ---------------------------------------------------------------------------
# Renderers: one per wire format
# ---------------------------------------------------------------------------


def _dt(date: str) -> str:
    return f"{date}T00:00:00+01:00"


def zaak_entity(s: Set) -> dict:
    zid = _gid("zaak", s.number)
    actors = []
    for rel, (ini, roep, achter, extra) in (("Indiener", s.submitter), ("Gericht aan", s.minister)):
        pid = _gid("persoon", achter)
        actors.append(
            {
                "Id": _gid("actor", s.number, rel),
                "Zaak_Id": zid,
                "ActorNaam": f"{ini} {achter}",
                "ActorFractie": extra if rel == "Indiener" else None,
                "Functie": "Tweede Kamerlid" if rel == "Indiener" else extra,
                "Relatie": rel,
                "Persoon_Id": pid,
                "Verwijderd": False,
                "Persoon": {
                    "Id": pid,
                    "Initialen": ini,
                    "Tussenvoegsel": None,
                    "Achternaam": achter,
                    "Roepnaam": roep,
                    "Verwijderd": False,
                },
            }
        )
    documents = []
    for d in s.docs:
        did = _gid("doc", d.doc_number)
        ext = d.koop_id if d.external_id == "same" else d.external_id
        documents.append(
            {
                "Id": did,
                "Soort": d.soort,
                "DocumentNummer": d.doc_number,
                "Titel": d.onderwerp or f"{d.soort}: {s.title}",
                "Onderwerp": d.onderwerp or f"{d.soort} over {s.title.lower()} ({FICTIEF})",
                "Datum": _dt(d.date),
                "Vergaderjaar": s.vergaderjaar,
                "Aanhangselnummer": d.aanhangselnummer,
                "Verwijderd": d.deleted,
                "DocumentVersie": [
                    {
                        "Id": _gid("versie", d.doc_number),
                        "Document_Id": did,
                        "Versienummer": 1,
                        "ExterneIdentifier": ext,
                        "Verwijderd": d.deleted,
                    }
                ],
            }
        )
    return {
        "Id": zid,
        "Nummer": s.number,
        "Soort": "Schriftelijke vragen",
        "Titel": s.title,
        "Alias": s.alias,
        "Onderwerp": f"Vragen over {s.title.lower()} ({FICTIEF})",
        "GestartOp": _dt(s.submitted),
        "Vergaderjaar": s.vergaderjaar,
        "Termijn": None,
        "Afgedaan": any(d.soort.startswith("Antwoord") for d in s.docs),
        "Verwijderd": False,
        "ZaakActor": actors,
        "Document": documents,
    }


EXPAND = "ZaakActor($expand=Persoon),Document($expand=DocumentVersie)"
CONTEXT = "$metadata#Zaak(ZaakActor(Persoon()),Document(DocumentVersie()))"


def zaak_json(sets: list[Set], base: str, next_link: str | None = None) -> bytes:
    return entities_json([zaak_entity(s) for s in sets], base, next_link)


def entities_json(entities: list[dict], base: str, next_link: str | None = None) -> bytes:
    doc: dict = {"@odata.context": f"{base}/{CONTEXT}", "value": entities}
    if next_link:
        doc["@odata.nextLink"] = next_link
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def document_json(s: Set, doc: Doc, base: str) -> bytes:
    entity = {
        "Id": _gid("doc", doc.doc_number),
        "Soort": doc.soort,
        "DocumentNummer": doc.doc_number,
        "Verwijderd": False,
        "Zaak": [
            {
                "Id": _gid("zaak", s.number),
                "Nummer": s.number,
                "Soort": "Schriftelijke vragen",
                "Verwijderd": False,
            }
        ],
    }
    return json.dumps(
        {"@odata.context": f"{base}/$metadata#Document(Zaak())", "value": [entity]}, indent=2
    ).encode("utf-8")


def _omschrijving(s: Set) -> str:
    return (
        f'<kamervraagomschrijving type="vraag">Vragen van het lid <naam><achternaam>'
        f"{escape(s.submitter[2])}</achternaam></naam> ({escape(s.submitter[3])}) aan de "
        f"{escape(s.minister[3].capitalize())} over <kamervraagonderwerp>"
        f"{escape(s.title.lower())}</kamervraagonderwerp> (ingezonden <datum isodatum="
        f'"{s.submitted}">{s.submitted}</datum>).</kamervraagomschrijving>'
    )


def koop_xml(s: Set, doc: Doc) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f"<!-- {FICTIEF}: fictional document in the KOOP officiele-publicatie format -->",
        "<officiele-publicatie>",
        f'  <metadata><meta name="OVERHEIDop.externMetadataRecord" content='
        f'"https://zoek.officielebekendmakingen.nl/{doc.koop_id}/metadata.xml"/></metadata>',
        "  <kamervragen>",
        '    <kamervraagkop><tekstregel inhoud="vergaderjaar">Vergaderjaar '
        f"{s.vergaderjaar.replace('-', '–')}</tekstregel></kamervraagkop>",
        f"    <kamervraagnummer>{s.number}</kamervraagnummer>",
        "    " + _omschrijving(s),
    ]
    if doc.answers:
        parts.append(
            '    <kamervraagomschrijving type="antwoord">Antwoord van '
            f'{escape(s.minister[3].capitalize())} (ontvangen <datum isodatum="{doc.date}">'
            f"{doc.date}</datum>).</kamervraagomschrijving>"
        )
    if doc.remark:
        parts.append(
            f"    <kamervraagopmerking><al>{escape(doc.remark)}</al></kamervraagopmerking>"
        )
    if doc.soort == "Schriftelijke vragen" or doc.answers:
        answers = list(doc.answers)
        for label, text in s.questions:
            parts.append(
                f'    <vraag><nr status="officieel">{escape(label)}</nr>'
                f"<al>{escape(text)}</al></vraag>"
            )
            n = label.split()[-1]
            for a_label, a_text in list(answers):
                if n in a_label.replace(",", " ").split()[1:2]:
                    parts.append(
                        f'    <antwoord><nr status="officieel">{escape(a_label)}</nr>'
                        f"<al>{escape(a_text)}</al></antwoord>"
                    )
                    answers.remove((a_label, a_text))
    parts += ["  </kamervragen>", "</officiele-publicatie>", ""]
    return "\n".join(parts).encode("utf-8")


def _meta(name: str, content: str, scheme: str = "") -> str:
    attrs = f"name={quoteattr(name)} scheme={quoteattr(scheme)} content={quoteattr(content)}"
    return f"  <metadata {attrs} />"


def metadata_xml(s: Set, doc: Doc) -> bytes:
    is_q = doc.soort == "Schriftelijke vragen"
    rows = [
        f"<!-- {FICTIEF}: fictional metadata in the KOOP metadata_gegevens format -->",
        "<metadata_gegevens>",
        _meta("DC.identifier", doc.koop_id or ""),
        _meta("DC.title", s.title if is_q else f"{doc.soort}: {s.title}"),
        _meta("DC.type", "officiële publicatie"),
    ]
    if not is_q:
        kind = "Mededeling" if doc.soort.startswith("Mededeling") else "Antwoord"
        rows.append(_meta("DC.type", kind))
        rows.append(_meta("DC.type", "Aanhangsel van de Handelingen"))
        rows.append(_meta("OVERHEIDop.datumOntvangst", doc.date))
    rows.append(
        _meta(
            "OVERHEIDop.publicationName",
            "Kamervragen zonder antwoord" if is_q else "Kamervragen (Aanhangsel)",
        )
    )
    rows.append(_meta("OVERHEIDop.vraagnummer", s.number))
    rows.append(_meta("OVERHEIDop.vergaderjaar", s.vergaderjaar))
    rows.append(_meta("OVERHEIDop.indiener", f"{s.submitter[0]} {s.submitter[2]}"))
    rows.append(_meta("OVERHEIDop.ontvanger", f"{s.minister[0]} {s.minister[2]}"))
    rows.append(_meta("OVERHEIDop.datumIndiening", s.submitted))
    if is_q:
        for other in s.docs:
            if other is not doc and other.koop_id and not other.deleted:
                rows.append(_meta("OVERHEIDop.aanhangsel", other.koop_id))
    for topic in s.topics:
        rows.append(_meta("OVERHEID.category", topic))
    rows.append("</metadata_gegevens>")
    return ("\n".join(rows) + "\n").encode("utf-8")


def koop_html(s: Set, doc: Doc) -> bytes:
    meta = [
        f'<meta name="DC.identifier" content="{doc.koop_id}">',
        f'<meta name="DC.title" content={quoteattr(s.title)}>',
        f'<meta name="OVERHEIDop.vraagnummer" content="{s.number}">',
    ]
    body = [
        f'<h1 class="kamervraagomschrijving_kop">{escape(s.title)}</h1>',
        f'<p class="kamervraagomschrijving">Vragen over {escape(s.title.lower())} '
        f"(ingezonden {s.submitted}). {FICTIEF}</p>",
    ]
    for label, text in s.questions:
        body.append(f'<div class="vraag"><h2>{escape(label)}</h2><p>{escape(text)}</p></div>')
    for label, text in doc.answers:
        body.append(f'<div class="antwoord"><h2>{escape(label)}</h2><p>{escape(text)}</p></div>')
    return (
        '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8">'
        f"<title>{escape(s.title)}</title>{''.join(meta)}</head>"
        f'<body><main><div class="stuk">{"".join(body)}</div></main></body></html>\n'
    ).encode()


def import_files(s: Set) -> dict[str, bytes]:
    """A set's files under the names kvtui's cache gives them, as ``kvtui import`` takes them."""
    files = {f"zaak-{s.number}.json": zaak_json([s], "http://fictief.invalid/tk")}
    for doc in s.docs:
        if doc.koop_id:
            files[f"{doc.koop_id}.xml"] = koop_xml(s, doc)
            files[f"{doc.koop_id}.metadata.xml"] = metadata_xml(s, doc)
    return files


def write_import_folder(directory: Path, sets: list[Set]) -> None:
    """A new folder ``directory`` holding the ``import_files`` of ``sets``."""
    directory.mkdir(parents=True)
    for s in sets:
        for name, data in import_files(s).items():
            (directory / name).write_bytes(data)


def sru_response(
    records: list[tuple[Set, Doc]],
    base: str,
    start: int = 1,
    total: int | None = None,
    next_record: int | None = None,
    diagnostics: tuple[str, ...] = (),
) -> bytes:
    recs = []
    for pos, (s, d) in enumerate(records, start=start):
        recs.append(
            "<sru:record><sru:recordSchema>gzd</sru:recordSchema><sru:recordData><gzd:gzd>"
            "<gzd:originalData><overheidwetgeving:meta><owmskern>"
            f"<dcterms:identifier>{d.koop_id}</dcterms:identifier>"
            f"<dcterms:title>{escape(s.title)}</dcterms:title>"
            f"<dcterms:type>{escape(d.soort)}</dcterms:type></owmskern><tpmeta>"
            "<c:product-area>officielepublicaties</c:product-area>"
            f"<overheidwetgeving:vraagnummer>{s.number}</overheidwetgeving:vraagnummer>"
            f"<overheidwetgeving:vergaderjaar>{s.vergaderjaar}</overheidwetgeving:vergaderjaar>"
            "</tpmeta></overheidwetgeving:meta></gzd:originalData><gzd:enrichedData>"
            f'<gzd:itemUrl manifestation="xml">{base}/koop/{d.koop_id}.xml</gzd:itemUrl>'
            f'<gzd:itemUrl manifestation="metadata">{base}/koop/{d.koop_id}/metadata.xml'
            "</gzd:itemUrl>"
            f"<gzd:preferredUrl>{base}/koop/{d.koop_id}.html</gzd:preferredUrl>"
            "</gzd:enrichedData></gzd:gzd></sru:recordData>"
            f"<sru:recordPosition>{pos}</sru:recordPosition></sru:record>"
        )
    nxt = f"<sru:nextRecordPosition>{next_record}</sru:nextRecordPosition>" if next_record else ""
    diags = "".join(
        '<diag:diagnostic xmlns:diag="http://docs.oasis-open.org/ns/search-ws/diagnostic">'
        f"<diag:uri>info:srw/diagnostic/1/16</diag:uri><diag:message>{escape(m)}</diag:message>"
        "</diag:diagnostic>"
        for m in diagnostics
    )
    if diags:
        nxt += f"<sru:diagnostics>{diags}</sru:diagnostics>"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<!-- {FICTIEF}: fictional SRU answer -->\n"
        '<sru:searchRetrieveResponse xmlns:sru="http://docs.oasis-open.org/ns/search-ws/sruResponse"'
        ' xmlns:gzd="http://standaarden.overheid.nl/sru"'
        ' xmlns:overheidwetgeving="http://standaarden.overheid.nl/wetgeving/"'
        ' xmlns:dcterms="http://purl.org/dc/terms/" xmlns:c="http://standaarden.overheid.nl/collectie/">'
        "<sru:version>2.0</sru:version>"
        f"<sru:numberOfRecords>{len(records) if total is None else total}</sru:numberOfRecords>"
        f"<sru:records>{''.join(recs)}</sru:records>{nxt}</sru:searchRetrieveResponse>\n"
    ).encode()
