"""One interface language per run (issue 10 item 14).

The catalogue: the compiled ``.mo`` says what the ``.po`` says, every string the code
marks has a Dutch entry (nothing left in English by a Dutch run), no entry is stale, and
each translation keeps its msgid's ``{placeholders}``. The choice: LC_ALL, LC_MESSAGES,
LANG in POSIX order, ``KVTUI_LANGUAGE`` and the config's ``language`` above them. The
commands: ``list``, ``show``, ``overdue`` and ``stats`` speak Dutch to a Dutch locale
and English to ``LANG=C``, with the digit grouping of their language.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from i18n_catalogue import MO, PO, marked_strings, missing, read_po
from test_cli import run
from test_store_support import indexed_sample

from kvtui import i18n
from kvtui.envvars import EnvError, value
from kvtui.model import Status
from kvtui.render.outline import status_word

REPO = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
NO_LANGUAGE = {"KVTUI_LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}


# -- the catalogue ----------------------------------------------------------------


def test_the_compiled_catalogue_says_what_the_source_says() -> None:
    with MO.open("rb") as f:
        compiled = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
    source = read_po()
    flat: dict[object, str] = {}
    for key, text in source.items():
        if isinstance(key, tuple):
            for i, form in enumerate(text):
                flat[(key[0], i)] = form
        else:
            flat[key] = str(text)
    compiled = {k: v for k, v in compiled.items() if k != ""}  # the header
    assert compiled == flat, "kvtui.mo is stale: run msgfmt -o kvtui.mo kvtui.po"


def test_every_marked_string_has_a_dutch_entry() -> None:
    assert missing() == [], "add these to kvtui.po (python tests/i18n_catalogue.py lists them)"


def test_no_entry_is_left_over() -> None:
    stale = set(read_po()) - marked_strings()
    assert not stale, f"entries no code uses any more: {sorted(map(str, stale))}"


def test_translations_keep_their_placeholders() -> None:
    for key, text in read_po().items():
        ids = key if isinstance(key, tuple) else (key,)
        forms = text if isinstance(text, tuple) else (text,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for form in forms:
            assert set(PLACEHOLDER.findall(form)) == wanted, (key, form)


def test_the_catalogue_ships_with_the_package() -> None:
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert "locale/*/LC_MESSAGES/kvtui.mo" in text
    assert MO.is_file() and PO.is_file()


# -- the choice -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "nl_NL.UTF-8"}, "nl"),
        ({"LANG": "nl_BE.UTF-8"}, "nl"),
        ({"LANG": "nl"}, "nl"),
        ({"LANG": "nl_NL@euro"}, "nl"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "nds_DE.UTF-8"}, "en"),  # Low German is not Dutch
        ({}, "en"),
        ({"LANG": "nl_NL.UTF-8", "LC_ALL": "C"}, "en"),  # LC_ALL first
        ({"LANG": "C", "LC_MESSAGES": "nl_NL.UTF-8"}, "nl"),
        ({"LANG": "C", "LC_ALL": "nl_NL.UTF-8", "LC_MESSAGES": "C"}, "nl"),
        ({"LANG": "nl_NL.UTF-8", "LC_ALL": ""}, "nl"),  # empty means unset
    ],
)
def test_the_locale_decides_in_posix_order(env, expected) -> None:
    assert i18n.from_locale(env) == expected


@pytest.mark.parametrize(
    ("env", "configured", "expected"),
    [
        ({"LANG": "nl_NL.UTF-8"}, None, "nl"),
        ({"LANG": "nl_NL.UTF-8"}, "en", "en"),  # the config over the locale
        ({"LANG": "C"}, "nl", "nl"),
        ({"LANG": "C", "KVTUI_LANGUAGE": "nl"}, "en", "nl"),  # one run over the config
        ({"LANG": "nl_NL.UTF-8", "KVTUI_LANGUAGE": "EN"}, None, "en"),
        ({"LANG": "nl_NL.UTF-8", "KVTUI_LANGUAGE": " "}, None, "nl"),
        ({"LANG": "C"}, "fr", "en"),  # not a language kvtui has: passed over
    ],
)
def test_the_environment_then_the_config_then_the_locale(env, configured, expected) -> None:
    assert i18n.choose(configured, env) == expected


@pytest.mark.parametrize("bad", ["fr", "dutch", "nl_NL", "1"])
def test_a_language_kvtui_lacks_is_refused_by_name(bad) -> None:
    with pytest.raises(EnvError, match=r"KVTUI_LANGUAGE.*nl .*or en"):
        value({"KVTUI_LANGUAGE": bad}, "KVTUI_LANGUAGE")


@pytest.mark.parametrize(
    ("n", "en", "nl"),
    [(0, "0", "0"), (7, "7", "7"), (999, "999", "999"), (1273, "1,273", "1.273"),
     (50000, "50,000", "50.000"), (1234567, "1,234,567", "1.234.567"), (-1273, "-1,273", "-1.273")],
)  # fmt: skip
def test_digit_grouping_follows_the_language(n, en, nl) -> None:
    assert i18n.number(n) == en
    i18n.set_language("nl")
    assert i18n.number(n) == nl


@pytest.mark.parametrize(
    ("value", "en", "nl"),
    [(37.5, "37.5", "37,5"), (28.0, "28", "28"), (28.04, "28", "28"), (0.25, "0.2", "0,2"),
     (1234.5, "1,234.5", "1.234,5")],
)  # fmt: skip
def test_figures_with_decimals_use_the_marks_of_the_language(value, en, nl) -> None:
    from kvtui.board import days_text

    assert i18n.number(value, 1) == en == days_text(value)
    i18n.set_language("nl")
    assert i18n.number(value, 1) == nl == days_text(value)


def test_status_words_are_one_per_state_in_each_language() -> None:
    states = [(s, False) for s in Status] + [(Status.OPEN, True), (Status.POSTPONED, True)]
    english = [status_word(s, late) for s, late in states]
    assert english == ["answered", "postponed", "open", "withdrawn", "overdue", "overdue"]
    i18n.set_language("nl")
    dutch = [status_word(s, late) for s, late in states]
    assert dutch == ["beantwoord", "uitgesteld", "open", "ingetrokken", "te laat", "te laat"]


def test_an_unknown_language_is_english() -> None:
    assert i18n.set_language("xx") == "en"
    assert i18n._("Title") == "Title"
    assert i18n.set_language("nl") == "nl" and i18n._("Title") == "Titel"


# -- the commands -----------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The repository's sample cache, indexed afresh (fictional sets in every state)."""
    return indexed_sample(tmp_path_factory.mktemp("sample") / "cache", today=None)


def kvtui(sample: Path, lang: str, *args: str):
    result = run(*args, cache=sample, env={**NO_LANGUAGE, "LANG": lang})
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


DUTCH = ("beantwoord", "uitgesteld", "ingetrokken", "te laat")
ENGLISH = ("answered", "postponed", "withdrawn", "overdue")


def test_list_speaks_the_locale(sample) -> None:
    dutch, english = kvtui(sample, "nl_NL.UTF-8", "list"), kvtui(sample, "C", "list")
    for nl, en in zip(DUTCH, ENGLISH, strict=True):
        assert f"  {nl} " in dutch and f"  {nl} " not in english
        assert f"  {en} " in english and f"  {en} " not in dutch
    assert "te laat)" not in dutch  # one word a cell, not "postponed (te laat)"


def test_show_says_where_a_set_stands_in_the_words_of_the_list(sample) -> None:
    listed = kvtui(sample, "nl_NL.UTF-8", "list", "--status", "postponed")
    number = listed.split()[0]
    dutch = kvtui(sample, "nl_NL.UTF-8", "show", number)
    english = kvtui(sample, "C", "show", number)
    assert "Nog niet beantwoord (uitgesteld, open sinds" in dutch
    assert "Not answered yet (postponed, open for" in english
    for layout in ("Ingediend", "Vraag 1"):  # the document's own labels stay Dutch
        assert layout in dutch and layout in english


def test_overdue_and_stats_speak_the_locale(sample) -> None:
    nl = kvtui(sample, "nl_NL.UTF-8", "overdue")
    en = kvtui(sample, "C", "overdue")
    assert "te laat op" in nl and "termijn 21 dagen" in nl and "overdue on" not in nl
    assert "overdue on" in en and "term 21 days" in en and "te laat" not in en
    nl = kvtui(sample, "nl_NL.UTF-8", "stats", "--by", "party")
    en = kvtui(sample, "C", "stats", "--by", "party")
    assert nl.split()[:3] == ["partij", "vragen", "beantw."]
    assert en.split()[:3] == ["party", "sets", "answ."]


def test_kvtui_language_chooses_for_one_run(sample) -> None:
    out = run("list", cache=sample, env={**NO_LANGUAGE, "LANG": "C", "KVTUI_LANGUAGE": "nl"})
    assert "beantwoord" in out.stdout
    bad = run("list", cache=sample, env={**NO_LANGUAGE, "KVTUI_LANGUAGE": "fr"})
    assert bad.returncode == 2 and "KVTUI_LANGUAGE" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_counts_are_grouped_in_the_language_of_the_run() -> None:
    from kvtui.board import GroupFigures
    from kvtui.cli.board import stats_lines

    figures = [GroupFigures("VVD", 12734, 11000, 28.0, 60.0, 0.5, 1734, 1200, {})]
    assert "12,734" in stats_lines(figures, "party")[1]
    i18n.set_language("nl")
    assert "12.734" in stats_lines(figures, "party")[1]


# -- the commands' messages -------------------------------------------------------


def said(lang: str, *args: str, cache: Path | None = None, code: int | None = None) -> str:
    """What ``kvtui ARGS`` writes on stderr under ``LANG=lang``."""
    result = run(*args, cache=cache, env={**NO_LANGUAGE, "LANG": lang})
    if code is not None:
        assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def test_search_counts_and_refusals_speak_the_locale(sample) -> None:
    nl, en = (
        said("nl_NL.UTF-8", "search", "--limit", "1", "de", cache=sample, code=0),
        said("C", "search", "--limit", "1", "de", cache=sample, code=0),
    )
    assert re.search(r"1 van \d+ getoond; --limit/--offset voor meer", nl), nl
    assert re.search(r"showing 1 of \d+; --limit/--offset for more", en), en
    assert "niets gevonden voor 'zzzqqq'" in said("nl_NL.UTF-8", "search", "zzzqqq", cache=sample)
    assert "nothing found for 'zzzqqq'" in said("C", "search", "zzzqqq", cache=sample)
    # a query that cannot be read: the parser's reason and its place, in the words of the run
    nl = said("nl_NL.UTF-8", "search", "titel:", cache=sample, code=2)
    en = said("C", "search", "titel:", cache=sample, code=2)
    assert "titel: heeft een waarde direct na de dubbele punt nodig (teken 1:" in nl
    assert "titel: needs a value right after the colon (character 1:" in en


@pytest.mark.parametrize(
    ("text", "nl", "en"),
    [
        ("12345", "geen nummer van een Kamervraag", "not a Kamervraag number"),
        ("２０２０Z12161", "cijfers moeten ASCII 0-9 zijn", "digits must be ASCII 0-9"),
        ("https://evil.example/2020Z12161", "URL-host 'evil.example' is er geen die kvtui leest",
         "URL host 'evil.example' is not one kvtui reads"),
        ("ftp://zoek.officielebekendmakingen.nl/x", "alleen http(s)-URL's worden aanvaard",
         "only http(s) URLs are accepted"),
    ],
)  # fmt: skip
def test_a_refused_number_speaks_the_locale(text, nl, en) -> None:
    dutch, english = said("nl_NL.UTF-8", "show", text, code=2), said("C", "show", text, code=2)
    assert nl in dutch and "toegestane vormen:" in dutch and "zaaknummer (vraagnummer)" in dutch
    assert en in english and "accepted forms:" in english and "zaak number" in english
    assert "accepted forms" not in dutch and "toegestane" not in english


def test_a_refusal_made_in_one_language_is_read_in_the_language_of_the_run() -> None:
    """The number gate and the search parser are pure: what they refuse is said when read."""
    from kvtui.numbers import InvalidNumber, parse_number
    from kvtui.query import QuerySyntaxError, parse

    with pytest.raises(InvalidNumber) as number:
        parse_number("12345")
    with pytest.raises(QuerySyntaxError) as query:
        parse("a OR")
    assert number.value.reason == "not a Kamervraag number"
    assert query.value.reason == "OR needs words after it"
    i18n.set_language("nl")
    assert number.value.reason == "geen nummer van een Kamervraag"
    assert str(query.value).startswith("OR heeft woorden erna nodig (teken 3:")


@pytest.mark.parametrize(
    ("word", "nl", "en"),
    [
        ("lsit", "onbekende opdracht 'lsit'; bedoel je 'list'?",
         "unknown command 'lsit'; did you mean 'list'?"),
        ("shwo", "onbekende opdracht 'shwo'; bedoel je 'show'?",
         "unknown command 'shwo'; did you mean 'show'?"),
        ("zzzz", "onbekende opdracht 'zzzz'; opdrachten: ", "unknown command 'zzzz'; commands: "),
    ],
)  # fmt: skip
def test_an_unknown_command_speaks_the_locale(word, nl, en) -> None:
    assert nl in said("nl_NL.UTF-8", word, code=2)
    assert en in said("C", word, code=2)


@pytest.mark.parametrize(
    "command", [("list",), ("search", "wind"), ("show", "2020Z12161", "--offline")]
)
def test_no_cache_speaks_the_locale(tmp_path, command) -> None:
    missing = tmp_path / "mistyped"
    assert f"kvtui: geen cache in {missing}" in said("nl_NL.UTF-8", *command, cache=missing, code=1)
    assert f"kvtui: no cache at {missing}" in said("C", *command, cache=missing, code=1)
    assert not missing.exists()


def test_argument_refusals_and_sync_periods_speak_the_locale(sample) -> None:
    assert "moet 1 of meer zijn" in said("nl_NL.UTF-8", "list", "--limit", "0", code=2)
    assert "must be 1 or more" in said("C", "list", "--limit", "0", code=2)
    assert "geen datum (JJJJ-MM-DD)" in said("nl_NL.UTF-8", "list", "--since", "x", code=2)
    period = ("stats", "--by", "party", "--since", "2025-02-01", "--until", "2025-01-01")
    assert "--since 2025-02-01 ligt na --until 2025-01-01" in said(
        "nl_NL.UTF-8", *period, cache=sample
    )
    assert "--since 2025-02-01 lies after --until 2025-01-01" in said("C", *period, cache=sample)
    until = ("sync", "--since", "2025-02-01", "--until", "2025-01-01")
    assert "--until ligt vóór --since" in said("nl_NL.UTF-8", *until, cache=sample, code=2)
    assert "--until is before --since" in said("C", *until, cache=sample, code=2)


def test_help_texts_of_kvtuis_own_options_speak_the_locale() -> None:
    nl = run("search", "--help", env={**NO_LANGUAGE, "LANG": "nl_NL.UTF-8"}).stdout
    en = run("search", "--help", env={**NO_LANGUAGE, "LANG": "C"}).stdout
    assert "vrij zoeken in de vragen en antwoorden in de cache" in nl
    assert "N resultaten tonen (standaard 50)" in nl and "show N results" not in nl
    assert "full-text search over cached questions and answers" in en
    assert "show N results (default 50)" in en and "standaard" not in en
    top = run("--help", env={**NO_LANGUAGE, "LANG": "nl_NL.UTF-8"}).stdout
    assert "omgeving:" in top and "taal van de interface: nl of en" in top


def test_fetch_failures_and_progress_words_speak_the_language_of_the_run() -> None:
    from kvtui.cli.progress import bar_line
    from kvtui.services.errors import CannotConnect, RateLimited, ServerError
    from kvtui.services.fetch import FetchEvent

    failures = [CannotConnect("tk"), ServerError("koop", 503), RateLimited("tk", 30.0)]
    english = [f.message for f in failures]
    assert english[:2] == ["offline / cannot connect – tk", "server error (HTTP 503) – koop"]
    assert bar_line(1, 4, 0.1).endswith("estimating the time left")
    i18n.set_language("nl")
    dutch = [f.message for f in failures]
    assert dutch == [
        "offline / geen verbinding – tk",
        "serverfout (HTTP 503) – koop",
        "te veel verzoeken (de server vraagt 30 s te wachten) – tk",
    ]
    assert bar_line(4, 4, 62.0).endswith("klaar in 1:02")
    assert (
        str(FetchEvent("2020Z12161", "unchanged", done=1, total=2))
        == "[1/2] 2020Z12161: ongewijzigd"
    )


def test_cache_refusals_speak_the_language_of_the_run(tmp_path) -> None:
    from kvtui.store.boundary import CacheError
    from kvtui.store.cache import Cache

    a_file = tmp_path / "a-file"
    a_file.write_text("not a cache", encoding="utf-8")
    i18n.set_language("nl")
    with pytest.raises(CacheError, match="is geen map; kies een andere met --cache"):
        Cache(a_file).count()
    with pytest.raises(CacheError, match="geen cache in"):
        Cache(tmp_path / "absent", create=False)


def test_config_warnings_are_said_in_the_language_in_force_when_shown(tmp_path) -> None:
    """The file is read before its ``language`` applies: its warnings wait to be said."""
    from kvtui.ui.config import load_config

    path = tmp_path / "config.toml"
    path.write_text('theme = 5\nanimations = "yes"\n[keys]\nquit = "ctrl+shift+zz"\n', "utf-8")
    cfg = load_config(path)
    assert cfg.warnings == [
        "config: 'theme' must be a string",
        "config: 'animations' must be true or false",
        "config: not key names, ignored: keys.quit 'ctrl+shift+zz'",
    ]
    i18n.set_language("nl")
    assert cfg.warnings == [
        "config: 'theme' moet een tekst zijn",
        "config: 'animations' moet true of false zijn",
        "config: geen toetsnamen, genegeerd: keys.quit 'ctrl+shift+zz'",
    ]
