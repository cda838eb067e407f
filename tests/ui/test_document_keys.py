"""The open set's keys without the app: a stand-in view and app record what each key
does, and every key says one clear thing when no set is open."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from fakes import kamervraag

from kvtui.textsafe import inert
from kvtui.ui.document_keys import DocumentKeys
from kvtui.ui.notice import Notice

SET = kamervraag("2026Z00101", "Fictief", submitted=dt.date(2026, 1, 5), n_questions=4)


@dataclass
class View:
    """A stand-in DocView: four questions numbered 1-4, texts by scope."""

    texts: dict[str, str | None] = field(default_factory=dict)
    calls: list[tuple[str, Any]] = field(default_factory=list)
    current_index: int = 0
    question_count: int = 4
    matches: int = 3

    def next_question(self) -> int:
        self.calls.append(("next_question", None))
        return 0

    def prev_question(self) -> int:
        self.calls.append(("prev_question", None))
        return 0

    def question_for_number(self, number: int) -> int | None:
        return number - 1 if 1 <= number <= 4 else None

    def go_to_question(self, index: int) -> int:
        self.calls.append(("go_to_question", index))
        return 0

    def find(self, text: str) -> int:
        self.calls.append(("find", text))
        return self.matches

    def text_for(self, scope: str) -> str | None:
        return self.texts.get(scope)


@dataclass
class App:
    copied: list[str] = field(default_factory=list)
    notified: list[tuple[str, str]] = field(default_factory=list)

    def copy_to_clipboard(self, text: str) -> None:
        self.copied.append(text)

    def notify(self, message: str, *, severity: str = "information", **_kw: Any) -> None:
        self.notified.append((severity, message))


@dataclass
class Reader:
    current: Any = field(default_factory=lambda: SET)
    doc_view: View = field(default_factory=View)
    app: App = field(default_factory=App)


def keys(reader: Reader) -> tuple[DocumentKeys, list[Notice]]:
    said: list[Notice] = []
    return DocumentKeys(reader, said.append), said


NEEDING_A_SET = {
    "next_question": lambda k: k.next_question(),
    "prev_question": lambda k: k.prev_question(),
    "copy question": lambda k: k.copy("question"),
    "copy answer": lambda k: k.copy("answer"),
    "copy set": lambda k: k.copy("set"),
    "copy url": lambda k: k.copy("url"),
    "open_source": lambda k: k.open_source(),
    "export": lambda k: k.export(),
}


@pytest.mark.parametrize("key", list(NEEDING_A_SET))
def test_without_an_open_set_every_key_says_how_to_open_one(key: str) -> None:
    reader = Reader(current=None)
    document, said = keys(reader)
    NEEDING_A_SET[key](document)
    assert [n.text for n in said] == ["Open a Kamervraag first (Enter on the list)"]
    assert reader.doc_view.calls == [] and reader.app.copied == []


@pytest.mark.parametrize("key", ["goto", "find"])
def test_typed_keys_with_no_open_set_do_nothing(key: str) -> None:
    reader = Reader(current=None)
    document, said = keys(reader)
    getattr(document, key)("2")
    assert said == [] and reader.doc_view.calls == []


@pytest.mark.parametrize("step", ["next_question", "prev_question"])
def test_question_steps_reach_the_view(step: str) -> None:
    reader = Reader()
    document, said = keys(reader)
    getattr(document, step)()
    assert reader.doc_view.calls == [(step, None)] and said == []


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_goto_reaches_every_question(n: int) -> None:
    reader = Reader()
    document, said = keys(reader)
    document.goto(str(n))
    assert reader.doc_view.calls == [("go_to_question", n - 1)] and said == []


@pytest.mark.parametrize("typed", ["0", "5", "drie", "1" * 5000])
def test_goto_a_question_the_set_lacks_is_one_warning_and_no_move(typed: str) -> None:
    reader = Reader()
    document, said = keys(reader)
    document.goto(typed)
    assert reader.doc_view.calls == []
    assert len(said) == 1 and said[0].severity == "warning"


@pytest.mark.parametrize("matches", [0, 1, 7])
def test_find_says_what_it_found(matches: int) -> None:
    reader = Reader(doc_view=View(matches=matches))
    document, said = keys(reader)
    document.find("zee")
    assert reader.doc_view.calls == [("find", "zee")]
    assert len(said) == 1 and said[0].text.startswith(f"{matches} match")


@pytest.mark.parametrize(
    ("scope", "what"),
    [
        ("question", "Vraag 3 of 2026Z00101"),
        ("answer", "the answer to Vraag 3 of 2026Z00101"),
        ("set", "all of 2026Z00101"),
        ("url", "the source URL of 2026Z00101"),
    ],
)
def test_a_copy_sends_the_scopes_text_and_names_it(scope: str, what: str) -> None:
    view = View(texts={scope: "tekst \x1b]52;c;eA==\x07 (FICTIEF)"}, current_index=2)
    reader = Reader(doc_view=view)
    document, _said = keys(reader)
    document.copy(scope)  # type: ignore[arg-type]
    assert reader.app.copied == [inert(view.texts[scope] or "")]
    assert "\x1b" not in reader.app.copied[0] and "\x07" not in reader.app.copied[0]
    assert reader.app.notified[-1][1].endswith(f"({what})")


@pytest.mark.parametrize("scope", ["question", "answer", "set", "url"])
def test_a_copy_of_nothing_says_so_and_copies_nothing(scope: str) -> None:
    reader = Reader()
    document, _said = keys(reader)
    document.copy(scope)  # type: ignore[arg-type]
    assert reader.app.copied == []
    assert reader.app.notified[-1][0] == "warning"


@pytest.mark.parametrize("url", [None, ""])
def test_open_source_without_a_url_warns(url: str | None) -> None:
    reader = Reader(doc_view=View(texts={"url": url}))
    document, said = keys(reader)
    document.open_source()
    assert [(n.severity, n.text) for n in said] == [
        ("warning", "This Kamervraag has no source URL")
    ]


def test_open_source_hands_a_url_to_the_link_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("kvtui.ui.links.open_url", lambda app, url: opened.append(url))
    reader = Reader(doc_view=View(texts={"url": "https://example.invalid/kv"}))
    document, said = keys(reader)
    document.open_source()
    assert opened == ["https://example.invalid/kv"] and said == []


def test_export_writes_the_open_set(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.setenv("KVTUI_EXPORT_DIR", str(tmp_path))
    other = replace(SET, number="2026Z00102")
    for shown in (SET, other):
        reader = Reader(current=shown)
        document, _said = keys(reader)
        document.export()
        assert (tmp_path / f"{shown.number}.md").is_file()
        assert reader.app.notified and shown.number in reader.app.notified[-1][1]
