"""The subcommands that go on line: ``fetch``, ``refresh`` and ``sync``.

Data never goes to stdout here: progress, failures and the summary go to stderr, so a
script can run ``kvtui fetch … && kvtui show … --format json`` and read clean JSON.
Exit codes follow design.md: 0 all went well, 1 some numbers failed (each named on its
own line with its cause), 2 a usage error caught before any I/O.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from kvtui.numbers import DocNumber, InvalidNumber, parse_number
from kvtui.textsafe import inert

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class Progress:
    """A one-line bar on a terminal; plain lines (one per finished number) otherwise."""

    def __init__(self, stream: TextIO | None = None, *, tty: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self._drawn = False

    def __call__(self, event: Any) -> None:
        kind = getattr(event, "kind", "")
        if self.tty:
            total = getattr(event, "total", 0) or 0
            done = getattr(event, "done", 0) or 0
            width = 24
            filled = int(width * done / total) if total else 0
            line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {event.number}"
            self.stream.write("\r\x1b[2K" + inert(line)[:78])
            self._drawn = True
            if kind == "failed":
                self.stream.write("\r\x1b[2K" + inert(str(event)) + "\n")
        elif kind in ("fetched", "unchanged", "skipped", "failed", "listed"):
            self.stream.write(inert(str(event)) + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self._drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def _cache(args: argparse.Namespace) -> Any:
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


def _config(err: TextIO) -> Any:
    """The network configuration, or None after naming the ``KVTUI_*`` value that is bad."""
    from kvtui.sources.config import EnvError, ServiceConfig

    try:
        return ServiceConfig.from_env()
    except EnvError as exc:
        err.write(f"kvtui: {inert(str(exc))}\n")
        return None


def _report(report: Any, err: TextIO) -> int:
    for number, message in report.failed:
        err.write(f"kvtui: {inert(number)}: {inert(message)}\n")
    err.write(f"kvtui: {report.summary()}\n")
    return EXIT_FAILED if report.failed else EXIT_OK


def run_fetch(args: argparse.Namespace, *, err: TextIO | None = None) -> int:
    err = err or sys.stderr
    numbers = _numbers(list(getattr(args, "numbers", []) or []), err)
    if numbers is None:
        return EXIT_USAGE
    if not numbers:
        err.write("kvtui fetch: give at least one number\n")
        return EXIT_USAGE
    config = _config(err)
    if config is None:
        return EXIT_USAGE
    from kvtui.sources.fetch import fetch_numbers

    cache = _cache(args)
    progress = Progress(err)
    try:
        report = fetch_numbers(
            cache,
            numbers,
            force=bool(getattr(args, "force", False)),
            progress=progress,
            config=config,
        )
    finally:
        progress.close()
        _close(cache)
    return _report(report, err)


def run_refresh(args: argparse.Namespace, *, err: TextIO | None = None) -> int:
    """Re-check open, postponed and text-pending sets (all with ``--all``); say what changed.

    A set the Kamer calls answered while KOOP has not published the answer text yet is not
    complete, so it is re-checked like an open one until the text arrives.
    """
    err = err or sys.stderr
    config = _config(err)
    if config is None:
        return EXIT_USAGE
    from kvtui.sources.fetch import fetch_numbers

    cache = _cache(args)
    progress = Progress(err)
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
            err.write("kvtui: nothing to refresh\n")
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
        changed = 0
        for number in numbers:
            key = report.resolved.get(number.canonical, number.canonical)
            kv = cache.get(key)
            if kv is None:
                continue
            old = before.get(number.canonical)
            new = _state(kv.status, kv.overdue, kv.text_pending)
            if old != new:
                changed += 1
                err.write(f"kvtui: {inert(key)}: {old} → {new}\n")
        err.write(f"kvtui: checked {len(numbers)}, changed {changed}\n")
        return _report(report, err)
    finally:
        progress.close()
        _close(cache)


def _refresh_candidates(cache: Any, *, everything: bool) -> dict[str, str]:
    """Number → state line of each set to re-check, in list order.

    Open, postponed and text-pending sets all come from the index (one query each).
    """
    out: dict[str, str] = {}
    unfinished = ("open", "postponed")
    pending_numbers = cache.pending_numbers()
    for status in (None,) if everything else (*unfinished, "answered"):
        for r in cache.rows(status=status):
            value = getattr(r.status, "value", r.status)
            pending = value == "answered" and r.number in pending_numbers
            if value == "answered" and not (everything or pending):
                continue
            out[r.number] = _state(r.status, getattr(r, "overdue", False), pending)
    return out


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
        err.write("kvtui sync: --until is before --since\n")
        return EXIT_USAGE
    config = _config(err)
    if config is None:
        return EXIT_USAGE
    from kvtui.sources.fetch import sync_numbers

    cache = _cache(args)
    progress = Progress(err)
    try:
        report = sync_numbers(
            cache,
            since,
            until,
            force=bool(getattr(args, "force", False)),
            progress=progress,
            config=config,
        )
        if not report.failed:
            from kvtui.cli.watch import note_sync

            note_sync(cache, until)
    finally:
        progress.close()
        _close(cache)
    return _report(report, err)


def _state(status: Any, overdue: bool, text_pending: bool = False) -> str:
    value = str(getattr(status, "value", status))
    if text_pending:
        value += " (text pending)"
    return f"{value} (overdue)" if overdue else value


def _close(cache: Any) -> None:
    close = getattr(cache, "close", None)
    if close is not None:
        close()
