"""The fetch dialog: type any accepted number, see at once whether it is one, fetch it.

Validation runs on every keystroke through ``kvtui.numbers.parse_number`` – the same gate
the command line uses – so nothing that would be refused ever reaches the network.

Escape while a fetch runs *closes the dialog and lets the fetch finish in the
background*: the worker belongs to the app, not to this screen, so the reader stays
usable and the work is not thrown away. When it ends the user gets a notification, and
the app receives ``FetchScreen.Fetched`` (success) so it can refresh its list. While
the dialog is open, success dismisses it with the number and failure is shown in the
dialog, which stays open for another try.
"""

from __future__ import annotations

import threading
from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, ProgressBar, Static
from textual.worker import Worker, WorkerState

from kvtui.i18n import N_, _
from kvtui.numbers import DocNumber, InvalidNumber, parse_number
from kvtui.textsafe import inert
from kvtui.ui import commands

LOG_LINES = 6
UNAVAILABLE = "fetching is not available in this installation (kvtui.services.fetch is missing)"


def describe_failure(exc: BaseException) -> str:
    """One line for an exception that escaped ``fetch_many`` (``kvtui.services.errors``)."""
    from kvtui.services.errors import describe

    return describe(exc)


def _deadline_line() -> str:
    """What the reader may expect: ``fetch_many`` gives up after ``KVTUI_DEADLINE``."""
    from kvtui.services.config import ServiceConfig  # a bad value raises EnvError (.message)

    return _("gives up after {seconds} s").format(seconds=f"{ServiceConfig.from_env().deadline:g}")


class FetchScreen(ModalScreen[str | None]):
    """Ask for a number, fetch it into the cache, dismiss with the number on success."""

    DEFAULT_CSS = """
    FetchScreen {
        align: center middle;
    }
    FetchScreen > #fetch-dialog {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    FetchScreen #fetch-title {
        text-style: bold;
    }
    FetchScreen #fetch-validation {
        height: auto;
        margin-bottom: 1;
    }
    FetchScreen #fetch-validation.-invalid {
        color: $error;
    }
    FetchScreen #fetch-validation.-valid {
        color: $success;
    }
    FetchScreen #fetch-progress {
        display: none;
    }
    FetchScreen.-running #fetch-progress {
        display: block;
    }
    FetchScreen #fetch-log {
        display: none;
        height: auto;
        max-height: 8;
        color: $text-muted;
    }
    FetchScreen #fetch-error {
        height: auto;
        display: none;
        color: $error;
        text-style: bold;
    }
    FetchScreen.-failed #fetch-error {
        display: block;
    }
    FetchScreen #fetch-hint {
        color: $text-muted;
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), show=True),
    ]

    class Fetched(Message):
        """A fetch that went on after the dialog closed has finished well."""

        def __init__(self, number: str) -> None:
            self.number = number
            super().__init__()

    def __init__(self, initial: str = "", *, force: bool = False, autostart: bool = False) -> None:
        """``force`` re-fetches what is cached (refresh); ``autostart`` fetches ``initial``
        at once when it is valid (``kvtui NUMBER`` on the command line)."""
        super().__init__()
        self.initial = initial
        self.force = force
        self.autostart = autostart
        self.fetch_worker: Worker[Any] | None = None
        self._dialog_closed = False
        self._progress_lines: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="fetch-dialog"):
            yield Static(_("Fetch a Kamervraag"), id="fetch-title")
            yield Input(
                value=self.initial,
                placeholder=_("2020Z12161, kv-tk-…, ah-tk-…, 2020D…, or a URL"),
                id="fetch-input",
                max_length=2000,
            )
            yield Static("", id="fetch-validation", markup=False)
            yield ProgressBar(
                total=None, show_eta=False, show_percentage=False, id="fetch-progress"
            )
            yield Static("", id="fetch-log", markup=False)
            yield Static("", id="fetch-error", markup=False)
            enter, esc = (commands.key_display(k, self.app) for k in ("enter", "escape"))
            hint = f"{enter}: {_('fetch')}   {esc}: {_('close')}"
            yield Static(hint, id="fetch-hint", markup=False)

    def on_mount(self) -> None:
        commands.localize(self._bindings)
        self._validate(self.initial)
        if self.autostart and self.initial:
            self.start(self.initial)

    # -- validation ----------------------------------------------------------

    @on(Input.Changed, "#fetch-input")
    def _changed(self, event: Input.Changed) -> None:
        self._validate(event.value)

    def _validate(self, value: str) -> DocNumber | None:
        """Show ✓ with the canonical form, or ✗ with the short reason; returns the number."""
        label = self.query_one("#fetch-validation", Static)
        label.remove_class("-valid", "-invalid")
        if not value.strip():
            label.update(_("Type a number, e.g. 2020Z12161"))
            return None
        try:
            number = parse_number(value)
        except InvalidNumber as exc:
            label.add_class("-invalid")
            label.update(Content(f"✗ {inert(exc.reason)}"))
            return None
        label.add_class("-valid")
        label.update(Content(f"✓ {number.canonical}"))
        return number

    @on(Input.Submitted, "#fetch-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.start(event.value)

    # -- fetching ------------------------------------------------------------

    def start(self, value: str) -> Worker[Any] | None:
        """Validate ``value`` and fetch it in an app-level worker (see module docstring)."""
        number = self._validate(value)
        if number is None:
            try:
                parse_number(value)
            except InvalidNumber as exc:
                self._fail(inert(str(exc)))
            return None
        if self.fetch_worker is not None and self.fetch_worker.state in (
            WorkerState.PENDING,
            WorkerState.RUNNING,
        ):
            self.fetch_worker.cancel()
        self._progress_lines = []
        self._show_log()
        self.remove_class("-failed")
        self.add_class("-running")
        self.fetch_worker = self.app.run_worker(
            self._fetch(number),
            name=f"fetch {number.canonical}",
            group="kvtui-fetch",
            description=f"Fetching {number.canonical}",
            exit_on_error=False,
        )
        return self.fetch_worker

    async def _fetch(self, number: DocNumber) -> None:
        """Runs in the app's worker; every failure becomes a message, never an exception."""
        try:
            from kvtui.services.fetch import fetch_many
        except ImportError:
            self._finish_failed(UNAVAILABLE)
            return
        try:
            self._add_log(_deadline_line())
            cache = self.app.cache  # type: ignore[attr-defined]
            report = await fetch_many(cache, [number], force=self.force, progress=self._progress)
        except Exception as exc:
            self._finish_failed(describe_failure(exc))
            return
        failed = list(getattr(report, "failed", None) or [])
        if failed:
            self._finish_failed("; ".join(f"{n}: {m}" for n, m in failed))
            return
        self._finish_ok(number.canonical)

    def _progress(self, event: object) -> None:
        """``fetch_many``'s progress callback: one human line per event."""
        if threading.current_thread() is not threading.main_thread():
            self.app.call_from_thread(self._add_log, str(event))
        else:
            self._add_log(str(event))

    def _add_log(self, line: str) -> None:
        self._progress_lines.append(inert(line))
        del self._progress_lines[:-LOG_LINES]
        if not self._dialog_closed:
            self._show_log()

    def _show_log(self) -> None:
        log = self.query_one("#fetch-log", Static)
        log.update(Content("\n".join(self._progress_lines)))
        log.display = bool(self._progress_lines)

    def _finish_ok(self, number: str) -> None:
        if self._dialog_closed:
            said = _("Fetched {number}").format(number=number)
            self.app.notify(said, title=_("Fetch"), markup=False)
            self.app.post_message(self.Fetched(number))
            return
        self.remove_class("-running")
        if self.is_current:
            self.dismiss(number)
        else:  # another screen went on top meanwhile: report instead of dismissing
            self._dialog_closed = True
            self._finish_ok(number)

    def _finish_failed(self, message: str) -> None:
        if self._dialog_closed:
            said = _("Fetch failed: {error}").format(error=inert(message))
            self.app.notify(said, title=_("Fetch"), severity="error", markup=False)
            return
        self._fail(message)

    def _fail(self, message: str) -> None:
        self.remove_class("-running")
        self.add_class("-failed")
        # The message names the cause; the progress above it ended on the same words.
        self._progress_lines = []
        self._show_log()
        said = _("Failed: {error}").format(error=inert(message))
        self.query_one("#fetch-error", Static).update(Content(said))

    # -- closing -------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.fetch_worker is not None and self.fetch_worker.state in (
            WorkerState.PENDING,
            WorkerState.RUNNING,
        )

    def action_close(self) -> None:
        """Close; a running fetch goes on in the background and reports by notification."""
        if self.running:
            self.app.notify(_("Fetch continues in the background"), markup=False)
        self._dialog_closed = True
        self.dismiss(None)

    def on_unmount(self, event: events.Unmount) -> None:
        self._dialog_closed = True
