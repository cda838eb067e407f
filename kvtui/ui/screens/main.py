"""The main screen: the list of cached Kamervragen and the open document.

Narrow terminals (the 80×24 of an SSH session) show the list OR the document; from
120 columns they stand side by side and the document previews the row under the
cursor. Every action of the command registry that concerns the list or the document
lives here and delegates to the widget that owns the behaviour (``DocList``,
``DocView``), so keys, footer, help and palette all point at one implementation.

The cache is shown at once: the first page of rows is read on mount and the rest, like
every filter and search, in a thread worker, so nothing waits on SQLite or the network.
What needs no screen lives beside it, to be tested without the app: reading the list
for a filter (``kvtui.ui.listing``), the walk through search results and the title's
position phrase (``kvtui.ui.result_walk``), and fetching sets again with what the reader
is told of it (``kvtui.ui.refresh``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from kvtui.i18n import N_, _, ngettext, number
from kvtui.model import Kamervraag
from kvtui.store.index import ListQuery
from kvtui.store.interface import ReaderCache
from kvtui.textsafe import inert
from kvtui.ui import clipboard, commands, facets, links, listing, refresh, result_walk
from kvtui.ui.messages import FetchNumber, OpenNumber, RunCommand
from kvtui.ui.widgets.doc_list import DocList, DocListPane
from kvtui.ui.widgets.doc_view import DocView
from kvtui.ui.widgets.filter_bar import FilterBar

if TYPE_CHECKING:
    import datetime as dt

FIRST_PAGE = 200  # rows shown before the whole list has been read
SEARCH_LIMIT = 200  # search results listed (ranked); a COUNT says how many there are
REST_DELAY = 0.3  # seconds between the first page and reading the rest
SORTS: tuple[tuple[str, str], ...] = (
    ("submitted", N_("date submitted")),
    ("days", N_("days to answer (open sets: days waiting)")),
    ("number", N_("number")),
    ("answered", N_("date answered")),
)
Scope = Literal["question", "answer", "set", "url"]


def _message_content(message: str, markup: bool) -> Content:
    """A message as ``Content``: markup only where the caller said so, and a stray
    ``[`` in a message of ours shown as written rather than raising."""
    if markup:
        try:
            return Content.from_markup(message)
        except Exception:
            return Content(message)
    return Content(message)


class ReaderApp(Protocol):
    """What this screen needs of its app. Not ``KvtuiApp`` itself: the app imports this
    screen, and importing the app here would close a circle."""

    cache: ReaderCache
    today: dt.date


class MainScreen(Screen[None]):
    BINDINGS: ClassVar = commands.bindings("main")
    HORIZONTAL_BREAKPOINTS: ClassVar = [(0, "-narrow"), (120, "-wide")]
    AUTO_FOCUS = "#doc-list"

    def __init__(self) -> None:
        super().__init__(id="main")
        self.sort_index = 0
        self.descending = True
        self.filter_text = ""
        self.search_query = ""
        self._search_problem = ""  # why the query being typed cannot run, if it cannot
        self._problem_query = ""  # that query
        self.current: Kamervraag | None = None
        self.total = 0
        self._preview_timer: Timer | None = None
        self._rows_gen = 0
        self._sorted_numbers: list[str] | None = None
        self._result_query = ""  # the search the open set was opened from, if any
        self._message_at = 0.0
        self._open_after_filter = False  # Enter in the filter: open once the rows are in
        self.messages: list[tuple[str, str]] = []  # recent messages (severity, text)

    @property
    def kv_app(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]

    @property
    def cache(self) -> ReaderCache:
        return self.kv_app.cache

    # -- layout ---------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("", id="title-bar", markup=False)
        yield FilterBar(id="filter-bar")
        with Horizontal(id="panes"):
            yield DocListPane(id="list-pane")
            with Vertical(id="detail-pane"):
                yield DocView(id="doc-view")
        yield Static("", id="message-line", markup=False)
        yield Footer(compact=True)

    @property
    def doc_list(self) -> DocList:
        return self.query_one("#doc-list", DocList)

    @property
    def doc_view(self) -> Any:
        return self.query_one("#doc-view")

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one("#filter-bar", FilterBar)

    @property
    def wide(self) -> bool:
        return self.has_class("-wide")

    @property
    def reading(self) -> bool:
        """True when the document is what the user looks at (and keys act on it)."""
        if self.current is None:
            return False
        if not self.wide:
            return self.has_class("-reading")
        focused = self.focused
        return focused is not None and (focused is self.doc_view or self._in_doc_view(focused))

    def _in_doc_view(self, widget: Widget) -> bool:
        view = self.doc_view
        node: Any = widget
        while node is not None:
            if node is view:
                return True
            node = node.parent
        return False

    def on_mount(self) -> None:
        commands.apply_keymap(self._bindings, getattr(self.app, "keymap", {}))
        # count() and the first page are index look-ups (a few ms on 50,000 sets), so
        # the first frame already shows rows; the whole list comes from a worker later,
        # so the first screen never waits for a query over the whole cache.
        self.total = self._safe(self.cache.count, 0)
        if self.total:
            page = ListQuery(sort=self.sort, limit=FIRST_PAGE)
            first = self._safe(lambda: self.cache.rows(page), [])
            self._apply_rows(first, self.total)
            if self.total > len(first):
                self._query_rest(self._rows_gen)
        else:
            self.doc_list.empty_text = self._empty_text(0)
            self.doc_list.refresh()
        self._update_title()

    def _safe(self, fn: Callable[[], Any], default: Any) -> Any:
        try:
            return fn()
        except Exception as exc:
            self.notify(_("Cache error: {error}").format(error=inert(str(exc))), severity="error")
            return default

    # -- title ----------------------------------------------------------------

    @property
    def sort(self) -> str:
        return SORTS[self.sort_index][0]

    def _update_title(self) -> None:
        """The title bar: where the reader is in the open set (which set, which
        question, which match of which result) and what the list shows."""
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" kvtui ", "bold reverse")
        doc = self._doc_position() if self.current is not None else ""
        if doc and (self.reading or not self.wide):
            text.append(f" {doc}")
            if self.wide:
                text.append(f" · {self._list_summary()}", "dim")
        else:
            text.append(f" {self._list_summary()}")
            if doc:
                text.append(f" · {doc}")
        self.query_one("#title-bar", Static).update(text)
        pane = self.query_one(DocListPane)
        pane.descending = self.descending
        pane.sort_key = self.sort

    def _list_summary(self) -> str:
        n_total = self.total
        doc_list = self.doc_list
        out = ngettext(
            "{n} Kamervraag in the cache", "{n} Kamervragen in the cache", n_total
        ).format(n=number(n_total))
        if n_total and not doc_list.rows and not self.filter_text:
            out += " · " + _("loading the list…")
        bar = self.filter_bar
        if self._search_problem and bar.active and bar.mode == "search":
            out += " · " + _("search: {problem}").format(problem=inert(self._search_problem))
        elif doc_list.searching:
            said = _("search “{query}”: {results}")
            out += " · " + said.format(
                query=inert(self.search_query), results=self._results_phrase()
            )
        elif self.filter_text:
            shown = _("filter “{text}”: {n} shown")
            out += " · " + shown.format(text=inert(self.filter_text), n=number(len(doc_list)))
        return out

    def _results_phrase(self) -> str:
        return result_walk.results_phrase(len(self.doc_list), self.doc_list.hits_total)

    def _doc_position(self) -> str:
        """``2025Z02291 · Vraag 3/8 · match 2 of 7 · result 3 of 41``."""
        kv = self.current
        if kv is None:
            return ""
        place = result_walk.Place.of(kv.number, self.doc_view)
        result, total = self._result_position(), self._results_count()
        return result_walk.doc_position(
            place, from_search=bool(self._result_query), result=result, results_total=total
        )

    def _result_position(self) -> int | None:
        """The open set's place among the search results, when it was opened from them."""
        hits = self.doc_list.hits
        if not self._result_query or hits is None or self.current is None:
            return None
        return result_walk.result_position(hits, self.doc_list.cursor, self.current.number)

    def _results_count(self) -> int:
        return result_walk.results_count(len(self.doc_list), self.doc_list.hits_total)

    def on_doc_view_moved(self, event: DocView.Moved) -> None:
        event.stop()
        self._update_title()

    # -- querying -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="rows", exit_on_error=False)
    def _query_rows(self, first_page: int | None = None) -> None:
        """Query the list; with ``first_page``, show that many rows before the rest."""
        self._rows_gen += 1
        gen = self._rows_gen
        sort, descending = self.sort, self.descending
        query = facets.parse(self.filter_text)
        whole = listing.whole_list_only(query, sort)  # no first page of those
        try:
            if first_page and self.total > first_page and not whole:
                listed = listing.list_query(query, sort, descending)
                rows = self.cache.rows(replace(listed, limit=first_page))
                if gen != self._rows_gen:
                    return
                self.app.call_from_thread(self._apply_rows, rows, self.total)
                # Read the rest only once the first page is painted: a query over the
                # whole cache in this thread would hold the GIL while the screen draws.
                self.app.call_from_thread(self._query_rest, gen)
                return
            rows = listing.read_rows(self.cache, query, sort, descending, self.kv_app.today)
            total = self.cache.count()
        except Exception as exc:
            said = _("Cache error: {error}").format(error=inert(str(exc)))
            self.app.call_from_thread(self.notify, said, severity="error", markup=False)
            return
        if get_current_worker().is_cancelled or gen != self._rows_gen:
            return
        self.app.call_from_thread(self._apply_rows, rows, total)

    def _query_rest(self, gen: int) -> None:
        """Read the whole list shortly after the first page is on screen.

        Reading 50,000 rows holds the GIL for about half a second; started at once it
        delays the first frame and the first keys. A short pause lets both through.
        """

        def start() -> None:
            if gen == self._rows_gen:  # no newer query (a filter, a sort) since
                self._query_rows()

        self.set_timer(REST_DELAY, start)

    def _apply_rows(self, rows: list[Any], total: int) -> None:
        self.total = total
        if not self.filter_text.strip():
            self._sorted_numbers = None  # rebuilt from the full list on demand
        self.doc_list.empty_text = self._empty_text(total)
        self.doc_list.set_rows(rows)
        self._update_title()
        if self._open_after_filter:
            self._open_after_filter = False
            self._open_highlighted()

    def _empty_text(self, total: int) -> str:
        """What an empty list says: why it is empty, and what to do about it."""
        if not total:
            root = getattr(self.cache, "root", None)
            where = " " + _("Cache: {path}").format(path=inert(str(root))) if root else ""
            keymap = getattr(self.app, "keymap", {})
            keys = commands.effective_keys(commands.BY_ID["fetch"], keymap)
            fetch = commands.key_display(keys[0], self.app) if keys else "?"
            return (
                _(
                    "No Kamervragen in the cache yet. Press {key} to fetch one by number "
                    "(such as 2020Z12161), or run kvtui sync."
                ).format(key=fetch)
                + where
            )
        query = facets.parse(self.filter_text)
        what = " ".join(
            p for p in (facets.describe(query), f"“{inert(query.text)}”" if query.text else "") if p
        )
        what = what or _("the filter")
        esc = commands.key_display("escape", self.app)
        return _("No Kamervragen match {what}. {key} clears the filter.").format(what=what, key=esc)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _run_search(self, query: str, *, loud: bool = True) -> None:
        """Search in a thread. A query that cannot run (a syntax error, too costly) is
        told in a notice when submitted (``loud``); while it is being typed only the
        title bar says so, and the results of the last good query stay."""
        from kvtui.query import QuerySyntaxError
        from kvtui.store.index import QueryTooCostly

        try:
            hits = self.cache.search(query, limit=SEARCH_LIMIT)
            total = len(hits)
            if total >= SEARCH_LIMIT:  # the list is capped: say of how many
                total = max(total, self.cache.search_count(query))
        except (QuerySyntaxError, QueryTooCostly) as exc:
            self.app.call_from_thread(self._apply_search_problem, query, str(exc), loud)
            return
        except Exception as exc:
            self.app.call_from_thread(
                self.notify,
                _("Search failed: {error}").format(error=inert(str(exc))),
                severity="error",
                markup=False,
            )
            return
        if get_current_worker().is_cancelled:
            return
        self.app.call_from_thread(self._apply_hits, query, hits, total)

    def _apply_search_problem(self, query: str, problem: str, loud: bool) -> None:
        self._search_problem = problem
        self._problem_query = query
        self._update_title()
        if loud:
            said = _("Search: {problem}").format(problem=inert(problem))
            self.notify(said, severity="warning", markup=False)
            if self.filter_bar.active and self.filter_bar.mode == "search":
                self.filter_bar.mend()  # typing must not run the list's keys

    def _apply_hits(self, query: str, hits: list[Any], total: int | None = None) -> None:
        bar = self.filter_bar
        if bar.active and bar.mode == "search" and bar.value.strip() != query:
            return  # typed on since; a newer search is coming
        self.search_query = query
        self._search_problem = self._problem_query = ""
        self.doc_list.empty_text = _(
            "Nothing in the cache matches “{query}”. Esc ends the search."
        ).format(query=inert(query))
        self.doc_list.set_hits(hits, total)
        self._update_title()

    def _marked_words(self) -> str:
        """The words of the search to mark in an opened result: those it found (not
        the excluded ones, not fields or dates), as ``mark_words`` reads them."""
        from kvtui.query import QuerySyntaxError, found_texts, parse

        try:
            texts = found_texts(parse(self.search_query))
        except QuerySyntaxError:
            return ""
        return " ".join(t.text + ("*" if t.prefix else "") for t in texts)

    def sorted_numbers(self) -> list[str]:
        """Every listed number, case-folded order, for the palette's prefix lookup."""
        if self._sorted_numbers is None:
            self._sorted_numbers = sorted(self.doc_list.numbers(), key=str.casefold)
        return self._sorted_numbers

    def listed_title(self, number: str) -> str:
        """The title the list shows for ``number`` ("" when it is not listed)."""
        row = self.doc_list.row_for(number)
        return row.title if row is not None and row.title else ""

    # -- what the command palette asks (kvtui.ui.messages) ---------------------

    def on_open_number(self, event: OpenNumber) -> None:
        self.open_number(event.number)

    def on_fetch_number(self, event: FetchNumber) -> None:
        self.action_fetch(event.number, autostart=True)

    async def on_run_command(self, event: RunCommand) -> None:
        await self.run_action(event.action)

    def reload(self, *, keep: str | None = None) -> None:
        """Re-read the list after the cache changed (a fetch, a refresh)."""
        if keep:
            self.doc_list.move_to(keep)
        self._query_rows()

    # -- filter bar events ----------------------------------------------------

    def on_filter_bar_changed(self, event: FilterBar.Changed) -> None:
        if event.mode == "filter":
            self._filter_by(event.value)
        elif event.mode == "search":
            query = event.value.strip()
            if query:
                self._run_search(query, loud=False)
            else:
                self._end_search()
        elif event.mode == "find" and event.value.strip():
            self._find(event.value)

    def _rows_pending(self) -> bool:
        """True while a list query is still running (its rows are not shown yet)."""
        return any(
            w.group == "rows" and w.node is self and not w.is_finished for w in self.app.workers
        )

    def _open_highlighted(self) -> None:
        number = self.doc_list.current_number
        if number is not None:
            self._open_or_say(number)

    def _filter_by(self, value: str) -> None:
        self.filter_text = value
        self._query_rows()
        unknown = facets.parse(value).unknown
        if unknown:
            words = ", ".join(facets.PREFIX + f for f in (*facets.STATUSES, *facets.FLAGS))
            self.notify(
                _("Not a facet: {words}; use {facets}").format(
                    words=", ".join(inert(u) for u in unknown), facets=words
                ),
                severity="warning",
                markup=False,
            )

    def on_filter_bar_submitted(self, event: FilterBar.Submitted) -> None:
        if event.mode == "filter":
            if not event.value.strip():
                if self.filter_text:
                    self._filter_by("")
                self.filter_bar.close()
                self.doc_list.focus()
                return
            # Enter opens the highlighted set – once the list shows this filter's rows
            self.doc_list.focus()
            if event.value != self.filter_text:
                self._open_after_filter = True
                self._filter_by(event.value)
            elif self._rows_pending():
                self._open_after_filter = True
            else:
                self._open_highlighted()
        elif event.mode == "search":
            query = event.value.strip()
            if query and (query != self.search_query or self._search_problem):
                self._run_search(query)
            self.doc_list.focus()
        elif event.mode == "find":
            if event.value.strip():
                self._find(event.value)
            self.filter_bar.close()
            self.doc_view.focus()
        elif event.mode == "goto":
            self.filter_bar.close()
            self.doc_view.focus()
            self._goto(event.value)

    def _goto(self, text: str) -> None:
        """Go to the question the user numbered (as the source numbers it)."""
        if self.current is None:
            return
        view = self.doc_view
        count = view.question_count
        digits = text.strip()
        ok = digits.isascii() and digits.isdigit() and len(digits) <= 6
        index = view.question_for_number(int(digits)) if ok else None
        if index is None or not 0 <= index < count:
            said = ngettext(
                "No Vraag {digits} here: this set has {n} question (type a number from 1 to {n})",
                "No Vraag {digits} here: this set has {n} questions (type a number from 1 to {n})",
                count,
            )
            self.notify(
                said.format(digits=inert(digits), n=count),
                severity="warning",
                markup=False,
            )
            return
        view.go_to_question(index)

    def _find(self, text: str) -> None:
        if self.current is None:
            return
        found = self.doc_view.find(text)
        self.notify(
            ngettext("{n} match for “{text}”", "{n} matches for “{text}”", found).format(
                n=number(found), text=inert(text)
            ),
            timeout=2,
            markup=False,
        )

    def _end_search(self) -> None:
        self.search_query = ""
        self._search_problem = self._problem_query = ""
        self.doc_list.empty_text = self._empty_text(self.total)
        self.doc_list.clear_hits()
        self._update_title()

    # -- list events ----------------------------------------------------------

    def on_doc_list_highlighted(self, event: DocList.Highlighted) -> None:
        if not self.wide or event.number is None:
            return
        if self.current is not None and self.current.number == event.number:
            return
        if self._preview_timer is not None:
            self._preview_timer.stop()
        number = event.number
        self._preview_timer = self.set_timer(0.15, lambda: self._preview(number))

    def _preview(self, number: str) -> None:
        if self.wide and self.doc_list.current_number == number and not self.reading:
            self.open_number(number, focus=False, mark_read=False)

    def on_resize(self) -> None:
        self._sync_layout()

    def _sync_layout(self) -> None:
        if not self.wide and self.list_hidden:
            # the document alone, on a screen that is now narrow: that is reading
            self.remove_class("-list-hidden")
            if self.current is not None:
                self.add_class("-reading")
        if self.wide and self.current is None and self.doc_list.current_number:
            self._preview(self.doc_list.current_number)

    # -- opening --------------------------------------------------------------

    def open_number(
        self,
        number: str,
        *,
        focus: bool = True,
        mark_read: bool = True,
        at_end: bool = False,
    ) -> bool:
        """Show the Kamervraag known by any of its ids; False when it is not cached.

        A set that is one of the search results opens on its first matching passage
        (its last with ``at_end``, when ``N`` came back from the next result), marked;
        any other set opens where the reader left it.
        """
        kv = self._safe(lambda: self.cache.get(number), None)
        if kv is None:
            return False
        self._save_position()
        self.current = kv
        view = self.doc_view
        state = self._safe(lambda: self.cache.state(kv.number), None)
        view.show(kv, scroll_y=state.position if state is not None and state.position else None)
        hits = self.doc_list.hits
        self._result_query = ""
        if hits is not None and self.search_query and any(h.number == kv.number for h in hits):
            self._result_query = self.search_query
            view.mark_words(self._marked_words(), last=at_end)
        if mark_read:
            self._safe(lambda: self.cache.set_read(kv.number, True), None)
            self.doc_list.update_row(kv.number, read=True)
        if focus:
            self.add_class("-reading")
            view.focus()
        if self.doc_list.current_number != kv.number:
            self.doc_list.move_to(kv.number)
        self.refresh_bindings()
        self._update_title()
        return True

    def close_document(self) -> None:
        self._save_position()
        self.remove_class("-reading", "-list-hidden")
        bar = self.filter_bar
        if self.filter_text and not self.doc_list.searching and bar.mode != "filter":
            bar.show("filter", self.filter_text)  # find or go-to used the bar meanwhile
        if not self.wide:
            self.current = None
            self._result_query = ""
            self.doc_view.show(None)
        self.doc_list.focus()
        self.refresh_bindings()
        self._update_title()

    def _save_position(self) -> None:
        if self.current is None:
            return
        try:
            pos = int(self.doc_view.scroll_y)
        except Exception:
            return
        number = self.current.number
        self._safe(lambda: self.cache.set_position(number, pos), None)

    def on_unmount(self) -> None:
        self._save_position()

    def on_doc_list_selected(self, event: DocList.Selected) -> None:
        self._open_or_say(event.number)

    def _open_or_say(self, number: str) -> None:
        if not self.open_number(number):
            said = _("{number} is not in the cache").format(number=inert(number))
            self.notify(said, severity="warning", markup=False)

    # -- actions: moving ------------------------------------------------------

    def _nav(self, list_method: str, view_method: str) -> None:
        focused = self.focused
        if isinstance(focused, DocList):
            getattr(focused, list_method)()
        elif self.current is not None and self.reading:
            getattr(self.doc_view, view_method)(animate=False)
        else:
            getattr(self.doc_list, list_method)()

    def action_cursor_down(self) -> None:
        self._nav("cursor_down", "scroll_down")

    def action_cursor_up(self) -> None:
        self._nav("cursor_up", "scroll_up")

    def action_cursor_top(self) -> None:
        self._nav("cursor_top", "scroll_home")

    def action_cursor_bottom(self) -> None:
        self._nav("cursor_bottom", "scroll_end")

    def action_page_down(self) -> None:
        self._nav("page_down", "scroll_page_down")

    def action_page_up(self) -> None:
        self._nav("page_up", "scroll_page_up")

    def action_open(self) -> None:
        if isinstance(self.focused, DocList) or not self.reading:
            self.doc_list.select()

    def action_back(self) -> None:
        bar = self.filter_bar
        if bar.active and bar.input.has_focus:
            if bar.mode == "filter":
                if self.filter_text:
                    self.filter_text = ""
                    self._query_rows()
                bar.close()
                self.doc_list.focus()
            elif bar.mode == "search":
                bar.close()
                self._end_search()
                self.doc_list.focus()
            else:
                bar.close()
                self.doc_view.focus()
            return
        if self.reading:
            self.close_document()
            return
        if self.doc_list.searching:
            bar.close()
            self._end_search()
            return
        if self.filter_text:
            self.filter_text = ""
            bar.close()
            self._query_rows()

    def action_quit(self) -> None:
        self._save_position()
        self.app.exit()

    def action_close_document(self) -> None:
        self.close_document()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enable a command only where it applies (see ``commands.When``).

        Returning False also hides it from the footer, and lets a key shared by a
        list command and a reading command (``q``, ``/``) reach the one that applies.
        """
        when = commands.WHEN_BY_ACTION.get(action)
        if when == "list":
            return not self.reading
        if when == "reading":
            return self.reading
        if when == "doc":
            return self.current is not None
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()
        if self.wide:  # which pane has focus decides what the title bar leads with
            self._update_title()

    def _step_kamervraag(self, delta: int) -> None:
        doc_list = self.doc_list
        before = doc_list.cursor
        doc_list.cursor = before + delta
        if doc_list.cursor == before:
            self.notify(_("No more Kamervragen in that direction"), timeout=2)
            return
        number = doc_list.current_number
        if number:
            self.open_number(number, focus=self.reading or not self.wide)

    def action_next_kamervraag(self) -> None:
        self._step_kamervraag(+1)

    def action_prev_kamervraag(self) -> None:
        self._step_kamervraag(-1)

    # -- actions: the list ----------------------------------------------------

    def action_filter(self) -> None:
        if self.doc_list.searching:
            self._end_search()
        self.remove_class("-reading")
        self.filter_bar.open("filter", self.filter_text)

    def action_search(self) -> None:
        self.remove_class("-reading")
        # a query that could not run comes back to be mended, not the last good one
        self.filter_bar.open("search", self._problem_query or self.search_query)

    def action_find(self) -> None:
        if self.current is None:
            self.notify(_("Open a Kamervraag first"), timeout=2)
            return
        self.add_class("-reading")
        self.filter_bar.open("find", "")

    def action_goto_question(self) -> None:
        if not self._need_doc():
            return
        self.add_class("-reading")
        self.filter_bar.open("goto", "")

    def action_find_anywhere(self) -> None:
        self.action_find()

    def action_sort_cycle(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self._update_title()
        self._query_rows()
        how = _(SORTS[self.sort_index][1]) + self._order_word()
        self.notify(_("Sorted by {how}").format(how=how), timeout=2)

    def _order_word(self) -> str:
        return "" if self.descending else ", " + _("reversed")

    def action_sort_reverse(self) -> None:
        self.descending = not self.descending
        self._update_title()
        self._query_rows()
        word = _("reversed") if not self.descending else _("back to the usual order")
        how = f"{_(SORTS[self.sort_index][1])}, {word}"
        self.notify(_("Sorted by {how}").format(how=how), timeout=2)

    def _set_facets(self, text: str) -> None:
        """Filter the list by ``text`` (with its ``is:`` words) and show it in the bar."""
        if self.doc_list.searching:
            self.filter_bar.close()
            self._end_search()
        self.remove_class("-reading")
        self.filter_text = text
        if text:
            self.filter_bar.show("filter", text)
        else:
            self.filter_bar.close()
        self.doc_list.focus()
        self._query_rows()
        described = facets.describe(facets.parse(text))
        shown = described or _("every Kamervraag")
        self.notify(_("Showing {what}").format(what=shown), timeout=2)

    def action_filter_status(self) -> None:
        current = facets.parse(self.filter_text).status
        status = facets.next_status(current)
        self._set_facets(facets.with_word(self.filter_text, status, replacing=facets.STATUSES))

    def _toggle_flag(self, flag: str) -> None:
        on = getattr(facets.parse(self.filter_text), flag)
        word = None if on else flag
        self._set_facets(facets.with_word(self.filter_text, word, replacing=(flag,)))

    def action_filter_starred(self) -> None:
        self._toggle_flag("starred")

    def action_filter_unread(self) -> None:
        self._toggle_flag("unread")

    @property
    def list_hidden(self) -> bool:
        return self.has_class("-list-hidden")

    def action_toggle_list(self) -> None:
        """Hide the list so the document has the screen, or bring the list back.

        Narrow screens already show one or the other: there the key switches between
        the list and the document under the cursor.
        """
        if not self.wide:
            if self.reading:
                self.close_document()
            elif self.doc_list.current_number:
                self.open_number(self.doc_list.current_number)
            return
        if self.list_hidden:
            self.remove_class("-list-hidden")
            self.doc_list.focus()
        else:
            if self.current is None and self.doc_list.current_number:
                self.open_number(self.doc_list.current_number)
            if self.current is None:
                self.notify(_("Open a Kamervraag first (Enter on the list)"), timeout=2)
                return
            self.add_class("-list-hidden")
            self.doc_view.focus()
        self.refresh_bindings()
        self._update_title()

    def _target_number(self) -> str | None:
        if self.reading and self.current is not None:
            return self.current.number
        return self.doc_list.current_number

    def action_toggle_read(self) -> None:
        number = self._target_number()
        if number is None:
            return
        state = self._safe(lambda: self.cache.state(number), None)
        if state is None:
            return
        read = not state.read
        self._safe(lambda: self.cache.set_read(number, read), None)
        self.doc_list.update_row(number, read=read)
        said = _("{number} marked read") if read else _("{number} marked unread")
        self.notify(said.format(number=number), timeout=2, markup=False)

    def action_toggle_star(self) -> None:
        number = self._target_number()
        if number is None:
            return
        state = self._safe(lambda: self.cache.state(number), None)
        if state is None:
            return
        starred = not state.starred
        self._safe(lambda: self.cache.set_starred(number, starred), None)
        self.doc_list.update_row(number, starred=starred)
        said = _("{number} starred") if starred else _("{number} unstarred")
        self.notify(said.format(number=number), timeout=2, markup=False)

    # -- actions: the document (DocView does the work) ---------------------------

    def _need_doc(self) -> bool:
        if self.current is None:
            self.notify(_("Open a Kamervraag first (Enter on the list)"), timeout=2)
            return False
        return True

    def _on_document(self) -> bool:
        """True when n / N act on the open document rather than on the result list."""
        return self.current is not None and (self.reading or not self.doc_list.searching)

    def action_find_next(self) -> None:
        if self._on_document():
            view = self.doc_view
            if self._from_results() and view.match_index >= view.match_count - 1:
                self._step_result(+1)  # past the last match: on to the next result
            else:
                view.find_next()
        elif self.doc_list.searching:
            self.doc_list.cursor_down()

    def action_find_prev(self) -> None:
        if self._on_document():
            view = self.doc_view
            if self._from_results() and view.match_index <= 0:
                self._step_result(-1)  # before the first match: the previous result's last
            else:
                view.find_prev()
        elif self.doc_list.searching:
            self.doc_list.cursor_up()

    def _from_results(self) -> bool:
        """True when the open set came from the search results still listed."""
        return bool(self._result_query) and self.doc_list.searching

    def _step_result(self, delta: int) -> None:
        """Open the next (or previous) search result, on its first (or last) match."""
        doc_list = self.doc_list
        here = self._result_position()
        if here is None or not doc_list.searching:
            return
        step = result_walk.step_result(here, delta, len(doc_list), self._results_count())
        if step.target is None:
            self.notify(step.notice, timeout=step.timeout)
            return
        doc_list.cursor = step.target
        chosen = doc_list.current_number
        if chosen:
            self.open_number(chosen, focus=self.reading or not self.wide, at_end=delta < 0)

    def action_next_question(self) -> None:
        if self._need_doc():
            self.doc_view.next_question()

    def action_prev_question(self) -> None:
        if self._need_doc():
            self.doc_view.prev_question()

    def action_copy(self, scope: Scope) -> None:
        if not self._need_doc():
            return
        clipboard.copy(self.app, self.doc_view.text_for(scope), self._copy_what(scope))

    def _copy_what(self, scope: Scope) -> str:
        """``the answer to Vraag 3 of 2025Z02291``: what a copy took, in the message."""
        kv = self.current
        if kv is None:
            return scope
        number = inert(kv.number)
        if scope in ("question", "answer") and kv.questions:
            index = min(self.doc_view.current_index, len(kv.questions) - 1)
            q = kv.questions[index]
            label = inert(q.label) if q.label else (f"Vraag {q.number}" if q.number else "")
            label = label or _("question {n}").format(n=index + 1)
            if scope == "answer":
                return _("the answer to {label} of {number}").format(label=label, number=number)
            return _("{label} of {number}").format(label=label, number=number)
        if scope == "url":
            return _("the source URL of {number}").format(number=number)
        return _("all of {number}").format(number=number)

    # -- messages -------------------------------------------------------------

    def show_message(
        self, message: str, *, title: str = "", severity: str = "information", markup: bool = True
    ) -> None:
        """Say something on the message line above the footer.

        Toasts in the corner covered the text at 80 columns and vanished before they
        were read; this line takes its own row and stays until the next key.
        """
        content = _message_content(str(message), markup)
        if title:
            content = Content.assemble((f"{title}: ", "bold"), content)
        line = self.query_one("#message-line", Static)
        line.update(content)
        line.set_class(severity == "warning", "-warning")
        line.set_class(severity == "error", "-error")
        line.add_class("-shown")
        self._message_at = time.monotonic()
        self.messages.append((severity, content.plain))
        del self.messages[:-50]

    def _say(self, notice: refresh.Notice) -> None:
        self.notify(
            notice.text,
            severity=notice.severity,  # type: ignore[arg-type]
            timeout=notice.timeout,
            markup=notice.markup,
        )

    def clear_message(self) -> None:
        self.query_one("#message-line", Static).remove_class("-shown")

    def on_key(self, event: events.Key) -> None:
        # a key pressed after the message was shown clears it (not the key that caused it)
        if event.time > self._message_at:
            self.clear_message()

    def action_open_source(self) -> None:
        if not self._need_doc():
            return
        url = self.doc_view.text_for("url")
        if not url:
            self.notify(_("This Kamervraag has no source URL"), severity="warning", timeout=2)
            return
        links.open_url(self.app, url)

    def action_export(self) -> None:
        from kvtui.ui import export  # with render.markdown: ~15 ms the first screen skips

        if self._need_doc():
            export.export_with_notice(self.app, self.current)

    # -- actions: fetching ----------------------------------------------------

    def action_fetch(self, initial: str = "", autostart: bool = False) -> None:
        from kvtui.ui.screens.fetch import FetchScreen  # not needed for the first screen

        self.app.push_screen(FetchScreen(initial, autostart=autostart), self._fetched)

    def _fetched(self, number: str | None) -> None:
        if not number:
            return
        self.total = self._safe(self.cache.count, self.total)
        if self.open_number(number):
            self.reload(keep=self.current.number if self.current else None)
        else:
            self.reload()
            said = _("{number} fetched but not found in the cache").format(number=inert(number))
            self.notify(said, severity="warning")

    def action_refresh(self) -> None:
        if self._need_doc() and self.current is not None:
            self._refresh([self.current.number], reopen=self.current.number)

    def action_refresh_all(self) -> None:
        from kvtui.store.recheck import to_recheck  # the same sets as `kvtui refresh`

        numbers = [r.number for r, _ in self._safe(lambda: to_recheck(self.cache), [])]
        if not numbers:
            self.notify(_("No open, postponed or text-pending Kamervragen to refresh"), timeout=3)
            return
        self._refresh(numbers, reopen=self.current.number if self.current else None)

    @work(exclusive=True, group="refresh", exit_on_error=False)
    async def _refresh(self, numbers: list[str], reopen: str | None) -> None:
        if not await refresh.refresh(self.cache, numbers, self._say):  # type: ignore[arg-type]
            return
        if reopen and self.current is not None and self.current.number == reopen:
            kv = self._safe(lambda: self.cache.get(reopen), None)
            if kv is not None:
                self.current = kv
                self.doc_view.show(kv)
        self.reload(keep=self.doc_list.current_number)
