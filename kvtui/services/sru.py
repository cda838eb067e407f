"""SRU search at repository.overheid.nl: find KOOP ids when the Kamer cannot tell us.

Used when TK is down, when a TK document carries no KOOP id, and to find a document's
``itemUrl`` when ``{id}.xml`` is missing. Query values are validated ids, so the CQL
cannot be bent by input.

A search by vraagnummer is unproven (issue 14): no known client queries ``w.vraagnummer``,
and a server that cannot use a clause either rejects it (a 200 holding ``<diagnostics>``)
or ignores it, answering with all of ``officielepublicaties`` and a diagnostic beside the
records. Both, and an answer too large to be one Kamervraag, raise ``CannotAnswer``: the
caller falls back to its other routes instead of failing the set or taking strangers in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kvtui.numbers import is_safe_id
from kvtui.services.http import HttpClient
from kvtui.services.validate import _bad
from kvtui.whitespace import fold_all

SERVICE = "repository.overheid.nl (SRU)"
PRODUCT_AREA = "c.product-area==officielepublicaties"
PAGE_SIZE = 50
MAX_PAGES = 4
# One Kamervraag has its questions, an answer, a few notices, a further answer and a
# reprint or two; more records than this for one vraagnummer means the clause was not used.
MAX_SET_RECORDS = 30


class CannotAnswer(Exception):
    """SRU cannot answer this query; ``reason`` says why, in one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(slots=True)
class SruAnswer:
    records: list[Any] = field(default_factory=list)  # SruRecord
    diagnostics: list[str] = field(default_factory=list)
    total: int | None = None  # numberOfRecords of the first page


class SruClient:
    def __init__(self, http: HttpClient, base_url: str | None = None) -> None:
        self.http = http
        self.base = (base_url or http.config.sru_url).rstrip("/")

    async def query(self, cql: str, *, pages: int = MAX_PAGES) -> SruAnswer:
        """Records, diagnostics and total of a query, following ``nextRecordPosition``."""
        from kvtui.parse.errors import BadDocument
        from kvtui.parse.kinds import KINDS, SourceType
        from kvtui.parse.sru import SruDiagnostics

        answer = SruAnswer()
        start = 1
        for page in range(pages):
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
            try:
                result = KINDS[SourceType.SRU].read(resp.content, None).sru
            except SruDiagnostics as exc:
                answer.diagnostics.append(_one_line(str(exc)))
                break
            except BadDocument as exc:
                raise _bad(SERVICE, exc) from None
            if page == 0:
                answer.total = result.number_of_records
            answer.records.extend(result.records)
            answer.diagnostics.extend(_one_line(d) for d in result.diagnostics)
            if not result.next_record or result.next_record <= start or not result.records:
                break
            start = result.next_record
        return answer

    async def search(self, cql: str) -> list[Any]:
        """All records (``SruRecord``) for a query; diagnostics beside records ignored."""
        return (await self.query(cql)).records

    async def by_vraagnummer(self, zaak_number: str) -> list[Any]:
        """The records SRU gives for a vraagnummer, or ``CannotAnswer``.

        The caller still checks that each record belongs to the set: a server may ignore
        the clause without saying so.
        """
        cql = f"{PRODUCT_AREA} AND w.vraagnummer=={_checked(zaak_number)}"
        answer = await self.query(cql, pages=1)
        if answer.diagnostics:
            raise CannotAnswer(f"SRU cannot search by vraagnummer ({answer.diagnostics[0]})")
        count = max(answer.total or 0, len(answer.records))
        if count > MAX_SET_RECORDS:
            raise CannotAnswer(f"SRU gave {count} records for one vraagnummer")
        return answer.records


def _one_line(text: str) -> str:
    text = fold_all(text)
    return text if len(text) <= 120 else text[:117] + "..."


def _checked(value: str) -> str:
    if not is_safe_id(value):
        raise ValueError(f"unsafe SRU value {value!r}")
    return value
