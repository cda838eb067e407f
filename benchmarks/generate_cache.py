"""Generate a large cache of fictional Kamervragen, for the scale bar (50,000 sets).

    python benchmarks/generate_cache.py DIR --count 50000 [--seed 1] [--sources-only]

Why a generator and not a download: no machine here reaches the public services, and a
benchmark must be repeatable. So this writes N fictional sets in the same wire formats as
the sample cache (KOOP kv-tk/ah-tk XML in the current and the older form, metadata.xml,
TK OData JSON), deterministically from the seed, and then builds the index through the
real import path (``Cache.import_paths``), so the figures it prints are those of
``kvtui import``. Text is made with string templates, not lxml, so writing 50,000 sets
takes seconds and the time measured is the importer's.

The mix follows reality loosely: most sets answered (a quarter after a delay notice),
some combined answers and questions, footnotes, a few withdrawn, nader antwoorden,
answers TK knows but KOOP has not published, postponed and open sets (recent ones not
overdue, old ones overdue), a slice in the pre-2010 format, 2 to 12 questions with
some long answers, and ONE very large set (``largest`` in the output) for "open the
largest document". The first sets of every run cycle through all of these kinds, so
even a tiny cache covers each state.

Every document says it is generated and fictional (``GEGENEREERD, FICTIEF``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

TODAY = dt.date(2026, 11, 28)  # the fixed "today" of kvtui's tests and benchmarks
FIRST_DAY = dt.date(2019, 1, 7)
MARK = "(GEGENEREERD, FICTIEF voorbeeld voor kvtui)"
NBSP = "\u00a0"


def words(text: str) -> list[str]:
    return text.split()


MONTHS = words(
    "januari februari maart april mei juni juli augustus september oktober november december"
)
SCHEMA = "http://technische-documentatie.oep.overheid.nl/schema/op-xsd-2012-3"
LARGEST_QUESTIONS = 250

# Kinds of set; the first sets of a run cycle through FORCED so every kind is present.
ANSWERED = "answered"
COMBINED = "combined"
NOTICE_ANSWERED = "notice_answered"
POSTPONED = "postponed"
OPEN = "open"
WITHDRAWN = "withdrawn"
FURTHER = "further"
PENDING = "pending"
OLD = "old"
FORCED = (ANSWERED, COMBINED, POSTPONED, OPEN, WITHDRAWN, FURTHER, PENDING, OLD, NOTICE_ANSWERED)

# -- vocabulary (all invented; parties and ministries are the real names) ---------------

MINISTRIES = [
    (
        "Infrastructuur en Waterstaat",
        "Verkeer | Openbaar vervoer",
        [
            "de dienstregeling van de regionale treinen",
            "het onderhoud van bruggen en sluizen",
            "de files rond knooppunt {place}",
            "de veiligheid van fietspaden",
            "de bereikbaarheid van {place}",
            "de kwaliteit van het drinkwater",
            "de dijkversterking bij {place}",
            "de uitstoot van de luchtvaart",
        ],
    ),
    (
        "Volksgezondheid, Welzijn en Sport",
        "Zorg en gezondheid | Ziekenhuizen",
        [
            "de wachtlijsten in de ggz",
            "de sluiting van de spoedeisende hulp in {place}",
            "het tekort aan huisartsen in {place}",
            "de prijs van geneesmiddelen",
            "de personeelstekorten in de ouderenzorg",
            "de vaccinatiegraad onder kinderen",
            "de toegankelijkheid van sportaccommodaties",
            "de eigen bijdrage in de wijkverpleging",
        ],
    ),
    (
        "Justitie en Veiligheid",
        "Openbare orde en veiligheid | Criminaliteit",
        [
            "de capaciteit van de politie in {place}",
            "de achterstanden bij de rechtspraak",
            "ondermijning in het havengebied",
            "de aanpak van online fraude",
            "cameratoezicht in {place}",
            "de doorlooptijden van strafzaken",
            "de beveiliging van rechters",
            "de inzet van boa’s",
        ],
    ),
    (
        "Onderwijs, Cultuur en Wetenschap",
        "Onderwijs en wetenschap | Basisonderwijs",
        [
            "het lerarentekort in {place}",
            "de leesvaardigheid van leerlingen",
            "de huisvesting van studenten",
            "de financiering van musea",
            "de kwaliteit van het mbo",
            "thuiszitters in het speciaal onderwijs",
            "de toegankelijkheid van bibliotheken",
            "de studiefinanciering",
        ],
    ),
    (
        "Financiën",
        "Financiën | Belasting",
        [
            "de herstelregeling toeslagen",
            "de hoogte van de energiebelasting",
            "de controle op banken",
            "de belastingdienst in {place}",
            "de vergoeding van spaarrente",
            "het gebruik van contant geld",
        ],
    ),
    (
        "Binnenlandse Zaken en Koninkrijksrelaties",
        "Bestuur | Gemeenten",
        [
            "de financiële positie van de gemeente {place}",
            "de digitale overheid",
            "de verkiezingen op Bonaire",
            "de bescherming van persoonsgegevens bij gemeenten",
            "de integriteit van bestuurders",
        ],
    ),
    (
        "Sociale Zaken en Werkgelegenheid",
        "Werk | Arbeidsomstandigheden",
        [
            "de positie van platformwerkers",
            "armoede onder werkenden in {place}",
            "de handhaving van het minimumloon",
            "de re-integratie van mensen met een arbeidsbeperking",
            "arbeidsmigranten in {place}",
        ],
    ),
    (
        "Economische Zaken",
        "Economie | Ondernemen",
        [
            "de netcongestie bij bedrijventerreinen in {place}",
            "de winkelleegstand in {place}",
            "de brede welvaart in de regio",
            "de steun aan het midden- en kleinbedrijf",
            "de telefonische bereikbaarheid van banken",
        ],
    ),
    (
        "Landbouw, Visserij, Voedselzekerheid en Natuur",
        "Landbouw | Veehouderij",
        [
            "de stikstofvergunningen rond {place}",
            "de positie van jonge boeren",
            "de visserij op de Waddenzee",
            "het dierenwelzijn in de pluimveehouderij",
            "de natuurherstelplannen in {place}",
        ],
    ),
    (
        "Defensie",
        "Openbare orde en veiligheid | Defensie",
        [
            "de werving van militairen",
            "het oefenterrein bij {place}",
            "de inzet van reservisten",
            "de aanschaf van nieuwe fregatten",
            "de munitievoorraad",
        ],
    ),
    (
        "Buitenlandse Zaken",
        "Internationaal | Internationale betrekkingen",
        [
            "de consulaire hulp aan Nederlanders in het buitenland",
            "de mensenrechtensituatie in het Midden-Oosten",
            "de sancties tegen Rusland",
            "de noodhulp na de overstromingen in Zuid-Azië",
        ],
    ),
    (
        "Volkshuisvesting en Ruimtelijke Ordening",
        "Huisvesting | Woningmarkt",
        [
            "de bouw van flexwoningen in {place}",
            "de huurprijzen in de vrije sector",
            "de woningnood onder studenten in {place}",
            "de verduurzaming van huurwoningen",
            "de leegstand van kantoorpanden in {place}",
        ],
    ),
    (
        "Klimaat en Groene Groei",
        "Economie | Energie",
        [
            "de windparken op zee",
            "de subsidie voor warmtepompen",
            "de aardgaswinning bij {place}",
            "het stroomnet in {place}",
            "de energiearmoede",
        ],
    ),
    (
        "Asiel en Migratie",
        "Migratie en integratie | Asielbeleid",
        [
            "de opvang van asielzoekers in {place}",
            "de wachttijden bij de IND",
            "de gezinshereniging van statushouders",
        ],
    ),
]
PLACES = words(
    "Zwolle Assen Leeuwarden Groningen Emmen Deventer Enschede Apeldoorn Arnhem Nijmegen Tiel "
    "Utrecht Amersfoort Almere Lelystad Haarlem Alkmaar Amsterdam Zaandam Leiden Delft Rotterdam "
    "Dordrecht Gouda Middelburg Vlissingen Terneuzen Breda Tilburg Eindhoven Helmond Venlo "
    "Roermond "
    "Maastricht Heerlen Harderwijk Meppel Sneek Hoorn Kampen Oss Roosendaal Zutphen Doetinchem "
    "Hengelo"
)
FIRST = words(
    "Anna Bram Carla Daan Esra Femke Gijs Hanna Ilse Jelle Karim Lotte Maarten Nadia Olaf Pien "
    "Ruben Sanne Tim Vera Wouter Yara Bas Eline Fleur Hidde Iris Joost Kim Lars Merel Noor Pieter "
    "Roos Stijn Tess Ward Zeynep"
)
LAST = [
    ("", "Bakker"),
    ("", "Visser"),
    ("de", "Boer"),
    ("van", "Dijk"),
    ("", "Mulder"),
    ("", "Bos"),
    ("", "Vos"),
    ("van der", "Meer"),
    ("", "Hendriks"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Smits"),
    ("van den", "Berg"),
    ("", "Kok"),
    ("", "Jacobs"),
    ("", "Vermeulen"),
    ("", "Kuipers"),
    ("", "Postma"),
    ("van", "Leeuwen"),
    ("", "Wiersma"),
    ("", "Hoekstra"),
    ("", "Koster"),
    ("", "Prins"),
    ("", "Huisman"),
    ("", "Peeters"),
    ("ter", "Horst"),
    ("", "Kaya"),
    ("el", "Amrani"),
    ("", "Yilmaz"),
    ("", "Scholten"),
    ("van", "Wijk"),
    ("", "Veenstra"),
    ("", "Timmermans"),
    ("", "Groen"),
]
PARTIES = words(
    "VVD D66 CDA GroenLinks-PvdA SP PVV ChristenUnie SGP PvdD BBB NSC Volt JA21 DENK FvD 50PLUS"
)
HEADLINES = [
    "{Place} luidt de noodklok",
    "Kabinet laat {place} in de kou staan",
    "Onrust over {topic}",
    "Nieuwe cijfers over {topic} baren zorgen",
    "Inwoners van {place} voelen zich niet gehoord",
    "Rapport: aanpak van {topic} schiet tekort",
    "Experts waarschuwen voor gevolgen van {topic}",
]
Q_TEMPLATES = [
    "Bent u bekend met het bericht «{headline}»?",
    "Wat is uw reactie op {topic}?",
    "Hoeveel mensen in {place} hebben in {year} te maken gehad met {topic}? Kunt u dit "
    "uitsplitsen naar leeftijd en regio?",
    "Deelt u de mening dat {topic} in {place} meer aandacht verdient? Zo nee, waarom niet?",
    "Bent u bereid met de betrokken partijen in {place} in gesprek te gaan over {topic}? Zo "
    "ja, op welke termijn?",
    "Welke maatregelen heeft u sinds {year} genomen om {topic} te verbeteren, en wat hebben "
    "die opgeleverd?",
    "Kunt u aangeven hoe de situatie in {place} zich verhoudt tot het landelijke beeld?",
    "Wat zijn de gevolgen van {topic} voor de inwoners van {place}?",
    "Klopt het dat de uitvoering van het beleid rond {topic} vertraging heeft opgelopen? Wat "
    "is daarvan de oorzaak?",
    "Kunt u deze vragen afzonderlijk en binnen de gebruikelijke termijn beantwoorden?",
]
A_SENTENCES = [
    "Ja, ik ben bekend met dat bericht.",
    "Ik deel de zorg die uit deze vraag spreekt.",
    "Het kabinet hecht groot belang aan {topic}.",
    "Uit de meest recente cijfers blijkt dat het in {year} om ongeveer {n} gevallen ging.",
    "Deze gegevens worden niet centraal geregistreerd, zodat ik hierover geen uitspraak kan doen.",
    "De verantwoordelijkheid hiervoor ligt in de eerste plaats bij de gemeente {place} en de "
    "betrokken instellingen.",
    "Ik ben hierover regelmatig in overleg met de provincie, de gemeenten en de "
    "uitvoeringsorganisaties.",
    "In de voortgangsbrief die uw Kamer voor de zomer ontvangt, ga ik hier nader op in.",
    "Ik zie op dit moment geen aanleiding voor aanvullende maatregelen, maar ik volg de "
    "ontwikkelingen nauwgezet.",
    "De situatie in {place} wijkt niet wezenlijk af van het landelijke beeld.",
    "Er is een werkgroep ingesteld die voor het einde van het jaar met voorstellen komt.",
    "Daarbij betrek ik nadrukkelijk de ervaringen van de mensen om wie het gaat.",
    "De extra middelen uit het coalitieakkoord zijn inmiddels voor een groot deel toegekend.",
    "Ik verwijs u verder naar mijn antwoord op de eerdere vragen over dit onderwerp.",
    "Een evaluatie van de huidige aanpak is voorzien in {year2}.",
    "Het is niet mogelijk deze cijfers op korte termijn uit te splitsen naar regio.",
]
NOTICE_TEXT = (
    "De vragen van {who} over {topic} (ingezonden {date}) kunnen tot mijn spijt niet binnen de "
    "gebruikelijke termijn worden beantwoord, omdat voor de beantwoording afstemming met andere "
    "betrokkenen nodig is. Ik streef ernaar de vragen zo spoedig mogelijk te beantwoorden. " + MARK
)
WITHDRAWN_TEXT = (
    "Het lid {who} heeft laten weten dat de vragen over {topic} (ingezonden {date}) als "
    "ingetrokken "
    "worden beschouwd. " + MARK
)


# -- helpers --------------------------------------------------------------------------


def nl_date(d: dt.date) -> str:
    return f"{d.day}{NBSP}{MONTHS[d.month - 1]} {d.year}"


def vergaderjaar(d: dt.date) -> str:
    """The parliamentary year starts on Prinsjesdag (third Tuesday of September)."""
    start = d.year if (d.month, d.day) >= (9, 17) else d.year - 1
    return f"{start}-{start + 1}"


def esc(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


@dataclass(slots=True)
class Person:
    initials: str
    first: str
    infix: str
    last: str
    party: str | None
    function: str

    @property
    def actor_name(self) -> str:
        return f"{self.initials} {self.infix + ' ' if self.infix else ''}{self.last}"

    @property
    def surname(self) -> str:
        """As the omschrijving prints it: "Van der Meer"."""
        if not self.infix:
            return self.last
        return f"{self.infix[0].upper()}{self.infix[1:]} {self.last}"


@dataclass(slots=True)
class ZaakFacts:
    """What a set's OData zaak says of it, worked out once in ``SetWriter.build``."""

    number: str
    title: str
    subject: str
    who: str  # "het lid X (P)" or "de leden X (P) en Y (Q)", without markup
    addressed: str  # "de Minister van …"
    submitted: dt.date
    submitters: list[Person]
    minister: Person


@dataclass(slots=True)
class GenStats:
    sets: int = 0
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    largest: str = ""
    kinds: Counter = field(default_factory=Counter)
    numbers: list[str] = field(default_factory=list)


class Counters:
    """Per-year / per-vergaderjaar running numbers, so ids are unique and look real."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.zaak: Counter = Counter()
        self.doc: Counter = Counter()
        self.aanhangsel: Counter = Counter()
        self.kvr = 20000

    def zaak_number(self, d: dt.date) -> str:
        self.zaak[d.year] += self.rng.randint(1, 3)
        return f"{d.year}Z{self.zaak[d.year]:05d}"

    def doc_number(self, d: dt.date) -> str:
        self.doc[d.year] += self.rng.randint(1, 4)
        return f"{d.year}D{self.doc[d.year] % 100000:05d}"

    def appendix(self, d: dt.date) -> tuple[str, str, str]:
        """(ah-tk id, TK Aanhangselnummer, vergaderjaar) for a document received on ``d``."""
        vj = vergaderjaar(d)
        self.aanhangsel[vj] += 1
        nr = self.aanhangsel[vj]
        short = vj[2:4] + vj[7:9]
        return f"ah-tk-{vj[:4]}{vj[5:]}-{nr}", f"{short}{nr:05d}", vj


# -- one set --------------------------------------------------------------------------


class SetWriter:
    """Builds the files of one generated Kamervraag as (name, text) pairs."""

    def __init__(self, rng: random.Random, counters: Counters) -> None:
        self.rng = rng
        self.c = counters
        # A fixed pool of members, each with one party, so filtering by party means something.
        self.members = [self.person("Tweede Kamerlid") for _ in range(150)]

    # text

    def person(self, function: str, party: bool = True) -> Person:
        r = self.rng
        first = r.choice(FIRST)
        infix, last = r.choice(LAST)
        second = r.choice("ABCDEFGHJKLMNPRSTW")
        initials = f"{first[0]}." if r.random() < 0.5 else f"{first[0]}.{second}."
        return Person(initials, first, infix, last, r.choice(PARTIES) if party else None, function)

    def fill(self, template: str, topic: str, place: str, year: int) -> str:
        r = self.rng
        if "{headline}" in template:
            h = r.choice(HEADLINES).format(Place=place, place=place, topic=topic)
            template = template.replace("{headline}", h[0].upper() + h[1:])
        return template.format(
            topic=topic, place=place, year=year, year2=year + r.randint(1, 3), n=r.randint(12, 9000)
        )

    def paragraph(self, topic: str, place: str, year: int, sentences: int) -> str:
        pick = self.rng.sample(A_SENTENCES, min(sentences, len(A_SENTENCES)))
        return " ".join(self.fill(s, topic, place, year) for s in pick)

    # XML pieces

    def footnote(self, nr: int, owner: str, year: int) -> str:
        r = self.rng
        if r.random() < 0.7:
            month, article = r.randint(1, 12), r.randint(1000, 99999)
            url = f"https://nieuws.example.org/{year}/{month:02d}/artikel-{article}"
            body = (
                f'Regionaal Dagblad, {year} (<extref soort="URL" doc="{url}" '
                f'status="actief">{url}</extref>)'
            )
        else:
            dossier, nummer = r.randint(21000, 36999), r.randint(1, 400)
            body = (
                f'Kamerstuk <extref soort="document" doc="kst-{dossier}-{nummer}" status="actief">'
                f"{dossier // 1000} {dossier % 1000:03d}, nr. {nummer}</extref>"
            )
        return (
            f'<noot id="ID-{owner}-d37e{r.randint(40, 999)}" type="voet"><noot.nr>{nr}</noot.nr>'
            f"<noot.al>{body}</noot.al></noot>"
        )

    def item(self, tag: str, label: str, paras: list[str]) -> str:
        als = "".join(f"\n      <al>{p}</al>" for p in paras)
        return f'    <{tag}>\n      <nr status="officieel">{label}</nr>{als}\n    </{tag}>\n'

    # the set

    def build(
        self, kind: str, submitted: dt.date, n_questions: int, large: bool = False
    ) -> tuple[str, list[tuple[str, str]], str]:
        r = self.rng
        ministry, category, subjects = r.choice(MINISTRIES)
        place = r.choice(PLACES)
        subject = r.choice(subjects).format(place=place)
        year = submitted.year
        title = subject[0].upper() + subject[1:]
        role = (
            f"minister van {ministry}" if r.random() < 0.8 else f"staatssecretaris van {ministry}"
        )
        submitters = [r.choice(self.members)]
        if r.random() < 0.25:
            other = r.choice(self.members)
            if other is not submitters[0]:
                submitters.append(other)
        minister = self.person(role)
        addressed = role[0].upper() + role[1:]
        addressed = "de " + addressed
        if len(submitters) == 1:
            (a,) = submitters
            who_desc = f"het lid <naam><achternaam>{a.surname}</achternaam></naam> ({a.party})"
            who_plain = f"het lid {a.surname} ({a.party})"
        else:
            a, b = submitters
            who_desc = (
                f"de leden <naam><achternaam>{a.surname}</achternaam></naam> ({a.party}) en "
                f"<naam><achternaam>{b.surname}</achternaam></naam> ({b.party})"
            )
            who_plain = f"de leden {a.surname} ({a.party}) en {b.surname} ({b.party})"

        # numbering: maybe one combined question and/or one combined answer (not in the
        # old form, which numbers its items 1..n)
        old = kind == OLD
        q_labels: list[tuple[int, ...]] = []
        i = 1
        combine_q = not old and n_questions >= 4 and (kind == COMBINED or r.random() < 0.05)
        cq_at = r.randint(2, n_questions - 2) if combine_q else -1
        while i <= n_questions:
            if i == cq_at:
                q_labels.append((i, i + 1))
                i += 2
            else:
                q_labels.append((i,))
                i += 1
        a_groups: list[list[tuple[int, ...]]] = [[q] for q in q_labels]
        if not old and (kind == COMBINED or r.random() < 0.12) and len(a_groups) >= 3:
            j = r.randint(0, len(a_groups) - 2)
            if len(a_groups[j][0]) == 1 and len(a_groups[j + 1][0]) == 1:
                a_groups[j : j + 2] = [a_groups[j] + a_groups[j + 1]]

        questions: dict[tuple[int, ...], list[str]] = {}
        for qi, nums in enumerate(q_labels):
            tmpl = Q_TEMPLATES[0] if qi == 0 else r.choice(Q_TEMPLATES[1:])
            text = self.fill(tmpl, subject, place, year)
            if qi == 0:
                text += " " + MARK
            paras = [text]
            if len(nums) > 1 or (large and r.random() < 0.3):
                paras.append(self.fill(r.choice(Q_TEMPLATES[1:]), subject, place, year))
            questions[nums] = paras

        files: list[tuple[str, str]] = []
        if old:
            self.c.kvr += r.randint(1, 40)
            vj = vergaderjaar(submitted)
            number = f"kv-tk-{vj[:4]}{vj[5:]}-KVR{self.c.kvr}"
        else:
            number = self.c.zaak_number(submitted)
        kv_id = number if old else f"kv-tk-{number}"

        # footnote plan: question 1 sometimes, answers sometimes; numbers run on in a document
        q_note = r.random() < 0.35
        answer_notes = r.random() < 0.3

        def render_questions(with_notes: bool, counter: list[int]) -> dict[tuple[int, ...], str]:
            # Question footnotes carry the zaak number in their id, in kv-tk and ah-tk alike.
            out = {}
            for nums, paras in questions.items():
                ps = [esc(p) for p in paras]
                if with_notes and q_note and nums == q_labels[0]:
                    counter[0] += 1
                    note = self.footnote(counter[0], number, year)
                    ps[0] = ps[0].replace(" " + esc(MARK), "") + note + " " + esc(MARK)
                label = "Vraag " + ", ".join(map(str, nums))
                out[nums] = self.item("vraag", label, ps)
            return out

        # answer texts
        answers: dict[tuple[int, ...], list[str]] = {}
        for group in a_groups:
            nums = tuple(n for g in group for n in g)
            if large:
                count = r.randint(3, 8)
                paras = [
                    self.paragraph(subject, place, year, r.randint(4, 8)) for _ in range(count)
                ]
            elif r.random() < 0.15:
                paras = [
                    self.paragraph(subject, place, year, r.randint(3, 6))
                    for _ in range(r.randint(2, 5))
                ]
            else:
                paras = [self.paragraph(subject, place, year, r.randint(1, 3))]
            answers[nums] = paras
        first_answers = dict(answers)
        if kind == FURTHER:  # the first answer defers its last two answers to a nader antwoord
            for group in a_groups[-2:]:
                nums = tuple(n for g in group for n in g)
                first_answers[nums] = [
                    "Voor de beantwoording van deze vraag is nader onderzoek nodig. Ik zal uw "
                    "Kamer "
                    "hierover in een nader antwoord informeren."
                ]

        # dates and documents
        tk_docs: list[dict] = []
        q_docnr = self.c.doc_number(submitted)
        tk_docs.append(
            dict(
                soort="Schriftelijke vragen",
                nummer=q_docnr,
                date=submitted,
                extern=kv_id,
                titel=f"Vragen van {who_plain} aan {addressed} over {subject}",
            )
        )

        def appendix_doc(soort: str, d: dt.date, titel: str) -> tuple[str, str]:
            """A TK document that KOOP publishes as an aanhangsel; (ah-tk id, its number)."""
            doc_id, nr, vj = self.c.appendix(d)
            tk_docs.append(
                dict(
                    soort=soort,
                    nummer=self.c.doc_number(d),
                    date=d,
                    extern=doc_id,
                    aanhangselnummer=nr,
                    vj=vj,
                    titel=titel,
                )
            )
            return doc_id, nr

        notice: tuple[str, dt.date, str] | None = None
        answer: tuple[str, dt.date] | None = None
        further: tuple[str, dt.date] | None = None
        age = (TODAY - submitted).days
        if kind in (POSTPONED, NOTICE_ANSWERED, WITHDRAWN):
            nd = submitted + dt.timedelta(days=r.randint(14, min(30, max(14, age - 1))))
            soort = "Mededeling" if kind == WITHDRAWN else "Mededeling (uitstel antwoord)"
            titel = ("Intrekken" if kind == WITHDRAWN else "Uitstel beantwoording") + (
                f" vragen van {who_plain} over {subject}"
            )
            notice_id, nr = appendix_doc(soort, nd, titel)
            notice = (notice_id, nd, nr)
            if r.random() >= 0.8:  # the Kamer does not always know the KOOP id
                tk_docs[-1]["extern"] = None
        if kind in (ANSWERED, COMBINED, NOTICE_ANSWERED, FURTHER, PENDING, OLD):
            lo = notice[1] if notice else submitted
            delay = r.randint(7, 60)
            if kind == PENDING:
                ad = min(TODAY - dt.timedelta(days=1), lo + dt.timedelta(days=delay))
            else:
                ad = min(TODAY - dt.timedelta(days=2), lo + dt.timedelta(days=delay))
            ad = max(ad, submitted + dt.timedelta(days=1))
            answer_id, _ = appendix_doc(
                "Antwoord schriftelijke vragen",
                ad,
                f"Antwoord op vragen van {who_plain} over {subject}",
            )
            answer = (answer_id, ad)
            if kind == FURTHER:
                fd = min(TODAY - dt.timedelta(days=1), ad + dt.timedelta(days=r.randint(14, 60)))
                further_id, _ = appendix_doc(
                    "Antwoord schriftelijke vragen (nader)",
                    fd,
                    f"Nader antwoord op vragen van {who_plain} over {subject}",
                )
                further = (further_id, fd)

        vj_q = vergaderjaar(submitted)
        omschr_vraag = (
            f'<kamervraagomschrijving type="vraag">Vragen van {who_desc} aan {addressed} over '
            f"<kamervraagonderwerp>{subject}</kamervraagonderwerp> (ingezonden "
            "<datum "
            f'isodatum="{submitted.isoformat()}">{nl_date(submitted)}</datum>).</kamervraagomschrijving>'
        )

        def head(doc_id: str, vj: str) -> str:
            return (
                '<?xml version="1.0" encoding="utf-8"?>\n'
                "<!-- GEGENEREERD, FICTIEF: written by kvtui benchmarks/generate_cache.py; no "
                "real person or text. -->\n"
                f'<officiele-publicatie xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                f'xsi:noNamespaceSchemaLocation="{SCHEMA}">\n  <metadata>\n'
                f'    <meta name="OVERHEIDop.externMetadataRecord" scheme="" '
                f'content="https://zoek.officielebekendmakingen.nl/{doc_id}/metadata.xml" />\n'
                f"  </metadata>\n  <kamervragen>\n    <kamervraagkop>\n"
                '      <tekstregel inhoud="vergaderjaar">Vergaderjaar '
                f"{vj[:4]}\u2013{vj[5:]}</tekstregel>\n"
                f"    </kamervraagkop>\n    <kamervraagnummer>{number}</kamervraagnummer>\n    "
                f"{omschr_vraag}\n"
            )

        tail = "  </kamervragen>\n</officiele-publicatie>\n"
        # KOOP lists only what it has published: not the answer of a PENDING set.
        published = (notice, None if kind == PENDING else answer, further)
        appendix_ids = [x[0] for x in published if x]

        if old:
            files += self.old_files(
                kv_id,
                submitted,
                who_plain,
                addressed,
                subject,
                questions,
                answers,
                answer,
                minister,
            )
        else:
            # the kv-tk: always for unanswered sets, for most answered ones
            if (kind != PENDING or r.random() < 0.9) and (r.random() < 0.75 or not answer):
                qs = render_questions(True, [0])
                files.append((f"{kv_id}.xml", head(kv_id, vj_q) + "".join(qs.values()) + tail))
            if answer and kind != PENDING:
                files.append(
                    (
                        f"{answer[0]}.xml",
                        self.answer_xml(
                            head,
                            tail,
                            answer,
                            a_groups,
                            questions,
                            first_answers,
                            render_questions,
                            minister,
                            ministry,
                            notice,
                            answer_notes,
                            year,
                            only=None,
                        ),
                    )
                )
            if further:
                later = a_groups[-2:]
                files.append(
                    (
                        f"{further[0]}.xml",
                        self.answer_xml(
                            head,
                            tail,
                            further,
                            later,
                            questions,
                            answers,
                            render_questions,
                            minister,
                            ministry,
                            None,
                            False,
                            year,
                            only=later,
                            lead="Nader antwoord van",
                        ),
                    )
                )
            if notice:
                text = (WITHDRAWN_TEXT if kind == WITHDRAWN else NOTICE_TEXT).format(
                    who=who_plain
                    if kind != WITHDRAWN
                    else f"{submitters[0].surname} ({submitters[0].party})",
                    topic=subject,
                    date=nl_date(submitted).replace(NBSP, " "),
                )
                files.append(
                    (
                        f"{notice[0]}.xml",
                        head(notice[0], vergaderjaar(notice[1]))
                        + f"    <kamervraagopmerking>\n      <al>{esc(text)}</al>\n    "
                        "</kamervraagopmerking>\n" + tail,
                    )
                )
            zaak_json = r.random() < 0.85 or kind in (PENDING, POSTPONED, WITHDRAWN, OPEN)
            if zaak_json:
                done = kind in (ANSWERED, COMBINED, NOTICE_ANSWERED, FURTHER, PENDING, WITHDRAWN)
                facts = ZaakFacts(
                    number, title, subject, who_plain, addressed, submitted, submitters, minister
                )
                files.append(
                    (
                        f"zaak-{number}.json",
                        self.odata(facts, tk_docs, done),
                    )
                )
        # metadata
        if r.random() < 0.65 or old:
            files.append(
                (
                    f"{kv_id}.metadata.xml",
                    self.metadata(
                        kv_id,
                        title,
                        "Kamervragen zonder antwoord",
                        [],
                        category,
                        submitted,
                        None,
                        submitters,
                        minister,
                        None if old else number,
                        appendix_ids,
                        submitted,
                    ),
                )
            )
        for doc, kind_name in ((answer, "Antwoord"), (further, "Antwoord"), (notice, "Mededeling")):
            if doc and (kind != PENDING) and (r.random() < 0.65 or old):
                prefix = "Mededeling over" if kind_name == "Mededeling" else "Antwoord op"
                files.append(
                    (
                        f"{doc[0]}.metadata.xml",
                        self.metadata(
                            doc[0],
                            f"{prefix} vragen van {who_plain} over {subject}",
                            "Kamervragen (Aanhangsel)",
                            [
                                ("OVERHEIDop.AanhangselTypen", kind_name),
                                ("OVERHEIDop.Parlementair", "Aanhangsel van de Handelingen"),
                            ],
                            category,
                            submitted,
                            doc[1],
                            submitters,
                            minister,
                            None if old else number,
                            [],
                            doc[1],
                        ),
                    )
                )
        return number, files, kind

    def answer_xml(
        self,
        head,
        tail,
        answer,
        groups,
        questions,
        answers,
        render_questions,
        minister,
        ministry,
        notice,
        with_notes,
        year,
        only,
        lead="Antwoord van",
    ) -> str:
        r = self.rng
        answer_id, ad = answer
        owner = answer_id.rsplit("-", 1)[1]
        see = ""
        if notice:
            vj = vergaderjaar(notice[1])
            nr = notice[0].rsplit("-", 1)[1]
            see = f" Zie ook Aanhangsel Handelingen, vergaderjaar {vj[:4]}\u2013{vj[5:]}, nr. {nr}."
        title_word = "Minister" if minister.function.startswith("minister") else "Staatssecretaris"
        parts = [
            head(answer_id, vergaderjaar(ad)),
            f'    <kamervraagomschrijving type="antwoord">{lead} {title_word} '
            f"<naam><achternaam>{minister.surname}"
            f"</achternaam></naam> ({ministry}) (ontvangen <datum "
            f'isodatum="{ad.isoformat()}">{nl_date(ad)}'
            f"</datum>).{see}</kamervraagomschrijving>\n",
        ]
        counter = [0]
        rendered_q = render_questions(only is None, counter)
        for group in groups:
            for q in group:
                parts.append(rendered_q[q])
            nums = tuple(n for g in group for n in g)
            paras = [esc(p) for p in answers[nums]]
            if with_notes and r.random() < 0.4:
                counter[0] += 1
                paras[-1] += self.footnote(counter[0], owner, year)
            parts.append(self.item("antwoord", "Antwoord " + ", ".join(map(str, nums)), paras))
        parts.append(tail)
        return "".join(parts)

    def old_files(
        self, kv_id, submitted, who_plain, addressed, subject, questions, answers, answer, minister
    ):
        def body(with_answers: bool) -> str:
            out = [
                '<?xml version="1.0" encoding="utf-8"?>\n',
                "<!-- GEGENEREERD, FICTIEF: older KOOP form, written by kvtui "
                "benchmarks/generate_cache.py. -->\n",
                "<vraagdoc>\n  <body>\n",
                f"    <omschr>Vragen van {esc(who_plain)} aan {addressed} over {subject}. "
                f"(Ingezonden {nl_date(submitted).replace(NBSP, ' ')})</omschr>\n    <vragen>\n",
            ]
            for n, paras in enumerate(questions.values(), 1):
                als = "".join(f"\n        <al>{esc(p)}</al>" for p in paras)
                out.append(f"      <vraag>\n        <nummer>{n}</nummer>{als}\n      </vraag>\n")
            out.append("    </vragen>\n")
            if with_answers:
                out.append(
                    f"    <reactie>\n      <toelicht>Antwoord van minister {minister.surname}. "
                    f"(Ontvangen {nl_date(answer[1]).replace(NBSP, ' ')})</toelicht>\n"
                )
                for n, paras in enumerate(answers.values(), 1):
                    als = "".join(f"\n        <al>{esc(p)}</al>" for p in paras)
                    out.append(
                        f"      <antwoord>\n        <nummer>{n}</nummer>{als}\n      </antwoord>\n"
                    )
                out.append("    </reactie>\n")
            out.append("  </body>\n</vraagdoc>\n")
            return "".join(out)

        # Old sets are numbered 1..n in order: combined labels did not exist in that form.
        return [(f"{kv_id}.xml", body(False)), (f"{answer[0]}.xml", body(True))]

    def metadata(
        self,
        doc_id,
        title,
        publication,
        types,
        category,
        submitted,
        received,
        submitters,
        minister,
        zaak,
        appendices,
        issued_from,
    ) -> str:
        vj = vergaderjaar(received or submitted)
        rows = [
            ("OVERHEID.organisationType", "OVERHEID.Organisatietype", "staten generaal"),
            ("OVERHEIDop.publicationName", "", publication),
            ("DC.creator", "OVERHEID.StatenGeneraal", "Tweede Kamer der Staten-Generaal"),
            ("DC.type", "OVERHEID.Informatietype", "officiële publicatie"),
            *[("DC.type", s, v) for s, v in types],
            ("OVERHEID.category", "OVERHEID.TaxonomieBeleidsagenda", category),
            ("DCTERMS.language", "DCTERMS.RFC4646", "nl"),
            ("DC.title", "", title),
            ("OVERHEIDop.vergaderjaar", "", vj),
        ]
        if zaak:
            rows.append(("OVERHEIDop.vraagnummer", "", zaak))
        rows += [("OVERHEIDop.indiener", "", p.actor_name) for p in submitters]
        rows.append(("OVERHEIDop.ontvanger", "", minister.actor_name))
        rows.append(("OVERHEIDop.datumIndiening", "DCTERMS.W3CDTF", submitted.isoformat()))
        if received:
            rows.append(("OVERHEIDop.datumOntvangst", "DCTERMS.W3CDTF", received.isoformat()))
        rows += [("OVERHEIDop.aanhangsel", "", a) for a in appendices]
        issued = issued_from + dt.timedelta(days=1)
        rows += [
            ("DCTERMS.issued", "DCTERMS.W3CDTF", issued.isoformat()),
            ("DCTERMS.available", "DCTERMS.W3CDTF", issued.isoformat()),
            ("DC.identifier", "", doc_id),
        ]
        lines = "".join(
            f'  <metadata name="{n}" scheme="{s}" content="{esc(c)}" />\n' for n, s, c in rows
        )
        return (
            "<!-- GEGENEREERD, FICTIEF: written by kvtui benchmarks/generate_cache.py. -->\n"
            f"<metadata_gegevens>\n{lines}</metadata_gegevens>\n"
        )

    def odata(self, facts: ZaakFacts, tk_docs: list[dict], done: bool) -> str:
        r = self.rng
        submitters, minister, submitted = facts.submitters, facts.minister, facts.submitted

        def ts(d: dt.date) -> str:
            return f"{d.isoformat()}T00:00:00+0{1 if d.month <= 3 or d.month >= 11 else 2}:00"

        zid = f"{r.getrandbits(128):032x}"
        actors = []
        for rel, p in (
            [("Indiener", submitters[0])]
            + [("Medeindiener", s) for s in submitters[1:]]
            + [("Gericht aan", minister)]
        ):
            pid = f"{r.getrandbits(128):032x}"
            actors.append(
                {
                    "Id": f"{r.getrandbits(128):032x}",
                    "Zaak_Id": zid,
                    "ActorNaam": p.actor_name,
                    "ActorFractie": p.party,
                    "ActorAfkorting": None,
                    "Functie": p.function,
                    "Relatie": rel,
                    "Persoon_Id": pid,
                    "Verwijderd": False,
                    "Persoon": {
                        "Id": pid,
                        "Initialen": p.initials,
                        "Tussenvoegsel": p.infix or None,
                        "Achternaam": p.last,
                        "Roepnaam": p.first,
                        "Verwijderd": False,
                    },
                }
            )
        docs = []
        for d in tk_docs:
            did = f"{r.getrandbits(128):032x}"
            docs.append(
                {
                    "Id": did,
                    "Soort": d["soort"],
                    "DocumentNummer": d["nummer"],
                    "Titel": d["titel"],
                    "Onderwerp": d["titel"],
                    "Datum": ts(d["date"]),
                    "Vergaderjaar": d.get("vj") or vergaderjaar(d["date"]),
                    "Aanhangselnummer": d.get("aanhangselnummer"),
                    "Verwijderd": False,
                    "DocumentVersie": [
                        {
                            "Id": f"{r.getrandbits(128):032x}",
                            "Versienummer": 1,
                            "Extensie": ".pdf",
                            "ExterneIdentifier": d["extern"],
                            "Verwijderd": False,
                        }
                    ],
                }
            )
        zaak = {
            "Id": zid,
            "Nummer": facts.number,
            "Soort": "Schriftelijke vragen",
            "Titel": facts.title,
            "Onderwerp": (
                f"Vragen van {facts.who} aan {facts.addressed} over {facts.subject} {MARK}"
            ),
            "GestartOp": ts(submitted),
            "Vergaderjaar": vergaderjaar(submitted),
            "Afgedaan": done,
            "Verwijderd": False,
            "ZaakActor": actors,
            "Document": docs,
        }
        return json.dumps(
            {
                "@odata.context": "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/$metadata#Zaak",
                "value": [zaak],
            },
            ensure_ascii=False,
        )


# -- the whole cache ------------------------------------------------------------------


def pick_kind(rng: random.Random, i: int, submitted: dt.date) -> str:
    if i < len(FORCED):
        return FORCED[i]
    age = (TODAY - submitted).days
    x = rng.random()
    if age <= 21:
        return OPEN if x < 0.6 else (PENDING if x < 0.7 else ANSWERED)
    if age <= 60:
        return OPEN if x < 0.25 else POSTPONED if x < 0.45 else PENDING if x < 0.5 else ANSWERED
    if x < 0.01:
        return WITHDRAWN
    if x < 0.02:
        return POSTPONED
    if x < 0.03:
        return OPEN
    if x < 0.05:
        return FURTHER
    if x < 0.06:
        return OLD
    if x < 0.25:
        return NOTICE_ANSWERED
    return ANSWERED


def submitted_dates(rng: random.Random, count: int) -> list[dt.date]:
    """Spread over 2019 → yesterday, oldest first (like a TK year's numbering)."""
    span = (TODAY - FIRST_DAY).days - 1
    days = sorted(rng.randrange(span) for _ in range(count))
    return [FIRST_DAY + dt.timedelta(days=d) for d in days]


def generate_sources(dest: Path, count: int, seed: int = 1) -> GenStats:
    """Write ``count`` generated sets into ``dest`` (a flat directory of source files)."""
    t0 = time.perf_counter()
    rng = random.Random(seed)
    counters = Counters(rng)
    writer = SetWriter(rng, counters)
    dest.mkdir(parents=True, exist_ok=True)
    stats = GenStats()
    dates = submitted_dates(rng, count)
    # The very large set sits at a fixed place; with few sets, the last one.
    large_at = len(FORCED) + (count - len(FORCED)) // 2 if count > len(FORCED) else count - 1
    for i, submitted in enumerate(dates):
        kind = pick_kind(rng, i, submitted)
        if kind == OLD:
            submitted = dt.date(2006 + rng.randrange(3), rng.randint(1, 12), rng.randint(1, 28))
        large = i == large_at
        if large:
            kind = ANSWERED
        n = (
            LARGEST_QUESTIONS
            if large
            else rng.choice((2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 6, 6, 7, 8, 9, 10, 11, 12))
        )
        number, files, kind = writer.build(kind, submitted, n, large=large)
        for name, text in files:
            data = text.encode("utf-8")
            (dest / name).write_bytes(data)
            stats.files += 1
            stats.bytes += len(data)
        stats.kinds[kind] += 1
        stats.numbers.append(number)
        if large:
            stats.largest = number
    stats.sets = count
    stats.seconds = time.perf_counter() - t0
    return stats


def import_sources(cache_root: Path, staging: Path, *, verbose: bool = True):
    """Build the cache through the real import path; returns (report, seconds)."""
    from kvtui.store.cache import Cache

    def progress(line: str) -> None:
        if verbose:
            print(f"  import: {line}", file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    with Cache(cache_root, today=TODAY) as cache:
        report = cache.import_paths([staging], progress=progress)
        count = cache.count()
    return report, count, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path, help="the cache directory to create")
    ap.add_argument("--count", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--sources-only",
        action="store_true",
        help="only write the files (into DIR/sources); build the index later with kvtui reindex",
    )
    ap.add_argument(
        "--staging",
        type=Path,
        help="where to write the files before import (default DIR/.generated)",
    )
    args = ap.parse_args(argv)
    if args.count < 1:
        ap.error("--count must be at least 1")

    root: Path = args.dir
    staging = root / "sources" if args.sources_only else (args.staging or root / ".generated")
    if not args.sources_only and staging.exists():
        shutil.rmtree(staging)
    stats = generate_sources(staging, args.count, args.seed)
    mb = stats.bytes / 1e6
    print(
        f"generated {stats.sets} Kamervragen in {stats.files} files ({mb:.0f} MB) in "
        f"{stats.seconds:.1f} s "
        f"-> {staging}"
    )
    print("kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.kinds.items())))
    print(f"largest: {stats.largest}")
    if args.sources_only:
        return 0
    report, count, seconds = import_sources(root, staging)
    if not args.staging:
        shutil.rmtree(staging, ignore_errors=True)
    print(
        f"imported {len(report.imported)} files into {count} Kamervragen in {seconds:.1f} s: "
        f"{stats.sets / seconds:.0f} Kamervragen/s, {len(report.imported) / seconds:.0f} files/s"
    )
    if report.failed:
        print(f"{len(report.failed)} file(s) failed, first: {report.failed[0]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
