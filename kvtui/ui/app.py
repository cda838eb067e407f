"""The reader application: cache, config, theme, keymap and the main screen.

``KvtuiApp`` owns what is app-wide and nothing else: ``self.cache`` (a
``kvtui.store.cache.Cache`` or anything that is a ``ReaderCache``), ``self.today`` (fixed in tests
and snapshots so "overdue" and day counts do not drift), the config (theme remembered,
keys remapped by command id) and the number the command line asked for. Screens do the work.
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, InvalidThemeError
from textual.binding import Binding

from kvtui import i18n
from kvtui.i18n import _
from kvtui.numbers import InvalidNumber, parse_number
from kvtui.store.interface import ReaderCache
from kvtui.textsafe import inert
from kvtui.ui import commands
from kvtui.ui.config import Config, load_config, save_config
from kvtui.ui.palette import KvtuiCommands
from kvtui.ui.reading import NOT_KEPT_AT_START, state_kept
from kvtui.ui.screens.help import HelpScreen
from kvtui.ui.screens.main import MainScreen

if TYPE_CHECKING:
    from kvtui.ui.screens.fetch import FetchScreen  # the dialog loads when first opened


NEWS_DELAY_S = 0.5  # start-up news waits this long, so it does not slow the first paint


class KvtuiApp(App[None]):
    TITLE = "kvtui"
    CSS_PATH = "kvtui.tcss"
    BINDINGS: ClassVar[list[Binding]] = commands.bindings("app")  # type: ignore[assignment]
    COMMANDS: ClassVar = App.COMMANDS | {KvtuiCommands}
    COMMAND_PALETTE_BINDING: ClassVar[str] = commands.BY_ID["palette"].keys

    def __init__(
        self,
        cache: ReaderCache,
        *,
        today: dt.date | None = None,
        start_number: str | None = None,
        config: Config | None = None,
    ) -> None:
        super().__init__()
        self.cache = cache
        self.today = today or dt.date.today()
        self.start_number = start_number
        self.config = config if config is not None else load_config()
        i18n.set_language(i18n.choose(self.config.language))
        # Over SSH every animation frame is traffic; off unless asked for.
        self.animation_level = "full" if self.config.animations else "none"
        self._theme_ready = False

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Run the reader, with the collector's start-up work out of the first screen.

        The imports leave ~40,000 objects that live as long as the process; frozen,
        no collection walks them again (a full one took 30-45 ms of the first screen,
        which the bare Textual app, with fewer objects, never triggers). The
        collector then waits until the first screen has painted (``_after_start``).
        """
        gc.freeze()
        gc.disable()
        try:
            return super().run(*args, **kwargs)
        finally:
            gc.enable()

    @property
    def keymap(self) -> dict[str, str]:
        return dict(self.config.keymap)

    def get_default_screen(self) -> MainScreen:
        screen = MainScreen()
        # The width class the screen's first resize would give it (Textual applies
        # HORIZONTAL_BREAKPOINTS on resize), given now: that resize then changes no
        # class, and the screen is not styled a second time before its first paint.
        breakpoints = sorted(MainScreen.HORIZONTAL_BREAKPOINTS, reverse=True)
        width_class = next((n for at, n in breakpoints if self.size.width >= at), "")
        for _at, name in breakpoints:
            screen.set_class(name == width_class, name, update=False)
        return screen

    def on_mount(self) -> None:
        # Asked first: attaching the reader state may add a cache warning of its own. A
        # cache that fails here says so where the marks are first used.
        kept = state_kept(self.cache)
        take = getattr(self.cache, "take_warnings", None)
        for warning in take() if take is not None else ():  # e.g. a file left out, a full disk
            self.notify(warning, severity="warning", timeout=10)
        if not kept:
            self.notify(_(NOT_KEPT_AT_START), severity="warning", markup=False, timeout=10)
        for warning in self.config.warnings:
            self.notify(inert(warning), severity="warning", markup=False, timeout=8)
        unknown = commands.unknown_ids(self.config.keymap)
        if unknown:
            self.notify(
                _("config: no command with id {ids}").format(
                    ids=", ".join(inert(u) for u in unknown)
                ),
                severity="warning",
                markup=False,
                timeout=8,
            )
        # Half a second on, when the first screen has painted: the news worker (the
        # watch list's module with Textual's DataTable, and the change query) competes
        # with the first paint for the interpreter, ~50 ms of it even in a thread.
        self.set_timer(NEWS_DELAY_S, self._start_news)
        # Not Textual's set_keymap: it also drops other commands' bindings on a rebound
        # key. Screens apply the keymap to their own bindings when they mount.
        commands.apply_keymap(self._bindings, self.keymap)
        if self.config.theme:
            try:
                self.theme = self.config.theme
            except InvalidThemeError:
                self.notify(
                    _("config: unknown theme {name}").format(name=repr(inert(self.config.theme))),
                    severity="warning",
                    markup=False,
                )
        self._theme_ready = True
        if self.start_number:
            self.call_after_refresh(self._open_start_number, self.start_number)

    def _start_news(self) -> None:
        gc.enable()  # held off by ``run`` until now, when the first screen has painted
        self.run_worker(self._news, thread=True, group="news")

    def _news(self) -> None:
        from kvtui.ui.screens.watching import news_since_last_visit

        news_since_last_visit(self)

    def _open_start_number(self, text: str) -> None:
        main = self.get_main_screen()
        try:
            number = parse_number(text)
        except InvalidNumber as exc:
            self.notify(inert(str(exc)), severity="error", markup=False)
            return
        key = number.zaak or number.canonical
        if main.open_number(key) or main.open_number(number.canonical):
            return
        main.action_fetch(number.canonical, autostart=True)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification, whoever raises it, is shown inert and never as markup.

        Messages carry numbers, titles, file names and error texts that may come from a
        document or from a cache someone else made; one choke point here (screens and
        widgets notify through the app) keeps their controls and markup from acting.
        On the main screen they go to its message line (a toast would cover the text and
        vanish); over a dialog they are toasts. Thread-safe like ``App.notify``: a
        worker's message is handed to the app's thread.
        """
        if self._thread_id != threading.get_ident():
            self.call_from_thread(
                self.notify, message, title=title, severity=severity, timeout=timeout
            )
            return
        text, heading = inert(str(message)), inert(str(title))
        screen = self.screen if self._screen_stack else None
        if isinstance(screen, MainScreen) and screen.is_mounted:
            screen.show_message(text, title=heading, severity=severity, markup=False)
            return
        kwargs: dict[str, Any] = {"title": heading, "severity": severity}
        if timeout is not None:
            kwargs["timeout"] = timeout
        super().notify(text, markup=False, **kwargs)

    def get_main_screen(self) -> MainScreen:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("no main screen")

    def on_fetch_screen_fetched(self, event: FetchScreen.Fetched) -> None:
        """A fetch finished after its dialog was closed: show it in the list."""
        self.get_main_screen().reload()

    def watch_theme(self, theme: str) -> None:
        if not self._theme_ready or theme == self.config.theme:
            return
        self.config.theme = theme
        try:
            # Re-read so hand edits made while the reader ran are kept.
            fresh = load_config(self.config.path)
            fresh.theme = theme
            save_config(fresh, self.config.path)
        except OSError as exc:
            said = _("Could not save the theme: {error}").format(error=exc)
            self.notify(said, severity="warning", markup=False)

    def action_overdue_board(self) -> None:
        from kvtui.ui.screens.overdue import OverdueScreen

        if not isinstance(self.screen, OverdueScreen):
            self.push_screen(OverdueScreen())

    def action_statistics(self) -> None:
        from kvtui.ui.screens.stats import StatsScreen

        if not isinstance(self.screen, StatsScreen):
            self.push_screen(StatsScreen())

    def action_watch_list(self) -> None:
        from kvtui.ui.screens.watching import WatchScreen

        if not isinstance(self.screen, WatchScreen):
            self.push_screen(WatchScreen())

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(self.keymap))
