"""Workers die (SIGKILL) while hundreds of steps are in flight: every case still completes its step
exactly once, with no duplicate task, timeline entry, document or document number."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter

from sqlalchemy import func, select

from db import models
from tests.faults.conftest import Launch
from tests.faults.system import NOT_LISTED, ORDER, Audit, FaultSystem, Step

log = logging.getLogger(__name__)

HAZARDS = 150  # decided "not listed": the workflow completes
ORDERS = 50  # ordered: a numbered document is issued and the service step opens


def completed_steps(system: FaultSystem, case_ids: list[int]) -> int:
    with system.sessions() as db:
        return int(
            db.scalar(select(func.count()).where(models.Task.case_id.in_(case_ids), models.Task.status == "completed"))
            or 0
        )


def interleaved(hazards: list[int], orders: list[int]) -> list[Step]:
    steps = [Step(c, "listing_decision", "ql.office", NOT_LISTED) for c in hazards]
    for n, case_id in enumerate(orders):
        steps.insert(n * 3, Step(case_id, "order", "ql.handler", ORDER))
    return steps


def assert_each_step_recorded_once(audit: Audit, hazards: list[int], orders: list[int]) -> None:
    for case_id in hazards:
        assert audit.tasks[case_id] == Counter({("listing_decision", "completed"): 1}), case_id
        assert audit.events[case_id] == audit.events[hazards[0]], case_id
    assert audit.events[hazards[0]]["task_completed"] == 1 and audit.events[hazards[0]]["task_opened"] == 1
    for case_id in orders:
        # After the order: its service, and its disclosure within 20 WD (R19, 国办发〔2015〕20号 (十五)).
        expected = Counter({("order", "completed"): 1, ("service", "open"): 1, ("measure_publication", "open"): 1})
        assert audit.tasks[case_id] == expected, case_id
        assert audit.documents[case_id] == Counter({"rectification_order": 1}), case_id
        assert audit.events[case_id] == audit.events[orders[0]], case_id
    assert audit.events[orders[0]]["document_issued"] == 1 and audit.events[orders[0]]["task_completed"] == 1
    # One issuer: its numbers run 1..N with no gap and none given twice, crash or not.
    assert audit.document_seqs == list(range(1, len(orders) + 1))
    assert audit.duplicate_event_keys == 0 and audit.duplicate_ledger_keys == 0


async def test_worker_killed_mid_step_every_case_completes_exactly_once(launch: Launch) -> None:
    begun = time.monotonic()
    system = await launch()
    log.info("launched in %.1fs", time.monotonic() - begun)
    hazards = await system.report_hazards(HAZARDS)
    orders = await system.order_rectifications(ORDERS)
    cases = hazards + orders
    for case_id in cases:  # every first task is projected before the clock starts
        await system.open_task_id(case_id, "order" if case_id in orders else "listing_decision")

    log.info("cases opened at %.1fs", time.monotonic() - begun)
    driving = asyncio.create_task(system.take_steps(interleaved(hazards, orders), concurrency=25))
    await system.wait_for(lambda: completed_steps(system, cases) >= len(cases) // 3, what="a third of the steps")
    not_done_at_kill = len(cases) - completed_steps(system, cases)
    system.kill(system.workers[0])
    killed = time.monotonic()
    await asyncio.sleep(2)  # the steps in flight hang on a dead worker
    system.start_worker()
    steps = await driving
    recovered = time.monotonic() - killed

    await system.wait_for(lambda: completed_steps(system, cases) == len(cases), what="every step completed")
    for case_id in orders:  # the order's document is issued after the step, then service opens
        await system.open_task_id(case_id, "service")
    log.info("converged at %.1fs", time.monotonic() - begun)
    statuses = await system.wait_completed(hazards)
    assert statuses == Counter({"COMPLETED": HAZARDS})
    with system.sessions() as db:
        closed = db.scalar(select(func.count()).where(models.Case.id.in_(hazards), models.Case.closed.is_(True)))
    assert closed == HAZARDS
    assert steps.completed + steps.already_done == len(cases)
    assert_each_step_recorded_once(system.audit(cases), hazards, orders)
    log.info(
        "worker SIGKILL: %d cases, %d steps not yet done at the kill, all done %.1fs after it; "
        "retried %s, answered 409 after a lost reply %d",
        len(cases),
        not_done_at_kill,
        recovered,
        dict(steps.retried),
        steps.already_done,
    )
