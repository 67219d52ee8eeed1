"""Cost of writing and verifying the timeline hash chain and the row ledger.

    .venv/bin/python -m bench.chain_verify_bench [--cases 200] [--events 25] [--steps 4] [--database-url URL]

Builds a throwaway SQLite database (or uses the PostgreSQL server URL given, creating and
dropping its own database), appends cases x events chained events, then times verify_all.
Then, per case, `steps` projection-like transactions (lock the case, append an event, complete
the open task, open the next, grant an access once, add a 64 KB attachment once), in blocks of
ten cases alternately without the row ledger's hooks and with them: the difference is the
hooks' cost per transaction. Verification of the protected rows and of the attachment files is
timed per row and per file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from sqlalchemy import delete, event, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from activities.event_chain_writer import append_event, lock_case
from db import models, row_ledger
from db.migrate import upgrade
from db.seed import seed_organisations
from db.session import make_engine, make_session_factory
from domain.row_integrity import PROTECTED
from services.attachment_store import AttachmentStore
from services.chain_verify import verify_all

T0 = dt.datetime(2026, 1, 5, 1, 0, tzinfo=dt.UTC)


def run(url: str, cases: int, events: int, steps: int, store: AttachmentStore) -> None:
    upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    with sessions.begin() as db:
        seed_organisations(db)
    started = time.perf_counter()
    for c in range(cases):
        with sessions.begin() as db:
            case = models.Case(
                case_no=f"B{c}",
                workflow_id=f"b{c}",
                process="hazard",
                title="bench",
                status="open",
                jurisdiction_code="530302",
                jurisdiction_path="530000/530300/530302/",
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
        org_id = db.scalars(select(models.Organisation.id).order_by(models.Organisation.id)).first()
        user_id = db.scalars(select(models.User.id).order_by(models.User.id)).first()
        case_ids = list(db.scalars(select(models.Case.id).order_by(models.Case.id)))
    assert org_id is not None and user_id is not None
    # Alternate in blocks of ten cases, so that load from other jobs and the growing files weigh
    # on both sides alike.
    plain = [c for i, c in enumerate(case_ids) if (i // 10) % 2 == 0]
    without = with_hook = 0.0
    for block in range(0, len(case_ids), 10):
        ids = case_ids[block : block + 10]
        if ids[0] in plain:
            event.remove(Session, "after_flush", row_ledger._note_protected_rows)
            event.remove(Session, "before_commit", row_ledger._record_protected_rows)
            try:
                without += _projections(sessions, ids, steps, org_id, user_id, store)
            finally:
                event.listen(Session, "after_flush", row_ledger._note_protected_rows)
                event.listen(Session, "before_commit", row_ledger._record_protected_rows)
        else:
            with_hook += _projections(sessions, ids, steps, org_id, user_id, store)
    _vouch_for(sessions, set(plain))
    with sessions() as db:
        report = verify_all(db, store)
    engine.dispose()
    total = cases * events
    plain_steps, ledger_steps = len(plain) * steps, (len(case_ids) - len(plain)) * steps
    files = report.attachments_checked
    lines = [
        f"{make_url(url).get_backend_name()}: {total} events in {cases} cases",
        f"  append, one transaction each: {write:.2f} s, {write / total * 1000:.2f} ms/event",
        f"  projection-like step (event, task done, task opened): {without / plain_steps * 1000:.2f} ms without"
        f" the row ledger, {with_hook / ledger_steps * 1000:.2f} ms with it"
        f" (+{(with_hook / ledger_steps - without / plain_steps) * 1000:.2f} ms)",
        f"  verify_all, events and documents: {report.seconds:.3f} s, {report.seconds / total * 1e6:.0f} µs/event",
        f"  verify_all, {report.rows_checked} protected rows and {files} attachment files of 64 KB:"
        f" {report.rows_seconds:.3f} s, {report.rows_seconds / (report.rows_checked + files) * 1e6:.0f} µs/row or file,"
        f" intact={report.intact}",
    ]
    print("\n".join(lines))  # noqa: T201
    _verify_parts(sessions, store)


def _vouch_for(sessions: sessionmaker[Session], case_ids: set[int]) -> None:
    """The cases written without the hook get their ledger as migration 0013 would write it."""
    ledger, heads_table = row_ledger.ledger_table(), row_ledger.heads_table()
    with sessions.begin() as db:
        rows = [
            (spec, row)
            for spec in PROTECTED.values()
            if spec.case_column
            for row in db.execute(select(row_ledger.typed_table(spec))).mappings()
            if int(row[spec.case_column]) in case_ids
        ]
        entries, heads = row_ledger.entries_for_rows(rows, dt.datetime.now(dt.UTC))
        db.execute(delete(heads_table).where(heads_table.c.scope.in_(heads)))
        db.execute(delete(ledger).where(ledger.c.scope.in_(heads)))
        db.execute(insert(ledger), [row_ledger.ledger_row(e) for e in entries])
        db.execute(insert(heads_table), [{"scope": s, "seq": q, "hash": h} for s, (q, h) in heads.items()])


def _verify_parts(sessions: sessionmaker[Session], store: AttachmentStore) -> None:
    """The row ledger and the attachment files timed apart."""
    from services import row_verify

    with sessions() as db:
        started = time.perf_counter()
        rows, _ = row_verify.verify_rows(db)
        middle = time.perf_counter()
        files, _ = row_verify.verify_attachment_blobs(db, store)
        ended = time.perf_counter()
    print(  # noqa: T201
        f"  of which rows: {(middle - started) / rows * 1e6:.0f} µs/row ({rows} rows);"
        f" files: {(ended - middle) / max(files, 1) * 1e6:.0f} µs/file ({files} files)"
    )


def _projections(
    sessions: sessionmaker[Session], case_ids: list[int], steps: int, org_id: int, user_id: int, store: AttachmentStore
) -> float:
    """Seconds for `steps` projection-like transactions per case."""
    started = time.perf_counter()
    for case_id in case_ids:
        for step in range(steps):
            with sessions.begin() as db:
                case = lock_case(db, case_id)
                assert case is not None
                append_event(
                    db,
                    models.CaseEvent(
                        case_id=case_id,
                        event_key=f"s{step}",
                        at=T0 + dt.timedelta(days=1, minutes=step),
                        actor_user_id=user_id,
                        actor_name="承办人",
                        kind="task_completed",
                        summary=f"第{step}步办结",
                        reason="",
                        data={"step": step},
                    ),
                )
                previous = db.get(models.Task, f"{case_id}.t{step - 1}") if step else None
                if previous is not None:
                    previous.status, previous.completed_at = "completed", T0 + dt.timedelta(days=1, minutes=step)
                    previous.completed_by_user_id, previous.outcome = user_id, {"decision": "approve", "step": step}
                db.add(_task(case_id, step, org_id))
                case.status = f"step{step}"
                if step == 1:
                    db.add(models.CaseAccess(case_id=case_id, org_id=org_id, reason="移送", granted_at=T0))
                if step == 2:
                    db.add(_attachment(case_id, user_id, store.put(os.urandom(64 * 1024))))
    return time.perf_counter() - started


def _task(case_id: int, step: int, org_id: int) -> models.Task:
    return models.Task(
        id=f"{case_id}.t{step}",
        case_id=case_id,
        step=f"step{step}",
        title="步骤",
        kind="step",
        org_id=org_id,
        role="handler",
        status="open",
        opened_at=T0,
        due_at=T0 + dt.timedelta(days=10),
        deadline_rule="hazard.rectification",
        outcome={},
    )


def _attachment(case_id: int, user_id: int, sha256: str) -> models.Attachment:
    return models.Attachment(
        case_id=case_id,
        category="evidence",
        sha256=sha256,
        size=64 * 1024,
        content_type="application/pdf",
        filename="现场照片.pdf",
        uploaded_by_user_id=user_id,
        uploaded_by_name="承办人",
        uploaded_at=T0,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--events", type=int, default=25)
    parser.add_argument("--steps", type=int, default=4)
    parser.add_argument("--database-url", default="", help="a PostgreSQL server URL; default SQLite")
    args = parser.parse_args()
    if not args.database_url:
        with tempfile.TemporaryDirectory() as tmp:
            store = AttachmentStore(Path(tmp) / "attachments")
            run(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args.cases, args.events, args.steps, store)
        return
    name = f"anquan_bench_{uuid.uuid4().hex[:8]}"
    server = make_url(args.database_url)
    conninfo = server.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        with tempfile.TemporaryDirectory() as tmp:
            store = AttachmentStore(Path(tmp) / "attachments")
            run(
                server.set(database=name).render_as_string(hide_password=False),
                args.cases,
                args.events,
                args.steps,
                store,
            )
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
