"""Tweede Kamer open data (OData v4): the zaak behind a number, with people and documents.

One request per zaak carries everything kvtui needs from the Kamer (an OData ``$expand``):
actors with their Persoon (for full names) and documents with their versions (for the
KOOP ids). Paging follows ``@odata.nextLink``, but only back to the same service, so a
bad page cannot send kvtui to another host.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from urllib.parse import parse_qsl, urlencode, urlsplit

from kvtui.numbers import is_safe_id
from kvtui.services import validate
from kvtui.services.errors import BadPayload
from kvtui.services.http import HttpClient, Response, Validators

SERVICE = "Tweede Kamer open data"
EXPAND = "ZaakActor($expand=Persoon),Document($expand=DocumentVersie)"
SOORT_VRAGEN = "Schriftelijke vragen"
ORDER_BY = "GestartOp,Nummer"
MAX_PAGES = 400  # 250 zaken a page: far beyond any real period, but never endless
_ACCEPT = "application/json"


class TkClient:
    def __init__(self, http: HttpClient, base_url: str | None = None) -> None:
        self.http = http
        self.base = (base_url or http.config.tk_url).rstrip("/")

    def zaak_url(self) -> str:
        return f"{self.base}/Zaak"

    def zaak_params(self, number: str) -> dict[str, str]:
        if not is_safe_id(number):
            raise ValueError(f"unsafe zaak number {number!r}")
        return {
            "$filter": f"Nummer eq '{number}' and Verwijderd eq false",
            "$expand": EXPAND,
        }

    async def zaak(self, number: str, validators: Validators | None = None) -> Response:
        """The raw JSON of the zaak (validated by the caller, who also keeps the bytes)."""
        return await self.http.get(
            self.zaak_url(),
            service=SERVICE,
            params=self.zaak_params(number),
            accept=_ACCEPT,
            validators=validators,
        )

    async def zaak_numbers_for_document(self, document_number: str) -> list[str]:
        """A TK document number (``2020D25948``) → the zaak numbers it belongs to."""
        if not is_safe_id(document_number):
            raise ValueError(f"unsafe document number {document_number!r}")
        resp = await self.http.get(
            f"{self.base}/Document",
            service=SERVICE,
            params={
                "$filter": f"DocumentNummer eq '{document_number}' and Verwijderd eq false",
                "$expand": "Zaak",
            },
            accept=_ACCEPT,
        )
        return validate.document_json(resp.content, SERVICE)

    async def zaken_started(
        self, since: dt.date, until: dt.date | None
    ) -> AsyncIterator[tuple[str, bytes]]:
        """Every Schriftelijke-vragen zaak started in [since, until], one JSON per zaak.

        Each zaak is yielded as ``{"@odata.context": …, "value": [zaak]}`` – the entity
        exactly as the page held it, so it reads like a by-number answer and needs no
        second request.
        """
        flt = f"Soort eq '{SOORT_VRAGEN}' and GestartOp ge {_instant(since)}"
        if until is not None:
            flt += f" and GestartOp lt {_instant(until + dt.timedelta(days=1))}"
        flt += " and Verwijderd eq false"
        url: str | None = f"{self.base}/Zaak"
        # A total order (tkapi orders by GestartOp; Nummer breaks ties), so that a page
        # boundary cannot move between two requests and skip or repeat a zaak.
        params: dict[str, str] | None = {
            "$filter": flt,
            "$expand": EXPAND,
            "$orderby": ORDER_BY,
        }
        for _ in range(MAX_PAGES):
            if url is None:
                return
            resp = await self.http.get(url, service=SERVICE, params=params, accept=_ACCEPT)
            for number, data in split_zaak_page(resp.content):
                yield number, data
            url, params = self._next(resp.content), None
        raise BadPayload(SERVICE, f"more than {MAX_PAGES} pages")

    def _next(self, page: bytes) -> str | None:
        link = validate.next_link(page)
        if not link:
            return None
        mine, theirs = urlsplit(self.base), urlsplit(link)
        if (theirs.scheme, theirs.netloc) != (mine.scheme, mine.netloc):
            raise BadPayload(SERVICE, "next page link points to another server")
        if "$orderby" not in {k for k, _ in parse_qsl(theirs.query)}:
            # Every page is asked in the same order, even if a server drops it from the link.
            sep = "&" if theirs.query else "?"
            link += f"{sep}{urlencode({'$orderby': ORDER_BY})}"
        return link


def split_zaak_page(page: bytes) -> list[tuple[str, bytes]]:
    """Cut a page of zaken into one by-number-shaped JSON document per zaak."""
    from kvtui.parse.errors import BadDocument
    from kvtui.parse.odata import load_json

    try:
        doc = load_json(page)  # refuses non-JSON and nesting too deep in one line
    except BadDocument as exc:
        detail = "invalid JSON" if str(exc).startswith("not JSON") else str(exc)[:80]
        raise BadPayload(SERVICE, detail) from None
    if not isinstance(doc.get("value"), list):
        raise BadPayload(SERVICE, "not an OData collection")
    context = doc.get("@odata.context")
    out: list[tuple[str, bytes]] = []
    for entity in doc["value"]:
        if not isinstance(entity, dict) or entity.get("Verwijderd") is True:
            continue
        number = entity.get("Nummer")
        if not isinstance(number, str) or not is_safe_id(number):
            continue
        one = {"@odata.context": context, "value": [entity]} if context else {"value": [entity]}
        out.append((number, json.dumps(one, ensure_ascii=False, indent=2).encode("utf-8")))
    return out


def _instant(day: dt.date) -> str:
    """Midnight in Dutch time as an OData DateTimeOffset literal."""
    try:
        from zoneinfo import ZoneInfo

        moment = dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo("Europe/Amsterdam"))
    except Exception:  # no tz database: UTC is a day boundary that is at most 2 h off
        moment = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    return moment.isoformat()
