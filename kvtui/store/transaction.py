"""One write transaction: BEGIN, then COMMIT, or a careful ROLLBACK on any exception.

Every write to the index and to the reader state goes through ``transaction``, so the
rule below is written once: the rollback must never hide why the transaction failed.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator


def rollback(conn: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite has not already done so.

    After SQLITE_FULL or an I/O error SQLite may roll back by itself; a second
    ``ROLLBACK`` then fails with "cannot rollback - no transaction is active", which
    would replace the real cause (a full disk) in the message the user sees.
    """
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


@contextlib.contextmanager
def transaction(
    conn: sqlite3.Connection, *, immediate: bool = True, script: str = ""
) -> Iterator[sqlite3.Connection]:
    """Run the block in one transaction on ``conn`` (opened with ``isolation_level=None``).

    ``immediate`` takes the write lock at BEGIN, so a writer that must first re-read what
    others committed waits for them rather than failing half-way. ``script`` is SQL run
    as the transaction's first statements: ``executescript`` commits whatever is open
    before it runs, so a script that belongs inside the transaction starts it itself.
    Any exception, ``KeyboardInterrupt`` included, rolls back and is raised unchanged.
    """
    begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"
    if script:
        conn.executescript(f"{begin};{script}")
    else:
        conn.execute(begin)
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise


@contextlib.contextmanager
def savepoint(conn: sqlite3.Connection, name: str) -> Iterator[sqlite3.Connection]:
    """Run the block as one step inside an open transaction: kept whole, or undone whole.

    On any exception the step is rolled back to where it began, and the exception raised
    unchanged; the transaction around it stays open for the caller to go on or roll
    back. After SQLite has already ended the transaction itself (a full disk), there is
    nothing to undo here.
    """
    conn.execute(f"SAVEPOINT {name}")
    try:
        yield conn
        conn.execute(f"RELEASE {name}")
    except BaseException:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
        raise
