"""``kvtui watch add|list|rm`` and ``kvtui new``: what the reader follows, what changed.

Offline and light: the index and ``state.sqlite`` only (``kvtui.store.watch``), no
parser, no httpx (unless ``new --refresh``), no Textual. ``new`` is made for cron: it
prints nothing and exits 0 when nothing changed; the changes go to stdout, one line (or
one JSON object) each, and to ``notify_cmd`` from config.toml when one is set. The
statuses it reported are remembered only once the report is out (and the notifier
succeeded), so a failed run reports the same changes again next time.
"""

from __future__ import annotations

import sys

from kvtui.cli.exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from kvtui.i18n import N_, _, ngettext, number
from kvtui.textsafe import inert
from kvtui.whitespace import fold_all

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    import datetime as dt
    import sqlite3
    from collections.abc import Callable
    from typing import TextIO

    from kvtui.store.cache import Cache
    from kvtui.store.interface import IndexCache
    from kvtui.store.watch import Change
    from kvtui.watch import Rule

NOTIFY_TIMEOUT = 60.0  # seconds a notify_cmd may take before it counts as failed


def add_parsers(
    sub: Callable[[str, str], argparse.ArgumentParser],
    common: Callable[..., None],
) -> None:
    """Register ``watch`` (with add, list, rm) and ``new`` on the CLI's parser table."""
    from kvtui.watch import KINDS

    p = sub("watch", N_("watch rules: searches, people, parties, ministries, topics, numbers"))
    actions = p.add_subparsers(dest="action", required=True, metavar="add|list|rm")
    a = actions.add_parser("add", help=N_("follow KIND VALUE"), prog="kvtui watch add")
    a.add_argument("kind", choices=KINDS, metavar="KIND", help=N_("one of: %(choices)s"))
    a.add_argument("value", nargs="+", metavar="VALUE")
    common(a, top=False)
    a = actions.add_parser("list", help=N_("the watch rules"), prog="kvtui watch list")
    a.add_argument("--json", action="store_true")
    common(a, top=False)
    a = actions.add_parser("rm", help=N_("remove rule ID"), prog="kvtui watch rm")
    a.add_argument("id", type=int, metavar="ID")
    common(a, top=False)

    p = sub("new", N_("what changed since the last 'kvtui new' (nothing printed: nothing new)"))
    p.add_argument("--json", action="store_true", help=N_("one object per change"))
    p.add_argument(
        "--refresh", action="store_true", help=N_("run 'kvtui refresh' and 'kvtui sync' first")
    )


def _err(message: str) -> None:
    print(f"kvtui: {inert(message)}", file=sys.stderr)


def _out(text: str, *, json: bool = False) -> None:
    from kvtui.cli.offline import _write

    _write(text, json=json)


# -- watch --------------------------------------------------------------------


def run_watch(args: argparse.Namespace) -> int:
    from kvtui.cli.offline import open_cache, say_warnings

    action = getattr(args, "action", None)
    if action == "add":
        from kvtui.watch import BadRule, check_rule

        try:
            kind, value = check_rule(args.kind, " ".join(args.value))
        except BadRule as exc:
            _err(f"watch: {exc}")
            return EXIT_USAGE
    with open_cache(args, create=action == "add") as cache:  # list and rm only read first
        try:
            if action == "add":
                return _add(cache, kind, value)
            if action == "rm":
                return _remove(cache, int(args.id))
            return _list(cache, json=bool(getattr(args, "json", False)))
        finally:
            say_warnings(cache)


def _add(cache: Cache, kind: str, value: str) -> int:
    from kvtui.store import watch as store

    if not cache.state_saved:
        _err("watch: " + _("this cache cannot be written; the rule was not saved"))
        return EXIT_FAILED
    rule, created = cache.with_state(lambda conn, _t: store.add_rule(conn, kind, value))
    count = cache.with_state(lambda conn, _t: len(store.matches(conn, rule)))
    what = _("added") if created else _("already watched as")
    sets = ngettext("{n} cached set", "{n} cached sets", count).format(n=number(count))
    _out(inert(f"{what} {rule.id}: {rule.label()} ({sets})"))
    return EXIT_OK


def _remove(cache: Cache, rule_id: int) -> int:
    from kvtui.store import watch as store

    if not cache.state_saved:
        _err("watch: " + _("this cache cannot be written; no rule was removed"))
        return EXIT_FAILED
    rule = cache.with_state(lambda conn, _t: store.remove_rule(conn, rule_id))
    if rule is None:
        _err(
            "watch: " + _("there is no rule {id} (kvtui watch list shows them)").format(id=rule_id)
        )
        return EXIT_FAILED
    _out(inert(f"{_('removed')} {rule.id}: {rule.label()}"))
    return EXIT_OK


def _list(cache: IndexCache, *, json: bool) -> int:
    from kvtui.store import watch as store

    def collect(conn: sqlite3.Connection, _today: dt.date) -> list[tuple[Rule, int]]:
        return [(r, len(store.matches(conn, r))) for r in store.rules(conn)]

    found = cache.with_state(collect)
    if json:
        from kvtui.render.json import dumps

        _out(dumps([{**r.to_json(), "sets": n} for r, n in found]), json=True)
        return EXIT_OK
    if not found:
        print(_("no watch rules (kvtui watch add KIND VALUE)"), file=sys.stderr)
        return EXIT_OK
    width = max(len(str(r.id)) for r, _n in found)
    for rule, n in found:
        sets = ngettext("{n} set", "{n} sets", n).format(n=number(n))
        _out(inert(f"{rule.id:>{width}}  {rule.kind:<8}  {rule.value}  ({sets})"))
    return EXIT_OK


# -- new ----------------------------------------------------------------------


def _line(change: Change) -> str:
    from kvtui.render.outline import WATCH_CHANGES, change_word, no_title

    title = fold_all(change.title or no_title())
    rule = f"  [watch {change.rule.id}: {change.rule.label()}]" if change.rule else ""
    width = max(len(change_word(c)) for c in WATCH_CHANGES)
    return inert(f"{change_word(change.change):<{width}}  {change.number}  {title}{rule}")


def _refresh(args: argparse.Namespace) -> bool:
    """``kvtui refresh``, then ``kvtui sync`` from where the last one ended (when one has
    completed in this cache: without one there is no period to continue). Quiet: their
    output is shown only when something failed, so cron hears only of changes."""
    import argparse as _argparse
    import io

    from kvtui.cli.offline import open_cache
    from kvtui.cli.online import run_refresh, run_sync
    from kvtui.store import watch as store

    root = getattr(args, "cache", None)
    buffer = io.StringIO()
    ok = run_refresh(_argparse.Namespace(cache=root, all=False), err=buffer) == EXIT_OK
    with open_cache(args) as cache:
        synced = cache.with_state(lambda conn, _t: store.last_sync(conn)) is not None
    if synced:
        plain = _argparse.Namespace(cache=root, since=None, until=None, force=False)
        ok = run_sync(plain, err=buffer) == EXIT_OK and ok
    if not ok:
        sys.stderr.write(buffer.getvalue())
    return ok


def run_new(args: argparse.Namespace) -> int:
    from kvtui.cli.offline import open_cache, say_warnings
    from kvtui.store import watch as store

    refreshed = _refresh(args) if getattr(args, "refresh", False) else True
    with open_cache(args, create=False) as cache:
        try:
            found, observed = cache.with_state(lambda conn, _t: store.changes(conn))
            if found:
                summary = "\n".join(_line(c) for c in found) + "\n"
                if getattr(args, "json", False):
                    from kvtui.render.json import dumps

                    _out(dumps([c.to_json() for c in found]), json=True)
                else:
                    _out(summary)
                if not _notify(summary, len(found)):
                    return EXIT_FAILED  # not remembered: the next run reports them again
            first = not cache.with_state(lambda conn, _t: store.has_baseline(conn))
            saved = cache.state_saved
            if first and not saved:  # nothing can be noted: the next run is a first one too
                said = _("first 'kvtui new': this cache cannot be written, so nothing was noted")
                print("kvtui: " + said, file=sys.stderr)
            elif first:
                said = _("first 'kvtui new': {n} sets noted; from now on it lists what changes")
                print("kvtui: " + said.format(n=number(len(observed))), file=sys.stderr)
            if observed or first:
                if saved:
                    cache.with_state(lambda conn, _t: store.save_seen(conn, observed))
                elif found:
                    _err("new: this cache cannot be written; these changes will show again")
        finally:
            say_warnings(cache)
    return EXIT_OK if refreshed else EXIT_FAILED


def _notify(summary: str, count: int) -> bool:
    """Pipe ``summary`` to ``notify_cmd`` from config.toml (none set: nothing to do).

    Run without a shell (``shlex.split``), in bounded time; any failure is one message.
    """
    import shlex
    import subprocess

    from kvtui.ui.config import load_config

    config = load_config()
    for warning in config.warnings:
        _err(_("warning: {message}").format(message=warning))
    command = config.notify_cmd
    if not command:
        return True
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        _err("new: " + _("notify_cmd in config.toml cannot be read ({error})").format(error=exc))
        return False
    if not argv:
        return True
    heading = ngettext(
        "{n} change since the last 'kvtui new'", "{n} changes since the last 'kvtui new'", count
    )
    heading = f"kvtui: {heading.format(n=number(count))}\n"
    try:
        done = subprocess.run(  # the user's own command, no shell
            argv,
            input=heading + summary,
            text=True,
            encoding="utf-8",
            errors="backslashreplace",
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=NOTIFY_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        said = _("notify_cmd {command} did not finish within {seconds} s")
        _err("new: " + said.format(command=argv[0], seconds=f"{NOTIFY_TIMEOUT:g}"))
        return False
    except OSError as exc:
        said = _("notify_cmd {command} could not run ({error})")
        _err("new: " + said.format(command=argv[0], error=exc.strerror or exc))
        return False
    if done.returncode != 0:
        tail = fold_all(done.stderr)[-200:]
        why = _("exit {code}").format(code=done.returncode) + (f": {tail}" if tail else "")
        _err("new: " + _("notify_cmd {command} failed ({why})").format(command=argv[0], why=why))
        return False
    return True


# -- sync and refresh: continue, and the followed sets first -----------------------

SYNC_OVERLAP_DAYS = 7  # the Kamer registers some sets days after they start


def sync_start(cache: IndexCache, err: TextIO) -> dt.date | None:
    """Where ``kvtui sync`` without --since starts: a week before the last day the last
    complete sync covered (sets registered late are not missed); None, after saying so,
    when no sync has completed in this cache."""
    import datetime as _dt

    from kvtui.store import watch as store

    last = cache.with_state(lambda conn, _t: store.last_sync(conn))
    if last is None:
        err.write("kvtui sync: " + _("no earlier sync to continue from; give --since DATE") + "\n")
        return None
    since = last - _dt.timedelta(days=SYNC_OVERLAP_DAYS)
    said = _("continuing from the last sync (up to {last}): since {since}")
    err.write("kvtui: " + said.format(last=last, since=since) + "\n")
    return since


def note_sync(cache: Cache, until: dt.date | None) -> None:
    """Remember the last day a complete sync covered (``until``, or today)."""
    from kvtui.store import watch as store

    today = cache.today
    end = min(until, today) if until else today  # days still to come are not covered
    if cache.state_saved:
        cache.with_state(lambda conn, _t: store.note_sync(conn, end))


def followed_first(cache: IndexCache, numbers: list[str]) -> list[str]:
    """``numbers`` with the sets a watch rule follows moved to the front (in order), so
    a refresh that runs out of time has checked those first."""
    from kvtui.store import watch as store

    followed = cache.with_state(lambda conn, _t: store.followed_numbers(conn))
    return [n for n in numbers if n in followed] + [n for n in numbers if n not in followed]
