"""The interface's language: one catalogue, one choice per run, one way to write numbers.

kvtui's readers read Dutch documents, so the interface speaks Dutch to a Dutch locale
and English otherwise. ``KVTUI_LANGUAGE=nl|en`` chooses for one run (the reader and every
command); in the reader, ``language = "nl"|"en"`` in the config file comes next, then
the locale. (Commands other than the reader do not read the config file: ``show`` and
``list`` start without platformdirs, a start-up bar.)

Every interface string is an English ``msgid`` passed through ``_()`` (or ``ngettext``
for counts) when it is shown, never when a module is imported, so the choice can be
made after the config is read. The Dutch texts live in
``kvtui/locale/nl/LC_MESSAGES/kvtui.po`` and its compiled ``.mo`` (the standard
library's ``gettext`` reads it); a test checks that the two agree and that every
string the code marks has a Dutch entry.

Document texts (questions, answers, the document layout's Dutch labels) never pass
through here: they stay as the sources and the seed have them.
"""

from __future__ import annotations

import os
from pathlib import Path

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: ``kvtui show`` imports this module
if TYPE_CHECKING:
    from collections.abc import Mapping
    from gettext import NullTranslations

__all__ = [
    "LANGUAGES",
    "N_",
    "_",
    "choose",
    "current",
    "from_locale",
    "ngettext",
    "number",
    "set_language",
]

DOMAIN = "kvtui"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "nl")
# POSIX order of precedence for the language of messages (LANGUAGE is GNU's list of
# fallbacks and is left to gettext-using C programs).
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
ENV_VARIABLE = "KVTUI_LANGUAGE"

# English is the msgids themselves: no catalogue, and ``gettext`` is not even imported.
_state: dict[str, NullTranslations | str | None] = {"language": "en", "catalogue": None}


def from_locale(env: Mapping[str, str]) -> str:
    """``nl`` for a Dutch locale (``nl_NL.UTF-8``, ``nl_BE``, ``nl``), else ``en``.

    The first of LC_ALL, LC_MESSAGES and LANG that is set decides, as for any POSIX
    program: ``LC_ALL=C`` means English even when LANG is Dutch.
    """
    for name in LOCALE_VARIABLES:
        value = (env.get(name) or "").strip()
        if value:
            tag = value.split(".", 1)[0].split("@", 1)[0].replace("-", "_").lower()
            return "nl" if tag == "nl" or tag.startswith("nl_") else "en"
    return "en"


def choose(configured: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """The language of this run: ``KVTUI_LANGUAGE``, else the config's ``language``,
    else the locale's. A value that names no language is passed over (the environment
    check refuses a bad ``KVTUI_LANGUAGE`` before this runs; the config warns)."""
    env = os.environ if env is None else env
    for wish in ((env.get(ENV_VARIABLE) or "").strip().lower(), configured):
        if wish in LANGUAGES:
            return str(wish)
    return from_locale(env)


def set_language(language: str) -> str:
    """Speak ``language`` from now on (an unknown one means English); returns it."""
    catalogue: NullTranslations | None = None
    if language not in LANGUAGES or language == "en":
        language = "en"
    else:
        import gettext

        catalogue = gettext.translation(
            DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True
        )
    _state["language"], _state["catalogue"] = language, catalogue
    return language


def current() -> str:
    return str(_state["language"])


def _(message: str) -> str:
    """``message`` in the current language (itself where the catalogue has no entry)."""
    catalogue = _state["catalogue"]
    if catalogue is None or isinstance(catalogue, str):
        return message
    return catalogue.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for ``n`` in the current language."""
    catalogue = _state["catalogue"]
    if catalogue is None or isinstance(catalogue, str):
        return singular if n == 1 else plural
    return catalogue.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a string for the catalogue where it is defined; ``_()`` translates it where
    it is shown (a module constant is made before the language is chosen)."""
    return message


def number(n: float, decimals: int = 0) -> str:
    """``1,273`` and ``37.5`` in English, ``1.273`` and ``37,5`` in Dutch: the one way
    counts and figures are written (a Dutch reader takes ``37.5`` for thirty-seven
    thousand five hundred). With ``decimals`` a whole value drops its ``.0``."""
    text = f"{n:,.{decimals}f}"
    if decimals:
        text = text.removesuffix("." + "0" * decimals)
    return text.translate(_DUTCH_MARKS) if current() == "nl" else text


_DUTCH_MARKS = str.maketrans({",": ".", ".": ","})


set_language(choose())
