"""KOOP (zoek.officielebekendmakingen.nl): the texts and their metadata.

URLs are built only from ids that passed ``is_safe_id``; absolute URLs that come out of
an SRU answer are followed only to the KOOP hosts kvtui knows (or the configured ones),
so a document cannot steer kvtui to an arbitrary server.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from kvtui.numbers import is_safe_id, parse_number_or_none
from kvtui.services.errors import Refused
from kvtui.services.http import HttpClient, Response, Validators

SERVICE = "officielebekendmakingen.nl"
KNOWN_HOSTS = ("zoek.officielebekendmakingen.nl", "repository.overheid.nl")
_XML = "application/xml, text/xml;q=0.9"


class KoopClient:
    def __init__(self, http: HttpClient, base_url: str | None = None) -> None:
        self.http = http
        self.base = (base_url or http.config.koop_url).rstrip("/")

    def xml_url(self, doc_id: str) -> str:
        return f"{self.base}/{_checked(doc_id)}.xml"

    def metadata_url(self, doc_id: str) -> str:
        return f"{self.base}/{_checked(doc_id)}/metadata.xml"

    def html_url(self, doc_id: str) -> str:
        return f"{self.base}/{_checked(doc_id)}.html"

    def page_url(self, doc_id: str) -> str:
        """The document itself, whose redirect names the new id of a renamed document."""
        return f"{self.base}/{_checked(doc_id)}"

    async def renamed_id(self, doc_id: str) -> str | None:
        """The id ``doc_id`` now redirects to (openkamer's route for renamed documents).

        None when it does not move, or moves off KOOP's hosts, or to no valid KOOP id.
        """
        resp = await self.get(self.page_url(doc_id), accept="text/html, */*;q=0.5")
        if resp.url == self.page_url(doc_id) or not self.allowed(resp.url):
            return None
        last = urlsplit(resp.url).path.rstrip("/").rsplit("/", 1)[-1]
        for suffix in (".html", ".htm", ".xml"):
            last = last.removesuffix(suffix)
        number = parse_number_or_none(last, allow_url=False)
        if number is None or not number.is_koop_id or number.canonical == doc_id:
            return None
        return number.canonical

    async def get(
        self, url: str, validators: Validators | None = None, *, accept: str = _XML
    ) -> Response:
        return await self.http.get(url, service=SERVICE, accept=accept, validators=validators)

    def allowed(self, url: str) -> bool:
        """May kvtui follow this absolute URL (from an SRU record) to fetch a document?"""
        try:
            parts = urlsplit(url)
        except ValueError:
            return False
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        own = {urlsplit(u).netloc for u in (self.base, self.http.config.sru_url)}
        return parts.hostname in KNOWN_HOSTS or parts.netloc in own

    async def get_item(self, url: str, validators: Validators | None = None) -> Response:
        if not self.allowed(url):
            raise Refused(SERVICE, 403)
        return await self.get(url, validators)


def _checked(doc_id: str) -> str:
    if not is_safe_id(doc_id):
        raise ValueError(f"unsafe KOOP id {doc_id!r}")
    return doc_id
