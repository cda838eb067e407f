"""From a number to the complete set of sources of one Kamervraag, stored in one step.

The resolution: number → zaak (Tweede Kamer) → KOOP ids
(ExterneIdentifier or constructed, SRU search, ``kv-{Alias}``, the ``OVERHEIDop.aanhangsel``
links of the questions' metadata) → text and metadata of each → every payload checked by
reading it, once, as the cache reads it → when any is new or changed, the set's payloads
with their records handed to ``cache.add_sources`` in ONE call, and only after every
request of the set went well. A failure therefore leaves the cache exactly as it was.

The one exception is degraded mode, for a set the cache does not hold yet:
if one service is down but the other answered in full (the Kamer without KOOP, or KOOP
without the Kamer), what that service said is stored so the reader can show something,
and the number is still reported as failed with the cause. A set already in the cache is
never touched by a fetch that hit a fault.

``fetch_many`` is the async implementation (the Textual UI awaits it in a worker);
``fetch_numbers`` is the synchronous wrapper the CLI uses.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, ParamSpec, TypeVar

from kvtui.cachenames import CacheKind, cache_name
from kvtui.i18n import N_, _, ngettext
from kvtui.i18n import number as grouped  # "number" names document numbers here
from kvtui.model import DocKind, Kamervraag, Status
from kvtui.numbers import (
    DocNumber,
    NumberKind,
    is_safe_id,
    lookup_key,
    parse_number,
    parse_number_or_none,
    question_id_guesses,
    spellings,
)
from kvtui.parse.kinds import KINDS, ParsedSource, SourceType
from kvtui.services import koop as koop_mod
from kvtui.services import tk as tk_mod
from kvtui.services import validate
from kvtui.services.conditional import ValidatorStore
from kvtui.services.config import MAX_DOCUMENTS_PER_SET, MAX_REQUESTS_PER_SET, ServiceConfig
from kvtui.services.errors import FetchError, NotFound, OverCap, Redirected
from kvtui.services.http import REQUEST_BUDGET, HttpClient, RequestBudget, Validators
from kvtui.services.koop import KoopClient
from kvtui.services.sru import CannotAnswer, SruClient
from kvtui.services.targets import Targets, record_belongs
from kvtui.services.tk import TkClient
from kvtui.store.interface import SourceCache

# States a fetch without --force leaves alone: nothing more will be published for them
# except a rare nader antwoord, which `refresh --all` or `--force` picks up.
FINAL_STATES = (Status.ANSWERED, Status.WITHDRAWN)

_TK_SIDE = {tk_mod.SERVICE}
_MAX_LINK_ROUNDS = 3
DEADLINE_GRACE = 2.0  # seconds a command may run past its deadline to finish storing
SETS_PER_REQUEST_SLOT = 8  # sets in progress for each request allowed in flight
P = ParamSpec("P")
T = TypeVar("T")


_EVENT_WORDS = {
    "start": N_("fetching"),
    "fetched": N_("stored"),
    "unchanged": N_("unchanged"),
    "skipped": N_("skipped"),
    "failed": N_("failed"),
    "listed": N_("listed"),
}


@dataclass(frozen=True, slots=True)
class FetchEvent:
    """One step of a fetch, for progress displays; ``str(event)`` is a human line."""

    number: str
    kind: str  # start | fetched | unchanged | skipped | failed | listed
    message: str = ""
    done: int = 0
    total: int = 0

    def __str__(self) -> str:
        count = f"[{self.done}/{self.total}] " if self.total else ""
        text = self.message or _(_EVENT_WORDS.get(self.kind, self.kind))
        return f"{count}{self.number}: {text}" if self.number else f"{count}{text}"


@dataclass(slots=True)
class FetchReport:
    fetched: list[str] = field(default_factory=list)  # numbers as asked, stored or confirmed
    skipped: list[str] = field(default_factory=list)  # answered/withdrawn sets already cached
    failed: list[tuple[str, str]] = field(default_factory=list)  # (number, one-line cause)
    unchanged: list[str] = field(default_factory=list)  # subset of fetched: nothing new
    partial: list[str] = field(default_factory=list)  # subset of failed: degraded store
    resolved: dict[str, str] = field(default_factory=dict)  # number as asked → Kamervraag number
    notes: list[tuple[str, str]] = field(default_factory=list)  # (number, route not usable)
    requests: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        parts = [f"fetched {len(self.fetched)}"]
        if self.unchanged:
            parts.append(f"unchanged {len(self.unchanged)}")
        parts.append(f"skipped {len(self.skipped)}")
        parts.append(f"failed {len(self.failed)}")
        return ", ".join(parts)


Progress = Callable[[FetchEvent], None]


@dataclass(slots=True)
class _Payload:
    name: str  # cache file name
    data: bytes
    source: ParsedSource  # read once, here: the store keeps this record
    url: str
    validators: Validators
    changed: bool  # differs from what the cache holds under ``name``

    @property
    def parsed(self) -> Any:
        """What the resolution reads: the document, the metadata or the zaken."""
        s = self.source
        if s.document is not None:
            return s.document
        return s.metadata if s.metadata is not None else s.zaken


@dataclass(slots=True)
class _Set:
    """What one Kamervraag's fetch gathered so far."""

    key: str
    payloads: dict[str, _Payload] = field(default_factory=dict)
    faults: list[FetchError] = field(default_factory=list)
    memo: dict[str, _Payload | FetchError] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # routes that could not answer

    def add(self, p: _Payload | None) -> None:
        if p is not None:
            self.payloads[p.name] = p

    def side_ok(self, tk_side: bool) -> bool:
        return not any((f.service in _TK_SIDE) == tk_side for f in self.faults)


@dataclass(slots=True)
class _Outcome:
    kind: str  # fetched | unchanged | skipped | failed
    key: str | None = None
    message: str = ""
    partial: bool = False
    notes: tuple[str, ...] = ()


class _Fetcher:
    def __init__(self, cache: SourceCache, http: HttpClient, *, force: bool) -> None:
        self.cache = cache
        self.http = http
        self.force = force
        self.tk = TkClient(http)
        self.koop = KoopClient(http)
        self.sru = SruClient(http)
        root = getattr(cache, "root", None)
        self.validators = ValidatorStore(root)
        self._store_lock = asyncio.Lock()
        self._running: dict[str, asyncio.Future[_Outcome]] = {}
        self.lean = False  # sync's cheaper walk of a listed zaak (_lean_documents)

    # -- entry points ---------------------------------------------------------------

    async def one(self, number: DocNumber, prefetched_zaak: bytes | None = None) -> _Outcome:
        if not self.force and self._final_in_cache(number.canonical):
            return _Outcome("skipped", self._resolve_cached(number.canonical))
        # Every request made for this number, in whatever task, counts against one budget.
        REQUEST_BUDGET.set(RequestBudget(MAX_REQUESTS_PER_SET))
        try:
            return await self._resolve(number, prefetched_zaak)
        except FetchError as exc:
            return _Outcome("failed", None, exc.message)

    async def _resolve(self, number: DocNumber, prefetched: bytes | None) -> _Outcome:
        if number.zaak:  # 2020Z12161, kv-tk-2020Z12161, kv-2009Z03159
            given = spellings(number) if number.is_koop_id else []
            return await self._zaak_outcome(number.zaak, given_ids=given, prefetched=prefetched)
        if number.kind is NumberKind.TK_DOCUMENT:
            found = await self.tk.zaak_numbers_for_document(number.canonical)
            zaken = [z for z in (_zaak_number(x) for x in found) if z]
            if not zaken:
                raise NotFound(tk_mod.SERVICE, _("no zaak for this document"))
            return await self._zaak_outcome(zaken[0])
        return await self._koop_first(number)

    async def _zaak_outcome(self, zaak_nr: str, **kw: Any) -> _Outcome:
        """One fetch per zaak per run, however many of its ids were asked for."""
        task = self._running.get(zaak_nr)
        if task is None:
            task = asyncio.ensure_future(self._zaak_outcome_now(zaak_nr, **kw))
            self._running[zaak_nr] = task
        return await asyncio.shield(task)

    async def _zaak_outcome_now(self, zaak_nr: str, **kw: Any) -> _Outcome:
        try:
            work = await self._zaak_set(zaak_nr, **kw)
        except FetchError as exc:
            return _Outcome("failed", None, exc.message)
        out = await self._finish(work)
        out.notes = tuple(work.notes)
        return out

    # -- resolution -----------------------------------------------------------------

    async def _koop_first(self, number: DocNumber) -> _Outcome:
        """``ah-tk-…``/``kv-…``: KOOP's metadata names the zaak; else a KOOP-only set.

        A typed id is a guess at KOOP's spelling: each spelling is asked in turn (the
        zero-padded answer number, ``kv-`` or ``kv-tk-``), then the redirect of a renamed
        document; the id that answers is used exactly from then on.
        """
        candidates = spellings(number)
        probe = _Set(number.canonical)
        meta, found = None, candidates[0]
        for candidate in candidates:
            meta = await self._optional(probe, self._metadata(probe, candidate))
            if meta is not None or probe.faults:
                found = candidate
                break
        if meta is None and not probe.faults:
            renamed = await self._renamed(candidates[0])
            if renamed:
                meta = await self._optional(probe, self._metadata(probe, renamed))
                found = renamed if meta is not None else found
        zaak = _zaak_number(getattr(meta.parsed, "zaak_number", None)) if meta else None
        if zaak:
            return await self._zaak_outcome(zaak, known_ids=[found], memo=probe.memo)
        if probe.faults:
            raise probe.faults[0]
        work = _Set(found if meta is not None else number.canonical, memo=probe.memo)
        await self._documents(work, [[found] if meta is not None else candidates], {})
        if not work.payloads and not work.faults:
            raise NotFound(koop_mod.SERVICE)
        return await self._finish(work)

    async def _zaak_set(
        self,
        zaak_nr: str,
        *,
        given_ids: list[str] | None = None,
        known_ids: list[str] | None = None,
        prefetched: bytes | None = None,
        memo: dict[str, _Payload | FetchError] | None = None,
    ) -> _Set:
        work = _Set(zaak_nr, memo=memo if memo is not None else {})
        zaak = None
        tk_payload: _Payload | None = None
        try:
            name = cache_name(CacheKind.ZAAK, zaak_nr)
            if prefetched is not None:
                tk_payload = self._local_payload(name, prefetched, SourceType.ODATA_ZAAK)
            else:
                tk_payload = await self._payload(
                    work,
                    self._zaak_request_url(zaak_nr),
                    name,
                    lambda v: self.tk.zaak(zaak_nr, v),
                    SourceType.ODATA_ZAAK,
                    service=tk_mod.SERVICE,
                )
        except NotFound:
            tk_payload = None
        except FetchError as exc:
            work.faults.append(exc)
        if tk_payload is not None:
            zaken = [z for z in tk_payload.parsed if z.number == zaak_nr] or list(tk_payload.parsed)
            if zaken:
                zaak = zaken[0]
                work.add(tk_payload)

        targets = Targets()
        for known_id in known_ids or ():
            targets.add_exact(known_id)  # KOOP answered under this id already
        gaps = False
        if zaak is not None:
            from kvtui.parse.odata import koop_id_candidates

            found = koop_id_candidates(zaak)
            for ids, _doc, exact in found:
                if exact:
                    targets.add_exact(ids[0])
                else:
                    targets.add_guess(ids)
            with_id = {id(doc) for _, doc, _ in found}
            gaps = any(_relevant(doc.kind) and id(doc) not in with_id for doc in zaak.documents)
        if not targets.has_questions():
            targets.add_guess(question_id_guesses(zaak_nr))
        if given_ids:
            targets.add_guess(given_ids)

        records: dict[str, Any] = {}
        if zaak is None or gaps:
            # The Kamer could not tell us (down, unknown zaak, or documents without ids):
            # ask KOOP's search for every publication with this vraagnummer. Only records
            # of this set are taken; an SRU that cannot use the clause is passed over.
            try:
                found_records = await self.sru.by_vraagnummer(zaak_nr)
            except CannotAnswer as exc:
                work.notes.append(_("{reason}; used the other routes").format(reason=exc.reason))
                found_records = []
            except NotFound:
                found_records = []
            except FetchError as exc:
                work.faults.append(exc)
                found_records = []
            known = targets.keys() | {lookup_key(f"kv-tk-{zaak_nr}"), lookup_key(f"kv-{zaak_nr}")}
            for rec in found_records:
                rid = _koop_id(rec.identifier)
                if rid and record_belongs(rec, zaak_nr, known):
                    records[rid] = rec
                    targets.add_exact(rid)

        lean = self.lean and zaak is not None and not (gaps or given_ids or known_ids or records)
        if lean and zaak is not None and _lean_plan(found):
            await self._lean_documents(work, found, zaak.alias)
        else:
            await self._documents(
                work, targets.groups(), records, alias=zaak.alias if zaak else None
            )
        if not work.payloads and not work.faults:
            raise NotFound(f"{tk_mod.SERVICE} / {koop_mod.SERVICE}")
        return work

    async def _documents(
        self,
        work: _Set,
        groups: list[list[str]],
        records: dict[str, Any],
        *,
        alias: str | None = None,
        linked: bool = False,
    ) -> None:
        """Fetch text and metadata of every document, then follow the metadata's links.

        Each group holds the spellings of one document (one exact id, or the guesses);
        the links of ``OVERHEIDop.aanhangsel`` are ids as KOOP published them.
        """
        done: set[str] = set()  # look-up keys
        todo = [[i for i in g if is_safe_id(i)] for g in groups]
        todo = [g for g in todo if g]
        # Documents reached through a link must say they belong to this zaak, or say
        # nothing: a metadata file naming other sets' ids must not pull them in.
        linked_to = _zaak_number(work.key) if linked else None
        for _round in range(_MAX_LINK_ROUNDS):
            if not todo:
                return
            if len(done) + len(todo) > MAX_DOCUMENTS_PER_SET:
                work.faults.append(_too_many_documents(len(done) + len(todo)))
                return
            found = await _each(
                work, [self._document(work, group, records, alias, linked_to) for group in todo]
            )
            linked_to = _zaak_number(work.key)
            done.update(lookup_key(i) for group in todo for i in group)
            links = [link for more in found for link in more]
            todo = [[i] for i in dict.fromkeys(links) if lookup_key(i) not in done]

    async def _lean_documents(
        self, work: _Set, found: list[tuple[list[str], Any, bool]], alias: str | None
    ) -> None:
        """The walk of a set whose zaak names every document exactly (a period listing).

        An answer repeats the questions, and the Kamer already said what each document
        is and when it came: so the text of each answer or notice is fetched, its
        metadata only when there is no text (a notice published as metadata alone), the
        questions' metadata always (the topics live only there) and the questions' text
        only when no answer repeats them. Any miss falls back to the full walk of that
        document. A typical answered set costs 2 requests instead of 4.
        """
        from kvtui.parse.odata import QUESTIONS_KIND

        questions = [ids[0] for ids, doc, _ in found if doc.kind == QUESTIONS_KIND]
        others = [ids[0] for ids, doc, _ in found if doc.kind != QUESTIONS_KIND]
        texts = await _each(work, [self._lean_text(work, doc_id, alias) for doc_id in others])
        links = [link for _text, more in texts for link in more]
        covered = any(_repeats_questions(text) for text, _more in texts)
        if work.faults:
            return  # the set fails (or keeps one side) whatever the questions hold
        for doc_id in questions:
            meta = await self._optional(work, self._metadata(work, doc_id)) if covered else None
            if meta is None and not work.faults:
                links += await self._document(work, [doc_id], {}, alias)
            elif meta is not None:
                work.add(meta)
                links += [x for x in map(_koop_id, meta.parsed.appendices or []) if x]
        done = {lookup_key(ids[0]) for ids, _, _ in found}
        todo = [i for i in dict.fromkeys(links) if lookup_key(i) not in done]
        if todo and not work.faults:
            await self._documents(work, [[i] for i in todo], {}, alias=alias, linked=True)

    async def _lean_text(self, work: _Set, doc_id: str, alias: str | None) -> tuple[Any, list[str]]:
        """The text of one listed document; without text, the full walk (metadata too)."""
        text = await self._optional(work, self._text(work, doc_id, None))
        if text is not None:
            work.add(text)
            return text, []
        if work.faults:
            return None, []
        return None, await self._document(work, [doc_id], {}, alias)

    async def _document(
        self,
        work: _Set,
        candidates: list[str],
        records: dict[str, Any],
        alias: str | None,
        linked_to: str | None = None,
    ) -> list[str]:
        """One KOOP document: text (xml → SRU itemUrl → html) and metadata, concurrently.

        The spellings are tried in order until one answers. When the metadata is not
        found, the document's own redirect may name its new id (a renamed document).
        """
        text = meta = None
        doc_id = candidates[0]
        for doc_id in candidates:
            text, meta = await asyncio.gather(
                self._optional(work, self._text(work, doc_id, records.get(doc_id))),
                self._optional(work, self._metadata(work, doc_id)),
            )
            if text is not None or meta is not None:
                break
        if text is None and meta is None:
            if alias and any(c.startswith("kv-") for c in candidates):
                old = _koop_id(f"kv-{alias}")
                if old and old not in candidates:
                    return [old]  # older questions live under kv-{Alias} (tkapi's fallback)
            renamed = await self._renamed(candidates[0])
            return [renamed] if renamed else []
        if meta is None and not work.faults:
            renamed = await self._renamed(doc_id)
            if renamed:
                meta = await self._optional(work, self._metadata(work, renamed))
        if linked_to and not _belongs(linked_to, text, meta):
            return []  # another set's document, named by a link: not ours to store
        work.add(text)
        work.add(meta)
        links = list(getattr(meta.parsed, "appendices", []) or []) if meta else []
        return [x for x in (_koop_id(v) for v in links) if x]

    async def _renamed(self, doc_id: str) -> str | None:
        """The new id of a renamed document, from the redirect of ``/{id}``; None if none."""
        try:
            return await self.koop.renamed_id(doc_id)
        except FetchError:  # not found, or the page is unreachable: no rename known
            return None

    async def _text(self, work: _Set, doc_id: str, record: Any) -> _Payload:
        xml = self.koop.xml_url(doc_id)
        try:
            return await self._koop(work, SourceType.KOOP_XML, doc_id, xml, self.koop.get)
        except (NotFound, Redirected):  # a foreign redirect: try the next route
            pass
        item = (getattr(record, "item_urls", None) or {}).get("xml") if record else None
        if item and self.koop.allowed(item):
            try:
                return await self._koop(work, SourceType.KOOP_XML, doc_id, item, self.koop.get_item)
            except (NotFound, Redirected):
                pass
        html = self.koop.html_url(doc_id)
        return await self._koop(
            work, SourceType.KOOP_HTML, doc_id, html, partial(self.koop.get, accept="text/html")
        )

    async def _metadata(self, work: _Set, doc_id: str) -> _Payload:
        url = self.koop.metadata_url(doc_id)
        return await self._koop(work, SourceType.METADATA, doc_id, url, self.koop.get)

    async def _koop(
        self,
        work: _Set,
        asked: SourceType,
        doc_id: str,
        url: str,
        get: Callable[[str, Validators | None], Awaitable[Any]],
    ) -> _Payload:
        """One KOOP document of the kind ``asked`` from ``url`` (``get(url, validators)``),
        kept under the name the table of source kinds gives that kind."""
        kind = KINDS[asked].cache
        assert kind is not None  # every kind fetched from KOOP is kept
        name = cache_name(kind, doc_id)
        return await self._payload(work, url, name, lambda v: get(url, v), asked, doc_id)

    async def _optional(self, work: _Set, coro: Awaitable[_Payload]) -> _Payload | None:
        """Not found is an answer (not published yet); every other error is a fault."""
        try:
            return await coro
        except NotFound:
            return None
        except FetchError as exc:
            work.faults.append(exc)
            return None

    # -- one payload, conditional ---------------------------------------------------

    async def _payload(
        self,
        work: _Set,
        url: str,
        name: str,
        request: Callable[[Validators | None], Awaitable[Any]],
        asked: SourceType,
        doc_id: str | None = None,
        *,
        service: str = koop_mod.SERVICE,
    ) -> _Payload:
        """One payload of the kind ``asked``, conditional on what the cache holds, and
        read once (``validate.payload``): the record read here is the one stored."""

        def check(data: bytes) -> ParsedSource:
            return validate.payload(data, name, asked, doc_id, service)

        hit = work.memo.get(url)
        if isinstance(hit, FetchError):
            raise hit
        if hit is not None:
            return hit
        try:
            held = self.cache.read_source(name) if self.cache.has_source(name) else None
            validators = self.validators.get(url, name, held)
            resp = await request(validators)
            if resp.not_modified and held is not None:
                p = _Payload(name, held, check(held), url, resp.validators or validators, False)
            else:
                if resp.not_modified:  # a 304 for bytes we do not have: ask again, plainly
                    resp = await request(None)
                data = resp.content
                p = _Payload(name, data, check(data), url, resp.validators, data != held)
        except FetchError as exc:
            work.memo[url] = exc
            raise
        work.memo[url] = p
        return p

    def _local_payload(self, name: str, data: bytes, asked: SourceType) -> _Payload:
        source = validate.payload(data, name, asked, None, tk_mod.SERVICE)
        held = self.cache.read_source(name) if self.cache.has_source(name) else None
        return _Payload(name, data, source, "", Validators(), data != held)

    def _zaak_request_url(self, zaak_nr: str) -> str:
        from urllib.parse import urlencode

        return f"{self.tk.zaak_url()}?{urlencode(self.tk.zaak_params(zaak_nr))}"

    # -- storing ----------------------------------------------------------------------

    async def _finish(self, work: _Set) -> _Outcome:
        payloads = list(work.payloads.values())
        if work.faults:
            first = work.faults[0]
            if self._in_cache(work) or not payloads:
                return _Outcome("failed", None, first.message)
            # Degraded mode (new sets only): keep what the service that answered in full said.
            tk_ok, koop_ok = work.side_ok(True), work.side_ok(False)
            has_tk = any(p.name.startswith("zaak-") for p in payloads)
            has_koop = any(not p.name.startswith("zaak-") for p in payloads)
            if tk_ok and has_tk and not koop_ok:
                keep = [p for p in payloads if p.name.startswith("zaak-")]
                note = "saved the Tweede Kamer data only; text pending"
            elif koop_ok and has_koop and not tk_ok:
                keep = [p for p in payloads if not p.name.startswith("zaak-")]
                note = "saved the officielebekendmakingen.nl documents only"
            else:
                return _Outcome("failed", None, first.message)
            out = await self._store(work, keep)
            if out.kind == "failed":
                return out
            return _Outcome("failed", out.key, f"{first.message} ({note})", partial=True)
        return await self._store(work, payloads)

    async def _store(self, work: _Set, payloads: list[_Payload]) -> _Outcome:
        changed = any(p.changed for p in payloads)
        # The unchanged payloads go along with their records, so the store indexes the
        # set without reading them back from the cache (it rewrites none of them).
        items = [(p.name, p.data, p.source) for p in payloads] if changed else []
        key = work.key
        if items:
            async with self._store_lock:  # one writer per process; SQLite handles the rest
                try:
                    numbers = self.cache.add_sources(items)
                except Exception as exc:  # disk full, permissions, a corrupt index …
                    said = _("cannot store in the cache: {error}").format(error=exc)
                    return _Outcome("failed", None, said)
            if numbers:
                key = numbers[0] if work.key not in numbers else work.key
        for p in payloads:
            if p.url:
                self.validators.remember(p.url, p.name, p.validators, p.data)
        return _Outcome("fetched" if items else "unchanged", key)

    # -- cache look-ups ---------------------------------------------------------------

    def _final_in_cache(self, key: str) -> bool:
        kamervraag = _safe_get(self.cache, key)
        return (
            kamervraag is not None
            and kamervraag.status in FINAL_STATES
            and not kamervraag.text_pending
        )

    def _resolve_cached(self, key: str) -> str:
        kamervraag = _safe_get(self.cache, key)
        return kamervraag.number if kamervraag is not None else key

    def _in_cache(self, work: _Set) -> bool:
        if _safe_get(self.cache, work.key) is not None:
            return True
        return any(self.cache.has_source(name) for name in work.payloads)


async def _each(work: _Set, steps: list[Coroutine[Any, Any, T]]) -> list[T]:
    """Run ``steps`` together; what each gave, in order, without the ones that failed:
    a fetch fault is the set's (kept in ``work.faults``), anything else a bug raised."""
    results = await asyncio.gather(*steps, return_exceptions=True)
    out: list[T] = []
    for result in results:
        if isinstance(result, FetchError):
            work.faults.append(result)
        elif isinstance(result, BaseException):
            raise result
        else:
            out.append(result)
    return out


def _safe_get(cache: SourceCache, key: str) -> Kamervraag | None:
    try:
        return cache.get(key)
    except Exception:  # an unreadable index must not stop a fetch; it rebuilds on write
        return None


def _too_many_documents(count: int) -> OverCap:
    return OverCap(
        koop_mod.SERVICE,
        f"{count} documents listed, more than the {MAX_DOCUMENTS_PER_SET} fetched per set "
        "(MAX_DOCUMENTS_PER_SET); none of its texts fetched",
    )


def _lean_plan(found: list[tuple[list[str], Any, bool]]) -> bool:
    """The cheaper walk needs one questions document and an exact KOOP id for each."""
    from kvtui.parse.odata import QUESTIONS_KIND

    count = sum(1 for _, doc, _ in found if doc.kind == QUESTIONS_KIND)
    return count == 1 and len(found) <= MAX_DOCUMENTS_PER_SET and all(e for _, _, e in found)


def _repeats_questions(text: _Payload | None) -> bool:
    """An answer document that holds the questions with their answers."""
    parsed = text.parsed if text is not None else None
    return (
        getattr(parsed, "kind", None) is DocKind.ANSWER
        and bool(getattr(parsed, "questions", None))
        and bool(getattr(parsed, "answers", None))
    )


def _relevant(kind: str | None) -> bool:
    k = (kind or "").lower()
    return k == "schriftelijke vragen" or k.startswith(("antwoord schriftelijke", "mededeling"))


def _koop_id(value: str | None) -> str | None:
    number = parse_number_or_none(value)
    return number.canonical if number is not None and number.is_koop_id else None


def _belongs(zaak_nr: str, *payloads: _Payload | None) -> bool:
    """Does a linked document agree that it belongs to ``zaak_nr`` (or say nothing)?

    One of its files naming this zaak is enough: real metadata can carry a stray
    vraagnummer while the text names the right one.
    """
    claims = set()
    for p in payloads:
        if p is not None:
            parsed = p.parsed
            for holder in (parsed, getattr(parsed, "document", None)):
                z = _zaak_number(getattr(holder, "zaak_number", None))
                if z:
                    claims.add(z)
    return not claims or zaak_nr in claims


def _zaak_number(value: str | None) -> str | None:
    number = parse_number_or_none(value)
    return number.canonical if number is not None and number.kind is NumberKind.ZAAK else None


# ---------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------


async def fetch_many(
    cache: SourceCache,
    numbers: Iterable[DocNumber],
    *,
    force: bool = False,
    progress: Progress | None = None,
    config: ServiceConfig | None = None,
    http: HttpClient | None = None,
    deadline: float | None = None,
) -> FetchReport:
    """Fetch each number's set into ``cache``; never raises for a failed number.

    The whole call ends within ``deadline`` seconds (default: ``KVTUI_DEADLINE``, 30 s,
    per number asked, at most the sync deadline), keeping what was complete by then."""
    wanted = list(dict.fromkeys(numbers))
    async with _session(cache, config, http, force, deadline, "deadline", len(wanted)) as (
        fetcher,
        report,
    ):
        await _run(fetcher, [(n, None) for n in wanted], report, progress)
        fetcher.validators.save()
    return report


async def sync_period(
    cache: SourceCache,
    since: dt.date,
    until: dt.date | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
    config: ServiceConfig | None = None,
    http: HttpClient | None = None,
    deadline: float | None = None,
    order: Callable[[list[str]], list[str]] | None = None,
    lean: bool = True,
) -> FetchReport:
    """Every Kamervraag the Kamer lists as started in [since, until] (inclusive), within
    ``deadline`` seconds (default ``KVTUI_SYNC_DEADLINE``, an hour).

    The listing pages carry each zaak whole (``$expand``), so no set asks the Kamer
    again, and ``lean`` takes the cheaper walk of its KOOP documents
    (``_Fetcher._lean_documents``; False: the full walk, for comparison). ``order``
    puts the listed numbers in the order they are fetched (the followed sets first). A
    listing that breaks off after some pages still fetches what it listed, and the
    report names where it stopped, so the sync is not taken as complete."""
    async with _session(cache, config, http, force, deadline, "sync_deadline") as (
        fetcher,
        report,
    ):
        fetcher.lean = lean
        listed: dict[str, tuple[DocNumber, bytes | None]] = {}
        last_start: dt.date | None = None
        try:
            async for zaak_nr, data in fetcher.tk.zaken_started(since, until):
                number = _zaak_number(zaak_nr)
                if number and number not in listed:
                    listed[number] = (parse_number(number), data)
                    last_start = _started(data) or last_start
        except FetchError as exc:
            report.failed.append(("sync", _listing_cut(exc, len(listed), last_start)))
            if not listed:
                return report
        jobs = [listed[n] for n in _ordered(list(listed), order)]
        if progress:
            said = ngettext(
                "{n} Kamervraag in the period", "{n} Kamervragen in the period", len(jobs)
            )
            progress(FetchEvent("", "listed", said.format(n=grouped(len(jobs)))))
        await _run(fetcher, jobs, report, progress)
        fetcher.validators.save()
    return report


def _ordered(numbers: list[str], order: Callable[[list[str]], list[str]] | None) -> list[str]:
    """``numbers`` in the order asked for; as listed when that cannot be had (an
    unreadable state database must not stop a sync), and never one dropped or added."""
    if order is None:
        return numbers
    try:
        wanted = list(dict.fromkeys(order(list(numbers))))
    except Exception:
        return numbers
    known = set(numbers)
    first = [n for n in wanted if n in known]
    chosen = set(first)
    return first + [n for n in numbers if n not in chosen]


def _started(data: bytes) -> dt.date | None:
    """GestartOp of one listed zaak (for saying where a broken listing stopped)."""
    import json

    from kvtui.dates import iso_date

    try:
        value = json.loads(data)["value"][0].get("GestartOp")
    except (ValueError, LookupError, AttributeError, TypeError):
        return None
    return iso_date(value)


def _listing_cut(exc: FetchError, count: int, last: dt.date | None) -> str:
    """One line: why the listing broke off, and which part of the period it never saw."""
    if not count:
        return _("cannot list the period: {error}").format(error=exc.message)
    said = ngettext(
        "the listing broke off after {n} Kamervraag{where}: {error}; "
        "that one was fetched, the rest of the period was not listed (run sync again)",
        "the listing broke off after {n} Kamervragen{where}: {error}; "
        "those were fetched, the rest of the period was not listed (run sync again)",
        count,
    )
    where = " " + _("(the last started {day})").format(day=last.isoformat()) if last else ""
    return said.format(n=grouped(count), where=where, error=exc.message)


@contextlib.asynccontextmanager
async def _session(
    cache: SourceCache,
    config: ServiceConfig | None,
    http: HttpClient | None,
    force: bool,
    deadline: float | None = None,
    default: str = "deadline",
    count: int = 1,
) -> AsyncIterator[tuple[_Fetcher, FetchReport]]:
    """A fetcher and its report; the report counts the requests however the run ends,
    and a client made here (none was given) is closed here. Every request of the run
    shares one deadline: ``deadline``, else the configuration field ``default`` names,
    times ``count`` numbers (a batch), never beyond the sync deadline."""
    own = http is None
    client = http or HttpClient(config)
    seconds = deadline
    if seconds is None:
        cfg = client.config
        ceiling = max(cfg.deadline, cfg.sync_deadline)
        seconds = min(getattr(cfg, default) * max(1, count), ceiling)
    client.set_deadline(seconds)
    report = FetchReport()
    try:
        yield _Fetcher(cache, client, force=force), report
    finally:
        report.requests = client.stats.requests
        client.set_deadline(None)
        if own:
            await client.aclose()


async def _run(
    fetcher: _Fetcher,
    jobs: list[tuple[DocNumber, bytes | None]],
    report: FetchReport,
    progress: Progress | None,
) -> None:
    total = len(jobs)
    counter = {"done": 0}
    # Sets are started in the order given, a few more at a time than requests may fly:
    # the first ones (a sync's followed sets) finish first instead of queueing behind
    # every other set's first request, and a long period is not thousands of tasks.
    window = asyncio.Semaphore(SETS_PER_REQUEST_SLOT * max(1, fetcher.http.config.concurrency))

    def tell(number: str, kind: str, message: str = "") -> None:
        if progress is not None:
            # A broken progress display must not break the fetch.
            with contextlib.suppress(Exception):
                progress(FetchEvent(number, kind, message, counter["done"], total))

    async def job(number: DocNumber, prefetched: bytes | None) -> None:
        async with window:
            await one_job(number, prefetched)

    async def one_job(number: DocNumber, prefetched: bytes | None) -> None:
        name = number.canonical
        tell(name, "start", _("fetching"))
        try:
            out = await _within_deadline(fetcher, fetcher.one(number, prefetched))
        except Exception as exc:  # a bug must cost one number, not the whole run
            out = _Outcome("failed", None, f"internal error: {type(exc).__name__}: {exc}")
        counter["done"] += 1
        if out.key:
            report.resolved[name] = out.key
        report.notes.extend((name, note) for note in out.notes)
        noted = "".join(f" ({note})" for note in out.notes)
        if out.kind == "skipped":
            report.skipped.append(name)
            tell(name, "skipped", _("already cached (answered)"))
        elif out.kind in ("fetched", "unchanged"):
            report.fetched.append(name)
            if out.kind == "unchanged":
                report.unchanged.append(name)
            tell(
                name, out.kind, (_("unchanged") if out.kind == "unchanged" else _("stored")) + noted
            )
        else:
            report.failed.append((name, out.message))
            if out.partial:
                report.partial.append(name)
            tell(name, "failed", out.message + noted)

    await asyncio.gather(*(job(n, p) for n, p in jobs))


async def _within_deadline(fetcher: _Fetcher, work: Awaitable[_Outcome]) -> _Outcome:
    """Every request already stops at the deadline; this is the backstop for anything
    else (a store, a parse) so a command never outlives its deadline by more than
    ``DEADLINE_GRACE`` seconds."""
    left = fetcher.http.remaining()
    if left is None:
        return await work
    try:
        async with asyncio.timeout(max(0.0, left) + DEADLINE_GRACE):
            return await work
    except TimeoutError:
        seconds = fetcher.http.deadline_length or 0.0
        said = _("{cause} (the {seconds} s deadline passed)")
        return _Outcome("failed", None, said.format(cause=_("timed out"), seconds=f"{seconds:g}"))


def _run_sync(coro_factory: Callable[[], Coroutine[Any, Any, FetchReport]]) -> FetchReport:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro_factory())
    # Blocking a running loop would freeze it, and the cache's SQLite connection belongs
    # to this thread, so the work cannot move to another one either.
    raise RuntimeError("fetch_numbers() called from a running event loop; await fetch_many()")


def _blocking(
    name: str, run: Callable[P, Coroutine[Any, Any, FetchReport]], doc: str
) -> Callable[P, FetchReport]:
    """``run`` as a plain call for the CLI, with the very same parameters: a synchronous
    twin whose signature cannot drift from the async one's."""

    def call(*args: P.args, **kwargs: P.kwargs) -> FetchReport:
        return _run_sync(lambda: run(*args, **kwargs))

    call.__name__ = call.__qualname__ = name
    call.__doc__ = doc
    call.__wrapped__ = run  # type: ignore[attr-defined]  # inspect.signature shows run's
    return call


fetch_numbers = _blocking(
    "fetch_numbers",
    fetch_many,
    "Synchronous ``fetch_many`` for the CLI (``kvtui fetch``, ``kvtui show``).",
)
sync_numbers = _blocking(
    "sync_numbers", sync_period, "Synchronous ``sync_period`` for the CLI (``kvtui sync``)."
)
