"""The worker's production runner (unsandboxed, ADR 0016) runs a case through its deadline.

Every other test runs the workflows sandboxed (tests/conftest.py sets WORKFLOW_RUNNER), so that
the sandbox refuses a clock read or I/O on each path they take; this one runs the runner that
production runs, through a report, the rectification order, the deadline and the escalation."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, sessionmaker
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import UnsandboxedWorkflowRunner

import worker
from domain.process_config import ProcessConfig
from tests import support
from tests.support import principal
from tests.workflows.hazard_helpers import china_today, eventually, open_task, report, tasks_of, to_rectification


async def test_a_case_reaches_its_escalation_on_the_production_runner(
    time_env: WorkflowEnvironment, sessions: sessionmaker[Session], task_queue: str
) -> None:
    runner = worker.workflow_runner(worker.DEFAULT_RUNNER)
    assert isinstance(runner, UnsandboxedWorkflowRunner)
    client = time_env.client
    async with worker.build_worker(client, task_queue, sessions, ProcessConfig(), runner=runner):
        now = await time_env.get_current_time()
        today = await china_today(client, time_env)
        case = await report(sessions, client, task_queue, now)
        await to_rectification(sessions, client, case.id, today, today + dt.timedelta(days=60))
        await time_env.sleep(dt.timedelta(days=70))
        rectification = await open_task(sessions, case.id, "rectification")
        city = principal(sessions, "qj.office").org_id
        await eventually(
            lambda: any(
                t.kind == "supervision" and t.parent_task_id == rectification.id and t.org_id == city
                for t in tasks_of(sessions, case.id)
            )
        )
        assert (await open_task(sessions, case.id, "rectification")).overdue
        await support.terminate_open_cases(client, sessions)
