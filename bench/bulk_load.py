"""Bulk-loads a province's worth of projection rows (enterprises, cases, tasks, case events).
Cases and tasks get their row-ledger entries as migration 0013 writes them, so that
`services.chain_verify` holds on bulk data too.

Rows go straight into the tables (PostgreSQL COPY, SQLite executemany), not through workflows:
the read side only sees the projection, so this is what the inbox and dashboards read at scale.
Shape per case: one open task (about 5 % of them overdue), two completed tasks, ten events;
one enterprise per two cases. Counties and organisations are the seeded demo ones.

    .venv/bin/python -m bench.bulk_load --database sqlite --events 100000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from db import models
from db.row_ledger import entries_for_rows, ledger_row
from db.session import make_engine
from domain.event_chain import GENESIS_HASH, ChainEntry, entry_hash
from domain.row_integrity import PROTECTED

EVENTS_PER_CASE = 10
CASES_PER_ENTERPRISE = 2
COUNTIES = ("530302", "530303", "532801", "532822")
PROCESSES = ("hazard", "hazard", "hazard", "accident", "rectification")
STEPS = {
    "hazard": [("listing_decision", "挂牌督办决定", "office"), ("rectification", "隐患整改并报告完成", "handler")],
    "accident": [("team_formation", "组成事故调查组", "office"), ("investigation_report", "事故调查报告", "office")],
    "rectification": [("service", "送达整改指令书", "handler"), ("reinspection", "复查", "handler")],
}
EVENT_KINDS = ("case_started", "task_opened", "task_completed", "status_changed", "document_issued")
BATCH = 20_000


@dataclass(frozen=True)
class Org:
    id: int
    role: str
    jurisdiction_code: str


@dataclass(frozen=True)
class Context:
    now: dt.datetime
    paths: dict[str, str]
    orgs: dict[tuple[str, str], Org]  # (county, role) → organisation
    user_id: int
    enterprise_base: int  # ids of bulk enterprises start after the seeded ones


def _context(engine: Engine) -> Context:
    with Session(engine) as db:
        paths = {j.code: j.path for j in db.scalars(select(models.Jurisdiction))}
        orgs: dict[tuple[str, str], Org] = {}
        for org in db.scalars(select(models.Organisation)):
            role = {"safety_office": "office", "emergency_bureau": "handler"}.get(org.org_type)
            if role:
                orgs[org.jurisdiction_code, role] = Org(org.id, role, org.jurisdiction_code)
        user_id = db.scalar(select(models.User.id).where(models.User.username == "ql.handler")) or 1
        base = 100_000  # bulk enterprises are 100001, 100002, …: clear of the seeded twenty
    return Context(dt.datetime.now(dt.UTC), paths, orgs, user_id, base)


def enterprise_rows(ctx: Context, start: int, stop: int) -> Iterator[dict[str, Any]]:
    for i in range(start, stop):
        yield {
            "id": ctx.enterprise_base + i + 1,
            "name": f"测试企业{i:06d}有限公司",
            "credit_code": f"B{i:017d}",  # not a valid USCC: marks bulk rows apart from real ones
            "industry": ("化工", "建材", "冶金", "非煤矿山", "轻工")[i % 5],
            "size": ("大型", "中型", "小型")[i % 3],
            "jurisdiction_code": COUNTIES[i % len(COUNTIES)],
            "address": "",
        }


def case_rows(
    ctx: Context, start: int, stop: int, n_enterprises: int
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]]:
    """For each case index: the case row, its three tasks and its ten events."""
    rng = random.Random(start)
    case_id_base = 1_000_000  # clear of the few cases a workflow may have written
    per_county = max(1, n_enterprises // len(COUNTIES))
    for i in range(start, stop):
        county = COUNTIES[i % len(COUNTIES)]
        process = PROCESSES[i % len(PROCESSES)]
        case_id = case_id_base + i
        opened = ctx.now - dt.timedelta(days=rng.uniform(5, 400))
        # About 5 % of open tasks past due, the rest due within half a year.
        due = ctx.now + dt.timedelta(days=rng.uniform(-10, 190))
        overdue = due < ctx.now
        enterprise = ctx.enterprise_base + ((i // len(COUNTIES)) % per_county) * len(COUNTIES) + i % len(COUNTIES) + 1
        (done_step, done_title, done_role), (open_step, open_title, open_role) = STEPS[process]
        open_org = ctx.orgs[county, open_role if i % 2 else ("handler" if open_role == "office" else "office")]
        wf = f"{process}-bench-{i}"
        case = {
            "id": case_id,
            "case_no": f"BENCH-{i:07d}",
            "workflow_id": wf,
            "process": process,
            "title": f"压力测试案件{i}",
            "status": "rectifying",
            "closed": False,
            "jurisdiction_code": county,
            "jurisdiction_path": ctx.paths[county],
            "enterprise_id": enterprise,
            "created_by_user_id": ctx.user_id,
            "created_at": opened,
            "updated_at": opened + dt.timedelta(days=2),
            "due_at": due,
            "overdue": overdue,
            "details": json.dumps({"grade": 4}),
        }
        tasks = []
        for t, (step, title, role, status) in enumerate(
            [
                (done_step, done_title, done_role, "done"),
                (done_step, done_title, done_role, "done"),
                (open_step, open_title, open_org.role, "open"),
            ]
        ):
            org = ctx.orgs[county, role] if status == "done" else open_org
            task_due = due if status == "open" else opened + dt.timedelta(days=10 * (t + 1))
            tasks.append(
                {
                    "id": f"{wf}.t{t + 1}",
                    "case_id": case_id,
                    "step": step,
                    "title": title,
                    "kind": "step",
                    "parent_task_id": None,
                    "org_id": org.id,
                    "role": org.role,
                    "claimed_by_user_id": None,
                    "status": status,
                    "opened_at": opened + dt.timedelta(days=t),
                    "due_at": task_due,
                    "remind_at": None,
                    "deadline_rule": f"{process}.{step}",
                    "clock_start_at": None,
                    "fixed_due_on": None,
                    "deadline_basis": "",
                    "due_explanation": "",
                    "provisional": False,
                    "overdue": overdue and status == "open",
                    "completed_at": opened + dt.timedelta(days=t + 1) if status == "done" else None,
                    "completed_by_user_id": ctx.user_id if status == "done" else None,
                    "outcome": "{}",
                    "clock_state": ("breached" if overdue else "running") if status == "open" else "met",
                    "clock_unit": "working_days",
                    "clock_budget": 10,
                    "waiting_on": ("department", "enterprise", "agency")[i % 3],
                    "original_due_at": None,
                    "suspended_since": None,
                    "suspended_seconds": 0,
                    "extension_count": 0,
                }
            )
        events = []
        prev = GENESIS_HASH
        for e in range(EVENTS_PER_CASE):
            # chained like the projection's own events, so `services.chain_verify` holds on bulk data too
            entry = ChainEntry(
                case_id=case_id,
                seq=e + 1,
                event_key=f"e{e}",
                at=opened + dt.timedelta(hours=e),
                actor_user_id=ctx.user_id,
                actor_name="麒麟区应急管理局演示用户",
                kind=EVENT_KINDS[e % len(EVENT_KINDS)],
                summary=f"第{e + 1}条记录",
                reason="",
                data={},
                prev_hash=prev,
            )
            digest = entry_hash(entry)
            events.append(
                {
                    "id": case_id * EVENTS_PER_CASE + e,  # unique, ordered by case then time
                    "case_id": case_id,
                    "seq": entry.seq,
                    "event_key": entry.event_key,
                    "at": entry.at,
                    "actor_user_id": entry.actor_user_id,
                    "actor_name": entry.actor_name,
                    "kind": entry.kind,
                    "summary": entry.summary,
                    "reason": "",
                    "data": "{}",
                    "prev_hash": prev,
                    "hash": digest,
                }
            )
            prev = digest
        yield case, tasks, events


def _write(engine: Engine, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        if engine.dialect.name == "postgresql":
            with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row([row[c] for c in columns])
        else:
            values = [[_sqlite_value(row[c]) for c in columns] for row in rows]
            marks = ", ".join("?" for _ in columns)
            cur.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", values)
        raw.commit()
    finally:
        raw.close()


def _row_ledger(
    at: dt.datetime, cases: list[dict[str, Any]], tasks: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Ledger entries and heads for the rows as the database will return them (JSON decoded)."""
    rows = [(PROTECTED["cases"], {**c, "details": json.loads(c["details"])}) for c in cases]
    rows += [(PROTECTED["tasks"], {**t, "outcome": json.loads(t["outcome"])}) for t in tasks]
    entries, heads = entries_for_rows(rows, at)
    ledger = [{**ledger_row(e), "digests": json.dumps(e.digests)} for e in entries]
    return ledger, [{"scope": scope, "seq": seq, "hash": h} for scope, (seq, h) in heads.items()]


def _sqlite_value(value: Any) -> Any:
    # SQLAlchemy's SQLite DateTime format, in UTC (UTCDateTime restores the zone on read).
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def load(url: str, *, cases: tuple[int, int], enterprises: tuple[int, int]) -> dict[str, float]:
    """Adds bulk cases [start, stop) and enterprises [start, stop); returns seconds per table."""
    engine = make_engine(url)
    ctx = _context(engine)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    rows = list(enterprise_rows(ctx, *enterprises))
    for i in range(0, len(rows), BATCH):
        _write(engine, "enterprises", rows[i : i + BATCH])
    timings["enterprises"] = time.perf_counter() - started
    started = time.perf_counter()
    n_enterprises = enterprises[1]
    batch_cases: list[dict[str, Any]] = []
    batch_tasks: list[dict[str, Any]] = []
    batch_events: list[dict[str, Any]] = []

    def flush() -> None:
        _write(engine, "cases", batch_cases)
        _write(engine, "tasks", batch_tasks)
        _write(engine, "case_events", batch_events)
        heads: dict[int, dict[str, Any]] = {}
        for event in batch_events:  # each case's last event is its chain head
            heads[event["case_id"]] = {"case_id": event["case_id"], "seq": event["seq"], "hash": event["hash"]}
        _write(engine, "case_chain_heads", list(heads.values()))
        ledger, ledger_heads = _row_ledger(ctx.now, batch_cases, batch_tasks)
        _write(engine, "row_ledger", ledger)
        _write(engine, "row_ledger_heads", ledger_heads)
        batch_cases.clear()
        batch_tasks.clear()
        batch_events.clear()

    for case, tasks, events in case_rows(ctx, *cases, n_enterprises):
        batch_cases.append(case)
        batch_tasks.extend(tasks)
        batch_events.extend(events)
        if len(batch_events) >= BATCH * 5:
            flush()
    flush()
    timings["cases, tasks, events"] = time.perf_counter() - started
    started = time.perf_counter()
    with engine.begin() as conn:
        # The bulk events are history the message centre read as they were written (a batch every
        # 5 s on a live system): its cursor starts at the last of them, or every benchmark on bulk
        # data would measure the web process catching up on 100,000 events as it served the users.
        conn.execute(text("DELETE FROM notification_cursors WHERE name = 'case_events'"))
        conn.execute(
            text(
                "INSERT INTO notification_cursors (name, last_id, held_by, held_until) "
                "SELECT 'case_events', coalesce(max(id), 0), '', NULL FROM case_events"
            )
        )
        if engine.dialect.name == "postgresql":
            for table in ("enterprises", "cases", "case_events"):
                sequence = f"pg_get_serial_sequence('{table}', 'id')"
                conn.execute(text(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))"))
        else:
            conn.execute(text("ANALYZE"))
    if engine.dialect.name == "postgresql":
        # What autovacuum does soon after a bulk load: statistics, and the visibility map that
        # lets the dashboard's counts be index-only scans.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    timings["vacuum/analyze"] = time.perf_counter() - started
    engine.dispose()
    return timings


def sizes_for(events: int) -> tuple[int, int]:
    """(cases, enterprises) for a total number of case events."""
    n_cases = events // EVENTS_PER_CASE
    return n_cases, max(len(COUNTIES), n_cases // CASES_PER_ENTERPRISE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="a migrated, seeded database (bench.scale makes its own)")
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    n_cases, n_enterprises = sizes_for(args.events)
    timings = load(args.url, cases=(0, n_cases), enterprises=(0, n_enterprises))
    for table, seconds in timings.items():
        print(f"{table:>24}: {seconds:6.1f} s")


if __name__ == "__main__":
    main()
