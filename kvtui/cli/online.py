"""The subcommands that go on line: ``fetch``, ``refresh`` and ``sync``.

Data never goes to stdout here: progress, failures and the summary go to stderr, so a
script can run ``kvtui fetch … && kvtui show … --format json`` and read clean JSON.
Exit codes (``kvtui.cli.exits``): 0 all went well, 1 some numbers failed (each named
on its own line with its cause), 2 a usage error caught before any I/O.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from kvtui.cli.exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from kvtui.i18n import _
from kvtui.i18n import number as grouped  # "number" names document numbers here
from kvtui.numbers import DocNumber, InvalidNumber, parse_number
from kvtui.textsafe import inert

if TYPE_CHECKING:
    from kvtui.services.config import ServiceConfig
    from kvtui.services.fetch import FetchEvent, FetchReport
    from kvtui.store.cache import Cache
    from kvtui.store.interface import IndexCache, ReaderCache


class Progress:
    """A one-line bar on a terminal; plain lines (one per finished number) otherwise.

    Each number gets at most one line of outcome. On a terminal a failure is printed at
    once above the bar and remembered in ``told``, so the final report does not print it
    a second time; in a log the report prints it ("kvtui: NUMBER: cause"). With
    ``outcomes=False`` (``refresh``) no success gets a line; the caller says the rest.
    The bar (``kvtui.cli.progress``) estimates the time left from the pace since the
    first event; ``clock`` is there for tests. Colour only without NO_COLOR.
    """

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        tty: bool | None = None,
        outcomes: bool = True,
        clock: Callable[[], float] | None = None,
        colour: bool | None = None,
        columns: int | None = None,
    ) -> None:
        from kvtui.cli.progress import colour_allowed

        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.outcomes = outcomes
        self.told: set[str] = set()
        self._drawn = False
        self._clock = clock or time.monotonic
        real_tty = self.stream.isatty()
        self._colour = (real_tty and colour_allowed()) if colour is None else colour
        self._columns = columns
        self._started: float | None = None

    def __call__(self, event: FetchEvent) -> None:
        kind = getattr(event, "kind", "")
        now = self._clock()
        if self._started is None or kind == "listed":
            self._started = now  # the estimate counts from the first set, not the listing
        if self.tty and kind == "listed":
            self.stream.write("\r\x1b[2K" + inert(str(event)) + "\n")  # stays above the bar
        elif self.tty:
            from kvtui.cli.progress import bar_line

            line = bar_line(
                getattr(event, "done", 0) or 0,
                getattr(event, "total", 0) or 0,
                now - self._started,
                inert(event.number),
                columns=self._width(),
                colour=self._colour,
            )
            self.stream.write("\r\x1b[2K" + line)
            self._drawn = True
            if kind == "failed":
                self.stream.write("\r\x1b[2K" + inert(str(event)) + "\n")
                self.told.add(event.number)
        elif self.outcomes and kind in ("fetched", "unchanged", "skipped", "listed"):
            # A failure is left to the report: one "kvtui: NUMBER: cause" line per number.
            self.stream.write(inert(str(event)) + "\n")
        self.stream.flush()

    def _width(self) -> int:
        if self._columns is not None:
            return self._columns
        import shutil

        return shutil.get_terminal_size((80, 24)).columns

    def close(self) -> None:
        if self.tty and self._drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def _cache(args: argparse.Namespace) -> Cache:
    from kvtui.store.cache import Cache

    root = getattr(args, "cache", None)
    return Cache(Path(root) if root else Cache.default_root())


def _numbers(texts: list[str], err: TextIO) -> list[DocNumber] | None:
    out: list[DocNumber] = []
    for text in texts:
        try:
            out.append(parse_number(text))
        except InvalidNumber as exc:
            err.write(f"kvtui: {inert(str(exc))}\n")
            return None
    return out


def _config(err: TextIO) -> ServiceConfig | None:
    """The network configuration, or None after naming the ``KVTUI_*`` value that is bad."""
    from kvtui.services.config import EnvError, ServiceConfig

    try:
        return ServiceConfig.from_env()
    except EnvError as exc:
        err.write(f"kvtui: {inert(str(exc))}\n")
        return None


def summary(report: FetchReport) -> str:
    """One line whose parts add up to the numbers asked: each number is in one of them.

    ``FetchReport.fetched`` includes the unchanged ones; here they are apart, so one
    number never reads as "fetched 1, unchanged 1".
    """
    failed = [n for n, _msg in report.failed if n != "sync"]  # "sync": the listing, no number
    unchanged = len(report.unchanged)
    stored = len(report.fetched) - unchanged
    asked = stored + unchanged + len(report.skipped) + len(failed)
    said = _(
        "{asked} asked: stored {stored}, unchanged {unchanged}, skipped {skipped}, failed {failed}"
    )
    return said.format(
        asked=grouped(asked),
        stored=grouped(stored),
        unchanged=grouped(unchanged),
        skipped=grouped(len(report.skipped)),
        failed=grouped(len(failed)),
    )


def _failures(report: FetchReport, err: TextIO, told: set[str]) -> None:
    """Each failure not already printed by the progress display, once."""
    for number, message in report.failed:
        if number not in told:
            err.write(f"kvtui: {inert(number)}: {inert(message)}\n")


def _report(report: FetchReport, err: TextIO, told: set[str]) -> int:
    _failures(report, err, told)
    err.write(f"kvtui: {summary(report)}\n")
    return EXIT_FAILED if report.failed else EXIT_OK


def run_fetch(args: argparse.Namespace, *, err: TextIO | None = None) -> int:
    err = err or sys.stderr
    numbers = _numbers(list(getattr(args, "numbers", []) or []), err)
    if numbers is None:
        return EXIT_USAGE
    if not numbers:
        err.write("kvtui fetch: " + _("give at least one number") + "\n")
        return EXIT_USAGE
    force = bool(getattr(args, "force", False))

    def work(cache: Cache, progress: Progress, config: ServiceConfig) -> FetchReport:
        from kvtui.services.fetch import fetch_numbers

        return fetch_numbers(cache, numbers, force=force, progress=progress, config=config)

    return _run_online(args, err, work)


def _run_online(
    args: argparse.Namespace,
    err: TextIO,
    work: Callable[[Cache, Progress, ServiceConfig], FetchReport],
) -> int:
    """``fetch`` and ``sync``: the configuration checked, then ``work`` with the cache and
    a progress display, both closed however it ends; the failures and summary said."""
    config = _config(err)
    if config is None:
        return EXIT_USAGE
    cache = _cache(args)
    progress = Progress(err)
    try:
        report = work(cache, progress, config)
    finally:
        progress.close()
        _close(cache)
    return _report(report, err, progress.told)


def run_refresh(args: argparse.Namespace, *, err: TextIO | None = None) -> int:
    """Re-check open, postponed and text-pending sets (all with ``--all``); say what changed.

    A set the Kamer calls answered while KOOP has not published the answer text yet is not
    complete, so it is re-checked like an open one until the text arrives.
    """
    err = err or sys.stderr
    config = _config(err)
    if config is None:
        return EXIT_USAGE
    from kvtui.services.fetch import fetch_numbers

    cache = _cache(args)
    progress = Progress(err, outcomes=False)
    try:
        before = _refresh_candidates(cache, everything=bool(getattr(args, "all", False)))
        from kvtui.cli.watch import followed_first

        numbers: list[DocNumber] = []
        for number in followed_first(cache, list(before)):
            try:
                numbers.append(parse_number(number))
            except InvalidNumber:
                continue
        if not numbers:
            err.write("kvtui: " + _("nothing to refresh") + "\n")
            return EXIT_OK
        report = fetch_numbers(
            cache,
            numbers,
            force=True,
            progress=progress,
            config=config,
            deadline=config.sync_deadline,
        )
        progress.close()
        failed = {n for n, _msg in report.failed} & {n.canonical for n in numbers}
        changed = unchanged = 0
        for number in numbers:
            if number.canonical in failed:
                continue
            key = report.resolved.get(number.canonical, number.canonical)
            kamervraag = cache.get(key)
            old = before.get(number.canonical)
            new = (
                _state(kamervraag.status, kamervraag.overdue, kamervraag.text_pending)
                if kamervraag is not None
                else old
            )
            if old != new:
                changed += 1
                err.write(f"kvtui: {inert(key)}: {old} → {new}\n")
            else:
                unchanged += 1
        _failures(report, err, progress.told)
        # One line, whose parts add up to the numbers checked.
        said = _("checked {n}: changed {changed}, unchanged {unchanged}, failed {failed}")
        err.write(
            "kvtui: "
            + said.format(
                n=grouped(len(numbers)),
                changed=grouped(changed),
                unchanged=grouped(unchanged),
                failed=grouped(len(failed)),
            )
            + "\n"
        )
        return EXIT_FAILED if report.failed else EXIT_OK
    finally:
        progress.close()
        _close(cache)


def _refresh_candidates(cache: ReaderCache, *, everything: bool) -> dict[str, str]:
    """Number → state line of each set to re-check (``store.recheck``), in list order."""
    from kvtui.store.recheck import to_recheck

    return {
        r.number: _state(r.status, getattr(r, "overdue", False), pending)
        for r, pending in to_recheck(cache, everything=everything)
    }


def run_sync(args: argparse.Namespace, *, err: TextIO | None = None) -> int:
    err = err or sys.stderr
    since = getattr(args, "since", None)
    until = getattr(args, "until", None)
    if since is None:  # continue from the last complete sync
        from kvtui.cli.watch import sync_start

        with _cache(args) as cache:
            since = sync_start(cache, err)
        if since is None:
            return EXIT_USAGE
    if until is not None and until < since:
        err.write("kvtui sync: " + _("--until is before --since") + "\n")
        return EXIT_USAGE
    force = bool(getattr(args, "force", False))

    def work(cache: Cache, progress: Progress, config: ServiceConfig) -> FetchReport:
        from kvtui.services.fetch import sync_numbers

        report = sync_numbers(
            cache,
            since,
            until,
            force=force,
            progress=progress,
            config=config,
            order=lambda numbers: _followed_first(cache, numbers),
        )
        if not report.failed:
            from kvtui.cli.watch import note_sync

            note_sync(cache, until)
        return report

    return _run_online(args, err, work)


def _followed_first(cache: IndexCache, numbers: list[str]) -> list[str]:
    """A sync's listed numbers with the followed sets first: those a watch rule follows
    in the cache, and those a number rule names that the cache does not hold yet."""
    from kvtui.cli.watch import followed_first
    from kvtui.numbers import parse_number_or_none
    from kvtui.store import watch as store

    rules = cache.with_state(lambda conn, _t: store.rules(conn))
    named = {parse_number_or_none(r.value) for r in rules if r.kind == "number"}
    wanted = {n.zaak for n in named if n is not None and n.zaak}
    ordered = followed_first(cache, numbers)
    return [n for n in ordered if n in wanted] + [n for n in ordered if n not in wanted]


def _state(status: Any, overdue: bool, text_pending: bool = False) -> str:
    """Where a set stands, in the words of ``kvtui list`` and the reader; precise enough
    that every change of status, lateness or published text counts as one."""
    from kvtui.model import Status
    from kvtui.render.outline import status_word

    value = status_word(Status(status)) if isinstance(status, str | Status) else str(status)
    if text_pending:
        value += f" ({_('text pending')})"
    overdue_word = status_word(Status.OPEN, overdue=True)  # "postponed (overdue)" stays apart
    return f"{value} ({overdue_word})" if overdue else value


def _close(cache: object) -> None:
    close = getattr(cache, "close", None)
    if close is not None:
        close()
