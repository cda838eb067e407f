"""FICTIEF KOOP documents whose fields carry the text a reliability test attacks with.

The hostile-input tests each put their own text (markup, controls, invalid Unicode, a
megabyte of one word) into the same few wire shapes: a KOOP HTML page and a
``metadata_gegevens`` record. The shapes live here once; the text and the few values
a test chooses (its dates, its document type) are the arguments. Every document is
made up for kvtui's tests.
"""

from __future__ import annotations

FICTIEF = "<!-- FICTIEF voorbeeld voor kvtui -->"


def koop_html(
    doc_id: str,
    zaak: str,
    *,
    title: str,
    summaries: list[str],
    question: str,
    answer: str,
    notes: str = "",
) -> bytes:
    """A KOOP HTML page: one question, one answer, ``summaries`` as omschrijving
    paragraphs and ``notes`` (raw HTML) after the answer."""
    paragraphs = "".join(f'<p class="kamervraagomschrijving">{p}</p>' for p in summaries)
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>FICTIEF</title>'
        f'<meta name="DC.identifier" content="{doc_id}">'
        f'<meta name="DC.title" content="{title}">'
        f'<meta name="OVERHEIDop.vraagnummer" content="{zaak}"></head><body>'
        f'<div class="stuk">{FICTIEF}{paragraphs}'
        f'<div class="vraag"><h2>Vraag 1</h2><p>{question}</p></div>'
        f'<div class="antwoord"><h2>Antwoord 1</h2><p>{answer}</p></div>'
        f"{notes}</div></body></html>"
    ).encode("utf-8", "surrogatepass")


def labelled_html(
    doc_id: str, zaak: str, text: str, *, after_answer: str = "", notes: str = ""
) -> bytes:
    """``koop_html`` with ``text`` after a label in every field ("HTML-vraag …"), so a
    test can tell the fields apart in what kvtui shows."""
    return koop_html(
        doc_id,
        zaak,
        title=f"HTML-titel {text}",
        summaries=[f"Vragen van het lid X (Y) over {text}."],
        question=f"HTML-vraag {text}",
        answer=f"HTML-antwoord {text}{after_answer}",
        notes=notes,
    )


def metadata_xml(
    doc_id: str,
    zaak: str,
    text: str,
    *,
    labels: bool = True,
    submitted: str = "2098-01-05",
    kind: str = "officiële publicatie",
) -> bytes:
    """A ``metadata_gegevens`` record whose title, people and topic carry ``text``
    (after a label such as "Titel ", unless ``labels`` is False)."""

    def field(label: str) -> str:
        return f"{label} {text}" if labels else text

    rows = [
        ("DC.identifier", doc_id),
        ("DC.title", field("Titel")),
        ("DC.type", kind),
        ("OVERHEIDop.vraagnummer", zaak),
        ("OVERHEIDop.indiener", field("Indiener")),
        ("OVERHEIDop.ontvanger", field("Ontvanger")),
        ("OVERHEID.category", field("Onderwerp")),
        ("OVERHEIDop.datumIndiening", submitted),
    ]
    body = "".join(f'<metadata name="{n}" content="{v}"/>' for n, v in rows)
    return f"{FICTIEF}\n<metadata_gegevens>{body}</metadata_gegevens>\n".encode(
        "utf-8", "surrogatepass"
    )
