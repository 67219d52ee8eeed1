"""Counting the blacklist's periods (民法典 arts 201-203): the three years end after the whole of
their last day (B12), and "满12个月" is full only at the end of the anniversary day (B13)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from domain.blacklist import add_months
from domain.errors import Conflict
from domain.legal_calendar import CHINA_TZ
from tests.support import record_history
from tests.workflows.hazard_helpers import act, case_row, open_task
from tests.workflows.test_blacklist import REPAIR, _entry, _listed, _today


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=CHINA_TZ)


async def test_B12_management_period_ends_after_the_whole_of_its_last_day(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await _listed(time_env, sessions, client, task_queue, "曲靖越州金属制品有限公司")
    last_day = add_months(await _today(time_env), 36)
    entry = _entry(sessions, case.id)
    assert entry is not None and entry.exit_on == last_day
    await time_env.sleep(_at(last_day, 12) - await time_env.get_current_time())
    # Noon of the last day: still within the period (it ends at 24:00, 民法典 art 203).
    assert case_row(sessions, case.id).status == "listed"
    await time_env.sleep(dt.timedelta(hours=13))
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "exited"
    await record_history(client, case.workflow_id, "blacklist_whole_last_day")


async def test_B13_credit_repair_is_admissible_only_once_twelve_months_are_full(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await _listed(time_env, sessions, client, task_queue, "曲靖越州金属制品有限公司")
    anniversary = add_months(await _today(time_env), 12)
    await time_env.sleep(_at(anniversary, 10) - await time_env.get_current_time())
    with pytest.raises(Conflict, match="满12个月"):
        await act(
            sessions, client, "ql.handler", case.id, "apply_repair", {**REPAIR, "applied_on": anniversary.isoformat()}
        )
    await time_env.sleep(dt.timedelta(days=1))
    next_day = (anniversary + dt.timedelta(days=1)).isoformat()
    await act(sessions, client, "ql.handler", case.id, "apply_repair", {**REPAIR, "applied_on": next_day})
    await open_task(sessions, case.id, "repair_review")
    await client.get_workflow_handle(case.workflow_id).terminate("test over")
    with sessions.begin() as db:  # the enterprise may be listed again by later scenarios
        row = db.get(models.Case, case.id)
        assert row is not None
        row.closed = True
