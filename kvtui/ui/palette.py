"""Command palette provider: every registry command, and "jump to a cached number".

Fuzzy-matching 50,000 titles costs most of a second per keystroke, so numbers are
looked up by exact id (the cache resolves any of a set's ids) and by prefix over the
sorted numbers of the list, which is a bisect, not a scan.

A chosen entry is a message (``kvtui.ui.messages``) posted to the screen that lists the
sets, which carries it out; the palette only asks that screen for its numbers.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from functools import partial
from typing import Any

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from kvtui.i18n import _
from kvtui.numbers import InvalidNumber, parse_number
from kvtui.textsafe import inert
from kvtui.ui import commands
from kvtui.ui.messages import FetchNumber, NumberList, OpenNumber, RunCommand
from kvtui.whitespace import fold_all

MAX_NUMBER_HITS = 20


def prefix_matches(
    sorted_numbers: list[str], prefix: str, limit: int = MAX_NUMBER_HITS
) -> list[str]:
    """Numbers in ``sorted_numbers`` (sorted case-folded) that start with ``prefix``."""
    key = prefix.casefold()
    i = bisect.bisect_left(sorted_numbers, key, key=str.casefold)
    out: list[str] = []
    while i < len(sorted_numbers) and len(out) < limit:
        if not sorted_numbers[i].casefold().startswith(key):
            break
        out.append(sorted_numbers[i])
        i += 1
    return out


def _post(target: NumberList, message: Callable[[str], Any], value: str) -> None:
    """Post ``message(value)`` when the entry is chosen (a message is posted once)."""
    target.post_message(message(value))


def _number_hit(score: float, shown: str, chosen: Callable[[], None], help: str) -> Hit:
    """An entry for one number (open it, fetch it), shown as written."""
    return Hit(score, Text(shown), chosen, text=shown, help=help)


class KvtuiCommands(Provider):
    def _main(self) -> NumberList | None:
        """The nearest screen in the stack that lists the sets."""
        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, NumberList):
                return screen
        return None

    def _callback(self, cmd: commands.Command) -> Any:
        if cmd.scope == "app":
            return partial(self.app.run_action, cmd.action)
        main = self._main()
        return partial(_post, main, RunCommand, cmd.action) if main else None

    def _help(self, cmd: commands.Command) -> str:
        keymap = getattr(self.app, "keymap", {})
        keys = commands.effective_keys(cmd, keymap)
        # The palette parses help as markup: escape it (a "[" key would start a tag).
        shown = commands.keys_display(keys, self.app)
        return escape(f"{commands.description(cmd)}  ({shown})")

    def _palette_commands(self) -> list[commands.Command]:
        """The commands that apply right now (``q`` is "Quit" or "Back", not both)."""
        main = self._main()
        return [
            c
            for c in commands.COMMANDS
            if c.palette
            and (c.scope == "app" or (main is not None and main.check_action(c.action_name, ())))
        ]

    async def discover(self) -> Hits:
        for cmd in self._palette_commands():
            callback = self._callback(cmd)
            if callback is not None:
                yield DiscoveryHit(Text(commands.label(cmd)), callback, help=self._help(cmd))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for cmd in self._palette_commands():
            callback = self._callback(cmd)
            if callback is None:
                continue
            label, description = commands.label(cmd), commands.description(cmd)
            score = max(matcher.match(label), matcher.match(description) * 0.9)
            if score > 0:
                yield Hit(score, matcher.highlight(label), callback, help=self._help(cmd))
        fetch = self._fetchable(query.strip())
        if fetch is not None:
            main = self._main()
            if main is not None:
                shown = _("Fetch {number}").format(number=fetch)
                why = _("Not in the cache: fetch it from the Tweede Kamer and KOOP")
                yield _number_hit(0.9, shown, partial(_post, main, FetchNumber, fetch), why)
        for number, title in self._numbers(query.strip()):
            main = self._main()
            if main is None:
                break
            opened = _("Open {number}").format(number=number)
            # the title is document text: never markup
            yield _number_hit(1.0, opened, partial(_post, main, OpenNumber, number), escape(title))

    def _fetchable(self, query: str) -> str | None:
        """The number ``query`` names when it is valid and not cached (to offer a fetch)."""
        if len(query) < 6 or not any(ch.isdigit() for ch in query):
            return None
        try:
            number = parse_number(query)
        except (InvalidNumber, ValueError):
            return None
        cache = getattr(self.app, "cache", None)
        try:
            for key in {number.zaak or number.canonical, number.canonical}:
                if cache is not None and cache.resolve(key):
                    return None
        except Exception:
            return None
        return number.canonical

    def _numbers(self, query: str) -> list[tuple[str, str]]:
        if len(query) < 2 or not any(ch.isdigit() for ch in query):
            return []
        main = self._main()
        if main is None:
            return []
        cache = getattr(self.app, "cache", None)
        found: list[str] = []
        try:
            resolved = cache.resolve(query) if cache is not None else None
        except Exception:
            resolved = None
        if resolved:
            found.append(resolved)
        for n in prefix_matches(main.sorted_numbers(), query):
            if n not in found:
                found.append(n)
        out: list[tuple[str, str]] = []
        for n in found[:MAX_NUMBER_HITS]:
            out.append((n, fold_all(inert(main.listed_title(n)))))
        return out
