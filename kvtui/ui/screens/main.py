"""The main screen: the list of cached Kamervragen and the open document.

Narrow terminals (the 80×24 of an SSH session) show the list OR the document; from
120 columns they stand side by side and the document previews the row under the
cursor. Every action of the command registry that concerns the list or the document
lives here and delegates to the widget that owns the behaviour (``DocList``,
``DocView``), so keys, footer, help and palette all point at one implementation.

The cache is shown at once: the first page of rows is read on mount and the rest, like
every filter and search, in a thread worker, so nothing waits on SQLite or the network.
What needs no screen lives beside it, to be tested without the app: reading the list
for a filter, its orders and why it is empty (``kvtui.ui.listing``, ``kvtui.ui.facets``),
the walk through search results and the title's position phrase
(``kvtui.ui.result_walk``), read, starred and the place left in a set
(``kvtui.ui.reading``), find and go-to (``kvtui.ui.finding``), what a copy took
(``kvtui.ui.copying``), the message line (``kvtui.ui.message_line``) and fetching sets
again with what the reader is told of it (``kvtui.ui.refresh``). The parts say what
happened as ``Notice`` values; this screen routes keys and messages to them and shows
what they say.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from rich.text import Text
from textual import events, getters, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import get_current_worker

from kvtui.i18n import _, ngettext, number
from kvtui.model import Kamervraag
from kvtui.store.index import ListQuery, ListRow
from kvtui.store.interface import ReaderCache
from kvtui.textsafe import inert
from kvtui.ui import (
    commands,
    copying,
    facets,
    finding,
    listing,
    message_line,
    reading,
    refresh,
    result_walk,
)
from kvtui.ui.document_keys import DocumentKeys
from kvtui.ui.listing import SORTS
from kvtui.ui.messages import FetchNumber, OpenNumber, RunCommand
from kvtui.ui.notice import Notice
from kvtui.ui.widgets.doc_list import DocList, DocListPane
from kvtui.ui.widgets.doc_view import DocView
from kvtui.ui.widgets.filter_bar import FilterBar
from kvtui.ui.widgets.footer import KvFooter

if TYPE_CHECKING:
    import datetime as dt

FIRST_PAGE = 200  # rows shown before the whole list has been read
SEARCH_LIMIT = 200  # search results listed (ranked); a COUNT says how many there are
FIRST_PASSAGES = 30  # hits whose passages the search cuts; the list cuts others when drawn
REST_DELAY = 0.3  # seconds between the first page and reading the rest
PREVIEW_DELAY = 0.15  # seconds the cursor rests on a row before the wide screen shows it


def _move(list_method: str, view_method: str) -> Callable[[MainScreen], None]:
    """A moving key's action: ``list_method`` of the list, or ``view_method`` of the
    document when the reader is in it (``MainScreen._nav`` decides which)."""

    def action(screen: MainScreen) -> None:
        screen._nav(list_method, view_method)

    return action


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

    @property
    def reading_state(self) -> reading.ReadingState:
        """Read, starred and the place left, kept in the cache; failures told here."""
        return reading.ReadingState(self.cache, self._say)

    @property
    def document(self) -> DocumentKeys:
        """The keys that act on the open set."""
        return DocumentKeys(self, self._say)

    # -- layout ---------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("", id="title-bar", markup=False)
        yield FilterBar(id="filter-bar")
        with Horizontal(id="panes"):
            yield DocListPane(id="list-pane")
            with Vertical(id="detail-pane"):
                yield DocView(id="doc-view")
        yield Static("", id="message-line", markup=False)
        yield KvFooter(compact=True)

    doc_list = getters.query_one("#doc-list", DocList)
    doc_view = getters.query_one("#doc-view", DocView)
    filter_bar = getters.query_one("#filter-bar", FilterBar)

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
        return self.reading_state.safe(fn, default)

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
        """What the list shows; a search's or filter's count comes before its words, so
        that a long query (a URL) is what the title bar cuts, not the count."""
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
            said = _("search ({results}): “{query}”")
            out += " · " + said.format(
                query=inert(self.search_query), results=self._results_phrase()
            )
        elif self.filter_text:
            shown = _("filter ({n} shown): “{text}”")
            out += " · " + shown.format(text=inert(self.filter_text), n=number(len(doc_list)))
        return out

    def _results_phrase(self) -> str:
        doc_list = self.doc_list
        return result_walk.results_phrase(
            len(doc_list), doc_list.hits_total, newest_first=doc_list.hits_newest_first
        )

    def _doc_position(self) -> str:
        """``2025Z02291 · Vraag 3/8 · match 2 of 7 · result 3 of 41``."""
        kamervraag = self.current
        if kamervraag is None:
            return ""
        place = result_walk.Place.of(kamervraag.number, self.doc_view)
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
    def _query_rows(self) -> None:
        """Read the whole list for the filter and the order (the first page is on_mount's)."""
        self._rows_gen += 1
        gen = self._rows_gen
        query = facets.parse(self.filter_text)
        try:
            rows = listing.read_rows(
                self.cache, query, self.sort, self.descending, self.kv_app.today
            )
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
        """What an empty list says, with the keys this reader has."""
        keys = commands.effective_keys(commands.BY_ID["fetch"], getattr(self.app, "keymap", {}))
        return listing.empty_text(
            total,
            self.filter_text,
            cache_root=getattr(self.cache, "root", None),
            fetch_key=commands.key_display(keys[0], self.app) if keys else "?",
            clear_key=commands.key_display("escape", self.app),
        )

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _run_search(self, query: str, *, loud: bool = True) -> None:
        """Search in a thread. A query that cannot run (a syntax error, too costly) is
        told in a notice when submitted (``loud``); while it is being typed only the
        title bar says so, and the results of the last good query stay."""
        from kvtui.query import QuerySyntaxError
        from kvtui.store.index import QueryTooCostly

        try:
            # the true count comes with the page; passages only for the first screenful
            page = self.cache.search_page(query, limit=SEARCH_LIMIT, passages=FIRST_PASSAGES)
            # every hit's columns, also of those a filter leaves out of the list
            rows = self.cache.rows(ListQuery(numbers=tuple(hit.number for hit in page.hits)))
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
        self.app.call_from_thread(self._apply_hits, query, page, rows)

    def _apply_search_problem(self, query: str, problem: str, loud: bool) -> None:
        self._search_problem = problem
        self._problem_query = query
        self._update_title()
        if loud:
            said = _("Search: {problem}").format(problem=inert(problem))
            self.notify(said, severity="warning", markup=False)
            if self.filter_bar.active and self.filter_bar.mode == "search":
                self.filter_bar.mend()  # typing must not run the list's keys

    def _apply_hits(self, query: str, page: Any, rows: list[ListRow]) -> None:
        bar = self.filter_bar
        if bar.active and bar.mode == "search" and bar.value.strip() != query:
            return  # typed on since; a newer search is coming
        self.search_query = query
        self._search_problem = self._problem_query = ""
        self.doc_list.empty_text = _(
            "Nothing in the cache matches “{query}”. Esc ends the search."
        ).format(query=inert(query))
        terms = page.terms
        self.doc_list.set_hits(
            page.hits,
            page.total,
            newest_first=page.unranked,
            passage=lambda number: self.cache.passage(number, terms),
            rows=rows,
        )
        self._update_title()

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
            self.document.find(event.value)

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
            self.notify(facets.unknown_said(unknown), severity="warning", markup=False)

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
                self.document.find(event.value)
            self.filter_bar.close()
            self.doc_view.focus()
        elif event.mode == "goto":
            self.filter_bar.close()
            self.doc_view.focus()
            self.document.goto(event.value)

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
        self._preview_timer = self.set_timer(PREVIEW_DELAY, lambda: self._preview(number))

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
        state = self.reading_state
        kamervraag = state.get(number)
        if kamervraag is None:
            return False
        self._save_position()
        self.current = kamervraag
        view = self.doc_view
        view.show(kamervraag, scroll_y=state.position(kamervraag.number))
        hits = self.doc_list.hits
        self._result_query = ""
        if (
            hits is not None
            and self.search_query
            and any(h.number == kamervraag.number for h in hits)
        ):
            self._result_query = self.search_query
            view.mark_words(finding.marked_words(self.search_query), last=at_end)
        if mark_read:
            state.mark_read(kamervraag.number)
            self.doc_list.update_row(kamervraag.number, read=True)
        if focus:
            self.add_class("-reading")
            view.focus()
        if self.doc_list.current_number != kamervraag.number:
            self.doc_list.move_to(kamervraag.number)
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
        self.reading_state.save_position(self.current.number, pos)

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

    action_cursor_down = _move("cursor_down", "scroll_down")
    action_cursor_up = _move("cursor_up", "scroll_up")
    action_cursor_top = _move("cursor_top", "scroll_home")
    action_cursor_bottom = _move("cursor_bottom", "scroll_end")
    action_page_down = _move("page_down", "scroll_page_down")
    action_page_up = _move("page_up", "scroll_page_up")

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
        else:
            self._open_stepped_to()

    def _open_stepped_to(self, *, at_end: bool = False) -> None:
        """Open the set the list's cursor was stepped to, in the pane the reader is in."""
        number = self.doc_list.current_number
        if number:
            self.open_number(number, focus=self.reading or not self.wide, at_end=at_end)

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
        self.notify(listing.sort_said(self.sort_index, self.descending), timeout=2)

    def action_sort_reverse(self) -> None:
        self.descending = not self.descending
        self._update_title()
        self._query_rows()
        said = listing.sort_said(self.sort_index, self.descending, reversed_now=True)
        self.notify(said, timeout=2)

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
        self.notify(facets.showing(text), timeout=2)

    def action_filter_status(self) -> None:
        self._set_facets(facets.with_next_status(self.filter_text))

    def action_filter_starred(self) -> None:
        self._set_facets(facets.with_flag_turned(self.filter_text, "starred"))

    def action_filter_unread(self) -> None:
        self._set_facets(facets.with_flag_turned(self.filter_text, "unread"))

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

    def _toggle_state(self, flag: reading.Flag) -> None:
        number = self._target_number()
        toggled = self.reading_state.toggle(number, flag) if number is not None else None
        if number is not None and toggled is not None:
            self.doc_list.update_row(number, **{flag: toggled.value})
            self._say(toggled.notice)

    def action_toggle_read(self) -> None:
        self._toggle_state("read")

    def action_toggle_star(self) -> None:
        self._toggle_state("starred")

    # -- actions: the document (DocView does the work) ---------------------------

    def _need_doc(self) -> bool:
        return self.document.need_doc()

    def _on_document(self) -> bool:
        """True when n / N act on the open document rather than on the result list."""
        return self.current is not None and (self.reading or not self.doc_list.searching)

    def _find_step(self, delta: int) -> None:
        """``n`` / ``N``: the next (previous) match in the set, past its last (first) on
        to the next (previous) search result; on the result list, the next result."""
        if self._on_document():
            view = self.doc_view
            if self._from_results() and finding.leaves_set(
                delta, view.match_index, view.match_count
            ):
                self._step_result(delta)
            elif delta > 0:
                view.find_next()
            else:
                view.find_prev()
        elif self.doc_list.searching:
            self.doc_list.cursor += delta

    def action_find_next(self) -> None:
        self._find_step(+1)

    def action_find_prev(self) -> None:
        self._find_step(-1)

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
        self._open_stepped_to(at_end=delta < 0)

    def action_next_question(self) -> None:
        self.document.next_question()

    def action_prev_question(self) -> None:
        self.document.prev_question()

    def action_copy(self, scope: copying.Scope) -> None:
        self.document.copy(scope)

    def action_open_source(self) -> None:
        self.document.open_source()

    def action_export(self) -> None:
        self.document.export()

    # -- messages -------------------------------------------------------------

    def show_message(
        self, message: str, *, title: str = "", severity: str = "information", markup: bool = True
    ) -> None:
        """Say something on the message line above the footer.

        Toasts in the corner covered the text at 80 columns and vanished before they
        were read; this line takes its own row and stays until the next key.
        """
        content = message_line.content(str(message), title=title, markup=markup)
        line = self.query_one("#message-line", Static)
        line.update(content)
        line.set_class(severity == "warning", "-warning")
        line.set_class(severity == "error", "-error")
        line.add_class("-shown")
        self._message_at = time.monotonic()
        self.messages.append((severity, content.plain))
        del self.messages[: -message_line.KEPT]

    def _say(self, notice: Notice) -> None:
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
            kamervraag = self.reading_state.get(reopen)
            if kamervraag is not None:
                self.current = kamervraag
                self.doc_view.show(kamervraag)
        self.reload(keep=self.doc_list.current_number)
