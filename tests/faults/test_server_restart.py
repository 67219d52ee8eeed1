"""The Temporal dev server stops with deadline timers pending and starts again on the same SQLite
file: the timers that came due while it was down fire on restart, the later ones on time, and each
overdue step escalates once to the safety-committee office one level up."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections import Counter

from sqlalchemy import func, select
from temporalio.api.enums.v1 import EventType

from db import models
from tests.faults.conftest import Launch
from tests.faults.system import FaultSystem

log = logging.getLogger(__name__)

# The listing decision gets an hour; cases "reported" just under an hour ago are due in seconds.
ONE_HOUR_LISTING = """
[deadlines."hazard.listing_decision"]
amount = 1
unit = "hours"
remind_before = []
"""
DUE_DURING_OUTAGE = 5  # cases whose deadline passes while the server is down
# Seconds from the start of the test: the early deadlines, the server's return, the late deadlines.
# The margins leave room for intake on a busy two-core machine (CI runs the whole suite there).
EARLY_DUE, BACK_AT, LATE_DUE = 30, 34, 50
DUE_AFTER_RESTART = 5  # cases whose timer is still pending when the server is back


async def timers_armed(system: FaultSystem, case_ids: list[int]) -> bool:
    with system.sessions() as db:
        workflow_ids = list(db.scalars(select(models.Case.workflow_id).where(models.Case.id.in_(case_ids))))
    for workflow_id in workflow_ids:
        history = await system.client.get_workflow_handle(workflow_id).fetch_history()
        if not any(e.event_type == EventType.EVENT_TYPE_TIMER_STARTED for e in history.events):
            return False
    return True


def escalated(system: FaultSystem, case_ids: list[int]) -> int:
    """Cases whose escalation is on the timeline. Cases started before `escalation-one-write`
    wrote the supervision task a moment before the `escalated` event, so the event is what is
    waited for."""
    with system.sessions() as db:
        return int(
            db.scalar(
                select(func.count(func.distinct(models.CaseEvent.case_id))).where(
                    models.CaseEvent.case_id.in_(case_ids), models.CaseEvent.kind == "escalated"
                )
            )
            or 0
        )


async def test_timers_pending_across_a_server_restart_fire_and_escalate(launch: Launch) -> None:
    system = await launch(process_toml=ONE_HOUR_LISTING)
    now = dt.datetime.now(dt.UTC)
    early = await system.report_hazards(DUE_DURING_OUTAGE, reported_at=now - dt.timedelta(hours=1, seconds=-EARLY_DUE))
    late = await system.report_hazards(DUE_AFTER_RESTART, reported_at=now - dt.timedelta(hours=1, seconds=-LATE_DUE))
    cases = early + late
    while not await timers_armed(system, cases):
        await asyncio.sleep(0.2)
    assert escalated(system, cases) == 0

    outage = (now + dt.timedelta(seconds=BACK_AT) - dt.datetime.now(dt.UTC)).total_seconds()
    assert outage > 1, "intake took too long for the early deadlines to pass during the outage"
    await system.restart_server(down_for=outage)  # down until after the early cases are due
    back = time.monotonic()
    assert escalated(system, early) == 0  # nothing could fire while the server was down

    caught_up = await system.wait_for(lambda: escalated(system, early) == len(early), 60, "early escalations")
    await system.wait_for(lambda: escalated(system, late) == len(late), 90, "late escalations")
    on_time = time.monotonic() - back

    city_office = _org_of(system, "qj.office")
    with system.sessions() as db:
        for case_id in cases:
            tasks = list(db.scalars(select(models.Task).where(models.Task.case_id == case_id)))
            steps = Counter((t.step, t.kind, t.status, t.overdue) for t in tasks)
            assert steps == Counter(
                {("listing_decision", "step", "open", True): 1, ("supervision", "supervision", "open", False): 1}
            ), case_id
            supervision = next(t for t in tasks if t.kind == "supervision")
            assert supervision.org_id == city_office and supervision.role == "office"
            kinds = Counter(db.scalars(select(models.CaseEvent.kind).where(models.CaseEvent.case_id == case_id)))
            assert kinds["overdue"] == 1 and kinds["escalated"] == 1, (case_id, kinds)
            case = db.get(models.Case, case_id)
            assert case is not None and case.overdue
    log.info(
        "dev server down %.1fs with %d timers pending: the %d due during the outage escalated %.1fs after "
        "restart, the %d due later %.1fs after restart",
        outage,
        len(cases),
        len(early),
        caught_up,
        len(late),
        on_time,
    )


def _org_of(system: FaultSystem, username: str) -> int:
    with system.sessions() as db:
        org_id = db.scalar(select(models.User.org_id).where(models.User.username == username))
        assert org_id is not None
        return org_id
