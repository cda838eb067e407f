"""Real ``vraag``/``antwoord`` elements of three answers, against wetsuite's extracted text.

``../shared/fixtures/real/ah-tk-*.fragments.xml`` hold the real elements (under a wrapper
root that is not KOOP's); ``*.wetsuite-extract.json`` holds, per number key ("5 6" for a
combined item), the plain text wetsuite made of them.

**wetsuite's rule** (knobs-dials/wetsuite-dev, notebook
``extras_datacollect_koop_frbr_kamervragen.ipynb`` at 0d406c5f, the cell that builds
``vraagdata``): for each *direct* ``al`` child of the item, in order,
``wetsuite.helpers.etree.all_text_fragments(al, ignore_empty=True,
ignore_tags=('extref', 'noot', 'noot.nr', 'noot.al'))`` – every ``.text`` of the ``al``
and its descendants except those four tags, and every ``.tail`` of every descendant
(including tails *inside* the ignored tags), each stripped, empties dropped – then all
fragments of the item joined with ``"\\n\\n"`` and U+00A0 replaced by a space.
``wetsuite_fragments`` below re-implements it and the first test proves the
re-implementation gives wetsuite's text *exactly* for every item of the three files.

That rule leaves three artifacts kvtui does not copy:

1. a paragraph is split wherever an inline element starts or ends (``«<nadruk>zeer``
   → ``«\\n\\nzeer``), with the whitespace at the split lost to ``strip()``;
2. the tail of an element inside a footnote (the ``)`` or ``.`` after an ``extref``) is
   footnote text, yet it is kept and lands after the ``noot``'s own tail, e.g.
   ``…gevoerd.\\n\\nDe uitspraak …\\n\\n.``;
3. children other than ``al`` (``lijst``) are left out, and U+00A0 becomes a space;
4. the text of an ``extref`` in running text (a Kamerstuk number printed in the
   answer, not in a footnote) is left out too, as ``extref`` is an ignored tag.

**Normalisation used for the comparison, as strict as those artifacts allow.** Per
direct ``al``, wetsuite's fragments are taken *from wetsuite's own text* (split on
``"\\n\\n"``, counted per ``al`` with the re-implementation); the footnote-tail fragments
of that ``al`` (artifact 2) are removed; inside each fragment whitespace runs are
collapsed as kvtui does. kvtui's paragraph for that ``al`` (U+00A0 → space, artifact 3)
must then equal those fragments joined with either one space or nothing between them
(artifact 1), or with the text of one of that ``al``'s running-text ``extref``s
(artifact 4): every character of every fragment is compared, in order, and only the
whitespace wetsuite itself threw away is free. Paragraphs kvtui makes of ``lijst`` items
(which wetsuite drops) are checked separately against the ``li`` elements.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from kvtui.parse.koop_xml import parse_koop_xml
from kvtui.records import Item

FILES = ["ah-tk-20172018-1547", "ah-tk-20182019-3616", "ah-tk-20192020-2197"]
WETSUITE_IGNORED = {"extref", "noot", "noot.nr", "noot.al"}
NOTE_PARTS = {"noot", "noot.nr", "noot.al", "extref"}

pytestmark = pytest.mark.shared


def wetsuite_fragments(al: etree._Element) -> list[str]:
    """``all_text_fragments(al, ignore_empty=True, ignore_tags=WETSUITE_IGNORED)``."""
    out = []
    for el in al.iter():
        if el.tag not in WETSUITE_IGNORED and el.text:
            out.append(el.text)
        if el is not al and el.tail:
            out.append(el.tail)
    return [f.strip() for f in out if f.strip()]


def note_tails(al: etree._Element) -> list[str]:
    """Tails of elements inside a footnote: footnote text wetsuite leaks (artifact 2)."""
    return [
        d.tail.strip()
        for noot in al.iter("noot")
        for d in noot.iterdescendants()
        if d.tail and d.tail.strip()
    ]


def load(shared_dir: Path, name: str) -> tuple[etree._Element, dict, bytes]:
    real = shared_dir / "fixtures" / "real"
    data = (real / f"{name}.fragments.xml").read_bytes()
    root = etree.fromstring(data)
    extract = json.loads((real / f"{name}.wetsuite-extract.json").read_text(encoding="utf-8"))
    return root, extract["vraagdata"], data


def key_of(element: etree._Element) -> str:
    return " ".join(re.findall(r"\d+", element.findtext("nr")))


@pytest.mark.parametrize("name", FILES)
def test_reimplemented_wetsuite_rule_gives_wetsuite_text_exactly(
    shared_dir: Path, name: str
) -> None:
    root, vraagdata, _ = load(shared_dir, name)
    checked = 0
    for el in root:
        frags = [f for al in el.findall("al") for f in wetsuite_fragments(al)]
        assert "\n\n".join(frags).replace("\u00a0", " ") == vraagdata[key_of(el)][el.tag][0]
        checked += 1
    assert checked == sum(len(v) for v in vraagdata.values())


def _compare_item(el: etree._Element, item: Item, wetsuite_text: str) -> None:
    als = el.findall("al")
    counts = [len(wetsuite_fragments(al)) for al in als]
    ws_frags = wetsuite_text.split("\n\n") if wetsuite_text else []
    assert sum(counts) == len(ws_frags)
    mine = iter(item.paragraphs)
    start = 0
    for child in el:
        if child.tag == "nr":
            continue
        if child.tag == "lijst":
            for li in child.findall("li"):
                para = next(mine)
                marker = li.findtext("li.nr")
                assert para.startswith(f"{marker} "), para
                printed = re.sub(r"[ \t\n\r]+", " ", "".join(li.find("al").itertext())).strip()
                assert para == f"{marker} {printed}"
            continue
        assert child.tag == "al", f"unexpected child {child.tag}: extend the normalisation"
        n = counts[als.index(child)]
        frags = ws_frags[start : start + n]
        start += n
        for leak in note_tails(child):
            frags.remove(leak)
        frags = [" ".join(f.split(" ")) for f in (re.sub(r"[ \t\n\r]+", " ", f) for f in frags)]
        if not frags:
            continue
        # artifact 4: the text of an extref in running text (not in a noot) is dropped
        refs = [
            re.sub(r"[ \t\n\r]+", " ", "".join(x.itertext())).strip().replace("\u00a0", " ")
            for x in child.iter("extref")
            if not any(a.tag == "noot" for a in x.iterancestors())
        ]
        dropped = "|".join(re.escape(r) for r in refs if r)
        sep = f"(?: ?(?:{dropped})? ?)" if dropped else "(?: ?)"
        pattern = sep.join(re.escape(f) for f in frags)
        para = next(mine).replace("\u00a0", " ")
        assert re.fullmatch(pattern, para), f"{para!r} !~ {frags!r}"
    assert next(mine, None) is None, "kvtui has paragraphs the XML does not explain"


@pytest.mark.parametrize("name", FILES)
def test_every_question_and_answer_matches_wetsuite(shared_dir: Path, name: str) -> None:
    root, vraagdata, data = load(shared_dir, name)
    doc = parse_koop_xml(data, name)
    assert doc.id == name
    items = {("vraag", " ".join(map(str, q.numbers))): q for q in doc.questions}
    items |= {("antwoord", " ".join(map(str, a.numbers))): a for a in doc.answers}
    expected = {(kind, key) for key, v in vraagdata.items() for kind in v}
    assert set(items) == expected
    elements = {(el.tag, key_of(el)): el for el in root}
    for key, item in items.items():
        _compare_item(elements[key], item, vraagdata[key[1]][key[0]][0])
    if name == "ah-tk-20172018-1547":
        assert len(doc.questions) == len(doc.answers) == 48


def test_combined_five_six_of_2197(shared_dir: Path) -> None:
    _, vraagdata, data = load(shared_dir, "ah-tk-20192020-2197")
    doc = parse_koop_xml(data)
    q = next(q for q in doc.questions if q.label == "Vraag 5, 6")
    a = next(a for a in doc.answers if a.label == "Antwoord 5, 6")
    assert q.numbers == a.numbers == (5, 6)
    assert q.text == vraagdata["5 6"]["vraag"][0]
    assert a.text == vraagdata["5 6"]["antwoord"][0]
    assert len(q.paragraphs) == 2


@pytest.mark.parametrize("name", FILES)
def test_footnotes_leave_the_text_and_keep_their_number_and_url(
    shared_dir: Path, name: str
) -> None:
    root, _, data = load(shared_dir, name)
    doc = parse_koop_xml(data)
    parsed = [f for item in doc.questions + doc.answers for f in item.footnotes]
    notes = list(root.iter("noot"))
    assert sorted(f.number for f in parsed) == sorted(int(n.findtext("noot.nr")) for n in notes)
    by_number = {int(n.findtext("noot.nr")): n for n in notes}
    for f in parsed:
        noot = by_number[f.number]
        urls = [x.get("doc") for x in noot.iter("extref") if x.get("soort") == "URL"]
        assert f.url == (urls[0] if urls else None)
        printed = re.sub(r"[ \t\n\r]+", " ", "".join(noot.find("noot.al").itertext())).strip()
        assert f.text.split("\n\n")[0] == printed
