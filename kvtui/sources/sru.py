"""SRU search at repository.overheid.nl: find KOOP ids when the Kamer cannot tell us.

Used when TK is down, when a TK document carries no KOOP id, and to find a document's
``itemUrl`` when ``{id}.xml`` is missing. Query values are validated ids, so the CQL
cannot be bent by input.
"""

from __future__ import annotations

from typing import Any

from kvtui.numbers import is_safe_id
from kvtui.sources import validate
from kvtui.sources.http import HttpClient

SERVICE = "repository.overheid.nl (SRU)"
PRODUCT_AREA = "c.product-area==officielepublicaties"
PAGE_SIZE = 50
MAX_PAGES = 4


class SruClient:
    def __init__(self, http: HttpClient, base_url: str | None = None) -> None:
        self.http = http
        self.base = (base_url or http.config.sru_url).rstrip("/")

    async def search(self, cql: str) -> list[Any]:
        """All records (``SruRecord``) for a query, following ``nextRecordPosition``."""
        records: list[Any] = []
        start = 1
        for _ in range(MAX_PAGES):
            resp = await self.http.get(
                self.base,
                service=SERVICE,
                params={
                    "operation": "searchRetrieve",
                    "version": "2.0",
                    "recordSchema": "gzd",
                    "startRecord": str(start),
                    "maximumRecords": str(PAGE_SIZE),
                    "query": cql,
                },
                accept="application/xml",
            )
            result = validate.sru(resp.content, SERVICE)
            records.extend(result.records)
            if not result.next_record or result.next_record <= start or not result.records:
                break
            start = result.next_record
        return records

    async def by_vraagnummer(self, zaak_number: str) -> list[Any]:
        return await self.search(f"{PRODUCT_AREA} AND w.vraagnummer=={_checked(zaak_number)}")

    async def by_identifier(self, doc_id: str) -> list[Any]:
        return await self.search(f"{PRODUCT_AREA} AND dt.identifier=={_checked(doc_id)}")


def _checked(value: str) -> str:
    if not is_safe_id(value):
        raise ValueError(f"unsafe SRU value {value!r}")
    return value
