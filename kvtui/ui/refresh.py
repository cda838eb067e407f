"""Refreshing sets from the reader: fetch them again and say how it went.

The reader's ``r`` and "refresh all" fetch again what may have changed since; the
fetching and the notices it gives are worked out here, apart from the screen, so a test
can run them against a stand-in fetcher without the app. ``MainScreen`` then shows the
refreshed set and reloads its list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from kvtui.i18n import _, ngettext, number
from kvtui.textsafe import inert
from kvtui.ui.notice import Notice

if TYPE_CHECKING:
    from kvtui.numbers import DocNumber
    from kvtui.store.interface import SourceCache

FAILED_SHOWN = 5  # failures listed in the notice; the count says how many in all


def fetchable(numbers: Iterable[str]) -> list[DocNumber]:
    """The numbers the fetcher can look up; an id it could not look up is left out."""
    from kvtui.numbers import InvalidNumber, parse_number

    out: list[DocNumber] = []
    for n in numbers:
        try:
            out.append(parse_number(n))
        except InvalidNumber:
            continue
    return out


def outcome(report: Any) -> Notice:
    """What a finished refresh says: done, or which sets failed and why."""
    failed = list(getattr(report, "failed", []) or [])
    if not failed:
        return Notice(_("Refresh done"), timeout=3)
    said = _("Refresh: {n} failed").format(n=number(len(failed)))
    causes = {str(m) for _n, m in failed}
    if len(failed) > 1 and len(causes) == 1:  # offline: one cause, said once
        return Notice(f"{said}: {inert(causes.pop())}", severity="error", markup=False)
    shown = failed[:FAILED_SHOWN]
    lines = "\n".join(f"{inert(str(n))}: {inert(str(m))}" for n, m in shown)
    return Notice(f"{said}\n{lines}", severity="error", markup=False)


async def refresh(cache: SourceCache, numbers: list[str], say: Callable[[Notice], None]) -> bool:
    """Fetch ``numbers`` again, telling the reader through ``say``. True when the fetch
    ran (some sets may have failed: the notice says so); False when fetching is not in
    this installation or failed as a whole."""
    try:
        from kvtui.services.fetch import fetch_many
    except ImportError:
        say(Notice(_("Fetching is not available in this build"), severity="warning"))
        return False
    parsed = fetchable(numbers)
    said = ngettext("Refreshing {n} Kamervraag…", "Refreshing {n} Kamervragen…", len(parsed))
    say(Notice(said.format(n=number(len(parsed))), timeout=3))
    try:
        report = await fetch_many(cache, parsed, force=True)
    except Exception as exc:
        said = _("Refresh failed: {error}").format(error=inert(str(exc)))
        say(Notice(said, severity="error", markup=False))
        return False
    say(outcome(report))
    return True
