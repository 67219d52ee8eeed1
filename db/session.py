"""Engines and session factories for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import threading
import weakref
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

_SQLITE_WRITE_LOCKS: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()
_LOCKS_GUARD = threading.Lock()


def make_engine(url: str, **kwargs: Any) -> Engine:
    # SQL logs and error messages never show bound values: session and CSRF tokens, hashes.
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def serial_writes(sessions: sessionmaker[Session]) -> AbstractContextManager[Any]:
    """Take this around a write transaction that many threads of one process run at once.

    SQLite has one writer at a time, and a writer that finds the database locked sleeps in its
    busy handler (1, 2, 5 … 100 ms) before it looks again: sixteen activity threads writing at
    once spent most of their time asleep (docs/performance.md, timers). On SQLite the threads of
    this process queue on a lock instead and are woken the moment the writer before them commits;
    other processes (the web) still meet the busy timeout. PostgreSQL locks rows, not the
    database: nothing to serialise.
    """
    engine = sessions.kw.get("bind")
    if not isinstance(engine, Engine) or engine.dialect.name != "sqlite":
        return nullcontext()
    with _LOCKS_GUARD:
        lock = _SQLITE_WRITE_LOCKS.get(engine)
        if lock is None:
            lock = _SQLITE_WRITE_LOCKS[engine] = threading.Lock()
    return lock
