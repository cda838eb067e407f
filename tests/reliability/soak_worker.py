"""One process of the shared-cache soak (``test_rel_soak``): a reader or a writer.

Run as ``python soak_worker.py ROLE CACHE SECONDS ID STAGING``. It works on the cache
until the time is up and prints one JSON object: what it did, what it wrote (so the
test can check nothing was lost) and every error a user would have seen. Readers use
the ``Cache`` the way the reader app does (one long-lived object, reader-state writes)
or the way ``show``/``list``/``search`` do (a new process each time); writers import
new fictional sets and one of them rebuilds the index now and then. A writer stages
what it imports below ``STAGING``, a folder of the test's own ``tmp_path``: a worker
may be ended at any moment and never cleans up, so it writes nothing anywhere else.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import time
import traceback
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

from fakeservices import world  # noqa: E402

from kvtui.store.cache import Cache, ListQuery  # noqa: E402

SETS_PER_IMPORT = 2


def _error(out: dict, where: str, exc: BaseException | str) -> None:
    text = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
    out["errors"].append(f"{where}: {text}"[:500])
    if "locked" in text.lower() or "busy" in text.lower():
        out["locked"] += 1


def writer(root: Path, seconds: float, ident: int, out: dict, staging: Path) -> None:
    start_nr = 40000 + 2000 * ident
    staging = staging / f"w{ident}"
    cache = Cache(root)
    deadline = time.monotonic() + seconds
    batch = 0
    while time.monotonic() < deadline:
        batch += 1
        sets = world.generated_sets(SETS_PER_IMPORT, start=start_nr + batch * SETS_PER_IMPORT)
        folder = staging / f"b{batch}"
        world.write_import_folder(folder, sets)
        try:
            report = cache.import_paths([folder])
            if report.failed:
                _error(out, "import", repr(report.failed))
            out["numbers"].extend(report.numbers)
            out["files"].extend(report.imported)
            out["ops"] += 1
            if ident == 1 and batch % 8 == 0:
                cache.reindex()
                out["reindexes"] += 1
        except Exception as exc:
            _error(out, "write", exc)
        time.sleep(0.02)
    cache.close()


def reader(root: Path, seconds: float, ident: int, out: dict) -> None:
    rng = random.Random(ident)
    cli = ident % 2 == 1  # odd readers are short-lived CLI processes, as in scripts
    cache = None if cli else Cache(root)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if cli:
                _cli_read(root, rng, out)
            else:
                _api_read(cache, rng, out)
            out["ops"] += 1
        except Exception as exc:
            _error(out, "read", exc)
            out["errors"][-1] += " " + traceback.format_exc(limit=3)[-300:]
        time.sleep(0.005)
    if cache is not None:
        cache.close()


def _api_read(cache: Cache, rng: random.Random, out: dict) -> None:
    rows = cache.rows(ListQuery(limit=200))
    if rows:
        row = rng.choice(rows)
        if cache.get(row.number) is None:
            _error(out, "get", f"{row.number} is listed but cannot be opened")
        op = rng.random()
        if op < 0.15:
            cache.set_starred(row.number, True)
            out["starred"].append(row.number)
        elif op < 0.3:
            cache.set_read(row.number, True)
        elif op < 0.4:
            cache.set_position(row.number, rng.randrange(100))
    cache.search("meting")
    cache.count()


_PAGE_NOTE = re.compile(
    r"kvtui: showing [\d,]+(?:[–-][\d,]+)? of [\d,]+; --limit/--offset for more"
)


def _cli_read(root: Path, rng: random.Random, out: dict) -> None:
    command = rng.choice([["list", "--json"], ["search", "meting"], ["show", "2023Z30000"]])
    done = subprocess.run(
        [sys.executable, "-m", "kvtui", "--cache", str(root), *command],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ,
    )
    # A full page of search results says so on stderr; that note is output, not trouble.
    trouble = [
        line
        for line in done.stderr.splitlines()
        if line.strip() and not _PAGE_NOTE.fullmatch(line.strip())
    ]
    if done.returncode != 0 or trouble:
        _error(out, " ".join(command), f"exit {done.returncode}: {done.stderr.strip()}")


def main() -> None:
    role, root = sys.argv[1], Path(sys.argv[2])
    seconds, ident, staging = float(sys.argv[3]), int(sys.argv[4]), Path(sys.argv[5])
    out: dict = {
        "role": role,
        "id": ident,
        "ops": 0,
        "errors": [],
        "locked": 0,
        "numbers": [],
        "files": [],
        "starred": [],
        "reindexes": 0,
    }
    try:
        if role == "writer":
            writer(root, seconds, ident, out, staging)
        else:
            reader(root, seconds, ident, out)
    except Exception as exc:
        _error(out, "worker", exc)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
