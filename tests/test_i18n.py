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
import shutil
from pathlib import Path

import pytest
from i18n_catalogue import MO, PO, marked_strings, missing, read_po
from test_cli import run

from kvtui import i18n
from kvtui.envvars import EnvError, value
from kvtui.model import Status
from kvtui.render.outline import status_word

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "cache" / "sources"
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
    if not SAMPLE.is_dir():
        pytest.skip("the sample cache is not there")
    from kvtui.store.cache import Cache

    root = tmp_path_factory.mktemp("sample") / "cache"
    shutil.copytree(SAMPLE, root / "sources")
    with Cache(root) as cache:
        cache.reindex()
    return root


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
