"""The database fails under the activities while they write: on PostgreSQL the workers' connections
are killed (pg_terminate_backend) again and again; on SQLite another connection holds the write lock.
The writes retry and converge, and no one is ever seen half-written."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time

import psycopg
from sqlalchemy import select, union_all
from sqlalchemy.engine import make_url

from db import models
from tests.faults.conftest import WORKER_CONNECTIONS, Launch
from tests.faults.system import FaultSystem
from tests.faults.test_worker_crash import assert_each_step_recorded_once, completed_steps, interleaved

log = logging.getLogger(__name__)

HAZARDS = 45
ORDERS = 15
FAULT_SECONDS = 10.0  # how long the database keeps failing once the steps are under way
SQLITE_LOCK_SECONDS = 3.0  # held again and again; shorter than the 30 s busy timeout, so writers wait


def half_written(system: FaultSystem, case_ids: list[int]) -> list[str]:
    """Steps whose task row and timeline entry disagree: what a non-atomic projection would leave.

    One statement, so one snapshot on every database: a step committed meanwhile is not a false alarm.
    """
    task, event = models.Task, models.CaseEvent
    completed_key = task.id + ":completed"
    task_without_event = select(task.id).where(
        task.case_id.in_(case_ids),
        task.status == "completed",
        ~select(event.id).where(event.case_id == task.case_id, event.event_key == completed_key).exists(),
    )
    event_without_task = select(event.event_key).where(
        event.case_id.in_(case_ids),
        event.kind == "task_completed",
        ~select(task.id)
        .where(task.case_id == event.case_id, completed_key == event.event_key, task.status == "completed")
        .exists(),
    )
    with system.sessions() as db:
        return sorted(db.scalars(union_all(task_without_event, event_without_task)))


async def cut_worker_connections(url: str, until: asyncio.Event) -> int:
    """Terminate every connection of the workers, every 100 ms, until told to stop."""
    admin = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    killed = 0
    with psycopg.connect(admin, autocommit=True) as conn:
        while not until.is_set():
            rows = conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
                (WORKER_CONNECTIONS,),
            ).fetchall()
            killed += sum(1 for (done,) in rows if done)
            await asyncio.sleep(0.1)
    return killed


async def hold_sqlite_lock(url: str, until: asyncio.Event) -> int:
    """Take the database's write lock from another connection, again and again."""
    path = make_url(url).database
    assert path is not None
    holds = 0
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        while not until.is_set():
            conn.execute("BEGIN IMMEDIATE")
            holds += 1
            await asyncio.sleep(SQLITE_LOCK_SECONDS)
            conn.execute("ROLLBACK")
            await asyncio.sleep(0.5)
    finally:
        conn.close()
    return holds


async def test_activities_retry_through_a_failing_database_and_converge(launch: Launch) -> None:
    system = await launch()
    hazards = await system.report_hazards(HAZARDS)
    orders = await system.order_rectifications(ORDERS)
    cases = hazards + orders
    for case_id in cases:
        await system.open_task_id(case_id, "order" if case_id in orders else "listing_decision")

    url = system.stack.database_url
    stop = asyncio.Event()
    fault = asyncio.create_task(
        cut_worker_connections(url, stop) if url.startswith("postgresql") else hold_sqlite_lock(url, stop)
    )
    driving = asyncio.create_task(system.take_steps(interleaved(hazards, orders), concurrency=20))
    started = time.monotonic()
    seen_half_written: list[str] = []
    while not driving.done():
        # Sampled while the faults go on: a step is either wholly in the database or not at all.
        seen_half_written += half_written(system, cases)
        if time.monotonic() - started > FAULT_SECONDS:
            stop.set()
        await asyncio.sleep(0.1)
    stop.set()
    faults = await fault
    steps = await driving
    for case_id in orders:
        await system.open_task_id(case_id, "service")
    converged = time.monotonic() - started

    assert faults > 0, "the fault never happened"
    # On PostgreSQL the activities really failed (and were retried); SQLite writers wait for the lock.
    failed_writes = system.worker_log().count("OperationalError")
    assert failed_writes > 0 or not url.startswith("postgresql")
    assert seen_half_written == []
    assert completed_steps(system, cases) == len(cases)
    assert_each_step_recorded_once(system.audit(cases), hazards, orders)
    log.info(
        "%s: %d cases, %d faults (%s), %d database errors in the worker's log, all converged in %.1fs; "
        "retried by the driver %s, 409 after a lost reply %d",
        "PostgreSQL" if url.startswith("postgresql") else "SQLite",
        len(cases),
        faults,
        "worker connections terminated" if url.startswith("postgresql") else "write locks held",
        failed_writes,
        converged,
        dict(steps.retried),
        steps.already_done,
    )
