"""Engines and session factories for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

# Registers the hooks that keep the row ledger current on every Session (db/row_ledger.py): whoever
# makes an engine or a session factory here cannot write a protected row without its ledger entry.
from db import row_ledger as _row_ledger  # noqa: F401


def make_engine(url: str, **kwargs: Any) -> Engine:
    # SQL logs and error messages never show bound values: session and CSRF tokens, hashes.
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        # A pool no wait can exhaust: a web process runs up to 40 requests in threads and its
        # async routes' database work on the event loop, where a checkout that waits stops every
        # request, including those that would give a connection back (a 30 s freeze, then 500s:
        # bench.throughput --n 1000). A SQLite connection is a file handle, so room for all.
        if make_url(url).database not in (None, "", ":memory:"):  # in memory: one connection per thread
            kwargs.setdefault("pool_size", 20)
            kwargs.setdefault("max_overflow", 60)
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
