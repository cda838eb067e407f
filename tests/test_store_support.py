"""Helpers for the store, CLI and render tests: fictional sources and hand-built sets.

Everything here is FICTIEF voorbeeld voor kvtui: invented numbers, names and text in
the shape of KOOP kv-tk/ah-tk XML, written by the kvtui project for its tests. Kept in
one module so the store tests, the CLI tests and the crash/concurrency subprocesses
build the same documents. (No tests of its own.)

Besides the documents: writing hand-built sets straight into an index (``fill``,
``cache_with``), the repository's sample cache indexed afresh (``indexed_sample``), the
benchmark generator as a module (``load_generator``) and ``kvtui`` run in this process
(``run_main``), each written once for every test file that needs it.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from xml.sax.saxutils import escape

import pytest

from kvtui.model import (
    Footnote,
    FurtherAnswer,
    Kamervraag,
    Notice,
    Person,
    Question,
    Sources,
    Status,
    koop_url,
)
from kvtui.store import index
from kvtui.store.cache import Cache
from kvtui.store.transaction import transaction

TODAY = dt.date(2026, 11, 28)
REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "cache" / "sources"

_HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    "<!-- FICTIEF voorbeeld voor kvtui: written for kvtui's tests. -->\n"
    "<officiele-publicatie><metadata>"
    '<meta name="OVERHEIDop.externMetadataRecord" scheme="" '
    'content="https://zoek.officielebekendmakingen.nl/{id}/metadata.xml" />'
    "</metadata><kamervragen>"
    '<kamervraagkop><tekstregel inhoud="vergaderjaar">Vergaderjaar 2025–2026</tekstregel>'
    "</kamervraagkop><kamervraagnummer>{zaak}</kamervraagnummer>"
    '<kamervraagomschrijving type="vraag">Vragen van het lid <naam><achternaam>{member}'
    "</achternaam></naam> (Fictief) aan de Minister van Testzaken over "
    "<kamervraagonderwerp>{subject}</kamervraagonderwerp> (ingezonden "
    '<datum isodatum="{submitted}">{submitted}</datum>).</kamervraagomschrijving>'
)
_ANSWER_DESC = (
    '<kamervraagomschrijving type="antwoord">Antwoord van minister <naam><achternaam>'
    "Testpersoon</achternaam></naam> (Testzaken) (ontvangen "
    '<datum isodatum="{received}">{received}</datum>).</kamervraagomschrijving>'
)
_TAIL = "</kamervragen></officiele-publicatie>\n"


def zaak_number(i: int, year: int = 2025) -> str:
    return f"{year}Z{i:05d}"


def questions_xml(
    zaak: str, n: int = 2, *, submitted: str = "2025-03-01", subject: str = ""
) -> bytes:
    """A kv-tk document with ``n`` fictional questions."""
    subject = subject or f"het fictieve onderwerp {zaak}"
    body = "".join(
        f'<vraag><nr status="officieel">Vraag {q}</nr><al>Fictieve vraag {q} over '
        f"{escape(subject)}? (FICTIEF voorbeeld voor kvtui)</al></vraag>"
        for q in range(1, n + 1)
    )
    head = _HEAD.format(
        id=f"kv-tk-{zaak}", zaak=zaak, member="Voorbeeld", subject=escape(subject),
        submitted=submitted,
    )  # fmt: skip
    return (head + body + _TAIL).encode()


def answer_id(i: int) -> str:
    return f"ah-tk-20252026-{i}"


def answer_xml(
    zaak: str,
    ah_id: str,
    n: int = 2,
    *,
    submitted: str = "2025-03-01",
    received: str = "2025-04-01",
    answer_text: str = "Fictief antwoord",
) -> bytes:
    """An ah-tk answer that repeats the ``n`` questions and answers each."""
    subject = f"het fictieve onderwerp {zaak}"
    body = "".join(
        f'<vraag><nr status="officieel">Vraag {q}</nr><al>Fictieve vraag {q} over '
        f"{escape(subject)}? (FICTIEF voorbeeld voor kvtui)</al></vraag>"
        f'<antwoord><nr status="officieel">Antwoord {q}</nr><al>{escape(answer_text)} {q}.'
        "</al></antwoord>"
        for q in range(1, n + 1)
    )
    head = _HEAD.format(
        id=ah_id, zaak=zaak, member="Voorbeeld", subject=escape(subject), submitted=submitted
    )
    return (head + _ANSWER_DESC.format(received=received) + body + _TAIL).encode()


def write_set(directory: Path, i: int, *, answered: bool = True) -> tuple[str, list[Path]]:
    """Write one fictional set's files into ``directory``; returns (zaak, paths)."""
    zaak = zaak_number(i)
    paths = [directory / f"kv-tk-{zaak}.xml"]
    paths[0].write_bytes(questions_xml(zaak))
    if answered:
        p = directory / f"{answer_id(i)}.xml"
        p.write_bytes(answer_xml(zaak, answer_id(i)))
        paths.append(p)
    return zaak, paths


def hand_built(
    number: str = "2025Z00001",
    *,
    status: Status = Status.ANSWERED,
    title: str = "Een fictieve vraag over testen",
    submitted: dt.date | None = dt.date(2025, 3, 1),
    answered: dt.date | None = dt.date(2025, 4, 1),
    submitter: str = "Fien Voorbeeld",
    party: str = "Fictief",
    answerer: str = "Mr. Test",
    role: str = "minister van Testzaken",
    topics: tuple[str, ...] = ("Testen | Voorbeelden",),
    notices: tuple[Notice, ...] = (),
    question_text: str = "Kent u het fictieve bericht? (FICTIEF voorbeeld voor kvtui)",
    answer_text: str | None = "Ja, dat fictieve bericht ken ik.",
) -> Kamervraag:
    """A Kamervraag built by hand, for tests of the store and renderers alone."""
    days = (answered - submitted).days if answered and submitted else None
    qid, aid = f"kv-tk-{number}", "ah-tk-20242025-1" + number[-3:]
    return Kamervraag(
        number=number,
        title=title,
        status=status,
        submitted=submitted,
        answered=answered if status is Status.ANSWERED else None,
        days_to_answer=days if status is Status.ANSWERED else None,
        submitters=[Person(submitter, party)],
        answered_by=[Person(answerer, "Testpartij", role)],
        topics=list(topics),
        sources=Sources(qid, aid, koop_url(qid), koop_url(aid)),
        questions=[
            Question(
                1,
                question_text,
                answer_text,
                footnotes=[
                    Footnote(1, "Fictieve krant, 1 maart 2025", "https://example.invalid/a")
                ],
            ),
            Question(2, "Tweede fictieve vraag?", "Tweede fictief antwoord."),
        ],
        notices=list(notices),
        ids=[number, qid, aid],
        answer_title="Antwoord op fictieve vragen",
    )


def combined_and_unmatched() -> Kamervraag:
    """Combined answer (5, 6), an unmatched answer, a nader antwoord and loose text."""
    kv = hand_built("2025Z00099")
    kv.questions = [
        Question(5, "Vraag vijf (FICTIEF)?", "Samen antwoord op vijf en zes.", label="Vraag 5"),
        Question(6, "Vraag zes (FICTIEF)?", None, answer_ref=5),
        Question(9, None, "Een antwoord zonder vraag.", label="Antwoord 9"),
    ]
    kv.further_answers = [
        FurtherAnswer(
            "ah-tk-20252026-77", dt.date(2025, 6, 1), [Question(5, "Vraag vijf?", "Nader.")]
        )
    ]
    kv.loose_text = ["Losse fictieve tekst zonder structuur."]
    return kv


def fill(cache: Cache, sets: Iterable[Kamervraag]) -> None:
    """Write hand-built sets straight into ``cache``'s index, in one transaction: the
    store's own write path without files or parsers."""
    with transaction(cache._conn()) as conn:
        for kamervraag in sets:
            index.upsert(conn, kamervraag, kamervraag.number)


def cache_with(root: Path, sets: Iterable[Kamervraag]) -> Path:
    """A cache at ``root`` whose index holds ``sets`` (closed again; returns ``root``)."""
    cache = Cache(root, today=TODAY)
    fill(cache, sets)
    cache.close()
    return root


def run_main(capsys, monkeypatch, *args: str, today: dt.date = TODAY) -> tuple[int, str, str]:
    """``kvtui *args`` in this process on the day ``today`` (as ``KVTUI_TODAY`` sets it):
    the exit code and what this call alone wrote to stdout and stderr."""
    from kvtui.cli import main

    monkeypatch.setenv("KVTUI_TODAY", today.isoformat())
    capsys.readouterr()
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def indexed_sample(root: Path, *, today: dt.date | None = TODAY) -> Path:
    """The repository's sample cache (``cache/sources``: fictional sets in every state)
    copied to ``root`` and indexed afresh, on the day ``today`` (None: the real one).
    Skips the test where the sample is absent."""
    if not SAMPLE.is_dir():
        pytest.skip("the sample cache is not there")
    shutil.copytree(SAMPLE, root / "sources")
    with Cache(root, today=today) as cache:
        cache.reindex()
    return root


def load_generator() -> ModuleType:
    """``benchmarks/generate_cache.py`` as a module (benchmarks is not a package),
    registered under its name where none is yet, as an import would."""
    spec = importlib.util.spec_from_file_location(
        "generate_cache", REPO / "benchmarks" / "generate_cache.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate_cache", module)
    spec.loader.exec_module(module)
    return module
