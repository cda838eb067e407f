"""Textual's footer, rebuilt only when what it shows has changed.

Textual's ``Footer`` recomposes (removes and mounts a ``FooterKey`` per shown binding,
each styled twice) every time the screen says its bindings changed. At start-up the
main screen says so four times before it settles (focus, the screen stack, the focus
event, and once more after the focus is set), each rebuild showing the same keys: ~40 ms
of the reader's first screen. Here the rebuilds asked for before one runs become one
(a rebuild reads the bindings as they are when it runs, so it shows what the last would
have shown), and a rebuild that would show the same keys as now is skipped. While an
Input has focus, it leaves out the keys the Input types as text.

Where the keys are wider than the footer, Textual cuts the last one under the palette
key (at 40 columns "s Sea", and one cell of a key beyond it after "Palette"): here the
keys that do not fit whole are left out, so a narrow footer ends on whole keys.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator

from textual import events
from textual.keys import KEY_NAME_REPLACEMENTS, key_to_character
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey

_KEY_NAMES = {short: name for name, short in KEY_NAME_REPLACEMENTS.items()}  # slash: solidus


def typed_as_text(key: str) -> bool:
    """True when ``key`` (a Textual key name) is a printable character: a focused
    ``Input`` takes it as text, so its binding does not run while the Input has focus."""
    character = key_to_character(_KEY_NAMES.get(key, key))
    return character is not None and len(character) == 1 and character.isprintable()


class KvFooter(Footer):
    """A ``Footer`` that recomposes once per change of the keys it shows."""

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._rebuild_pending = False
        self._shown: Hashable = None  # what the last rebuild showed
        # Each key left of the palette key, with where it ends when all are shown (as
        # laid out after a rebuild), and the width the palette key takes on the right.
        self._ends: list[tuple[Widget, int]] = []
        self._palette_width = 0

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    def _showing(self) -> Hashable:
        """Everything ``Footer.compose`` reads from the bindings, as one value."""
        app = self.app
        keys = [
            (
                key,
                binding.key,
                binding.action,
                binding.description,
                binding.show,
                binding.group,
                binding.tooltip,
                app.get_key_display(binding),
                enabled,
                tooltip,
            )
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
        ]
        typing = isinstance(self.screen.focused, Input)
        return (*keys, self.show_command_palette, app.ENABLE_COMMAND_PALETTE, typing)

    def compose(self) -> Iterator[Widget]:
        """Textual's footer, less the keys a focused Input types as text: "/ Filter" in
        the footer while "/" types a slash would tell the reader wrong. The commands
        stay (the palette and the help still offer them); only the footer is silent."""
        typed: set[str] = set()
        if isinstance(self.screen.focused, Input):
            bindings = [found[1] for found in self.screen.active_bindings.values()]
            typed = {b.key for b in bindings if not b.priority and typed_as_text(b.key)}
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.key in typed:
                continue
            yield widget

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        showing = self._showing()
        if showing == self._shown:
            return
        self._shown = showing
        await self.recompose()
        self.call_after_refresh(self._measure)

    def _measure(self) -> None:
        """Where each key ends as laid out with all of them shown (once per rebuild)."""
        keys = [c for c in self.children if not c.has_class("-command-palette")]
        palette = [
            c.outer_size.width + c.styles.margin.width for c in self.children if c not in keys
        ]
        self._ends = [(c, c.virtual_region.right) for c in keys if c.display]
        self._palette_width = sum(palette)
        self._fit()

    def _fit(self) -> None:
        """Show the keys that end before the palette key; leave out the rest."""
        room = self.size.width - self._palette_width
        for key, end in self._ends:
            key.display = end <= room

    def on_resize(self, _event: events.Resize) -> None:
        self._fit()
