"""Worker processes that parse a big import, and when to use them.

Parsing is most of an import's CPU time; everything after it (writes, grouping, the
index) stays in the importing process. Kept apart from the cache so the policy (how
many workers, from how many files, that they die with their parent) can be read and
tested alone.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

# Not ``typing.TYPE_CHECKING``: importing typing is a measurable part of start-up.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

ENV_WORKERS = "KVTUI_IMPORT_WORKERS"
_POOL_MIN_FILES = 400


def default_workers() -> int:
    """Parse workers only where a core is free for them.

    Measured on 2 cores (3,000 sets): in-process 8.7 s, two workers 11.6 s: shipping the
    parsed records back costs more than the parsing it spreads. With more cores the main
    process keeps one for writing and indexing.
    """
    cores = os.cpu_count() or 1
    return 1 if cores <= 2 else min(cores - 1, 4)


@contextlib.contextmanager
def parser_pool(n_files: int) -> Iterator[Any]:
    """Worker processes for parsing a big import (parsing is most of its CPU time).

    Small imports, one-core machines and ``KVTUI_IMPORT_WORKERS=1`` parse in-process;
    everything after parsing (writes, grouping, the index) stays in this process.
    """
    try:
        workers = int(os.environ.get(ENV_WORKERS, "0")) or default_workers()
    except ValueError:
        workers = 1
    if workers <= 1 or n_files < _POOL_MIN_FILES:
        yield None
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        # spawn, not fork: a forked worker would inherit the import lock's open file
        # and keep it held after this process is killed, stalling every later reader.
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_exit_with_parent,
            initargs=(os.getpid(),),
        )
    except (OSError, NotImplementedError):
        yield None
        return
    try:
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)


def _exit_with_parent(parent: int) -> None:
    """Make a parse worker end when the importing process does.

    A SIGKILLed import cannot shut its pool down, and spawned workers waiting on their
    queue would otherwise live on as orphans (one interpreter each, per kill). A daemon
    thread notices the re-parenting and exits the worker.
    """
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(0)

    threading.Thread(target=watch, name="kvtui-parent-watch", daemon=True).start()
