"""The cache directory as a boundary (issue 9, items 1, 3, 6, 9–13 and 18).

Every document and every file here is FICTIEF voorbeeld voor kvtui, written for these
tests. Each class of attack is tried in several shapes:

* text that is not valid Unicode (lone surrogates from JSON escapes, XML and HTML
  character references, UTF-8-encoded surrogates, bytes that are not UTF-8) in every
  source kind and field: it becomes valid text or is refused before it is stored, and
  a set that cannot be indexed never stops the others;
* a failed store (a write error at each file, a full disk, an index failure) leaves
  nothing behind;
* odd files in the cache (symlinks, FIFOs, directories where files belong, a cache on a
  read-only mount, a full disk, an index or reader state from someone else).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rel_payloads import labelled_html, metadata_xml
from test_watch import _mount  # `mount ARGS`, True where it worked

from kvtui.cli import main
from kvtui.store.cache import Cache, ListQuery

TODAY = "2026-11-28"
GOOD = "2098Z00001"
GOOD_TITLE = "goede vraag over treinen"


# ---------------------------------------------------------------------------
# Fictional sources
# ---------------------------------------------------------------------------


def koop_xml(zaak: str, *, doc_id: str | None = None, text: str = "", head: str = "") -> bytes:
    """A small kv-tk document; ``text`` is put raw (it may hold references) in fields."""
    doc_id = doc_id or f"kv-tk-{zaak}"
    return (
        (head or '<?xml version="1.0" encoding="utf-8"?>\n')
        + "<!-- FICTIEF voorbeeld voor kvtui -->\n"
        f'<officiele-publicatie><metadata><meta name="DC.identifier" content="{doc_id}"/>'
        f"</metadata><kamervragen><kamervraagnummer>{zaak}</kamervraagnummer>"
        '<kamervraagomschrijving type="vraag">Vragen van het lid <naam><achternaam>'
        f"Lid{text}</achternaam></naam> (Partij{text}) aan de minister over "
        f"<kamervraagonderwerp>onderwerp {text} {GOOD_TITLE if zaak == GOOD else ''}"
        '</kamervraagonderwerp> (ingezonden <datum isodatum="2098-01-05">5 januari 2098'
        f"</datum>).</kamervraagomschrijving><vraag><nr>Vraag 1</nr><al>Vraag {text}"
        f"<noot id='n1' type='voet'><noot.nr>1</noot.nr><noot.al>Noot {text}</noot.al>"
        "</noot></al></vraag></kamervragen></officiele-publicatie>\n"
    ).encode("utf-8", "surrogatepass")


def sru_xml(text: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><!-- FICTIEF voorbeeld voor kvtui -->'
        '<searchRetrieveResponse xmlns="http://docs.oasis-open.org/ns/search-ws/sruResponse">'
        "<numberOfRecords>1</numberOfRecords><records><record><recordData>"
        '<gzd xmlns="http://standaarden.overheid.nl/sru"><originalData>'
        '<overheidwetgeving:meta xmlns:overheidwetgeving="http://standaarden.overheid.nl/wetgeving/">'
        '<owmskern><dcterms:identifier xmlns:dcterms="http://purl.org/dc/terms/">'
        f"kv-tk-2098Z00099</dcterms:identifier><dcterms:title "
        f'xmlns:dcterms="http://purl.org/dc/terms/">SRU {text}</dcterms:title></owmskern>'
        "</overheidwetgeving:meta></originalData></gzd></recordData></record></records>"
        "</searchRetrieveResponse>"
    ).encode("utf-8", "surrogatepass")


ZAAK_FIELDS = (
    "Titel",
    "Onderwerp",
    "ActorNaam",
    "ActorFractie",
    "Functie",
    "Achternaam",
    "Roepnaam",
    "DocTitel",
    "Relatie",
)


def zaak_json(zaak: str, *, field: str = "", value: str = "", raw: bytes = b"") -> bytes:
    """A one-zaak OData payload with ``value`` (a JSON-escaped string) in ``field``."""

    def v(name: str, normal: str) -> str:
        return f"{normal} @VALUE@" if name == field else normal

    doc = {
        "Soort": "Schriftelijke vragen",
        "DocumentNummer": "2098D00001",
        "Titel": v("DocTitel", "Documenttitel"),
        "Datum": "2098-01-05T00:00:00+01:00",
        "DocumentVersie": [{"Versienummer": 1, "ExterneIdentifier": f"kv-tk-{zaak}"}],
    }
    person = {"Achternaam": v("Achternaam", "Achter"), "Roepnaam": v("Roepnaam", "Roep")}
    actor = {
        "Relatie": v("Relatie", "Indiener"),
        "ActorNaam": v("ActorNaam", "Lid"),
        "ActorFractie": v("ActorFractie", "FICT"),
        "Functie": v("Functie", "Tweede Kamerlid"),
        "Persoon": person,
    }
    body = {
        "value": [
            {
                "Nummer": zaak,
                "Soort": "Schriftelijke vragen",
                "Titel": v("Titel", "FICTIEF zaaktitel"),
                "Onderwerp": v("Onderwerp", "FICTIEF onderwerp"),
                "GestartOp": "2098-01-05T00:00:00+01:00",
                "Vergaderjaar": "2097-2098",
                "Verwijderd": False,
                "ZaakActor": [actor],
                "Document": [doc],
            }
        ]
    }
    # ``value`` goes in as written: "\\ud800" is a JSON escape of a lone surrogate.
    text = json.dumps(body, ensure_ascii=True).replace("@VALUE@", value)
    if raw:
        return text.encode().replace(b"@RAW@", raw)
    return text.encode()


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KVTUI_TODAY", TODAY)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("KVTUI_CACHE_DIR", raising=False)


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    """``kvtui --cache ROOT ARGS`` in this process: (exit code, stdout, stderr)."""
    capsys.readouterr()
    code = main(["--cache", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def kvtui(root: Path | str, *args: str, env: dict[str, str] | None = None, timeout: float = 30):
    """``kvtui --cache ROOT ARGS`` in a child process (for stdout encodings and hangs)."""
    return subprocess.run(
        [sys.executable, "-m", "kvtui", "--cache", str(root), *args],
        capture_output=True,
        timeout=timeout,
        env={**os.environ, "KVTUI_TODAY": TODAY, "NO_COLOR": "1", **(env or {})},
        stdin=subprocess.DEVNULL,
    )


def good_cache(root: Path) -> Path:
    """A cache holding one ordinary set, GOOD."""
    src = root.parent / f"{root.name}-in"
    src.mkdir(parents=True, exist_ok=True)
    (src / f"kv-tk-{GOOD}.xml").write_bytes(koop_xml(GOOD))
    with Cache(root) as cache:
        report = cache.import_paths([src / f"kv-tk-{GOOD}.xml"])
    assert report.numbers == [GOOD], report
    return root


def no_traceback(*texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text and "internal error" not in text, text


# What a user still does with a cache after a link, a full disk or a failed store.
EVERYDAY = (("list",), ("show", GOOD, "--offline"), ("search", "treinen"), ("list", "--starred"))


def everyday_reads(capsys, root: Path, case: str) -> list[tuple[tuple[str, ...], str, str]]:
    """Each of ``EVERYDAY`` exits 0 without a traceback; (args, stdout, stderr) of each."""
    done = []
    for args in EVERYDAY:
        code, out, err = run(capsys, root, *args)
        assert code == 0, (case, args, err)
        no_traceback(out, err)
        done.append((args, out, err))
    return done


def encodable(*texts: str) -> None:
    for text in texts:
        text.encode("utf-8")  # raises on a lone surrogate


def reads_work(capsys, root: Path) -> str:
    """list, show, search and reindex all answer, with valid text; returns list's output."""
    code, listed, err = run(capsys, root, "list")
    assert code == 0, err
    assert GOOD in listed, (listed, err)
    encodable(listed, err)
    for args in (("show", GOOD, "--offline"), ("search", "treinen"), ("list", "--json")):
        code, out, err = run(capsys, root, *args)
        assert code == 0, (args, err)
        no_traceback(out, err)
        encodable(out, err)
        assert GOOD in out, (args, out, err)
    code, out, err = run(capsys, root, "reindex")
    assert code == 0, err
    no_traceback(out, err)
    return listed


# ---------------------------------------------------------------------------
# 1. Text that is not valid Unicode, in every source kind and field
# ---------------------------------------------------------------------------

SURROGATE_ESCAPES = ("\\ud800", "\\udfff", "\\udc00\\ud800", "x\\ud83dy")


def _hostile_files() -> list[tuple[str, str, bytes]]:
    """(label, file name, bytes): every source kind, every field shape."""
    out: list[tuple[str, str, bytes]] = []
    n = 10
    for field in ZAAK_FIELDS:
        for escape in SURROGATE_ESCAPES[:2] if field != "Titel" else SURROGATE_ESCAPES:
            n += 1
            zaak = f"2098Z{n:05d}"
            out.append(
                (
                    f"odata {field} {escape}",
                    f"zaak-{zaak}.json",
                    zaak_json(zaak, field=field, value=escape),
                )
            )
    # UTF-8 bytes of a surrogate (json decodes them with surrogatepass) and non-UTF-8 bytes
    for label, raw in (
        ("utf8-surrogate", b"\xed\xa0\x80"),
        ("latin1 byte", b"\xff"),
        ("lone cont", b"\x80"),
    ):
        n += 1
        zaak = f"2098Z{n:05d}"
        out.append(
            (
                f"odata raw {label}",
                f"zaak-{zaak}.json",
                zaak_json(zaak, field="Titel", value="@RAW@", raw=raw),
            )
        )
    # UTF-16 JSON with a lone surrogate inside
    n += 1
    zaak = f"2098Z{n:05d}"
    utf16 = zaak_json(zaak, field="Titel", value="\\ud800").decode().replace("\\ud800", "\ud800")
    out.append(("odata utf-16", f"zaak-{zaak}.json", utf16.encode("utf-16", "surrogatepass")))
    refs = ("&#xD800;", "&#55296;", "&#xDFFF;", "&#x110000;", "&#0;")
    raws = ("\ud800", "\udcff")  # written as UTF-8-encoded surrogates (invalid UTF-8)
    for text in (*refs, *raws):
        n += 1
        zaak = f"2098Z{n:05d}"
        out.append((f"koop xml {text!r}", f"kv-tk-{zaak}.xml", koop_xml(zaak, text=text)))
        n += 1
        zaak = f"2098Z{n:05d}"
        hid = f"ah-tk-20972098-{n}"
        out.append((f"html {text!r}", f"{hid}.html", labelled_html(hid, zaak, text)))
        n += 1
        zaak = f"2098Z{n:05d}"
        out.append(
            (
                f"metadata {text!r}",
                f"kv-tk-{zaak}.metadata.xml",
                metadata_xml(f"kv-tk-{zaak}", zaak, text),
            )
        )
        out.append((f"sru {text!r}", f"sru-{n}.xml", sru_xml(text)))
    # Bytes that are not UTF-8 in documents that say they are, and in undeclared HTML
    for raw in (b"\xff\xfe", b"\xc3", b"\xe2\x82"):
        n += 1
        zaak = f"2098Z{n:05d}"
        out.append(
            (
                f"koop xml bytes {raw!r}",
                f"kv-tk-{zaak}.xml",
                koop_xml(zaak, text="@").replace(b"@", raw),
            )
        )
        n += 1
        hid = f"ah-tk-20972098-{n}"
        html = labelled_html(hid, f"2098Z{n:05d}", "@").replace(b'<meta charset="utf-8">', b"")
        out.append((f"html bytes {raw!r}", f"{hid}.html", html.replace(b"@", raw)))
    return out


HOSTILE = _hostile_files()


def test_invalid_unicode_in_any_source_is_made_valid_or_refused(capsys, tmp_path, tally):
    root = good_cache(tmp_path / "cache")
    src = tmp_path / "hostile"
    src.mkdir()
    for _label, name, data in HOSTILE:
        (src / name).write_bytes(data)
    code, out, err = run(capsys, root, "import", str(src))
    no_traceback(out, err)
    encodable(out, err)
    tally["cache_text"] += len(HOSTILE)
    listed = reads_work(capsys, root)
    # Every stored file is indexed, and every refusal is named on stderr.
    stored = set(os.listdir(root / "sources"))
    for label, name, _data in HOSTILE:
        if name.startswith("sru-"):
            assert name not in stored, label  # SRU answers are never kept
        elif name not in stored:
            assert name in err, (label, err)
    # The surrogates that were kept are shown as U+FFFD, in list and show alike.
    assert "\ufffd" in listed
    for label, name, _data in HOSTILE:
        if label.startswith("odata Titel") and name in stored:
            zaak = name[len("zaak-") : -len(".json")]
            code, shown, err = run(capsys, root, "show", zaak, "--offline")
            assert code == 0 and "\ufffd" in shown, (label, shown, err)
    assert len([n for n in stored if n.startswith("zaak-")]) >= len(ZAAK_FIELDS) * 2


def test_every_shape_alone_then_the_reader_lists_all(capsys, tmp_path, tally):
    """Each hostile file imported on its own (a fetch stores one set at a time)."""
    root = good_cache(tmp_path / "cache")
    sample = HOSTILE[:: max(1, len(HOSTILE) // 12)]
    for label, name, data in sample:
        path = tmp_path / name
        path.write_bytes(data)
        code, out, err = run(capsys, root, "import", str(path))
        no_traceback(out, err)
        encodable(out, err)
        assert code in (0, 1), (label, err)
        if code == 1:  # refused: named, and nothing of it stored
            assert name in err and name not in os.listdir(root / "sources"), (label, err)
        tally["cache_text"] += 1
    reads_work(capsys, root)
    with Cache(root) as cache:
        for row in cache.rows():
            encodable(row.number, row.title or "", row.submitters, row.answered_by, row.topics)
            kamervraag = cache.get(row.number)
            assert kamervraag is not None
            encodable(json.dumps(kamervraag.to_json(), ensure_ascii=False))


def test_a_set_that_cannot_be_indexed_never_stops_the_others(capsys, tmp_path, monkeypatch, tally):
    from kvtui.store import index

    root = good_cache(tmp_path / "cache")
    src = tmp_path / "in"
    src.mkdir()
    bad = ["2098Z00501", "2098Z00502"]
    for zaak in [*bad, "2098Z00503"]:
        (src / f"kv-tk-{zaak}.xml").write_bytes(koop_xml(zaak))
    real = index.upsert

    def failing(conn, kamervraag, key, extra=()):
        if kamervraag.number == bad[0]:
            raise RuntimeError("boom in one set")
        if kamervraag.number == bad[1]:
            real(conn, kamervraag, key, extra)  # half written, then a value SQLite refuses
            conn.execute("INSERT INTO ids (id, number) VALUES (?, ?)", (None, None))
        return real(conn, kamervraag, key, extra)

    monkeypatch.setattr(index, "upsert", failing)
    code, out, err = run(capsys, root, "import", str(src))
    assert code == 1 and "2098Z00503" in out
    for zaak in bad:
        assert f"kv-tk-{zaak}.xml" in err and "could not index" in err, err
    # A rebuild skips them too, naming each, and keeps the rest.
    code, out, err = run(capsys, root, "reindex")
    assert code == 0, err
    for zaak in bad:
        assert f"sources/kv-tk-{zaak}.xml left out of the index" in err, err
    code, listed, err = run(capsys, root, "list")
    assert code == 0 and GOOD in listed and "2098Z00503" in listed
    assert not any(zaak in listed for zaak in bad), (listed, err)
    tally["cache_text"] += 3
    # Files that cannot even be parsed, dropped into sources/ behind kvtui's back.
    monkeypatch.setattr(index, "upsert", real)
    (root / "sources" / "kv-tk-2098Z00601.xml").write_bytes(b"<not xml")
    (root / "sources" / "zaak-2098Z00602.json").write_bytes(b'{"value": [{"Nummer": "\xff"}]}')
    code, listed, err = run(capsys, root, "list")
    assert code == 0 and GOOD in listed, err
    assert "kv-tk-2098Z00601.xml" in err and "zaak-2098Z00602.json" in err, err
    tally["cache_text"] += 2


# ---------------------------------------------------------------------------
# 3. A failed store leaves nothing behind
# ---------------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under sources/ with its bytes (temp files included: none may stay)."""
    src = root / "sources"
    return {n: (src / n).read_bytes() for n in sorted(os.listdir(src))}


def index_rows(root: Path) -> list[tuple]:
    with Cache(root) as cache:
        return [(r.number, r.title, r.status) for r in cache.rows()]


def _set_items(zaak: str, version: str) -> list[tuple[str, bytes]]:
    ah = f"ah-tk-20972098-{zaak[-4:].lstrip('0') or '0'}"
    return [
        (f"kv-tk-{zaak}.xml", koop_xml(zaak, text=version)),
        (f"kv-tk-{zaak}.metadata.xml", metadata_xml(f"kv-tk-{zaak}", zaak, version)),
        (f"{ah}.html", labelled_html(ah, zaak, version)),
        (f"zaak-{zaak}.json", zaak_json(zaak, field="Titel", value=version)),
    ]


def _inject(m: pytest.MonkeyPatch, point: str, k: int) -> None:
    """Make the ``k``-th call at ``point`` fail as a full disk (or the index refuse)."""
    import errno
    import sqlite3

    from kvtui.store import files as files_mod
    from kvtui.store import index

    calls = {"n": 0}

    def fail_on_k(real):
        def wrapped(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == k:
                raise OSError(errno.ENOSPC, "No space left on device (injected)")
            return real(*args, **kwargs)

        return wrapped

    if point == "write":
        m.setattr(files_mod, "_write_file", fail_on_k(files_mod._write_file))
    elif point == "fsync":
        m.setattr(files_mod.os, "fsync", fail_on_k(os.fsync))
    elif point == "link":
        m.setattr(files_mod.os, "link", fail_on_k(os.link))
    elif point == "replace":
        real_replace = os.replace
        failing = fail_on_k(real_replace)

        def replace(src, dst, *a, **kw):
            if ".tmp-" in str(src) and not str(src).endswith(".old"):
                return failing(src, dst, *a, **kw)
            return real_replace(src, dst, *a, **kw)

        m.setattr(files_mod.os, "replace", replace)
    elif point == "index":

        def full(*a, **kw):
            raise sqlite3.OperationalError("database or disk is full")

        m.setattr(index, "record_sources", full)
    elif point == "commit":
        real_upsert = index.upsert

        def refuse(conn, kamervraag, key, extra=()):
            real_upsert(conn, kamervraag, key, extra)
            raise ValueError("a set the assembler cannot take")

        m.setattr(index, "upsert", refuse)


FAULT_POINTS = ("write", "fsync", "link", "replace", "index", "commit")


@pytest.mark.parametrize("point", FAULT_POINTS)
def test_a_store_that_fails_at_any_file_leaves_the_cache_as_it_was(
    tmp_path, monkeypatch, point, tally
):
    import sqlite3

    root = good_cache(tmp_path / "cache")
    zaak = "2098Z00700"
    with Cache(root) as cache:  # an older version of half the set is already there
        cache.add_sources(_set_items(zaak, "oud")[:2])
    before, rows_before = snapshot(root), index_rows(root)
    items = _set_items(zaak, "nieuw")
    n_calls = {"write": len(items), "fsync": len(items), "link": 2, "replace": len(items)}.get(
        point, 1
    )
    for k in range(1, n_calls + 1):
        with monkeypatch.context() as m:
            _inject(m, point, k)
            if point == "link":  # no hard links here: the old file is moved aside instead
                with Cache(root) as cache:
                    assert cache.add_sources(items) == [zaak]
                assert snapshot(root)[f"kv-tk-{zaak}.xml"] == items[0][1]
                assert not [n for n in os.listdir(root / "sources") if n.startswith(".tmp-")]
                with Cache(root) as cache:  # back to the old version for the next round
                    (root / "sources" / f"{items[2][0]}").unlink()
                    (root / "sources" / f"{items[3][0]}").unlink()
                    cache.add_sources(_set_items(zaak, "oud")[:2])
                    cache.reindex()
                assert snapshot(root) == before
                tally["cache_store"] += 1
                continue
            with Cache(root) as cache, pytest.raises((OSError, sqlite3.Error, ValueError)):
                cache.add_sources(items)
        assert snapshot(root) == before, (point, k)
        assert index_rows(root) == rows_before, (point, k)
        tally["cache_store"] += 1
    # And without a fault the same store succeeds and replaces the old files.
    with Cache(root) as cache:
        assert cache.add_sources(items) == [zaak]
    after = snapshot(root)
    assert after[f"kv-tk-{zaak}.xml"] == items[0][1]
    assert not [n for n in after if n.startswith(".tmp-")]


# ---------------------------------------------------------------------------
# 6. Reads of cached files are bounded: only regular files, up to the cap
# ---------------------------------------------------------------------------

BIG = 8 * 1024**3  # sparse: costs no disk, but reading it whole would cost 8 GB


def _odd_entries(root: Path, outside: Path) -> dict[str, str]:
    """Put things that are not regular files under source names; returns name → kind."""
    src = root / "sources"
    outside.mkdir(parents=True, exist_ok=True)
    big = outside / "big.xml"
    with open(big, "wb") as fh:
        fh.truncate(BIG)
    fifo_out = outside / "fifo"
    os.mkfifo(fifo_out)
    made = {}
    shapes = {
        "kv-tk-2098Z00801.xml": ("symlink to an 8 GB file", lambda p: p.symlink_to(big)),
        "kv-tk-2098Z00802.xml": ("FIFO", lambda p: os.mkfifo(p)),
        "kv-tk-2098Z00803.xml": ("symlink to a FIFO", lambda p: p.symlink_to(fifo_out)),
        "kv-tk-2098Z00804.xml": ("symlink to /dev/zero", lambda p: p.symlink_to("/dev/zero")),
        "kv-tk-2098Z00805.xml": ("directory", lambda p: p.mkdir()),
        "kv-tk-2098Z00806.xml": ("dangling symlink", lambda p: p.symlink_to(outside / "none")),
        "zaak-2098Z00807.json": ("symlink to a good source", None),
        "kv-tk-2098Z00808.xml": (
            "character device",
            lambda p: os.mknod(p, 0o600 | 0o020000, os.makedev(1, 5)),
        ),
        "kv-tk-2098Z00809.xml": ("hard link to a 65 MB file", None),
    }
    good = outside / "good.json"
    good.write_bytes(zaak_json("2098Z00807"))
    for name, (kind, make) in shapes.items():
        path = src / name
        try:
            if make is not None:
                make(path)
            elif kind.startswith("symlink"):
                path.symlink_to(good)
            else:
                (outside / "huge.xml").write_bytes(
                    koop_xml("2098Z00809") + b" " * (65 * 1024 * 1024)
                )
                os.link(outside / "huge.xml", path)
        except (PermissionError, OSError):
            continue  # e.g. no mknod in this container: that shape is not tried
        made[name] = kind
    return made


def test_only_regular_files_in_sources_are_read_and_never_whole(tmp_path, tally):
    root = good_cache(tmp_path / "cache")
    made = _odd_entries(root, tmp_path / "outside")
    assert len(made) >= 7, made
    # list (which catches up on sources/), show, search, reindex and import: each
    # returns quickly, in a child process so a hang is a timeout and not a stuck suite.
    for args in (("list",), ("show", GOOD, "--offline"), ("search", "treinen"), ("reindex",)):
        done = kvtui(root, *args, timeout=30)
        assert done.returncode == 0, (args, done.stderr)
        assert GOOD.encode() in done.stdout or args == ("reindex",), (args, done.stdout)
        no_traceback(done.stdout.decode(), done.stderr.decode())
        tally["cache_files"] += 1
    with Cache(root) as cache:
        for name, kind in made.items():
            assert cache.read_source(name) is None, kind
            if "65 MB" not in kind:  # a regular file, but never read: too large
                assert not cache.has_source(name), kind
                assert name not in cache.source_names(), kind
            tally["cache_files"] += 1
        assert [r.number for r in cache.rows()] == [GOOD]
        # A fetched set stored over such a name replaces the entry, never its target.
        zaak = "2098Z00801"
        assert cache.add_sources([(f"kv-tk-{zaak}.xml", koop_xml(zaak))]) == [zaak]
    assert (tmp_path / "outside" / "big.xml").stat().st_size == BIG
    assert not (root / "sources" / f"kv-tk-{zaak}.xml").is_symlink()


def test_a_fifo_or_device_given_to_import_does_not_hang(capsys, tmp_path, tally):
    root = good_cache(tmp_path / "cache")
    fifo = tmp_path / "kv-tk-2098Z00810.xml"
    os.mkfifo(fifo)
    done = kvtui(root, "import", str(fifo), "/dev/zero", timeout=30)
    assert done.returncode == 1, done.stderr
    no_traceback(done.stderr.decode())
    tally["cache_files"] += 2


# ---------------------------------------------------------------------------
# 9. Symlinks inside the cache are never followed: nothing outside it is written
# ---------------------------------------------------------------------------


def _outside_db(path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
        "CREATE TABLE files (name TEXT PRIMARY KEY);"
        "CREATE TABLE state (number TEXT PRIMARY KEY, read INTEGER);"
        "CREATE TABLE precious (x TEXT); INSERT INTO precious VALUES ('FICTIEF, niet aankomen');"
    )
    conn.commit()
    conn.close()


def _tree(directory: Path) -> dict[str, tuple[int, int, bytes]]:
    out = {}
    for p in sorted(directory.rglob("*")):
        st = p.lstat()
        data = p.read_bytes() if p.is_file() and not p.is_symlink() else b""
        out[str(p.relative_to(directory))] = (st.st_mode, st.st_mtime_ns, data)
    return out


LINKED = {
    "index.sqlite": "db",
    "index.sqlite-wal": "file",
    "index.sqlite-shm": "file",
    "state.sqlite": "db",
    "state.sqlite-wal": "file",
    ".import.lock": "file",
    "http-validators.json": "file",
}


@pytest.mark.parametrize("name", [*LINKED, ".import.lock dangling", "index.sqlite dangling"])
def test_links_in_place_of_the_cache_files_are_never_followed(capsys, tmp_path, name, tally):
    root = good_cache(tmp_path / "cache")
    with Cache(root) as cache:
        cache.set_starred(GOOD, True)
    outside = tmp_path / "outside"
    outside.mkdir()
    base = name.split()[0]
    target = outside / "target"
    if name.endswith("dangling"):
        target = outside / "created-by-kvtui"
    elif LINKED[base] == "db":
        _outside_db(target)
    else:
        target.write_bytes(b"FICTIEF: someone else's file\n")
    link = root / base
    for suffix in ("", "-wal", "-shm") if base.endswith(".sqlite") else ("",):
        with contextlib.suppress(FileNotFoundError):
            (root / f"{base}{suffix}").unlink()
    link.symlink_to(target)
    before = _tree(outside)
    # list (index and state), show, search, a mark in the reader, a store, a rebuild
    everyday_reads(capsys, root, name)
    with Cache(root) as cache:
        cache.set_read(GOOD, True)
        cache.add_sources([("kv-tk-2098Z00901.xml", koop_xml("2098Z00901"))])
        cache.reindex()
        assert {r.number for r in cache.rows()} == {GOOD, "2098Z00901"}
    from kvtui.services.conditional import ValidatorStore
    from kvtui.services.http import Validators

    store = ValidatorStore(root)
    store.remember("https://example.invalid/x", f"kv-tk-{GOOD}.xml", Validators('"e1"', None), b"x")
    store.save()
    assert _tree(outside) == before, name
    assert not (root / base).is_symlink(), name
    tally["cache_links"] += 1


def test_sources_as_a_link_or_a_file_is_one_clear_message(capsys, tmp_path, tally):
    for shape in ("link", "file", "fifo"):
        root = tmp_path / shape / "cache"
        root.mkdir(parents=True)
        outside = tmp_path / shape / "outside"
        outside.mkdir()
        (outside / f"kv-tk-{GOOD}.xml").write_bytes(koop_xml(GOOD))
        if shape == "link":
            (root / "sources").symlink_to(outside)
        elif shape == "file":
            (root / "sources").write_bytes(b"FICTIEF")
        else:
            os.mkfifo(root / "sources")
        before = _tree(outside)
        for args in (("list",), ("show", GOOD, "--offline"), ("import", str(outside))):
            code, out, err = run(capsys, root, *args)
            assert code == 1, (shape, args, out, err)
            assert "sources" in err and "not a directory" in err, err
            assert len(err.strip().splitlines()) == 1, err
            no_traceback(err)
        assert _tree(outside) == before
        tally["cache_links"] += 1


# ---------------------------------------------------------------------------
# 10. A cache kvtui cannot write is read, never written and never deleted from
# ---------------------------------------------------------------------------


def _umount(path: Path) -> None:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(["umount", "-l", str(path)], capture_output=True, timeout=20)


@pytest.fixture
def read_only_view(tmp_path: Path):
    """``view(src)``: a read-only bind mount of ``src`` (skips where mount is not allowed)."""
    mounted: list[Path] = []

    def view(src: Path) -> Path:
        target = tmp_path / f"ro-{len(mounted)}"
        target.mkdir()
        if not _mount(["--bind", str(src), str(target)]):
            pytest.skip("mount --bind is not permitted here (needs root in a mount namespace)")
        mounted.append(target)
        if not _mount(["-o", "remount,ro,bind", str(target)]):
            pytest.skip("a read-only remount is not permitted here")
        return target

    yield view
    for target in reversed(mounted):
        _umount(target)


def _copied_cache(tmp_path: Path, label: str) -> Path:
    """A cache with two sets, a starred mark and its index, copied as rsync would."""
    import shutil

    root = good_cache(tmp_path / f"{label}-orig")
    with Cache(root) as cache:
        cache.add_sources([("kv-tk-2098Z01001.xml", koop_xml("2098Z01001"))])
        cache.set_starred(GOOD, True)
    copy = tmp_path / label
    shutil.copytree(root, copy, symlinks=True)
    return copy


RO_SHAPES = (
    "copy",
    "checkpointed",
    "sources only",
    "stale index",
    "corrupt index",
    "other version",
    "foreign text",
)


@pytest.mark.parametrize("shape", RO_SHAPES)
def test_a_cache_on_a_read_only_mount_lists_shows_and_searches(
    capsys, tmp_path, read_only_view, shape, tally
):
    import sqlite3

    src = _copied_cache(tmp_path, "src")
    if shape == "checkpointed":
        conn = sqlite3.connect(src / "index.sqlite")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.close()
    for suffix in ("-wal", "-shm") if shape != "copy" else ():
        with contextlib.suppress(FileNotFoundError):
            (src / f"index.sqlite{suffix}").unlink()
    if shape == "sources only":
        (src / "index.sqlite").unlink()
        (src / "state.sqlite").unlink()
    elif shape == "stale index":
        (src / "sources" / "kv-tk-2098Z01002.xml").write_bytes(koop_xml("2098Z01002"))
    elif shape == "corrupt index":
        (src / "index.sqlite").write_bytes(b"FICTIEF, no database" * 100)
    elif shape == "other version":
        conn = sqlite3.connect(src / "index.sqlite")
        conn.execute("PRAGMA user_version = 99")
        conn.close()
    elif shape == "foreign text":
        conn = sqlite3.connect(src / "index.sqlite")
        conn.execute("UPDATE sets SET title = CAST(x'ff41fe' AS TEXT) WHERE number = ?", (GOOD,))
        conn.commit()
        conn.close()
    before = _tree(src)
    root = read_only_view(src)
    listed = reads_work_read_only(capsys, root)
    if shape == "stale index":
        assert "2098Z01002" in listed
    if shape not in ("sources only",):
        code, out, err = run(capsys, root, "list", "--starred")
        assert code == 0 and GOOD in out, (shape, out, err)
    with Cache(root) as cache:  # a mark in the reader: kept for the session, never written
        cache.set_read(GOOD, True)
        assert cache.state(GOOD).read
    for args in (("import", str(tmp_path)), ("reindex",)):
        code, out, err = run(capsys, root, *args)
        assert code == 1 and "cannot be written" in err, (args, err)
        assert len(err.strip().splitlines()) <= 2, err
        no_traceback(err)
    assert _tree(src) == before, shape
    tally["cache_readonly"] += 1


def reads_work_read_only(capsys, root: Path) -> str:
    code, listed, err = run(capsys, root, "list")
    assert code == 0, err
    assert GOOD in listed and "2098Z01001" in listed, (listed, err)
    no_traceback(listed, err)
    for args in (("show", GOOD, "--offline"), ("search", "treinen"), ("list", "--json")):
        code, out, err = run(capsys, root, *args)
        assert code == 0 and GOOD in out, (args, out, err)
        no_traceback(out, err)
    return listed


def test_an_unwritable_cache_is_never_written_even_without_a_mount(
    capsys, tmp_path, monkeypatch, tally
):
    """The same rules where mounting is not allowed: kvtui told the directory is read-only."""
    from kvtui.store import cache as cache_mod

    src = _copied_cache(tmp_path, "src")
    (src / "sources" / "kv-tk-2098Z01002.xml").write_bytes(koop_xml("2098Z01002"))  # stale
    (src / "index.sqlite-wal").unlink(missing_ok=True)
    (src / "index.sqlite-shm").unlink(missing_ok=True)
    before = _tree(src)
    monkeypatch.setattr(cache_mod, "_writable", lambda root: False)
    listed = reads_work_read_only(capsys, src)
    assert "2098Z01002" in listed
    with Cache(src) as cache:
        cache.set_starred("2098Z01002", True)
    after = _tree(src)
    after.pop("index.sqlite-shm", None)  # mode=ro may create SQLite's shared-memory file
    after.pop("index.sqlite-wal", None)
    assert after == before
    tally["cache_readonly"] += 1


# ---------------------------------------------------------------------------
# 11. A full disk: stores fail and say so, reading keeps working
# ---------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 3 MB tmpfs (a real ENOSPC); skips where mounting is not allowed."""
    target = tmp_path / "disk"
    target.mkdir()
    if not _mount(["-t", "tmpfs", "-o", "size=3m", "tmpfs", str(target)]):
        pytest.skip("mount -t tmpfs is not permitted here")
    yield target
    _umount(target)


def _fill(disk: Path) -> None:
    """Fill the disk to the last byte (unbuffered, so nothing is left to flush)."""
    for name, size in (("filler", 65536), ("filler2", 1)):
        fd = os.open(disk / name, os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(fd, b"\0" * size)
        except OSError:
            pass
        finally:
            os.close(fd)


FULL_SHAPES = ("failed store", "stale index", "no state yet", "no index yet", "failed import")


@pytest.mark.parametrize("shape", FULL_SHAPES)
def test_on_a_full_disk_reading_works_and_failures_name_the_disk(
    capsys, small_disk, tmp_path, shape, tally
):
    root = small_disk / "cache"
    if shape == "no index yet":
        (root / "sources").mkdir(parents=True)
        (root / "sources" / f"kv-tk-{GOOD}.xml").write_bytes(koop_xml(GOOD))
    else:
        good_cache(root)
        with Cache(root) as cache:
            cache.add_sources([("kv-tk-2098Z01101.xml", koop_xml("2098Z01101"))])
    if shape == "stale index":
        (root / "sources" / "kv-tk-2098Z01102.xml").write_bytes(koop_xml("2098Z01102"))
    if shape == "no state yet":
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                (root / f"state.sqlite{suffix}").unlink()
    _fill(small_disk)
    sources_before = snapshot(root)
    if shape == "failed store":
        big = [
            (f"kv-tk-2098Z0120{i}.xml", koop_xml(f"2098Z0120{i}", text="x" * 200_000))
            for i in range(3)
        ]
        from kvtui.store.cache import CacheError

        with Cache(root) as cache, pytest.raises((OSError, CacheError)) as info:
            cache.add_sources(big)
        assert "No space left" in str(info.value) or "full" in str(info.value)
        assert snapshot(root) == sources_before
    if shape == "failed import":
        src = tmp_path / "in"
        src.mkdir()
        (src / "kv-tk-2098Z01301.xml").write_bytes(koop_xml("2098Z01301", text="y" * 300_000))
        code, out, err = run(capsys, root, "import", str(src))
        assert code == 1, err
        assert "full" in err or "No space left" in err, err
        no_traceback(out, err)
    for args, out, err in everyday_reads(capsys, root, shape):
        assert "cannot rollback" not in err
        if args != ("list", "--starred"):
            assert GOOD in out, (shape, args, out, err)
        if err.strip() and "no Kamervragen" not in err:
            assert "full" in err, (shape, args, err)
    with Cache(root) as cache:  # a mark: kept for the session or refused with the cause
        try:
            cache.set_read(GOOD, True)
        except Exception as exc:
            assert "full" in str(exc), exc
    tally["cache_full"] += 1


# ---------------------------------------------------------------------------
# 12. A cache from someone else: the index is derived, the state is set aside
# ---------------------------------------------------------------------------

ABORT = "SELECT RAISE(ABORT, 'FICTIEF: a foreign trigger ran')"
FOREIGN_INDEX = {
    "trigger on meta": f"CREATE TRIGGER t1 AFTER UPDATE ON meta BEGIN {ABORT}; END",
    "trigger on sets": f"CREATE TRIGGER t2 BEFORE INSERT ON sets BEGIN {ABORT}; END",
    "trigger on files": f"CREATE TRIGGER t3 AFTER INSERT ON files BEGIN {ABORT}; END",
    "trigger on ids delete": f"CREATE TRIGGER t4 BEFORE DELETE ON ids BEGIN {ABORT}; END",
    "view": "CREATE VIEW listing AS SELECT * FROM sets",
    "extra table": "CREATE TABLE extra (x TEXT)",
    "extra column": "ALTER TABLE sets ADD COLUMN extra TEXT",
    "extra index": "CREATE INDEX kv_title ON sets (title)",
    "other version": "PRAGMA user_version = 99",
    "garbage json": "UPDATE set_json SET json = '{\"nope\": 1}'",
    "not json": "UPDATE set_json SET json = 'FICTIEF'",
    "not compressed json": "UPDATE set_json SET json = CAST('{\"number\": 1}' AS BLOB)",
    "blob of zeros": "UPDATE set_json SET json = zeroblob(40)",
    "unknown status": "UPDATE sets SET status = 'FICTIEF'",
    "bad date": "UPDATE sets SET submitted = 'gisteren'",
    "number a blob": "UPDATE sets SET title = x'00ff'",
    "title a number": "UPDATE sets SET title = 42, submitters = 7",
    "not utf-8": "UPDATE sets SET title = CAST(x'c3' AS TEXT)",
    "fts module gone": "CREATE VIRTUAL TABLE gone USING fts5(x); "
    "UPDATE sqlite_master SET sql = 'CREATE VIRTUAL TABLE gone USING nosuchmodule(x)' "
    "WHERE name = 'gone'",
}


def _tamper(db: Path, sql: str) -> None:
    import sqlite3

    conn = sqlite3.connect(db, isolation_level=None)
    if "sqlite_master" in sql:
        conn.execute("PRAGMA writable_schema = ON")
    conn.executescript(sql)
    conn.close()


@pytest.mark.parametrize("shape", list(FOREIGN_INDEX))
def test_an_index_from_elsewhere_is_rebuilt_never_trusted(capsys, tmp_path, shape, tally):
    root = good_cache(tmp_path / "cache")
    with Cache(root) as cache:
        cache.set_starred(GOOD, True)
    _tamper(root / "index.sqlite", FOREIGN_INDEX[shape])
    listed = reads_work(capsys, root)  # list, show, search, list --json and reindex
    assert "FICTIEF: a foreign trigger ran" not in listed
    with Cache(root) as cache:  # kvtui's own writes go through, no trigger runs
        cache.add_sources([("kv-tk-2098Z01401.xml", koop_xml("2098Z01401"))])
        cache.set_read(GOOD, True)
        assert {r.number for r in cache.rows(ListQuery(starred_only=True))} == {GOOD}
    import sqlite3

    conn = sqlite3.connect(root / "index.sqlite")
    objects = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert not objects & {"t1", "t2", "t3", "t4", "listing", "extra", "kv_title", "gone"}
    tally["cache_foreign"] += 1


FOREIGN_STATE = {
    "other version": "CREATE TABLE state (number TEXT PRIMARY KEY, read INTEGER, starred INTEGER, "
    "position INTEGER, opened TEXT); PRAGMA user_version = 7",
    "missing columns": "CREATE TABLE state (number TEXT PRIMARY KEY, read INTEGER)",
    "other columns": "CREATE TABLE state (id INTEGER, note TEXT)",
    "a view": "CREATE TABLE s0 (number, read, starred, position, opened); "
    "CREATE VIEW state AS SELECT * FROM s0",
    "a trigger": "CREATE TABLE state (number TEXT PRIMARY KEY, read INTEGER NOT NULL DEFAULT 0, "
    "starred INTEGER NOT NULL DEFAULT 0, position INTEGER NOT NULL DEFAULT 0, opened TEXT); "
    f"CREATE TRIGGER st AFTER INSERT ON state BEGIN {ABORT}; END",
    "extra table": "CREATE TABLE other (x)",
    "not a database": None,
}


@pytest.mark.parametrize("shape", list(FOREIGN_STATE))
def test_reader_state_of_another_kind_is_set_aside_with_a_notice(capsys, tmp_path, shape, tally):
    root = good_cache(tmp_path / "cache")
    state = root / "state.sqlite"
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            (root / f"state.sqlite{suffix}").unlink()
    if FOREIGN_STATE[shape] is None:
        state.write_bytes(b"FICTIEF: not SQLite at all" * 50)
    else:
        _tamper(state, FOREIGN_STATE[shape])
    original = state.read_bytes()
    code, out, err = run(capsys, root, "list")
    assert code == 0 and GOOD in out, err
    no_traceback(out, err)
    assert "state.sqlite" in err and "renamed it to state.sqlite." in err, err
    code, out, err = run(capsys, root, "list", "--starred")
    assert code == 0, err
    with Cache(root) as cache:
        cache.set_starred(GOOD, True)
        assert cache.state(GOOD).starred
    aside = [p for p in root.iterdir() if p.name.startswith("state.sqlite.") and "-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == original, aside
    tally["cache_foreign"] += 1


CONTROLS = "\x1b]52;c;RklDVElFRg==\x07\x1b[2J\x9b31m\u202e[bold]vet[/bold]"


def _index_with_controls(root: Path) -> None:
    """An index of kvtui's exact shape, whose values someone filled with controls."""
    import sqlite3

    from kvtui.store import index

    conn = sqlite3.connect(root / "index.sqlite", isolation_level=None)
    conn.execute(
        "UPDATE sets SET title = ?, submitters = ?, answered_by = ?, topics = ?",
        (f"titel {CONTROLS}", f"lid {CONTROLS}", f"minister {CONTROLS}", f"onderwerp {CONTROLS}"),
    )
    row = conn.execute("SELECT json FROM set_json").fetchone()
    data = index.unpack(row[0])
    data["title"] = f"titel {CONTROLS}"
    conn.execute("UPDATE set_json SET json = ?", (index.pack(data),))
    conn.execute("INSERT INTO fts (fts) VALUES ('delete-all')")  # contentless: no DELETE
    conn.execute(
        "INSERT INTO fts (rowid, number, title, people, questions, answers) "
        "SELECT rid, number, title, submitters, 'treinen', '' FROM sets"
    )
    conn.close()


def test_controls_in_an_index_from_elsewhere_reach_no_terminal(tmp_path, tally):
    root = good_cache(tmp_path / "cache")
    _index_with_controls(root)
    for args in (
        ("list",),
        ("show", GOOD, "--offline"),
        ("search", "treinen"),
        ("show", GOOD, "--offline", "--format", "markdown"),
    ):
        done = kvtui(root, *args)
        assert done.returncode == 0, (args, done.stderr)
        data = done.stdout + done.stderr
        assert b"\x1b" not in data and b"\x07" not in data and "\x9b".encode() not in data, (
            args,
            data,
        )
        assert "\u202e".encode() not in data, args
        tally["cache_foreign"] += 1


async def test_the_reader_shows_index_values_inert_in_its_list_and_notifications(
    tmp_path, monkeypatch, tally
):
    pytest.importorskip("textual")
    from kvtui.ui.app import KvtuiApp
    from kvtui.ui.config import Config

    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))
    root = good_cache(tmp_path / "cache")
    _index_with_controls(root)
    import sqlite3

    conn = sqlite3.connect(root / "index.sqlite", isolation_level=None)
    conn.execute("UPDATE sets SET number = ?", (f"{GOOD}{CONTROLS}",))
    conn.execute("UPDATE ids SET number = ?", (f"{GOOD}{CONTROLS}",))
    conn.close()
    cache = Cache(root)
    shown: list[str] = []
    app = KvtuiApp(cache, config=Config())
    real_notify = KvtuiApp.__mro__[1].notify

    def spy(self, message, **kwargs):
        shown.append(message + kwargs.get("title", ""))
        return real_notify(self, message, **kwargs)

    monkeypatch.setattr(KvtuiApp.__mro__[1], "notify", spy)
    # On the main screen notifications go to its message line: watch what reaches it too.
    from kvtui.ui.screens.main import MainScreen

    real_show = MainScreen.show_message

    def show_spy(self, message, **kwargs):
        shown.append(str(message) + str(kwargs.get("title", "")))
        return real_show(self, message, **kwargs)

    monkeypatch.setattr(MainScreen, "show_message", show_spy)
    try:
        async with app.run_test(size=(120, 30), notifications=True) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = "\n".join(s.text for s in app.screen._compositor.render_strips())
            assert "titel" in screen and "␛]52" in screen, screen
            await pilot.press("m")  # mark read: a notification naming the number
            await pilot.pause()
            app.notify(f"direct {CONTROLS}", title=f"t {CONTROLS}")
            await pilot.pause()
            screen = "\n".join(s.text for s in app.screen._compositor.render_strips())
            for text in [screen, *shown]:
                assert not any(ch in text for ch in "\x1b\x07\x9b\u202e"), text
            assert any("direct" in m for m in shown)
            assert any("marked" in m and GOOD in m for m in shown), shown
            assert app.is_running
            tally["cache_foreign"] += 2
    finally:
        cache.close()


# ---------------------------------------------------------------------------
# 13. Odd shapes of the cache get one clear message, never a traceback
# ---------------------------------------------------------------------------

COMMANDS = (("list",), ("show", GOOD, "--offline"), ("search", "treinen"), ("reindex",))


def _odd_cache(tmp_path: Path, shape: str) -> Path:
    base = tmp_path / shape.replace(" ", "-").replace("/", "_")
    base.mkdir()
    if shape == "a file":
        (base / "cache").write_bytes(b"FICTIEF")
        return base / "cache"
    if shape == "under a file":
        (base / "file").write_bytes(b"FICTIEF")
        return base / "file" / "cache"
    if shape == "a FIFO":
        os.mkfifo(base / "cache")
        return base / "cache"
    root = good_cache(base / "cache")
    name = {
        "index a directory": "index.sqlite",
        "wal a directory": "index.sqlite-wal",
        "state a directory": "state.sqlite",
        "lock a directory": ".import.lock",
    }[shape]
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            (root / f"{name}{suffix}").unlink()
    (root / name).mkdir()
    (root / name / "keep").write_bytes(b"FICTIEF: someone's data")
    return root


ODD = (
    "a file",
    "under a file",
    "a FIFO",
    "index a directory",
    "wal a directory",
    "state a directory",
    "lock a directory",
)


@pytest.mark.parametrize("shape", ODD)
def test_odd_cache_shapes_get_one_clear_message(capsys, tmp_path, shape, tally):
    root = _odd_cache(tmp_path, shape)
    for args in (*COMMANDS, ("list", "--starred"), ("import", str(tmp_path / "none"))):
        code, out, err = run(capsys, root, *args)
        no_traceback(out, err)
        if code != 0:
            assert code == 1, (shape, args, err)
            lines = [
                line
                for line in err.splitlines()
                if line.startswith("kvtui: ") and "none" not in line
            ]
            assert lines and len(lines) <= 2, (shape, args, err)
        tally["cache_shapes"] += 1
    if shape.endswith("a directory"):  # never deleted: it may be someone's data
        name = next(p for p in root.iterdir() if p.is_dir() and (p / "keep").exists())
        assert (name / "keep").read_bytes() == b"FICTIEF: someone's data"


@pytest.mark.parametrize(
    "where", ["/dev/null", "/etc/passwd", "/proc/kvtui-x", "/proc/self/status/x"]
)
def test_system_paths_as_the_cache_are_refused_clearly(capsys, where, monkeypatch, tally):
    before = Path("/etc/passwd").stat().st_mtime_ns
    for args in (
        ("list",),
        ("show", GOOD, "--offline"),
        ("search", "x"),
        ("import", "/nonexistent"),
    ):
        code, out, err = run(capsys, Path(where), *args)
        assert code == 1, (where, args, err)
        assert err.startswith("kvtui: ") and len(err.strip().splitlines()) == 1, err
        no_traceback(out, err)
        tally["cache_shapes"] += 1
    monkeypatch.setenv("KVTUI_CACHE_DIR", where)
    capsys.readouterr()
    assert main(["list"]) == 1
    assert "kvtui: " in capsys.readouterr().err
    assert Path("/etc/passwd").stat().st_mtime_ns == before


def test_the_reader_refuses_an_unusable_cache_in_one_line(tmp_path):
    (tmp_path / "file").write_bytes(b"FICTIEF")
    done = kvtui(tmp_path / "file", env={"KVTUI_FORCE_TUI": "1"})
    assert done.returncode == 1, done.stderr
    assert done.stderr.decode().startswith("kvtui: ") and b"Traceback" not in done.stderr


VALIDATOR_SHAPES = {
    "etag a number": lambda p: p.write_text(
        json.dumps({"U": {"name": "N", "sha256": "S", "etag": 12}})
    ),
    "etag with CRLF": lambda p: p.write_text(
        json.dumps({"U": {"name": "N", "sha256": "S", "etag": '"x"\r\nX-Evil: 1'}})
    ),
    "last-modified a list": lambda p: p.write_text(
        json.dumps({"U": {"name": "N", "sha256": "S", "last_modified": ["x"]}})
    ),
    "entries not objects": lambda p: p.write_text(json.dumps({"U": [1, 2]})),
    "a list": lambda p: p.write_text("[1, 2, 3]"),
    "deep nesting": lambda p: p.write_text("[" * 100_000 + "]" * 100_000),
    "not json": lambda p: p.write_bytes(b"\xff\xfeFICTIEF"),
    "a directory": lambda p: p.mkdir(),
    "a FIFO": lambda p: os.mkfifo(p),
    "a link to /dev/zero": lambda p: p.symlink_to("/dev/zero"),
}


@pytest.mark.parametrize("shape", list(VALIDATOR_SHAPES))
def test_a_bad_validators_file_costs_a_full_download_only(tmp_path, shape, tally):
    import hashlib

    from kvtui.services.conditional import FILE_NAME, ValidatorStore
    from kvtui.services.http import Validators

    root = tmp_path / "cache"
    root.mkdir()
    path = root / FILE_NAME
    VALIDATOR_SHAPES[shape](path)
    held = b"FICTIEF"
    digest = hashlib.sha256(held).hexdigest()
    if shape.startswith(("etag", "last")):  # point the entry at bytes we hold
        data = json.loads(path.read_text())
        data["U"].update(name="N", sha256=digest)
        path.write_text(json.dumps(data))
    store = ValidatorStore(root)
    got = store.get("U", "N", held)
    assert got is None or all("\r" not in h and "\n" not in h for h in got.headers().values())
    if got is not None:
        assert all(isinstance(v, str) for v in got.headers().values())
    store.remember("U2", "N2", Validators('"e"', None), held)
    store.save()  # never raises: a lost save only costs full downloads
    tally["cache_shapes"] += 1


def test_a_full_disk_when_saving_validators_keeps_the_summary(tmp_path, monkeypatch, tally):
    import errno

    from kvtui.services import conditional
    from kvtui.services.conditional import ValidatorStore
    from kvtui.services.http import Validators

    def full(*a, **kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(conditional, "replace_file", full)
    store = ValidatorStore(tmp_path)
    store.remember("U", "N", Validators('"e"', None), b"x")
    store.save()
    tally["cache_shapes"] += 1


def test_a_sync_ends_with_its_summary_when_validators_cannot_be_saved(tmp_path, monkeypatch, tally):
    import argparse
    import datetime as dt
    import errno
    import io

    from fakeservices.helpers import serve

    from kvtui.cli.online import run_sync
    from kvtui.services import conditional

    def full(*a, **kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    for _server in serve(monkeypatch):
        monkeypatch.setenv("KVTUI_TODAY", "2024-06-01")
        root = tmp_path / "cache"
        root.mkdir()
        (root / conditional.FILE_NAME).write_text(json.dumps({"x": {"etag": 5, "name": 1}}))
        monkeypatch.setattr(conditional, "replace_file", full)
        err = io.StringIO()
        args = argparse.Namespace(
            cache=root, since=dt.date(2024, 1, 1), until=dt.date(2024, 12, 31), force=False
        )
        code = run_sync(args, err=err)
        text = err.getvalue()
        assert code in (0, 1) and "Traceback" not in text and "internal error" not in text, text
        assert text.strip().splitlines()[-1].startswith("kvtui: "), text
        tally["cache_shapes"] += 1


# ---------------------------------------------------------------------------
# 18. A stdout that is not UTF-8
# ---------------------------------------------------------------------------

ENCODINGS = ("ascii", "latin-1", "cp1252", "ascii:strict", "iso8859-15")


def test_show_list_and_search_write_to_any_stdout_encoding(tmp_path, tally):
    root = good_cache(tmp_path / "cache")
    src = tmp_path / "in"
    src.mkdir()
    (src / "zaak-2098Z01501.json").write_bytes(
        zaak_json(
            "2098Z01501", field="Titel", value="caf\\u00e9 \\u20ac \\ud83d\\ude00 \\ud800 \\u2211"
        )
    )
    (src / "kv-tk-2098Z01502.xml").write_bytes(koop_xml("2098Z01502", text="é € 😀 ∑ ŉ"))
    with Cache(root) as cache:
        assert len(cache.import_paths([src]).numbers) == 2
    commands = [
        ("list",),
        ("list", "--json"),
        ("show", "2098Z01501", "--offline"),
        ("show", "2098Z01502", "--offline", "--format", "markdown"),
        ("show", "2098Z01502", "--offline", "--format", "json"),
        ("search", "onderwerp"),
        ("search", "onderwerp", "--json"),
        ("show", "2098Z99999", "--offline"),  # an error message, on stderr
    ]
    reference = {args: _run_encoded(root, args, "utf-8") for args in commands}
    for encoding in ENCODINGS:
        for args in commands:
            code, out, err = _run_encoded(root, args, encoding)
            want_code, want_out, _ = reference[args]
            assert code == want_code, (encoding, args, err)
            no_traceback(err)
            text = out.decode(encoding.split(":")[0])
            if "--json" in args or "json" in args:
                assert json.loads(text) == json.loads(want_out), (encoding, args)
            elif want_out:
                assert text.count("\n") == want_out.decode().count("\n"), (encoding, args)
            tally["cache_encodings"] += 1
    # And for real, in a child process whose stdout Python opened as ASCII.
    for args in (("list",), ("show", "2098Z01501", "--offline", "--format", "json")):
        done = kvtui(root, *args, env={"PYTHONIOENCODING": "ascii"})
        assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
        assert done.stdout.decode("ascii")
        tally["cache_encodings"] += 1


def _run_encoded(root: Path, args: tuple[str, ...], encoding: str) -> tuple[int, bytes, str]:
    """``main`` with stdout and stderr opened in ``encoding`` ("name:errors")."""
    import io

    name, _, errors = encoding.partition(":")
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding=name, errors=errors or "strict")
    err = io.TextIOWrapper(err_bytes, encoding=name, errors="backslashreplace")
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = main(["--cache", str(root), *args])
        out.flush()
        err.flush()
    finally:
        sys.stdout, sys.stderr = saved
    return code, out_bytes.getvalue(), err_bytes.getvalue().decode(name, "replace")


async def test_the_reader_reads_a_cache_it_cannot_write(tmp_path, monkeypatch, tally):
    """The reader on an unwritable cache: the list shows, marks last the session."""
    pytest.importorskip("textual")
    from kvtui.store import cache as cache_mod
    from kvtui.ui.app import KvtuiApp
    from kvtui.ui.config import Config

    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))
    src = _copied_cache(tmp_path, "src")
    (src / "sources" / "kv-tk-2098Z01002.xml").write_bytes(koop_xml("2098Z01002"))  # stale
    for suffix in ("-wal", "-shm"):
        (src / f"index.sqlite{suffix}").unlink(missing_ok=True)
    before = _tree(src)
    monkeypatch.setattr(cache_mod, "_writable", lambda root: False)
    cache = Cache(src)
    cache.count()
    app = KvtuiApp(cache, config=Config())
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = "\n".join(s.text for s in app.screen._compositor.render_strips())
            assert GOOD in screen and "2098Z01002" in screen, screen
            await pilot.press("m")
            await pilot.pause()
            assert app.is_running
    finally:
        cache.close()
    after = _tree(src)
    for name in ("index.sqlite-shm", "index.sqlite-wal", "state.sqlite-shm", "state.sqlite-wal"):
        after.pop(name, None)
    assert after == before
    tally["cache_readonly"] += 1


def test_the_fast_schema_copy_is_exactly_what_this_sqlite_makes():
    """schema._snapshot() spares each open building the reference schema; it must be
    exactly the reference, or a foreign object could pass (update schema._ADDED)."""
    from kvtui.store import schema

    assert schema._snapshot() == schema._expected_objects()


def test_valid_strings_reaches_every_field_shape(tally):
    """The walker behind item 1: strings in any container or record become valid text."""
    from dataclasses import dataclass, field

    from kvtui.model import Footnote, Person, Status
    from kvtui.textsafe import valid_strings

    @dataclass
    class Record:
        title: str = "a\ud800"
        people: list = field(default_factory=lambda: [Person("n\udfff", "p\ud800")])
        pairs: tuple = ("x\ud800", ("y\udc00", 1))
        mapping: dict = field(default_factory=lambda: {"k\ud800": ["v\ud800"], "ok": None})
        tags: frozenset = frozenset({"t\ud800", "u"})
        notes: list = field(default_factory=lambda: [Footnote(1, "f\ud800", "https://x\ud800")])
        status: Status = Status.OPEN
        number: int = 5

    record = valid_strings(Record())
    flat = repr(record)
    assert "\\ud800" not in flat and "\\udfff" not in flat and "\\udc00" not in flat
    json.dumps(flat, ensure_ascii=False).encode("utf-8")
    assert record.title == "a\ufffd" and record.pairs == ("x\ufffd", ("y\ufffd", 1))
    assert record.mapping == {"k\ufffd": ["v\ufffd"], "ok": None}
    assert record.tags == frozenset({"t\ufffd", "u"}) and record.status is Status.OPEN
    tally["cache_text"] += 1


@pytest.mark.parametrize("fault", ["write", "replace", "index", "commit"])
def test_a_fetch_that_cannot_store_leaves_nothing_behind(tmp_path, monkeypatch, fault, tally):
    """Item 3 end to end: ``kvtui fetch`` against the fake services, the store failing."""
    import argparse
    import io

    from fakeservices.helpers import serve

    from kvtui.cli.online import run_fetch

    for _server in serve(monkeypatch):
        monkeypatch.setenv("KVTUI_TODAY", "2024-06-01")
        root = good_cache(tmp_path / "cache")
        before, rows_before = snapshot(root), index_rows(root)
        args = argparse.Namespace(cache=root, numbers=["2024Z10001"], force=False)
        with monkeypatch.context() as m:
            _inject(m, fault, 1)
            err = io.StringIO()
            code = run_fetch(args, err=err)
        text = err.getvalue()
        assert code == 1 and "cannot store in the cache" in text, text
        assert "Traceback" not in text and "internal error" not in text, text
        assert snapshot(root) == before and index_rows(root) == rows_before
        err = io.StringIO()
        assert run_fetch(args, err=err) == 0, err.getvalue()  # and the next run stores it all
        assert "2024Z10001" in {r[0] for r in index_rows(root)}
        tally["cache_store"] += 1


@pytest.mark.parametrize(
    "name", ["index.sqlite", "index.sqlite-wal", "index.sqlite-shm", "state.sqlite", ".import.lock"]
)
def test_a_fifo_in_place_of_a_cache_file_blocks_nothing(tmp_path, name, tally):
    root = good_cache(tmp_path / "cache")
    with Cache(root) as cache:
        cache.set_starred(GOOD, True)
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            (root / f"{name}{suffix}").unlink()
    os.mkfifo(root / name)
    for args in (("list", "--starred"), ("show", GOOD, "--offline"), ("reindex",)):
        done = kvtui(root, *args, timeout=30)  # a hang is a timeout, not a stuck suite
        assert done.returncode == 0, (name, args, done.stderr)
        assert b"Traceback" not in done.stderr
    assert not stat_is_fifo(root / name)
    tally["cache_files"] += 1


def stat_is_fifo(path: Path) -> bool:
    import stat

    try:
        return stat.S_ISFIFO(path.lstat().st_mode)
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("name", ["index.sqlite", "state.sqlite"])
def test_a_hard_link_in_place_of_a_database_is_never_written_through(capsys, tmp_path, name, tally):
    """A second name (cp -al, a snapshot, a planted link) shares the file: kvtui's writes
    must not reach the other name."""
    root = good_cache(tmp_path / "cache")
    with Cache(root) as cache:
        cache.set_starred(GOOD, True)
    outside = tmp_path / "outside"
    outside.mkdir()
    os.link(root / name, outside / name)
    before = _tree(outside)
    code, out, err = run(capsys, root, "list", "--starred")
    assert code == 0 and GOOD in out, err  # the marks are kept (a private copy)
    with Cache(root) as cache:
        cache.set_read(GOOD, True)
        cache.add_sources([("kv-tk-2098Z01601.xml", koop_xml("2098Z01601"))])
        cache.reindex()
        assert cache.state(GOOD).starred and cache.state(GOOD).read
    assert _tree(outside) == before
    assert (root / name).stat().st_nlink == 1
    tally["cache_links"] += 1
