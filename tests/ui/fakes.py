"""A small in-memory stand-in for ``kvtui.store.cache.Cache``, for the UI tests.

It implements exactly the Cache API the reader uses (rows/count/get/resolve/search/
state/set_*), so UI tests run without SQLite, and lets a test build lists of any size.
All content is FICTIEF (a fictional example for kvtui's tests).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kvtui.model import (
    Footnote,
    Kamervraag,
    Notice,
    Person,
    Question,
    Sources,
    Status,
    koop_url,
)
from kvtui.passage import Term
from kvtui.store.cache import ListQuery, ListRow, ReaderState, SearchHit
from kvtui.store.search import Page as SearchPage

if TYPE_CHECKING:
    from typing import Unpack

    from kvtui.store.search import PageOptions

TODAY = dt.date(2026, 11, 28)
HOSTILE = (
    "[bold]vet[/bold] [link=https://evil.invalid]y[/link] [@click=app.quit]klik[/] "
    "\x1b[31mrood\x1b]52;c;aGVsbG8=\x07 \x1b]8;;https://evil.invalid\x07link\x9b\x07"
)


def _people(persons: list[Person]) -> str:
    return ", ".join(f"{p.name} ({p.party})" if p.party else p.name for p in persons)


@dataclass
class FakeCache:
    items: list[Kamervraag]
    states: dict[str, ReaderState] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)

    def _row(self, kv: Kamervraag) -> ListRow:
        st = self.state(kv.number)
        return ListRow(
            number=kv.number,
            title=kv.title,
            status=kv.status,
            overdue=kv.overdue,
            submitted=kv.submitted,
            answered=kv.answered,
            days_to_answer=kv.days_to_answer,
            submitters=_people(kv.submitters),
            answered_by=_people(kv.answered_by),
            topics=", ".join(kv.topics),
            read=st.read,
            starred=st.starred,
        )

    def count(self) -> int:
        return len(self.items)

    def rows(self, query: ListQuery | None = None) -> list[ListRow]:
        q = query or ListQuery()
        sort, status, text, limit = q.sort, q.status, q.text, q.limit
        self.calls.append(f"rows:{sort}:{text}:{limit}")
        rows = [self._row(kv) for kv in self.items]
        if status == "overdue":
            rows = [r for r in rows if r.overdue and r.status in ("open", "postponed")]
        elif status:
            rows = [r for r in rows if r.status == status]
        if q.since:
            rows = [r for r in rows if r.submitted is not None and r.submitted >= q.since]
        if q.starred_only:
            rows = [r for r in rows if r.starred]
        if q.numbers is not None:
            rows = [r for r in rows if r.number in q.numbers]
        if text:
            t = text.casefold()
            rows = [
                r
                for r in rows
                if t
                in " ".join(
                    [r.number, r.title or "", r.submitters, r.answered_by, r.topics]
                ).casefold()
            ]
        keys = {
            "submitted": lambda r: r.submitted or dt.date.min,
            "days": lambda r: -1 if r.days_to_answer is None else r.days_to_answer,
            "number": lambda r: r.number,
            "answered": lambda r: r.answered or dt.date.min,
        }
        rows.sort(key=keys[sort], reverse=q.descending)
        return rows[:limit] if limit else rows

    def resolve(self, key: str) -> str | None:
        k = key.strip().casefold()
        for kv in self.items:
            if k == kv.number.casefold() or k in (i.casefold() for i in kv.ids):
                return kv.number
        return None

    def get(self, key: str) -> Kamervraag | None:
        number = self.resolve(key)
        return next((kv for kv in self.items if kv.number == number), None)

    def search(self, query: str, *, limit: int = 200) -> list[SearchHit]:
        self.calls.append(f"search:{query}")
        hits: list[SearchHit] = []
        pattern = re.compile(re.escape(query), re.I)
        for kv in self.items:
            for q in kv.questions:
                for body in (q.text or "", q.answer or ""):
                    m = pattern.search(body)
                    if m:
                        start = max(0, m.start() - 20)
                        snippet = (
                            body[start : m.start()]
                            + "\ue000"
                            + m.group()
                            + "\ue001"
                            + body[m.end() : m.end() + 30]
                        )
                        hits.append(SearchHit(kv.number, kv.title, snippet))
                        break
                else:
                    continue
                break
        return hits[:limit]

    def search_count(self, query: str) -> int:
        self.calls.append(f"search_count:{query}")
        return len(self.search(query, limit=len(self.items) + 1))

    def search_page(self, query: str, **options: Unpack[PageOptions]) -> SearchPage:
        """The hits (each with its passage, whatever ``passages`` says) and their count,
        counted only when the hits fill the page, as a cache with no index can."""
        limit = options.get("limit", 200)
        hits = self.search(query, limit=limit)
        total = self.search_count(query) if len(hits) >= limit else len(hits)
        return SearchPage(hits, total, "relevance")

    def passage(self, number: str, terms: list[Term]) -> str:
        return ""  # search_page gave every hit its passage

    def state(self, number: str) -> ReaderState:
        return self.states.get(number, ReaderState())

    def _set(self, number: str, **kw: object) -> None:
        st = self.state(number)
        values = {"read": st.read, "starred": st.starred, "position": st.position, **kw}
        self.states[number] = ReaderState(**values)  # type: ignore[arg-type]

    def set_read(self, number: str, read: bool = True) -> None:
        self._set(number, read=read)

    def set_starred(self, number: str, starred: bool) -> None:
        self._set(number, starred=starred)

    def set_position(self, number: str, position: int) -> None:
        self._set(number, position=position)


def kamervraag(
    number: str,
    title: str,
    *,
    status: Status = Status.ANSWERED,
    submitted: dt.date,
    answered: dt.date | None = None,
    overdue: bool = False,
    submitter: tuple[str, str] = ("Fictief Kamerlid", "FICT"),
    n_questions: int = 2,
    text: str = "Vraag (FICTIEF voorbeeld voor kvtui)",
    answer: str | None = "Antwoord (FICTIEF voorbeeld voor kvtui)",
    topics: tuple[str, ...] = ("openbare orde",),
) -> Kamervraag:
    days = (answered - submitted).days if answered else None
    qid = f"kv-tk-{number}"
    return Kamervraag(
        number=number,
        title=title,
        status=status,
        overdue=overdue,
        submitted=submitted,
        answered=answered,
        days_to_answer=days,
        submitters=[Person(*submitter)],
        answered_by=[Person("Fictieve Minister", "FICT", "minister van Voorbeelden")]
        if answered
        else [],
        topics=list(topics),
        sources=Sources(qid, None, koop_url(qid), None),
        questions=[
            Question(
                i,
                f"{text} {i}?",
                f"{answer} {i}." if answer else None,
                footnotes=[Footnote(1, "Fictieve bron", "https://example.invalid/bron")]
                if i == 1
                else [],
            )
            for i in range(1, n_questions + 1)
        ],
        notices=[Notice(submitted + dt.timedelta(days=21), "Uitstel (FICTIEF).")]
        if status == Status.POSTPONED
        else [],
        ids=[qid],
    )


def sample_items() -> list[Kamervraag]:
    d = dt.date
    return [
        kamervraag(
            "2026Z00101",
            "Fictieve vragen over windmolens op zee",
            submitted=d(2026, 10, 1),
            answered=d(2026, 10, 29),
            submitter=("Anna de Vries", "GL"),
            text="Hoeveel windmolens staan er (FICTIEF)",
            answer="Er staan er vijftig",
        ),
        kamervraag(
            "2026Z00088",
            "Fictieve vragen over wachttijden in de jeugdzorg",
            status=Status.OPEN,
            submitted=d(2026, 9, 2),
            overdue=True,
            answer=None,
            submitter=("Bram Jansen", "SP"),
        ),
        kamervraag(
            "2026Z00042",
            "Fictieve vragen over de spoorbrug bij Zwolle",
            status=Status.POSTPONED,
            submitted=d(2026, 6, 11),
            answer=None,
            submitter=("Carla Bakker", "VVD"),
            topics=("verkeer",),
        ),
        kamervraag(
            "2025Z19999",
            "Fictieve vragen over het ingetrokken plan",
            status=Status.WITHDRAWN,
            submitted=d(2025, 12, 3),
            answer=None,
            submitter=("Dirk Smit", "CDA"),
        ),
        kamervraag(
            "2024Z05000",
            "Fictieve vragen over mensenhandel en datalekken",
            submitted=d(2024, 3, 4),
            answered=d(2024, 6, 1),
            submitter=("Eva Visser", "PvdA"),
            n_questions=8,
            text="Kent u het bericht over mensenhandel (FICTIEF)",
        ),
        kamervraag(
            "2023Z00777",
            "Fictieve vragen met " + HOSTILE,
            submitted=d(2023, 1, 9),
            answered=d(2023, 2, 1),
            submitter=("[bold]Hacker[/bold]", "[@click=app.quit]X[/]"),
            text="Tekst " + HOSTILE,
        ),
    ]


def sample_cache() -> FakeCache:
    return FakeCache(sample_items())


def big_cache(n: int) -> FakeCache:
    """``n`` generated sets (for scrolling and paging tests)."""
    base = dt.date(2020, 1, 1)
    items = [
        kamervraag(
            f"2020Z{i:05d}",
            f"Fictieve vraag nummer {i}",
            submitted=base + dt.timedelta(days=i % 2000),
            answered=base + dt.timedelta(days=i % 2000 + 30),
            n_questions=1,
        )
        for i in range(n)
    ]
    return FakeCache(items)


def screen_text(app: object) -> str:
    """The plain text currently on the app's screen (what a user would read)."""
    strips = app.screen._compositor.render_strips()  # type: ignore[attr-defined]
    return "\n".join(strip.text for strip in strips)


WORK_TIMER = 1.0  # seconds: a one-shot timer this short is a step of work, not an expiry


def _pending_work_timers(app: Any) -> list[asyncio.Task[None]]:
    """The running short ``set_timer`` timers of every node: debounces, deferred reads,
    the next batch of a document.

    Intervals (a cursor's blink) repeat for ever, and longer one-shot timers end
    something that is on show (a toast's timeout): neither is work a key started.
    """
    tasks = []
    for node in (app, *list(app._registry)):
        for timer in list(node._timers):
            task = timer._task
            if timer._repeat == 0 and timer._interval <= WORK_TIMER and task and not task.done():
                tasks.append(task)
    return tasks


async def settle(pilot: Any, pause: float | None = None) -> None:
    """Let the app finish what a key started before looking at it.

    Waits for the app's own work, not for the clock: until no worker runs, no one-shot
    timer is pending (the filter's debounce, the list's "read the rest", the document's
    next batch) and every widget on screen has handled its messages, twice in a row (a
    timer or a worker that ends may start the next step). A fixed sleep was slower and,
    on a loaded machine, sometimes too short. ``pause`` (the old sleep) is ignored.

    An input's cursor is then held visible: its blink is a clock of its own, and what
    a snapshot shows must not depend on how long the machine took.
    """
    from textual.widgets import Input

    app = pilot.app
    quiet = 0
    while quiet < 2:
        await pilot.pause()
        await app.workers.wait_for_complete()
        timers = _pending_work_timers(app)
        busy = bool(timers) or any(w.is_running for w in app.workers)
        quiet = 0 if busy else quiet + 1
        if timers:
            await asyncio.wait(timers, timeout=10)
    for field_ in app.screen.query(Input):
        field_.cursor_blink = False
    await pilot.pause()
