"""Two worker processes share the task queue; one is killed mid-flight and not restarted: its cases
move to the other, every case completes, each step once."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import socket
import time
from collections import Counter

from sqlalchemy import select
from temporalio.api.enums.v1 import EventType

from db import models
from tests.faults.conftest import Launch
from tests.faults.system import NOT_LISTED, FaultSystem, Step
from tests.faults.test_worker_crash import completed_steps

log = logging.getLogger(__name__)

CASES = 50


async def workers_by_case(system: FaultSystem, case_ids: list[int]) -> dict[int, list[tuple[dt.datetime, str]]]:
    """When and on which worker process (identity: pid@host) each case's workflow tasks ran."""
    ran: dict[int, list[tuple[dt.datetime, str]]] = {}
    with system.sessions() as db:
        rows = db.execute(select(models.Case.id, models.Case.workflow_id).where(models.Case.id.in_(case_ids))).all()
    for case_id, workflow_id in rows:
        history = await system.client.get_workflow_handle(workflow_id).fetch_history()
        ran[case_id] = [
            (e.event_time.ToDatetime(dt.UTC), e.workflow_task_started_event_attributes.identity)
            for e in history.events
            # A task started event without an identity is one the server wrote for itself.
            if e.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED
            and e.workflow_task_started_event_attributes.identity
        ]
    return ran


async def test_a_stopped_worker_hands_its_cases_to_the_other(launch: Launch) -> None:
    system = await launch(workers=2)
    doomed, survivor = (f"{p.pid}@{socket.gethostname()}" for p in system.workers)
    await system.wait_for_pollers({doomed, survivor})  # else one worker may get every case
    cases = await system.report_hazards(CASES)
    for case_id in cases:
        await system.open_task_id(case_id, "listing_decision")

    driving = asyncio.create_task(
        system.take_steps([Step(c, "listing_decision", "ql.office", NOT_LISTED) for c in cases], concurrency=20)
    )
    await system.wait_for(lambda: completed_steps(system, cases) >= CASES // 3, what="a third of the steps")
    system.kill(system.workers[0])
    killed, killed_at = time.monotonic(), dt.datetime.now(dt.UTC)
    steps = await driving
    moved_in = time.monotonic() - killed

    assert await system.wait_completed(cases) == Counter({"COMPLETED": CASES})
    audit = system.audit(cases)
    for case_id in cases:
        assert audit.tasks[case_id] == Counter({("listing_decision", "completed"): 1}), case_id
        assert audit.events[case_id] == audit.events[cases[0]], case_id
    assert audit.events[cases[0]]["task_completed"] == 1
    assert audit.duplicate_event_keys == 0 and audit.duplicate_ledger_keys == 0

    ran = await workers_by_case(system, cases)
    assert {w for tasks in ran.values() for _, w in tasks} == {doomed, survivor}
    # Nothing ran on the killed worker after the kill; the cases it had run went on on the other.
    assert all(w == survivor for tasks in ran.values() for at, w in tasks if at > killed_at)
    moved = [
        c
        for c, tasks in ran.items()
        if any(w == doomed for _, w in tasks) and any(at > killed_at and w == survivor for at, w in tasks)
    ]
    assert moved, "no case moved from the killed worker: the test proved nothing"
    log.info(
        "two workers, one SIGKILLed: %d cases, %d of them had run on the killed worker and finished on the "
        "other; all done %.1fs after the kill; retried by the driver %s",
        CASES,
        len(moved),
        moved_in,
        dict(steps.retried),
    )
