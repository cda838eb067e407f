"""A real HTTP server on 127.0.0.1 that plays Tweede Kamer OData, KOOP and SRU.

Routes (each service under its own prefix, so tests point ``KVTUI_TK_URL`` at ``/tk``,
``KVTUI_KOOP_URL`` at ``/koop`` and ``KVTUI_SRU_URL`` at ``/sru``):

- ``/tk/Zaak?$filter=Nummer eq '…'`` (route ``tk:zaak``), the period listing
  ``/tk/Zaak?$filter=Soort eq …`` (``tk:list``, paged with ``@odata.nextLink``),
  ``state.next_base`` sends its next links to another host, ``state.broken_pages``
  makes chosen pages answer 503;
  ``/tk/Document?$filter=DocumentNummer eq '…'`` (``tk:document``);
- ``/koop/{id}.xml`` (``koop:xml:{id}``), ``/koop/{id}/metadata.xml`` (``koop:meta:{id}``),
  ``/koop/{id}.html`` (``koop:html:{id}``), ``/koop/Errors/404.htm`` (the error page);
- ``/koop/{id}`` (``koop:page:{id}``): the document's page; a renamed document's old id
  (``Doc.renamed_from``) redirects from here to its new id, its other routes are 404;
- ``/sru`` (``sru``) answering ``w.vraagnummer==…`` and ``dt.identifier==…``; the switch
  ``state.sru_vraagnummer`` makes it reject, ignore or flood the vraagnummer clause.

Faults are switched per route prefix (``server.fault("koop:xml", "503")``): latency, hang,
reset, 429 with Retry-After, 500/503, truncated body, error page as 200 (a redirect to
``/koop/Errors/404.htm``), invalid XML and HTML-instead-of-XML; ``times=N`` limits a
fault to the first N matching requests. Hostile answers for issue 9: a redirect to any
``location``, a given ``body`` with any ``Content-Encoding``, a body dripping one byte at
a time. Every answer carries an ETag and a Last-Modified
that moves on when a path's body changes, and honours If-None-Match (or, without it,
If-Modified-Since) with a 304. The server counts requests in flight and logs each request.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re
import socket
import struct
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from . import world

FIRST_MODIFIED = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
ERROR_PAGE = (
    b"<!DOCTYPE html><html><head><title>Pagina niet gevonden</title></head>"
    b"<body><h1>404 - Pagina niet gevonden</h1><p>FICTIEF voorbeeld voor kvtui</p></body></html>"
)
REJECTED = "Unsupported index: w.vraagnummer (FICTIEF)"
IGNORED = "Query clause w.vraagnummer ignored (FICTIEF)"
INVALID_XML = b'<?xml version="1.0"?>\n<officiele-publicatie><kamervragen><vraag>half'


@dataclass
class Fault:
    kind: str  # latency|hang|reset|429|500|503|truncate|errorpage|invalid|html|404
    #          redirect|body|drip (issue 9)
    times: int | None = None  # None: always
    seconds: float = 0.0  # latency / hang duration; Retry-After for 429
    retry_after: str | None = None  # raw Retry-After header value for 429
    # Hostile answers (issue 9): "redirect" to ``location``; "body" serves ``body`` as
    # given (with ``encoding`` as its Content-Encoding, already applied by the test);
    # "drip" sends the route's real body one byte every ``seconds``.
    location: str | None = None
    body: bytes | None = None
    encoding: str | None = None


@dataclass
class LoggedRequest:
    route: str
    path: str
    headers: dict[str, str]
    status: int = 0


@dataclass
class FakeState:
    sets: dict[str, world.Set] = field(default_factory=dict)
    seed_dir: Path | None = None
    latency: float = 0.0
    page_size: int = 250
    faults: list[tuple[str, Fault]] = field(default_factory=list)
    log: list[LoggedRequest] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)
    unpublished: set[str] = field(default_factory=set)  # KOOP ids answered with 404
    drop_orderby: bool = False  # next links without $orderby (kvtui must add it back)
    # The listing's next links point at this base instead of the server itself (another
    # host: kvtui must refuse to follow), and listing pages (0-based, by $skiptoken) that
    # answer 503 for their first N requests (a page that fails once, or always).
    next_base: str | None = None
    broken_pages: dict[int, int] = field(default_factory=dict)
    # How SRU treats w.vraagnummer: "use" it; "reject" it (a 200 with diagnostics only);
    # "ignore" it (every record it has, with a diagnostic beside them, as KOOP does for
    # clauses it cannot use); "ignore-silently" (every record, no diagnostic); "flood"
    # (claims thousands of records).
    sru_vraagnummer: str = "use"
    modified: dict[str, tuple[str, dt.datetime]] = field(default_factory=dict)  # path → etag, when

    def last_modified(self, path: str, etag: str) -> dt.datetime:
        """When this path's body last changed: a new body is a day later than any before."""
        with self.lock:
            held = self.modified.get(path)
            if held is None or held[0] != etag:
                latest = max((t for _, t in self.modified.values()), default=FIRST_MODIFIED)
                when = latest + dt.timedelta(days=1) if held else FIRST_MODIFIED
                self.modified[path] = (etag, when)
            return self.modified[path][1]


# A client that hangs up is part of what the fault tests do (timeouts, cancelled syncs,
# killed processes): the server meets it between requests too, where ``do_GET`` cannot
# catch it, and ``socketserver`` would print its traceback to stderr.
HUNG_UP = (BrokenPipeError, ConnectionResetError)


class _QuietServer(ThreadingHTTPServer):
    """A threading server that says nothing when a client hangs up, and shows the rest."""

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], HUNG_UP):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class FakeServices:
    """Start with ``with FakeServices(sets) as fake:``; ``fake.env`` holds the three URLs."""

    def __init__(self, sets: list[world.Set] | None = None, *, seed_dir: Path | None = None):
        self.state = FakeState(seed_dir=seed_dir)
        for s in sets if sets is not None else world.fictional_sets():
            self.state.sets[s.number] = s
        self.httpd = _QuietServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.state = self.state  # type: ignore[attr-defined]
        self.thread: threading.Thread | None = None

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def env(self) -> dict[str, str]:
        return {
            "KVTUI_TK_URL": f"{self.base}/tk",
            "KVTUI_KOOP_URL": f"{self.base}/koop",
            "KVTUI_SRU_URL": f"{self.base}/sru",
        }

    def start(self) -> FakeServices:
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()
        return self

    def stop(self) -> None:
        self.state.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        if self.thread:
            self.thread.join(timeout=5)

    def __enter__(self) -> FakeServices:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- switches ---------------------------------------------------------------------

    def fault(
        self,
        route: str,
        kind: str,
        *,
        times: int | None = None,
        seconds: float = 0.0,
        retry_after: str | None = None,
        location: str | None = None,
        body: bytes | None = None,
        encoding: str | None = None,
    ) -> None:
        fault = Fault(kind, times, seconds, retry_after, location, body, encoding)
        with self.state.lock:
            self.state.faults.append((route, fault))

    def clear_faults(self) -> None:
        with self.state.lock:
            self.state.faults.clear()

    def set_latency(self, seconds: float) -> None:
        self.state.latency = seconds

    @property
    def log(self) -> list[LoggedRequest]:
        return self.state.log

    @property
    def max_in_flight(self) -> int:
        return self.state.max_in_flight

    def routes(self) -> list[str]:
        return [r.route for r in self.state.log]


# ---------------------------------------------------------------------------------------


_NUMMER = re.compile(r"Nummer eq '([^']*)'")
_DOCNR = re.compile(r"DocumentNummer eq '([^']*)'")
_GE = re.compile(r"GestartOp ge (\S+)")
_LT = re.compile(r"GestartOp lt (\S+)")


def _only_expanded(body: bytes, expand: str) -> bytes:
    """A listing without the related entities ``$expand`` did not ask for."""
    import json

    doc = json.loads(body)
    for zaak in doc["value"]:
        for nav, inner in (("ZaakActor", "Persoon"), ("Document", "DocumentVersie")):
            if nav not in expand:
                zaak.pop(nav, None)
            elif inner not in expand:
                for child in zaak.get(nav, []):
                    child.pop(inner, None)
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else headers and body stall on delayed ACKs (40 ms)
    server_version = "FakeOverheid/1.0"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    @property
    def st(self) -> FakeState:
        return self.server.state  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        st = self.st
        with st.lock:
            st.in_flight += 1
            st.max_in_flight = max(st.max_in_flight, st.in_flight)
        try:
            self._get()
        except HUNG_UP:
            pass
        finally:
            with st.lock:
                st.in_flight -= 1

    # -- routing ------------------------------------------------------------------------

    def _get(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        route, producer = self._route(parts.path, query)
        entry = LoggedRequest(route, self.path, {k.lower(): v for k, v in self.headers.items()})
        with self.st.lock:
            self.st.log.append(entry)
        if self.st.latency:
            time.sleep(self.st.latency)
        if route == "tk:list" and self._broken_page(query.get("$skiptoken")):
            self._send(entry, 503, b"page unavailable (FICTIEF)", "text/plain")
            return
        fault = self._take_fault(route)
        if fault is not None and self._apply_fault(fault, entry):
            return
        if producer is None:
            self._send(entry, 404, b"not found", "text/plain")
            return
        body, ctype = producer()
        if isinstance(body, tuple) and body[0] == "moved":
            entry.status = 301
            self.send_response(301)
            self.send_header("Location", f"/koop/{body[1]}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if body is None:
            self._send(entry, 404, b"not found", "text/plain")
            return
        if fault is not None and fault.kind == "invalid":
            body = INVALID_XML if b"<" in body[:200] else b'{"value": [ {"Nummer": '
        elif fault is not None and fault.kind == "html":
            body, ctype = ERROR_PAGE, "text/html"
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        stamp = self.st.last_modified(self.path, etag)
        if fault is not None and fault.kind == "drip":
            self._drip(entry, body, ctype, fault.seconds or 1.0)
            return
        if fault is not None and fault.kind == "truncate":
            self._send(entry, 200, body, ctype, etag=etag, modified=stamp, truncate=True)
            return
        if self._unchanged(etag, stamp):
            self._send(entry, 304, b"", ctype, etag=etag, modified=stamp)
            return
        self._send(entry, 200, body, ctype, etag=etag, modified=stamp)

    def _broken_page(self, skiptoken: str | None) -> bool:
        st = self.st
        page = int(skiptoken or 0) // max(1, st.page_size)
        with st.lock:
            left = st.broken_pages.get(page, 0)
            if left > 0:
                st.broken_pages[page] = left - 1
            return left > 0

    def _unchanged(self, etag: str, stamp: dt.datetime) -> bool:
        """RFC 9110 §13.2.2: If-None-Match decides when sent; If-Modified-Since otherwise."""
        match = self.headers.get("If-None-Match")
        if match is not None:
            return match == etag
        since = self.headers.get("If-Modified-Since")
        if since is None:
            return False
        try:
            when = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False  # an unreadable date is ignored, as the RFC says
        return when.tzinfo is not None and stamp <= when

    def _route(self, path: str, q: dict[str, str]):
        st = self.st
        base = f"http://{self.headers.get('Host', '127.0.0.1')}"
        if path == "/tk/Zaak":
            flt = q.get("$filter", "")
            if m := _NUMMER.search(flt):
                nr = m[1]
                return "tk:zaak", lambda: self._zaak(nr, base)
            if "GestartOp" in flt:
                order = q.get("$orderby")
                expand = q.get("$expand")
                return "tk:list", lambda: self._listing(
                    flt, q.get("$skiptoken"), base, order, expand
                )
            return "tk:zaak", None
        if path == "/tk/Document":
            m = _DOCNR.search(q.get("$filter", ""))
            nr = m[1] if m else ""
            return "tk:document", lambda: self._document(nr, base)
        if path == "/sru":
            return "sru", lambda: self._sru(q, base)
        if path == "/koop/Errors/404.htm":
            return "koop:errorpage", lambda: (ERROR_PAGE, "text/html")
        if m := re.fullmatch(r"/koop/([A-Za-z0-9-]+)/metadata\.xml", path):
            doc_id = m[1]
            return f"koop:meta:{doc_id}", lambda: self._koop(doc_id, "meta")
        if m := re.fullmatch(r"/koop/([A-Za-z0-9-]+)\.(xml|html)", path):
            doc_id, ext = m[1], m[2]
            return f"koop:{ext}:{doc_id}", lambda: self._koop(doc_id, ext)
        if m := re.fullmatch(r"/koop/([A-Za-z0-9-]+)", path):
            doc_id = m[1]  # the document's own page; a renamed id redirects from here
            return f"koop:page:{doc_id}", lambda: self._koop(doc_id, "page")
        del st
        return "unknown", None

    # -- producers ----------------------------------------------------------------------

    def _seed(self, name: str) -> bytes | None:
        d = self.st.seed_dir
        if d is None:
            return None
        p = d / name
        return p.read_bytes() if p.is_file() else None

    def _zaak(self, nr: str, base: str):
        seeded = self._seed(f"zaak-{nr}.json")
        if seeded is not None:
            return seeded, "application/json"
        s = self.st.sets.get(nr)
        return world.zaak_json([s] if s else [], f"{base}/tk"), "application/json"

    def _listing(
        self,
        flt: str,
        skiptoken: str | None,
        base: str,
        order: str | None = None,
        expand: str | None = None,
    ):
        """One page of a period, as OData serves it: in the order asked for (GestartOp,
        then Nummer), related entities only as far as ``$expand`` asked, and a next
        link that repeats the query options of this request."""
        ge = (_GE.search(flt)[1] if _GE.search(flt) else "0000")[:10]
        lt = (_LT.search(flt)[1] if _LT.search(flt) else "9999")[:10]
        # (GestartOp day, Nummer, entity) of every zaak in the period, seeded ones too
        chosen = [
            (s.submitted, s.number, world.zaak_entity(s))
            for s in self.st.sets.values()
            if ge <= s.submitted < lt
        ]
        chosen += [z for z in self._seeded_zaken() if ge <= z[0] < lt]
        by_date = bool(order and "GestartOp" in order)
        chosen.sort(key=lambda z: (z[0], z[1]) if by_date else z[1])
        start = int(skiptoken or 0)
        page = [entity for _, _, entity in chosen[start : start + self.st.page_size]]
        nxt = None
        if start + self.st.page_size < len(chosen):
            from urllib.parse import quote

            nxt = f"{self.st.next_base or base}/tk/Zaak?$filter={quote(flt)}"
            if expand:
                nxt += f"&$expand={quote(expand)}"
            nxt += f"&$skiptoken={start + self.st.page_size}"
            if order and not self.st.drop_orderby:  # OData keeps the query options
                nxt += f"&$orderby={quote(order)}"
        body = world.entities_json(page, f"{base}/tk", nxt)
        if expand != world.EXPAND:
            body = _only_expanded(body, expand or "")
        return body, "application/json"

    def _seeded_zaken(self) -> list[tuple[str, str, dict]]:
        """The zaken of the seed folder's ``zaak-*.json`` files, for the listing."""
        import json

        d = self.st.seed_dir
        out: list[tuple[str, str, dict]] = []
        for path in sorted(d.glob("zaak-*.json")) if d is not None else []:
            for entity in json.loads(path.read_bytes()).get("value", []):
                out.append((str(entity.get("GestartOp"))[:10], str(entity.get("Nummer")), entity))
        return out

    def _document(self, nr: str, base: str):
        for s in self.st.sets.values():
            for d in s.docs:
                if d.doc_number == nr and not d.deleted:
                    return world.document_json(s, d, f"{base}/tk"), "application/json"
        return b'{"value": []}', "application/json"

    def _find(self, doc_id: str):
        for s in self.st.sets.values():
            for d in s.docs:
                if d.koop_id == doc_id and not d.deleted:
                    return s, d
        return None, None

    def _koop(self, doc_id: str, kind: str):
        if doc_id in self.st.unpublished:
            return None, ""
        new_id = self._renamed(doc_id)
        if new_id is not None:  # old html and metadata are gone; the page moved
            if kind == "page":
                return ("moved", new_id), ""
            s, d = self._find(new_id)
            if kind == "xml" and s is not None and d is not None and d.old_text_kept:
                return world.koop_xml(s, d), "application/xml"
            return None, ""
        kind = "html" if kind == "page" else kind
        name = {"xml": f"{doc_id}.xml", "meta": f"{doc_id}.metadata.xml", "html": None}[kind]
        if name:
            seeded = self._seed(name)
            if seeded is not None:
                return seeded, "application/xml"
        s, d = self._find(doc_id)
        if s is None or d is None:
            return None, ""
        if kind == "xml":
            return (None, "") if d.html_only else (world.koop_xml(s, d), "application/xml")
        if kind == "meta":
            return world.metadata_xml(s, d), "application/xml"
        return world.koop_html(s, d), "text/html"

    def _renamed(self, doc_id: str) -> str | None:
        for s in self.st.sets.values():
            for d in s.docs:
                if d.renamed_from == doc_id and d.koop_id:
                    return d.koop_id
        return None

    def _sru(self, q: dict[str, str], base: str):
        cql = q.get("query", "")
        found: list[tuple[world.Set, world.Doc]] = []
        mode = self.st.sru_vraagnummer
        if (m := re.search(r"w\.vraagnummer==(\S+)", cql)) and mode != "use":
            everything = [
                (s, d)
                for s in self.st.sets.values()
                for d in s.docs
                if d.koop_id and d.in_sru and not d.deleted
            ]
            if mode == "reject":
                return world.sru_response([], base, diagnostics=(REJECTED,)), "application/xml"
            if mode == "flood":
                return world.sru_response(everything[:50], base, total=48213), "application/xml"
            diag = (IGNORED,) if mode == "ignore" else ()
            return world.sru_response(everything, base, diagnostics=diag), "application/xml"
        if m := re.search(r"w\.vraagnummer==(\S+)", cql):
            s = self.st.sets.get(m[1])
            if s:
                found = [(s, d) for d in s.docs if d.koop_id and d.in_sru and not d.deleted]
        elif m := re.search(r"dt\.identifier==(\S+)", cql):
            s, d = self._find(m[1])
            if s and d and d.in_sru:
                found = [(s, d)]
        return world.sru_response(found, base), "application/xml"

    # -- faults ---------------------------------------------------------------------------

    def _take_fault(self, route: str) -> Fault | None:
        with self.st.lock:
            for prefix, f in self.st.faults:
                if (
                    route == prefix
                    or route.startswith(prefix + ":")
                    or (prefix.endswith("*") and route.startswith(prefix[:-1]))
                ):
                    if f.times is not None:
                        if f.times <= 0:
                            continue
                        f.times -= 1
                    return f
        return None

    def _apply_fault(self, f: Fault, entry: LoggedRequest) -> bool:
        """Act out the fault; True when the answer has been given (or withheld)."""
        if f.kind == "latency":
            time.sleep(f.seconds)
            return False
        if f.kind == "hang":
            self.st.stopping.wait(f.seconds or 30)
            self.close_connection = True
            return True
        if f.kind == "reset":
            entry.status = -1
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            return True
        if f.kind == "429":
            headers = {"Retry-After": f.retry_after} if f.retry_after is not None else {}
            self._send(entry, 429, b"too many requests", "text/plain", extra=headers)
            return True
        if f.kind in ("500", "503", "404", "400"):
            self._send(entry, int(f.kind), b"fault", "text/plain")
            return True
        if f.kind == "redirect":
            entry.status = 302
            self.send_response(302)
            self.send_header("Location", f.location or "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return True
        if f.kind == "body":
            extra = {"Content-Encoding": f.encoding} if f.encoding else {}
            self._send(entry, 200, f.body or b"", "application/xml", extra=extra)
            return True
        if f.kind == "errorpage":
            entry.status = 302
            self.send_response(302)
            self.send_header("Location", "/koop/Errors/404.htm")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return True
        return False  # invalid / html / truncate: applied to the body later

    def _drip(self, entry: LoggedRequest, body: bytes, ctype: str, every: float) -> None:
        """Headers at once, then the body one byte every ``every`` seconds."""
        entry.status = 200
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.flush()
        for i in range(len(body)):
            if self.st.stopping.wait(every):
                break
            self.wfile.write(body[i : i + 1])
            self.wfile.flush()
        self.close_connection = True

    def _send(
        self,
        entry: LoggedRequest,
        status: int,
        body: bytes,
        ctype: str,
        *,
        etag: str | None = None,
        modified: dt.datetime | None = None,
        truncate: bool = False,
        extra: dict[str, str] | None = None,
    ) -> None:
        entry.status = status
        self.send_response(status)
        self.send_header("Content-Type", ctype or "application/octet-stream")
        if etag:
            self.send_header("ETag", etag)
        if modified:
            self.send_header("Last-Modified", email.utils.format_datetime(modified, usegmt=True))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        if status == 304:
            self.end_headers()
            return
        self.send_header("Content-Length", str(len(body) + (1000 if truncate else 0)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2] if truncate else body)
        self.wfile.flush()
        if truncate:
            self.close_connection = True
