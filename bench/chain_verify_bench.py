"""Cost of writing and verifying the timeline hash chain.

    .venv/bin/python -m bench.chain_verify_bench [--cases 200] [--events 25] [--database-url URL]

Builds a throwaway SQLite database (or uses the PostgreSQL server URL given, creating and
dropping its own database), appends cases x events chained events, then times verify_all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from activities.event_chain_writer import append_event, lock_case
from db import models
from db.migrate import upgrade
from db.session import make_engine, make_session_factory
from services.chain_verify import verify_all

T0 = dt.datetime(2026, 1, 5, 1, 0, tzinfo=dt.UTC)


def run(url: str, cases: int, events: int) -> None:
    upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    with sessions.begin() as db:
        db.add(models.Jurisdiction(code="530000", name="云南省", level="province", parent_code=None, path="530000"))
    started = time.perf_counter()
    for c in range(cases):
        with sessions.begin() as db:
            case = models.Case(
                case_no=f"B{c}",
                workflow_id=f"b{c}",
                process="hazard",
                title="bench",
                status="open",
                jurisdiction_code="530000",
                jurisdiction_path="530000",
                created_at=T0,
                updated_at=T0,
            )
            db.add(case)
            db.flush()
        for e in range(events):  # one transaction per event, as the projection writes them
            with sessions.begin() as db:
                locked = lock_case(db, case.id)
                assert locked is not None
                append_event(
                    db,
                    models.CaseEvent(
                        case_id=case.id,
                        event_key=f"e{e}",
                        at=T0 + dt.timedelta(minutes=e),
                        actor_user_id=None,
                        actor_name="系统",
                        kind="note",
                        summary=f"第{e}步：整改复查意见" * 3,
                        reason="",
                        data={"step": e, "document_id": None, "sha256": "0" * 64},
                    ),
                )
    write = time.perf_counter() - started
    with sessions() as db:
        report = verify_all(db)
    engine.dispose()
    total = cases * events
    lines = [
        f"{make_url(url).get_backend_name()}: {total} events in {cases} cases",
        f"  append, one transaction each: {write:.2f} s, {write / total * 1000:.2f} ms/event",
        f"  verify_all: {report.seconds:.3f} s, {report.seconds / total * 1e6:.0f} µs/event, intact={report.intact}",
    ]
    print("\n".join(lines))  # noqa: T201


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--events", type=int, default=25)
    parser.add_argument("--database-url", default="", help="a PostgreSQL server URL; default SQLite")
    args = parser.parse_args()
    if not args.database_url:
        with tempfile.TemporaryDirectory() as tmp:
            run(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args.cases, args.events)
        return
    name = f"anquan_bench_{uuid.uuid4().hex[:8]}"
    server = make_url(args.database_url)
    conninfo = server.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        run(server.set(database=name).render_as_string(hide_password=False), args.cases, args.events)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
