"""Each rule of issue 13 is written in one module; these tests pin that module.

They read the source tree as text and AST (nothing runs), so a second copy of a rule
shows up here the moment someone writes it, naming the file that did.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "kvtui"


def _modules() -> list[Path]:
    return sorted(p for p in PKG.rglob("*.py") if "__pycache__" not in p.parts)


def _rel(path: Path) -> str:
    return path.relative_to(PKG.parent).as_posix()


def _offenders(check: Callable[[Path], list[int]], allowed: set[str]) -> dict[str, list[int]]:
    """Per module outside ``allowed``: the lines where ``check`` finds the rule again."""
    return {
        _rel(path): lines
        for path in _modules()
        if _rel(path) not in allowed
        if (lines := check(path))
    }


def _lines_where(path: Path, found: Callable[[ast.AST], bool]) -> list[int]:
    """The lines of ``path`` holding a node for which ``found`` is true."""
    return sorted(n.lineno for n in ast.walk(ast.parse(path.read_text())) if found(n))


def _assigned_names(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Name):
                    names.add(sub.id)
    return names


def test_exit_codes_are_defined_in_one_module() -> None:
    owners = {
        _rel(path)
        for path in _modules()
        if any(n.startswith("EXIT_") for n in _assigned_names(ast.parse(path.read_text())))
    }
    assert owners == {"kvtui/cli/exits.py"}


def test_exit_codes_keep_their_documented_numbers() -> None:
    from kvtui.cli import exits

    assert (exits.EXIT_OK, exits.EXIT_FAILED, exits.EXIT_USAGE) == (0, 1, 2)


def test_every_cli_module_that_names_an_exit_code_imports_it() -> None:
    for path in sorted((PKG / "cli").glob("*.py")):
        text = path.read_text()
        if path.name == "exits.py" or "EXIT_" not in text:
            continue
        assert "from kvtui.cli.exits import" in text, _rel(path)


# -- cache file names -------------------------------------------------------------------

# A string literal (or the text parts of an f-string) that ends a cache file name or
# starts a zaak's: ".xml", ".html", ".metadata.xml", ".json" right after an
# interpolation, or "zaak-" right before one.
_NAME_SUFFIXES = (".xml", ".html", ".metadata.xml", ".json")


def _builds_cache_name(node: ast.JoinedStr) -> bool:
    parts = node.values
    for i, part in enumerate(parts):
        if not (isinstance(part, ast.Constant) and isinstance(part.value, str)):
            continue
        after_value = i > 0 and isinstance(parts[i - 1], ast.FormattedValue)
        before_value = i + 1 < len(parts) and isinstance(parts[i + 1], ast.FormattedValue)
        if after_value and part.value in _NAME_SUFFIXES:
            return True
        if before_value and part.value.endswith("zaak-") and i == 0:
            return True
    return False


def _is_name_builder(node: ast.AST) -> bool:
    if isinstance(node, ast.JoinedStr):
        return _builds_cache_name(node)
    return (
        isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.Add)
        and isinstance(node.right, ast.Constant)
        and node.right.value in _NAME_SUFFIXES
    )


def _cache_name_builders(path: Path) -> list[int]:
    return _lines_where(path, _is_name_builder)


def test_the_checker_sees_each_way_of_spelling_a_name(tmp_path: Path) -> None:
    for text in (
        'n = f"{doc_id}.xml"',
        'n = f"{x}.html"',
        'n = f"{x}.metadata.xml"',
        'n = f"zaak-{nr}.json"',
        "n = doc_id + '.metadata.xml'",
    ):
        probe = tmp_path / "probe.py"
        probe.write_text(text + "\n")
        assert _cache_name_builders(probe) == [1], text
    probe.write_text('url = f"{base}/{doc_id}.xml"\n')  # a URL path, not a cache name
    assert _cache_name_builders(probe) == [1]  # still flagged: see the allow-list below


# URLs that end in the same suffixes (KOOP's own paths) are not cache names.
_URL_BUILDERS = {"kvtui/services/koop.py"}


def test_only_cachenames_builds_cache_file_names() -> None:
    assert _offenders(_cache_name_builders, _URL_BUILDERS | {"kvtui/cachenames.py"}) == {}


def test_the_url_builders_make_urls_only() -> None:
    for rel in _URL_BUILDERS:
        text = (PKG.parent / rel).read_text()
        for lineno in _cache_name_builders(PKG.parent / rel):
            assert "{self.base}/" in text.splitlines()[lineno - 1], f"{rel}:{lineno}"


def test_cache_names_are_owned_by_cachenames_and_not_by_grouping() -> None:
    import kvtui.grouping as grouping
    from kvtui import cachenames

    assert not hasattr(grouping, "cache_name")
    assert cachenames.cache_name("zaak", "2020Z12161") == "zaak-2020Z12161.json"
    names = cachenames.names_for_id("kv-tk-2020Z12161")
    assert names == (
        "kv-tk-2020Z12161.xml",
        "kv-tk-2020Z12161.html",
        "kv-tk-2020Z12161.metadata.xml",
        "zaak-kv-tk-2020Z12161.json",
    )
    assert all(cachenames.parse_cache_name(n) is not None for n in names)
    assert cachenames.names_for_id("../etc") == ()


# -- whitespace folding -----------------------------------------------------------------

# Places that still fold with ``str.split`` by hand, still to be moved to
# kvtui.whitespace: the reader's list cells, and the index, which folds SQL text to
# compare schemas.
_FOLD_BY_HAND_PENDING = {
    "kvtui/ui/widgets/doc_list.py",
    "kvtui/store/index.py",
}


def _is_fold_by_hand(node: ast.AST) -> bool:
    """``" ".join(<x>.split())``: the ``fold_all`` policy written again."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "join"
        and isinstance(node.func.value, ast.Constant)
        and node.func.value.value == " "
        and len(node.args) == 1
        and isinstance(arg := node.args[0], ast.Call)
        and isinstance(arg.func, ast.Attribute)
        and arg.func.attr == "split"
        and not arg.args
    )


def _is_whitespace_regex(node: ast.AST) -> bool:
    """A regex made only of a whitespace class and a repeat, compiled again."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "compile"
        and bool(node.args)
        and isinstance(pattern := node.args[0], ast.Constant)
        and isinstance(pattern.value, str)
        and pattern.value.startswith("[ \\t")
        and pattern.value.endswith("]+")
    )


def _folds_by_hand(path: Path) -> list[int]:
    return _lines_where(path, _is_fold_by_hand)


def _compiles_a_whitespace_run(path: Path) -> list[int]:
    return _lines_where(path, _is_whitespace_regex)


def test_whitespace_is_folded_only_by_the_whitespace_module() -> None:
    def check(path: Path) -> list[int]:
        return _folds_by_hand(path) + _compiles_a_whitespace_run(path)

    assert _offenders(check, _FOLD_BY_HAND_PENDING | {"kvtui/whitespace.py"}) == {}


def test_the_fold_checkers_can_fail(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text('import re\nt = " ".join(x.split())\nR = re.compile(r"[ \\t\\r\\n]+")\n')
    assert _folds_by_hand(probe) == [2]
    assert _compiles_a_whitespace_run(probe) == [3]


def test_the_users_of_each_policy_get_it_from_the_one_module() -> None:
    from kvtui import facets, whitespace
    from kvtui.parse import metadata, text
    from kvtui.render import outline

    assert text.collapse is whitespace.fold_ascii
    assert outline.squash is whitespace.fold_ascii
    assert metadata.collapse is whitespace.fold_xml
    assert facets._squash is whitespace.fold_all


_SAMPLES = [
    "",
    "a",
    " a ",
    "a  b",
    "a\tb\nc\r\nd",
    "a\f\vb",
    "  lead and trail  ",
    "25\u00a0juni",
    "x\u0085y",
    "x\u2028y",
    "x\x1cy",
    "\t\n",
    "a \u00a0 b",
    "one  two   three    four",
]


def _old_ascii(text: str) -> str:  # render.outline.squash as it was
    import re

    return re.sub(r"[ \t\n\r\f\v]+", " ", text).strip(" ")


def _old_xml(text: str) -> str:  # parse.metadata.collapse as it was
    import re

    return re.sub(r"[ \t\r\n]+", " ", text).strip(" ")


def test_each_policy_gives_what_its_old_copies_gave() -> None:
    from kvtui.whitespace import fold_all, fold_ascii, fold_xml

    for sample in _SAMPLES + [s * 50 for s in _SAMPLES]:
        assert fold_ascii(sample) == _old_ascii(sample), repr(sample)
        assert fold_xml(sample) == _old_xml(sample), repr(sample)
        assert fold_all(sample) == " ".join(sample.split()), repr(sample)
    assert fold_ascii(None) == "" and fold_all(None) == ""


def test_the_policies_differ_where_the_module_says_they_do() -> None:
    from kvtui.whitespace import fold_all, fold_ascii, fold_xml

    assert fold_ascii("25\u00a0juni") == "25\u00a0juni"  # the author's no-break space
    assert fold_all("25\u00a0juni") == "25 juni"  # one screen line: any space is a space
    assert fold_ascii("a\fb") == "a b"
    assert fold_xml("a\fb") == "a\fb"  # FF is not XML whitespace


# -- dates ------------------------------------------------------------------------------

# Reading dates outside kvtui.dates, still to be moved there: the CLI's --since/--until
# (which also accepts the basic form 20200625 and must keep doing so), the index's own
# date columns, the figures' SQL rows, and the KVTUI_TODAY setting (envvars, cache).
_DATE_PARSING_PENDING = {
    "kvtui/cli/__init__.py",
    "kvtui/store/index.py",
    "kvtui/store/cache.py",
    "kvtui/store/figures.py",
    "kvtui/envvars.py",
}


def _is_date_reading(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "fromisoformat") or (
        isinstance(node, ast.Constant) and node.value in ("januari", "december")
    )


def _parses_dates(path: Path) -> list[int]:
    return _lines_where(path, _is_date_reading)


def test_dates_are_read_and_written_only_by_the_dates_module() -> None:
    assert _offenders(_parses_dates, _DATE_PARSING_PENDING | {"kvtui/dates.py"}) == {}


def test_one_function_each_and_only_one_called_dutch_date() -> None:
    defined = {
        _rel(path)
        for path in _modules()
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef) and node.name in ("dutch_date", "iso_date")
    }
    assert defined == {"kvtui/dates.py"}


def test_the_users_of_dates_get_them_from_the_one_module() -> None:
    from kvtui import dates, model
    from kvtui.parse import koop_html, koop_xml, metadata, odata, sru
    from kvtui.render import outline, text

    assert model._date is dates.iso_date
    for mod in (koop_html, koop_xml, metadata, odata, sru):
        assert mod.iso_date is dates.iso_date, mod.__name__
    assert koop_html.parse_dutch_date is koop_xml.parse_dutch_date is dates.parse_dutch_date
    assert outline.dutch_date is text.dutch_date is dates.dutch_date


def test_dutch_dates_read_back_what_they_write() -> None:
    import datetime as dt

    from kvtui.dates import dutch_date, iso_date, parse_dutch_date

    day = dt.date(2019, 1, 1)
    while day.year < 2021:
        assert parse_dutch_date(f"Ingezonden {dutch_date(day)}.") == day
        assert iso_date(day.isoformat() + "T12:00:00+02:00") == day
        day += dt.timedelta(days=13)
    assert parse_dutch_date("25\u00a0JUNI 2020") == dt.date(2020, 6, 25)
    assert parse_dutch_date("31 juni 2020, 1 juli 2020") == dt.date(2020, 7, 1)
    assert parse_dutch_date("geen datum") is None
    assert dutch_date(None) == "onbekend"


# -- source kinds -----------------------------------------------------------------------

_KIND_PARSERS = {
    "kvtui.parse.koop_xml": "parse_koop_xml",
    "kvtui.parse.koop_html": "parse_koop_html",
    "kvtui.parse.metadata": "parse_metadata",
    "kvtui.parse.odata": ("parse_zaak_json", "parse_document_json"),
    "kvtui.parse.sru": "parse_sru",
}


def _imports_a_kind_parser(node: ast.AST) -> bool:
    if not (isinstance(node, ast.ImportFrom) and node.module in _KIND_PARSERS):
        return False
    wanted = _KIND_PARSERS[node.module]
    wanted = (wanted,) if isinstance(wanted, str) else wanted
    return any(alias.name in wanted for alias in node.names)


def _is_kind_map(node: ast.AST) -> bool:
    """A dict keyed by ``SourceType.X``: a second table of what each kind has."""
    return isinstance(node, ast.Dict) and any(
        isinstance(k, ast.Attribute)
        and isinstance(k.value, ast.Name)
        and k.value.id == "SourceType"
        for k in node.keys
    )


def test_only_the_table_of_kinds_says_which_parser_reads_which_kind() -> None:
    def check(path: Path) -> list[int]:
        return _lines_where(path, _imports_a_kind_parser) + _lines_where(path, _is_kind_map)

    assert _offenders(check, {"kvtui/parse/kinds.py"}) == {}


def test_the_kind_checkers_can_fail(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from kvtui.parse.odata import parse_zaak_json\n"
        "names = {SourceType.KOOP_XML: CacheKind.XML}\n"
    )
    assert _lines_where(probe, _imports_a_kind_parser) == [1]
    assert _lines_where(probe, _is_kind_map) == [2]


def test_every_kind_has_one_row_that_reads_recognises_and_names_it() -> None:
    from kvtui.cachenames import CacheKind
    from kvtui.parse import kinds
    from kvtui.parse.sniff import sniff

    assert set(kinds.KINDS) == set(kinds.SourceType) - {kinds.SourceType.UNKNOWN}
    kept = {k.cache for k in kinds.KINDS.values() if k.cache is not None}
    assert kept == set(CacheKind)  # every cache name belongs to exactly one kind
    assert len(kept) == len([k for k in kinds.KINDS.values() if k.cache is not None])
    for kind in kinds.KINDS.values():
        for root in kind.roots:
            assert sniff(f"<{root}/>".encode()) is kind.type, root
        if kind.context:
            body = f'{{"@odata.context": "x/{kind.context}", "value": []}}'.encode()
            assert sniff(body) is kind.type


def test_the_users_of_the_table_read_it() -> None:
    import inspect

    from kvtui.parse import parse_source
    from kvtui.services import validate
    from kvtui.store import ingest

    for fn in (parse_source, validate.payload, validate.document_json, ingest.kept_kind):
        assert "KINDS[" in inspect.getsource(fn) or "KINDS.get(" in inspect.getsource(fn), fn


# -- what an SRU answer is about --------------------------------------------------------


def _is_one_record_test(node: ast.AST) -> bool:
    """``len(<x>.records) == 1``: deciding what an SRU answer is about."""
    return (
        isinstance(node, ast.Compare)
        and isinstance(call := node.left, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id == "len"
        and len(call.args) == 1
        and isinstance(arg := call.args[0], ast.Attribute)
        and arg.attr == "records"
    )


def test_what_an_sru_answer_is_about_is_decided_in_one_place() -> None:
    found = _offenders(lambda p: _lines_where(p, _is_one_record_test), set())
    assert set(found) == {"kvtui/parse/__init__.py"}
    import inspect

    from kvtui import grouping

    assert "sru_about(" in inspect.getsource(grouping._facts_of)


# -- "refresh all" ----------------------------------------------------------------------


def _function(path: Path, name: str) -> ast.FunctionDef:
    tree = ast.parse(path.read_text())
    return next(
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        if n.name == name
    )  # type: ignore[return-value]


def _calls(node: ast.AST, name: str) -> bool:
    return any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name
        for n in ast.walk(node)
    )


def test_refresh_all_is_one_definition_used_by_the_cli_and_the_reader() -> None:
    defined = {
        _rel(path)
        for path in _modules()
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef) and node.name == "to_recheck"
    }
    assert defined == {"kvtui/store/recheck.py"}
    for rel, name in (
        ("kvtui/cli/online.py", "_refresh_candidates"),
        ("kvtui/ui/screens/main.py", "action_refresh_all"),
    ):
        fn = _function(PKG.parent / rel, name)
        assert _calls(fn, "to_recheck"), f"{rel}: {name}"
        assert not _calls(fn, "rows") and "rows" not in ast.unparse(fn), f"{rel}: {name}"


# -- library instead of hand-work -------------------------------------------------------


def _httpx_error_names() -> set[str]:
    import httpx

    return {
        name
        for name in dir(httpx)
        if isinstance(cls := getattr(httpx, name), type) and issubclass(cls, Exception)
    }


def _names_an_httpx_class(node: ast.AST, names: set[str]) -> bool:
    """A string equal to an httpx error class's name, or a comparison with ``__name__``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value in names
    if isinstance(node, ast.Compare):
        sides = [node.left, *node.comparators]
        by_name = any(isinstance(s, ast.Attribute) and s.attr == "__name__" for s in sides)
        main = any(isinstance(s, ast.Constant) and s.value == "__main__" for s in sides)
        return by_name and not main
    return False


def test_errors_are_told_apart_by_class_not_by_name() -> None:
    names = _httpx_error_names() | {"ConnectionRefusedError", "Timeout"}
    found = _offenders(lambda p: _lines_where(p, lambda n: _names_an_httpx_class(n, names)), set())
    assert found == {}


def test_the_class_name_checker_can_fail(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        'ok = type(e).__name__ == "ConnectError"\nbad = name in {"ReadTimeout"}\n'
        'if __name__ == "__main__":\n    pass\n'
    )
    names = _httpx_error_names()
    assert _lines_where(probe, lambda n: _names_an_httpx_class(n, names)) == [1, 1, 2]


def test_a_refused_number_is_explained_by_its_reason_not_its_message() -> None:
    """Nothing takes ``str(InvalidNumber)`` apart: the reason is an attribute."""

    def check(path: Path) -> list[int]:
        return _lines_where(
            path,
            lambda n: isinstance(n, ast.Constant) and n.value in ("': ", '": '),
        )

    assert _offenders(check, set()) == {}


# -- where the id helpers live ----------------------------------------------------------


def test_id_helpers_live_with_numbers_and_names_not_in_a_parser() -> None:
    homes = {
        "document_id": "kvtui/numbers.py",
        "normalise_id": "kvtui/numbers.py",
        "id_from_name": "kvtui/cachenames.py",
        "ids_in_name": "kvtui/cachenames.py",
        "named_id": "kvtui/cachenames.py",
        "text_of": "kvtui/parse/xmlsafe.py",
    }
    defined: dict[str, set[str]] = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.name in homes:
                defined.setdefault(node.name, set()).add(_rel(path))
    assert defined == {name: {home} for name, home in homes.items()}


def test_the_metadata_parser_exports_its_parser_only() -> None:
    from kvtui.parse import metadata

    tree = ast.parse((PKG / "parse" / "metadata.py").read_text())
    public = {
        n.name
        for n in tree.body
        if isinstance(n, ast.FunctionDef | ast.ClassDef) and not n.name.startswith("_")
    }
    assert public == {"parse_metadata"}
    assert metadata.parse_metadata.__module__ == "kvtui.parse.metadata"


def test_grouping_reads_file_names_through_cachenames_only() -> None:
    tree = ast.parse((PKG / "grouping.py").read_text())
    sources = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if "name" in alias.name
    }
    assert sources == {"kvtui.cachenames"}
    text = (PKG / "grouping.py").read_text()
    assert '.replace("\\\\", "/")' not in text and 'rsplit("/"' not in text
